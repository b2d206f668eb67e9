"""PDF: the text layer of each page, with line-wrap hyphenation repaired.

pypdfium2 (PDFium, the engine of Chrome's viewer) extracts the text fast and in
reading order. A word broken over a line ('hoog-⏎opgeleiden') is joined; the
hyphen stays only where it belongs to the word ('mbo-⏎studenten'). Ligatures
(ﬁ, ﬂ) become plain letters.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import select
import signal
import time
import unicodedata
from dataclasses import replace
from typing import NoReturn

import pypdfium2 as pdfium

from waardetaal.limits import MAX_PDF_MEMORY_BYTES, MAX_PDF_PAGE_CHARS, MAX_PDF_PAGES, MAX_PDF_SECONDS
from waardetaal.readers import NO_HINTS, Extracted, ReadError, ReadingHints, metadata_year
from waardetaal.readers.blocks import Block, TextBudget, dutch_number, joined

_LIGATURES = re.compile("[\ufb00-\ufb06]")
# PDFium marks a hyphen it recognised as a line-end hyphenation with U+FFFE (or
# U+0002); a hyphen at the end of a line followed by a lower-case letter is one too.
# The word is matched from its start (\b): tried at every letter, '\w+' would
# rescan the rest of each word, quadratic in its length, on every page.
_BROKEN_WORD = re.compile(r"\b(\w+)(?:[\ufffe\u0002]|-[ \t]*\r?\n[ \t]*)(?=[^\W\d_])(?!(?:en|of|tot)\b)")
# 'laag-⏎en hoogopgeleiden': a hyphen for an omitted part, before a conjunction, stays.
_OMISSION = re.compile(r"\b(\w+)(?:[\ufffe\u0002]|-[ \t]*\r?\n[ \t]*)(?=(?:en|of|tot)\b)")


def repaired(text: str, keep: frozenset[str] = frozenset()) -> str:
    """Page text with line-wrap hyphenation undone (not after a word in ``keep``), ligatures and breaks normalised."""
    text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _OMISSION.sub(r"\1- ", text)
    text = _BROKEN_WORD.sub(lambda match: _join(match, keep), text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _join(match: re.Match[str], keep: frozenset[str]) -> str:
    first = match.group(1)
    # Capitals ('HBO-') and digits ('2026-') are never a syllable broken off; a word the rule sets name may not be.
    keeps_hyphen = first.lower() in keep or (len(first) > 1 and first.isupper()) or first.isdigit()
    return first + "-" if keeps_hyphen else first


def read_pdf(data: bytes, hints: ReadingHints = NO_HINTS) -> Extracted:
    """The text of every page, located by page number."""
    if not data:
        raise ReadError("leeg bestand")
    texts, year = _read_in_child(data) if _CAN_FORK else _pages_and_year(data)
    keep = hints.line_end_hyphens
    blocks = [Block(repaired(text, keep), {"page": number}) for number, text in enumerate(texts, start=1)]
    if not any(block.text.strip() for block in blocks):
        raise ReadError("PDF zonder tekstlaag (gescand?): niet te controleren")
    return replace(joined(blocks), year=year, pages=len(texts))


def page_texts(data: bytes) -> list[str]:
    """The raw text of each page, refused as soon as a bound on pages or characters is passed."""
    return _pages_and_year(data)[0]


def _pages_and_year(data: bytes) -> tuple[list[str], int | None]:
    """:func:`page_texts` and the plausible year of the document's CreationDate."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise ReadError("versleutelde PDF: zonder wachtwoord niet te lezen") from None
        raise ReadError("beschadigde of ongeldige PDF") from None
    try:
        return _texts(document), metadata_year(document.get_metadata_value("CreationDate"))
    finally:
        document.close()


def _texts(document: pdfium.PdfDocument) -> list[str]:
    """The raw text of each page of an open document, within the bounds on pages and characters."""
    if len(document) > MAX_PDF_PAGES:
        raise ReadError(f"meer dan {dutch_number(MAX_PDF_PAGES)} pagina's: niet gecontroleerd")
    budget = TextBudget()
    texts = []
    for number in range(len(document)):
        page = document[number]
        textpage = page.get_textpage()
        characters = textpage.count_chars()
        if characters > MAX_PDF_PAGE_CHARS:
            raise ReadError(
                f"pagina {number + 1} heeft meer dan {dutch_number(MAX_PDF_PAGE_CHARS)} tekens: niet gecontroleerd"
            )
        budget.spend(characters)  # before the text is built
        texts.append(textpage.get_text_range())
        textpage.close()
        page.close()
    return texts


# PDFium is C++ that ends the whole process when memory runs out, and some pages
# take it very long: it runs in a forked child with bounded memory and time, so
# a hostile PDF costs its own check only. Without fork (Windows) it runs here.
_CAN_FORK = hasattr(os, "fork")
_TOO_HEAVY = (
    f"PDF te zwaar om te lezen (meer dan {MAX_PDF_MEMORY_BYTES // 2**20} MB geheugen nodig) of beschadigd: "
    "niet gecontroleerd"
)
_TOO_SLOW = f"PDF te zwaar om te lezen (meer dan {MAX_PDF_SECONDS:.0f} seconden): niet gecontroleerd"


def _read_in_child(data: bytes) -> tuple[list[str], int | None]:
    """The page texts and year in a forked child under MAX_PDF_MEMORY_BYTES and MAX_PDF_SECONDS."""
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which never returns
        os.close(reading)
        _child_main(data, writing)
    os.close(writing)
    try:
        payload = _read_until(reading, time.monotonic() + MAX_PDF_SECONDS)
    finally:
        os.close(reading)
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    try:
        outcome = json.loads(payload)
    except ValueError:  # the child died before it finished writing: PDFium ran out of memory or crashed
        raise ReadError(_TOO_HEAVY) from None
    if isinstance(outcome, str):
        raise ReadError(outcome)
    texts, year = outcome
    return [str(text) for text in texts], year if isinstance(year, int) else None


def _child_main(data: bytes, writing: int) -> NoReturn:  # pragma: no cover - runs in the child
    """Read the pages under the memory bound, write them (or the error) as JSON, and exit."""
    try:
        _limit_address_space()
        outcome: tuple[list[str], int | None] | str = _pages_and_year(data)
    except ReadError as error:
        outcome = str(error)
    except MemoryError:
        outcome = _TOO_HEAVY
    except Exception as error:  # a parsing library failing on a malformed file: reported like in sources.extract
        outcome = f"kan het bestand niet lezen: {type(error).__name__}"
    try:
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(json.dumps(outcome).encode("utf-8"))
    finally:
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers


def _limit_address_space() -> None:
    """Allow the child MAX_PDF_MEMORY_BYTES of address space beyond what it inherited."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            inherited = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # no /proc (macOS): only the time bound applies
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = inherited + MAX_PDF_MEMORY_BYTES
    limit = min(bound for bound in (wanted, soft, hard) if bound != resource.RLIM_INFINITY)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _read_until(reading: int, deadline: float) -> bytes:
    """Everything the child writes to the pipe; ReadError when it is not done by ``deadline``."""
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([reading], [], [], max(0.0, remaining))
        if not ready:
            raise ReadError(_TOO_SLOW)
        chunk = os.read(reading, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
