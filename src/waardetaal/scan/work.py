"""The per-document function of a scan: read, lint as ``check`` does, and return plain data.

Every executor (local worker processes, Dask workers) runs
:func:`check_document`. A process keeps one :class:`~waardetaal.checking.Checker`,
so the linter of a set of rule files is built once per process and the
configuration of a folder is read once per scan; a result is only strings,
numbers and tuples, so it crosses process boundaries as it is.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from pathlib import Path

from waardetaal.checking import Checker, CheckRequest
from waardetaal.config import Config, ConfigError
from waardetaal.findings import FileReport, Finding
from waardetaal.limits import MAX_FILE_BYTES
from waardetaal.readers import ReadingHints
from waardetaal.rules import RuleFileError
from waardetaal.scan.model import DocumentResult, DocumentTask, FindingRow, ScanSettings
from waardetaal.scan.terms import term_of
from waardetaal.scan.text_stats import context, word_count
from waardetaal.sources import Document, Unreadable, extract, read_regular


@dataclass(slots=True)
class _Worker:
    """What a process keeps between documents: its checker and the settings its configurations were read for."""

    checker: Checker
    settings: ScanSettings | None = None
    request: CheckRequest | None = None

    def request_for(self, settings: ScanSettings) -> CheckRequest:
        """The check request of ``settings``; other settings than last time read the configurations again."""
        if self.request is None or settings != self.settings:
            self.checker.forget_configs()
            config_file = Path(settings.config_file) if settings.config_file else None
            self.request = CheckRequest((), settings.options, config_file)
            self.settings = settings
        return self.request


_worker: _Worker | None = None
# As sources says it of a file that grew past the bound while it was read.
_TOO_LARGE = f"te groot (meer dan {MAX_FILE_BYTES // 2**20} MB, de grens): niet gelezen"


def _this_worker() -> _Worker:
    global _worker  # one per process: building a linter takes seconds, so it is kept
    if _worker is None:
        _worker = _Worker(Checker())
    return _worker


def build_linter(settings: ScanSettings) -> None:
    """Build this process's linter before its first document (for the configuration of the working folder).

    Its matchers are compiled as documents need them, not all at once: a re-run
    that checks ten changed documents should not wait for matchers none of them
    needs, and compiling one is a matter of milliseconds against a document's
    timeout of seconds.
    """
    worker = _this_worker()
    # A broken configuration is no reason to stop: every document checked under it reports the error itself.
    with contextlib.suppress(ConfigError, RuleFileError):
        worker.checker.linter_near(Path("."), worker.request_for(settings))


def new_scan() -> None:
    """Read configuration files again from the next document on (a long-lived worker starting another scan)."""
    if _worker is not None:
        _worker.checker.forget_configs()


def check_document(task: DocumentTask, settings: ScanSettings) -> DocumentResult:
    """Check one document exactly as ``waardetaal check`` would; never raises for a bad document."""
    try:
        return _checked(task, settings)
    except (ConfigError, RuleFileError) as error:
        kind = "configuratie" if isinstance(error, ConfigError) else "regelbestand"
        return not_checked(task, f"fout in {kind}: {error}")
    except Exception as error:  # one document that breaks a library must not stop the scan
        return not_checked(task, f"kan het bestand niet controleren: {type(error).__name__}")


def _checked(task: DocumentTask, settings: ScanSettings) -> DocumentResult:
    worker = _this_worker()
    request = worker.request_for(settings)
    data, document = _read(task, worker.checker.hints_near(Path(task.path).parent, request))
    report, config = worker.checker.check_read(document, request)
    digest = hashlib.sha256(data).hexdigest() if data is not None else None
    if document.text is None:
        return not_checked(task, report.error or "kan het bestand niet lezen", digest)
    return DocumentResult(
        root=task.root,
        path=task.path,
        relative=task.relative,
        digest=digest,
        format=_format(task),
        words=word_count(document.text),
        pages=document.pages,
        year=document.year,
        findings=_rows(document.text, report),
        error=report.error,
        failed=_failed(report, config),
    )


def _read(task: DocumentTask, hints: ReadingHints) -> tuple[bytes | None, Document]:
    """The bytes of the document (None when none could be read) and the document read from them."""
    data = task.data
    if data is None:
        try:
            data = read_regular(task.path, MAX_FILE_BYTES)
        except Unreadable as error:
            return None, Document(task.path, None, str(error))
    elif len(data) > MAX_FILE_BYTES:  # shipped bytes keep the bound a file read here has
        return None, Document(task.path, None, _TOO_LARGE)
    return data, extract(task.path, data, Path(task.path).suffix, hints)


def _rows(text: str, report: FileReport) -> tuple[FindingRow, ...]:
    return tuple(_row(text, finding) for finding in report.findings)


def _row(text: str, finding: Finding) -> FindingRow:
    location = finding.location or {}
    page, paragraph = location.get("page"), location.get("paragraph")
    return FindingRow(
        rule=finding.rule,
        category=finding.category,
        severity=str(finding.severity),
        text=finding.text,
        term=term_of(finding.text),
        suggestion=finding.suggestions[0] if finding.suggestions else "",
        line=finding.line,
        column=finding.column,
        page=page if isinstance(page, int) else None,
        paragraph=paragraph if isinstance(paragraph, int) else None,
        start=finding.start,
        end=finding.end,
        context=context(text, finding.start, finding.end),
        message=finding.message,
    )


def _failed(report: FileReport, config: Config) -> bool:
    return any(finding.severity.at_least(config.fail_on) for finding in report.findings)


def _format(task: DocumentTask) -> str:
    return Path(task.path).suffix.lower().removeprefix(".")


def not_checked(task: DocumentTask, error: str, digest: str | None = None) -> DocumentResult:
    """The result of a document that could not be checked, with the Dutch reason."""
    return DocumentResult(
        root=task.root,
        path=task.path,
        relative=task.relative,
        digest=digest,
        format=_format(task),
        words=0,
        pages=None,
        year=None,
        findings=(),
        error=error,
        failed=False,
    )
