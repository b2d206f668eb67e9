"""A term as the first part of a longer compound (issue 10, item 1), decided per rule in YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from waardetaal import Catalog, Linter
from waardetaal.morphology import compound_with
from waardetaal.prefilter import Window
from waardetaal.rules import RuleFileError, load_ruleset


def found(linter: Linter, text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(f.text, f.rule, f.suggestions) for f in linter.lint(text)]


HO = "utrecht.hoger-onderwijs"
OPGELEID = "utrecht.hoog-laag-opgeleid"
LEERLING = "utrecht.mbo-leerling"


@pytest.mark.parametrize(
    ("text", "term", "rule", "suggestion"),
    [
        ("De hogeronderwijsagenda is klaar.", "hogeronderwijsagenda", HO, "hbo- en wo-agenda"),
        ("Het hoger onderwijsstelsel is complex.", "hoger onderwijsstelsel", HO, "hbo- en wo-stelsel"),
        ("Het hoger-onderwijsakkoord is getekend.", "hoger-onderwijsakkoord", HO, "hbo- en wo-akkoord"),
        (
            "Alle hoger onderwijsinstellingen doen mee.",
            "hoger onderwijsinstellingen",
            HO,
            "hogescholen en universiteiten",
        ),
        ("HOGERONDERWIJSBELEID", "HOGERONDERWIJSBELEID", HO, "HBO- EN WO-BELEID"),
        ("Een hoogopgeleidenquotum helpt niet.", "hoogopgeleidenquotum", OPGELEID, "hbo- en wo-opgeleidenquotum"),
        ("De mbo-leerlingenraad vergadert.", "mbo-leerlingenraad", LEERLING, "mbo-studentenraad"),
        ("De ROC-leerlingenaantallen stijgen.", "ROC-leerlingenaantallen", LEERLING, "MBO-studentenaantallen"),
    ],
)
def test_a_compound_tail_is_part_of_the_finding_and_the_suggestion(
    linter: Linter, text: str, term: str, rule: str, suggestion: str
) -> None:
    assert found(linter, text)[0][:2] == (term, rule)
    assert found(linter, text)[0][2][:1] == (suggestion,)


def test_a_linking_s_gives_no_guessed_suggestion(linter: Linter) -> None:
    # 'leerlingenstop' or 'leerlingen' + linking s: the form is unknown, so no fix is offered.
    [finding] = linter.lint("De mbo-leerlingenstop gaat in.")
    assert (finding.text, finding.suggestions, finding.fix) == ("mbo-leerlingenstop", (), None)


@pytest.mark.parametrize(
    "text",
    [
        # Tails that change the meaning, as utrecht.yaml decides: the ladder rule and a law.
        "Het hoger onderwijsniveau stijgt.",
        "De hogeronderwijswet wordt herzien.",
        # The phrase is not about its last word: a congress of the mbo.
        "De deelnemers van het mbo-congres kregen koffie.",
        # No tail at all, or another word that starts the same.
        "Het hoger beroepsonderwijs en het hoger beroepschrift.",
        "Het leerlingenvervoer en de leerlingenraad van de basisschool.",
        "Zij studeert aan de Hogeschool Utrecht.",
    ],
)
def test_tails_that_change_the_meaning_are_not_findings_of_the_rule(linter: Linter, text: str) -> None:
    assert [f for f in found(linter, text) if f[1] in (HO, OPGELEID, LEERLING)] == []


def test_the_ladder_keeps_its_compound(linter: Linter) -> None:
    assert [(f.text, f.rule) for f in linter.lint("Het hoger onderwijsniveau stijgt.")] == [
        ("hoger onderwijsniveau", "utrecht.ladder")
    ]


def test_a_rule_without_tails_does_not_grow(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    rule = """ruleset: team
source: Teamafspraak
rules:
  - id: team.kansarm
    category: taal
    severity: warning
    message: ‘{term}’ is een etiket.
    why: Omdat.
    patterns: [kansarm gezin]
    examples:
      flag: ["Een [[kansarm gezin]]."]
      pass: ["Een kansarm gezinsleven."]
"""
    path.write_text(rule, encoding="utf-8")
    without = Linter(_catalog(path))
    assert [f.text for f in without.lint("Een kansarm gezinsleven en kansarme gezinnen.")] == ["kansarme gezinnen"]
    path.write_text(rule.replace("    patterns:", "    tails: true\n    patterns:"), encoding="utf-8")
    assert [f.text for f in Linter(_catalog(path)).lint("Een kansarm gezinsleven.")] == ["kansarm gezinsleven"]


def _catalog(path: Path) -> Catalog:
    return Catalog((load_ruleset(path),))


@pytest.mark.parametrize("value", ["ja", "{except: []}", "{behalve: [wet]}", "[wet]"])
def test_a_malformed_tails_field_names_rule_and_field(tmp_path: Path, value: str) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(
        f"""ruleset: team
source: Teamafspraak
rules:
  - id: team.x
    category: taal
    severity: warning
    message: x
    why: x
    tails: {value}
    patterns: [kansarm gezin]
    examples: {{flag: ["[[kansarm gezin]]"], pass: ["gezin"]}}
""",
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError) as error:
        load_ruleset(path)
    assert (error.value.rule, error.value.field) == ("team.x", "tails")


@pytest.mark.parametrize(
    ("wording", "tail", "compound"),
    [
        ("hbo en wo", "agenda", "hbo- en wo-agenda"),
        ("mbo, hbo en wo", "stelsel", "mbo-, hbo- en wo-stelsel"),
        ("hbo- en wo-opgeleiden", "quotum", "hbo- en wo-opgeleidenquotum"),
        ("mbo-studenten", "raad", "mbo-studentenraad"),
        ("vervolgonderwijs", "agenda", "vervolgonderwijsagenda"),
        ("hogescholen en universiteiten", "bestuur", "hogescholen- en universiteitenbestuur"),
        ("mbo-student", "aantal", "mbo-studentaantal"),
        ("hbo of wo", "instelling", "hbo- of wo-instelling"),
    ],
)
def test_compound_spelling(wording: str, tail: str, compound: str) -> None:
    assert compound_with(wording, tail) == compound


TAILS = st.text(alphabet="abcdefghijklmnoprstuvwz", min_size=3, max_size=40).filter(
    lambda t: (
        not t.startswith(("niveau", "sniveau", "vorm", "svorm", "soort", "ssoort", "type", "stype", "wet", "swet"))
    )
)


@settings(max_examples=60, deadline=None)
@given(tail=TAILS, head=st.sampled_from(["hogeronderwijs", "hoger onderwijs", "hoger-onderwijs", "mbo-leerlingen"]))
def test_every_tail_is_found_and_the_prefilter_never_skips_it(linter: Linter, tail: str, head: str) -> None:
    """Whatever the tail, the finding covers the whole word, with and without the prefilter."""
    text = f"Lees {'x ' * 30}over de {head}{tail} in {'y ' * 30}het stuk."
    findings = [f for f in linter.lint(text) if f.rule in (HO, LEERLING)]
    assert [f.text for f in findings] == [f"{head}{tail}"]
    everywhere = linter._engine.detect(text, [Window(0, len(text), frozenset(range(len(linter.catalog.patterns))))])
    assert [(d.start, d.end) for d in everywhere if d.rule.id in (HO, LEERLING)] == [(f.start, f.end) for f in findings]
