"""Checking the documents of a scan on a Dask cluster: an existing one (``tcp://host:8786``) or a local one.

Each Dask worker runs :func:`waardetaal.scan.work.check_document` in child
processes of its own (a Pebble pool, started by a worker plugin), because Dask
cannot stop a running task: a document that passes ``settings.timeout`` gets
its child stopped and replaced, one that crashes its child (a segfault in the
PDF library) ends as that document's error, and the Dask worker stays up. A
Dask worker that dies anyway (out of memory, killed) has its tasks rescheduled
by Dask; a document that kills every worker it touches ends as its error
(``KilledWorker``). The client keeps a bounded number of documents in flight,
so results stream to the store and memory stays bounded however many
documents there are.

Documents are read where they are (the workers see the same file system) or
shipped as bytes (:func:`shipped`) to workers that cannot see the files.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from dataclasses import replace
from itertools import islice
from types import FrameType

import dask
from dask.typing import Key
from distributed import Client, Future, KilledWorker, LocalCluster, WorkerPlugin, as_completed, get_worker
from pebble import ProcessPool

from waardetaal.limits import MAX_FILE_BYTES
from waardetaal.scan.local import outcome_of
from waardetaal.scan.model import DocumentResult, DocumentTask, ScanSettings
from waardetaal.scan.work import not_checked
from waardetaal.sources import Unreadable, read_regular

LOCAL = "local"
# Documents in flight per worker thread: enough that no worker waits for the
# client between two documents, few enough that shipped bytes and results stay
# bounded in memory.
_IN_FLIGHT_PER_THREAD = 4
_PLUGIN = "waardetaal-checking"
_CONNECT_SECONDS = 30


class ClusterUnavailable(RuntimeError):
    """The Dask cluster cannot be reached or cannot run the scan (the message is Dutch, for the user)."""


class DaskExecutor:
    """Runs the scan's documents on a Dask cluster at ``address``, or on a local one for ``local``."""

    def __init__(self, address: str, jobs: int | None = None, ship: bool = False) -> None:
        self.address = address
        self.jobs = jobs or os.cpu_count() or 1  # workers of a local cluster; an existing cluster has its own
        self.ship = ship  # send each document's bytes, for workers that cannot see the files

    def results(self, tasks: Iterable[DocumentTask], settings: ScanSettings) -> Iterator[DocumentResult]:
        """A result for every task, as each finishes on the cluster."""
        with self._client() as client:
            _prepare_workers(client)
            try:
                yield from _stream(client, shipped(tasks) if self.ship else tasks, settings, _in_flight(client))
            finally:
                with contextlib.suppress(Exception):  # the cluster may be gone; the scan's own error says so
                    client.unregister_worker_plugin(_PLUGIN)

    @contextlib.contextmanager
    def _client(self) -> Iterator[Client]:
        """A client of the cluster: a fresh local one (loopback only), or the one at the address."""
        if self.address == LOCAL:
            # Workers that are not daemonic may start the child processes that check the documents; the
            # setting holds as long as the cluster does, since a nanny reads it again to restart a lost worker.
            with dask.config.set({"distributed.worker.daemon": False}):
                cluster = LocalCluster(
                    n_workers=self.jobs,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    # The scheduler's HTTP server listens anyway: on a free loopback port, not on 8787,
                    # which a second scan on the machine would also want.
                    dashboard_address="127.0.0.1:0",
                    silence_logs=logging.CRITICAL,  # a lost worker is reported per document, not as a log line
                )
                with cluster, Client(cluster) as client:
                    yield client
            return
        try:
            client = Client(self.address, timeout=_CONNECT_SECONDS)
        except (OSError, ValueError) as error:
            raise ClusterUnavailable(f"kan de Dask-scheduler op {self.address} niet bereiken: {error}") from None
        with client:
            yield client


def shipped(tasks: Iterable[DocumentTask]) -> Iterator[DocumentTask]:
    """The tasks with each file's bytes in ``data``, for workers that cannot see the files; read lazily."""
    for task in tasks:
        try:
            data = read_regular(task.path, MAX_FILE_BYTES)
        except (Unreadable, OSError):  # left to the worker, whose reading reports it as the document's error
            yield task
        else:
            yield replace(task, data=data)


class CheckingPool(WorkerPlugin):
    """On every Dask worker: the child processes that check documents, one per worker thread."""

    pool: ProcessPool | None = None

    def setup(self, worker: object) -> None:
        """Start the pool (Pebble starts its processes on the first document)."""
        threads = getattr(getattr(worker, "state", None), "nthreads", 1)
        # spawn, not fork: a Dask worker has threads, and a fresh interpreter holds none of their locks
        self.pool = ProcessPool(threads, initializer=_start_child, context=multiprocessing.get_context("spawn"))

    def teardown(self, worker: object) -> None:
        """Stop the pool and whatever its processes were doing."""
        if self.pool is not None:
            self.pool.stop()
            self.pool.join()
            self.pool = None


def check_on_worker(task: DocumentTask, settings: ScanSettings) -> DocumentResult:
    """On a Dask worker: the document's result from a child process, within ``settings.timeout``."""
    from waardetaal.scan.work import check_document

    plugin = get_worker().plugins[_PLUGIN]
    assert isinstance(plugin, CheckingPool) and plugin.pool is not None  # registered before any task
    future = plugin.pool.schedule(check_document, args=(task, settings), timeout=settings.timeout)
    return outcome_of(future, task, settings)  # a timed-out or crashed child is replaced by Pebble


def _start_child() -> None:
    """In a new child: its own process group, so stopping it also stops a PDF reader it forked."""
    os.setpgrp()
    # Ctrl+C is the scan's to handle (it stops the cluster); the child must not take it for a failed document.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_group)


def _stop_group(signum: int, frame: FrameType | None) -> None:
    os.killpg(0, signal.SIGKILL)


def _is_daemonic() -> bool:
    """On a Dask worker: whether it runs as a daemonic process (which may not start child processes)."""
    return bool(multiprocessing.current_process().daemon)


def _prepare_workers(client: Client) -> None:
    """Wait for a worker, refuse daemonic ones, and start the checking pool on each."""
    try:
        client.wait_for_workers(1, timeout=_CONNECT_SECONDS)
    except TimeoutError:
        raise ClusterUnavailable(
            f"de Dask-scheduler heeft na {_CONNECT_SECONDS} s nog geen werkers; start er een met dask worker"
        ) from None
    if any(client.run(_is_daemonic).values()):
        raise ClusterUnavailable(
            "de Dask-werkers draaien als daemon en kunnen de documenten niet in eigen werkprocessen controleren; "
            "start ze met DASK_DISTRIBUTED__WORKER__DAEMON=False"
        )
    client.register_plugin(CheckingPool(), name=_PLUGIN)


def _in_flight(client: Client) -> int:
    """How many documents to keep on the cluster at once."""
    threads = sum(int(count) for count in client.nthreads().values())
    return max(2, _IN_FLIGHT_PER_THREAD * threads)


def _stream(
    client: Client, tasks: Iterable[DocumentTask], settings: ScanSettings, window: int
) -> Iterator[DocumentResult]:
    """Results as documents finish, with at most ``window`` documents submitted and not yet collected."""
    waiting: dict[Key, DocumentTask] = {}
    finished = as_completed()
    remaining = iter(tasks)

    def submit(task: DocumentTask) -> None:
        # Shipped bytes go straight to a worker, not through the scheduler's task graph.
        payload = client.scatter(task, hash=False) if task.data is not None else task
        future = client.submit(check_on_worker, payload, settings, pure=False)
        waiting[future.key] = task
        finished.add(future)

    for task in islice(remaining, window):
        submit(task)
    for future in finished:
        task = waiting.pop(future.key)
        yield _outcome(future, task)
        following = next(remaining, None)
        if following is not None:
            submit(following)


def _outcome(future: Future[DocumentResult], task: DocumentTask) -> DocumentResult:
    """The future's result, or the document's Dutch error when no worker could finish it."""
    try:
        result = future.result()
    except KilledWorker:
        return not_checked(task, "elke Dask-werker die dit document controleerde, is gestopt; niet gecontroleerd")
    except CancelledError:
        raise ClusterUnavailable("de verbinding met de Dask-scheduler is verbroken; de scan is gestopt") from None
    except Exception as error:  # the task failed on the worker: its document is an error, the scan goes on
        return not_checked(task, f"de controle is onverwacht gestopt ({type(error).__name__}); niet gecontroleerd")
    finally:
        future.release()
    assert isinstance(result, DocumentResult)
    return result
