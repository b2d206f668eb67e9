"""Readers turn a file's bytes into the text to check and a map back to the file.

One module per format; :func:`read` picks the reader by extension and checks the
content against it. Every problem is a :class:`ReadError` with a one-line Dutch
message, so one bad file never stops a run.
"""

from __future__ import annotations

import datetime
import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from waardetaal.positions import PositionMap


class ReadError(Exception):
    """A file that cannot be checked; the message is one line of Dutch."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """A text file as decoded: its text, the codec that reads it back and its byte-order mark."""

    text: str
    encoding: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        """``text`` in this file's encoding, with its byte-order mark (for writing fixes)."""
        return self.bom + text.encode(self.encoding)


@dataclass(frozen=True, slots=True)
class Extracted:
    """The text to check, how its offsets map back to the file, and the source it came from."""

    text: str
    positions: PositionMap | None = None  # None: lines and columns of ``text`` itself
    source: Decoded | None = None  # text formats only: the decoded file, for suppressions and fixes
    # Where suppression comments count: the source without code (same offsets).
    directives_text: str | None = None
    year: int | None = None  # the creation year in the document's own metadata (Word, OpenDocument, PDF)
    pages: int | None = None  # formats with pages (PDF): how many


# A metadata date begins with its year: ISO 8601 in Word and OpenDocument ('2021-03-15T…'), 'D:2021…' in PDF.
_YEAR_FIRST = re.compile(r"\s*(?:D:)?(\d{4})")
# Years before this are a clock that was never set, not a date of writing.
FIRST_PLAUSIBLE_YEAR = 1980


def plausible_year(year: int | None) -> int | None:
    """``year`` when a document can have been written then (up to next year), else None."""
    latest = datetime.date.today().year + 1  # a clock a little ahead, not a date from the future
    return year if year is not None and FIRST_PLAUSIBLE_YEAR <= year <= latest else None


def metadata_year(value: str | None) -> int | None:
    """The plausible year a metadata date string begins with, or None."""
    match = _YEAR_FIRST.match(value or "")
    return plausible_year(int(match.group(1))) if match else None


Reader = Callable[[bytes], Extracted]


# Extension -> (module, function); modules are imported only when needed, so a
# Markdown file never pays for loading the PDF or Word libraries.
_READERS = {
    ".txt": ("text", "read_text"),
    ".md": ("markdown", "read_markdown"),
    ".markdown": ("markdown", "read_markdown"),
    ".html": ("html", "read_html"),
    ".htm": ("html", "read_html"),
    ".docx": ("docx", "read_docx"),
    ".odt": ("odt", "read_odt"),
    ".pdf": ("pdf", "read_pdf"),
}
SUFFIXES = frozenset(_READERS)


def reader_for(suffix: str) -> Reader | None:
    """The reader for a file extension such as '.docx', or None when unsupported."""
    entry = _READERS.get(suffix.lower())
    if entry is None:
        return None
    module = importlib.import_module(f"waardetaal.readers.{entry[0]}")
    reader: Reader = getattr(module, entry[1])
    return reader
