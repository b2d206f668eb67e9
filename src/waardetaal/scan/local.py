"""The local executor of a scan: worker processes on this machine (Pebble's ProcessPool).

Each worker builds its linter once, when it starts, and then checks documents
as they come. At most 64 documents wait in the queue at a time, so a folder of
100,000 files is never all in memory; results come back in the order
they finish. A document that takes longer than ``settings.timeout`` has its
worker stopped (with any PDF child it started) and one that crashes its worker
becomes that document's Dutch error; Pebble starts a fresh worker either way.

Workers are forked from a fork server that has imported waardetaal and spaCy
once, so a fresh worker (also one replacing a stopped one) only builds its
linter; nothing is forked from the parent, whose threads (progress bar,
Pebble's own) could hold a lock at the moment of the fork.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from multiprocessing import forkserver
from types import FrameType

from pebble import ProcessExpired, ProcessPool

from waardetaal.scan.model import DocumentResult, DocumentTask, ScanSettings
from waardetaal.scan.work import build_linter, check_document, not_checked

CheckFunction = Callable[[DocumentTask, ScanSettings], DocumentResult]

# Documents handed to Pebble's queue ahead of the workers: enough that the walk (and its skipping of
# unchanged documents) runs on while the workers are still starting, few enough that a folder of
# 100,000 files is never all in memory.
_QUEUED = 64
# What the fork server imports before it forks a worker: first the module that
# spares it Python's teardown at the end, then what every worker needs.
FORK_SERVER_PRELOAD = ("waardetaal.scan.fork_server", "waardetaal.scan.work", "waardetaal.nlp", "spacy.lang.nl")


class WorkersUnavailable(RuntimeError):
    """The worker processes could not be started or kept going (the message is Dutch, for the user)."""


class LocalExecutor:
    """Checks documents in ``jobs`` worker processes with ``function`` (the real check unless a test says otherwise)."""

    def __init__(self, jobs: int, function: CheckFunction = check_document) -> None:
        self.jobs = jobs
        self.function = function

    def results(self, tasks: Iterable[DocumentTask], settings: ScanSettings) -> Iterator[DocumentResult]:
        """A result for every task, as each finishes; the workers stop when this ends or is closed."""
        pool = ProcessPool(max_workers=self.jobs, initializer=_start_worker, initargs=(settings,), context=_context())
        pending: dict[Future[DocumentResult], DocumentTask] = {}
        # Each future puts itself here when it is done: taking the next is one step, where
        # waiting on all pending futures would cost a step per pending one for every result.
        finished: queue.SimpleQueue[Future[DocumentResult]] = queue.SimpleQueue()
        waiting = iter(tasks)
        _start_fork_server()
        try:
            while True:
                while len(pending) < max(_QUEUED, 2 * self.jobs) and (task := next(waiting, None)) is not None:
                    future = _schedule(pool, self.function, task, settings)
                    pending[future] = task
                    future.add_done_callback(finished.put)
                if not pending:
                    return
                done = finished.get()
                yield outcome_of(done, pending.pop(done), settings)
        finally:
            pool.stop()  # type: ignore[no-untyped-call]  # Pebble leaves this one unannotated
            pool.join()


def _schedule(
    pool: ProcessPool, function: CheckFunction, task: DocumentTask, settings: ScanSettings
) -> Future[DocumentResult]:
    try:
        return pool.schedule(function, args=(task, settings), timeout=settings.timeout)
    except RuntimeError as error:  # Pebble gave up on the pool: no worker could be started
        raise WorkersUnavailable(f"de werkprocessen konden niet starten ({error}); niets meer gecontroleerd") from None


def _context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(FORK_SERVER_PRELOAD))
    return context


def _start_worker(settings: ScanSettings) -> None:
    """In a new worker: a process group of its own, then build the linter."""
    # Ctrl+C in the terminal goes to the scan, which stops the workers; a worker must not
    # take it for a failed document. Its own group also lets a stop reach a PDF child it forked.
    os.setpgrp()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_group)
    build_linter(settings)  # before the first real document's time starts


def _start_fork_server() -> None:
    """Start the fork server now, before the first document to check has been found.

    Its import of spaCy (most of a second) then overlaps the walk of the
    folders, and the workers, which Pebble starts with the first document it
    is given, are forked as soon as it is done. A scan that finds nothing new
    to check never starts a worker, so it does not wait for that import at all.
    """
    with contextlib.suppress(OSError, RuntimeError):  # a server that cannot start is reported by the first document
        forkserver.ensure_running()


def _stop_group(signum: int, frame: FrameType | None) -> None:
    os.killpg(0, signal.SIGKILL)


def outcome_of(future: Future[DocumentResult], task: DocumentTask, settings: ScanSettings) -> DocumentResult:
    """The document's result, or its Dutch error when its worker was stopped or crashed."""
    try:
        return future.result()
    except TimeoutError:
        return not_checked(
            task, f"de controle duurde langer dan {settings.timeout:g} s en is afgebroken; niet gecontroleerd"
        )
    except ProcessExpired as error:
        how = f"signaal {-error.exitcode}" if error.exitcode < 0 else f"status {error.exitcode}"
        return not_checked(task, f"het werkproces stopte onverwacht tijdens de controle ({how}); niet gecontroleerd")
    except Exception as error:  # the check itself never raises; this is a result that could not travel back
        return not_checked(task, f"kan het bestand niet controleren: {type(error).__name__}")
