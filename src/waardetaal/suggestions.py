"""Suggestions that agree with the matched text in form and capitalisation."""

from __future__ import annotations

import re

from waardetaal.morphology import Inflection
from waardetaal.rules import Rule, Variant


def suggestions_for(rule: Rule, variant: Variant | None, inflection: Inflection, matched: str) -> tuple[str, ...]:
    """The suggestions for a match, in its inflection and capitalisation.

    A variant's own suggestions win; a match that joins several variants
    ("laag- en hoogopgeleiden") gets the rule's general ones.
    """
    return tuple(keep_case(matched, text) for text in rule.suggestions_of(variant).for_inflection(inflection))


def keep_case(matched: str, replacement: str) -> str:
    """Write ``replacement`` in the capitalisation of ``matched``.

    'HOOGOPGELEIDEN' gives capitals. A writer who spells the abbreviations in
    capitals ('BBL-leerling', 'MBO en HO') gets them in capitals in the
    suggestion too ('BBL-student', 'MBO, HBO en WO'). 'Hoogopgeleide' gives a
    capital first letter.
    """
    letters = [char for char in matched if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return replacement.upper()
    if any(word in ABBREVIATIONS for word in _WORDS.findall(matched)):
        return _WORDS.sub(lambda m: m.group().upper() if m.group().upper() in ABBREVIATIONS else m.group(), replacement)
    if letters and matched.lstrip("‘“'\"(")[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


# Education abbreviations, written in capitals by some writers.
ABBREVIATIONS = frozenset({"MBO", "HBO", "WO", "VMBO", "HAVO", "VWO", "HO", "ROC", "BBL", "BOL", "VO", "PO"})
_WORDS = re.compile(r"[^\W\d_]+")
