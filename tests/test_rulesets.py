"""Shipped rule sets that are off by default: the ``default`` key, ``rulesets`` and ``--ruleset``."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from waardetaal import RuleFileError, load_catalog
from waardetaal.cli import main
from waardetaal.config import ConfigError, load_config
from waardetaal.rules import builtin_rules_dir, default_rule_files, load_ruleset

VACANCY = "Wij zoeken een monteur (m/v) voor ons jonge team. Je hebt hbo werk- en denkniveau.\n"
RULE_FILE = """\
ruleset: {name}
source: Proef
{default}
rules:
  - id: {name}.proef
    category: proef
    severity: warning
    message: ‘{{term}}’
    why: Proef.
    patterns: [monteur]
    examples:
      flag: ["Een [[monteur]]."]
      pass: ["Een kok."]
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def check(*args: str) -> Result:
    return run("check", "--format", "json", *args)


def rules_of(result: Result) -> set[str]:
    return {finding["rule"] for file in json.loads(result.output)["files"] for finding in file["findings"]}


def write(folder: Path, name: str, default: str = "") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(RULE_FILE.format(name=name, default=default), encoding="utf-8")
    return path


def test_a_rule_set_file_declares_whether_it_is_on_by_default(tmp_path: Path) -> None:
    assert load_ruleset(write(tmp_path, "aan")).default is True
    assert load_ruleset(write(tmp_path, "uit", "default: false")).default is False
    with pytest.raises(RuleFileError, match=r"default.*true of false"):
        load_ruleset(write(tmp_path, "fout", "default: nee"))


def test_werving_is_shipped_off_and_the_default_catalog_leaves_it_out() -> None:
    assert load_ruleset(builtin_rules_dir() / "werving.yaml").default is False
    assert [path.stem for path in default_rule_files()] == ["utrecht"]
    assert {rule.ruleset for rule in load_catalog().rules} == {"utrecht"}


def test_the_configuration_uses_the_default_rule_sets_unless_it_names_some(tmp_path: Path) -> None:
    assert load_config(None).rulesets == ("utrecht",)
    assert [p.stem for p in load_config(None).rule_set_files()] == ["utrecht"]
    config_file = tmp_path / ".waardetaal.toml"
    config_file.write_text('rulesets = ["utrecht", "werving"]\n', encoding="utf-8")
    assert [p.stem for p in load_config(config_file).rule_set_files()] == ["utrecht", "werving"]
    only = load_config(None, {"rulesets": ("werving",), "rules": (str(write(tmp_path, "eigen")),)})
    assert [p.stem for p in only.rule_set_files()] == ["werving", "eigen"]


def test_an_unknown_rule_set_names_where_it_came_from(tmp_path: Path) -> None:
    config_file = tmp_path / ".waardetaal.toml"
    config_file.write_text('rulesets = ["wervng"]\n', encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"\.waardetaal\.toml: onbekende regelset ‘wervng’ \(meegeleverd: utrecht, werving\)"
    ):
        load_config(config_file).rule_set_files()


def test_check_finds_werving_only_when_it_is_turned_on(tmp_path: Path) -> None:
    text = tmp_path / "vacature.txt"
    text.write_text(VACANCY, encoding="utf-8")
    off = check(str(text))
    assert off.exit_code == 1
    assert rules_of(off) == {"utrecht.werk-en-denkniveau"}
    on = check("--ruleset", "utrecht", "--ruleset", "werving", str(text))
    assert on.exit_code == 1
    assert rules_of(on) == {"utrecht.werk-en-denkniveau", "werving.m-v", "werving.jong-team"}
    only = check("--ruleset", "werving", str(text))
    assert rules_of(only) == {"werving.m-v", "werving.jong-team"}
    unknown = CliRunner().invoke(main, ["check", "--ruleset", "bestaatniet", str(text)])
    assert unknown.exit_code == 2
    assert "onbekende regelset ‘bestaatniet’" in unknown.output


def test_rulesets_in_pyproject_turn_werving_on_for_that_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.waardetaal]\nrulesets = ["utrecht", "werving"]\n', encoding="utf-8")
    text = tmp_path / "vacature.txt"
    text.write_text(VACANCY, encoding="utf-8")
    assert "werving.m-v" in rules_of(check(str(text)))


def test_a_rule_file_given_with_rules_is_used_even_when_it_says_default_false(tmp_path: Path) -> None:
    text = tmp_path / "vacature.txt"
    text.write_text(VACANCY, encoding="utf-8")
    extra = write(tmp_path, "eigen", "default: false")
    assert "eigen.proef" in rules_of(check("--rules", str(extra), str(text)))


def test_rules_lists_the_rule_sets_that_are_off_too_and_says_so() -> None:
    listed = run("rules").output
    assert "werving.m-v" in listed and "utrecht.hoog-laag-opgeleid" in listed
    headings = [line for line in listed.splitlines() if line.startswith("# ")]
    assert headings[0].startswith("# utrecht: ") and headings[0].endswith(" — standaard aan")
    assert headings[1].startswith("# werving: ")
    assert "staat standaard uit; aanzetten met --ruleset werving" in headings[1]
    werving = listed.split(headings[1])[1]
    assert "werving.m-v" in werving and "utrecht." not in werving


def test_scan_columns_have_werving_categories_only_when_it_is_on(tmp_path: Path) -> None:
    corpus = tmp_path / "publicaties"
    corpus.mkdir()
    (corpus / "vacature.txt").write_text(VACANCY, encoding="utf-8")

    def scan(output: str, *extra: str) -> list[dict[str, str]]:
        command = [sys.executable, "-m", "waardetaal", "scan", str(corpus), "-o", str(tmp_path / output)]
        result = subprocess.run([*command, "--jobs", "1", "--quiet", *extra], capture_output=True, text=True)
        assert result.returncode == 1, result.stderr
        with open(tmp_path / output / "documenten.csv", encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))

    off = scan("uit")
    assert "gender" not in off[0] and off[0]["findings"] == "1"
    on = scan("aan", "--ruleset", "utrecht", "--ruleset", "werving")
    assert on[0]["gender"] == "1" and on[0]["leeftijd"] == "1" and on[0]["findings"] == "3"
