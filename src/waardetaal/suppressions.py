"""Inline suppression: a writer silences a justified exception where it stands.

A directive is an HTML comment (Markdown, HTML, plain text) or a marker line
(plain text) that starts with ``waardetaal:``, names an action, optionally rule
ids or prefixes (none: every rule) and, after ``--``, a reason in Dutch::

    <!-- waardetaal: negeer-volgende utrecht.hoger-onderwijs -- wetsnaam -->
    <!-- waardetaal: negeer-regel utrecht.hoog-laag-opgeleid -- citaat -->
    <!-- waardetaal: uit utrecht.ladder -->  …  <!-- waardetaal: aan utrecht.ladder -->
    # waardetaal: negeer-bestand -- historisch document

Actions: ``negeer-volgende`` (the next occurrence), ``negeer-regel`` (this
line, or the next when the directive stands on a line of its own), ``uit`` and
``aan`` (a block), ``negeer-bestand`` (the whole file). A directive that
suppresses nothing can be reported, like ruff's unused ``noqa``.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from waardetaal.findings import Finding, Severity
from waardetaal.limits import MAX_DIRECTIVES
from waardetaal.linter import matches_selector
from waardetaal.positions import LineIndex

UNUSED_RULE = "waardetaal.ongebruikte-onderdrukking"
ACTIONS = ("negeer-volgende", "negeer-regel", "uit", "aan", "negeer-bestand")

# Possessive quantifiers and no lazy body before optional white space: every pattern here is
# linear, so a directive left open or a long run of spaces costs no more than reading it.
_COMMENT_START = re.compile(r"<!--\s*+waardetaal:")
_COMMENT_END = "-->"
_MARKER = re.compile(r"^[ \t]*+(?:(?:#|//|%|;)[ \t]*+)?\[?waardetaal:(?P<body>[^\]\r\n]*+)\]?[ \t]*+$", re.M)
# Only at the start of a run of white space, so a long run is not tried at every position.
_REASON = re.compile(r"(?<!\s)\s++(?:--|—|–)\s*")


@dataclass(frozen=True, slots=True)
class Directive:
    """One suppression directive in a source text."""

    action: str
    rules: tuple[str, ...]  # empty: every rule
    start: int  # offsets of the directive in the source
    end: int
    line: int
    column: int
    standalone: bool  # nothing else on its line: 'negeer-regel' then means the next line
    reason: str

    def covers(self, rule_id: str) -> bool:
        """True when the directive names this rule (or names no rule at all)."""
        return not self.rules or any(matches_selector(rule_id, selector) for selector in self.rules)


def parse_directives(source: str, marker_lines: bool = True) -> list[Directive]:
    """Every directive in ``source``, in order; ``marker_lines`` for plain text only."""
    if "waardetaal:" not in source:  # the common case, checked at C speed
        return []
    lines = LineIndex(source)
    found = []
    comments = list(_comments(source))
    source_lines = re.split(r"\r\n|\r|\n", source)
    spans = list(comments)
    if marker_lines:
        without_comments = _blank_spans(source, [(start, end) for start, end, _ in comments])
        spans += [(m.start(), m.end(), m["body"]) for m in _MARKER.finditer(without_comments)]
    for start, end, body in spans:
        head, *reason = _REASON.split(body.strip(), maxsplit=1)
        words = head.replace(",", " ").split()
        line, column = lines.line_and_column(start)
        standalone = source_lines[line - 1].strip() == source[start:end].strip()
        action, rules = (words[0], tuple(words[1:])) if words else ("", ())
        found.append(
            Directive(action, rules, start, end, line, column, standalone, reason[0].strip() if reason else "")
        )
    return sorted(found, key=lambda d: (d.line, d.column))


def _comments(source: str) -> Iterator[tuple[int, int, str]]:
    """Each closed directive comment: its span and its body (between 'waardetaal:' and '-->')."""
    position = 0
    while (opening := _COMMENT_START.search(source, position)) is not None:
        close = source.find(_COMMENT_END, opening.end())
        if close < 0:  # no '-->' anywhere after: neither this nor any later directive is closed
            return
        yield opening.start(), close + len(_COMMENT_END), source[opening.end() : close]
        position = close + len(_COMMENT_END)


def _blank_spans(source: str, spans: Sequence[tuple[int, int]]) -> str:
    """``source`` with each of the ordered ``spans`` replaced by spaces."""
    pieces, last = [], 0
    for start, end in spans:
        pieces += [source[last:start], " " * (end - start)]
        last = end
    pieces.append(source[last:])
    return "".join(pieces)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The findings that remain and the directives that suppressed nothing."""

    kept: list[Finding]
    unused: list[Directive]


def apply_suppressions(findings: Sequence[Finding], directives: Sequence[Directive], in_source: bool) -> Outcome:
    """Drop the findings the directives suppress.

    ``in_source``: finding offsets are source offsets (plain text), so a finding
    inside a directive itself (a rule id such as 'utrecht.hoog-laag-opgeleid')
    is dropped too. Only the first MAX_DIRECTIVES directives count; the rest are
    returned as unused, so what they would hide is reported rather than lost.
    """
    counted = directives[:MAX_DIRECTIVES]
    spans = sorted((d.start, d.end) for d in counted)
    starts = [start for start, _ in spans]
    sweep = _Sweep(counted, {finding.rule for finding in findings})
    suppressed_by: dict[int, int] = {}
    # Findings in reading order, so directives become active and expire once each.
    for number in sorted(range(len(findings)), key=lambda n: (findings[n].line, findings[n].column)):
        finding = findings[number]
        inside = bisect_right(starts, finding.start) - 1  # directives never overlap: only one can hold it
        if in_source and inside >= 0 and finding.start < spans[inside][1]:
            suppressed_by[number] = -1
            continue
        index = sweep.suppressor(finding)
        if index is not None:
            suppressed_by[number] = index
    kept = [finding for number, finding in enumerate(findings) if number not in suppressed_by]
    used = set(suppressed_by.values())
    unused = [d for i, d in enumerate(counted) if i not in used and d.action != "aan"]
    return Outcome(kept, unused + list(directives[MAX_DIRECTIVES:]))


class _Sweep:
    """Which directive suppresses a finding, for findings visited in reading order.

    The first directive (in order) that applies wins, as a writer reads them.
    Per rule id, a heap holds the 'uit' blocks and the 'negeer-volgende'
    directives that are open at the current position, so each directive is
    opened and closed once: the work grows with findings plus directives, not
    with their product.
    """

    def __init__(self, directives: Sequence[Directive], rule_ids: set[str]):
        self._directives = directives
        self._reaches = _reaches(directives)
        self._covering = {rule: [i for i, d in enumerate(directives) if d.covers(rule)] for rule in rule_ids}
        self._whole_file = {
            rule: min((i for i in indices if directives[i].action == "negeer-bestand"), default=None)
            for rule, indices in self._covering.items()
        }
        self._on_line: dict[int, list[int]] = {}
        for index, directive in enumerate(directives):
            if directive.action == "negeer-regel":
                target = directive.line + 1 if directive.standalone else directive.line
                self._on_line.setdefault(target, []).append(index)
        self._next = dict.fromkeys(rule_ids, 0)  # per rule: the next covering directive not yet passed
        self._open: dict[str, list[int]] = {rule: [] for rule in rule_ids}
        self._used: set[int] = set()

    def suppressor(self, finding: Finding) -> int | None:
        """The index of the directive that suppresses ``finding``, or None."""
        position = (finding.line, finding.column)
        candidates = [
            self._whole_file[finding.rule],
            self._first_open(finding.rule, position),
            *(
                i
                for line in range(finding.line, finding.end_line + 1)
                for i in self._on_line.get(line, ())
                if self._directives[i].covers(finding.rule)
            ),
        ]
        found = [i for i in candidates if i is not None]
        if not found:
            return None
        index = min(found)
        if self._directives[index].action == "negeer-volgende":
            self._used.add(index)  # it takes one finding only
        return index

    def _first_open(self, rule: str, position: tuple[int, int]) -> int | None:
        """The first 'uit' or 'negeer-volgende' for ``rule`` that is open at ``position``."""
        covering, heap = self._covering[rule], self._open[rule]
        while self._next[rule] < len(covering):
            index = covering[self._next[rule]]
            directive = self._directives[index]
            if (directive.line, directive.column) >= position:
                break
            self._next[rule] += 1
            if directive.action in ("uit", "negeer-volgende"):
                heapq.heappush(heap, index)
        while heap and not self._still_open(heap[0], position):
            heapq.heappop(heap)  # closed for every later finding too: they come in reading order
        return heap[0] if heap else None

    def _still_open(self, index: int, position: tuple[int, int]) -> bool:
        reach = self._reaches[index]
        if self._directives[index].action == "uit":
            return reach is None or position < reach
        # A later 'negeer-volgende' for the same rules that stands before the finding takes over.
        return index not in self._used and (reach is None or reach >= position)


def _reaches(directives: Sequence[Directive]) -> list[tuple[int, int] | None]:
    """For each directive, where its reach ends (None: the end of the file), computed once.

    'uit' reaches to its 'aan'; 'negeer-volgende' to the next 'negeer-volgende'
    for the same rules, which takes over from there. Directives are in order.
    """
    reaches: list[tuple[int, int] | None] = [None] * len(directives)
    next_same: dict[tuple[str, ...], tuple[int, int]] = {}
    for index in range(len(directives) - 1, -1, -1):
        directive = directives[index]
        if directive.action == "negeer-volgende":
            reaches[index] = next_same.get(directive.rules)
            next_same[directive.rules] = (directive.line, directive.column)
        elif directive.action == "uit":
            reaches[index] = _block_end(directive, directives[index + 1 :])
    return reaches


def _block_end(start: Directive, later: Sequence[Directive]) -> tuple[int, int] | None:
    """Where an 'uit' block ends: at an 'aan' for all rules, or for at least the same rules."""
    for directive in later:
        if directive.action == "aan" and (
            not directive.rules or (start.rules and set(start.rules) <= set(directive.rules))
        ):
            return directive.line, directive.column
    return None


def unused_findings(unused: Sequence[Directive], severity: Severity, in_source: bool) -> list[Finding]:
    """A finding for each directive that suppressed nothing: an empty span at the directive.

    ``in_source``: the checked text has the source's offsets, so the span can sit
    at the directive itself; otherwise it sits at offset 0.
    """
    findings = []
    for directive in unused:
        problem = "onbekende actie" if directive.action not in ACTIONS else "onderdrukt niets"
        names = ", ".join(directive.rules) or "alle regels"
        findings.append(
            Finding(
                rule=UNUSED_RULE,
                category="onderdrukking",
                severity=severity,
                start=0,
                end=0,
                line=directive.line,
                column=directive.column,
                end_line=directive.line,
                end_column=directive.column,
                text="",
                message=f"Onderdrukking ‘{directive.action}’ ({names}) {problem}: haal haar weg of pas haar aan.",
                suggestions=(),
            )
        )
    return findings
