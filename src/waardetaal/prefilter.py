"""Cheap text search that decides where spaCy has to look.

Tokenising everything would cap throughput at the tokenizer's speed; most text
cannot contain a term. Every rule pattern has literals that each match must
contain (its *anchors*, e.g. ``opgeleid`` for ``hoog opgeleid``). One regular
expression finds the most selective anchor of every pattern; around each hit a
window of text is cut, and a window is kept only when all anchors of some
pattern occur in it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from waardetaal.patterns import Anchor, Pattern, trigger
from waardetaal.typography import INVISIBLE, fold_quotes

# Characters of context on each side of a hit; the longest pattern plus a
# coordinated part ("laag-, middelbaar en hoogopgeleiden") fits easily.
MARGIN = 160
_APOSTROPHES = "['\u2018\u2019\u201b\u2032`\u00b4]"
_HYPHENS = "[-\u2010\u2011]"
_REMOVE_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))
_OffsetMap = Callable[[int], int]


@dataclass(frozen=True, slots=True)
class Window:
    """A stretch ``[start, end)`` of the original text worth tokenising."""

    start: int
    end: int


class Prefilter:
    """Finds windows of a text that may contain a match of some pattern."""

    def __init__(self, patterns: Iterable[Pattern]):
        anchors_by_literal: defaultdict[str, set[tuple[Anchor, ...]]] = defaultdict(set)
        for pattern in patterns:
            anchors = tuple(sorted(pattern.anchors(), key=sorted))
            for literal in trigger(pattern):
                anchors_by_literal[literal].add(anchors)
        self._anchors = {key: tuple(value) for key, value in anchors_by_literal.items()}
        alternatives = sorted(self._anchors, key=len, reverse=True)
        self._regex = re.compile("|".join(_literal_regex(a) for a in alternatives), re.IGNORECASE)

    def windows(self, text: str) -> list[Window]:
        """Windows of ``text`` that the matcher has to look at, in order."""
        searched, to_original = _visible(text)
        hits = [(to_original(m.start()), to_original(m.end() - 1) + 1, fold_quotes(m.group()))
                for m in self._regex.finditer(searched)]
        if not hits:
            return []
        kept = []
        for start, end, triggers in _merge(text, hits):
            folded = fold_quotes(text[start:end]).translate(_REMOVE_INVISIBLE)
            if any(all(any(literal in folded for literal in anchor) for anchor in anchors)
                   for key in triggers for anchors in self._anchors.get(key, ())):
                kept.append(Window(start, end))
        return kept


def _literal_regex(literal: str) -> str:
    escaped = re.escape(literal)
    return escaped.replace("'", _APOSTROPHES).replace(r"\-", _HYPHENS)


def _visible(text: str) -> tuple[str, _OffsetMap]:
    """``text`` without invisible break marks, and a map back to its offsets."""
    if not any(mark in text for mark in INVISIBLE):
        return text, _identity
    removed_at = [i for i, char in enumerate(text) if char in INVISIBLE]
    # The i-th removed character would sit at cleaned offset removed_at[i] - i.
    cleaned_positions = [position - i for i, position in enumerate(removed_at)]

    def to_original(offset: int) -> int:
        return offset + bisect_right(cleaned_positions, offset)

    return text.translate(_REMOVE_INVISIBLE), to_original


def _identity(offset: int) -> int:
    return offset


def _merge(text: str, hits: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, set[str]]]:
    """Grow each hit by the margin, snap to white space, merge overlaps."""
    merged: list[tuple[int, int, set[str]]] = []
    for start, end, key in hits:
        lo = _snap_left(text, max(0, start - MARGIN))
        hi = _snap_right(text, min(len(text), end + MARGIN))
        if merged and lo <= merged[-1][1]:
            previous = merged[-1]
            previous[2].add(key)
            merged[-1] = (previous[0], max(previous[1], hi), previous[2])
        else:
            merged.append((lo, hi, {key}))
    return merged


def _snap_left(text: str, offset: int) -> int:
    floor = max(0, offset - 40)
    space = max(text.rfind(" ", floor, offset), text.rfind("\n", floor, offset))
    if space >= 0:
        return space + 1
    return floor if floor == 0 else offset


def _snap_right(text: str, offset: int) -> int:
    if offset >= len(text):
        return len(text)
    candidates = [i for i in (text.find(" ", offset, offset + 40), text.find("\n", offset, offset + 40)) if i >= 0]
    return min(candidates) if candidates else min(len(text), offset + 40)
