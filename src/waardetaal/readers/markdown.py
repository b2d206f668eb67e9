"""Markdown: only prose is checked, at the file's own positions.

markdown-it-py finds the blocks (fenced and indented code, HTML blocks) with
their source lines; inside prose, inline code, URLs, link targets and HTML
comments are found by pattern, and the visible text of an HTML block by the
HTML reader's tokenizer. Every pass is linear in the file: no pattern can
backtrack over more than a bounded stretch. Everything that is not prose is replaced by
spaces of the same length (line breaks stay), so the checked text has the
file's offsets, lines and columns. Headings, lists, tables and block quotes are
prose; emphasis marks inside a word become zero-width spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from markdown_it import MarkdownIt

from waardetaal.readers import NO_HINTS, Extracted, ReadingHints
from waardetaal.readers.html import visible_spans
from waardetaal.readers.text import decode

_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?\r?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_BACKTICKS = re.compile(r"`+")
# A code span may wrap lines but never crosses a blank line (CommonMark).
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Possessive, so a target without its ')' fails at once; a definition's label is one line of at
# most 999 characters (CommonMark's bound), so no attempt rescans the lines after it.
_LINK_TARGET = re.compile(
    r"(?<=\])\((?:[^()\s]|\([^()\s]*+\))*+(?:\s++\"[^\"]*+\")?\)|^[ ]{0,3}\[[^\]\n]{1,999}\]:[ \t]+\S+.*$", re.M
)
_URL = re.compile(r"<?\b(?:https?://|www\.|mailto:)[^\s<>]+>?")
# Emphasis inside a word ('**hoog**opgeleiden' shows as one word, part of it bold):
# CommonMark allows it with '*' only. Its marks become zero-width spaces, which the
# matcher reads as nothing, so the word is one word; '_' inside a word is a letter.
_INWORD_EMPHASIS = re.compile(r"(?<=[^\W\d_])\*+(?=[^\W\d_])")
_CODE_BLOCKS = frozenset({"fence", "code_block"})
# Only the block structure is used: inline parsing would cost time and find nothing needed.
_parser = MarkdownIt("commonmark").enable("table").disable("inline")
# Lines as markdown-it counts them: split after each line feed only.
_LINES = re.compile(r"[^\n]*\n|[^\n]+\Z")


def _blank(text: str) -> str:
    return re.sub(r"[^\r\n]", " ", text)


def _blank_match(match: re.Match[str]) -> str:
    return _blank(match.group())


def _blanked(text: str, spans: Iterable[tuple[int, int]], keep: bool = False) -> str:
    """``text`` with the ordered, disjoint ``spans`` blanked, or with all but them blanked (``keep``)."""
    pieces, last = [], 0
    for start, end in spans:
        between, inside = text[last:start], text[start:end]
        pieces += [_blank(between), inside] if keep else [between, _blank(inside)]
        last = end
    pieces.append(_blank(text[last:]) if keep else text[last:])
    return "".join(pieces)


def _code_spans(text: str) -> Iterator[tuple[int, int]]:
    """Each code span: a backtick run up to the next run of the same length in its paragraph."""
    start = 0
    for boundary in [*_BLANK_LINE.finditer(text), None]:
        stop = len(text) if boundary is None else boundary.start()
        yield from _code_spans_in(text, start, stop)
        start = stop if boundary is None else boundary.end()


def _code_spans_in(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    runs = [found.span() for found in _BACKTICKS.finditer(text, start, stop)]
    # For each run, the next run of the same length, found in one pass from the end.
    closers: list[int | None] = [None] * len(runs)
    latest: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        closers[index] = latest.get(length)
        latest[length] = index
    index = 0
    while index < len(runs):
        closer = closers[index]
        if closer is None:  # no run to close it: the backticks are literal
            index += 1
        else:
            yield runs[index][0], runs[closer][1]
            index = closer + 1


def _without_code(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` without code, and the lines of its HTML blocks: one markdown-it pass finds both."""
    text = _FRONT_MATTER.sub(_blank_match, text)
    lines = _LINES.findall(text)
    html_blocks = []
    for token in _parser.parse(text):
        if token.map is None:
            continue
        first, last = token.map
        if token.type in _CODE_BLOCKS:
            lines[first:last] = [_blank(line) for line in lines[first:last]]
        elif token.type == "html_block":
            html_blocks.append((first, last))
    prose = "".join(lines)
    return _blanked(prose, _code_spans(prose)), html_blocks


def without_code(text: str) -> str:
    """``text`` with front matter, code blocks and inline code blanked (HTML comments kept)."""
    return _without_code(text)[0]


def _html_text(block: str) -> str:
    """An HTML block with tags, comments, scripts and styles blanked: its visible text stays."""
    return _blanked(block, visible_spans(block), keep=True)


def markdown_prose(text: str) -> str:
    """``text`` with everything that is not prose replaced by spaces of the same length."""
    return _prose(*_without_code(text))


def _prose(code_free: str, html_blocks: list[tuple[int, int]]) -> str:
    """Text already without code, with HTML blocks, comments, link targets and URLs blanked too."""
    lines = _LINES.findall(code_free)
    for first, last in html_blocks:  # blanking keeps every line, so the block's lines are where they were
        lines[first:last] = _LINES.findall(_html_text("".join(lines[first:last])))
    prose = "".join(lines)
    for pattern in (_HTML_COMMENT, _LINK_TARGET, _URL):
        prose = pattern.sub(_blank_match, prose)
    return _INWORD_EMPHASIS.sub(lambda marks: "\u200b" * len(marks.group()), prose)


def read_markdown(data: bytes, hints: ReadingHints = NO_HINTS) -> Extracted:
    """A Markdown file, with non-prose blanked out; suppressions count outside code only."""
    decoded = decode(data)
    code_free, html_blocks = _without_code(decoded.text)
    return Extracted(_prose(code_free, html_blocks), None, decoded, code_free)
