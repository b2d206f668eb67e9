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

import ahocorasick

from waardetaal.patterns import Anchor, Pattern, Step, steps, trigger
from waardetaal.typography import INVISIBLE

# Characters of context around a sketch match handed to the tokenizer: room for
# optional words before and after it and for coordinated parts
# ("laag-, middelbaar en hoogopgeleiden").
MARGIN = 80
# Between two adjacent required words: the rest of the first word (its ending),
# then spaces, hyphens, quote marks and line breaks. Optional words in between
# widen the gap by a fixed amount each.
NEXT_WORD = r"\w{0,12}\W{0,40}?"
OPTIONAL_GAP = 60
# A word starts after a non-letter, unless a compound split makes it start inside one.
_WORD_START = r"(?<![^\W\d_])"

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

    def __init__(self, patterns: Iterable[Pattern], inner_words: Iterable[str] = ()):
        """Index ``patterns``; ``inner_words`` can start inside a word (compound splits)."""
        inner = frozenset(inner_words)
        sketches_by_literal: defaultdict[str, dict[str, int]] = defaultdict(dict)
        patterns_by_literal: defaultdict[str, set[int]] = defaultdict(set)
        for number, pattern in enumerate(patterns):
            regex, reach = _sketch(steps(pattern), inner)
            for literal in trigger(pattern):
                sketches_by_literal[literal][regex] = reach
                patterns_by_literal[literal].add(number)
        # All sketches of one trigger literal are tried as one regex: one search per hit.
        self._sketches = {
            literal: _Sketch(
                re.compile("|".join(f"(?:{r})" for r in sorted(by_regex))),
                max(by_regex.values()),
                tuple(sorted(patterns_by_literal[literal])),
            )
            for literal, by_regex in sketches_by_literal.items()
        }
        # Aho-Corasick finds every trigger literal, overlapping ones included
        # ('hogerop' and 'opgeleid' in 'hogeropgeleiden'), in one pass.
        self._automaton = ahocorasick.Automaton()
        for literal in self._sketches:
            for variant in _spellings(literal):
                self._automaton.add_word(variant, (literal, len(variant)))
        self._automaton.make_automaton()

    def windows(self, text: str) -> list[Window]:
        """Windows of ``text`` that the matcher has to look at, in order."""
        searched, to_original = _searchable(text)
        found: dict[tuple[int, int], tuple[int, ...]] = {}
        for last, (literal, length) in self._automaton.iter(searched):
            hit = last - length + 1
            sketch = self._sketches[literal]
            for match in sketch.regex.finditer(searched, max(0, hit - sketch.reach), last + 1 + sketch.reach):
                if match.start() <= hit < match.end():
                    found[(to_original(match.start()), to_original(match.end() - 1) + 1)] = sketch.patterns
        return _merged_windows(text, sorted(found.items()))


def _sketch(required: tuple[Step, ...], inner: frozenset[str]) -> tuple[str, int]:
    """The sketch regex of a pattern's required words, and how far it can reach."""
    parts = []
    reach = 0
    for index, step in enumerate(required):
        if index and step.optional_before:
            gap = OPTIONAL_GAP * (step.optional_before + 1)
            parts.append(f"[\\s\\S]{{0,{gap}}}?")
            reach += gap
        elif index:
            parts.append(NEXT_WORD)
            reach += 52
        literals = sorted(step.anchor, key=len, reverse=True)
        alternatives = "|".join(_literal_regex(a) for a in literals)
        may_start_inside = index > 0 or any(any(w.startswith(a) for w in inner) for a in literals)
        parts.append(("(?:" if may_start_inside else _WORD_START + "(?:") + alternatives + ")")
        reach += len(literals[0])
    return "".join(parts), reach


def _spellings(literal: str) -> set[str]:
    """The literal with every apostrophe and hyphen look-alike the text may use."""
    spellings = {literal}
    for plain, alikes in (("'", "'\u2018\u2019\u201b\u2032`\u00b4"), ("-", "-\u2010\u2011")):
        spellings = {s.replace(plain, alike) for s in spellings for alike in alikes} if plain in literal else spellings
    return spellings


def _literal_regex(literal: str) -> str:
    escaped = re.escape(literal)
    return escaped.replace("'", _APOSTROPHES).replace(r"\-", _HYPHENS)


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


def _merged_windows(text: str, spans: list[tuple[tuple[int, int], tuple[int, ...]]]) -> list[Window]:
    """Grow each sketch match by the margin, snap to white space, merge overlaps."""
    windows: list[Window] = []
    for (start, end), patterns in spans:
        lo = _snap_left(text, max(0, start - MARGIN))
        hi = _snap_right(text, min(len(text), end + MARGIN))
        if windows and lo <= windows[-1].end:
            last = windows[-1]
            windows[-1] = Window(last.start, max(last.end, hi), last.patterns.union(patterns))
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
