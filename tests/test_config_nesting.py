"""Nested configuration like ruff's (extend), exclude while walking, --rules adding, and exit statuses 2 and 130."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from waardetaal.checking import Checker
from waardetaal.cli import main
from waardetaal.config import ConfigError, resolve_config
from waardetaal.fixes import Fixer

TEXT = "Veel hoogopgeleiden. Je hebt minimaal een hbo-diploma. Mbo-leerlingen in de kansarme probleemwijk.\n"


def rule_file(ruleset: str, term: str) -> str:
    return f"""ruleset: {ruleset}
source: Teamafspraak
rules:
  - id: {ruleset}.{term}
    category: wijken
    severity: warning
    message: Schrijf niet ‘{{term}}’.
    why: Een etiket.
    patterns: [{term}]
    examples:
      flag: ["de [[{term}]]"]
      pass: ["de wijk"]
"""


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A project with a team rule file and documents at the top and in docs/; the working directory is the project."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "taal").mkdir()
    (tmp_path / "taal" / "team.yaml").write_text(rule_file("team", "kansarm"), encoding="utf-8")
    (tmp_path / "taal" / "wijk.yaml").write_text(rule_file("wijk", "probleemwijk"), encoding="utf-8")
    (tmp_path / "boven.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "docs" / "nota.txt").write_text(TEXT, encoding="utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--format", "json", *args])


def rules_by_file(result: Result) -> dict[str, set[str]]:
    files = json.loads(result.output)["files"]
    return {file["path"]: {f["rule"] for f in file["findings"]} for file in files}


def rules_of(result: Result) -> set[str]:
    return set().union(*rules_by_file(result).values())


def test_a_nested_file_extends_the_parent_and_keeps_the_team_rule_file(project: Path) -> None:
    write(project / ".waardetaal.toml", 'rules = ["taal/team.yaml"]\nignore = ["utrecht.mbo-leerling"]\n')
    write(project / "docs" / ".waardetaal.toml", 'genre = "publicatie"\n')
    found = rules_of(check("docs/nota.txt"))
    assert "team.kansarm" in found  # the parent's rule file, relative to the parent's folder
    assert "utrecht.mbo-leerling" not in found  # the parent's ignore
    assert "utrecht.diploma-eis" not in found  # the child's own genre


def test_extend_false_starts_afresh(project: Path) -> None:
    write(project / ".waardetaal.toml", 'rules = ["taal/team.yaml"]\nignore = ["utrecht.mbo-leerling"]\n')
    write(project / "docs" / ".waardetaal.toml", "extend = false\n")
    found = rules_by_file(check("."))
    assert {"team.kansarm", "utrecht.mbo-leerling"} & found["docs/nota.txt"] == {"utrecht.mbo-leerling"}
    assert "team.kansarm" in found["boven.txt"] and "utrecht.mbo-leerling" not in found["boven.txt"]


def test_extend_names_a_file_explicitly_and_the_chain_is_shown(project: Path) -> None:
    basis = write(project / "gedeeld" / "basis.toml", 'extend = false\nrules = ["../taal/wijk.yaml"]\n')
    top = write(project / ".waardetaal.toml", 'rules = ["taal/team.yaml"]\n')
    child = write(project / "docs" / ".waardetaal.toml", 'extend = "../gedeeld/basis.toml"\nfail-on = "info"\n')
    found = rules_of(check("docs/nota.txt"))
    assert "wijk.probleemwijk" in found and "team.kansarm" not in found
    shown = CliRunner().invoke(main, ["config", "docs"]).output
    named = project / "docs" / "../gedeeld/basis.toml"  # as written: '..' is not resolved past a link
    assert named.resolve() == basis.resolve()
    assert shown.splitlines()[:2] == [f"# configuratiebestand: {child}", f"# breidt uit: {named}"]
    assert f'fail-on = "info"  # {child}' in shown
    assert str(top) not in shown
    write(child, 'fail-on = "info"\n')  # without extend: the nearest file above
    assert CliRunner().invoke(main, ["config", "docs"]).output.splitlines()[1] == f"# breidt uit: {top}"


def test_config_shows_every_file_a_list_came_from(project: Path) -> None:
    top = write(project / "pyproject.toml", '[tool.waardetaal]\nrules = ["taal/team.yaml"]\nexclude = ["oud/*"]\n')
    child = write(project / "docs" / ".waardetaal.toml", 'rules = ["../taal/wijk.yaml"]\n')
    shown = CliRunner().invoke(main, ["config", "docs", "--rules", "extra.yaml"]).output
    rules = f'["{project / "taal" / "team.yaml"}", "{project / "docs" / "../taal/wijk.yaml"}", "extra.yaml"]'
    assert f"rules = {rules}  # {top}, {child}, opdrachtregel" in shown
    assert f'exclude = ["oud/*"]  # {top}' in shown


def test_a_circle_of_extends_and_a_missing_file_are_errors(project: Path) -> None:
    write(project / "a.toml", 'extend = "b.toml"\n')
    write(project / "b.toml", 'extend = "a.toml"\n')
    result = CliRunner().invoke(main, ["check", "--config", "a.toml", "boven.txt"])
    assert result.exit_code == 2 and "breidt zichzelf uit" in result.stderr
    write(project / ".waardetaal.toml", 'extend = "weg.toml"\n')
    result = CliRunner().invoke(main, ["check", "boven.txt"])
    assert result.exit_code == 2 and "weg.toml bestaat niet" in result.stderr
    write(project / ".waardetaal.toml", "extend = 3\n")
    result = CliRunner().invoke(main, ["check", "boven.txt"])
    assert result.exit_code == 2 and "sleutel ‘extend’" in result.stderr


def test_rules_on_the_command_line_add_to_the_configured_ones(project: Path) -> None:
    write(project / ".waardetaal.toml", 'rules = ["taal/team.yaml"]\n')
    found = rules_of(check("--rules", "taal/wijk.yaml", "boven.txt"))
    assert {"team.kansarm", "wijk.probleemwijk"} <= found


def test_select_replaces_and_extend_select_adds(project: Path) -> None:
    write(project / ".waardetaal.toml", 'rules = ["taal/team.yaml"]\nselect = ["team"]\n')
    write(project / "docs" / ".waardetaal.toml", 'extend-select = ["utrecht.diploma-eis"]\n')
    assert rules_of(check("docs/nota.txt")) == {"team.kansarm", "utrecht.diploma-eis"}
    write(project / "docs" / ".waardetaal.toml", 'select = ["utrecht.diploma-eis"]\n')
    assert rules_of(check("docs/nota.txt")) == {"utrecht.diploma-eis"}
    write(project / "docs" / ".waardetaal.toml", 'extend = false\nextend-select = ["utrecht.diploma-eis"]\n')
    assert "utrecht.hoog-laag-opgeleid" in rules_of(check("docs/nota.txt"))  # adding to 'all rules' narrows nothing


def test_ignore_replaces_and_extend_ignore_adds(project: Path) -> None:
    write(project / ".waardetaal.toml", 'ignore = ["utrecht.mbo-leerling"]\n')
    write(project / "docs" / ".waardetaal.toml", 'extend-ignore = ["utrecht.diploma-eis"]\n')
    found = rules_of(check("docs/nota.txt"))
    assert not {"utrecht.mbo-leerling", "utrecht.diploma-eis"} & found and "utrecht.hoog-laag-opgeleid" in found
    write(project / "docs" / ".waardetaal.toml", 'ignore = ["utrecht.diploma-eis"]\n')
    found = rules_of(check("docs/nota.txt"))
    assert "utrecht.mbo-leerling" in found and "utrecht.diploma-eis" not in found


def test_severity_tables_merge_over_the_chain(project: Path) -> None:
    top = '[severity]\n"utrecht.diploma-eis" = "error"\n"utrecht.mbo-leerling" = "info"\n'
    write(project / ".waardetaal.toml", top)
    write(project / "docs" / ".waardetaal.toml", '[severity]\n"utrecht.mbo-leerling" = "error"\n')
    result = check("--severity", "utrecht.hoog-laag-opgeleid=info", "docs/nota.txt")
    severities = {f["rule"]: f["severity"] for f in json.loads(result.output)["files"][0]["findings"]}
    assert severities["utrecht.diploma-eis"] == "error"
    assert severities["utrecht.mbo-leerling"] == "error"
    assert severities["utrecht.hoog-laag-opgeleid"] == "info"


def test_a_nested_exclude_is_honoured_while_walking(project: Path) -> None:
    write(project / ".waardetaal.toml", 'exclude = ["*.oud.txt"]\n')
    write(project / "docs" / ".waardetaal.toml", 'exclude = ["concepten/*"]\n')
    write(project / "docs" / "concepten" / "schets.txt", TEXT)
    write(project / "docs" / "brief.oud.txt", TEXT)
    write(project / "concepten" / "boven.txt", TEXT)  # not under docs: the nested exclude does not reach it
    paths = set(rules_by_file(check(".")))
    assert paths == {"boven.txt", "concepten/boven.txt", "docs/nota.txt"}
    assert set(rules_by_file(check("docs"))) == {"docs/nota.txt"}
    assert "docs/concepten/schets.txt" in rules_by_file(check("docs/concepten/schets.txt"))  # named: checked


def test_exclude_on_the_command_line_adds_and_is_relative_to_the_walked_folder(project: Path) -> None:
    write(project / ".waardetaal.toml", 'exclude = ["boven.txt"]\n')
    assert set(rules_by_file(check("--exclude", "nota.txt", "."))) == set()
    assert set(rules_by_file(check("--exclude", "docs/*", "."))) == set()


SELECTORS = st.lists(st.sampled_from(["a", "b", "c"]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parent=st.fixed_dictionaries({}, optional={key: SELECTORS for key in ("select", "ignore")}),
    child=st.fixed_dictionaries(
        {}, optional={key: SELECTORS for key in ("select", "ignore", "extend-select", "extend-ignore")}
    ),
)
def test_selection_layers_as_documented(
    tmp_path: Path, parent: dict[str, list[str]], child: dict[str, list[str]]
) -> None:
    folder = tmp_path / "p"
    write(folder / ".waardetaal.toml", "".join(f"{k} = {json.dumps(v)}\n" for k, v in parent.items()))
    # extend-* first: within one file the order of the keys must not matter
    lines = sorted((f"{k} = {json.dumps(v)}\n" for k, v in child.items()), key=lambda line: not line.startswith("ext"))
    write(folder / "sub" / ".waardetaal.toml", "".join(lines))
    config = resolve_config(folder / "sub")
    for key in ("select", "ignore"):
        expected = tuple(child.get(key, parent.get(key, [])))  # replaced, whatever order the keys are in
        added = child.get(f"extend-{key}")
        if added is not None and (expected or key == "ignore"):  # adding to 'all rules' would narrow it
            expected = tuple(dict.fromkeys((*expected, *added)))
        assert config.values[key] == expected


def test_unknown_extend_key_names_the_known_ones(tmp_path: Path) -> None:
    write(tmp_path / ".waardetaal.toml", 'extend-exclude = ["x"]\n')
    with pytest.raises(ConfigError, match="extend-select, extend-ignore, extend"):
        resolve_config(tmp_path)


def test_unused_suppressions_follow_severity(project: Path) -> None:
    write(project / "stil.md", "<!-- waardetaal: negeer-volgende utrecht.ladder -->\nGewone tekst.\n")
    base = ["--report-unused-suppressions", "stil.md"]
    result = check("--severity", "waardetaal.ongebruikte-onderdrukking=info", *base)
    assert [f["severity"] for f in json.loads(result.output)["files"][0]["findings"]] == ["info"]
    assert result.exit_code == 0
    result = check("--severity", "waardetaal=error", "--fail-on", "error", *base)
    assert [f["severity"] for f in json.loads(result.output)["files"][0]["findings"]] == ["error"]
    assert result.exit_code == 1
    assert check(*base).exit_code == 1  # warning by default


def test_an_unexpected_error_exits_2_with_one_dutch_line(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refusing(*args: object) -> None:
        raise PermissionError(13, "Permission denied", "docs/nota.txt")

    monkeypatch.setattr(Fixer, "write", refusing)
    write(project / "fix.txt", "Het aandeel hoogopgeleiden groeit.\n")
    result = CliRunner().invoke(main, ["check", "--fix", "fix.txt"])
    assert result.exit_code == 2
    assert result.stderr == (
        "waardetaal: interne fout (PermissionError: [Errno 13] Permission denied: 'docs/nota.txt');"
        " de opdracht is afgebroken\n"
    )
    assert result.stdout == ""


def test_ctrl_c_exits_130_with_a_dutch_line(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Checker, "run", interrupted)
    result = CliRunner().invoke(main, ["check", "boven.txt"])
    assert result.exit_code == 130
    assert result.stderr == "waardetaal: onderbroken (Ctrl+C); de uitvoer is onvolledig\n"


def waiting_on_standard_input(process: subprocess.Popen[bytes]) -> bool:
    """Whether the process is blocked in read(0, …): the kernel's /proc/PID/syscall starts with '0 0x0'."""
    try:
        return Path(f"/proc/{process.pid}/syscall").read_text().startswith("0 0x0 ")
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/syscall").exists(), reason="needs Linux's /proc/PID/syscall")
def test_a_real_sigint_exits_130_without_a_traceback(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "waardetaal", "check", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not waiting_on_standard_input(process) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, error = process.communicate(timeout=60)
    assert (process.returncode, error.decode()) == (130, "waardetaal: onderbroken (Ctrl+C); de uitvoer is onvolledig\n")


def test_usage_errors_keep_status_2_from_click(project: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--fail-on", "erg"])
    assert result.exit_code == 2 and "interne fout" not in result.stderr
