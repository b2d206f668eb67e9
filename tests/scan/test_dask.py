"""The Dask executor: the same results as checking in-process, on local clusters (loopback only).

Workers are killed for real (SIGKILL) and documents are stopped for real
(a timeout, a killed child process); every test checks that each document gives
exactly one result and that the others are what ``check_document`` gives.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="Dask is not installed: pip install waardetaal[dask]")
psutil = pytest.importorskip("psutil", reason="psutil comes with distributed")

import dask  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402
from tests.scan.corpus import build_corpus  # noqa: E402

from waardetaal.scan.dask import ClusterUnavailable, DaskExecutor, shipped  # noqa: E402
from waardetaal.scan.groups import Grouping, parse_group_by  # noqa: E402
from waardetaal.scan.model import DocumentResult, DocumentTask, ScanSettings  # noqa: E402
from waardetaal.scan.progress import progress_for  # noqa: E402
from waardetaal.scan.runner import ScanRequest, run_scan  # noqa: E402
from waardetaal.scan.work import check_document  # noqa: E402

SETTINGS = ScanSettings()
GROUPS = "afdeling=1,jaar=2"


def tasks_of(root: Path) -> list[DocumentTask]:
    """A task for every file under ``root``, in path order."""
    files = sorted(path for path in root.rglob("*") if path.is_file())
    return [DocumentTask(str(root), str(path), path.relative_to(root).as_posix()) for path in files]


def by_relative(results: Iterable[DocumentResult]) -> dict[str, DocumentResult]:
    """The results keyed by relative path; fails when a document came back twice."""
    keyed: dict[str, DocumentResult] = {}
    for result in results:
        assert result.relative not in keyed, f"{result.relative} twice"
        keyed[result.relative] = result
    return keyed


@contextlib.contextmanager
def cluster(workers: int, daemon: bool = False) -> Iterator[tuple[LocalCluster, Client]]:
    """A local cluster on loopback whose workers, restarted ones too, may (or may not) start processes."""
    with (
        dask.config.set({"distributed.worker.daemon": daemon}),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # not 8787, which another cluster may hold
            silence_logs=logging.CRITICAL,
        ) as local,
        Client(local) as client,
    ):
        yield local, client


def worker_pids(client: Client) -> list[int]:
    """The process ids of the cluster's workers."""
    return sorted(client.run(os.getpid).values())


def checking_children(pid: int) -> list[int]:
    """The processes a worker started to check documents in (not multiprocessing's resource tracker)."""
    children = psutil.Process(pid).children()
    return [child.pid for child in children if "spawn_main" in " ".join(child.cmdline())]


def killing(results: Iterator[DocumentResult], after: int, kill: threading.Event) -> Iterator[DocumentResult]:
    """The results, setting ``kill`` once ``after`` of them have arrived."""
    for number, result in enumerate(results, start=1):
        if number == after:
            kill.set()
        yield result


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    build_corpus(root, 24)
    return root


@pytest.fixture(scope="module")
def expected(corpus: Path) -> dict[str, DocumentResult]:
    return by_relative(check_document(task, SETTINGS) for task in tasks_of(corpus))


@pytest.fixture(scope="module")
def two_workers() -> Iterator[tuple[LocalCluster, Client]]:
    with cluster(2) as both:
        yield both


def scan_cli(corpus: Path, output: Path, *options: str) -> None:
    """``waardetaal scan`` of ``corpus`` into ``output``, as a user runs it."""
    command = [sys.executable, "-m", "waardetaal", "scan", str(corpus), "-o", str(output), "--quiet"]
    ran = subprocess.run([*command, "--group-by", GROUPS, *options], capture_output=True, text=True, timeout=300)
    assert ran.returncode == 2, ran.stderr  # the corrupt document
    assert (output / "rapport.html").is_file()


def tables(output: Path) -> tuple[bytes, bytes]:
    """The two CSV files of a scan's output folder."""
    return (output / "bevindingen.csv").read_bytes(), (output / "documenten.csv").read_bytes()


@pytest.fixture(scope="module")
def two_jobs(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    output = tmp_path_factory.mktemp("twee-processen")
    scan_cli(corpus, output, "--jobs", "2")
    return tables(output)


def test_a_local_cluster_gives_the_csv_files_of_two_jobs(
    corpus: Path, two_jobs: tuple[bytes, bytes], tmp_path: Path
) -> None:
    scan_cli(corpus, tmp_path, "--scheduler", "local", "--jobs", "2")
    assert tables(tmp_path) == two_jobs
    findings, documents = two_jobs
    assert findings.count(b"\n") > 10 and documents.count(b"\n") == 25  # header and every document


class KillingWorker:
    """The Dask executor, with one worker process killed (SIGKILL) once ``after`` results have arrived."""

    def __init__(self, executor: DaskExecutor, victim: int, after: int) -> None:
        self.executor, self.victim, self.after = executor, victim, after
        self.children: list[int] = []

    def results(self, tasks: Iterable[DocumentTask], settings: ScanSettings) -> Iterator[DocumentResult]:
        """The executor's results, killing the victim on the way."""
        for number, result in enumerate(self.executor.results(tasks, settings), start=1):
            if number == self.after:
                self.children = checking_children(self.victim)
                os.kill(self.victim, signal.SIGKILL)
            yield result


def test_a_worker_killed_mid_scan_changes_no_csv_file(
    corpus: Path, two_jobs: tuple[bytes, bytes], two_workers: tuple[LocalCluster, Client], tmp_path: Path
) -> None:
    local, client = two_workers
    victim = worker_pids(client)[0]
    executor = KillingWorker(DaskExecutor(local.scheduler_address), victim, after=3)
    request = ScanRequest([str(corpus)], tmp_path, SETTINGS, Grouping(parse_group_by(GROUPS)))
    outcome = run_scan(request, executor, lambda total: progress_for(total, sys.stderr, quiet=True))
    assert not outcome.interrupted and outcome.counts.done == 24
    assert victim not in worker_pids(client)
    # run_scan writes what check prints: paths relative to the scanned folder, so the CSV files can be compared.
    assert tables(tmp_path) == two_jobs
    # The killed worker's checking process does not outlive it.
    children = [psutil.Process(pid) for pid in executor.children if psutil.pid_exists(pid)]
    _, alive = psutil.wait_procs(children, timeout=10)
    assert not alive


def test_a_document_that_kills_every_worker_is_its_error_and_the_scan_goes_on(
    corpus: Path, expected: dict[str, DocumentResult], two_workers: tuple[LocalCluster, Client]
) -> None:
    local, client = two_workers
    client.run_on_scheduler(_allow_failures, 0)  # the first worker lost with a document settles it
    try:
        kill = threading.Event()
        results = DaskExecutor(local.scheduler_address).results(tasks_of(corpus), SETTINGS)
        victim = worker_pids(client)[0]
        gathered = []
        for result in killing(results, 3, kill):
            if kill.is_set() and psutil.pid_exists(victim):
                os.kill(victim, signal.SIGKILL)
            gathered.append(result)
    finally:
        client.run_on_scheduler(_allow_failures, 3)
    results = by_relative(gathered)
    assert results.keys() == expected.keys()
    lost = [relative for relative, result in results.items() if result != expected[relative]]
    assert lost
    for relative in lost:
        assert results[relative].error == (
            "elke Dask-werker die dit document controleerde, is gestopt; niet gecontroleerd"
        )
        assert results[relative].digest is None and not results[relative].findings


def _allow_failures(count: int, dask_scheduler: object) -> None:
    dask_scheduler.allowed_failures = count  # type: ignore[attr-defined]


def test_documents_past_the_timeout_are_errors_and_fresh_children_go_on(
    corpus: Path, expected: dict[str, DocumentResult], two_workers: tuple[LocalCluster, Client]
) -> None:
    local, _ = two_workers
    executor = DaskExecutor(local.scheduler_address)
    tasks = tasks_of(corpus)[:2]
    hurried = by_relative(executor.results(tasks, ScanSettings(timeout=0.001)))
    assert hurried.keys() == {task.relative for task in tasks}
    for result in hurried.values():
        assert result.error == "de controle duurde langer dan 0.001 s en is afgebroken; niet gecontroleerd"
        assert not result.findings
    patient = by_relative(executor.results(tasks, SETTINGS))
    assert patient == {task.relative: expected[task.relative] for task in tasks}


def test_a_document_whose_process_dies_is_its_error_and_the_next_is_checked(tmp_path: Path) -> None:
    # Document b takes seconds: a finding in every one of its 20,000 sentences.
    slow = "Veel hoogopgeleiden wonen hier. " * 20_000
    for folder, text in (("a", "Veel hoogopgeleiden."), ("b", slow), ("c", "Laagopgeleiden.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "tekst.txt").write_text(text, encoding="utf-8")
    tasks = [task for task in tasks_of(tmp_path) if task.relative.endswith(".txt")]
    with cluster(1) as (local, client):
        (worker,) = worker_pids(client)
        results = DaskExecutor(local.scheduler_address).results(tasks, SETTINGS)
        first = next(results)
        time.sleep(0.5)
        (child,) = checking_children(worker)
        os.kill(child, signal.SIGKILL)
        gathered = by_relative([first, *results])
    assert gathered["a/tekst.txt"] == check_document(tasks[0], SETTINGS)
    assert gathered["b/tekst.txt"].error == (
        "het werkproces stopte onverwacht tijdens de controle (signaal 9); niet gecontroleerd"
    )
    assert gathered["c/tekst.txt"] == check_document(tasks[2], SETTINGS)


def test_shipped_documents_need_no_shared_file_system(
    corpus: Path, expected: dict[str, DocumentResult], two_workers: tuple[LocalCluster, Client], tmp_path: Path
) -> None:
    copy = tmp_path / "kopie"
    shutil.copytree(corpus, copy)
    missing = DocumentTask(str(copy), str(copy / "weg.txt"), "weg.txt")
    tasks = list(shipped([*tasks_of(copy), missing]))
    shutil.rmtree(copy)  # the workers only have the bytes now
    assert all(task.data is not None for task in tasks[:-1]) and tasks[-1].data is None
    results = by_relative(DaskExecutor(two_workers[0].scheduler_address).results(tasks, SETTINGS))
    assert results.pop("weg.txt").error == check_document(missing, SETTINGS).error
    assert {relative: _content(result) for relative, result in results.items()} == {
        relative: _content(result) for relative, result in expected.items()
    }


def _content(result: DocumentResult) -> tuple[object, ...]:
    """What a result says about its document, leaving out where the document was."""
    return (result.digest, result.format, result.words, result.pages, result.year, result.findings, result.error)


def test_workers_that_may_not_start_processes_are_refused_in_dutch(corpus: Path) -> None:
    with cluster(1, daemon=True) as (local, _), pytest.raises(ClusterUnavailable, match="WORKER__DAEMON=False"):
        list(DaskExecutor(local.scheduler_address).results(tasks_of(corpus), SETTINGS))
