"""Lint results kept between runs of ``check``, so an unchanged document is not linted again.

Linting needs spaCy, and importing spaCy alone takes longer than the rest of a
small check; ruff, ESLint and mypy keep their results for the same reason. A
result is filed under a key of everything it depends on: the bytes read and
their format, the rule files' bytes, the settings that choose and weigh the
findings, and the engine itself (the bytes of waardetaal's modules, and the
installed files of spaCy and the readers' libraries), so a changed file, rule,
setting or program never meets an old result. Each result is one JSON file
in the user's cache folder (platformdirs; ``WAARDETAAL_CACHE_DIR`` chooses
another), written aside and moved into place, so a reader sees a whole file
or none. A file that cannot be read or parsed is a miss, never an error: the
document is linted as without a cache. Nothing is ever deleted but the folder
as a whole, which is always safe to remove.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import platformdirs

from waardetaal.findings import Finding, Severity
from waardetaal.linter import Policy

ENVIRONMENT_FOLDER = "WAARDETAAL_CACHE_DIR"
ENVIRONMENT_OFF = "WAARDETAAL_NO_CACHE"  # set (to anything but empty): as --no-cache
_SCHEMA = 1
# Only the findings of a document; a document with more is linted again each time.
_MAX_FINDINGS = 1000


class ResultCache:
    """Findings per document and settings, in ``folder`` (None: a cache that keeps nothing)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._rule_digests: dict[tuple[Path, ...], tuple[str, ...]] = {}

    @classmethod
    def for_user(cls, enabled: bool = True) -> ResultCache:
        """The cache in ``WAARDETAAL_CACHE_DIR`` or the user's cache folder; none when not ``enabled``."""
        if not enabled or os.environ.get(ENVIRONMENT_OFF):
            return cls(None)
        chosen = os.environ.get(ENVIRONMENT_FOLDER)
        return cls(Path(chosen) if chosen else Path(platformdirs.user_cache_dir("waardetaal", appauthor=False)))

    def key(
        self, digest: str, suffix: str, rule_files: Sequence[Path], policy: Policy, report_unused: bool
    ) -> str | None:
        """The key of one document's findings under these settings; None when a rule file cannot be read."""
        rules = self._digests(tuple(rule_files))
        if rules is None:
            return None
        material = {
            "schema": _SCHEMA,
            "engine": _engine_digest(),
            "rules": rules,
            "policy": _policy_material(policy),
            "report_unused": report_unused,
            "document": digest,
            "suffix": suffix.lower(),
        }
        return hashlib.sha256(json.dumps(material, sort_keys=True).encode("utf-8")).hexdigest()

    def get(self, key: str) -> list[Finding] | None:
        """The findings filed under ``key``, or None."""
        if self.folder is None:
            return None
        try:
            data = json.loads(self._path(key).read_bytes())
            return [_finding(item) for item in data]
        except (OSError, ValueError, TypeError, KeyError):  # absent, half-written by another tool, or not ours
            return None

    def put(self, key: str, findings: Sequence[Finding]) -> None:
        """File ``findings`` under ``key``; a folder that cannot be written only means no cache."""
        if self.folder is None or len(findings) > _MAX_FINDINGS:
            return
        target = self._path(key)
        data = json.dumps([_record(finding) for finding in findings], ensure_ascii=False).encode("utf-8")
        with contextlib.suppress(OSError):
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".deel")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                os.replace(partial, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(partial)
                raise

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / f"v{_SCHEMA}" / key[:2] / f"{key}.json"

    def _digests(self, files: tuple[Path, ...]) -> tuple[str, ...] | None:
        if files not in self._rule_digests:
            try:
                self._rule_digests[files] = tuple(hashlib.sha256(path.read_bytes()).hexdigest() for path in files)
            except OSError:
                return None
        return self._rule_digests[files]


# The libraries that decide what a document's text and tokens are: an upgrade of one is a new engine.
_LIBRARIES = ("spacy", "pypdfium2", "docx", "odf", "markdown_it")


@functools.cache
def _engine_digest() -> str:
    """A digest of the program that lints: waardetaal's own files, and where and when its libraries were installed."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8"))
        digest.update(path.read_bytes())
    for name in _LIBRARIES:
        found = importlib.util.find_spec(name)  # found, not imported: not importing spaCy is what the cache saves
        if found is not None and found.origin is not None:
            status = os.stat(found.origin)  # an upgrade writes the file anew
            digest.update(f"{name}:{found.origin}:{status.st_size}:{status.st_mtime_ns}".encode())
    return digest.hexdigest()


def _policy_material(policy: Policy) -> dict[str, object]:
    return {
        "select": sorted(policy.select),
        "ignore": sorted(policy.ignore),
        "severities": sorted((selector, str(severity)) for selector, severity in policy.severities.items()),
        "mentions": str(policy.mentions.value),
        "genre": policy.genre,
    }


def _record(finding: Finding) -> dict[str, object]:
    return {
        "rule": finding.rule,
        "category": finding.category,
        "severity": str(finding.severity),
        "span": [finding.start, finding.end, finding.line, finding.column, finding.end_line, finding.end_column],
        "text": finding.text,
        "message": finding.message,
        "suggestions": list(finding.suggestions),
        "location": dict(finding.location) if finding.location is not None else None,
        "fix": finding.fix,
    }


def _finding(item: dict[str, object]) -> Finding:
    start, end, line, column, end_line, end_column = (int(value) for value in item["span"])  # type: ignore[attr-defined]
    location = item["location"]
    suggestions = item["suggestions"]
    fix = item["fix"]
    if not isinstance(suggestions, list) or not (location is None or isinstance(location, dict)):
        raise TypeError("not a cached finding")
    return Finding(
        rule=str(item["rule"]),
        category=str(item["category"]),
        severity=Severity(str(item["severity"])),
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        text=str(item["text"]),
        message=str(item["message"]),
        suggestions=tuple(str(suggestion) for suggestion in suggestions),
        location=location,
        fix=None if fix is None else str(fix),
    )
