"""Morphology: the spelling rules that planted bugs (scripts/mutation.py) showed no other test pins down."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waardetaal.morphology import (
    Inflection,
    compound_with,
    degree_forms,
    irregular_plurals,
    is_inflecting,
    spellings,
    word_forms,
    word_literals,
)

BASE, E, EN = Inflection.BASE, Inflection.E, Inflection.EN
WORDS = (
    "hoog",
    "laag",
    "lief",
    "doof",
    "boos",
    "grijs",
    "wit",
    "dik",
    "stil",
    "oud",
    "vrij",
    "nieuw",
    "simpel",
    "praktisch",
    "leerling",
    "jongere",
    "jongeren",
    "kansarme",
    "hoge",
    "lieve",
    "witte",
    "huizen",
    "jaren",
    "ziekte",
    "mbo",
    "ho",
    "man=lieden=mensen",
)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("hoog", True), ("wit", True), ("mbo'ers", True), ("ho", False), ("van", False), ("zowel", False), ("a1b", False)],
)
def test_only_content_words_inflect(word: str, expected: bool) -> None:
    assert is_inflecting(word) is expected


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        # Endings on the word as written: superlative, plural -s, verb -t.
        ("hoog", {"hoogst": BASE, "hoogste": E, "hoogsten": EN, "hoogs": EN, "hoogt": BASE}),
        # A long vowel written single in an open syllable.
        ("hoog", {"hoge": E, "hogen": EN, "hoger": BASE, "hogere": E, "hogeren": EN, "hogers": EN}),
        ("laag", {"lage": E, "lager": BASE}),
        ("oog", {"ogen": EN}),
        ("gemeen", {"gemene": E, "gemener": BASE}),
        # f and s voiced before an ending, after a long vowel or a diphthong.
        ("lief", {"lieve": E, "liever": BASE}),
        ("doof", {"dove": E, "dover": BASE}),
        ("boos", {"boze": E, "bozer": BASE}),
        ("grijs", {"grijze": E, "grijzer": BASE}),
        # A short vowel keeps its syllable closed.
        ("wit", {"witte": E, "witter": BASE, "witten": EN}),
        ("stil", {"stille": E}),
        ("leerling", {"leerlingen": EN, "leerlings": EN}),
        # A noun in -e takes -n or -s.
        ("ziekte", {"ziekten": EN, "ziektes": EN}),
        # Short words and those ending in a vowel take -'s and -s.
        ("mbo", {"mbo": BASE, "mbo's": EN, "mbos": EN}),
        ("ho", {"ho": BASE, "ho's": EN, "hos": EN}),
        # Declared plurals beside the spelled ones.
        ("man=lieden=mensen", {"man": BASE, "mannen": EN, "lieden": EN, "mensen": EN}),
        # A written inflected form finds its base, and a written plural stays plural.
        ("jongeren", {"jongeren": EN, "jongere": E, "jonger": BASE}),
        ("kansarme", {"kansarm": BASE, "kansarmen": EN}),
        ("hoge", {"hoog": BASE, "hoogste": E}),
        ("lieve", {"lief": BASE}),
        ("witte", {"wit": BASE}),
        ("stille", {"stil": BASE}),
        ("ziekten", {"ziektes": EN}),  # both plurals of a noun in -e
        ("huizen", {"huis": BASE, "huizen": EN}),
        ("jaren", {"jaar": BASE, "jaren": EN}),
    ],
)
def test_forms_and_their_inflections(word: str, forms: dict[str, Inflection]) -> None:
    generated = word_forms(word)
    assert {form: generated.get(form) for form in forms} == forms


@pytest.mark.parametrize(
    ("word", "absent"),
    [
        ("oud", {"oudde", "oudder"}),  # no doubling after a long vowel
        ("vrij", {"vrijje"}),
        ("nieuw", {"nieuwwe"}),
        ("simpel", {"simpelle", "simpeller"}),  # nor after an unstressed -el, -er, -en or -em
        ("lekker", {"lekkerre"}),
        ("open", {"openne"}),
        ("bodem", {"bodemme"}),
        ("praktisch", {"praktisze", "praktischen'"}),
        ("ziekte", {"ziekteer", "ziektee", "ziekte's"}),  # a noun in -e takes no stem endings, nor -'s
        ("zone", {"zone's", "zoneer"}),
        ("mbo", {"mbost", "mboer"}),
        ("van", {"vans", "vanen"}),
        ("ho", {"hoe", "hoen"}),
        ("hoog", {"hoog'", "hoogen'"}),
    ],
)
def test_forms_spelling_does_not_make(word: str, absent: set[str]) -> None:
    assert absent.isdisjoint(word_forms(word))


def test_function_words_and_non_words_have_only_themselves() -> None:
    assert word_forms("tegen") == {"tegen": BASE}
    assert word_forms("12") == {"12": BASE}
    assert word_forms("Hoog") == word_forms("hoog")


def test_degree_forms_are_the_first_parts_of_a_compound() -> None:
    assert {"hoog", "hoger", "hoogst"} <= set(degree_forms("hoog"))
    assert {"laag", "lager", "laagst"} <= set(degree_forms("laag"))
    assert not {"hoge", "hogen", "hoogste"} & set(degree_forms("hoog"))
    assert "man" in degree_forms("man=lieden") and "lieden" not in degree_forms("man=lieden")


@given(st.sampled_from(WORDS))
def test_every_form_begins_with_exactly_one_minimal_literal(word: str) -> None:
    literals = word_literals(word)
    forms = set(word_forms(word)) | set(irregular_plurals(word)[1])
    assert all(any(form.startswith(literal) for literal in literals) for form in forms)
    assert not any(a != b and a.startswith(b) for a in literals for b in literals)
    assert all(any(form.startswith(literal) for form in forms) for literal in literals)


def test_literals_avoid_the_common_prefix() -> None:
    assert word_literals("hoog") == {"hoog", "hog"}
    assert word_literals("man=lieden") == {"man", "lieden"}
    assert word_literals("Leerling") == {"leerling"}


def test_declared_plurals() -> None:
    assert irregular_plurals("Man=Lieden=Mensen") == ("man", ("lieden", "mensen"))
    assert irregular_plurals("leerling") == ("leerling", ())
    assert spellings("man=lieden") == ("man", "lieden")


@pytest.mark.parametrize(
    ("wording", "tail", "expected"),
    [
        ("hbo en wo", "agenda", "hbo- en wo-agenda"),
        ("hbo, wo en mbo", "agenda", "hbo-, wo- en mbo-agenda"),
        ("hbo, wo", "agenda", "hbo-, wo-agenda"),
        ("hbo", "student", "hbo-student"),
        ("havo", "leerling", "havoleerling"),
        ("klas 3a", "leerling", "klas 3a-leerling"),
        ("hbo- en wo", "agenda", "hbo- en wo-agenda"),
        ("mbo of hbo", "opleiding", "mbo- of hbo-opleiding"),
        ("laag en hoog", "opgeleiden", "laag- en hoogopgeleiden"),
        ("mbo", "instelling", "mbo-instelling"),
        ("praktijk", "opleiding", "praktijkopleiding"),
        ("zowel hbo als wo", "opleiding", "zowel hbo als wo-opleiding"),
        ("beroeps-mbo", "opleiding", "beroeps-mbo-opleiding"),
        ("middelbare", "opleiding", "middelbare-opleiding"),
        ("hoger", "onderwijs", "hogeronderwijs"),
        ("hbo 2", "agenda", "hbo 2agenda"),
    ],
)
def test_compound_with(wording: str, tail: str, expected: str) -> None:
    assert compound_with(wording, tail) == expected
