"""PDFium's child process: reused between documents, and still bounded per document."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import pytest
from tests import documents

from waardetaal.readers import ReadError, pdf_process
from waardetaal.readers.pdf import _pages_and_year, read_pdf

pytestmark = pytest.mark.skipif(not pdf_process.CAN_FORK, reason="zonder fork leest PDFium in het proces zelf")


# Readers that run in the child; module-level, so the pool can send them there.
def _pid(data: bytes) -> tuple[list[str], int | None]:
    return [str(os.getpid())], None


def _exhausted_unless_alone(data: bytes) -> tuple[list[str], int | None]:
    # A reused child is a Pebble worker (it has a multiprocessing parent); a child of its own is a plain fork.
    if multiprocessing.parent_process() is not None:
        raise MemoryError
    return ["alleen"], None


def _dies(data: bytes) -> tuple[list[str], int | None]:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


def _hangs(data: bytes) -> tuple[list[str], int | None]:
    time.sleep(60)
    raise AssertionError("unreachable")


def test_the_child_is_reused_then_replaced_after_its_share_of_documents() -> None:
    pdf_process._CHILDREN.stop()
    pids = [pdf_process.read_bounded(b"", _pid)[0][0] for _ in range(pdf_process._DOCUMENTS_PER_CHILD + 1)]
    assert str(os.getpid()) not in pids
    assert len(set(pids[:-1])) == 1, "one child reads document after document"
    assert pids[-1] != pids[0], "a child that read its share is replaced"


def test_real_pdfs_read_in_the_child_equal_reading_them_here() -> None:
    for data in (documents.make_pdf(), documents.make_report_pdf(3), documents.make_pdf()):
        assert pdf_process.read_bounded(data, _pages_and_year) == _pages_and_year(data)
    extracted = read_pdf(documents.make_report_pdf(2))
    assert extracted.pages == 2 and extracted.text.strip()


def test_a_document_that_exhausts_a_reused_child_is_read_again_in_a_child_of_its_own() -> None:
    assert pdf_process.read_bounded(b"", _exhausted_unless_alone) == (["alleen"], None)


def test_a_child_that_dies_refuses_only_its_document() -> None:
    with pytest.raises(ReadError) as refused:
        pdf_process.read_bounded(b"", _dies)
    assert str(refused.value) == pdf_process.TOO_HEAVY
    assert pdf_process.read_bounded(documents.make_pdf(), _pages_and_year) == _pages_and_year(documents.make_pdf())


def test_a_child_past_the_deadline_is_stopped_and_the_next_document_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_process, "MAX_PDF_SECONDS", 0.5)
    started = time.monotonic()
    with pytest.raises(ReadError) as refused:
        pdf_process.read_bounded(b"", _hangs)
    assert str(refused.value) == pdf_process.TOO_SLOW
    assert time.monotonic() - started < 10, "a hanging child is not waited for twice"
    assert pdf_process.read_bounded(b"", _pid)[0][0] != str(os.getpid())


def test_a_forked_process_starts_a_pool_of_its_own() -> None:
    parent_child = pdf_process.read_bounded(b"", _pid)[0][0]
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            answer = pdf_process.read_bounded(b"", _pid)[0][0].encode()
            pdf_process._CHILDREN.stop()
        except BaseException as error:
            answer = repr(error).encode()
        os.write(writing, answer)
        os._exit(0)
    os.close(writing)
    os.waitpid(child, 0)
    answer = os.read(reading, 100).decode()
    os.close(reading)
    assert answer.isdigit() and answer not in (parent_child, str(child)), answer


def _read_once() -> None:
    pdf_process.read_bounded(b"", _pid)


def test_a_multiprocessing_child_that_read_a_pdf_ends_without_waiting_for_its_reader() -> None:
    # Such a child (a scan's worker) waits at its end for its own children; the reader must be stopped first.
    child = multiprocessing.get_context("fork").Process(target=_read_once)
    child.start()
    child.join(timeout=20)
    alive = child.is_alive()
    if alive:
        child.kill()
    assert not alive and child.exitcode == 0
