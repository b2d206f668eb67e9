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

The search runs on the text as the matcher sees it (:func:`typography.normalize`,
lower-cased): one notion of white space, quote marks, hyphens and invisible marks,
so no spelling the matcher accepts is one the search misses. Distances (gaps,
margins) are counted there too, where a run of white space is one character.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

import ahocorasick
import re2

from waardetaal.limits import MAX_REGEX_MEMORY
from waardetaal.patterns import Pattern, Step, coordinable_literals, steps, trailing_optional, trigger_index
from waardetaal.typography import INVISIBLE, NormalizedText, normalize

# Characters of context around a sketch match handed to the tokenizer: room for
# a compound tail (patterns.MAX_TAIL), quote marks and a first coordinated part;
# optional words before and after the sketch widen it by OPTIONAL_GAP each, and
# longer coordinations by COORDINATION_REACH.
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
# How far a window edge may move to reach white space before it cuts a word instead.
_SNAP = 40
# Coordination grows a match to the left over any number of parts ('laag,
# hoog, … en hoogopgeleiden'), which no fixed margin covers: a window's start
# moves back a margin at a time while the stretch before it holds a word that
# can be coordinated, up to this far.
COORDINATION_REACH = 2000


@dataclass(frozen=True, slots=True)
class Window:
    """A stretch ``[start, end)`` of the original text and the patterns that may match in it."""

    start: int
    end: int
    patterns: frozenset[int]


# regex, before, after, lead, trail, needles: the sketches of patterns with one key are shared.
_SketchKey = tuple[str, int, int, int, int, tuple[tuple[str, ...], ...]]
_Span = tuple[int, int]  # [start, end) in the canonical text


class _Match(Protocol):
    def start(self) -> int: ...

    def end(self) -> int: ...


class _Regex(Protocol):
    def finditer(self, text: str) -> Iterator[_Match]: ...

    def search(self, text: str) -> _Match | None: ...


@dataclass(frozen=True, slots=True)
class _Sketch:
    """A pattern's required words in order, checked around a hit of its trigger."""

    regex: str  # compiled when its trigger first occurs in a text: most never do
    before: int  # how far the sketch can start before the trigger
    after: int  # how far it can end after the trigger's end
    lead: int  # how far a match can start before the sketch (optional words)
    trail: int  # how far it can end after the sketch
    needles: tuple[tuple[str, ...], ...]  # per other required word: one of these must occur
    patterns: tuple[int, ...]  # numbers of the patterns with this sketch


class Prefilter:
    """Finds the windows of a text that may contain a match of some pattern."""

    def __init__(self, patterns: Iterable[Pattern], inner_words: Iterable[str] = ()):
        """Index ``patterns``; ``inner_words`` can start inside a word (compound splits)."""
        inner = frozenset(inner_words)
        patterns = tuple(patterns)
        coordinable = sorted({literal for pattern in patterns for literal in coordinable_literals(pattern)})
        # A coordinated part is a token of its own: it starts a word.
        words = "|".join(map(_literal_regex, coordinable))
        self._allowed_sketches: dict[
            frozenset[int] | None, Mapping[str, tuple[tuple[_Sketch, frozenset[int]], ...]]
        ] = {}
        self._coordinable = _compile(f"{_WORD_START}(?:{words})") if coordinable else None
        by_literal: defaultdict[str, defaultdict[_SketchKey, list[int]]] = defaultdict(lambda: defaultdict(list))
        for number, pattern in enumerate(patterns):
            required, at = steps(pattern), trigger_index(pattern)
            reach = (OPTIONAL_GAP * required[0].optional_before, OPTIONAL_GAP * trailing_optional(pattern))
            key = (*_sketch(required, at, inner), *reach, _needles(required, at))
            for literal in required[at].anchor:
                by_literal[literal][key].append(number)
        self._sketches = {
            literal: tuple(_Sketch(*key, tuple(numbers)) for key, numbers in sorted(sketches.items()))
            for literal, sketches in by_literal.items()
        }
        # Aho-Corasick finds every trigger literal, overlapping ones included
        # ('hogerop' and 'opgeleid' in 'hogeropgeleiden'), in one pass.
        self._automaton = ahocorasick.Automaton()
        for literal in self._sketches:
            self._automaton.add_word(literal, (literal, len(literal)))
        self._automaton.make_automaton()

    def prepare(self) -> None:
        """Compile every sketch now, rather than when its trigger first occurs in a text."""
        for sketches in self._sketches.values():
            for sketch in sketches:
                _compile(sketch.regex)

    def _sketches_for(self, allowed: frozenset[int] | None) -> Mapping[str, tuple[tuple[_Sketch, frozenset[int]], ...]]:
        """Per trigger literal, its sketches that hold an allowed pattern, with those patterns (kept per setting)."""
        if allowed not in self._allowed_sketches:
            chosen = {
                literal: tuple(
                    (sketch, patterns)
                    for sketch in sketches
                    if (patterns := frozenset(sketch.patterns) if allowed is None else allowed & set(sketch.patterns))
                )
                for literal, sketches in self._sketches.items()
            }
            self._allowed_sketches[allowed] = {literal: entries for literal, entries in chosen.items() if entries}
        return self._allowed_sketches[allowed]

    def windows(self, text: str, allowed: frozenset[int] | None = None) -> list[Window]:
        """Windows of ``text`` that the matcher has to look at, in order.

        ``allowed``: the numbers of the patterns to look for (None: all), so a
        rule the settings switch off costs nothing.
        """
        if not self._sketches or allowed == frozenset():
            return []
        normalized = normalize(text)
        searched = _lowered(normalized.text)
        found: dict[_Span, set[int]] = {}
        sketches = self._sketches_for(allowed)
        viable: dict[str, tuple[tuple[_Sketch, frozenset[int]], ...]] = {}
        for last, (literal, length) in self._automaton.iter(searched):
            hit = last - length + 1
            if literal not in viable:  # a common trigger ('het') hits thousands of times, its other words rarely
                viable[literal] = _occurring(sketches.get(literal, ()), searched)
            for sketch, patterns in viable[literal]:
                lo, hi = max(0, hit - sketch.before), last + 1 + sketch.after
                if not _all_near(searched, sketch.needles, lo, hi):
                    continue
                # One character before the stretch, for the word start of _WORD_START.
                base = max(0, lo - 1)
                for match in _compile(sketch.regex).finditer(searched[base:hi]):
                    start, end = base + match.start(), base + match.end()
                    if start > hit:  # matches come in order: none further on holds the hit
                        break
                    if hit < end:
                        span = (start - sketch.lead, end + sketch.trail)
                        found.setdefault(span, set()).update(patterns)
        return self._merged_windows(text, normalized, sorted(found.items()))

    def _merged_windows(
        self, text: str, normalized: NormalizedText, spans: list[tuple[_Span, set[int]]]
    ) -> list[Window]:
        """Grow each sketch match by the margin, snap to white space, merge overlaps, map back to ``text``."""
        canonical = normalized.text
        grown = sorted(
            (
                (self._left_edge(canonical, max(0, start - MARGIN)), _snap_right(canonical, end + MARGIN), patterns)
                for (start, end), patterns in spans
            ),
            key=lambda window: window[:2],
        )
        merged: list[tuple[int, int, set[int]]] = []
        for lo, hi, patterns in grown:  # by start: a coordination can take a window far back
            if merged and lo <= merged[-1][1]:
                last_lo, last_hi, last_patterns = merged[-1]
                merged[-1] = (last_lo, max(last_hi, hi), last_patterns | patterns)
            else:
                merged.append((lo, hi, set(patterns)))
        return [
            Window(_original_start(text, normalized, lo), _original_end(text, normalized, hi), frozenset(patterns))
            for lo, hi, patterns in merged
        ]

    def _left_edge(self, canonical: str, offset: int) -> int:
        """Where a window that must hold ``offset`` starts: before any coordinated words there."""
        lo = _snap_left(canonical, offset)
        floor = max(0, offset - COORDINATION_REACH)
        # Sliced: RE2 encodes the whole string it is given, which for every window would be quadratic.
        while self._coordinable and lo > floor and self._coordinable.search(canonical[max(0, lo - MARGIN) : lo]):
            lo = _snap_left(canonical, max(floor, lo - MARGIN))
        return lo


def _all_near(searched: str, needles: tuple[tuple[str, ...], ...], lo: int, hi: int) -> bool:
    """Whether one needle of every group lies within ``searched[lo:hi]``.

    Run for every hit of a trigger, so it looks in place (no slice of the stretch) and in plain loops.
    """
    for group in needles:
        for needle in group:
            if searched.find(needle, lo, hi) >= 0:
                break
        else:
            return False
    return True


def _occurring(
    entries: tuple[tuple[_Sketch, frozenset[int]], ...], searched: str
) -> tuple[tuple[_Sketch, frozenset[int]], ...]:
    """The sketches each of whose other required words occurs somewhere in ``searched``: only they can match."""
    return tuple(
        (sketch, patterns)
        for sketch, patterns in entries
        if all(any(needle in searched for needle in group) for group in sketch.needles)
    )


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
        # A compound's second part starts inside a word, and so does a literal that begins
        # with it ('opgeleiden' after 'hoog|opgeleid') or that it begins with; a symbol
        # ('(' of '(m/v)') is split off whatever stands before it ('Adviseur(m/v)').
        may_start_inside = (
            index > 0
            or any(w.startswith(a) or a.startswith(w) for w in inner for a in literals)
            or any(not a[:1].isalnum() for a in literals)
        )
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
    """For each required word but the trigger: plain substrings one of which must occur.

    The groups whose shortest substring is longest come first: checked around every
    hit of the trigger, a rare word ('leerling') rules a hit out sooner than 'op'.
    """
    groups = [tuple(sorted(step.anchor)) for index, step in enumerate(required) if index != at]
    return tuple(sorted(groups, key=lambda group: (-min(map(len, group)), group)))


def _literal_regex(literal: str) -> str:
    escaped: str = re2.escape(literal)
    return escaped


def _lowered(text: str) -> str:
    """``text`` lower-cased, of the same length, so offsets stay."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)  # 'İ' grows


def _original_start(text: str, normalized: NormalizedText, offset: int) -> int:
    """Where a window starting at canonical ``offset`` starts in ``text``: at the word, after white space.

    Invisible marks between the white space and the word go into the window, so
    the matcher sees white space before it, as in the whole text.
    """
    if offset <= 0:
        return 0
    start = normalized.to_original(offset)
    while start > 0 and text[start - 1] in INVISIBLE:
        start -= 1
    return start


def _original_end(text: str, normalized: NormalizedText, offset: int) -> int:
    """Where a window ending at canonical ``offset`` ends in ``text``: at white space after a word."""
    if offset >= len(normalized.text):
        return len(text)
    end = normalized.to_original(offset - 1) + 1
    while end < len(text) and text[end] in INVISIBLE:
        end += 1
    return end


def _snap_left(text: str, offset: int) -> int:
    floor = max(0, offset - _SNAP)
    space = max(text.rfind(" ", floor, offset), text.rfind("\n", floor, offset))
    if space >= 0:
        return space + 1
    return floor if floor == 0 else offset


def _snap_right(text: str, offset: int) -> int:
    if offset >= len(text):
        return len(text)
    found = [i for i in (text.find(" ", offset, offset + _SNAP), text.find("\n", offset, offset + _SNAP)) if i >= 0]
    return min(found) if found else min(len(text), offset + _SNAP)
