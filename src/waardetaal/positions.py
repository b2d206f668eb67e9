"""Where a finding is, as a person finds it: line and column, or a page or paragraph.

Each reader hands the linter a :class:`PositionMap` for the text it extracted:
plain text and Markdown map to their own lines, HTML maps back into the source
file, Word, OpenDocument and PDF name the paragraph or page.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as line numbers count them (after CRLF, a lone CR or LF), without their breaks."""
    return _LINE_BREAK.split(text)


Location = Mapping[str, int | str]


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column (in code points), and where applicable a location."""

    line: int
    column: int
    location: Location | None = None


class PositionMap(Protocol):
    """Turns an offset in the checked text into a position a person can open."""

    def position(self, offset: int) -> Position:
        """The position of the character at ``offset`` of the checked text."""
        ...


class LineIndex:
    """Lines and columns of a text itself (plain text, Markdown).

    The lines are found when a position is first asked for: most documents of
    a batch have no finding, and then none is.
    """

    def __init__(self, text: str):
        self._text = text

    @cached_property
    def _starts(self) -> list[int]:
        return [0] + [match.end() for match in _LINE_BREAK.finditer(self._text)]

    def line_and_column(self, offset: int) -> tuple[int, int]:
        """The (line, column) of the character at ``offset``."""
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def position(self, offset: int) -> Position:
        """The position of the character at ``offset``."""
        return Position(*self.line_and_column(offset))


class SourceMap:
    """Positions in a source file for text extracted from it character by character (HTML)."""

    def __init__(self, source: str, source_offsets: array[int]):
        self._lines = LineIndex(source)
        self._offsets = source_offsets

    def position(self, offset: int) -> Position:
        """The source line and column of the checked character at ``offset``."""
        return Position(*self._lines.line_and_column(self._offsets[offset]))

    def source_offset(self, offset: int) -> int:
        """The offset in the source of the checked character at ``offset``."""
        return self._offsets[offset]


class BlockMap:
    """Paragraphs or pages of a document without lines of its own (Word, PDF)."""

    def __init__(self, text: str, block_starts: Sequence[int], locations: Sequence[Location]):
        self._lines = LineIndex(text)
        self._starts = list(block_starts)
        self._locations = list(locations)

    def block_start(self, offset: int) -> int:
        """Where the block holding ``offset`` starts in the checked text."""
        return self._starts[max(0, bisect_right(self._starts, offset) - 1)]

    def position(self, offset: int) -> Position:
        """Line and column in the checked text, and the block's location."""
        block = max(0, bisect_right(self._starts, offset) - 1)
        return Position(*self._lines.line_and_column(offset), self._locations[block] if self._locations else None)
