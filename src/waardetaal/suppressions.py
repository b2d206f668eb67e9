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

import re
from collections.abc import Sequence
from dataclasses import dataclass

from waardetaal.findings import Finding, Severity
from waardetaal.linter import matches_selector
from waardetaal.positions import LineIndex

UNUSED_RULE = "waardetaal.ongebruikte-onderdrukking"
ACTIONS = ("negeer-volgende", "negeer-regel", "uit", "aan", "negeer-bestand")

_COMMENT = re.compile(r"<!--\s*waardetaal:\s*(?P<body>.*?)\s*-->", re.S)
_MARKER = re.compile(r"^[ \t]*(?:#|//|%|;)?[ \t]*\[?waardetaal:[ \t]*(?P<body>[^\]\r\n]*?)\]?[ \t]*$", re.M)
_REASON = re.compile(r"\s+(?:--|—|–)\s*")


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
    without_comments = _COMMENT.sub(lambda m: " " * len(m.group()), source)
    source_lines = re.split(r"\r\n|\r|\n", source)
    markers = list(_MARKER.finditer(without_comments)) if marker_lines else []
    for match in [*_COMMENT.finditer(source), *markers]:
        head, *reason = _REASON.split(match["body"], maxsplit=1)
        words = head.replace(",", " ").split()
        line, column = lines.line_and_column(match.start())
        standalone = source_lines[line - 1].strip() == match.group().strip()
        action, rules = (words[0], tuple(words[1:])) if words else ("", ())
        found.append(
            Directive(
                action, rules, match.start(), match.end(), line, column, standalone, reason[0].strip() if reason else ""
            )
        )
    return sorted(found, key=lambda d: (d.line, d.column))


@dataclass(frozen=True, slots=True)
class Outcome:
    """The findings that remain and the directives that suppressed nothing."""

    kept: list[Finding]
    unused: list[Directive]


def apply_suppressions(findings: Sequence[Finding], directives: Sequence[Directive], in_source: bool) -> Outcome:
    """Drop the findings the directives suppress.

    ``in_source``: finding offsets are source offsets (plain text), so a finding
    inside a directive itself (a rule id such as 'utrecht.hoog-laag-opgeleid')
    is dropped too.
    """
    used: set[int] = set()
    kept = []
    for finding in findings:
        if in_source and any(d.start <= finding.start < d.end for d in directives):
            continue
        index = _suppressor(finding, directives, used)
        if index is None:
            kept.append(finding)
        else:
            used.add(index)
    unused = [d for i, d in enumerate(directives) if i not in used and d.action != "aan"]
    return Outcome(kept, unused)


def _suppressor(finding: Finding, directives: Sequence[Directive], used: set[int]) -> int | None:
    position = (finding.line, finding.column)
    for index, directive in enumerate(directives):
        if not directive.covers(finding.rule):
            continue
        if directive.action == "negeer-bestand":
            return index
        if directive.action == "negeer-regel":
            target = directive.line + 1 if directive.standalone else directive.line
            if finding.line <= target <= finding.end_line:
                return index
        if directive.action == "uit" and (directive.line, directive.column) < position:
            end = _block_end(directive, directives[index + 1 :])
            if end is None or position < end:
                return index
        if (
            directive.action == "negeer-volgende"
            and index not in used
            and (directive.line, directive.column) < position
            and _first_after(directive, position, directives)
        ):
            return index
    return None


def _block_end(start: Directive, later: Sequence[Directive]) -> tuple[int, int] | None:
    """Where an 'uit' block ends: at an 'aan' for all rules, or for at least the same rules."""
    for directive in later:
        if directive.action == "aan" and (
            not directive.rules or (start.rules and set(start.rules) <= set(directive.rules))
        ):
            return directive.line, directive.column
    return None


def _first_after(directive: Directive, position: tuple[int, int], directives: Sequence[Directive]) -> bool:
    """True unless a later 'negeer-volgende' for the same rules stands closer before ``position``."""
    return not any(
        other.action == "negeer-volgende"
        and other.rules == directive.rules
        and (directive.line, directive.column) < (other.line, other.column) < position
        for other in directives
    )


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
                severity=Severity.WARNING,
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
