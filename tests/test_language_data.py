"""Language data, genres and category labels come from the rule sets' YAML, not from Python."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from starlette.testclient import TestClient

from waardetaal import Catalog, Linter, RuleFileError, load_catalog
from waardetaal.checking import Checker, CheckRequest
from waardetaal.cli import main
from waardetaal.linter import Policy
from waardetaal.patterns import trigger_index
from waardetaal.readers import ReadingHints
from waardetaal.readers.pdf import repaired
from waardetaal.rule_examples import failing_examples
from waardetaal.rules import builtin_rules_dir, load_ruleset
from waardetaal.suggestions import keep_case
from waardetaal.web.app import create_app

UTRECHT = builtin_rules_dir() / "utrecht.yaml"
# A second pack with its own abbreviation, compound prefix and genre.
PACK = """\
ruleset: proef
source: Testbron
genres:
  - {name: nota, label: Raadsnota}
language:
  abbreviations: [ict]
  compound_prefixes: [hbo]
  frequent_words: [medewerker]
rules:
  - id: proef.medewerker
    category: functie
    severity: warning
    message: Voorbeeld.
    why: Omdat het kan.
    patterns:
      - phrase: ict medewerker
        suggestions: [ict-specialist]
    examples:
      flag: ["Een [[ict medewerker]]."]
      pass: ["Een specialist."]
  - id: proef.secretaresse
    category: functie
    severity: warning
    genres: [nota]
    message: Voorbeeld.
    why: Omdat het kan.
    patterns: [secretaresse]
    examples:
      flag: ["Een [[secretaresse]]."]
      pass: ["Een hbo-secretaresse."]
"""


def pack_file(folder: Path, text: str = PACK) -> Path:
    path = folder / "proef.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def without_language(text: str) -> str:
    """The pack with an empty ``language:`` section."""
    start, end = text.index("language:"), text.index("rules:")
    return text[:start] + text[end:]


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return pack_file(tmp_path_factory.mktemp("pack"))


@pytest.fixture(scope="module")
def pack_linter(pack: Path) -> Linter:
    return Linter(load_catalog([pack]))


@pytest.fixture(scope="module")
def bare_linter(tmp_path_factory: pytest.TempPathFactory) -> Linter:
    return Linter(load_catalog([pack_file(tmp_path_factory.mktemp("bare"), without_language(PACK))]))


def found(linter: Linter, text: str, policy: Policy | None = None) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.text, f.suggestions) for f in linter.lint(text, None, policy or Policy())]


def test_the_shipped_rule_set_declares_the_data_it_used_to_have_in_python() -> None:
    catalog = load_catalog([UTRECHT])
    assert [(g.name, g.label) for g in catalog.genres] == [
        ("vacature", "Vacature"),
        ("publicatie", "Publicatie of onderzoek"),
        ("beleidstekst", "Beleidstekst"),
    ]
    language = catalog.rulesets[0].language
    levels = {"mbo", "hbo", "wo", "ho", "vmbo", "havo", "vwo", "roc", "bbl", "bol", "vo", "po"}
    assert language.abbreviations == levels == language.compound_prefixes
    assert "onderwijs" in language.frequent_words
    assert all(rule.language == language for rule in catalog.rules)


def test_a_declared_abbreviation_keeps_its_capitals(pack_linter: Linter, bare_linter: Linter) -> None:
    assert found(pack_linter, "Een ICT medewerker.") == [("ICT medewerker", ("ICT-specialist",))]
    assert found(bare_linter, "Een ICT medewerker.") == [("ICT medewerker", ("Ict-specialist",))]


def test_a_declared_prefix_makes_the_next_word_part_of_another_term(pack_linter: Linter, bare_linter: Linter) -> None:
    assert found(pack_linter, "Een hbo-secretaresse.") == []
    assert found(pack_linter, "Een mbo-secretaresse.") == [("secretaresse", ())]  # not declared by this pack
    assert found(bare_linter, "Een hbo-secretaresse.") == [("secretaresse", ())]


def test_another_packs_prefixes_do_not_drop_a_match(pack: Path) -> None:
    # utrecht declares 'mbo'; this pack does not, so its term after 'mbo-' stays.
    linter = Linter(load_catalog([UTRECHT, pack]))
    assert ("secretaresse", ()) in found(linter, "Een mbo-secretaresse.")
    assert failing_examples(linter.catalog, [str(pack)]) == []


def test_frequent_words_choose_another_trigger(pack_linter: Linter, bare_linter: Linter) -> None:
    declared = pack_linter.catalog.by_id["proef.medewerker"].variants[0].pattern
    plain = bare_linter.catalog.by_id["proef.medewerker"].variants[0].pattern
    assert "medewerker" in plain.anchors()[trigger_index(plain)]  # the longest word
    assert "ict" in declared.anchors()[trigger_index(declared)]
    assert declared == plain  # only the search differs, not the pattern
    assert found(pack_linter, "De ict medewerker.") == found(bare_linter, "De ict medewerker.")


def test_a_declared_genre_limits_its_rules(pack_linter: Linter) -> None:
    assert found(pack_linter, "Een secretaresse.", Policy(genre="nota")) == [("secretaresse", ())]
    assert found(pack_linter, "Een secretaresse.", Policy(genre="vacature")) == []


@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=5).filter(lambda w: w != "team"),
    st.sampled_from(["leerling", "medewerker", "team"]),
)
def test_keep_case_capitalises_exactly_the_declared_abbreviations(word: str, tail: str) -> None:
    matched, replacement = f"{word.upper()} {tail}", f"{word}-{tail}/{word}"
    assert keep_case(matched, replacement, frozenset({word})) == f"{word.upper()}-{tail}/{word.upper()}"
    assert keep_case(matched, replacement, frozenset()) == replacement[:1].upper() + replacement[1:]
    assert keep_case(matched.lower(), replacement, frozenset({word})) == replacement


def test_the_web_page_and_api_offer_the_declared_genres(pack_linter: Linter, catalog: Catalog) -> None:
    client = TestClient(create_app(pack_linter))
    assert '<option value="nota">Raadsnota</option>' in client.get("/").text
    assert "vacature" not in client.get("/").text.split('id="soort"')[1].split("</select>")[0]
    assert client.get("/api/rules").json()["genres"] == [{"name": "nota", "label": "Raadsnota"}]
    answer = client.post("/api/check", json={"text": "Een secretaresse.", "genre": "nota"}).json()
    assert [f["rule"] for f in answer["findings"]] == ["proef.secretaresse"]


def test_the_shipped_page_offers_the_shipped_genres(linter: Linter) -> None:
    page = TestClient(create_app(linter)).get("/").text
    for genre in linter.catalog.genres:
        assert f'<option value="{genre.name}">{genre.label}</option>' in page
    assert "<!--" not in page.split('id="soort"')[1].split("</select>")[0]


def test_genre_on_the_command_line_is_one_the_rule_sets_declare(pack: Path, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Een secretaresse.", encoding="utf-8")
    runner = CliRunner()
    args = ["check", "--format", "json", "--rules", str(pack), str(tmp_path / "a.txt")]
    result = runner.invoke(main, [*args, "--genre", "nota"])
    rules = [f["rule"] for f in json.loads(result.output)["files"][0]["findings"]]
    assert "proef.secretaresse" in rules
    refused = runner.invoke(main, [*args, "--genre", "roman"])
    assert refused.exit_code == 2
    assert "onbekende soort tekst ‘roman’" in refused.output
    declared = refused.output.split("de regelsets noemen: ")[1]
    assert {"vacature", "publicatie", "beleidstekst", "nota"} <= set(declared.rstrip(")\n").split(", "))


def test_genre_in_a_configuration_file_is_checked_against_the_rule_sets(tmp_path: Path) -> None:
    (tmp_path / ".waardetaal.toml").write_text('genre = "roman"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Wij zoeken hoogopgeleiden.", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert ".waardetaal.toml" in result.output and "onbekende soort tekst ‘roman’" in result.output


BAD = [
    ("genres: vacature\n", "genres", "verwacht een lijst"),
    ("genres: [vacature]\n", "genres[1]", "verwacht ‘name:’ en ‘label:’"),
    ("genres: [{name: nota}]\n", "genres[1].label", "mag niet leeg zijn"),
    ("genres: [{name: Nota, label: N}]\n", "genres[1].name", "kleine letters"),
    ("genres: [{name: nota, label: N}, {name: nota, label: M}]\n", "genres[2].name", "twee keer"),
    ("genres: [{name: nota, label: N, kleur: rood}]\n", "genres[1].kleur", "onbekend veld"),
    ("language: [mbo]\n", "language", "verwacht velden"),
    ("language: {afkortingen: [mbo]}\n", "language.afkortingen", "onbekend veld"),
    ("language: {abbreviations: mbo}\n", "language.abbreviations", "verwacht een lijst woorden"),
    ("language: {compound_prefixes: [mbo-]}\n", "language.compound_prefixes", "‘mbo-’ is geen woord"),
    ("language: {frequent_words: [1]}\n", "language.frequent_words", "‘1’ is geen woord"),
]


@pytest.mark.parametrize(("top", "field", "problem"), BAD)
def test_bad_language_data_is_a_dutch_rule_file_error(tmp_path: Path, top: str, field: str, problem: str) -> None:
    text = without_language(PACK).replace("genres:\n  - {name: nota, label: Raadsnota}\n", top)
    with pytest.raises(RuleFileError) as raised:
        load_ruleset(pack_file(tmp_path, text))
    assert raised.value.field == field and problem in raised.value.problem
    assert str(raised.value).startswith(str(tmp_path / "proef.yaml"))


def test_a_rule_may_only_name_a_genre_its_file_declares(tmp_path: Path) -> None:
    text = PACK.replace("genres: [nota]", "genres: [vacature]")
    with pytest.raises(RuleFileError) as raised:
        load_ruleset(pack_file(tmp_path, text))
    assert (raised.value.rule, raised.value.field) == ("proef.secretaresse", "genres")
    assert "een lijst uit nota" in raised.value.problem
    undeclared = text.replace("genres:\n  - {name: nota, label: Raadsnota}\n", "")
    with pytest.raises(RuleFileError, match="eerst ‘genres:’ bovenaan het bestand"):
        load_ruleset(pack_file(tmp_path, undeclared))


def test_rule_sets_share_a_genre_name_once_and_selection_keeps_the_data(pack: Path, tmp_path: Path) -> None:
    other = tmp_path / "ander.yaml"
    other.write_text(
        PACK.replace("proef", "ander").replace("label: Raadsnota", "label: Nota aan de raad"), encoding="utf-8"
    )
    catalog = load_catalog([pack, other])
    assert [(g.name, g.label) for g in catalog.genres] == [("nota", "Raadsnota")]
    chosen = catalog.select(["ander.medewerker"])
    assert chosen.genres == catalog.genres
    assert [rs.language for rs in chosen.rulesets] == [rs.language for rs in catalog.rulesets]
    assert [rule.id for rule in chosen.rules] == ["ander.medewerker"]


CATEGORIES = "categories:\n  - {name: functie, label: Functienamen}\n"


def test_category_labels_come_from_the_rule_set_and_reach_the_page(pack: Path, tmp_path: Path) -> None:
    labelled = pack_file(tmp_path, PACK.replace("genres:\n", CATEGORIES + "genres:\n"))
    catalog = load_catalog([UTRECHT, labelled])
    assert catalog.category_labels["functie"] == "Functienamen"
    assert catalog.category_labels["denkniveau"] == "Werk- en denkniveau"
    assert set(catalog.category_labels) == {rule.category for rule in catalog.rules}
    # A rule set without ``categories:`` still loads; its categories are shown by name.
    assert load_catalog([pack]).category_labels == {"functie": "functie"}
    assert catalog.select(["proef.medewerker"]).category_labels == {"functie": "Functienamen"}
    served = TestClient(create_app(Linter(catalog))).get("/api/rules").json()["categories"]
    assert served == dict(catalog.category_labels)


def test_every_shipped_category_has_a_label_of_its_own() -> None:
    catalog = load_catalog(sorted(builtin_rules_dir().glob("*.yaml")))
    labels = catalog.category_labels
    assert all(labels[name] != name for name in labels), labels


def test_a_rule_may_only_name_a_category_its_file_declares(tmp_path: Path) -> None:
    text = PACK.replace("genres:\n", CATEGORIES.replace("functie", "beroep") + "genres:\n")
    with pytest.raises(RuleFileError) as raised:
        load_ruleset(pack_file(tmp_path, text))
    assert (raised.value.rule, raised.value.field) == ("proef.medewerker", "category")
    assert "‘functie’ staat niet bij ‘categories:’" in raised.value.problem and "(beroep)" in raised.value.problem


@pytest.mark.parametrize(
    ("top", "field", "problem"),
    [
        ("categories: [functie]\n", "categories[1]", "verwacht ‘name:’ en ‘label:’"),
        ("categories: [{name: functie}]\n", "categories[1].label", "mag niet leeg zijn"),
        ("categories: [{name: Functie, label: F}]\n", "categories[1].name", "een categorie is een naam"),
        (CATEGORIES + "  - {name: functie, label: F}\n", "categories[2].name", "‘functie’ staat er twee keer"),
    ],
)
def test_bad_categories_are_a_dutch_rule_file_error(tmp_path: Path, top: str, field: str, problem: str) -> None:
    with pytest.raises(RuleFileError) as raised:
        load_ruleset(pack_file(tmp_path, PACK.replace("genres:\n", top + "genres:\n")))
    assert raised.value.field == field and problem in raised.value.problem


def test_a_pdf_line_end_hyphen_stays_only_after_the_words_the_rule_sets_declare(tmp_path: Path) -> None:
    page = "De mbo-\nstudenten en de hoog-\nopgeleiden; de abc-\nregeling."
    assert repaired(page) == "De mbostudenten en de hoogopgeleiden; de abcregeling."
    assert repaired(page, frozenset({"mbo", "abc"})) == "De mbo-studenten en de hoogopgeleiden; de abc-regeling."
    shipped = load_catalog([UTRECHT])
    assert {"mbo", "hbo"} <= shipped.line_end_hyphens and "hoog" not in shipped.line_end_hyphens
    pack = pack_file(tmp_path, PACK.replace("language:\n", "language:\n  line_end_hyphens: [abc]\n", 1))
    both = load_catalog([UTRECHT, pack])
    assert both.line_end_hyphens == shipped.line_end_hyphens | {"abc"}


def test_the_checker_reads_a_pdf_with_the_hints_of_its_rule_sets(tmp_path: Path) -> None:
    request = CheckRequest([str(tmp_path)])
    hints = Checker().hints_near(tmp_path, request)
    assert hints == ReadingHints(load_catalog().line_end_hyphens)
    pack_file(tmp_path, PACK.replace("language:\n", "language:\n  line_end_hyphens: [abc]\n", 1))
    (tmp_path / ".waardetaal.toml").write_text('rules = ["proef.yaml"]\n', encoding="utf-8")
    assert "abc" in Checker().hints_near(tmp_path, request).line_end_hyphens


@pytest.mark.parametrize("value", ["[mbo-]", "mbo", "[12 3]"])
def test_bad_line_end_hyphens_are_refused_with_the_field(tmp_path: Path, value: str) -> None:
    path = pack_file(tmp_path, PACK.replace("language:\n", f"language:\n  line_end_hyphens: {value}\n", 1))
    with pytest.raises(RuleFileError, match=r"language\.line_end_hyphens"):
        load_catalog([path])
