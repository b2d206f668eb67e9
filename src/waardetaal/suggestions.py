"""Suggestions that agree with the matched text in form and capitalisation."""

from __future__ import annotations

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

    'HOOGOPGELEIDEN' gives capitals, 'Hoogopgeleide' a capital first letter,
    anything else the replacement as written.
    """
    letters = [char for char in matched if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return replacement.upper()
    if letters and matched.lstrip("‘“'\"(")[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
