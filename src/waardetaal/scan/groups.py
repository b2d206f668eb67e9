"""Groups of a scan: which department, which year, … a document belongs to.

Values come from folder levels below the scanned PATH (``--group-by
afdeling=1,jaar=2``), from a table joined on the document's path
(``--metadata FILE.csv``), which wins where it has a value, and for the year,
where neither gives one, from the document's own metadata. A ``jaar`` column is
always there, so every scan can be shown per year.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from waardetaal.limits import MAX_FILE_BYTES
from waardetaal.scan.columns import RESERVED
from waardetaal.sources import Unreadable, read_regular

YEAR = "jaar"
# Separators a spreadsheet writes: Excel in a Dutch locale saves with ';'.
_DELIMITERS = ",;\t"


class GroupError(Exception):
    """A ``--group-by`` or ``--metadata`` that cannot be used; the message is Dutch."""


@dataclass(frozen=True)
class Grouping:
    """How to find each document's group values."""

    levels: tuple[tuple[str, int], ...] = ()  # (name, folder level below the scanned PATH, 1-based)
    metadata_columns: tuple[str, ...] = ()
    metadata: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # CSV path -> column -> value

    @property
    def columns(self) -> tuple[str, ...]:
        """The group columns, in ``--group-by`` order, then the metadata's order, then ``jaar``."""
        names = dict.fromkeys([name for name, _ in self.levels] + list(self.metadata_columns))
        return (*names, *(() if YEAR in names else (YEAR,)))

    def values(self, relative: str, year: int | None) -> tuple[str, ...]:
        """One value per column for a document (``relative`` as the CSV names it; ``year`` from its metadata)."""
        folders = PurePosixPath(relative).parts[:-1]
        found = {name: folders[level - 1] for name, level in self.levels if level <= len(folders)}
        found.update((name, value) for name, value in self.metadata.get(relative, {}).items() if value)
        if YEAR not in found and year is not None:
            found[YEAR] = str(year)
        return tuple(found.get(name, "") for name in self.columns)


def parse_group_by(text: str) -> tuple[tuple[str, int], ...]:
    """``afdeling=1,jaar=2`` as (name, level) pairs; a :class:`GroupError` when it does not read so."""
    levels: list[tuple[str, int]] = []
    for part in text.split(","):
        name, equals, level = (piece.strip() for piece in part.partition("="))
        if not equals or not name or not level.isdigit() or int(level) < 1:
            raise GroupError(f"--group-by: ‘{part.strip()}’ is niet NAAM=NIVEAU (een mapniveau vanaf 1)")
        _check_name(name, "--group-by")
        if name in (known for known, _ in levels):
            raise GroupError(f"--group-by: de groep ‘{name}’ staat er twee keer in")
        levels.append((name, int(level)))
    return tuple(levels)


def read_metadata(path: Path) -> tuple[tuple[str, ...], dict[str, dict[str, str]]]:
    """The columns (without ``path``) and the rows by path of a metadata table; :class:`GroupError` if unusable."""
    try:
        text = read_regular(path, MAX_FILE_BYTES).decode("utf-8-sig")
    except Unreadable as error:
        raise GroupError(f"--metadata {path}: {error}") from None
    except UnicodeDecodeError:
        raise GroupError(f"--metadata {path}: is geen UTF-8-tekst (sla het op als ‘CSV UTF-8’)") from None
    try:
        dialect = csv.Sniffer().sniff(text.partition("\n")[0], delimiters=_DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:  # a single column: nothing to sniff
        delimiter = ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise GroupError(f"--metadata {path}: geen leesbaar CSV-bestand ({error})") from None
    header = [name.strip() for name in rows[0]] if rows else []
    if "path" not in header:
        raise GroupError(f"--metadata {path}: de kolom ‘path’ ontbreekt (de eerste regel noemt de kolommen)")
    columns = tuple(name for name in header if name != "path")
    for name in columns:
        _check_name(name, f"--metadata {path}")
    if len(set(columns)) != len(columns):
        raise GroupError(f"--metadata {path}: een kolomnaam staat er twee keer in")
    table: dict[str, dict[str, str]] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, as spreadsheets leave at the end
        if len(cells) != len(header):
            raise GroupError(f"--metadata {path}: regel {number} heeft {len(cells)} kolommen, de kop {len(header)}")
        row = dict(zip(header, (cell.strip() for cell in cells), strict=True))
        table[_normalised(row.pop("path"))] = row
    return columns, table


def _normalised(path: str) -> str:
    """A path as the CSV files name it: '/'-separated, without a leading './'."""
    return PurePosixPath(path.replace("\\", "/")).as_posix()


def _check_name(name: str, where: str) -> None:
    if not name:
        raise GroupError(f"{where}: een kolom zonder naam")
    if name in RESERVED:
        raise GroupError(f"{where}: ‘{name}’ is al een kolom van de CSV-bestanden; kies een andere naam")
