"""Where PDFium runs: in a child process, bounded in memory and time.

PDFium is C++ that ends its whole process when memory runs out, and some pages
take it very long, so where fork exists it never runs in the checking process:
a hostile PDF costs its own check only. Forking a child for every PDF from a
process that holds spaCy costs more than reading most PDFs does (about 15 ms
against 7), so one child, forked when the first PDF comes, reads them in turn:
Pebble's process pool, which kills a child that passes the deadline and starts
another. A child reads at most :data:`_DOCUMENTS_PER_CHILD` documents, so what
PDFium leaves behind does not pile up; and a document that exhausts a reused
child is read once more in a child of its own before it is refused, so it is
refused on its own account only. Without fork (Windows) PDFium runs in the
process itself.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import contextlib
import json
import multiprocessing
import multiprocessing.util
import os
import resource
import select
import signal
import threading
import time
from collections.abc import Callable
from typing import NoReturn

from pebble import ProcessExpired, ProcessPool

from waardetaal.limits import MAX_PDF_MEMORY_BYTES, MAX_PDF_SECONDS
from waardetaal.readers import ReadError

# The page texts and the year, or the Dutch message of a ReadError.
Outcome = tuple[list[str], int | None] | str
Reading = Callable[[bytes], tuple[list[str], int | None]]

CAN_FORK = hasattr(os, "fork")
_DOCUMENTS_PER_CHILD = 64
# How often a child of its own is looked at while its pipe stays silent.
_POLL_SECONDS = 0.05
TOO_HEAVY = (
    f"PDF te zwaar om te lezen (meer dan {MAX_PDF_MEMORY_BYTES // 2**20} MB geheugen nodig) of beschadigd: "
    "niet gecontroleerd"
)
TOO_SLOW = f"PDF te zwaar om te lezen (meer dan {MAX_PDF_SECONDS:.0f} seconden): niet gecontroleerd"


def read_bounded(data: bytes, read: Reading) -> tuple[list[str], int | None]:
    """``read(data)`` in a child under MAX_PDF_MEMORY_BYTES and MAX_PDF_SECONDS; ReadError with the reason."""
    if not CAN_FORK:
        return read(data)
    outcome = _in_reused_child(data, read)
    if outcome == TOO_HEAVY:
        outcome = _in_own_child(data, read)
    if isinstance(outcome, str):
        raise ReadError(outcome)
    texts, year = outcome
    return [str(text) for text in texts], year if isinstance(year, int) else None


def outcome_of(data: bytes, read: Reading) -> Outcome:
    """What a child answers: ``read(data)``, or the Dutch reason it could not."""
    try:
        return read(data)
    except ReadError as error:
        return str(error)
    except MemoryError:
        return TOO_HEAVY
    except Exception as error:  # a parsing library failing on a malformed file: reported like in sources.extract
        return f"kan het bestand niet lezen: {type(error).__name__}"


class _Children:
    """The one pool of this process, started when the first PDF comes and stopped at exit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPool | None = None

    def pool(self) -> ProcessPool:
        with self._lock:
            if self._pool is None or not self._pool.active:
                self._pool = ProcessPool(
                    max_workers=1,
                    max_tasks=_DOCUMENTS_PER_CHILD,
                    initializer=limit_address_space,
                    context=multiprocessing.get_context("fork"),
                )
                # A multiprocessing child (a scan's or the server's worker) ends without atexit, and first
                # waits for its own children: stopping the pool before that keeps it from waiting forever.
                multiprocessing.util.Finalize(self, self.stop, exitpriority=10)
            return self._pool

    def stop(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.stop()  # type: ignore[no-untyped-call]  # Pebble leaves this one unannotated
                self._pool.join()
                self._pool = None

    def forget(self) -> None:
        """In a forked child: the parent's pool and its threads are not this process's."""
        self._lock = threading.Lock()
        self._pool = None


_CHILDREN = _Children()
if CAN_FORK:
    os.register_at_fork(after_in_child=_CHILDREN.forget)
    atexit.register(_CHILDREN.stop)


def _in_reused_child(data: bytes, read: Reading) -> Outcome:
    future = _CHILDREN.pool().schedule(outcome_of, args=(data, read), timeout=MAX_PDF_SECONDS)
    try:
        outcome: Outcome = future.result()
    except concurrent.futures.TimeoutError:
        return TOO_SLOW
    except ProcessExpired:  # PDFium ended the child: out of memory, or a crash
        return TOO_HEAVY
    return outcome


def _in_own_child(data: bytes, read: Reading) -> Outcome:
    """The outcome from a child forked for this document alone."""
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which never returns
        os.close(reading)
        _child_main(data, read, writing)
    os.close(writing)
    ended = _Ended(child)
    try:
        payload = _read_until(reading, time.monotonic() + MAX_PDF_SECONDS, ended)
    finally:
        os.close(reading)
        if not ended():
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
    if payload is None:
        return TOO_SLOW
    try:
        outcome: Outcome = json.loads(payload)
    except ValueError:  # the child died before it finished writing: PDFium ran out of memory or crashed
        return TOO_HEAVY
    return outcome


class _Ended:
    """Whether a child has ended, reaping it the first time it has.

    The end of the pipe is not enough to know: a process forked by another
    thread while the pipe was open (Pebble starting a worker) holds its writing
    end as long as it lives.
    """

    def __init__(self, child: int) -> None:
        self._child = child
        self._reaped = False

    def __call__(self) -> bool:
        if not self._reaped:
            self._reaped = os.waitpid(self._child, os.WNOHANG)[0] != 0
        return self._reaped


def _child_main(data: bytes, read: Reading, writing: int) -> NoReturn:  # pragma: no cover - runs in the child
    """Read under the memory bound, write the outcome as JSON, and exit."""
    try:
        limit_address_space()
        outcome = outcome_of(data, read)
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(json.dumps(outcome).encode("utf-8"))
    finally:
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers


def limit_address_space() -> None:
    """Allow this (child) process MAX_PDF_MEMORY_BYTES of address space beyond what it inherited."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            inherited = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # no /proc (macOS): only the time bound applies
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = inherited + MAX_PDF_MEMORY_BYTES
    limit = min(bound for bound in (wanted, soft, hard) if bound != resource.RLIM_INFINITY)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _read_until(reading: int, deadline: float, ended: Callable[[], bool] = lambda: False) -> bytes | None:
    """Everything the child writes to the pipe; None when it is not done by ``deadline``.

    Done is the end of the pipe, or ``ended()`` (the child is gone) with nothing left in it.
    """
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([reading], [], [], min(remaining, _POLL_SECONDS))
        if not ready:
            if ended() and not select.select([reading], [], [], 0)[0]:
                return b"".join(chunks)
            continue
        chunk = os.read(reading, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
