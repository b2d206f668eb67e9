"""Human-readable lines, like ruff and Vale: ``path:line:column: severity rule message``.

What a person at a terminal also gets, as ruff users know it: colour (never
when ``NO_COLOR`` is set), ``[*]`` on findings ``--fix`` would fix, the source
line with the term marked (``--show-source``), counts per rule instead of the
findings (``--statistics``) and nothing but the findings (``--quiet``). The
line itself stays the contract's, so programs reading a pipe or a file parse it
as before: the marker and colour are only written to a terminal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import click

from waardetaal.findings import FileReport, Finding, Severity
from waardetaal.formatters.safe import visible
from waardetaal.rules import Catalog

FIXABLE = "[*]"
# Characters of a source line shown on either side of the marked term.
_SOURCE_MARGIN = 60
_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


@dataclass(frozen=True)
class TextDisplay:
    """How the text format is shown; the defaults give the contract's plain lines and summary."""

    terminal: bool = False  # written to a terminal: colour (unless turned off) and the fixable marker
    colour: bool = False
    quiet: bool = False  # the findings only, no summary line
    statistics: bool = False  # counts per rule instead of the findings
    show_source: bool = False
    fixed: int = 0  # findings --fix fixed, for a closing line that adds up


def finding_line(path: str, finding: Finding, display: TextDisplay = TextDisplay(), fixable: bool = False) -> str:
    """One finding as ``path:line:column: severity rule-id message (suggestion: …)``, control characters escaped.

    ``fixable``: --fix would fix it, which a terminal shows with ``[*]``.
    """
    where = f"{path}:{_location(finding.location)}:" if finding.location else f"{path}:{finding.line}:{finding.column}:"
    marker = f" {FIXABLE}" if display.terminal and fixable else ""
    message = finding.message
    if finding.suggestions:
        message += f" (suggestion: {' | '.join(finding.suggestions)})"
    # Every part escaped: a line break or escape sequence in a name or text must not forge lines.
    parts = [visible(where), visible(str(finding.severity)), visible(finding.rule) + marker, visible(message)]
    if display.colour:
        parts[0] = click.style(parts[0], bold=True)
        parts[1] = click.style(parts[1], fg=_COLOURS[finding.severity])
        parts[2] = click.style(parts[2], dim=True)
    return " ".join(parts)


def _location(location: Mapping[str, int | str]) -> str:
    """'p.3' for a PDF page; '¶12', 'koptekst ¶1' or '¶4 (tabel 1, rij 2, kolom 3)' for a paragraph."""
    if "page" in location:
        return f"p.{location['page']}"
    text = f"¶{location.get('paragraph', '?')}"
    if "part" in location:
        text = f"{location['part']} {text}"
    if "table" in location:
        text += f" (tabel {location['table']}, rij {location['row']}, kolom {location['column']})"
    return text


def render_text(
    reports: Sequence[FileReport], catalog: Catalog | None = None, display: TextDisplay = TextDisplay()
) -> str:
    """All findings (or counts per rule) and read errors, then a Dutch summary line."""
    lines = []
    for report in reports:
        if report.error is not None:
            lines.append(visible(f"{report.path}: error: {report.error}"))
        if display.statistics:
            continue
        for number, finding in enumerate(report.findings):
            lines.append(finding_line(report.path, finding, display, number in report.fixable))
            if display.show_source:
                lines.extend(source_lines(report, finding, display.colour))
    if display.statistics:
        lines.extend(statistics(reports))
    if not display.quiet:
        lines.append(summary(reports, display.fixed))
    return "".join(line + "\n" for line in lines)


def source_lines(report: FileReport, finding: Finding, colour: bool = False) -> list[str]:
    """The source line of ``finding`` with the term marked below it (none when the line is unknown)."""
    line = report.lines.get(finding.line)
    if line is None:
        return []
    start = finding.column - 1
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    first = max(0, start - _SOURCE_MARGIN)
    last = min(len(line), end + _SOURCE_MARGIN)
    before = ("…" if first else "") + _shown(line[first:start])
    term = _shown(line[start:end])
    after = _shown(line[end:last]) + ("…" if last < len(line) else "")
    number = str(finding.line)
    gutter = " " * len(number)
    carets = "^" * max(1, len(term))
    if colour:
        carets = click.style(carets, fg=_COLOURS[finding.severity], bold=True)
    return [f"{gutter} |", f"{number} | {before}{term}{after}", f"{gutter} | {' ' * len(before)}{carets}"]


def _shown(text: str) -> str:
    # A tab is one column wide like any character, so the marker stays under the term.
    return visible(text.replace("\t", " "))


def statistics(reports: Sequence[FileReport]) -> list[str]:
    """One line per rule, most findings first: the count, the rule id and ``[*]`` when --fix fixes some."""
    counts = Counter(finding.rule for report in reports for finding in report.findings)
    fixable = {report.findings[number].rule for report in reports for number in report.fixable}
    width = len(str(max(counts.values(), default=0)))
    return [
        f"{count:>{width}}  {visible(rule)}{'  ' + FIXABLE if rule in fixable else ''}"
        for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def summary(reports: Sequence[FileReport], fixed: int = 0) -> str:
    """The closing line: '3 bevindingen in 2 bestanden (…).', after --fix '3 bevindingen …: 2 hersteld, 1 over.'."""
    findings = [f for report in reports for f in report.findings]
    files = _count(len(reports), "bestand", "bestanden")
    errors = sum(report.error is not None for report in reports)
    if fixed:
        total = _count(len(findings) + fixed, "bevinding", "bevindingen")
        text = f"{total} in {files}: {fixed} hersteld, {len(findings)} over"
        text += f" ({_by_severity(findings)})." if findings else "."
    elif findings:
        text = f"{_count(len(findings), 'bevinding', 'bevindingen')} in {files} ({_by_severity(findings)})."
    else:
        text = f"Geen bevindingen in {files}."
    fixable = sum(len(report.fixable) for report in reports)
    if fixable:
        text += f" {fixable} herstelbaar met --fix."
    if errors:
        text += f" {_count(errors, 'bestand gaf', 'bestanden gaven')} een fout (zie boven)."
    return text


def _by_severity(findings: Sequence[Finding]) -> str:
    names = {"error": ("fout", "fouten"), "warning": ("waarschuwing", "waarschuwingen"), "info": ("hint", "hints")}
    parts = []
    for severity, (one, many) in names.items():
        count = sum(str(f.severity) == severity for f in findings)
        if count:
            parts.append(_count(count, one, many))
    return ", ".join(parts)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
