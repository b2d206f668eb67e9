"""The values that leave the linter: severities and findings.

The field names of :class:`Finding` are the JSON contract (``shared/CONTRACT.md``);
formatters serialise them, nothing else builds finding dictionaries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How serious a finding is; ordered error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """A number that grows with seriousness, for comparisons."""
        return _RANKS[self]

    def at_least(self, other: Severity) -> bool:
        """True when this severity is as serious as ``other`` or more."""
        return self.rank >= other.rank


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One flagged occurrence of a term in a checked text."""

    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    message: str
    suggestions: tuple[str, ...]
    location: Mapping[str, int | str] | None = field(default=None)
    # Not in the JSON: the replacement --fix may apply (the first suggestion of a
    # rule marked safe, never for a term only mentioned).
    fix: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, object]:
        """The finding as the contract's JSON object, keys in contract order."""
        data: dict[str, object] = {
            "rule": self.rule,
            "category": self.category,
            "severity": str(self.severity),
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "text": self.text,
            "message": self.message,
            "suggestions": list(self.suggestions),
        }
        if self.location is not None:
            data["location"] = dict(self.location)
        return data


@dataclass(frozen=True, slots=True)
class FileReport:
    """The outcome for one checked file: its findings, or why it could not be read."""

    path: str
    findings: tuple[Finding, ...]
    error: str | None = None
    # Not in the JSON: the lines holding findings, by number, when --show-source asked for them.
    lines: Mapping[int, str] = field(default_factory=dict, compare=False)
    # Not in the JSON: the findings (by position) whose safe suggestion --fix would write
    # (in a text format on disk, not a PDF, a Word file or standard input; not over markup).
    fixable: frozenset[int] = field(default=frozenset(), compare=False)

    def to_dict(self) -> dict[str, object]:
        """The file as the contract's JSON object."""
        return {"path": self.path, "error": self.error, "findings": [f.to_dict() for f in self.findings]}
