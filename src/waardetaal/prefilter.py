"""Cheap text search that decides where spaCy has to look.

Tokenising everything would cap throughput at the tokenizer's speed, and most
text cannot contain a term. Every pattern has required words with known
literals (``opgeleid`` in ``hoog opgeleid``; ``ho`` for all forms of ``hoog``).
One regular expression finds the most selective literal of every pattern (its
*trigger*) in the lower-cased text. Around each hit, a *sketch* of the pattern
— its literals in order with bounded gaps — is searched; only where a sketch
matches is a small window cut for the tokenizer and the matcher. The sketch is
a necessary condition of a match, so nothing the matcher would find is skipped.
Sketches run on RE2: with Python's backtracking ``re`` a phrase of many short
words ('ho ho ho … opgeleid') took exponential time on a text made for it.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

import ahocorasick
import re2

from waardetaal.limits import MAX_REGEX_MEMORY
from waardetaal.patterns import Pattern, Step, steps, trigger_index
from waardetaal.typography import INVISIBLE, without_stress

# Characters of context around a sketch match handed to the tokenizer: room for
# optional words before and after it and for coordinated parts
# ("laag-, middelbaar en hoogopgeleiden").
MARGIN = 80
# Between two adjacent required words: the rest of the first word (its ending,
# up to 12 letters), then up to 40 spaces, hyphens, quote marks and line breaks.
# Optional words in between widen the gap by a fixed amount each. The gaps
# bound the stretch searched around a trigger; inside it the sketch leaves them
# open (RE2 compiles a counted repetition of a Unicode class to a copy per count).
NEXT_WORD = r"[\p{L}\p{N}_]*[^\p{L}\p{N}_]*?"
NEXT_WORD_GAP = 52
OPTIONAL_GAP = 60
ANY_GAP = r"(?s:.)*?"
# A word starts after a non-letter, unless a compound split makes it start
# inside one. RE2 has no look-behind: the sketch takes in the character before
# the word (or the start of the searched stretch); a window one character
# wider does no harm, and without groups RE2 needs no slower submatch search.
_WORD_START = r"(?:\A|[^\p{L}\p{Nl}\p{No}])"

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


class _Match(Protocol):
    def start(self) -> int: ...

    def end(self) -> int: ...


class _Regex(Protocol):
    def finditer(self, text: str) -> Iterator[_Match]: ...


@dataclass(frozen=True, slots=True)
class _Sketch:
    """A pattern's required words in order, checked around a hit of its trigger."""

    regex: str  # compiled when its trigger first occurs in a text: most never do
    before: int  # how far the sketch can start before the trigger
    after: int  # how far it can end after the trigger's end
    needles: tuple[tuple[str, ...], ...]  # per other required word: one of these must occur
    patterns: tuple[int, ...]  # numbers of the patterns with this sketch


class Prefilter:
    """Finds the windows of a text that may contain a match of some pattern."""

    def __init__(self, patterns: Iterable[Pattern], inner_words: Iterable[str] = ()):
        """Index ``patterns``; ``inner_words`` can start inside a word (compound splits)."""
        inner = frozenset(inner_words)
        by_literal: defaultdict[str, dict[tuple[str, int, int, tuple[tuple[str, ...], ...]], list[int]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for number, pattern in enumerate(patterns):
            required, at = steps(pattern), trigger_index(pattern)
            key = (*_sketch(required, at, inner), _needles(required, at))
            for literal in required[at].anchor:
                by_literal[literal][key].append(number)
        self._sketches = {
            literal: tuple(
                _Sketch(regex, before, after, needles, tuple(numbers))
                for (regex, before, after, needles), numbers in sorted(sketches.items())
            )
            for literal, sketches in by_literal.items()
        }
        # Aho-Corasick finds every trigger literal, overlapping ones included
        # ('hogerop' and 'opgeleid' in 'hogeropgeleiden'), in one pass.
        self._automaton = ahocorasick.Automaton()
        for literal in self._sketches:
            for variant in _spellings(literal):
                self._automaton.add_word(variant, (literal, len(variant)))
        self._automaton.make_automaton()

    def windows(self, text: str, allowed: frozenset[int] | None = None) -> list[Window]:
        """Windows of ``text`` that the matcher has to look at, in order.

        ``allowed``: the numbers of the patterns to look for (None: all), so a
        rule the settings switch off costs nothing.
        """
        if not self._sketches or allowed == frozenset():
            return []
        # Accents of emphasis are matched as if absent ('hóóg'); same length, so offsets stay.
        searched, to_original = _searchable(without_stress(text))
        found: dict[tuple[int, int], set[int]] = {}
        for last, (literal, length) in self._automaton.iter(searched):
            hit = last - length + 1
            for sketch in self._sketches[literal]:
                patterns = sketch.patterns if allowed is None else allowed.intersection(sketch.patterns)
                if not patterns:
                    continue
                lo, hi = max(0, hit - sketch.before), last + 1 + sketch.after
                region = searched[lo:hi]
                if not all(any(needle in region for needle in group) for group in sketch.needles):
                    continue
                # One character before the stretch, for the word start of _WORD_START.
                base = max(0, lo - 1)
                for match in _compile(sketch.regex).finditer(searched[base:hi]):
                    start, end = base + match.start(), base + match.end()
                    if start > hit:  # matches come in order: none further on holds the hit
                        break
                    if hit < end:
                        span = (to_original(start), to_original(end - 1) + 1)
                        found.setdefault(span, set()).update(patterns)
        return _merged_windows(text, sorted(found.items()))


def _sketch(required: tuple[Step, ...], at: int, inner: frozenset[str]) -> tuple[str, int, int]:
    """The sketch regex of a pattern's required words, and its reach before and after word ``at``."""
    parts = []
    before = after = 0
    for index, step in enumerate(required):
        literals = sorted(step.anchor, key=len, reverse=True)
        if index:
            gap = OPTIONAL_GAP * (step.optional_before + 1) if step.optional_before else NEXT_WORD_GAP
            parts.append(ANY_GAP if step.optional_before else NEXT_WORD)
            if index <= at:
                before += gap
            else:
                after += gap
        alternatives = "|".join(_literal_regex(a) for a in literals)
        may_start_inside = index > 0 or any(any(w.startswith(a) for w in inner) for a in literals)
        opening = "" if index or may_start_inside else _WORD_START
        parts.append(f"{opening}(?:{alternatives})")
        if index < at:
            before += len(literals[0])
        elif index > at:
            after += len(literals[0])
    return "".join(parts), before, after


@functools.cache
def _compile(regex: str) -> _Regex:
    """A sketch compiled with RE2, which takes time linear in the text."""
    options = re2.Options()
    options.max_mem = MAX_REGEX_MEMORY
    options.log_errors = False
    compiled: _Regex = re2.compile(regex, options)
    return compiled


def _needles(required: tuple[Step, ...], at: int) -> tuple[tuple[str, ...], ...]:
    """For each required word but the trigger: plain substrings one of which must occur."""
    groups = []
    for index, step in enumerate(required):
        if index != at:
            needles = {re.split(r"['-]", literal)[0] for literal in step.anchor}
            groups.append(tuple(sorted(n for n in needles if n)))
    return tuple(group for group in groups if group)


def _spellings(literal: str) -> set[str]:
    """The literal with every apostrophe and hyphen look-alike the text may use."""
    spellings = {literal}
    for plain, alikes in (("'", "'\u2018\u2019\u201b\u2032`\u00b4"), ("-", "-\u2010\u2011")):
        spellings = {s.replace(plain, alike) for s in spellings for alike in alikes} if plain in literal else spellings
    return spellings


def _literal_regex(literal: str) -> str:
    escaped: str = re2.escape(literal)
    return escaped.replace(r"\'", _APOSTROPHES).replace(r"\-", _HYPHENS)


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
