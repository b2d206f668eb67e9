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
    chosen = variant.suggestions if variant is not None and variant.suggestions is not None else rule.suggestions
    return tuple(keep_case(matched, text) for text in chosen.for_inflection(inflection))


def keep_case(matched: str, replacement: str) -> str:
    """Write ``replacement`` in the capitalisation of ``matched``.

    'HOOGOPGELEIDEN' gives capitals; an abbreviation written in capitals at the
    start keeps them ('BBL-leerling' -> 'BBL-student', 'ROC-leerlingen' ->
    'mbo-studenten'); 'Hoogopgeleide' gives a capital first letter.
    """
    letters = [char for char in matched if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return replacement.upper()
    abbreviation = _ABBREVIATION.match(matched)
    if abbreviation is not None:
        prefix = abbreviation.group(1)
        if replacement.lower().startswith(prefix.lower()):
            return prefix + replacement[len(prefix) :]
        return replacement
    if letters and matched.lstrip("‘“'\"(")[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


# An abbreviation in capitals opening a compound: 'HBO-', 'ROC ', 'MBO/'.
_ABBREVIATION = re.compile(r"^([A-Z]{2,})(?=[-\s/])")
