"""Reading a scan's two CSV files (``documenten.csv``, ``bevindingen.csv``) as the contract fixes them.

Rows are streamed, never all held: a scan may have a hundred thousand
documents and millions of findings. Both files are sorted by ``path``; the
readers check that, since the report and the baseline comparison walk the two
files side by side.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from waardetaal.scan.columns import (
    DOCUMENT_COLUMNS_AFTER,
    DOCUMENT_COLUMNS_BEFORE,
    DOCUMENTS_FILE,
    ENCODING,
    FINDING_COLUMNS,
    FINDINGS_FILE,
)

DOCUMENTS = DOCUMENTS_FILE
FINDINGS = FINDINGS_FILE


class ReportError(Exception):
    """A scan's CSV files cannot be read into a report; the message is Dutch and names the file."""


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One row of ``documenten.csv``."""

    path: str
    groups: tuple[str, ...]
    format: str
    words: int
    pages: int | None
    findings: int
    categories: tuple[int, ...]  # one count per category column, in header order
    error: str


@dataclass(frozen=True, slots=True)
class FindingRecord:
    """One row of ``bevindingen.csv``."""

    path: str
    groups: tuple[str, ...]
    rule: str
    category: str
    severity: str
    text: str
    term: str
    suggestion: str
    line: int | None
    column: int | None
    page: int | None
    paragraph: int | None
    context: str


@dataclass(frozen=True, slots=True)
class DocumentsFile:
    """The header of ``documenten.csv`` and a fresh stream of its rows."""

    path: Path
    groups: tuple[str, ...]
    categories: tuple[str, ...]

    def rows(self) -> Iterator[DocumentRow]:
        """Every document, in path order."""
        width = 1 + len(self.groups)
        first_category = width + len(DOCUMENT_COLUMNS_BEFORE)
        with _reading(self.path) as reader:
            next(reader, None)
            for number, cells in _sorted_rows(self.path, reader, 1 + first_category + len(self.categories) + 1):
                cell = _Cells(self.path, number, cells)
                yield DocumentRow(
                    path=cells[0],
                    groups=tuple(cells[1:width]),
                    format=cells[width],
                    words=cell.count(width + 1),
                    pages=cell.optional(width + 2),
                    findings=cell.count(width + 3),
                    categories=tuple(cell.count(first_category + i) for i in range(len(self.categories))),
                    error=cells[-1],
                )


@dataclass(frozen=True, slots=True)
class FindingsFile:
    """The header of ``bevindingen.csv`` and a fresh stream of its rows."""

    path: Path
    groups: tuple[str, ...]

    def rows(self) -> Iterator[FindingRecord]:
        """Every finding, in path order."""
        width = 1 + len(self.groups)
        with _reading(self.path) as reader:
            next(reader, None)
            for number, cells in _sorted_rows(self.path, reader, width + len(FINDING_COLUMNS)):
                cell = _Cells(self.path, number, cells)
                rule, category, severity, text, term, suggestion = cells[width : width + 6]
                yield FindingRecord(
                    path=cells[0],
                    groups=tuple(cells[1:width]),
                    rule=rule,
                    category=category,
                    severity=severity,
                    text=text,
                    term=term,
                    suggestion=suggestion,
                    line=cell.optional(width + 6),
                    column=cell.optional(width + 7),
                    page=cell.optional(width + 8),
                    paragraph=cell.optional(width + 9),
                    context=cells[width + 12],
                )

    def by_document(self) -> Iterator[tuple[str, Iterator[FindingRecord]]]:
        """The findings grouped per document, in path order."""
        return groupby(self.rows(), key=lambda record: record.path)


def open_documents(folder: Path, groups: Sequence[str] | None = None) -> DocumentsFile:
    """``documenten.csv`` in ``folder``; ``groups`` given: its group columns must be exactly those."""
    path = folder / DOCUMENTS
    header = _header(path)
    try:
        start = header.index("format")
        end = header.index("per_1000_words")
    except ValueError:
        raise ReportError(f"{path}: de kolommen ‘format’ en ‘per_1000_words’ ontbreken") from None
    found = tuple(header[1:start])
    _check_groups(path, found, groups)
    expected = (*DOCUMENT_COLUMNS_BEFORE, *header[start + len(DOCUMENT_COLUMNS_BEFORE) : end], *DOCUMENT_COLUMNS_AFTER)
    if tuple(header[start:]) != expected:
        raise ReportError(f"{path}: de kolommen na de groepen zijn niet {', '.join(expected)}")
    return DocumentsFile(path, found, tuple(header[start + len(DOCUMENT_COLUMNS_BEFORE) : end]))


def open_findings(folder: Path, groups: Sequence[str] | None = None) -> FindingsFile:
    """``bevindingen.csv`` in ``folder``; ``groups`` given: its group columns must be exactly those."""
    path = folder / FINDINGS
    header = _header(path)
    try:
        start = header.index("rule")
    except ValueError:
        raise ReportError(f"{path}: de kolom ‘rule’ ontbreekt") from None
    found = tuple(header[1:start])
    _check_groups(path, found, groups)
    if tuple(header[start:]) != FINDING_COLUMNS:
        raise ReportError(f"{path}: de kolommen na de groepen zijn niet {', '.join(FINDING_COLUMNS)}")
    return FindingsFile(path, found)


def _check_groups(path: Path, found: tuple[str, ...], groups: Sequence[str] | None) -> None:
    if groups is not None and found != tuple(groups):
        shown = ", ".join(found) or "geen"
        raise ReportError(f"{path}: groepkolommen {shown}, verwacht {', '.join(groups) or 'geen'}")


def _header(path: Path) -> list[str]:
    with _reading(path) as reader:
        header = next(reader, None)
    if not header or header[0] != "path":
        raise ReportError(f"{path}: de eerste kolom is niet ‘path’")
    return header


@contextmanager
def _reading(path: Path) -> Iterator[Iterator[list[str]]]:
    """A csv reader over a file, every read error turned into a :class:`ReportError`."""
    try:
        file = path.open(encoding=ENCODING, newline="")
    except OSError as error:
        raise ReportError(f"{path}: kan niet worden gelezen ({error.strerror or error})") from None
    with file:
        yield _guarded(path, csv.reader(file))


def _guarded(path: Path, reader: Iterator[list[str]]) -> Iterator[list[str]]:
    try:
        yield from reader
    except UnicodeDecodeError:
        raise ReportError(f"{path}: is geen UTF-8-tekst") from None
    except csv.Error:
        raise ReportError(f"{path}: geen leesbaar CSV-bestand") from None
    except OSError as error:
        raise ReportError(f"{path}: kan niet worden gelezen ({error.strerror or error})") from None


def _sorted_rows(path: Path, reader: Iterator[list[str]], width: int) -> Iterator[tuple[int, list[str]]]:
    previous = ""
    for number, cells in enumerate(reader, start=2):
        if len(cells) != width:
            raise ReportError(f"{path}: rij {number} heeft {len(cells)} kolommen in plaats van {width}")
        if cells[0] < previous:
            raise ReportError(f"{path}: rij {number} staat niet op volgorde van ‘path’")
        previous = cells[0]
        yield number, cells


@dataclass(frozen=True, slots=True)
class _Cells:
    path: Path
    number: int
    cells: list[str]

    def count(self, index: int) -> int:
        value = self.optional(index)
        return 0 if value is None else value

    def optional(self, index: int) -> int | None:
        text = self.cells[index]
        if not text:
            return None
        try:
            value = int(text)
        except ValueError:
            value = -1
        if value < 0:
            raise ReportError(f"{self.path}: rij {self.number}: ‘{text}’ is geen aantal")
        return value
