"""What is new and what has disappeared since an earlier scan (``--baseline PREVIOUS_DIR``).

A finding is identified by its document's path, its rule, its normalised term
and its occurrence index: the k-th 'hoogopgeleiden' of rule R in a document is
the same finding in both scans, whatever its offset (offsets move whenever
text above it is edited). So per document, rule and term, ``min(before, now)``
findings stayed, the rest of ``now`` is new and the rest of ``before`` has
disappeared. Both scans' CSV files are sorted by path, so they are walked side
by side and never held whole.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import TypeVar

from waardetaal.scan.columns import ENCODING
from waardetaal.scan.report.csvfiles import (
    DocumentRow,
    DocumentsFile,
    FindingRecord,
    FindingsFile,
    ReportError,
    open_documents,
    open_findings,
)
from waardetaal.scan.report.summary import UNKNOWN

COMPARISON = "vergelijking.csv"
COMPARISON_COLUMNS = ("rule", "category", "before", "now", "new", "disappeared")


class BaselineError(ReportError):
    """The earlier scan given with ``--baseline`` is missing or unreadable (the command exits 2)."""


@dataclass(slots=True)
class Change:
    """Findings before and now, and how many of them are new or have disappeared."""

    before: int = 0
    now: int = 0
    new: int = 0
    disappeared: int = 0

    def add(self, other: Change) -> None:
        """Add another change to this one."""
        self.before += other.before
        self.now += other.now
        self.new += other.new
        self.disappeared += other.disappeared


@dataclass(slots=True)
class Comparison:
    """The comparison of this scan with an earlier one, per group values and rule."""

    groups: tuple[str, ...]
    changes: dict[tuple[tuple[str, ...], str], Change] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    documents_before: int = 0
    documents_now: int = 0
    documents_added: int = 0
    documents_removed: int = 0

    @property
    def total(self) -> Change:
        """All findings of both scans."""
        total = Change()
        for change in self.changes.values():
            total.add(change)
        return total

    def per_rule(self) -> list[tuple[str, Change]]:
        """A change per rule, the most changed first."""
        return self._summed_by(lambda values, rule: rule)

    def per_group(self, index: int) -> list[tuple[str, Change]]:
        """A change per value of one group column, the most changed first."""
        return self._summed_by(lambda values, rule: values[index] or UNKNOWN)

    def _summed_by(self, part: Callable[[tuple[str, ...], str], str]) -> list[tuple[str, Change]]:
        summed: dict[str, Change] = {}
        for (values, rule), change in self.changes.items():
            summed.setdefault(part(values, rule), Change()).add(change)
        return sorted(summed.items(), key=lambda item: (-(item[1].new + item[1].disappeared), -item[1].now, item[0]))


@dataclass(frozen=True, slots=True)
class Baseline:
    """An earlier scan's two CSV files, their headers read."""

    documents: DocumentsFile
    findings: FindingsFile


def check_baseline(folder: Path) -> Baseline:
    """The earlier scan in ``folder``; :class:`BaselineError` unless it holds two readable CSV files."""
    if not folder.is_dir():
        raise BaselineError(f"{folder}: de vorige scan (--baseline) is geen map")
    try:
        return Baseline(open_documents(folder), open_findings(folder))
    except ReportError as error:
        raise BaselineError(f"vorige scan (--baseline): {error}") from None


def compare(output: Path, baseline: Path, groups: Sequence[str]) -> Comparison:
    """Compare the scan in ``output`` with the earlier one in ``baseline``."""
    earlier = check_baseline(baseline)
    names = tuple(groups)
    comparison = Comparison(names)
    now_paths = (_Path(row.path) for row in open_documents(output, names).rows())
    before_paths = (_Path(row.path) for row in _as_baseline(earlier.documents.rows()))
    for now_path, before_path in _joined(now_paths, before_paths):
        comparison.documents_now += now_path is not None
        comparison.documents_before += before_path is not None
        comparison.documents_added += before_path is None
        comparison.documents_removed += now_path is None
    now = _documents(open_findings(output, names), names, comparison.categories)
    before = _documents(earlier.findings, names, comparison.categories, _as_baseline)
    for current, previous in _joined(now, before):
        # A document gone from this scan keeps the group values it had in the earlier one.
        shown = current if current is not None else previous
        assert shown is not None
        now_counts = current.counts if current is not None else Counter()
        before_counts = previous.counts if previous is not None else Counter()
        for rule, term in now_counts.keys() | before_counts.keys():
            found, had = now_counts[rule, term], before_counts[rule, term]
            change = comparison.changes.setdefault((shown.groups, rule), Change())
            change.add(Change(had, found, max(0, found - had), max(0, had - found)))
    return comparison


def write_comparison(output: Path, comparison: Comparison) -> None:
    """Write ``vergelijking.csv``: per group values and rule, findings before and now, new and disappeared."""
    target = output / COMPARISON
    partial = target.with_name(target.name + ".deel")
    with partial.open("w", encoding=ENCODING, newline="") as file:
        writer = csv.writer(file)
        writer.writerow((*comparison.groups, *COMPARISON_COLUMNS))
        for (values, rule), change in sorted(comparison.changes.items()):
            category = comparison.categories.get(rule, "")
            writer.writerow((*values, rule, category, change.before, change.now, change.new, change.disappeared))
    os.replace(partial, target)


@dataclass(frozen=True, slots=True)
class _Path:
    path: str


@dataclass(frozen=True, slots=True)
class _Document:
    path: str
    groups: tuple[str, ...]
    counts: Counter[tuple[str, str]]  # findings per (rule, term)


def _documents(
    findings: FindingsFile,
    groups: tuple[str, ...],
    categories: dict[str, str],
    guard: Callable[[Iterator[FindingRecord]], Iterator[FindingRecord]] = iter,
) -> Iterator[_Document]:
    # An earlier scan may have been grouped otherwise: take the columns that have the same names.
    positions = [findings.groups.index(name) if name in findings.groups else None for name in groups]
    for path, records in groupby(guard(findings.rows()), key=lambda record: record.path):
        counts: Counter[tuple[str, str]] = Counter()
        values: tuple[str, ...] = ()
        for record in records:
            values = tuple("" if at is None else record.groups[at] for at in positions)
            counts[record.rule, record.term or record.text] += 1
            categories.setdefault(record.rule, record.category)
        yield _Document(path, values, counts)


_Row = TypeVar("_Row", DocumentRow, FindingRecord)
_Keyed = TypeVar("_Keyed", _Path, _Document)


def _as_baseline(rows: Iterator[_Row]) -> Iterator[_Row]:
    """The earlier scan's rows, a broken row raised as :class:`BaselineError`."""
    try:
        yield from rows
    except ReportError as error:
        raise BaselineError(f"vorige scan (--baseline): {error}") from None


def _joined(now: Iterator[_Keyed], before: Iterator[_Keyed]) -> Iterator[tuple[_Keyed | None, _Keyed | None]]:
    """Pairs of the same path from two path-sorted streams; None where one of them lacks it."""
    current, previous = next(now, None), next(before, None)
    while current is not None or previous is not None:
        if previous is None or (current is not None and current.path < previous.path):
            yield current, None
            current = next(now, None)
        elif current is None or previous.path < current.path:
            yield None, previous
            previous = next(before, None)
        else:
            yield current, previous
            current, previous = next(now, None), next(before, None)
