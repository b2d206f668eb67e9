"""PDF: the text layer of each page, with line-wrap hyphenation repaired.

pypdfium2 (PDFium, the engine of Chrome's viewer) extracts the text fast and in
reading order. A word broken over a line ('hoog-⏎opgeleiden') is joined; the
hyphen stays only where it belongs to the word ('mbo-⏎studenten'). Ligatures
(ﬁ, ﬂ) become plain letters. A running header or footer is read on the first
page that has it only (see :mod:`waardetaal.readers.running`), and a word broken
over a page end is joined as one broken over a line end.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

import pypdfium2 as pdfium

from waardetaal.limits import MAX_PDF_PAGE_CHARS, MAX_PDF_PAGES
from waardetaal.readers import NO_HINTS, Extracted, ReadError, ReadingHints, metadata_year
from waardetaal.readers.blocks import Block, TextBudget, dutch_number, joined
from waardetaal.readers.pdf_process import read_bounded
from waardetaal.readers.running import PageParts, running_parts

_LIGATURES = re.compile("[\ufb00-\ufb06]")
# PDFium marks a hyphen it recognised as a line-end hyphenation with U+FFFE (or
# U+0002) and drops the line break after it, so the next line, perhaps a running
# footer, runs on: the mark becomes the hyphen and the line break it stands for.
_HYPHENATION_MARK = re.compile("[\ufffe\u0002]")
# A hyphen at the end of a line followed by a letter: a word broken over the line.
# The word is matched from its start (\b): tried at every letter, '\w+' would
# rescan the rest of each word, quadratic in its length, on every page.
_BROKEN_WORD = re.compile(r"\b(\w+)-[ \t]*\r?\n[ \t]*(?=[^\W\d_])(?!(?:en|of|tot)\b)")
# The end of a page's own text after a hyphen: perhaps a word broken over the page end.
_PAGE_END_BREAK = re.compile(r"[^\W\d_]-\s*\Z")
# The first word of a page's own text, up to white space.
_NEXT_WORD = re.compile(r"\s*(\S+)")
# 'laag-⏎en hoogopgeleiden': a hyphen for an omitted part, before a conjunction, stays.
_OMISSION = re.compile(r"\b(\w+)-[ \t]*\r?\n[ \t]*(?=(?:en|of|tot)\b)")


def repaired(text: str, keep: frozenset[str] = frozenset()) -> str:
    """Page text with line-wrap hyphenation undone (not after a word in ``keep``), ligatures and breaks normalised."""
    text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _HYPHENATION_MARK.sub("-\n", text)
    text = _OMISSION.sub(r"\1- ", text)
    text = _BROKEN_WORD.sub(lambda match: _join(match, keep), text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _join(match: re.Match[str], keep: frozenset[str]) -> str:
    first = match.group(1)
    # Capitals ('HBO-') and digits ('2026-') are never a syllable broken off; a word the rule sets name may
    # not be; and a capital after the hyphen starts a name's next part ('Noord-⏎Holland').
    capital_after = match.string[match.end()].isupper()
    keeps_hyphen = first.lower() in keep or (len(first) > 1 and first.isupper()) or first.isdigit() or capital_after
    return first + "-" if keeps_hyphen else first


def read_pdf(data: bytes, hints: ReadingHints = NO_HINTS) -> Extracted:
    """The text of every page, located by page number."""
    if not data:
        raise ReadError("leeg bestand")
    texts, year = read_bounded(data, _pages_and_year)
    keep = hints.line_end_hyphens
    pages = joined_over_page_ends(running_parts([_HYPHENATION_MARK.sub("-\n", text) for text in texts]))
    blocks = [
        Block("".join(repaired(part, keep) for part in (page.top, page.body, page.bottom)), {"page": number})
        for number, page in enumerate(pages, start=1)
    ]
    if not any(block.text.strip() for block in blocks):
        raise ReadError("PDF zonder tekstlaag (gescand?): niet te controleren")
    return replace(joined(blocks), year=year, pages=len(texts))


def joined_over_page_ends(pages: Sequence[PageParts]) -> list[PageParts]:
    """Pages where a word broken over a page end ('hoog-' | 'opgeleiden') has its second part on the first page.

    Moved below the broken line, the second part is joined by :func:`repaired`
    under the same rules as a break within a page; a running footer or header
    between the two never is. Only a part that starts with a lower-case letter
    is a word's continuation.
    """
    joined = list(pages)
    for number, here in enumerate(joined):
        # The next page with text of its own: a page with only a figure (and its footer) lies between.
        if not _PAGE_END_BREAK.search(here.body):
            continue
        following = next((later for later in range(number + 1, len(joined)) if joined[later].body.strip()), None)
        if following is None:
            continue
        after = joined[following]
        word = _NEXT_WORD.match(after.body)
        if word is None or not word.group(1)[0].islower():
            continue
        joined[number] = replace(here, body=here.body.rstrip() + "\n" + word.group(1) + "\n")
        joined[following] = replace(after, body=after.body[word.end() :].lstrip(" \t"))
    return joined


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
