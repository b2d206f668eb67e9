"""What ruff users reach for: --quiet, --statistics, --show-source, colour, the fixable marker, --diff's status."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from waardetaal.checking import Checker, CheckRequest
from waardetaal.cli import main
from waardetaal.formatters.text import TextDisplay, render_text

TEXT = "Veel hoogopgeleiden en laagopgeleiden.\nHet werk- en denkniveau is hbo.\n"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def file(tmp_path: Path) -> Path:
    path = tmp_path / "tekst.md"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _check(*arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *arguments])
    return result.exit_code, result.stdout, result.stderr


def test_quiet_prints_the_findings_without_the_closing_line(file: Path) -> None:
    status, out, _ = _check("--quiet", str(file))
    lines = out.splitlines()
    assert len(lines) == 3 and all(line.startswith(f"{file}:") for line in lines)
    assert status == 1


def test_statistics_count_per_rule_most_first_with_the_fixable_marker(file: Path) -> None:
    status, out, _ = _check("--statistics", str(file))
    assert out.splitlines() == [
        "2  utrecht.hoog-laag-opgeleid  [*]",
        "1  utrecht.werk-en-denkniveau",
        "3 bevindingen in 1 bestand (3 waarschuwingen). 1 herstelbaar met --fix.",
    ]
    assert status == 1


def test_show_source_marks_the_term_under_its_line(file: Path) -> None:
    _, out, _ = _check("--show-source", str(file))
    lines = out.splitlines()
    at = lines.index("1 | Veel hoogopgeleiden en laagopgeleiden.")
    assert lines[at - 1 : at + 2] == ["  |", "1 | Veel hoogopgeleiden en laagopgeleiden.", "  |      ^^^^^^^^^^^^^^"]
    assert "2 | Het werk- en denkniveau is hbo." in lines


_CHECKER = Checker()
_FILLER = st.text(alphabet="abc \t", max_size=30)


# The file is rewritten for every example, so one folder serves them all.
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=_FILLER, after=_FILLER, term=st.sampled_from(["hoogopgeleiden", "Laagopgeleiden", "hoger onderwijs"]))
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_the_marker_is_under_exactly_the_term(tmp_path: Path, newline: str, before: str, after: str, term: str) -> None:
    path = tmp_path / "tekst.txt"
    path.write_bytes(f"Eerste regel.{newline}x {before} {term} {after}{newline}".encode())
    outcome = _CHECKER.run(CheckRequest([str(path)], show_source=True), None)
    out = render_text(outcome.reports, outcome.catalog, TextDisplay(show_source=True))
    lines = out.splitlines()
    (at,) = [i for i, line in enumerate(lines) if line.startswith("2 | ")]
    shown, marker = lines[at][4:], lines[at + 1][4:]
    start = marker.index("^")
    assert shown[start : len(marker)] == term
    assert set(marker[start:]) == {"^"}


def test_colour_follows_the_terminal_and_no_color(file: Path) -> None:
    def run(env: dict[str, str]) -> str:
        clean = {key: value for key, value in os.environ.items() if key not in {"NO_COLOR", "FORCE_COLOR"}}
        return subprocess.run(
            [sys.executable, "-m", "waardetaal", "check", str(file)],
            capture_output=True,
            text=True,
            env={**clean, **env},
            check=False,
        ).stdout

    assert not ANSI.search(run({}))  # a pipe: plain
    assert ANSI.search(run({"FORCE_COLOR": "1"}))
    assert not ANSI.search(run({"FORCE_COLOR": "1", "NO_COLOR": "1"}))


def _on_a_terminal(file: Path, env: dict[str, str]) -> str:
    """The output of a check whose standard output is a pseudo-terminal."""
    leader, follower = pty.openpty()
    clean = {key: value for key, value in os.environ.items() if key not in {"NO_COLOR", "FORCE_COLOR"}}
    process = subprocess.Popen(
        [sys.executable, "-m", "waardetaal", "check", str(file)],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env={**clean, **env},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


def test_a_terminal_gets_colour_and_the_fixable_marker(file: Path) -> None:
    shown = _on_a_terminal(file, {})
    assert ANSI.search(shown)
    plain = ANSI.sub("", shown)
    assert "utrecht.hoog-laag-opgeleid [*] ‘hoogopgeleiden’" in plain
    assert "utrecht.hoog-laag-opgeleid ‘laagopgeleiden’" in plain  # no safe fix for this one
    no_colour = _on_a_terminal(file, {"NO_COLOR": "1"})
    assert not ANSI.search(no_colour) and "[*]" in no_colour


def test_a_pipe_gets_the_contract_line_without_marker(file: Path) -> None:
    _, out, _ = _check(str(file))
    assert "[*]" not in out.splitlines()[0]
    assert out.splitlines()[0].endswith("(suggestion: hbo- en wo-opgeleiden)")


def test_the_closing_line_after_fix_adds_up(file: Path) -> None:
    status, out, err = _check("--fix", str(file))
    assert out.splitlines()[-1] == "3 bevindingen in 1 bestand: 1 hersteld, 2 over (2 waarschuwingen)."
    assert err == ""  # one closing line, not a second one on standard error
    assert status == 1


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Veel hoogopgeleiden.\n", 1),  # a fix would change the file
        ("Veel laagopgeleiden.\n", 0),  # a finding, but nothing --fix would change
        ("Niets aan de hand.\n", 0),
    ],
)
def test_diff_exits_1_only_when_it_would_change_something(tmp_path: Path, text: str, status: int) -> None:
    path = tmp_path / "tekst.txt"
    path.write_text(text, encoding="utf-8")
    exit_status, out, err = _check("--diff", str(path))
    assert exit_status == status
    assert bool(out) == bool(status)
    counted = "1 herstelling mogelijk in 1 bestand.\n" if status else "0 herstellingen mogelijk in 0 bestanden.\n"
    assert err == counted


def test_github_annotations_use_the_same_word_for_the_suggestion(file: Path) -> None:
    _, out, _ = _check("--format", "github", str(file))
    assert "(suggestion: hbo- en wo-opgeleiden)" in out


def test_only_what_fix_can_write_is_called_fixable(file: Path, tmp_path: Path) -> None:
    import docx
    from fpdf import FPDF

    word, pdf = tmp_path / "nota.docx", tmp_path / "rapport.pdf"
    document = docx.Document()
    document.add_paragraph("Veel hoogopgeleiden wonen hier.")
    document.save(str(word))
    page = FPDF()
    page.add_page()
    page.set_font("Helvetica", size=11)
    page.cell(0, 10, "Veel hoogopgeleiden wonen hier.")
    pdf.write_bytes(bytes(page.output()))
    status, out, _ = _check("--statistics", str(word), str(pdf))
    assert status == 1
    assert out.splitlines() == [
        "2  utrecht.hoog-laag-opgeleid",  # --fix writes no Word file or PDF: no [*], no count
        "2 bevindingen in 2 bestanden (2 waarschuwingen).",
    ]
    _, out, _ = _check("--statistics", str(word), str(file))
    assert out.splitlines()[0] == "3  utrecht.hoog-laag-opgeleid  [*]"
    assert out.splitlines()[-1] == "4 bevindingen in 2 bestanden (4 waarschuwingen). 1 herstelbaar met --fix."
    result = CliRunner().invoke(main, ["check", "-", "--stdin-filename", "x.md"], input=TEXT)
    assert result.stdout.splitlines()[-1] == "3 bevindingen in 1 bestand (3 waarschuwingen)."  # stdin is not written
    before = pdf.read_bytes()
    assert _check("--fix", str(pdf))[1].splitlines()[-1] == "1 bevinding in 1 bestand (1 waarschuwing)."
    assert pdf.read_bytes() == before
    file.chmod(0o444)  # --fix refuses a read-only file: nothing in it is fixable, and --fix says why
    assert _check(str(file))[1].splitlines()[-1] == "3 bevindingen in 1 bestand (3 waarschuwingen)."
    lines = _check("--fix", str(file))[1].splitlines()
    assert lines[0] == f"{file}: error: het bestand is alleen-lezen: niet hersteld"
    assert lines[-1] == "3 bevindingen in 1 bestand (3 waarschuwingen). 1 bestand gaf een fout (zie boven)."
    assert file.read_text(encoding="utf-8") == TEXT
