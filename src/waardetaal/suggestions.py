"""Suggestions that agree with the matched text in form and capitalisation."""

from __future__ import annotations

import re

from waardetaal.morphology import Inflection, is_inflecting, word_forms
from waardetaal.rules import Rule, Variant


def suggestions_for(rule: Rule, variant: Variant | None, inflection: Inflection, matched: str) -> tuple[str, ...]:
    """The suggestions for a match, in its inflection and capitalisation.

    A variant's own suggestions win; a match that joins several variants
    ("laag- en hoogopgeleiden") gets the rule's general ones. Suggestions
    written once for every form take the form of the matched text.
    """
    chosen = rule.suggestions_of(variant)
    texts = chosen.for_inflection(inflection)
    if not chosen.by_inflection:
        texts = tuple(agree(matched, text) for text in texts)
    return tuple(keep_case(matched, text, rule.language.abbreviations) for text in texts)


def agree(matched: str, replacement: str) -> str:
    """Give each word of ``replacement`` the form its word has in ``matched``.

    For 'kansarme jongeren', 'jongere met minder kansen' becomes 'jongeren met
    minder kansen'; for 'hoogopgeleiden', 'wo-opgeleid' becomes 'wo-opgeleiden'.
    Words that do not occur in the match, in any form, stay as they are.
    """
    matched_words = [word.lower() for word in _FULL_WORDS.findall(matched)]

    def form(found: re.Match[str]) -> str:
        word = found.group()
        taken = _matched_form(word.lower(), matched_words)
        if taken is None:
            return word
        return taken[:1].upper() + taken[1:] if word[:1].isupper() else taken

    return _FULL_WORDS.sub(form, replacement)


def _matched_form(word: str, matched_words: list[str]) -> str | None:
    """The form of ``word`` in the matched words, when it differs from ``word``."""
    if not is_inflecting(word) or word in matched_words:
        return None
    forms = word_forms(word)
    for other in matched_words:
        if other in forms or (is_inflecting(other) and word in word_forms(other)):
            return other
    for other in matched_words:  # the end of a closed compound: 'opgeleiden' in 'hoogopgeleiden'
        tail = max((f for f in forms if len(other) > len(f) and other.endswith(f)), key=len, default=None)
        if tail is not None and tail != word:
            return tail
    return None


def keep_case(matched: str, replacement: str, abbreviations: frozenset[str]) -> str:
    """Write ``replacement`` in the capitalisation of ``matched``.

    'HOOGOPGELEIDEN' gives capitals. A writer who spells one of the rule set's
    ``abbreviations`` (lower case) in capitals ('BBL-leerling', 'MBO en HO')
    gets them in capitals in the suggestion too ('BBL-student', 'MBO, HBO en
    WO'). 'Hoogopgeleide' gives a capital first letter.
    """
    letters = [char for char in matched if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return replacement.upper()
    capitals = {word.lower() for word in _WORDS.findall(matched) if word.isupper()} & abbreviations
    if capitals:
        return _WORDS.sub(lambda m: m.group().upper() if m.group().lower() in abbreviations else m.group(), replacement)
    if letters and matched.lstrip("‘“'\"(")[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


_WORDS = re.compile(r"[^\W\d_]+")
# A word with an apostrophe inside ('mbo'ers') is one word for its form.
_FULL_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
