"""Exact counts of a scan, gathered in one streaming pass over each CSV file.

Memory grows with the number of distinct group values, rules and terms, never
with the number of documents or findings: the documents shown one by one are a
bounded selection (the report says so), the counts are over everything.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from waardetaal.scan.report.csvfiles import DocumentRow, FindingsFile

# A report must open in a browser for a scan of 100,000 documents: beyond these
# bounds the HTML shows the documents with the most findings, and the CSV files
# hold the rest.
MAX_TABLE_DOCUMENTS = 5_000
MAX_DETAIL_DOCUMENTS = 1_000
MAX_FINDINGS_PER_DOCUMENT = 25
MAX_TOP_DOCUMENTS = 10
MAX_GROUP_VALUES = 200
MAX_TERMS = 200
UNKNOWN = "(onbekend)"
YEAR = "jaar"


@dataclass(slots=True)
class Tally:
    """Documents, words and findings of one part of the scan."""

    documents: int = 0
    words: int = 0
    findings: int = 0
    unreadable: int = 0

    def add(self, row: DocumentRow) -> None:
        """Count one document in."""
        self.documents += 1
        self.words += row.words
        self.findings += row.findings
        self.unreadable += bool(row.error)

    @property
    def per_1000_words(self) -> float | None:
        """Findings per 1,000 words, or None without words."""
        return self.findings * 1000 / self.words if self.words else None


@dataclass(frozen=True, slots=True)
class GroupTable:
    """One group column (e.g. afdeling) with a tally per value."""

    name: str
    rows: tuple[tuple[str, Tally], ...]  # by findings, most first; by value for the year
    total_values: int  # distinct values; more than ``rows`` when capped

    @property
    def is_year(self) -> bool:
        """Whether this column is the year, shown as a trend."""
        return self.name == YEAR


@dataclass(frozen=True, slots=True)
class TermCount:
    """How often one normalised term was found, and in how many documents."""

    term: str
    rule: str
    category: str
    findings: int
    documents: int


@dataclass(slots=True)
class DocumentSummary:
    """Everything ``documenten.csv`` says about the scan as a whole."""

    categories: tuple[str, ...]
    total: Tally = field(default_factory=Tally)
    per_category: list[int] = field(default_factory=list)
    formats: Counter[str] = field(default_factory=Counter)
    unreadable: list[DocumentRow] = field(default_factory=list)  # capped at MAX_TABLE_DOCUMENTS
    _groups: list[dict[str, Tally]] = field(default_factory=list)
    _table: list[tuple[int, int, DocumentRow]] = field(default_factory=list)

    def add(self, row: DocumentRow, order: int) -> None:
        """Count one document in and keep it if it is among the most found."""
        self.total.add(row)
        self.formats[row.format] += 1
        for index, count in enumerate(row.categories):
            self.per_category[index] += count
        for index, value in enumerate(row.groups):
            self._groups[index].setdefault(value or UNKNOWN, Tally()).add(row)
        if row.error and len(self.unreadable) < MAX_TABLE_DOCUMENTS:
            self.unreadable.append(row)
        # Ties go to the earlier path, so the selection does not depend on the heap.
        entry = (row.findings, -order, row)
        if len(self._table) < MAX_TABLE_DOCUMENTS:
            heapq.heappush(self._table, entry)
        elif entry[:2] > self._table[0][:2]:
            heapq.heapreplace(self._table, entry)

    def table(self) -> list[DocumentRow]:
        """The documents shown in the report's table, in path order."""
        return [row for _, _, row in sorted(self._table, key=lambda entry: -entry[1])]

    def top(self) -> list[DocumentRow]:
        """The publications with the most findings."""
        found = [entry for entry in self._table if entry[0] > 0]
        return [row for _, _, row in heapq.nlargest(MAX_TOP_DOCUMENTS, found, key=lambda entry: entry[:2])]

    def detailed(self) -> dict[str, int]:
        """Paths of the documents whose findings the report lists, numbered for their anchors."""
        found = [entry for entry in self._table if entry[0] > 0]
        chosen = heapq.nlargest(MAX_DETAIL_DOCUMENTS, found, key=lambda entry: entry[:2])
        chosen.sort(key=lambda entry: -entry[1])
        return {row.path: number for number, (_, _, row) in enumerate(chosen, start=1)}

    def group_tables(self, names: Iterable[str]) -> list[GroupTable]:
        """A table per group column."""
        tables = []
        for name, tallies in zip(names, self._groups, strict=True):
            if name == YEAR:
                rows = sorted(tallies.items(), key=lambda item: _year_key(item[0]))
            else:
                rows = sorted(tallies.items(), key=lambda item: (-item[1].findings, item[0]))
            tables.append(GroupTable(name, tuple(rows[:MAX_GROUP_VALUES]), len(rows)))
        return tables


def summarise_documents(rows: Iterable[DocumentRow], groups: int, categories: tuple[str, ...]) -> DocumentSummary:
    """The exact totals of the scan and the bounded selections the report shows."""
    summary = DocumentSummary(categories, per_category=[0] * len(categories), _groups=[{} for _ in range(groups)])
    for order, row in enumerate(rows):
        summary.add(row, order)
    return summary


@dataclass(frozen=True, slots=True)
class FindingSummary:
    """Everything ``bevindingen.csv`` adds: counts per term and per severity."""

    terms: tuple[TermCount, ...]  # most found first, capped at MAX_TERMS
    total_terms: int
    severities: Mapping[str, int]
    rules: Mapping[str, int]


def summarise_findings(findings: FindingsFile) -> FindingSummary:
    """Counts per normalised term (with the documents it occurs in), per severity and per rule."""
    counts: Counter[tuple[str, str, str]] = Counter()
    documents: Counter[tuple[str, str, str]] = Counter()
    severities: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    for _, records in findings.by_document():
        seen: set[tuple[str, str, str]] = set()
        for record in records:
            key = (record.term or record.text, record.rule, record.category)
            counts[key] += 1
            seen.add(key)
            severities[record.severity] += 1
            rules[record.rule] += 1
        documents.update(seen)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    terms = tuple(TermCount(*key, found, documents[key]) for key, found in ordered[:MAX_TERMS])
    return FindingSummary(terms, len(ordered), dict(severities), dict(rules))


def _year_key(value: str) -> tuple[int, int, str]:
    # Years in number order, unknown and other values after them.
    return (0, int(value), "") if value.isascii() and value.isdigit() else (1, 0, value)
