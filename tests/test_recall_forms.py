"""Recall on real Dutch forms (issue 10, items 4-8).

Accents of emphasis, more ladder forms, 'leerlingen' where the phrase says mbo,
names at the start of a sentence, and the same morphology for a team's own rules.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from waardetaal import Linter, load_catalog
from waardetaal.annotations import parse_annotated
from waardetaal.cli import main
from waardetaal.mentions import is_proper_name
from waardetaal.morphology import word_forms, word_literals
from waardetaal.rules import builtin_rule_files
from waardetaal.suggestions import agree
from waardetaal.typography import normalize, without_stress

ACUTE = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}

# Terms with the rule that flags them; stress accents may go on any vowel but a word's last letter.
TERMS = [
    ("hoog opgeleid", "utrecht.hoog-laag-opgeleid"),
    ("laagopgeleiden", "utrecht.hoog-laag-opgeleid"),
    ("theoretisch geschoold", "utrecht.praktisch-theoretisch"),
    ("hoger onderwijs", "utrecht.hoger-onderwijs"),
    ("middelbaar opgeleide", "utrecht.hoog-laag-opgeleid"),
]


@st.composite
def stressed(draw: st.DrawFn, term: str) -> str:
    """``term`` with acute accents, precomposed or combining, on some of its inner vowels."""
    chars = []
    for index, char in enumerate(term):
        last_of_word = index + 1 == len(term) or not term[index + 1].isalpha()
        if char in ACUTE and not last_of_word and draw(st.booleans()):
            chars.append(ACUTE[char] if draw(st.booleans()) else char + "\u0301")
        else:
            chars.append(char)
    return "".join(chars)


@st.composite
def sentence_with_stress(draw: st.DrawFn) -> tuple[str, str, str]:
    term, rule = draw(st.sampled_from(TERMS))
    accented = draw(stressed(term))
    before = draw(st.sampled_from(["", "Eén café zegt: ", "Wij vinden dé ", "Het geëvalueerde plan noemt "]))
    after = draw(st.sampled_from(["", " mensen.", " en crème brûlée.", ", vóór alles."]))
    return before + accented + after, accented, rule


@settings(max_examples=60, deadline=None)
@given(sentence_with_stress())
def test_stress_accents_match_as_if_absent_and_point_at_the_original(
    linter: Linter, case: tuple[str, str, str]
) -> None:
    text, accented, rule = case
    findings = [f for f in linter.lint(text) if f.rule == rule]
    assert [f.text for f in findings] == [accented]
    assert text[findings[0].start : findings[0].end] == accented


@given(st.text(alphabet="aeoóéíúáëèêçn \u0301\u00adÉÓ-", max_size=40))
def test_removing_stress_keeps_every_offset(text: str) -> None:
    folded = without_stress(text)
    assert len(folded) == len(text)
    for original, char in zip(text, folded, strict=True):
        assert char == original or unicodedata.normalize("NFD", original)[0] == char or char == "\u200b"
    canonical = normalize(text)
    for offset, char in enumerate(canonical.text):
        source = text[canonical.to_original(offset)]
        if not char.isspace():
            assert char == source or _base(char) == _base(source)


def _base(char: str) -> str:
    return unicodedata.normalize("NFD", char)[0]


@pytest.mark.parametrize("word", ["één", "café", "geëvalueerd", "vóór", "crème", "privé", "enquête", "reünie"])
def test_accents_that_are_spelling_stay(word: str) -> None:
    assert without_stress(f"Zij zegt {word} daar.") == f"Zij zegt {word} daar."


def test_stress_on_words_is_removed() -> None:
    assert without_stress("theorétisch hóóg HÓÓG hogeronderwíjsinstelling") == (
        "theoretisch hoog HOOG hogeronderwijsinstelling"
    )


def test_traps_with_spelled_accents_give_nothing(linter: Linter) -> None:
    text = "Eén café heeft het vóór de zomer geëvalueerd; de crème van de Hogeschool Utrecht."
    assert linter.lint(text) == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("De [[laaggediplomeerden]] zoeken werk.", "utrecht.hoog-laag-opgeleid"),
        ("[[Laag-, middel- en hoogopgeleiden]] deden mee.", "utrecht.hoog-laag-opgeleid"),
        ("[[Laag-, midden- en hooggeschoolden]] deden mee.", "utrecht.hoog-laag-opgeleid"),
        ("Voor [[lager en hoger secundair opgeleiden]] is er werk.", "utrecht.hoog-laag-opgeleid"),
        ("Werk voor [[laag- en ongeschoolden]] verdwijnt.", "utrecht.hoog-laag-opgeleid"),
        ("Mensen met een [[lagere of geen opleiding]] krijgen hulp.", "utrecht.opleidingsniveau"),
        ("Met een [[middel opleidingsniveau]] verdien je gemiddeld.", "utrecht.opleidingsniveau"),
        ("Jongeren willen naar een [[hoger schooltype]].", "utrecht.ladder"),
        ("[[Leerlingen]] die het mbo zonder diploma verlaten, krijgen hulp.", "utrecht.mbo-leerling"),
        ("Er zijn [[leerlingen]] die een mbo-opleiding volgen.", "utrecht.mbo-leerling"),
        ("We spreken [[leerlingen]] van het middelbaar beroepsonderwijs.", "utrecht.mbo-leerling"),
    ],
)
def test_more_forms_are_found(linter: Linter, text: str, term: str) -> None:
    plain, marks = parse_annotated(text)
    assert [(f.start, f.end) for f in linter.lint(plain) if f.rule == term] == [(m.start, m.end) for m in marks]


@pytest.mark.parametrize(
    "text",
    [
        "Leerlingen die naar het mbo gaan, krijgen voorlichting.",
        "Leerlingen die een mbo-opleiding willen volgen, lopen mee.",
        "De leerlingen kozen later het mbo.",
        "Leerlingen van het voorbereidend middelbaar beroepsonderwijs lopen stage.",
        "Het middel werkt; de gediplomeerde kok blijft.",
        "Dat is geen probleem: de kosten zijn laag of geen.",
    ],
)
def test_near_misses_stay_unflagged(linter: Linter, text: str) -> None:
    assert linter.lint(text) == []


def test_a_name_at_the_start_of_a_sentence_is_a_name(linter: Linter) -> None:
    assert linter.lint("Hoger Onderwijs Persbureau meldt dat de cijfers stijgen.") == []
    assert [f.text for f in linter.lint("Hoger onderwijs is duur. Hoger Onderwijs In Utrecht")] == [
        "Hoger onderwijs",
        "Hoger Onderwijs",
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hoger Onderwijs Persbureau meldt iets.", True),
        ("Hoger Onderwijs Persbureau (HOP) meldt iets.", True),
        ("Hoger Onderwijs is duur.", False),
        ("Hoger Onderwijs En Wetenschap\n", False),
        ("Wij bellen de Stichting Hoger Onderwijs.", True),
    ],
)
def test_proper_names(text: str, name: bool) -> None:
    start = text.index("Hoger")
    assert is_proper_name(text, start, start + len("Hoger Onderwijs")) is name


@given(st.sampled_from(["jongere", "jongeren", "kansarm", "kansarme", "hoog", "hoge", "leerlingen", "opgeleiden"]))
def test_every_form_starts_with_a_literal(word: str) -> None:
    literals = word_literals(word)
    assert all(any(form.startswith(literal) for literal in literals) for form in word_forms(word))


@pytest.mark.parametrize(("written", "other"), [("jongere", "jongeren"), ("jongeren", "jongere"), ("hoge", "hoog")])
def test_a_word_finds_its_forms_in_whatever_form_it_is_written(written: str, other: str) -> None:
    assert other in word_forms(written)


@pytest.mark.parametrize(
    ("matched", "suggestion", "agreed"),
    [
        ("kansarme jongeren", "jongere met minder kansen", "jongeren met minder kansen"),
        ("kansarme jongere", "jongeren met minder kansen", "jongere met minder kansen"),
        ("hoogopgeleiden", "hbo- of wo-opgeleid", "hbo- of wo-opgeleiden"),
        ("hoger onderwijs", "hbo en wo", "hbo en wo"),
    ],
)
def test_a_suggestion_takes_the_form_of_the_match(matched: str, suggestion: str, agreed: str) -> None:
    assert agree(matched, suggestion) == agreed


TEAM_RULE = """\
ruleset: {name}
title: Team
source: Teamafspraak
rules:
  - id: {name}.kansarm
    category: kansen
    severity: warning
    fix: safe
    message: "‘{{term}}’ plakt een etiket."
    why: Jongeren zijn meer dan hun kansen.
    patterns:
      - phrase: {phrase}
    suggestions: [jongere met minder kansen]
    examples:
      flag:
        - text: Wij helpen [[kansarme jongeren]] aan werk.
          suggestion: jongeren met minder kansen
        - text: "[[Kansarme jongere]] zoekt stage."
          suggestion: Jongere met minder kansen
      pass:
        - {passing}
"""


def _team_file(tmp_path: Path, phrase: str, passing: str = "Jongeren met minder kansen krijgen hulp.") -> Path:
    path = tmp_path / "team.yaml"
    path.write_text(TEAM_RULE.format(name="team", phrase=phrase, passing=passing), encoding="utf-8")
    return path


@pytest.mark.parametrize("phrase", ["kansarm jongere", "kansarm jongeren", "kansarme jongeren"])
def test_a_team_rule_gets_the_morphology_of_the_shipped_rules(tmp_path: Path, phrase: str) -> None:
    catalog = load_catalog([*builtin_rule_files(), _team_file(tmp_path, phrase)])
    findings = Linter(catalog).lint("Wij helpen kansarme jongeren. Een kansarme jongere.")
    assert [(f.text, f.fix) for f in findings if f.rule == "team.kansarm"] == [
        ("kansarme jongeren", "jongeren met minder kansen"),
        ("kansarme jongere", "jongere met minder kansen"),
    ]


def test_rules_command_accepts_a_team_file_whose_examples_hold(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["rules", "--rules", str(_team_file(tmp_path, "kansarm jongere"))])
    assert result.exit_code == 0, result.output
    assert "team.kansarm" in result.output


def test_rules_command_reports_each_failing_example(tmp_path: Path) -> None:
    path = _team_file(tmp_path, "kansarm jongeling", passing="Kansarme jongelingen krijgen hulp.")
    result = CliRunner().invoke(main, ["rules", "--rules", str(path)])
    assert result.exit_code == 2
    errors = result.stderr
    assert "team.kansarm: voorbeeld flag[1] ‘Wij helpen [[kansarme jongeren]] aan werk.’: niet gesignaleerd" in errors
    assert "voorbeeld flag[2]" in errors
    assert "voorbeeld pass[1] ‘Kansarme jongelingen krijgen hulp.’: toch gesignaleerd" in errors
