"""Every spelling of werk- en denkniveau and the hard education floors of real vacancies (issue 10, items 2-3)."""

from __future__ import annotations

import pytest

from waardetaal import Linter
from waardetaal.linter import Policy
from waardetaal.prefilter import Window

DENK = "utrecht.werk-en-denkniveau"
EIS = "utrecht.diploma-eis"
VACATURE = Policy(genre="vacature")


def found(linter: Linter, text: str, policy: Policy = VACATURE) -> list[tuple[str, str]]:
    return [(f.text, f.rule) for f in linter.lint(text, policy=policy)]


def unfiltered(linter: Linter, text: str) -> list[tuple[int, int, str]]:
    """Detections when the prefilter is bypassed: the whole text is one window for every pattern."""
    window = Window(0, len(text), frozenset(range(len(linter.catalog.patterns))))
    return sorted((d.start, d.end, d.rule.id) for d in linter._engine.detect(text, [window]))


DENKNIVEAUS = [
    "hbo werk- of denkniveau",
    "HBO werk- en/of denkniveau",
    "wo werk- c.q. denkniveau",
    "hbo werk- dan wel denkniveau",
    "hbo werk/denkniveau",
    "hbo werk -en denkniveau",
    "hbo werk en- denkniveau",
    "hbo werk-- en denkniveau",
    "HBO werk - en denkniveau",
    "hbo werk-en denkniveau",
    "wo-werk- en -denkniveau",
    "hbo denk- en werkniveau",
    "mbo 4 denk- of werkniveau",
    "werk en/of denkniveau op mbo 4 niveau",
    "werk- en denkniveau op aantoonbaar hbo-niveau",
    "denkniveau op bachelorniveau",
    "Werk- en denkniveau: hbo",
]


@pytest.mark.parametrize("phrase", DENKNIVEAUS)
def test_every_spelling_of_werk_en_denkniveau(linter: Linter, phrase: str) -> None:
    text = f"Wat vragen wij? Je hebt {phrase}. Je bent flexibel."
    assert found(linter, text) == [(phrase, DENK)]
    assert [(s, e) for s, e, rule in unfiltered(linter, text) if rule == DENK] == [
        (f.start, f.end) for f in linter.lint(text, policy=VACATURE)
    ]


def test_the_level_as_a_requirement_of_its_own(linter: Linter) -> None:
    assert found(linter, "Je werkt op aantoonbaar hbo/wo-niveau.") == [("werkt op aantoonbaar hbo/wo-niveau", DENK)]
    assert found(linter, "Je werkt op hbo-niveau in een klein team.") == []


FLOORS = [
    ("Je hebt een afgeronde hbo-opleiding.", "afgeronde hbo-opleiding"),
    ("Afgeronde opleiding op mbo 4-niveau.", "Afgeronde opleiding op mbo 4-niveau"),
    ("Je hebt een afgeronde opleiding op bachelorniveau.", "afgeronde opleiding op bachelorniveau"),
    ("Voltooide wo-opleiding in de rechten.", "Voltooide wo-opleiding"),
    ("Je hebt een afgeronde relevante technische hbo-opleiding.", "afgeronde relevante technische hbo-opleiding"),
    ("Je hebt een afgeronde mbo-, hbo- of wo-opleiding.", "afgeronde mbo-, hbo- of wo-opleiding"),
    ("Je hebt een afgeronde HBO/WO opleiding.", "afgeronde HBO/WO opleiding"),
    ("Je hebt een afgeronde bachelor- of masteropleiding.", "afgeronde bachelor- of masteropleiding"),
    ("Afgeronde MBO niveau 4 opleiding.", "Afgeronde MBO niveau 4 opleiding"),
    ("Je hebt een diploma op hbo-niveau.", "hebt een diploma op hbo-niveau"),
    ("Opleiding: mbo 4 of hoger.", "Opleiding: mbo 4 of hoger"),
    ("Mbo 3 of hoger in de richting techniek.", "Mbo 3 of hoger"),
    ("Je hebt je hbo-studie afgerond.", "hebt je hbo-studie afgerond"),
    ("Je hebt je opleiding op mbo-niveau 4 afgerond.", "opleiding op mbo-niveau 4 afgerond"),
    ("Je hebt een mbo4 diploma.", "hebt een mbo4 diploma"),
    ("U beschikt over een relevante hbo- of wo-opleiding.", "beschikt over een relevante hbo- of wo-opleiding"),
    ("Je bent in het bezit van een hbo-diploma.", "in het bezit van een hbo-diploma"),
    ("Opleidingsniveau: HBO", "Opleidingsniveau: HBO"),
    ("Je hebt minimaal een mbo-4-diploma.", "minimaal een mbo-4-diploma"),
    ("Voor deze functie is een wo-diploma vereist.", "wo-diploma vereist"),
]


@pytest.mark.parametrize(("text", "term"), FLOORS)
def test_hard_floors_in_vacancies(linter: Linter, text: str, term: str) -> None:
    assert found(linter, text) == [(term, EIS)]
    assert [(s, e) for s, e, rule in unfiltered(linter, text) if rule == EIS] == [
        (f.start, f.end) for f in linter.lint(text, policy=VACATURE)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Je hebt een afgeronde opleiding in de richting bedrijfskunde.",
        "Een afgeronde opleiding tot verpleegkundige is mooi meegenomen.",
        "Je hebt een relevante opleiding en ervaring.",
        "Een hbo-opleiding is een pré.",
        "Je volgt bij ons een hbo-opleiding.",
        "Wij bieden je een opleiding op mbo-niveau aan.",
        "Heb je geen hbo-diploma, maar wel ervaring? Dan horen we graag van je.",
        "Je mbo-diploma neem je mee naar het gesprek.",
        "Heb je een mbo-diploma en ervaring in de wijk? Dan nodigen we je ook uit.",
        "Een kwart heeft nog geen diploma op mbo niveau 2.",
        "Zij heeft een hbo-opleiding genoten.",
        "Je werkt minimaal 32 uur per week en hebt minimaal drie jaar ervaring.",
    ],
)
def test_no_floor_without_a_level_or_a_requirement(linter: Linter, text: str) -> None:
    assert found(linter, text) == []


def test_a_definition_outside_a_vacancy_is_no_floor(linter: Linter) -> None:
    text = "Het aandeel beroepen waarvoor een wo-opleiding vereist is, groeit."
    assert found(linter, text, Policy(genre="publicatie")) == []
    assert found(linter, text, Policy(genre="beleidstekst")) == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [("Je hebt een afgeronde hbo-opleiding.", EIS), ("Je hebt HBO werk- en denkniveau.", DENK)],
)
def test_findings_give_wording_a_writer_can_use(linter: Linter, text: str, rule: str) -> None:
    [finding] = [f for f in linter.lint(text, policy=VACATURE) if f.rule == rule]
    assert "vergelijkbare ervaring" in finding.message and "op het niveau van een hbo-opleiding" in finding.message
    assert finding.fix is None  # a floor is weighed by a person, never replaced by --fix
