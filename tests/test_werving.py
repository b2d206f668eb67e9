"""The ``werving`` rule pack: its examples, sources, traps and its own corpus, with the pack turned on."""

from __future__ import annotations

import copy
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.test_corpora import BAR, CORPORA, Tally, tally_file
from tests.test_prefilter_differential import SEPARATORS, _WholeText

from waardetaal import Catalog, Linter, Severity, load_catalog
from waardetaal.linter import Policy
from waardetaal.rule_examples import failing_examples
from waardetaal.rules import builtin_rules_dir

WERVING = builtin_rules_dir() / "werving.yaml"
CORPUS = sorted((CORPORA / "werving").glob("*.txt"))
# The legal frame of every rule, as the research note cites it.
LEGAL_SOURCES = re.compile(r"College voor de Rechten van de Mens|WGBL|AWGB|Taalunie")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([builtin_rules_dir() / "utrecht.yaml", WERVING])


@pytest.fixture(scope="module")
def linter(catalog: Catalog) -> Linter:
    return Linter(catalog)


def werving_rules(catalog: Catalog) -> list[str]:
    return [rule.id for rule in catalog.rules if rule.ruleset == "werving"]


def test_the_pack_covers_age_gender_and_language_and_origin(catalog: Catalog) -> None:
    categories = {rule.category for rule in catalog.rules if rule.ruleset == "werving"}
    assert categories == {"leeftijd", "gender", "taal-en-herkomst"}


def test_every_example_in_the_pack_holds(catalog: Catalog) -> None:
    assert failing_examples(catalog, [str(WERVING)]) == []


def test_every_rule_names_its_legal_source_and_a_link(catalog: Catalog) -> None:
    for rule in catalog.rules:
        if rule.ruleset == "werving":
            assert LEGAL_SOURCES.search(rule.source), rule.id
            assert rule.link is not None and rule.link.startswith("https://"), rule.id
            assert rule.message and rule.why, rule.id


@pytest.mark.parametrize(
    "text",
    [
        "De gemeente bouwt starterswoningen en verstrekt een starterslening.",
        "Startende ondernemers vragen een Startersbeurs aan; de startersregeling loopt door.",
        "De jongerenwerker en de jongerenraad praten over het jeugdbeleid.",
        "Een raadsheer in de Hoge Raad en de Nationale ombudsman spraken.",
        "De Taalschool geeft NT2-onderwijs en moedertaalonderwijs.",
        "Wij zoeken een senior beleidsmedewerker met minimaal 5 jaar ervaring.",
        "Je levert een VOG in die niet ouder dan 3 maanden is.",
        "Vul in: naam, geslacht (m/v) en geboortedatum.",
        "Van de inwoners heeft 84 procent de Nederlandse nationaliteit.",
        "Wij zoeken vakmensen en een verpleegkundige (v/m/x).",
        "Het aantal voortijdig schoolverlaters daalt.",
        "Het stadhuis is 40 jaar oud; het contract is voor 2 jaar.",
    ],
)
def test_traps_give_no_werving_finding(linter: Linter, text: str) -> None:
    assert [f.text for f in linter.lint(text) if f.rule.startswith("werving.")] == []


def test_vacancy_rules_keep_quiet_in_other_kinds_of_text(linter: Linter) -> None:
    text = "Het team is jong en dynamisch; starters zijn welkom. Medewerker (m/v)."
    vacancy = {f.rule for f in linter.lint(text, policy=Policy(genre="vacature"))}
    policy_text = {f.rule for f in linter.lint(text, policy=Policy(genre="beleidstekst"))}
    assert {"werving.jong-team", "werving.starter", "werving.m-v"} <= vacancy
    assert policy_text == {"werving.m-v"}  # a marker of gender is one in any text


def test_the_suggestion_for_m_v_keeps_its_capitals_and_is_a_safe_fix(linter: Linter) -> None:
    (finding,) = [f for f in linter.lint("ADVISEUR (M/V)") if f.rule == "werving.m-v"]
    assert finding.suggestions[0] == "(V/M/X)"
    assert linter.catalog.by_id["werving.m-v"].fix == "safe"


def test_a_gender_pack_keeps_a_title_after_a_level_prefix(linter: Linter) -> None:
    """Another rule set's level prefixes ('hbo-') do not drop this pack's match."""
    assert [f.text for f in linter.lint("Vacature: hbo-secretaresse.") if f.rule == "werving.functietitel"] == [
        "secretaresse"
    ]


def test_precision_and_recall_on_the_werving_corpus_reach_the_bar(linter: Linter) -> None:
    tally, misses = Tally(), []
    for path in CORPUS:
        tally_file(linter, path, tally, misses)
    report = f"precision {tally.precision:.3f}, recall {tally.recall:.3f}\n" + "\n".join(misses)
    assert len(CORPUS) >= 6 and tally.true_positives >= 25, report
    assert tally.precision >= BAR, report
    assert tally.recall >= BAR, report
    assert tally.exact >= 0.9 * tally.true_positives, report


def test_the_trap_and_clean_texts_of_the_corpus_give_no_warning(linter: Linter) -> None:
    for path in CORPUS:
        if "valkuilen" in path.name or "schoon" in path.name:
            found = [f for f in linter.lint(path.read_text(encoding="utf-8")) if f.severity != Severity.INFO]
            assert found == [], path.name


def test_every_rule_of_the_pack_is_in_the_corpus(catalog: Catalog) -> None:
    annotated = "".join(path.read_text(encoding="utf-8") for path in CORPUS)
    assert [rule for rule in werving_rules(catalog) if "{" + rule + "}" not in annotated] == []


def _werving_texts() -> list[str]:
    catalog = load_catalog([WERVING])
    texts = [example.text.replace("[[", "").replace("]]", "") for r in catalog.rules for example in r.flag_examples]
    texts += [text for rule in catalog.rules for text in rule.pass_examples]
    return sorted({*texts, "Adviseur(m/v), Monteur(M/V)", "Verpleegster(m/v)"})


@pytest.fixture(scope="module")
def whole_text(linter: Linter) -> Linter:
    """The pack's linter without its prefilter: every text is one window."""
    reference = copy.copy(linter)
    reference._prefilter = _WholeText(len(linter.catalog.patterns))  # type: ignore[assignment]
    return reference


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sentences=st.lists(st.sampled_from(_werving_texts()), min_size=1, max_size=4),
    separator=st.sampled_from(SEPARATORS),
    upper=st.booleans(),
)
def test_the_prefilter_skips_no_match_of_the_pack(
    linter: Linter, whole_text: Linter, sentences: list[str], separator: str, upper: bool
) -> None:
    """The pack's own anchors (a parenthesis, short second parts) keep the prefilter conservative."""
    text = separator.join(sentences)
    text = text.upper() if upper else text
    assert linter.lint(text, policy=Policy()) == whole_text.lint(text, policy=Policy())
