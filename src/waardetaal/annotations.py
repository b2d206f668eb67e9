"""Inline annotations in example texts: ``[[hoogopgeleiden]]{rule-id}``.

Rule examples and the corpora mark what must be flagged right in the text, so
text and expectation stay side by side. ``[[…]]`` alone means "flagged by the
rule this example belongs to"; ``{rule-id:info}`` expects a finding of severity
info (a mention).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARK = re.compile(r"\[\[(?P<text>.+?)\]\](?:\{(?P<rule>[a-z0-9.-]+)(?::(?P<severity>error|warning|info))?\})?", re.S)


@dataclass(frozen=True, slots=True)
class Annotation:
    """An expected finding: a span of the plain text and its rule."""

    start: int
    end: int
    text: str
    rule: str | None
    severity: str | None


def parse_annotated(annotated: str) -> tuple[str, list[Annotation]]:
    """Strip the markup; return the plain text and the annotations in it."""
    pieces: list[str] = []
    annotations: list[Annotation] = []
    length = 0
    last = 0
    for mark in _MARK.finditer(annotated):
        before = annotated[last : mark.start()]
        pieces.append(before)
        length += len(before)
        text = mark["text"]
        annotations.append(Annotation(length, length + len(text), text, mark["rule"], mark["severity"]))
        pieces.append(text)
        length += len(text)
        last = mark.end()
    pieces.append(annotated[last:])
    plain = "".join(pieces)
    if "[[" in plain or "]]{" in plain:
        raise ValueError("onvolledige markering [[…]] in voorbeeldtekst")
    return plain, annotations
