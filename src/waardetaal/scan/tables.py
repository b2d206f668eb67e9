"""The scan's two CSV files, ``bevindingen.csv`` and ``documenten.csv``, written from the store.

Columns, order and encoding are the contract's ("Batch scan"): UTF-8 with a
byte order mark so Excel reads the accents right, comma-separated, a header
row, sorted by path (findings then by start), empty cells where a value does
not apply. Rows stream from the store to the file; each file is written beside
its final name and renamed over it, so a reader never sees half a file.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from waardetaal.scan.columns import (
    DOCUMENT_COLUMNS_AFTER,
    DOCUMENT_COLUMNS_BEFORE,
    DOCUMENTS_FILE,
    ENCODING,
    FINDING_COLUMNS,
    FINDINGS_FILE,
)
from waardetaal.scan.groups import Grouping
from waardetaal.scan.store import Store, StoredDocument

# A spreadsheet runs a cell that starts with one of these as a formula; a
# document's own text must not, so such a context cell gets a leading quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | None


def write_tables(store: Store, output: Path, grouping: Grouping, categories: Sequence[str]) -> None:
    """Write both CSV files into ``output`` from what the store holds."""

    def documents() -> Iterable[list[Cell]]:
        for document in store.documents():
            yield _document_row(document, grouping.values(document.relative, document.year), categories)

    header = ["path", *grouping.columns, *DOCUMENT_COLUMNS_BEFORE, *categories, *DOCUMENT_COLUMNS_AFTER]
    _write(output / DOCUMENTS_FILE, header, documents)

    def findings() -> Iterable[list[Cell]]:
        last: tuple[str, int | None, tuple[str, ...]] = ("", None, ())  # findings come by document: group once each
        for relative, year, row in store.findings():
            if last[:2] != (relative, year):
                last = (relative, year, grouping.values(relative, year))
            yield [
                relative,
                *last[2],
                row.rule,
                row.category,
                row.severity,
                row.text,
                row.term,
                row.suggestion,
                row.line,
                row.column,
                row.page,
                row.paragraph,
                row.start,
                row.end,
                _inert(row.context),
            ]

    _write(output / FINDINGS_FILE, ["path", *grouping.columns, *FINDING_COLUMNS], findings)


def _document_row(document: StoredDocument, groups: tuple[str, ...], categories: Sequence[str]) -> list[Cell]:
    rate = f"{document.findings * 1000 / document.words:.2f}" if document.words else None
    return [
        document.relative,
        *groups,
        document.format,
        document.words,
        document.pages,
        document.findings,
        *(document.categories.get(category, 0) for category in categories),
        rate,
        document.error,
    ]


def _inert(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _write(path: Path, header: Sequence[str], rows: Callable[[], Iterable[list[Cell]]]) -> None:
    """Write ``path`` whole or not at all: beside it first, then renamed over it."""
    partial = path.with_name(path.name + ".deel")
    with partial.open("w", encoding=ENCODING, newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(["" if cell is None else cell for cell in row] for row in rows())
    os.replace(partial, path)
