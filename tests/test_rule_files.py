"""The rule files themselves: schema, coverage of the contract and sound data."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from tests.conftest import ROOT

from waardetaal import Catalog, Linter, RuleFileError, load_catalog
from waardetaal.annotations import parse_annotated
from waardetaal.rules import builtin_rule_files, default_rule_files

CONTRACT_CATEGORIES = {
    "opleidingsniveau",
    "hoger-onderwijs",
    "praktisch-theoretisch",
    "denkniveau",
    "diploma-eis",
    "student-status",
    "ladder",
}

GOOD_RULE = """\
ruleset: {name}
source: Testbron
rules:
  - id: {name}.voorbeeld
    category: opleidingsniveau
    severity: warning
    message: Voorbeeld.
    why: Omdat het kan.
    patterns: [hoog opgeleid]
    examples:
      flag: ["Zij is [[hoog opgeleid]]."]
      pass: ["Zij is goed opgeleid."]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_core_rule_set_covers_every_contract_category(catalog: Catalog) -> None:
    utrecht = {rule.category for rule in catalog.rules if rule.ruleset == "utrecht"}
    assert utrecht == CONTRACT_CATEGORIES


def test_every_rule_has_examples_source_and_reason(catalog: Catalog) -> None:
    for rule in catalog.rules:
        assert rule.flag_examples and rule.pass_examples, rule.id
        assert rule.source and rule.why and rule.message, rule.id


def test_suggestions_are_not_flagged_themselves(catalog: Catalog, linter: Linter) -> None:
    """A suggestion put in place of the flagged words must not be flagged again."""
    for rule in catalog.rules:
        for example in rule.flag_examples:
            text, _ = parse_annotated(example.text)
            for finding in linter.lint(text):
                for suggestion in finding.suggestions:
                    fixed = text[: finding.start] + suggestion + text[finding.end :]
                    again = [
                        f
                        for f in linter.lint(fixed)
                        if f.start < finding.start + len(suggestion) and f.end > finding.start
                    ]
                    assert again == [], (rule.id, fixed, again)


def test_good_rule_file_loads(tmp_path: Path) -> None:
    catalog = load_catalog([write(tmp_path, "eigen", GOOD_RULE.format(name="eigen"))])
    assert [rule.id for rule in catalog.rules] == ["eigen.voorbeeld"]


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        (("severity: warning", "severity: warn"), ["eigen.voorbeeld", "severity", "warn"]),
        (("    why: Omdat het kan.\n", "    why: Omdat het kan.\n    kleur: rood\n"), ["eigen.voorbeeld", "kleur"]),
        (("    message: Voorbeeld.\n", ""), ["eigen.voorbeeld", "message", "ontbreekt"]),
        (("patterns: [hoog opgeleid]", "patterns: [[{LOWER: hoog, KLEUR: rood}]]"), ["patterns[1]", "KLEUR"]),
        (("patterns: [hoog opgeleid]", "patterns: [[{LOWER: {REGEX: '(('}}]]"), ["patterns[1]", "reguliere"]),
        (("patterns: [hoog opgeleid]", "patterns: ['en of']"), ["patterns[1]", "vast woord"]),
        (('flag: ["Zij is [[hoog opgeleid]]."]', 'flag: ["Zij is hoog opgeleid."]'), ["examples.flag[1]"]),
        (("  - id: eigen.voorbeeld", "  - id: Eigen Voorbeeld"), ["id"]),
    ],
)
def test_bad_rule_file_names_file_rule_and_field(tmp_path: Path, change: tuple[str, str], fragments: list[str]) -> None:
    text = GOOD_RULE.format(name="eigen").replace(*change)
    path = write(tmp_path, "eigen", text)
    with pytest.raises(RuleFileError) as raised:
        load_catalog([path])
    message = str(raised.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message


def test_duplicate_ids_across_files_are_refused(tmp_path: Path) -> None:
    first = write(tmp_path, "eigen", GOOD_RULE.format(name="eigen"))
    other = tmp_path / "tweede"
    other.mkdir()
    second = write(other, "eigen", GOOD_RULE.format(name="eigen"))
    with pytest.raises(RuleFileError, match="komt ook voor in"):
        load_catalog([first, second])


def test_invalid_yaml_reports_line(tmp_path: Path) -> None:
    path = write(tmp_path, "kapot", "ruleset: kapot\nrules: [\n  - id: x\n")
    with pytest.raises(RuleFileError, match=r"geen geldige YAML \(regel"):
        load_catalog([path])


def test_ruleset_name_must_match_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, "anders", GOOD_RULE.format(name="eigen"))
    with pytest.raises(RuleFileError, match="bestandsnaam"):
        load_catalog([path])


def test_shipped_rule_files_are_found() -> None:
    assert [path.name for path in builtin_rule_files()] == ["utrecht.yaml", "werving.yaml"]
    assert [path.name for path in default_rule_files()] == ["utrecht.yaml"]  # werving is off by default


def test_token_pattern_exceptions_work(tmp_path: Path) -> None:
    text = GOOD_RULE.format(name="eigen").replace(
        "    patterns: [hoog opgeleid]\n",
        "    patterns: [hoog opgeleid]\n    exceptions: [[{LOWER: te}, {LOWER: hoog}, {FORM: opgeleid}]]\n",
    )
    linter = Linter(load_catalog([write(tmp_path, "eigen", text)]))
    assert [f.text for f in linter.lint("Zij is hoog opgeleid, niet te hoog opgeleid.")] == ["hoog opgeleid"]


def test_no_safe_suggestion_is_flagged_by_any_rule(catalog: Catalog, linter: Linter) -> None:
    """Every suggestion a safe rule can write (all variants, all forms) passes every rule."""
    for rule in catalog.rules:
        if rule.fix != "safe":
            continue
        for variant in (None, *rule.variants):
            suggestions = rule.suggestions_of(variant)
            texts = [*suggestions.any_form, *(t for group in suggestions.by_inflection.values() for t in group)]
            for text in texts:
                for written in (text, text.capitalize(), text.upper(), f"Wij zoeken {text} voor dit werk."):
                    assert linter.lint(written) == [], (rule.id, written)


def test_generated_rule_docs_are_current(catalog: Catalog) -> None:
    """docs/regels/ equals what scripts/generate_rule_docs.py makes from the rule files."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", ROOT / "scripts" / "generate_rule_docs.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    docs = ROOT / "docs" / "regels"
    expected = generate.pages(catalog)
    assert sorted(p.name for p in docs.glob("*.md")) == sorted(expected), "run scripts/generate_rule_docs.py"
    for name, content in expected.items():
        assert (docs / name).read_text(encoding="utf-8") == content, f"{name} is stale: run the generator"


def test_context_words_must_come_last(tmp_path: Path) -> None:
    text = GOOD_RULE.format(name="eigen").replace("patterns: [hoog opgeleid]", "patterns: ['>in hoog opgeleid']")
    with pytest.raises(RuleFileError, match="context komt achteraan"):
        load_catalog([write(tmp_path, "eigen", text)])


def test_a_token_pattern_reads_word_by_word_in_the_rule_docs() -> None:
    from waardetaal.patterns import parse_tokens
    from waardetaal.rule_docs import _pattern_text

    pattern = parse_tokens(
        [
            {"LOWER": {"IN": ["minimaal", "minstens"]}},
            {"LOWER": {"REGEX": "^[a-z]+e$"}, "OP": "*"},
            {"FORM": {"IN": ["mbo", "hbo", "wo", "a", "b", "c", "d"]}},
            {"ORTH": "/", "OP": "?"},
            {"LOWER": "niveau", "OP": "+"},
            {"LOWER": "geen", "OP": "!"},
            {"LOWER": {"NOT_IN": ["wel", "niet"]}},
        ]
    )
    assert _pattern_text(pattern) == (
        "minimaal / minstens [… …] mbo / hbo / wo / a / b / c enz. [‘/’] niveau … niet geen niet wel / niet"
    )
