"""Markdown: only prose is checked, at the file's own positions.

markdown-it-py finds the blocks (fenced and indented code, HTML blocks) with
their source lines; inside prose, inline code, URLs, link targets and HTML
comments are found by pattern. Everything that is not prose is replaced by
spaces of the same length (line breaks stay), so the checked text has the
file's offsets, lines and columns. Headings, lists, tables and block quotes are
prose.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from waardetaal.readers import Extracted
from waardetaal.readers.text import decode

_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?\r?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
# A code span may wrap lines but never crosses a blank line (CommonMark).
_INLINE_CODE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)", re.S)
_LINK_TARGET = re.compile(
    r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)|^[ ]{0,3}\[[^\]]+\]:[ \t]+\S+.*$", re.M
)
_URL = re.compile(r"<?\b(?:https?://|www\.|mailto:)[^\s<>]+>?")
_CODE_BLOCKS = frozenset({"fence", "code_block"})
_parser = MarkdownIt("commonmark").enable("table")
# Lines as markdown-it counts them: split after each line feed only.
_LINES = re.compile(r"[^\n]*\n|[^\n]+\Z")


def _blank(text: str) -> str:
    return re.sub(r"[^\r\n]", " ", text)


def _blank_match(match: re.Match[str]) -> str:
    return _blank(match.group())


def without_code(text: str) -> str:
    """``text`` with front matter, code blocks and inline code blanked (HTML comments kept)."""
    text = _FRONT_MATTER.sub(_blank_match, text)
    lines = _LINES.findall(text)
    for token in _parser.parse(text):
        if token.type in _CODE_BLOCKS and token.map is not None:
            first, last = token.map
            lines[first:last] = [_blank(line) for line in lines[first:last]]
    return _INLINE_CODE.sub(_blank_match, "".join(lines))


_HTML_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?(?:-->|\Z)|<[^>]*>", re.S | re.I)


def _html_text(block: str) -> str:
    """An HTML block with tags, comments, scripts and styles blanked: its visible text stays."""
    return _HTML_HIDDEN.sub(_blank_match, block)


def markdown_prose(text: str) -> str:
    """``text`` with everything that is not prose replaced by spaces of the same length."""
    prose = without_code(text)
    lines = _LINES.findall(prose)
    for token in _parser.parse(prose):
        if token.type == "html_block" and token.map is not None:
            first, last = token.map
            block = "".join(lines[first:last])
            lines[first:last] = _LINES.findall(_html_text(block))
    prose = "".join(lines)
    for pattern in (_HTML_COMMENT, _LINK_TARGET, _URL):
        prose = pattern.sub(_blank_match, prose)
    return prose


def read_markdown(data: bytes) -> Extracted:
    """A Markdown file, with non-prose blanked out; suppressions count outside code only."""
    decoded = decode(data)
    return Extracted(markdown_prose(decoded.text), None, decoded, without_code(decoded.text))
