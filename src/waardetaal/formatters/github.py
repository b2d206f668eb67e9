"""GitHub Actions workflow commands: annotations on the changed lines of a pull request."""

from __future__ import annotations

from collections.abc import Sequence

from waardetaal.findings import FileReport, Severity
from waardetaal.formatters.safe import visible
from waardetaal.rules import Catalog

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    # GitHub's own escapes first; any other control character would reach the log raw.
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(reports: Sequence[FileReport], catalog: Catalog | None = None) -> str:
    """One ``::warning file=…,line=…::message`` line per finding or read error."""
    lines = []
    for report in reports:
        path = _property(report.path)
        if report.error is not None:
            lines.append(f"::error file={path},title=waardetaal::{_data(report.error)}")
        for f in report.findings:
            message = f.message + (f" (suggestion: {' | '.join(f.suggestions)})" if f.suggestions else "")
            lines.append(
                f"::{_LEVELS[f.severity]} file={path},line={f.line},col={f.column},endLine={f.end_line},"
                f"endColumn={f.end_column},title={_property(f.rule)}::{_data(message)}"
            )
    return "".join(line + "\n" for line in lines)
