"""Suggestions: the agreement and capitalisation that planted bugs (scripts/mutation.py) showed no test pins down."""

from __future__ import annotations

import dataclasses

import pytest

from waardetaal import load_catalog
from waardetaal.morphology import Inflection
from waardetaal.rules import Rule, Suggestions
from waardetaal.suggestions import agree, keep_case, suggestions_for

ABBREVIATIONS = frozenset({"mbo", "hbo", "wo", "bbl"})


@pytest.fixture(scope="module")
def rule() -> Rule:
    """A shipped rule, whose suggestions each test sets itself."""
    return load_catalog().rules[0]


@pytest.mark.parametrize(
    ("matched", "replacement", "agreed"),
    [
        ("mbo'ers", "mbo'er", "mbo'ers"),  # a word with an apostrophe is one word
        ("hoogopgeleide", "hbo-opgeleid", "hbo-opgeleide"),  # the end of a closed compound
        ("hoogopgeleid", "opgeleid", "opgeleid"),  # already in that form
        ("leerling", "leerling", "leerling"),
        ("Kansarme Jongeren", "Jongere met minder kansen", "Jongeren met minder kansen"),
        ("de leerlingen", "studenten", "studenten"),  # no form of the match: unchanged
        ("hoogopgeleiden 2", "wo-opgeleid 3", "wo-opgeleiden 3"),
        ("lagere", "hoger", "hoger"),
        ("mbo-leerlingen", "MBO-student", "MBO-student"),  # a word of the match keeps the writer's capitals
    ],
)
def test_agree(matched: str, replacement: str, agreed: str) -> None:
    assert agree(matched, replacement) == agreed


@pytest.mark.parametrize(
    ("matched", "replacement", "expected"),
    [
        ("HOOGOPGELEIDEN", "hbo- en wo-opgeleiden", "HBO- EN WO-OPGELEIDEN"),
        ("MBO en ho", "mbo, hbo en wo", "MBO, HBO en WO"),
        ("x HBO", "mbo-x hbo", "MBO-x HBO"),
        ("BBL-leerling", "bbl-student", "BBL-student"),
        ("Bbl-leerling", "bbl-student", "Bbl-student"),
        ("HO", "hbo en wo", "HBO EN WO"),  # two capitals are capitals
        ("A", "de", "De"),  # one capital letter is a sentence start, not capitals
        ("‘Hoogopgeleiden", "hbo", "Hbo"),
        ("(Jongeren", "jongeren met minder kansen", "Jongeren met minder kansen"),
        ("hoog", "hbo", "hbo"),
        ("123", "abc", "abc"),
        ("2 Hoog", "hbo", "hbo"),
    ],
)
def test_keep_case(matched: str, replacement: str, expected: str) -> None:
    assert keep_case(matched, replacement, ABBREVIATIONS) == expected


def test_suggestions_for_every_form_agree_with_the_match(rule: Rule) -> None:
    general = dataclasses.replace(rule, suggestions=Suggestions(("Hbo-opgeleid", "wo-opgeleid"), {}))
    assert suggestions_for(general, None, Inflection.EN, "HOOGOPGELEIDEN") == ("HBO-OPGELEIDEN", "WO-OPGELEIDEN")
    assert suggestions_for(general, None, Inflection.EN, "hoogopgeleiden") == ("Hbo-opgeleiden", "wo-opgeleiden")


def test_suggestions_per_inflection_are_taken_as_written(rule: Rule) -> None:
    by_form = {Inflection.BASE: ("opgeleid",), Inflection.EN: ("mensen met een opleiding",)}
    written = dataclasses.replace(rule, suggestions=Suggestions((), by_form))
    assert suggestions_for(written, None, Inflection.EN, "Hoogopgeleiden") == ("Mensen met een opleiding",)
    # An -e form without suggestions of its own takes the base form's, unchanged by agreement.
    assert suggestions_for(written, None, Inflection.E, "hoogopgeleide") == ("opgeleid",)
