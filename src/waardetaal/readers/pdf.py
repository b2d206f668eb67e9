"""PDF: the text layer of each page, with line-wrap hyphenation repaired.

pypdfium2 (PDFium, the engine of Chrome's viewer) extracts the text fast and in
reading order. A word broken over a line ('hoog-⏎opgeleiden') is joined; the
hyphen stays only where it belongs to the word ('mbo-⏎studenten'). Ligatures
(ﬁ, ﬂ) become plain letters.
"""

from __future__ import annotations

import re
import unicodedata

import pypdfium2 as pdfium

from waardetaal.readers import Extracted, ReadError
from waardetaal.readers.blocks import Block, joined

_LIGATURES = re.compile("[\ufb00-\ufb06]")
# PDFium marks a hyphen it recognised as a line-end hyphenation with U+FFFE (or
# U+0002); a hyphen at the end of a line followed by a lower-case letter is one too.
_BROKEN_WORD = re.compile(r"(\w+)(?:[\ufffe\u0002]|-[ \t]*\r?\n[ \t]*)(?=[^\W\d_])(?!(?:en|of|tot)\b)")
# 'laag-⏎en hoogopgeleiden': a hyphen for an omitted part, before a conjunction, stays.
_OMISSION = re.compile(r"(\w+)(?:[\ufffe\u0002]|-[ \t]*\r?\n[ \t]*)(?=(?:en|of|tot)\b)")


def repaired(text: str) -> str:
    """Page text with line-wrap hyphenation undone and ligatures and line ends normalised."""
    text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _OMISSION.sub(r"\1- ", text)
    text = _BROKEN_WORD.sub(_join, text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _join(match: re.Match[str]) -> str:
    first = match.group(1)
    keeps_hyphen = first.lower() in _ABBREVIATIONS or (len(first) > 1 and first.isupper()) or first.isdigit()
    return first + "-" if keeps_hyphen else first


# Short first parts that are abbreviations and keep their hyphen across a line break.
_ABBREVIATIONS = frozenset({"mbo", "hbo", "wo", "vmbo", "havo", "vwo", "ict", "roc", "bbl", "bol", "ho", "zzp", "ggd"})


def read_pdf(data: bytes) -> Extracted:
    """The text of every page, located by page number."""
    if not data:
        raise ReadError("leeg bestand")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise ReadError("versleutelde PDF: zonder wachtwoord niet te lezen") from None
        raise ReadError("beschadigde of ongeldige PDF") from None
    try:
        blocks = []
        for number in range(len(document)):
            page = document[number]
            textpage = page.get_textpage()
            blocks.append(Block(repaired(textpage.get_text_range()), {"page": number + 1}))
            textpage.close()
            page.close()
    finally:
        document.close()
    if not any(block.text.strip() for block in blocks):
        raise ReadError("PDF zonder tekstlaag (gescand?): niet te controleren")
    return joined(blocks)
