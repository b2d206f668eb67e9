"""Worker processes for the web server: a time and a memory budget per request.

Parsing and linting run in a few long-lived processes (Pebble's ProcessPool), so
the event loop never waits on them. Each worker lowers its own address-space
limit to the memory budget and, before the pool answers anything, builds the
linter and imports every reader (:func:`warm_up`); a request
that passes the time budget gets its worker stopped and replaced, one that
passes the memory budget fails with MemoryError in the worker. Either way the
client gets a Dutch error and the other workers keep serving.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import resource
import signal
import threading
import time
import traceback
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.synchronize import Semaphore
from types import FrameType
from typing import Protocol

import anyio.to_thread
from pebble import ProcessPool

from waardetaal.limits import (
    MAX_WAITING_REQUESTS,
    REQUEST_SECONDS,
    SERVER_WORKERS,
    WORKER_MEMORY_BYTES,
    WORKER_START_SECONDS,
)
from waardetaal.linter import Linter
from waardetaal.readers import FILE_FORMATS, reader_for
from waardetaal.web.work import Answer, Submission, error_answer, page_linter, ready

_UNAVAILABLE = "De controle is even niet beschikbaar; probeer het opnieuw. Niet gecontroleerd."
_log = logging.getLogger(__name__)


class Task(Protocol):
    """A function of :mod:`waardetaal.web.work`: one submission in, one answer out."""

    def __call__(self, submission: Submission, linter: Linter | None = None) -> Answer:
        """The answer to ``submission``, with ``linter`` or the shipped one."""
        ...


class WorkersFailed(RuntimeError):
    """The worker processes did not start (for instance: a memory budget too small for the linter)."""


class InProcess:
    """Runs tasks in a thread with a given linter: for tests, without budgets."""

    capacity = 1 + MAX_WAITING_REQUESTS
    workers = 1
    ready = True

    def __init__(self, linter: Linter):
        self.linter = linter

    def start(self) -> None:
        """Nothing to start."""

    def stop(self) -> None:
        """Nothing to stop."""

    async def run(self, task: Task, submission: Submission) -> Answer:
        """The task's answer, computed in a worker thread."""
        return await anyio.to_thread.run_sync(task, submission, self.linter)


class WorkPool:
    """A bounded pool of warm worker processes with a per-request time and memory budget."""

    def __init__(
        self,
        workers: int = SERVER_WORKERS,
        seconds: float = REQUEST_SECONDS,
        memory_bytes: int = WORKER_MEMORY_BYTES,
        waiting: int = MAX_WAITING_REQUESTS,
    ):
        self.workers, self.seconds, self.memory_bytes = workers, seconds, memory_bytes
        self.capacity = workers + waiting
        # spawn, not fork: the server has threads, and a fresh interpreter keeps the web stack out of the workers
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._pool: ProcessPool | None = None

    def start(self) -> None:
        """Start the workers and wait until each has built its linter (WorkersFailed if they do not)."""
        with self._lock:
            if self._pool is not None:
                return
            warm = self._context.Semaphore(0)
            pool = ProcessPool(
                self.workers, initializer=start_worker, initargs=(self.memory_bytes, warm), context=self._context
            )
            pool.schedule(ready)  # Pebble starts its processes on the first task
            if not _all_warm(pool, warm, self.workers):
                _stop(pool)
                raise WorkersFailed(
                    f"de werkprocessen zijn niet gestart (is het geheugen per werkproces, "
                    f"{self.memory_bytes // 2**20} MB, te klein?)"
                )
            self._pool = pool

    @property
    def ready(self) -> bool:
        """Whether warm workers are taking checks now (not before start, after stop, or while replaced)."""
        pool = self._pool
        return pool is not None and pool.active

    def stop(self) -> None:
        """Stop the workers, dropping what they were doing."""
        with self._lock:
            if self._pool is not None:
                _stop(self._pool)
                self._pool = None

    def _discard(self, broken: ProcessPool) -> None:
        """Stop ``broken`` unless a fresh pool has already replaced it."""
        with self._lock:
            if self._pool is broken:
                _stop(broken)
                self._pool = None

    async def run(self, task: Task, submission: Submission) -> Answer:
        """The task's answer from a worker, or a Dutch error when it passes a budget or its worker dies."""
        if self._pool is None:  # an app used without its lifespan (Starlette's TestClient) starts on first use
            await anyio.to_thread.run_sync(self.start)
        pool = self._pool
        if pool is None:  # stopped meanwhile
            return error_answer(503, _UNAVAILABLE)
        try:
            future = pool.schedule(task, args=(submission,), timeout=self.seconds)
        except RuntimeError:  # Pebble gave up on the pool: the next request starts a fresh one
            await anyio.to_thread.run_sync(self._discard, pool)
            return error_answer(503, _UNAVAILABLE)
        try:
            return await asyncio.wrap_future(future)
        except TimeoutError:  # Pebble has stopped the worker and starts a new one
            return error_answer(
                504,
                f"{submission.name}: de controle duurde langer dan {self.seconds:g} s en is afgebroken; "
                "niet gecontroleerd.",
            )
        except MemoryError:
            return error_answer(
                422,
                f"{submission.name}: de controle had meer dan {self.memory_bytes // 2**20} MB geheugen nodig "
                "en is afgebroken; niet gecontroleerd.",
            )
        except BrokenProcessPool:
            await anyio.to_thread.run_sync(self._discard, pool)
            return error_answer(503, _UNAVAILABLE)
        except Exception as error:  # the worker died (ProcessExpired) or the task failed: log it, answer in Dutch
            _log.error("waardetaal: een controle is mislukt:\n%s", _where(error))
            return error_answer(500, f"{submission.name}: de controle is onverwacht gestopt; niet gecontroleerd.")


def _where(error: BaseException) -> str:
    """The exception's type and traceback without its message or the file's name, which may quote a user's text."""
    frames = traceback.extract_tb(error.__traceback__)
    return "".join(traceback.format_list(frames)) + type(error).__qualname__


def start_worker(memory_bytes: int, warm: Semaphore) -> None:
    """In a new worker: apply the memory budget, build and warm the linter, then say so."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # Its own process group, so stopping the worker also stops a PDF child it forked.
    os.setpgrp()
    signal.signal(signal.SIGTERM, _stop_group)
    # Before spaCy imports numpy: one OpenBLAS thread per core would spend the address-space budget on buffers.
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    warm_up()
    warm.release()


def warm_up() -> None:
    """Build the shipped linter whole and import every reader, so a worker's first check costs what its second does."""
    page_linter().warm_up()
    for file_format in FILE_FORMATS:  # readers are imported on first use, which would fall on a request
        reader_for(file_format.suffixes[0])


def _all_warm(pool: ProcessPool, warm: Semaphore, workers: int) -> bool:
    """Whether every worker reported its linter built before WORKER_START_SECONDS (and the pool stayed up)."""
    deadline, started = time.monotonic() + WORKER_START_SECONDS, 0
    while started < workers and pool.active and time.monotonic() < deadline:
        if warm.acquire(timeout=0.2):
            started += 1
    return started == workers


def _stop_group(signum: int, frame: FrameType | None) -> None:
    os.killpg(0, signal.SIGKILL)


def _stop(pool: ProcessPool) -> None:
    pool.stop()  # type: ignore[no-untyped-call]  # Pebble leaves this one unannotated
    pool.join()
