"""Configuration: discovery, precedence, validation and `waardetaal config`."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from waardetaal.cli import main
from waardetaal.config import ConfigError, find_config, resolve_config

TEXT = "Veel hoogopgeleiden. Je hebt minimaal een hbo-diploma. Mbo-leerlingen en ‘laagopgeleiden’.\n"


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A project folder with a document in a sub-folder; the working directory is the project."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "nota.md").write_text(TEXT, encoding="utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--format", "json", *args])


def rules_of(result: Result) -> list[str]:
    return [f["rule"] for file in json.loads(result.output)["files"] for f in file["findings"]]


def test_pyproject_section_is_found_walking_up(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.waardetaal]\nignore = ["utrecht.mbo-leerling"]\n', encoding="utf-8")
    assert find_config(project / "docs" / "nota.md") == project / "pyproject.toml"
    assert "utrecht.mbo-leerling" not in rules_of(check("docs/nota.md"))


def test_nearest_file_wins_and_command_line_wins_over_files(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.waardetaal]\nselect = ["utrecht.mbo-leerling"]\n', encoding="utf-8")
    (project / "docs" / ".waardetaal.toml").write_text('select = ["utrecht.diploma-eis"]\n', encoding="utf-8")
    assert set(rules_of(check("docs/nota.md"))) == {"utrecht.diploma-eis"}
    assert set(rules_of(check("--select", "utrecht.hoog-laag-opgeleid", "docs/nota.md"))) == {
        "utrecht.hoog-laag-opgeleid"
    }


def test_explicit_config_overrides_discovery(project: Path, tmp_path: Path) -> None:
    (project / "docs" / ".waardetaal.toml").write_text('select = ["utrecht.diploma-eis"]\n', encoding="utf-8")
    other = project / "ander.toml"
    other.write_text('select = ["utrecht.mbo-leerling"]\n', encoding="utf-8")
    assert set(rules_of(check("--config", str(other), "docs/nota.md"))) == {"utrecht.mbo-leerling"}


def test_severity_fail_on_and_mentions(project: Path) -> None:
    (project / ".waardetaal.toml").write_text(
        'fail-on = "error"\nmentions = "ignore"\n[severity]\n"utrecht.diploma-eis" = "error"\n', encoding="utf-8"
    )
    result = check("docs/nota.md")
    findings = {f["rule"]: f["severity"] for f in json.loads(result.output)["files"][0]["findings"]}
    assert findings["utrecht.diploma-eis"] == "error"
    assert result.exit_code == 1  # an error-level finding fails at fail-on = error
    texts = [f["text"] for f in json.loads(result.output)["files"][0]["findings"]]
    assert "laagopgeleiden" not in texts  # the quoted mention is ignored
    reported = check("--mentions", "report", "docs/nota.md")
    quoted = [f for f in json.loads(reported.output)["files"][0]["findings"] if f["text"] == "laagopgeleiden"]
    assert quoted[0]["severity"] == "warning"


def test_extra_rule_files_are_relative_to_the_config(project: Path) -> None:
    (project / "taal").mkdir()
    (project / "taal" / "team.yaml").write_text(
        """ruleset: team
source: Teamafspraak
rules:
  - id: team.kansarm
    category: wijken
    severity: warning
    message: Schrijf niet ‘{term}’.
    why: Een etiket.
    patterns: [kansarm]
    examples:
      flag: ["[[kansarme]] jongeren"]
      pass: ["kansrijke jongeren"]
""",
        encoding="utf-8",
    )
    (project / ".waardetaal.toml").write_text('rules = ["taal/team.yaml"]\nrulesets = ["utrecht"]\n', encoding="utf-8")
    (project / "docs" / "wijk.txt").write_text("De kansarme jongeren.\n", encoding="utf-8")
    assert rules_of(check("docs/wijk.txt")) == ["team.kansarm"]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("kleur = 'rood'\n", "onbekende sleutel ‘kleur’"),
        ('fail-on = "erg"\n', "sleutel ‘fail-on’"),
        ('select = ["utrecht.bestaat-niet"]\n', "onbekende regel ‘utrecht.bestaat-niet’"),
        ('rulesets = ["amsterdam"]\n', "onbekende regelset ‘amsterdam’"),
        ("mentions = [\n", "geen geldige TOML"),
        ("report-unused-suppressions = 'ja'\n", "sleutel ‘report-unused-suppressions’"),
    ],
)
def test_bad_configuration_is_an_error_that_names_it(project: Path, content: str, fragment: str) -> None:
    (project / ".waardetaal.toml").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "docs/nota.md"])
    assert result.exit_code == 2
    assert fragment in result.stderr and ".waardetaal.toml" in result.stderr + str(project)


def test_config_command_shows_values_and_origins(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.waardetaal]\nexclude = ["concept/*"]\n', encoding="utf-8")
    output = CliRunner().invoke(main, ["config", "docs", "--fail-on", "info"]).output
    assert f'exclude = ["concept/*"]  # {project / "pyproject.toml"}' in output
    assert 'fail-on = "info"  # opdrachtregel' in output
    assert 'mentions = "info"  # standaard' in output


def test_resolve_config_reports_unknown_keys_directly(tmp_path: Path) -> None:
    (tmp_path / ".waardetaal.toml").write_text("onbekend = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="onbekende sleutel"):
        resolve_config(tmp_path)


def test_genre_limits_vacancy_rules(project: Path) -> None:
    assert "utrecht.diploma-eis" in rules_of(check("--genre", "vacature", "docs/nota.md"))
    assert "utrecht.diploma-eis" not in rules_of(check("--genre", "publicatie", "docs/nota.md"))
    assert "utrecht.hoog-laag-opgeleid" in rules_of(check("--genre", "publicatie", "docs/nota.md"))
