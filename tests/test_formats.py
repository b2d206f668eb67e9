"""CI formats: SARIF 2.1.0 valid against its schema, GitHub annotations, JUnit; --stdin-filename."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
from click.testing import CliRunner
from tests.conftest import ROOT

from waardetaal.cli import main

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def files(tmp_path: Path) -> Path:
    (tmp_path / "vacature.md").write_text("# Vacature\n\nJe hebt HBO/WO werk- en denkniveau.\n", encoding="utf-8")
    (tmp_path / "nota.txt").write_text("Het aandeel hoogopgeleiden: 40%, zegt ‘men’.\r\n", encoding="utf-8")
    (tmp_path / "kapot.pdf").write_bytes(b"%PDF-1.7 stuk")
    return tmp_path


def test_sarif_is_valid_and_describes_the_rules(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--format", "sarif", str(files(tmp_path))])
    log = json.loads(result.output)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    denkniveau = rules["utrecht.werk-en-denkniveau"]
    assert "Mbo-uitvoeringsplan" in denkniveau["help"]["text"] and denkniveau["helpUri"].startswith("https://")
    assert "## Waarom" in denkniveau["help"]["markdown"]
    results = {r["ruleId"]: r for r in run["results"]}
    region = results["utrecht.hoog-laag-opgeleid"]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["snippet"]["text"]) == (1, 13, "hoogopgeleiden")
    assert (
        run["tool"]["driver"]["rules"][results["utrecht.hoog-laag-opgeleid"]["ruleIndex"]]["id"]
        == "utrecht.hoog-laag-opgeleid"
    )
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"].startswith("beschadigde")
    assert result.exit_code == 2


def test_github_annotations(tmp_path: Path) -> None:
    output = CliRunner().invoke(main, ["check", "--format", "github", str(files(tmp_path))]).output
    lines = output.splitlines()
    assert f"::error file={tmp_path / 'kapot.pdf'},title=waardetaal::beschadigde of ongeldige PDF" in lines
    nota = next(line for line in lines if "nota.txt" in line)
    assert nota.startswith(f"::warning file={tmp_path / 'nota.txt'},line=1,col=13,endLine=1,endColumn=27,")
    assert "title=utrecht.hoog-laag-opgeleid::" in nota and "%0A" not in nota.split("::", 2)[1]
    assert "suggestion: hbo- en wo-opgeleiden" in nota


def test_junit(tmp_path: Path) -> None:
    output = CliRunner().invoke(main, ["check", "--format", "junit", str(files(tmp_path))]).output
    suite = ElementTree.fromstring(output).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "1")


def test_stdin_filename_picks_reader_and_name() -> None:
    markdown = "# Titel\n\n`hoogopgeleiden` in code, maar laagopgeleiden in tekst.\n"
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--stdin-filename", "docs/nota.md", "-"], input=markdown
    )
    document = json.loads(result.output)["files"][0]
    assert document["path"] == "docs/nota.md"
    assert [f["text"] for f in document["findings"]] == ["laagopgeleiden"]
