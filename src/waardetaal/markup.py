"""Only prose is checked: blank out what in Markdown is code, addresses or comments.

Code blocks, inline code, HTML comments, URLs, link targets and front matter are
replaced by spaces (line breaks stay), so every offset, line and column of the
checked text is still the file's own.
"""

from __future__ import annotations

import re

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FENCE = re.compile(
    r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?:^(?P=indent)?[ ]{0,3}(?P=fence)[`~]*[ \t]*$|\Z)",
    re.S | re.M,
)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_INLINE_CODE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.S)
_LINK_TARGET = re.compile(r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)|(?<=\]):[ \t]+\S+")
_URL = re.compile(r"<?\b(?:https?://|www\.|mailto:)[^\s<>]+>?")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def markdown_prose(text: str) -> str:
    """``text`` with everything that is not prose replaced by spaces of the same length."""
    for pattern in (_FRONT_MATTER, _FENCE, _HTML_COMMENT, _INLINE_CODE, _LINK_TARGET, _URL):
        text = pattern.sub(_blank, text)
    return text
