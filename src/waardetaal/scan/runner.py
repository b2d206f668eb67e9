"""One scan from start to end: walk, skip what the store already has, check the rest, record, write the outputs.

The walk is lazy and done twice: once only counting (so progress knows the
total), once handing documents to the executor as it asks for them. Both
happen after the executor has been asked for results, so it can get ready
(the local one starts its fork server, which imports spaCy) while the folders
are still being walked; the report's libraries are imported in the background
meanwhile. Each result is recorded as it arrives, so a scan stopped at any
moment keeps every finished document and the next run goes on from there. A
document is checked again only when its content changed (size and
modification time, or else its digest) or the fingerprint of the rules and
settings for its folder did (every rule file's bytes, the resolved
configuration and the waardetaal version). The outputs are always written from the whole store, also after
Ctrl+C, so they describe every document finished so far.
"""

from __future__ import annotations

import functools
import glob
import hashlib
import os
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from waardetaal import __version__
from waardetaal.config import Config, ConfigError, resolve_config
from waardetaal.limits import MAX_FILE_BYTES, MAX_RULE_FILE_BYTES
from waardetaal.rules import Catalog, load_catalog
from waardetaal.scan.groups import Grouping
from waardetaal.scan.model import DocumentTask, Executor, ScanSettings
from waardetaal.scan.progress import Counts, Progress
from waardetaal.scan.report import BaselineError, check_baseline, prepare, write_report
from waardetaal.scan.store import FileState, Store, Totals
from waardetaal.scan.tables import write_tables
from waardetaal.scan.work import not_checked
from waardetaal.sources import Unreadable, read_regular, walk_lazily

STORE_FILE = "scan.sqlite"
# Configuration keys that change how a scan is walked or printed, not what a document's findings are.
_NOT_RESULTS = frozenset({"exclude", "format"})


@dataclass(frozen=True)
class ScanRequest:
    """What to scan, where the outputs go, and how documents are checked and grouped."""

    paths: Sequence[str]
    output: Path
    settings: ScanSettings = field(default_factory=ScanSettings)
    grouping: Grouping = field(default_factory=Grouping)
    baseline: Path | None = None


@dataclass(frozen=True)
class ScanOutcome:
    """What a scan did this run, and what the store (and so the outputs) now holds."""

    counts: Counts
    totals: Totals
    interrupted: bool


@dataclass(frozen=True, slots=True)
class _Found:
    """A document the walk found, or a path that could not be walked (``problem``, in Dutch)."""

    task: DocumentTask
    state: FileState | None = None
    problem: str | None = None


def run_scan(request: ScanRequest, executor: Executor, progress_for: Callable[[int], Progress]) -> ScanOutcome:
    """Scan, record and write the outputs.

    Raises ConfigError or RuleFileError when the rules cannot be loaded, and
    BaselineError for an unusable ``--baseline``, all before anything is checked.
    """
    configs = {
        given: resolve_config(Path(given), _explicit(request.settings), request.settings.options)
        for given in request.paths
    }
    catalog = _catalog(configs.values())
    if request.baseline is not None:  # an unusable one is refused before the scan, not after it
        if request.baseline.resolve() == request.output.resolve():
            raise BaselineError(
                f"{request.baseline}: de vorige scan (--baseline) moet een andere map zijn dan --output"
            )
        check_baseline(request.baseline)
    categories = list(dict.fromkeys(rule.category for rule in catalog.rules))
    request.output.mkdir(parents=True, exist_ok=True)
    prepare()
    with Store(request.output / STORE_FILE) as store:
        shown = _Shown(progress_for)
        interrupted = False
        try:
            _check(request, configs, executor, store, shown)
            store.forget_unseen()
        except KeyboardInterrupt:
            interrupted = True
        finally:
            shown.close()
        counts = shown.progress.counts if shown.progress is not None else Counts(0)
        write_tables(store, request.output, request.grouping, [*categories, *_others(store, categories)])
        write_report(request.output, request.grouping.columns, request.baseline, catalog)
        return ScanOutcome(counts, store.totals(), interrupted)


def interrupted_line(outcome: ScanOutcome) -> str:
    """The Dutch line after Ctrl+C: how far the scan got and how to go on."""
    counts = outcome.counts
    return (
        f"Onderbroken na {counts.done} van {counts.total} documenten; "
        "start dezelfde opdracht opnieuw om verder te gaan."
    )


def closing_line(outcome: ScanOutcome, output: str) -> str:
    """The Dutch line at the end: what was checked now, what the outputs hold, and where they are."""
    counts, totals = outcome.counts, outcome.totals
    return (
        f"{counts.done - counts.skipped} gecontroleerd, {counts.skipped} ongewijzigd sinds de vorige scan; "
        f"{totals.findings} bevindingen in {totals.documents} documenten, {totals.errors} onleesbaar. "
        f"Uitvoer in {output}."
    )


@dataclass
class _Shown:
    """The scan's progress, made once the documents have been counted."""

    progress_for: Callable[[int], Progress]
    progress: Progress | None = None

    def start(self, total: int) -> Progress:
        """Show progress over ``total`` documents."""
        self.progress = self.progress_for(total)
        return self.progress

    def close(self) -> None:
        """End the progress display, if it was started."""
        if self.progress is not None:
            self.progress.close()


def _check(request: ScanRequest, configs: dict[str, Config], executor: Executor, store: Store, shown: _Shown) -> None:
    """Hand every new or changed document to the executor and record each result as it comes."""
    fingerprints = _Fingerprints(request.settings)
    handed_out: dict[str, tuple[FileState | None, str]] = {}  # path -> what to record with its result

    def to_check() -> Iterator[DocumentTask]:
        # First pulled by the executor once it is getting ready: counting overlaps that.
        progress = shown.start(sum(1 for _ in _walk(request, configs, with_state=False)))
        for found in _walk(request, configs):
            path = found.task.path
            store.seen(path)
            if found.problem is not None:
                result = not_checked(found.task, found.problem)
                store.record(result, None, "")
                progress.add(result)
                continue
            fingerprint = fingerprints.of(Path(path).parent)
            if _unchanged(store, path, found.state, fingerprint):
                progress.add(None)
                continue
            handed_out[path] = (found.state, fingerprint)
            yield found.task

    results = executor.results(to_check(), request.settings)
    try:
        for result in results:
            state, fingerprint = handed_out.pop(result.path)
            store.record(result, state, fingerprint)
            if shown.progress is not None:  # always: a result comes after its task was walked
                shown.progress.add(result)
    finally:
        if isinstance(results, Generator):  # stop the workers now, also when Ctrl+C came in between two results
            results.close()


def _unchanged(store: Store, path: str, state: FileState | None, fingerprint: str) -> bool:
    """Whether the store holds ``path`` checked with these rules and this content (refreshing its file state)."""
    previous = store.previous(path)
    if previous is None or previous.fingerprint != fingerprint or state is None:
        return False
    if previous.state == state:
        return True
    if previous.digest is None or previous.digest != _digest(path):
        return False
    store.refresh(path, state)  # touched or copied, same bytes: no need to read it again next time
    return True


def _walk(request: ScanRequest, configs: dict[str, Config], with_state: bool = True) -> Iterator[_Found]:
    """Every document under the scanned paths, as ``check`` walks them, lazily.

    Without ``with_state`` no file is asked for its size and time: counting
    the documents needs only their names.
    """
    found = _found_file if with_state else _Found
    for given in request.paths:
        root = Path(given)
        if root.is_dir():
            yield from _walk_folder(
                given, _output_inside(request.output, root), _nested_excludes(root, request.settings), found
            )
        elif root.exists():
            yield found(DocumentTask(given, given, root.name))
        else:
            yield _Found(DocumentTask(given, given, root.name), problem="bestand of map bestaat niet")


def _nested_excludes(root: Path, settings: ScanSettings) -> Callable[[Path], bool]:
    """Whether the walk of ``root`` skips a path: its folder's own configuration decides, as in ``check``."""

    @functools.cache
    def near(folder: Path) -> Config:
        return resolve_config(folder, _explicit(settings), settings.options)

    return lambda path: near(path.parent).excludes(path, root)


def _walk_folder(
    given: str, exclude: Sequence[str], skip: Callable[[Path], bool], found: Callable[[DocumentTask], _Found]
) -> Iterator[_Found]:
    root = Path(given)
    problems: list[tuple[Path, str]] = []
    for file in walk_lazily(root, exclude, lambda where, message: problems.append((where, message)), skip):
        yield from _problems(given, problems)
        yield found(DocumentTask(given, str(file), file.relative_to(root).as_posix()))
    yield from _problems(given, problems)


def _problems(given: str, problems: list[tuple[Path, str]]) -> Iterator[_Found]:
    while problems:
        where, message = problems.pop(0)
        yield _Found(DocumentTask(given, str(where), where.relative_to(given).as_posix()), problem=message)


def _found_file(task: DocumentTask) -> _Found:
    try:
        status = os.stat(task.path)
    except OSError:
        return _Found(task)  # the worker reports why it cannot be read
    return _Found(task, FileState(status.st_size, status.st_mtime_ns))


def _output_inside(output: Path, root: Path) -> list[str]:
    """An exclude pattern for the output folder when it lies inside the scanned folder (its report is no input)."""
    relative = os.path.relpath(output.resolve(), root.resolve())
    return [] if relative.startswith("..") else [glob.escape(Path(relative).as_posix())]


def _digest(path: str) -> str | None:
    try:
        return hashlib.sha256(read_regular(path, MAX_FILE_BYTES)).hexdigest()
    except Unreadable:
        return None


class _Fingerprints:
    """The fingerprint of the rules and settings that apply in each folder, computed once per folder."""

    def __init__(self, settings: ScanSettings) -> None:
        self._settings = settings
        self._folders: dict[Path, str] = {}
        self._rule_files: dict[Path, str] = {}

    def of(self, folder: Path) -> str:
        """The fingerprint for documents in ``folder``."""
        if folder not in self._folders:
            self._folders[folder] = self._compute(folder)
        return self._folders[folder]

    def _compute(self, folder: Path) -> str:
        digest = hashlib.sha256(f"waardetaal {__version__}\n".encode())
        try:
            config = resolve_config(folder, _explicit(self._settings), self._settings.options)
        except ConfigError as error:  # every document here becomes this error; fixing the file changes it
            digest.update(f"fout: {error}".encode())
            return digest.hexdigest()
        values = sorted((key, repr(value)) for key, value in config.values.items() if key not in _NOT_RESULTS)
        digest.update(repr((values, str(config.path))).encode())
        for rule_file in config.rule_set_files():
            digest.update(f"{rule_file}={self._rule_file(rule_file)}\n".encode())
        return digest.hexdigest()

    def _rule_file(self, path: Path) -> str:
        if path not in self._rule_files:
            try:
                self._rule_files[path] = hashlib.sha256(read_regular(path, MAX_RULE_FILE_BYTES)).hexdigest()
            except Unreadable as error:
                self._rule_files[path] = f"onleesbaar: {error}"
        return self._rule_files[path]


def _explicit(settings: ScanSettings) -> Path | None:
    return Path(settings.config_file) if settings.config_file else None


def _catalog(configs: Iterable[Config]) -> Catalog:
    """The rules loaded for the scanned paths, each rule file once; raises for a bad rule file."""
    files = dict.fromkeys(path for config in configs for path in config.rule_set_files())
    return load_catalog(list(files))


def _others(store: Store, categories: Sequence[str]) -> list[str]:
    """Categories found that the scanned paths' own rules do not have (rule files of a nested configuration)."""
    return [name for name in store.categories() if name not in categories]
