"""Typographic normalisation of text before tokenisation, with a way back.

Real documents write the same word in many ways: curly or straight quotes,
soft hyphens, zero-width spaces and direction marks inside words, non-breaking spaces, words
broken over a line. The matcher sees one canonical spelling; every offset in the
canonical text maps back to the original, so findings point at what the writer
sees.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from waardetaal.morphology import FUNCTION_WORDS

# Characters that are invisible in print: marks of a possible break (soft
# hyphen, zero-width space and joiners) and marks of writing direction, which
# editors and copied web text put around and inside words ('hoog\u200eopgeleid').
INVISIBLE = (
    "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

# Look-alikes the matcher reads as one character: quote marks as straight ones,
# hyphen look-alikes as '-'. Public so that every other reader of raw text (the
# prefilter, tests) knows exactly the same variants.
APOSTROPHES = "\u2018\u2019\u201a\u201b\u2032`\u00b4\u2039\u203a"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb"
HYPHENS = "\u2010\u2011"
_SAME_LENGTH = str.maketrans(
    {**dict.fromkeys(APOSTROPHES, "'"), **dict.fromkeys(DOUBLE_QUOTES, '"'), **dict.fromkeys(HYPHENS, "-")}
)

# An en dash between two letters is a hyphen typed with the wrong key: 'hoog–opgeleid'.
_DASH_AS_HYPHEN = re.compile(r"(?<=[^\W\d_])\u2013(?=[^\W\d_])")

# Runs that change length: invisible marks are dropped; white space (with any
# marks in it) that is not a single plain space becomes one space, or a
# paragraph break when it holds two or more line breaks (so no term is found
# across paragraphs).
_RUN = re.compile(rf"[\s{INVISIBLE}]{{2,}}|[^\S ]|[{INVISIBLE}]")
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\u2028\u2029]")
# Two line breaks with only spaces between: the end of a paragraph, in any line-ending style.
# A CR before an LF is one break with it, never a break of its own ('\r\n' is one line end).
_ONE_BREAK = r"(?:\r\n|\r(?!\n)|[\n\u2028\u2029])"
PARAGRAPH_BREAK = re.compile(rf"{_ONE_BREAK}[ \t\u00a0]*{_ONE_BREAK}")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Canonical text plus the map from its offsets to the original's."""

    text: str
    _norm_starts: tuple[int, ...]
    _orig_starts: tuple[int, ...]

    def to_original(self, offset: int) -> int:
        """The original offset of the character at canonical ``offset``.

        Only characters copied from the original (never a replaced whitespace
        run) are asked for: token starts and token ends minus one.
        """
        segment = bisect_right(self._norm_starts, offset) - 1
        return self._orig_starts[segment] + offset - self._norm_starts[segment]


# Accents of emphasis: Dutch stresses a word with acute accents ('hóóg opgeleid',
# 'theorétisch'). Only the acute is a stress mark; a diaeresis (geëvalueerd),
# grave (crème), circumflex (enquête) or cedilla is spelling and stays.
_ACUTE_LETTERS = "áéíóúÁÉÍÓÚ"
_ACUTE = str.maketrans(dict(zip(_ACUTE_LETTERS, "aeiouAEIOU", strict=True)))
_COMBINING_ACUTE = "\u0301"
_STRESS_MARK = re.compile(f"[{_ACUTE_LETTERS}{_COMBINING_ACUTE}]")
_WORD_CHAR = re.compile(rf"[\w\u0300-\u036f{INVISIBLE}]")
# What stands in for a dropped combining accent: an invisible mark, removed with the others.
_DROPPED = "\u200b"


def without_stress(text: str) -> str:
    """``text`` with accents of emphasis removed, of the same length.

    An acute accent is emphasis, and is matched as if absent, except where it
    is the spelling: on the last letter of a word (café, privé, dé) and where
    the word without it is a different small word (één, vóór). A combining
    accent becomes an invisible mark, so that every offset stays the same.
    """
    pieces: list[str] = []
    done = 0
    for mark in _STRESS_MARK.finditer(text):
        if mark.start() < done:
            continue  # inside a word already handled
        start, end = _word_around(text, mark.start())
        pieces += [text[done:start], _unstressed_word(text[start:end])]
        done = end
    return "".join(pieces) + text[done:] if pieces else text


def _word_around(text: str, index: int) -> tuple[int, int]:
    """The bounds of the word (letters, marks, invisible marks) that holds ``index``."""
    start, end = index, index + 1
    while start > 0 and _WORD_CHAR.match(text, start - 1):
        start -= 1
    while end < len(text) and _WORD_CHAR.match(text, end):
        end += 1
    return start, end


def _unstressed_word(word: str) -> str:
    last = word.rstrip(INVISIBLE)[-1]
    plain = "".join(char for char in word.translate(_ACUTE) if char.isalpha()).lower()
    if last == _COMBINING_ACUTE or last in _ACUTE_LETTERS or plain in FUNCTION_WORDS:
        return word
    return word.replace(_COMBINING_ACUTE, _DROPPED).translate(_ACUTE)


def normalize(text: str) -> NormalizedText:
    """Return the canonical form of ``text`` used for matching."""
    text = without_stress(text)
    pieces: list[str] = []
    norm_starts = [0]
    orig_starts = [0]
    length = 0
    last = 0
    for run in _RUN.finditer(text):
        copied = text[last : run.start()]
        pieces.append(copied)
        length += len(copied)
        # Enough of what follows for the longest list marker ('100. ').
        replacement = _replacement(run.group(), text[run.start() - 1 : run.start()], text[run.end() : run.end() + 5])
        pieces.append(replacement)
        length += len(replacement)
        last = run.end()
        norm_starts.append(length)
        orig_starts.append(last)
    pieces.append(text[last:])
    canonical = "".join(pieces)
    if "\u2013" in canonical:  # checked first: the look-around pattern scans the whole text
        canonical = _DASH_AS_HYPHEN.sub("-", canonical)
    # A regular expression finds the few characters to map at C speed; str.translate
    # would look up every character of the text in a dictionary.
    canonical = _SAME_LENGTH_CHARS.sub(_same_length_char, canonical)
    return NormalizedText(canonical, tuple(norm_starts), tuple(orig_starts))


_SAME_LENGTH_CHARS = re.compile(f"[{re.escape(APOSTROPHES + DOUBLE_QUOTES + HYPHENS)}]")


def _same_length_char(match: re.Match[str]) -> str:
    return match.group().translate(_SAME_LENGTH)


def _replacement(run: str, before: str, after: str) -> str:
    """What a run of white space or invisible marks becomes, given its neighbours.

    A single line break is a wrapped line (a space), unless what follows starts a
    new line of its own: a capital after a lower-case line end (a heading or a
    new item, 'Kosten te hoog⏎Opgeleide vakkrachten') or a list marker.
    """
    if not any(char.isspace() for char in run):
        return ""
    breaks = len(_LINE_BREAKS.findall(run))
    if breaks >= 2:
        return "\n\n"
    if breaks == 1 and (_LIST_ITEM.match(after) or (after[:1].isupper() and not before.isupper())):
        return "\n\n"
    return " "


# The start of a list item on a new line: '- ', '* ', '• ', '3. ', '2) '.
_LIST_ITEM = re.compile(r"[-*•·▪–]\s|\d{1,3}[.)]\s")
