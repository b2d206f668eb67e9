"""The values that travel through a batch scan; all plain, frozen and picklable.

They cross process boundaries (local workers, Dask workers), so they hold only
strings, numbers and tuples: no open files, no linter, no spaCy objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class ScanSettings:
    """How every document of a scan is checked: the settings of ``check`` plus the worker's bounds.

    ``command_line`` holds the settings given on the command line, keyed like the
    configuration file (as ``checking.CheckRequest.command_line``); each document
    still follows the configuration nearest to it. Stored as a tuple of pairs so
    the value is hashable and picklable.
    """

    command_line: tuple[tuple[str, object], ...] = ()
    config_file: str | None = None
    timeout: float = 60.0

    @property
    def options(self) -> Mapping[str, object]:
        """``command_line`` as a mapping."""
        return dict(self.command_line)


@dataclass(frozen=True, slots=True)
class DocumentTask:
    """One document to check.

    ``path`` is the path as ``check`` prints it for the PATH given (``root``
    joined with the walked sub-path); ``relative`` is the path relative to
    ``root`` with '/' separators, as the CSV files name it. ``data`` carries the
    file's bytes when the document is shipped to a worker that cannot see the
    file system (a remote Dask worker); otherwise it is None and the worker
    reads ``path``.
    """

    root: str
    path: str
    relative: str
    data: bytes | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class FindingRow:
    """One finding as the CSV file has it (``path`` and the group columns are added when writing)."""

    rule: str
    category: str
    severity: str
    text: str
    term: str  # one normalised form per rule variant: 'hoogopgeleide' and 'Hoogopgeleiden' count together
    suggestion: str  # the first suggestion, or ''
    line: int
    column: int
    page: int | None
    paragraph: int | None
    start: int
    end: int
    context: str  # the sentence, or about 120 characters, around the finding
    message: str  # the rule's message for this finding, for the report


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What checking one document gave: its findings, or why it could not be checked."""

    root: str
    path: str
    relative: str
    digest: str | None  # sha256 of the bytes read; None when the file could not be read at all
    format: str  # the file's extension without the dot, lower case: 'pdf', 'docx', 'md', ...
    words: int
    pages: int | None  # PDF pages (None where a format has no pages)
    year: int | None  # from the document's own metadata (Word core properties, PDF creation date)
    findings: tuple[FindingRow, ...]
    error: str | None  # the Dutch one-line message, as ``check`` reports it
    failed: bool  # a finding at or above the failing severity of the document's configuration


class Executor(Protocol):
    """Runs :func:`waardetaal.scan.work.check_document` over tasks, wherever the workers are.

    Results are yielded as documents finish, in any order. A document that hangs
    past ``settings.timeout`` or crashes its worker yields a result with an
    error, and the executor goes on with a fresh worker; it never raises for one
    document.
    """

    def results(self, tasks: Iterable[DocumentTask], settings: ScanSettings) -> Iterator[DocumentResult]:
        """A result for every task, as each finishes."""
        ...
