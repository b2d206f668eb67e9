"""Readers turn a file's bytes into the text to check and a map back to the file.

One module per format; :data:`FILE_FORMATS` is the one list of the formats waardetaal
reads, with what the rest of the program may do with each (suffixes for walking,
where suppression directives count, whether fixes are written back, the media type
for uploads). :func:`reader_for` picks the reader by extension; the reader checks the
content against it. Every problem is a :class:`ReadError` with a one-line Dutch
message, so one bad file never stops a run.
"""

from __future__ import annotations

import datetime
import enum
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


@dataclass(frozen=True, slots=True)
class ReadingHints:
    """What the rule sets know that helps read a file: none of it is about any one language in Python."""

    # First parts that keep their hyphen where a PDF line breaks after it ('mbo-⏎studenten'); any other
    # lower-case word broken with a hyphen at a line end is joined ('hoog-⏎opgeleiden').
    line_end_hyphens: frozenset[str] = frozenset()


NO_HINTS = ReadingHints()
# A reader takes the file's bytes and the hints; only the PDF reader uses them so far.
Reader = Callable[[bytes, ReadingHints], Extracted]


class Directives(enum.Enum):
    """Where suppression directives count in a format's source text."""

    NONE = "none"  # no source text to write one in (Word, OpenDocument, PDF)
    COMMENTS = "comments"  # only in HTML comments: in markup, anything else is text readers see
    COMMENTS_AND_MARKERS = "comments-and-markers"  # plain text: also a marker line ('# waardetaal: …')


@dataclass(frozen=True, slots=True)
class FileFormat:
    """One format waardetaal reads, and what the rest of the program may do with its files."""

    label: str  # Dutch, for people choosing a file
    suffixes: tuple[str, ...]  # lower case, the usual one first
    media_type: str
    module: str  # waardetaal.readers.<module>, imported only when a file needs it
    function: str
    directives: Directives
    fixable: bool  # the source can be edited and written back, so safe suggestions can be applied


# Modules are imported only when needed, so a Markdown file never pays for loading the PDF or Word libraries.
FILE_FORMATS = (
    FileFormat("tekst", (".txt",), "text/plain", "text", "read_text", Directives.COMMENTS_AND_MARKERS, fixable=True),
    FileFormat(
        "Markdown",
        (".md", ".markdown"),
        "text/markdown",
        "markdown",
        "read_markdown",
        Directives.COMMENTS,
        fixable=True,
    ),
    FileFormat("HTML", (".html", ".htm"), "text/html", "html", "read_html", Directives.COMMENTS, fixable=True),
    FileFormat(
        "Word",
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        "read_docx",
        Directives.NONE,
        fixable=False,
    ),
    FileFormat(
        "OpenDocument",
        (".odt",),
        "application/vnd.oasis.opendocument.text",
        "odt",
        "read_odt",
        Directives.NONE,
        fixable=False,
    ),
    FileFormat("PDF", (".pdf",), "application/pdf", "pdf", "read_pdf", Directives.NONE, fixable=False),
)
_BY_SUFFIX = {suffix: file_format for file_format in FILE_FORMATS for suffix in file_format.suffixes}
_BY_MEDIA_TYPE = {file_format.media_type: file_format for file_format in FILE_FORMATS}
SUFFIXES = frozenset(_BY_SUFFIX)


def suffixes(where: Callable[[FileFormat], bool]) -> frozenset[str]:
    """The suffixes of the formats for which ``where`` holds."""
    return frozenset(suffix for suffix, file_format in _BY_SUFFIX.items() if where(file_format))


def format_for(suffix: str) -> FileFormat | None:
    """The format of a file extension such as '.docx' (any case), or None when unsupported."""
    return _BY_SUFFIX.get(suffix.lower())


def format_for_media_type(media_type: str) -> FileFormat | None:
    """The format of a media type such as 'application/pdf' (parameters and case ignored), or None."""
    return _BY_MEDIA_TYPE.get(media_type.partition(";")[0].strip().lower())


def reader_for(suffix: str) -> Reader | None:
    """The reader for a file extension such as '.docx', or None when unsupported."""
    file_format = format_for(suffix)
    if file_format is None:
        return None
    module = importlib.import_module(f"waardetaal.readers.{file_format.module}")
    reader: Reader = getattr(module, file_format.function)
    return reader
