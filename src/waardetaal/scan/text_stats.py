r"""What a scan measures in a checked text: its words, and the context of a finding.

A *word* is a run of letters or digits, with hyphens or apostrophes inside it
('mbo-studenten', "mbo'ers" and '2024' are one word each): the regular
expression ``\w+(?:[-’']\w+)*``. The *context* of a finding is the sentence it
stands in (sentences end at '.', '!', '?' or '…' before white space, and at a
blank line), cut to at most :data:`CONTEXT_CHARS` characters around the finding
with '…' where it was cut, on one line: it goes into a CSV cell.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+(?:[-’']\w+)*")
# The white space after a sentence's end mark, or a blank line: where sentences meet.
_BOUNDARY = re.compile(r"(?<=[.!?…])\s+|\n[^\S\n]*\n\s*")
_SPACE = re.compile(r"\s+")
CONTEXT_CHARS = 120
ELLIPSIS = "…"


def word_count(text: str) -> int:
    """The number of words in ``text``."""
    return sum(1 for _ in _WORD.finditer(text))


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The sentence around ``text[start:end]``, at most ``width`` characters of it, on one line.

    Only ``width`` characters either side are looked at, so a document with
    many findings costs no more than its findings.
    """
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if end - start > width:
        return _one_line(text[start : start + width]) + ELLIPSIS
    room = width - (end - start)
    first, whole_start = _sentence_start(text, start, room)
    last, whole_end = _sentence_end(text, end, room)
    left_take = min(start - first, max(room // 2, room - (last - end)))
    right_take = min(last - end, room - left_take)
    left_cut = left_take < start - first or not whole_start
    right_cut = right_take < last - end or not whole_end
    left = _after_word_cut(text, start - left_take, start) if left_cut else text[first:start]
    right = _before_word_cut(text, end, end + right_take) if right_cut else text[end:last]
    lead, tail = (ELLIPSIS if left_cut else ""), (ELLIPSIS if right_cut else "")
    return _one_line(lead + left.lstrip() + text[start:end] + right.rstrip() + tail)


def _sentence_start(text: str, start: int, room: int) -> tuple[int, bool]:
    """Where the sentence holding ``start`` begins, looking back ``room`` characters; and whether it was found."""
    low = max(0, start - room)
    found = None
    for boundary in _BOUNDARY.finditer(text, low, start):
        found = boundary.end()
    return (low, low == 0) if found is None else (found, True)


def _sentence_end(text: str, end: int, room: int) -> tuple[int, bool]:
    """Where the sentence holding ``end`` ends, looking ahead ``room`` characters; and whether it was found."""
    high = min(len(text), end + room)
    boundary = _BOUNDARY.search(text, end, high)
    return (high, high == len(text)) if boundary is None else (boundary.start(), True)


def _after_word_cut(text: str, cut: int, start: int) -> str:
    """``text[cut:start]`` without the part of a word the cut went through."""
    piece = text[cut:start]
    if cut > 0 and not text[cut - 1].isspace():
        space = _SPACE.search(piece)
        piece = piece[space.start() :] if space else ""
    return piece


def _before_word_cut(text: str, end: int, cut: int) -> str:
    """``text[end:cut]`` without the part of a word the cut went through."""
    piece = text[end:cut]
    if cut < len(text) and not text[cut].isspace():
        spaces = list(_SPACE.finditer(piece))
        piece = piece[: spaces[-1].start()] if spaces else ""
    return piece


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
