"""Human-readable lines, like ruff and Vale: ``path:line:column: severity rule message``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from waardetaal.findings import FileReport, Finding
from waardetaal.formatters.safe import visible
from waardetaal.rules import Catalog


def finding_line(path: str, finding: Finding) -> str:
    """One finding as ``path:line:column: severity rule-id message (suggestion: …)``, control characters escaped."""
    where = f"{path}:{_location(finding.location)}:" if finding.location else f"{path}:{finding.line}:{finding.column}:"
    line = f"{where} {finding.severity} {finding.rule} {finding.message}"
    if finding.suggestions:
        line += f" (suggestion: {' | '.join(finding.suggestions)})"
    return visible(line)  # a line break or escape sequence in a name or text must not forge lines


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


def render_text(reports: Sequence[FileReport], catalog: Catalog | None = None) -> str:
    """All findings and read errors, then a Dutch summary line."""
    lines = []
    for report in reports:
        if report.error is not None:
            lines.append(visible(f"{report.path}: error: {report.error}"))
        lines.extend(finding_line(report.path, finding) for finding in report.findings)
    lines.append(summary(reports))
    return "\n".join(lines) + "\n"


def summary(reports: Sequence[FileReport]) -> str:
    """'3 bevindingen in 2 bestanden (1 waarschuwing, 2 hints).' or the clean state."""
    findings = [f for report in reports for f in report.findings]
    files = _count(len(reports), "bestand", "bestanden")
    errors = sum(report.error is not None for report in reports)
    text = (
        f"Geen bevindingen in {files}."
        if not findings
        else f"{_count(len(findings), 'bevinding', 'bevindingen')} in {files} ({_by_severity(findings)})."
    )
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
