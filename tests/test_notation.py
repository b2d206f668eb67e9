"""The rule notation: closed compounds with a short second part, declared plurals, parenthesised tokens."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from waardetaal import Linter, load_catalog
from waardetaal.morphology import Inflection, irregular_plurals, spellings, word_forms, word_literals
from waardetaal.patterns import PatternError, compound_boundaries, parse_phrase

RULES = """\
ruleset: notatie
source: Proef
rules:
  - id: notatie.mv
    category: proef
    severity: warning
    message: ‘{term}’
    why: Proef.
    patterns: ["(m/v)"]
    suggestions: ["(v/m/x)"]
    examples:
      flag: ["Adviseur [[(m/v)]]"]
      pass: ["Adviseur (v/m/x)"]
  - id: notatie.mv-los
    category: proef
    severity: warning
    message: ‘{term}’
    why: Proef.
    patterns: [m/v]
    exceptions: [m/v/x]
    suggestions: [v/m/x]
    examples:
      flag: ["Adviseur [[m/v]]"]
      pass: ["Adviseur m/v/x", "Adviseur (v/m/x)"]
  - id: notatie.vakman
    category: proef
    severity: warning
    message: ‘{term}’
    why: Proef.
    patterns:
      - phrase: vak man=lieden
        suggestions: {basis: vakkracht, en: vakkrachten}
    examples:
      flag: ["Een [[vakman]]."]
      pass: ["Een vak."]
  - id: notatie.kansarm
    category: proef
    severity: warning
    message: ‘{term}’
    why: Proef.
    patterns: [kans arm]
    examples:
      flag: ["Een [[kansarme]] wijk."]
      pass: ["Een kans."]
"""


@pytest.fixture(scope="module")
def linter(tmp_path_factory: pytest.TempPathFactory) -> Linter:
    path = tmp_path_factory.mktemp("notatie") / "notatie.yaml"
    path.write_text(RULES, encoding="utf-8")
    return Linter(load_catalog([path]))


def found(linter: Linter, text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(f.text, f.rule, f.suggestions) for f in linter.lint(text)]


# --- declared plurals -------------------------------------------------------


def test_declared_plurals_are_plural_forms_beside_the_regular_ones() -> None:
    forms = word_forms("man=lieden=mensen")
    assert forms["lieden"] is Inflection.EN and forms["mensen"] is Inflection.EN
    assert forms["man"] is Inflection.BASE and forms["mannen"] is Inflection.EN
    assert irregular_plurals("Man=Lieden") == ("man", ("lieden",))
    assert spellings("man=lieden") == ("man", "lieden")
    assert spellings("hoog") == ("hoog",)


@given(
    base=st.text(alphabet="abdegklmnoprstv", min_size=3, max_size=8),
    plurals=st.lists(st.text(alphabet="abdeiklmnorstu", min_size=3, max_size=9), min_size=1, max_size=3),
)
@settings(max_examples=80, deadline=None)
def test_every_form_of_a_declared_word_starts_with_one_of_its_literals(base: str, plurals: list[str]) -> None:
    """The prefilter searches the literals: a form that starts with none of them would never be checked."""
    word = "=".join([base, *plurals])
    literals = word_literals(word)
    forms = word_forms(word)
    assert all(plural in forms for plural in plurals)
    assert all(any(form.startswith(literal) for literal in literals) for form in forms)


def test_a_declared_plural_is_found_in_a_closed_compound_with_the_plural_suggestion(linter: Linter) -> None:
    assert found(linter, "Twee vaklieden en een vakman.") == [
        ("vaklieden", "notatie.vakman", ("vakkrachten",)),
        ("vakman", "notatie.vakman", ("vakkracht",)),
    ]
    assert found(linter, "De vakmannen komen morgen.") == [("vakmannen", "notatie.vakman", ("vakkrachten",))]


def test_a_plural_after_an_equals_sign_must_be_a_word() -> None:
    with pytest.raises(PatternError):
        parse_phrase("vak man=")
    with pytest.raises(PatternError):
        parse_phrase("vak man==lieden")


# --- closed compounds with a short second part -------------------------------


def test_a_second_part_of_three_letters_splits_a_closed_compound() -> None:
    boundaries = compound_boundaries([parse_phrase("kans arm"), parse_phrase("vak man=lieden")])
    assert {("kans", "arm"), ("vak", "man"), ("vak", "lieden")} <= boundaries


def test_a_second_part_of_two_letters_does_not_split() -> None:
    assert compound_boundaries([parse_phrase("hbo en wo")]) == frozenset()


def test_closed_open_and_hyphenated_compounds_with_a_short_second_part_are_found(linter: Linter) -> None:
    texts = ["kansarme", "kansarm", "kans-arme", "kansen arm"]
    assert [found(linter, f"Een {t} buurt.")[0][0] for t in texts] == texts
    assert found(linter, "De kansarmoede in de wijk.") == []  # 'armoede' is no form of 'arm'


# --- parenthesised tokens ----------------------------------------------------


def test_a_parenthesised_word_is_its_tokens() -> None:
    assert parse_phrase("(m/v)").slots == parse_phrase("( m / v )").slots
    assert [slot.words for slot in parse_phrase("functie (m/v)").slots] == [
        ("functie",),
        ("(",),
        ("m",),
        ("/",),
        ("v",),
        (")",),
    ]


def test_a_parenthesised_group_or_a_slash_is_an_anchor_but_loose_letters_are_not() -> None:
    assert [slot.words for slot in parse_phrase("m/v").slots] == [("m",), ("/",), ("v",)]
    assert parse_phrase("m/v").slots == parse_phrase("m / v").slots
    parse_phrase("(m/v)")
    for loose in ("m v", "m & v", "m + v"):
        with pytest.raises(PatternError, match=r"minstens 3 letters"):
            parse_phrase(loose)
    for marked in ("hbo/wo?", ">m/v", "functie m/v?"):  # which word would be optional, or context?
        with pytest.raises(PatternError, match=r"zet \? of > bij losse woorden"):
            parse_phrase(marked)
    assert [slot.optional for slot in parse_phrase("hbo / wo?").slots] == [False, False, True]


# The tokenizer splits a slash off only when it stands between two words or alone
# ('m/ v' stays 'm/' 'v'), so the spacing around the slash is the same on both sides.
@given(
    spaces=st.tuples(*(st.sampled_from(["", " ", "  "]) for _ in range(3))).map(lambda s: [s[0], s[1], s[1], s[2]]),
    upper=st.booleans(),
    before=st.sampled_from(["Adviseur ", "MEDEWERKER KLANTCONTACT ", "Gezocht: monteur ", ""]),
)
@settings(max_examples=40, deadline=None)
def test_every_spacing_and_case_of_m_v_is_found_with_the_suggestion_in_its_case(
    linter: Linter, spaces: list[str], upper: bool, before: str
) -> None:
    m, v = ("M", "V") if upper else ("m", "v")
    marker = f"({spaces[0]}{m}{spaces[1]}/{spaces[2]}{v}{spaces[3]})"
    results = found(linter, f"{before}{marker}, 36 uur.")
    assert results == [(marker, "notatie.mv", ("(V/M/X)" if upper else "(v/m/x)",))]


def test_other_parenthesised_markers_are_not_m_v(linter: Linter) -> None:
    assert found(linter, "Adviseur (v/m/x) en monteur (m/v/x), 36 uur (m).") == []


@given(
    spaces=st.sampled_from(["", " "]),
    upper=st.booleans(),
    before=st.sampled_from(["Adviseur ", "VACATURE MONTEUR ", "hbo/wo-niveau, 3 km/u en/of 2 m/s; jurist "]),
    after=st.sampled_from([", 36 uur", " gezocht", " (32 uur)"]),
)
@settings(max_examples=40, deadline=None)
def test_m_v_without_brackets_is_found_among_other_slashes(
    linter: Linter, spaces: str, upper: bool, before: str, after: str
) -> None:
    m, v = ("M", "V") if upper else ("m", "v")
    marker = f"{m}{spaces}/{spaces}{v}"
    assert found(linter, f"{before}{marker}{after}") == [(marker, "notatie.mv-los", ("V/M/X" if upper else "v/m/x",))]
    assert found(linter, f"{before}{marker}{spaces}/{spaces}X{after}") == []  # the recommended form


def test_rule_file_examples_of_the_notation_hold(tmp_path: Path) -> None:
    from waardetaal.rule_examples import failing_examples

    path = tmp_path / "notatie.yaml"
    path.write_text(RULES, encoding="utf-8")
    assert failing_examples(load_catalog([path]), [str(path)]) == []
