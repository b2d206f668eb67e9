"""PDFium's child process, piece by piece, as planted bugs (scripts/mutation.py) asked."""

from __future__ import annotations

import io
import multiprocessing
import multiprocessing.process
import os
import resource
import threading
import time
from typing import NoReturn

import pytest

from waardetaal.limits import MAX_PDF_MEMORY_BYTES
from waardetaal.readers import ReadError, pdf_process

pytestmark = pytest.mark.skipif(not pdf_process.CAN_FORK, reason="zonder fork leest PDFium in het proces zelf")


# Readers that run in a child; module-level, so the pool can send them there.
def _pid(data: bytes) -> tuple[list[str], int | None]:
    return [str(os.getpid())], None


def _address_limit(data: bytes) -> tuple[list[str], int | None]:
    return [str(resource.getrlimit(resource.RLIMIT_AS)[0])], None


def _loose_types(data: bytes) -> tuple[list[str], int | None]:
    return [7, data.decode()], "2021"  # type: ignore[list-item, return-value]  # what a careless reader gives


def _echo(data: bytes) -> tuple[list[str], int | None]:
    return [data.decode()], None


def _echo_when_alone(data: bytes) -> tuple[list[str], int | None]:
    # A reused child is a Pebble worker (it has a multiprocessing parent); a child of its own is a plain fork.
    if multiprocessing.parent_process() is not None:
        raise MemoryError
    return [data.decode()], None


def _with_year(data: bytes) -> tuple[list[str], int | None]:
    return ["tekst"], 2021


def _refuses(data: bytes) -> tuple[list[str], int | None]:
    raise ReadError("versleuteld")


def _always_exhausted(data: bytes) -> tuple[list[str], int | None]:
    raise MemoryError


def _breaks(data: bytes) -> tuple[list[str], int | None]:
    raise ValueError("kapot")


def _hangs(data: bytes) -> tuple[list[str], int | None]:
    time.sleep(60)
    raise AssertionError("unreachable")


def _dies(data: bytes) -> tuple[list[str], int | None]:
    os._exit(3)


def _large(data: bytes) -> tuple[list[str], int | None]:
    return ["x" * 3_000_000, "y"], 1999


def test_without_fork_the_reader_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_process, "CAN_FORK", False)
    assert pdf_process.read_bounded(b"", _pid) == ([str(os.getpid())], None)
    # Nothing converts here: what the reader gives is what comes back.
    answer: object = pdf_process.read_bounded(b"b", _loose_types)
    assert answer == ([7, "b"], "2021")


def test_what_the_child_answers_is_typed_on_the_way_back() -> None:
    assert pdf_process.read_bounded(b"b", _loose_types) == (["7", "b"], None)
    assert pdf_process.read_bounded(b"", _with_year) == (["tekst"], 2021)


def test_every_child_reads_the_document_it_is_given() -> None:
    assert pdf_process.read_bounded(b"eerst", _echo) == (["eerst"], None)
    assert pdf_process.read_bounded(b"opnieuw", _echo_when_alone) == (["opnieuw"], None)
    assert pdf_process.outcome_of(b"hier", _echo) == (["hier"], None)


def test_a_refusal_in_the_child_is_a_read_error_with_its_message() -> None:
    with pytest.raises(ReadError) as refused:
        pdf_process.read_bounded(b"", _refuses)
    assert str(refused.value) == "versleuteld"


def test_a_reused_child_that_dies_is_too_heavy() -> None:
    assert pdf_process._in_reused_child(b"", _dies) == pdf_process.TOO_HEAVY
    assert pdf_process._in_reused_child(b"", _with_year) == (["tekst"], 2021)


def test_a_document_that_exhausts_every_child_is_too_heavy() -> None:
    with pytest.raises(ReadError) as refused:
        pdf_process.read_bounded(b"", _always_exhausted)
    assert str(refused.value) == pdf_process.TOO_HEAVY


def test_the_outcome_of_a_reader_is_its_result_or_the_reason() -> None:
    assert pdf_process.outcome_of(b"", _with_year) == (["tekst"], 2021)
    assert pdf_process.outcome_of(b"", _refuses) == "versleuteld"
    assert pdf_process.outcome_of(b"", _always_exhausted) == pdf_process.TOO_HEAVY
    assert pdf_process.outcome_of(b"", _breaks) == "kan het bestand niet lezen: ValueError"


def test_the_reused_child_reads_under_the_memory_bound() -> None:
    pdf_process._CHILDREN.stop()
    limit = int(pdf_process.read_bounded(b"", _address_limit)[0][0])
    assert limit != resource.RLIM_INFINITY and limit > MAX_PDF_MEMORY_BYTES


def test_a_child_of_its_own_reads_under_the_memory_bound() -> None:
    outcome: object = pdf_process._in_own_child(b"", _address_limit)
    assert isinstance(outcome, list) and outcome[1] is None
    limit = int(outcome[0][0])
    assert limit != resource.RLIM_INFINITY and limit > MAX_PDF_MEMORY_BYTES


def _own_child(read: pdf_process.Reading) -> object:
    # What crosses the pipe is JSON: the pair comes back as a list.
    return pdf_process._in_own_child(b"", read)


def test_a_child_of_its_own_answers_what_the_reader_gives() -> None:
    assert _own_child(_with_year) == [["tekst"], 2021]
    assert _own_child(_refuses) == "versleuteld"
    # More than one read from the pipe.
    assert _own_child(_large) == [["x" * 3_000_000, "y"], 1999]


def test_a_child_of_its_own_that_dies_or_hangs_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    fork = os.fork
    children: list[int] = []

    def recorded_fork() -> int:
        child = fork()
        children.append(child)
        return child

    monkeypatch.setattr(os, "fork", recorded_fork)
    assert pdf_process._in_own_child(b"", _dies) == pdf_process.TOO_HEAVY
    monkeypatch.setattr(pdf_process, "MAX_PDF_SECONDS", 0.3)
    started = time.monotonic()
    assert pdf_process._in_own_child(b"", _hangs) == pdf_process.TOO_SLOW
    assert time.monotonic() - started < 10, "the hanging child is killed, not waited for"
    for child in children:
        with pytest.raises(ChildProcessError):  # waited for: no zombie is left behind
            os.waitpid(child, os.WNOHANG)


class _Exited(Exception):
    """What os._exit does in these tests, so that the child's main can run here."""


def test_the_child_main_writes_the_outcome_as_json_and_exits(monkeypatch: pytest.MonkeyPatch) -> None:
    codes: list[int] = []
    limited: list[bool] = []

    def exit_(code: int) -> NoReturn:
        codes.append(code)
        raise _Exited

    monkeypatch.setattr(os, "_exit", exit_)
    monkeypatch.setattr(pdf_process, "limit_address_space", lambda: limited.append(True))
    reading, writing = os.pipe()
    with pytest.raises(_Exited):
        pdf_process._child_main(b"inhoud", _echo, writing)
    with os.fdopen(reading, "rb") as pipe:
        assert pipe.read() == b'[["inhoud"], null]'
    assert codes == [0] and limited == [True]


def _fake_statm(text: str) -> object:
    def open_(path: str, encoding: str) -> io.StringIO:
        assert (path, encoding) == ("/proc/self/statm", "ascii")
        return io.StringIO(text)

    return open_


@pytest.mark.parametrize(
    ("soft", "hard", "expected"),
    [
        (resource.RLIM_INFINITY, resource.RLIM_INFINITY, "wanted"),
        (10**6, resource.RLIM_INFINITY, "soft"),
        (10**6, 2 * 10**6, "soft"),
        (resource.RLIM_INFINITY, 10**6, "hard"),
        (10**15, 10**16, "wanted"),
    ],
)
def test_the_address_space_is_what_was_inherited_plus_the_bound(
    monkeypatch: pytest.MonkeyPatch, soft: int, hard: int, expected: str
) -> None:
    calls: list[tuple[int, tuple[int, int]]] = []
    monkeypatch.setattr(pdf_process, "open", _fake_statm("1000 20 3 4 0 5 0\n"), raising=False)
    monkeypatch.setattr(resource, "getrlimit", lambda which: (soft, hard) if which == resource.RLIMIT_AS else (0, 0))
    monkeypatch.setattr(resource, "setrlimit", lambda which, limits: calls.append((which, limits)))
    pdf_process.limit_address_space()
    wanted = 1000 * os.sysconf("SC_PAGE_SIZE") + MAX_PDF_MEMORY_BYTES
    limit = {"wanted": wanted, "soft": soft, "hard": hard}[expected]
    assert calls == [(resource.RLIMIT_AS, (limit, hard))]


def test_without_proc_only_the_time_bound_applies(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(path: str, encoding: str) -> NoReturn:
        raise FileNotFoundError(path)

    calls: list[object] = []
    monkeypatch.setattr(pdf_process, "open", missing, raising=False)
    monkeypatch.setattr(resource, "setrlimit", lambda *arguments: calls.append(arguments))
    pdf_process.limit_address_space()
    assert calls == []


def test_reading_the_pipe_gives_everything_until_it_closes() -> None:
    reading, writing = os.pipe()
    payload = bytes(range(256)) * 12_000  # several reads of a megabyte

    def write() -> None:
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(payload)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert pdf_process._read_until(reading, time.monotonic() + 30) == payload
    finally:
        writer.join()
        os.close(reading)


def test_reading_the_pipe_stops_at_the_deadline() -> None:
    reading, writing = os.pipe()
    try:
        started = time.monotonic()
        assert pdf_process._read_until(reading, started + 0.2) is None
        assert pdf_process._read_until(reading, started - 5) is None
        assert time.monotonic() - started < 0.9, "a deadline already past is not waited for"
        os.write(writing, b"ab")
        os.close(writing)
        writing = -1
        assert pdf_process._read_until(reading, time.monotonic() + 5) == b"ab"
    finally:
        os.close(reading)
        if writing != -1:
            os.close(writing)


def test_the_pool_is_one_worker_started_once_and_again_after_it_stops() -> None:
    children = pdf_process._Children()
    try:
        pool = children.pool()
        assert children.pool() is pool
        assert pool.active
        pool.stop()  # type: ignore[no-untyped-call]
        pool.join()
        again = children.pool()
        assert again is not pool and again.active
        children.stop()
        assert children._pool is None and not again.active
        children.stop()  # stopping twice is harmless
    finally:
        children.stop()


def test_a_forked_process_forgets_the_parents_pool() -> None:
    children = pdf_process._Children()
    try:
        pool = children.pool()
        lock = children._lock
        children.forget()
        assert children._pool is None and children._lock is not lock
        with children._lock:
            pass  # a fresh lock, not held
        assert children.pool() is not pool
    finally:
        children.stop()
        pool.stop()  # type: ignore[no-untyped-call]
        pool.join()


def _pause() -> None:
    time.sleep(2)


def test_a_child_of_its_own_is_not_waited_for_by_what_forks_at_the_same_time(monkeypatch: pytest.MonkeyPatch) -> None:
    fork = os.fork
    others: list[multiprocessing.process.BaseProcess] = []

    def fork_while_the_pool_replaces_its_worker() -> int:
        child = fork()
        if child and not others:  # once: the fork below comes here too
            # What Pebble's own thread does when a worker died: fork its successor, inheriting every descriptor.
            other = multiprocessing.get_context("fork").Process(target=_pause)
            others.append(other)
            other.start()
        return child

    monkeypatch.setattr(pdf_process, "MAX_PDF_SECONDS", 0.5)
    monkeypatch.setattr(os, "fork", fork_while_the_pool_replaces_its_worker)
    try:
        assert pdf_process._in_own_child(b"", _dies) == pdf_process.TOO_HEAVY
    finally:
        for other in others:
            other.join()
