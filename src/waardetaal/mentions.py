"""Mention is not use: recognising terms that are talked about, not used.

"De term ‘hoogopgeleid’" or "het ‘hoger’ onderwijs" (scare quotes) name a term
to discuss or distance it; such a finding is at most a hint. A quotation of
somebody's words is use, not mention: quoted speech is longer than the term or
ends in punctuation (‘Ik ben laagopgeleid,’ zegt ze). Proper names in Title
Case mid-sentence ("Stichting Hoger Onderwijs Nederland") can be left alone.
"""

from __future__ import annotations

import re

from waardetaal.morphology import FUNCTION_WORDS
from waardetaal.typography import PARAGRAPH_BREAK

# A quoted stretch may hold this many words besides the term and still be a mention
# ("de term ‘hoog of laag opgeleid’"); more is a quotation of speech.
EXTRA_MENTION_WORDS = 3
# How far to look for the quote marks or cue words around a term.
_REACH = 120

_OPENING = "‘“„«‹‚"
_CLOSING = "’”»›"
_STRAIGHT = "'\""
_CUE_NOUNS = (
    "term|termen|woord|woorden|begrip|begrippen|benaming|benamingen|aanduiding|aanduidingen|uitdrukking|"
    "uitdrukkingen|etiket|etiketten|label|labels|zinsnede"
)
# "de term X", "het woord X", "termen als X", "woorden zoals X": a noun naming
# words, introduced by a determiner or followed by als/zoals, right before the term.
_CUE = re.compile(
    rf"(?:\b(?:de|het|deze|die|dit|dat|dezelfde|een)\s+(?:{_CUE_NOUNS})|\b(?:{_CUE_NOUNS})\s+(?:als|zoals))"
    r"\s*[:‘“'\"]*\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?:;]$")
_SPEECH_END = re.compile(r"[,.;:!?…]\s*$")


def _quote_role(text: str, index: int) -> str | None:
    """'open', 'close' or None (an apostrophe) for the quote-like char at ``index``."""
    char = text[index]
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if char in "’'" and before.isalnum() and after.isalnum():
        return None  # mbo’ers, zo'n
    short_word = after.lower() in "stn" and (index + 2 >= len(text) or not text[index + 2].isalnum())
    if char in "’'‘" and short_word and not before.isalnum():
        return None  # ’s avonds, ’t, ’n
    if char in _OPENING:
        return "open"
    if char in _CLOSING:
        return "close"
    if char in _STRAIGHT:
        if before.isspace() or before in "([{/-" or index == 0:
            return "open"
        return "close"
    return None


def quoted_segments(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Quoted stretches ``[open + 1, close)`` between ``lo`` and ``hi``."""
    segments = []
    opened: list[tuple[str, int]] = []
    for index in range(lo, hi):
        char = text[index]
        if char not in _OPENING + _CLOSING + _STRAIGHT:
            continue
        role = _quote_role(text, index)
        if role == "open":
            opened.append((_family(char), index))
        elif role == "close":
            family = _family(char)
            for position in range(len(opened) - 1, -1, -1):
                if opened[position][0] == family:
                    segments.append((opened[position][1] + 1, index))
                    del opened[position:]
                    break
    return segments


def _family(char: str) -> str:
    return "double" if char in '“”„«»"' else "single"


def is_mention(text: str, start: int, end: int) -> bool:
    """True when the term at ``[start, end)`` is talked about rather than used."""
    lo = _paragraph_start(text, max(0, start - _REACH), start)
    hi = min(len(text), end + _REACH)
    term_words = len(text[start:end].split())
    for q_start, q_end in quoted_segments(text, lo, hi):
        quoted = text[q_start:q_end]
        if (
            q_start < end
            and start < q_end
            and len(quoted.split()) <= term_words + EXTRA_MENTION_WORDS
            and not _SPEECH_END.search(quoted)
        ):
            return True
    return _CUE.search(text, max(0, start - 60), start) is not None


def _paragraph_start(text: str, lo: int, start: int) -> int:
    breaks = list(PARAGRAPH_BREAK.finditer(text, lo, start))
    return breaks[-1].end() if breaks else lo


def is_proper_name(text: str, start: int, end: int) -> bool:
    """True for a term that is (part of) a name: a run of capitalised words.

    Mid-sentence, two capitalised words make a name ('de Stichting Hoger
    Onderwijs'). At the start of a sentence the first capital says nothing,
    so the run needs two more: 'Hoger Onderwijs Persbureau meldt …' is a name;
    'Hoger onderwijs is …' is not, nor a heading in Title Case, where the
    capitals run on through small words ('Hoger Onderwijs In Utrecht').
    """
    words = [w for w in re.split(r"[\s/-]+", text[start:end]) if w[:1].isalpha()]
    if not words or not all(_is_capitalised(w) for w in words):
        return False
    if not starts_sentence(text, start):
        return len(words) >= 2
    return len(words) + _name_words_after(text, end) >= 3


def _is_capitalised(word: str) -> bool:
    """'Onderwijs' and 'Hoger-', not 'hoger' or an acronym in capitals such as 'HBO'."""
    return word[0].isupper() and not word.isupper()


# The next word on the same line: ' Persbureau', '-Instelling'.
_NEXT_NAME_WORD = re.compile(r"[ \t\u00a0-]+([^\W\d_][\w'’-]*)")
# A name rarely has more words than this; the run is only counted up to here.
_NAME_REACH = 4


def _name_words_after(text: str, end: int) -> int:
    """How many capitalised words follow ``end``; a capitalised small word ('In' of a heading) ends them."""
    count = 0
    position = end
    while count < _NAME_REACH and (found := _NEXT_NAME_WORD.match(text, position)):
        word = found[1]
        if not _is_capitalised(word) or word.lower() in FUNCTION_WORDS:
            break
        count += 1
        position = found.end()
    return count


def starts_sentence(text: str, start: int) -> bool:
    """True when ``start`` is the first word of a sentence, a line or a list item."""
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    prefix = text[line_start:start]
    if not any(char.isalnum() for char in prefix):
        return True
    return _SENTENCE_END.search(prefix.rstrip(" \t‘“'\"(")) is not None
