"""One term per spelling and inflection of a matched text, so that a scan can count terms.

'Hoogopgeleiden', 'hoogopgeleide' and 'hoog-opgeleiden' are one term
('hoogopgeleid'); 'laagopgeleiden' is another. The term is the matched text
lower-cased, typographically normalised (quotes, hyphens, soft hyphens, white
space), with hyphens inside a word dropped and each word's inflection (-e, -en,
-s, -'s) reduced with the engine's own morphology: a base is accepted only when
:func:`waardetaal.morphology.word_forms` gives the matched word as its -e or -en
form. Nothing here knows a word of the rules; open compounds ('hoog opgeleid')
stay apart from closed ones ('hoogopgeleid'), because only a lexicon could
tell 'hoger onderwijs' from them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from waardetaal.morphology import FUNCTION_WORDS, Inflection, is_inflecting, word_forms
from waardetaal.typography import INVISIBLE, normalize

# A hyphen at a line end before a word: a wrapped word ('hoog-⏎opgeleiden'), unless
# the next word is a conjunction ('laag-⏎en hoogopgeleiden'), where it marks an omission.
_WRAPPED = re.compile(r"[-\u2010\u2011][^\S\n]*\n\s*(?=([\w\u2010\u2011-]+))")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
# A hyphen between two letters joins the parts of one word: 'hoog-opgeleid' is 'hoogopgeleid'.
_JOINING_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
_VOWELS = "aeiou"
# Endings tried, longest first: the plural -'s, then -en, -e and -s.
_ENDINGS = ("'s", "en", "e", "s")
# Plural -s follows an unstressed syllable, a final e or -eau ('werknemers', 'ziektes', 'niveaus'), not 'onderwijs'.
_S_PLURAL_STEMS = ("el", "er", "en", "em", "je", "e", "eau")
_SCHWA_SYLLABLES = ("el", "er", "en", "em")
_REDUCED = frozenset({Inflection.E, Inflection.EN})


def term_of(matched: str) -> str:
    """The term a matched text counts as: one form for all its spellings and inflections."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", matched))
    text = _WRAPPED.sub(lambda m: "- " if m.group(1).lower() in FUNCTION_WORDS else "-", text)
    text = " ".join(normalize(text).text.lower().split())
    text = _JOINING_HYPHEN.sub("", text)
    return " ".join(_word_term(word) for word in text.split(" "))


def _word_term(word: str) -> str:
    """A word with its inflection reduced; an omission hyphen ('werk-') stays."""
    bare = word.rstrip("-")
    return base_form(bare) + word[len(bare) :]


def base_form(word: str) -> str:
    """The form of a lower-case word whose -e or -en form it is ('opgeleiden' -> 'opgeleid'), or the word."""
    if not is_inflecting(word):
        return word
    for ending in _ENDINGS:
        if not word.endswith(ending):
            continue
        stem = word[: -len(ending)]
        if ending == "s" and not stem.endswith(_S_PLURAL_STEMS):
            continue
        shortest = 2 if ending == "'s" else 3  # 'wo's' has a base of two letters; 'les' has none
        for candidate in _bases(stem):
            if len(candidate) >= shortest and word_forms(candidate).get(word) in _REDUCED:
                return candidate
    return word


def _bases(stem: str) -> Iterator[str]:
    """The words an inflected ``stem`` may come from, Dutch spelling undone first ('hog' -> 'hoog')."""
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        yield stem[:-1]  # 'witt(e)' -> 'wit': a doubled consonant closes a short vowel
    if stem.endswith(("v", "z")):
        devoiced = stem[:-1] + ("f" if stem.endswith("v") else "s")  # 'liev(e)' -> 'lief', 'boz(e)' -> 'bos'
        yield from _long_vowel(devoiced)
        yield devoiced
    yield from _long_vowel(stem)
    yield stem


def _long_vowel(stem: str) -> Iterator[str]:
    """'hog' -> 'hoog': a long vowel written single in an open syllable is doubled in the base."""
    if len(stem) < 3 or stem.endswith(_SCHWA_SYLLABLES):
        return
    consonant, vowel, before = stem[-1], stem[-2], stem[-3]
    if consonant not in _VOWELS and vowel in "aeou" and before not in _VOWELS:
        yield stem[:-1] + vowel + consonant
