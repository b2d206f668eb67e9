"""Cheap text search that decides where spaCy has to look.

Tokenising everything would cap throughput at the tokenizer's speed, and most
text cannot contain a term. Every pattern has required words with known
literals (``opgeleid`` in ``hoog opgeleid``; ``ho`` for all forms of ``hoog``).
One regular expression finds the most selective literal of every pattern (its
*trigger*) in the lower-cased text. Around each hit, a *sketch* of the pattern
— its literals in order with bounded gaps — is searched; only where a sketch
matches is a small window cut for the tokenizer and the matcher. The sketch is
a necessary condition of a match, so nothing the matcher would find is skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from waardetaal.patterns import Anchor, Pattern, Step, steps, trigger
from waardetaal.typography import INVISIBLE

# Characters of context around a sketch match handed to the tokenizer: room for
# optional words before and after it and for coordinated parts
# ("laag-, middelbaar en hoogopgeleiden").
MARGIN = 80
# Characters a required word's literal may be followed by before the next one
# (rest of the word, spaces, hyphens, quote marks), and extra room per optional word.
GAP = 30
OPTIONAL_GAP = 40

_APOSTROPHES = "['\u2018\u2019\u201b\u2032`\u00b4]"
_HYPHENS = "[-\u2010\u2011]"
_REMOVE_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))
_OffsetMap = Callable[[int], int]


@dataclass(frozen=True, slots=True)
class Window:
    """A stretch ``[start, end)`` of the original text and the patterns that may match in it."""

    start: int
    end: int
    patterns: frozenset[int]


@dataclass(frozen=True, slots=True)
class _Sketch:
    regex: re.Pattern[str]
    reach: int  # the farthest a sketch match extends from its trigger
    patterns: tuple[int, ...]  # numbers of the patterns with this sketch


class Prefilter:
    """Finds the windows of a text that may contain a match of some pattern."""

    def __init__(self, patterns: Iterable[Pattern]):
        numbers_by_regex: defaultdict[str, list[int]] = defaultdict(list)
        regexes_by_literal: defaultdict[str, set[str]] = defaultdict(set)
        reaches: dict[str, int] = {}
        for number, pattern in enumerate(patterns):
            regex, reaches_to = _sketch(steps(pattern))
            numbers_by_regex[regex].append(number)
            reaches[regex] = reaches_to
            for literal in trigger(pattern):
                regexes_by_literal[literal].add(regex)
        self._sketches = {
            literal: tuple(_Sketch(re.compile(r), reaches[r], tuple(numbers_by_regex[r])) for r in sorted(regexes))
            for literal, regexes in regexes_by_literal.items()
        }
        alternatives = sorted(self._sketches, key=len, reverse=True)
        # A look-ahead finds literals that overlap ('hogerop' in 'hogeropgeleiden'); of
        # literals starting at one place the longest is reported, so each literal also
        # stands for those that are its prefixes ('opleidingsniveau' for 'opleiding').
        self._trigger = re.compile("(?=(" + "|".join(_literal_regex(a) for a in alternatives) + "))")
        self._with_prefixes = {
            literal: tuple(s for other in alternatives if literal.startswith(other) for s in self._sketches[other])
            for literal in alternatives
        }

    def windows(self, text: str) -> list[Window]:
        """Windows of ``text`` that the matcher has to look at, in order."""
        searched, to_original = _searchable(text)
        found: dict[tuple[int, int], set[int]] = {}
        for hit in self._trigger.finditer(searched):
            hit_start, hit_end = hit.span(1)
            for sketch in self._with_prefixes.get(_fold(hit.group(1)), ()):
                lo, hi = max(0, hit_start - sketch.reach), hit_end + sketch.reach
                for match in sketch.regex.finditer(searched, lo, hi):
                    if match.start() <= hit_start and hit_start < match.end():
                        span = (to_original(match.start()), to_original(match.end() - 1) + 1)
                        found.setdefault(span, set()).update(sketch.patterns)
        return _merged_windows(text, sorted(found.items()))


def _sketch(required: tuple[Step, ...]) -> tuple[str, int]:
    """The sketch regex of a pattern's required words, and how far it can reach."""
    parts = []
    reach = 0
    for index, step in enumerate(required):
        longest = max(map(len, step.anchor))
        if index:
            gap = GAP + OPTIONAL_GAP * step.optional_before
            parts.append(f"[\\s\\S]{{0,{gap}}}?")
            reach += gap
        parts.append("(?:" + "|".join(_literal_regex(a) for a in sorted(step.anchor, key=len, reverse=True)) + ")")
        reach += longest
    return "".join(parts), reach


def _literal_regex(literal: str) -> str:
    escaped = re.escape(literal)
    return escaped.replace("'", _APOSTROPHES).replace(r"\-", _HYPHENS)


def _fold(literal: str) -> str:
    return re.sub(_APOSTROPHES, "'", re.sub(_HYPHENS, "-", literal))


def _searchable(text: str) -> tuple[str, _OffsetMap]:
    """Lower-cased ``text`` without invisible break marks, and a map back to its offsets."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters grow when lower-cased ('İ')
        lowered = "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
    if not any(mark in text for mark in INVISIBLE):
        return lowered, _identity
    removed_at = [i for i, char in enumerate(text) if char in INVISIBLE]
    # The i-th removed character would sit at cleaned offset removed_at[i] - i.
    cleaned_positions = [position - i for i, position in enumerate(removed_at)]

    def to_original(offset: int) -> int:
        return offset + bisect_right(cleaned_positions, offset)

    return lowered.translate(_REMOVE_INVISIBLE), to_original


def _identity(offset: int) -> int:
    return offset


def _merged_windows(text: str, spans: list[tuple[tuple[int, int], set[int]]]) -> list[Window]:
    """Grow each sketch match by the margin, snap to white space, merge overlaps."""
    windows: list[Window] = []
    for (start, end), patterns in spans:
        lo = _snap_left(text, max(0, start - MARGIN))
        hi = _snap_right(text, min(len(text), end + MARGIN))
        if windows and lo <= windows[-1].end:
            last = windows[-1]
            windows[-1] = Window(last.start, max(last.end, hi), last.patterns | patterns)
        else:
            windows.append(Window(lo, hi, frozenset(patterns)))
    return windows


def _snap_left(text: str, offset: int) -> int:
    floor = max(0, offset - 40)
    space = max(text.rfind(" ", floor, offset), text.rfind("\n", floor, offset))
    if space >= 0:
        return space + 1
    return floor if floor == 0 else offset


def _snap_right(text: str, offset: int) -> int:
    if offset >= len(text):
        return len(text)
    found = [i for i in (text.find(" ", offset, offset + 40), text.find("\n", offset, offset + 40)) if i >= 0]
    return min(found) if found else min(len(text), offset + 40)
