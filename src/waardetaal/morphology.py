"""Dutch word forms for matching: inflection, degree and spelling changes.

Rule writers write a base word ("hoog", "opgeleid", "leerling"); the engine
matches every form Dutch spelling gives it ("hoge", "hoger", "hoogste",
"opgeleiden", "leerlingen"). Generating too many forms is harmless (a form that
is not a word never occurs in text); missing one costs recall, so the rules err
on the generous side. The lemma tables of spacy-lookups-data were considered and
rejected: they lack forms such as "hoger", "geschoold" and "studenten".
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache


class Inflection(StrEnum):
    """The form of a matched word that a suggestion has to agree with."""

    BASE = "basis"  # hoogopgeleid, leerling, hoger
    E = "e"  # hoogopgeleide (attributive)
    EN = "en"  # hoogopgeleiden, leerlingen, mbo'ers (plural)


# Words that never inflect and never take part in compounds.
FUNCTION_WORDS = frozenset(
    {
        "aan",
        "al",
        "als",
        "bij",
        "dan",
        "de",
        "een",
        "en",
        "en/of",
        "het",
        "in",
        "met",
        "na",
        "naar",
        "niet",
        "noch",
        "of",
        "om",
        "op",
        "over",
        "per",
        "tegen",
        "te",
        "tot",
        "uit",
        "van",
        "voor",
        "zowel",
    }
)

_VOWELS = "aeiou"
# Endings added to the word as written: superlative, plural -s, verb -t.
_WORD_ENDINGS = (
    ("st", Inflection.BASE),
    ("ste", Inflection.E),
    ("sten", Inflection.EN),
    ("s", Inflection.EN),
    ("t", Inflection.BASE),
)
# Endings added to a stem with Dutch spelling changes: -e, -en, comparative -er.
_STEM_ENDINGS = (
    ("er", Inflection.BASE),
    ("e", Inflection.E),
    ("ere", Inflection.E),
    ("en", Inflection.EN),
    ("eren", Inflection.EN),
    ("ers", Inflection.EN),
)
_DIPHTHONGS = ("ie", "ei", "ij", "ui", "ou", "au", "eu", "oe")
_WORD = re.compile(r"^[^\W\d_]+(?:'[^\W\d_]+)?$")


def is_inflecting(word: str) -> bool:
    """True when ``word`` is a content word that takes Dutch endings."""
    return len(word) >= 3 and word not in FUNCTION_WORDS and _WORD.match(word) is not None


def _undoubled(word: str) -> str | None:
    """'hoog' -> 'hog': a long vowel is written single in an open syllable."""
    if len(word) < 3 or word[-1] in _VOWELS:
        return None
    if word[-2] == word[-3] and word[-2] in "aeou" and (len(word) == 3 or word[-4] not in _VOWELS):
        return word[:-2] + word[-1]
    return None


def _voiced(stem: str) -> str:
    """'lief' -> 'liev', 'boz' after undoubling: f/s become v/z before an ending."""
    if stem.endswith("f"):
        return stem[:-1] + "v"
    if stem.endswith("s") and not stem.endswith("sch"):
        return stem[:-1] + "z"
    return stem


def _doubled(word: str) -> str | None:
    """'wit' -> 'witt': a short vowel keeps its syllable closed before an ending."""
    if len(word) < 3 or word[-1] in _VOWELS or word[-1] in "wxj":
        return None
    if word[-2] in _VOWELS and word[-3] not in _VOWELS and not word.endswith(("er", "el", "en", "em")):
        return word + word[-1]
    return None


def _ending_stems(word: str) -> set[str]:
    """The stems to which -e, -en, -er attach, over-generating on purpose."""
    if word.endswith("isch"):
        return {word}
    stems = {word}
    undoubled = _undoubled(word)
    if undoubled is not None:
        stems.add(undoubled)
        stems.add(_voiced(undoubled))
    if word.endswith(_DIPHTHONGS + tuple(d + c for d in _DIPHTHONGS for c in "fs")):
        stems.add(_voiced(word))
    doubled = _doubled(word)
    if doubled is not None:
        stems.add(doubled)
    return stems


@lru_cache(maxsize=4096)
def word_forms(word: str) -> dict[str, Inflection]:
    """Every form of ``word`` mapped to its inflection; the word itself included.

    A rule writer may write any form ('jongeren', 'kansarme'): the word then
    also finds the forms of the base it was made from ('jongere', 'kansarm').
    Words that do not inflect (function words, numbers, punctuation,
    abbreviations of two letters) map only to themselves, plus plural "-'s"
    and "-s" for abbreviations such as "ho" and "wo".
    """
    word = word.lower()
    if IRREGULAR in word:
        base, plurals = irregular_plurals(word)
        # Spelling does not make these plurals, so they have no forms of their own.
        return {**word_forms(base), **dict.fromkeys(plurals, Inflection.EN)}
    forms = _generated(word)
    for base in sorted(_bases(word)):
        made = _generated(base)
        if made.get(word) is not None:
            # The written word is a form of this base: it is plural when the base says so.
            if made[word] is Inflection.EN:
                forms = {**forms, word: Inflection.EN}
            for form, inflection in made.items():
                forms.setdefault(form, inflection)
    return forms


def _generated(word: str) -> dict[str, Inflection]:
    """The forms Dutch spelling makes from ``word`` taken as a base."""
    forms: dict[str, Inflection] = {word: Inflection.BASE}
    if not _WORD.match(word) or word in FUNCTION_WORDS:
        return forms
    if word.endswith("e") and len(word) >= 4:
        # 'jongere', 'ziekte': a noun in -e takes -n or -s, never the endings of a stem.
        forms.setdefault(word + "n", Inflection.EN)
        forms.setdefault(word + "s", Inflection.EN)
        return forms
    if len(word) < 3 or word[-1] in _VOWELS:
        forms.setdefault(word + "'s", Inflection.EN)
        forms.setdefault(word + "s", Inflection.EN)
        return forms
    for suffix, inflection in _WORD_ENDINGS:
        forms.setdefault(word + suffix, inflection)
    for stem in sorted(_ending_stems(word)):
        for suffix, inflection in _STEM_ENDINGS:
            forms.setdefault(stem + suffix, inflection)
    return forms


def _bases(word: str) -> set[str]:
    """Words of which ``word`` may be an -e or -en form: 'jongeren' -> 'jongere', 'jonger'.

    Over-generating on purpose: a candidate counts only when its own forms
    include ``word`` again.
    """
    if not is_inflecting(word) or len(word) < 4:
        return set()
    if word.endswith("en"):
        stems = {word[:-1], word[:-2]}
    elif word.endswith("e"):
        stems = {word[:-1]}
    else:
        return set()
    bases = set(stems)
    for stem in stems:
        if stem.endswith(("v", "z")):
            bases.add(stem[:-1] + ("f" if stem.endswith("v") else "s"))  # lieve -> lief, huizen -> huis
        if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
            bases.add(stem[:-1])  # witte -> wit
        if len(stem) >= 3 and stem[-1] not in _VOWELS and stem[-2] in "aeou" and stem[-3] not in _VOWELS:
            bases.add(stem[:-1] + stem[-2] + stem[-1])  # hoge -> hoog, jaren -> jaar
    return {base for base in bases if len(base) >= 3 and base != word}


def degree_forms(word: str) -> tuple[str, ...]:
    """The forms that stand first in a closed compound: 'hoog', 'hoger', 'hoogst'."""
    word = irregular_plurals(word)[0]
    forms = word_forms(word)
    wanted = {word, word + "st"} | {stem + "er" for stem in _ending_stems(word)}
    return tuple(sorted(f for f in forms if f in wanted))


@lru_cache(maxsize=4096)  # asked for the same few hundred words thousands of times while rules load
def word_literals(word: str) -> frozenset[str]:
    """Literals one of which begins every form of ``word``: 'hoog' -> {'hoog', 'hog'}.

    A cheap text search for these finds every form without the noise of their
    common prefix ('ho' would also find 'school').
    """
    word = word.lower()
    if IRREGULAR in word:
        base, plurals = irregular_plurals(word)
        declared = word_literals(base) | frozenset(plurals)
        return frozenset(c for c in declared if not any(o != c and c.startswith(o) for o in declared))
    forms = word_forms(word)
    roots = {word} | _bases(word)
    candidates = roots | ({stem for root in roots for stem in _ending_stems(root)} if len(forms) > 3 else set())
    literals = {c for c in candidates if any(f.startswith(c) for f in forms)}
    # Every form must start with a literal, or the text search would skip its matches.
    literals |= {f for f in forms if not any(f.startswith(c) for c in literals)}
    return frozenset(c for c in literals if not any(o != c and c.startswith(o) for o in literals))


_COORDINATING = ("en", "of", "en/of")

# Joins a word to plurals that its spelling does not give: 'man=lieden=mensen'.
IRREGULAR = "="


def irregular_plurals(word: str) -> tuple[str, tuple[str, ...]]:
    """The base word and the plurals a rule declares for it: 'man=lieden' -> ('man', ('lieden',))."""
    base, *plurals = word.lower().split(IRREGULAR)
    return base, tuple(plurals)


def spellings(word: str) -> tuple[str, ...]:
    """The words one of which begins every form: the base and each declared plural."""
    base, plurals = irregular_plurals(word)
    return (base, *plurals)


def compound_with(wording: str, tail: str) -> str:
    """``wording`` as the first part of a compound: 'hbo en wo' + 'agenda' is 'hbo- en wo-agenda'.

    Coordinated words before the last take the hyphen of an elided part; the
    last takes a hyphen where Dutch spelling asks for one: after an
    abbreviation ('wo-agenda') and between two vowels ('mbo-instelling').
    """
    words = wording.split(" ")
    for index in range(len(words) - 1):
        word = words[index].rstrip(",")
        coordinated = words[index].endswith(",") or words[index + 1] in _COORDINATING
        if coordinated and word not in FUNCTION_WORDS and not word.endswith("-"):
            words[index] = word + "-" + words[index][len(word) :]
    last = words[-1]
    hyphen = last[-1:].isalpha() and (_is_abbreviation(last) or (last[-1] in _VOWELS and tail[:1] in _VOWELS))
    words[-1] = last + ("-" if hyphen else "") + tail
    return " ".join(words)


def _is_abbreviation(word: str) -> bool:
    """'wo', 'hbo': a last part this short is an abbreviation, not a Dutch content word."""
    return len(word.rsplit("-", 1)[-1]) <= 3
