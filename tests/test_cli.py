"""The command line as the contract fixes it: formats, paths, stdin, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from waardetaal.cli import main

VACANCY = "Wij zoeken een collega.\nJe hebt HBO/WO werk- en denkniveau en begeleidt mbo-leerlingen.\n"
CONTRACT_KEYS = [
    "rule",
    "category",
    "severity",
    "start",
    "end",
    "line",
    "column",
    "end_line",
    "end_column",
    "text",
    "message",
    "suggestions",
]


def run(*args: str, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "vacature.txt").write_text(VACANCY, encoding="utf-8")
    (tmp_path / "schoon.md").write_text("# Schoon\n\nMbo-, hbo- en wo-opgeleiden zijn welkom.\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "nota.txt").write_bytes("\ufeffHet aandeel hoogopgeleiden stijgt.\r\n".encode())
    (tmp_path / ".verborgen").mkdir()
    (tmp_path / ".verborgen" / "oud.txt").write_text("laagopgeleiden", encoding="utf-8")
    (tmp_path / "plaatje.png").write_bytes(b"\x89PNG\r\n")
    return tmp_path


def test_text_format_reads_like_ruff(folder: Path) -> None:
    result = run("check", str(folder / "vacature.txt"))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    path = str(folder / "vacature.txt")
    second_line = VACANCY.splitlines()[1]
    denk, leerling = second_line.index("HBO/WO") + 1, second_line.index("mbo-leerlingen") + 1
    assert lines[0].startswith(f"{path}:2:{denk}: warning utrecht.werk-en-denkniveau ‘HBO/WO werk- en denkniveau’")
    assert lines[1].startswith(f"{path}:2:{leerling}: warning utrecht.mbo-leerling ")
    assert lines[1].endswith("(suggestion: mbo-studenten)")
    assert lines[-1] == "2 bevindingen in 1 bestand (2 waarschuwingen). 1 herstelbaar met --fix."


def test_json_matches_the_contract(folder: Path) -> None:
    result = run("check", "--format", "json", str(folder))
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["version"] == 1
    paths = [f["path"] for f in document["files"]]
    assert paths == [str(folder / "schoon.md"), str(folder / "sub" / "nota.txt"), str(folder / "vacature.txt")]
    assert document["summary"] == {"files": 3, "findings": 3, "errors": 0}
    for file in document["files"]:
        assert file["error"] is None
        checked = Path(file["path"]).read_bytes().decode("utf-8-sig")
        for finding in file["findings"]:
            assert list(finding) == CONTRACT_KEYS
            assert checked[finding["start"] : finding["end"]] == finding["text"]
        assert [f["start"] for f in file["findings"]] == sorted(f["start"] for f in file["findings"])
    nota = document["files"][1]["findings"][0]
    assert (nota["text"], nota["line"], nota["column"], nota["suggestions"]) == (
        "hoogopgeleiden",
        1,
        13,
        ["hbo- en wo-opgeleiden"],
    )


def test_clean_file_exits_zero(folder: Path) -> None:
    result = run("check", str(folder / "schoon.md"))
    assert (result.exit_code, result.output) == (0, "Geen bevindingen in 1 bestand.\n")


def test_stdin_with_dash() -> None:
    result = run("check", "--format", "json", "-", stdin="De hoger opgeleiden.")
    document = json.loads(result.output)
    assert document["files"][0]["path"] == "<stdin>"
    assert document["files"][0]["findings"][0]["text"] == "hoger opgeleiden"


def test_fail_on_info_and_error(folder: Path) -> None:
    info_only = folder / "info.txt"
    info_only.write_text("Je hebt minimaal een hbo-diploma.", encoding="utf-8")
    assert run("check", str(info_only)).exit_code == 0
    assert run("check", "--fail-on", "info", str(info_only)).exit_code == 1
    assert run("check", "--fail-on", "error", str(folder / "vacature.txt")).exit_code == 0


def test_missing_path_and_unreadable_file_exit_two_but_the_rest_is_checked(folder: Path) -> None:
    (folder / "kapot.txt").write_bytes(b"hoog\xc3\x28opgeleid \xff\xfe")
    result = run(
        "check",
        "--format",
        "json",
        str(folder / "bestaat-niet.txt"),
        str(folder / "kapot.txt"),
        str(folder / "vacature.txt"),
    )
    assert result.exit_code == 2
    files = json.loads(result.output)["files"]
    assert files[0]["error"] == "bestand of map bestaat niet"
    assert files[1]["error"].startswith("ongeldige UTF-8-tekst")
    assert len(files[2]["findings"]) == 2
    text = run("check", str(folder / "kapot.txt")).output
    assert f"{folder / 'kapot.txt'}: error: ongeldige UTF-8-tekst" in text


def test_bad_rule_file_exits_two(tmp_path: Path) -> None:
    bad = tmp_path / "eigen.yaml"
    bad.write_text("ruleset: eigen\nrules: []\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--rules", str(bad), "-"], input="tekst")
    assert result.exit_code == 2
    assert "fout in regelbestand" in result.stderr and "rules" in result.stderr


def test_rules_lists_every_rule() -> None:
    result = run("rules")
    assert result.exit_code == 0
    assert "utrecht.hoog-laag-opgeleid" in result.output and "utrecht.ladder" in result.output


def test_rule_explains_in_dutch() -> None:
    result = run("rule", "utrecht.hoog-laag-opgeleid")
    assert result.exit_code == 0
    for heading in ("## Wat het signaleert", "## Waarom", "## Schrijf liever", "## Voorbeelden", "## Bron"):
        assert heading in result.output
    assert "Mbo-uitvoeringsplan 2023-2026" in result.output
    unknown = run("rule", "utrecht.bestaat-niet")
    assert unknown.exit_code == 2 and "onbekende regel" in unknown.stderr


def test_python_dash_m_behaves_like_the_command(folder: Path) -> None:
    target = str(folder / "vacature.txt")
    module = subprocess.run(
        [sys.executable, "-m", "waardetaal", "check", "--format", "json", target],
        capture_output=True,
        text=True,
        check=False,
    )
    assert module.returncode == 1
    assert json.loads(module.stdout) == json.loads(run("check", "--format", "json", target).output)


def test_exclude_globs(folder: Path) -> None:
    result = run("check", "--format", "json", "--exclude", "sub/*", "--exclude", "vacature.txt", str(folder))
    assert [Path(f["path"]).name for f in json.loads(result.output)["files"]] == ["schoon.md"]
    assert result.exit_code == 0
