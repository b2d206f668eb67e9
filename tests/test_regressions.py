"""Cases found in review, each fixed once and kept fixed."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import docx
from click.testing import CliRunner
from starlette.testclient import TestClient

from waardetaal import Linter, lint_text
from waardetaal.cli import main
from waardetaal.readers.pdf import repaired
from waardetaal.sources import extract
from waardetaal.web.app import create_app


def texts(linter: Linter, name: str, data: bytes) -> list[str]:
    document = extract(name, data, Path(name).suffix)
    assert document.text is not None, document.error
    return [f.text for f in linter.lint(document.text, document.positions)]


def test_long_dense_text_is_checked(linter: Linter) -> None:
    # Longer than spaCy's own length limit, with fewer findings than the findings bound.
    paragraph = "De hoogopgeleiden en de rest.\n" + "Een gewone zin zonder term.\n" * 9
    text = paragraph * 4_000
    assert len(text) > 1_000_000
    findings = linter.lint(text)
    assert len(findings) == 4_000 and findings[-1].start == text.rindex("hoogopgeleiden")


def test_html_with_unclosed_head(linter: Linter) -> None:
    page = b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>hoogopgeleiden</title>\n<p>laagopgeleiden</p>'
    assert texts(linter, "p.html", page) == ["laagopgeleiden"]


def test_markdown_stray_backtick_does_not_hide_a_paragraph(linter: Linter) -> None:
    text = "Gebruik de ` toets.\n\nVeel hoogopgeleiden wonen hier.\n\nEn nog een ` hier.\n"
    assert texts(linter, "t.md", text.encode()) == ["hoogopgeleiden"]


def test_pdf_omission_hyphen_at_a_line_end() -> None:
    assert repaired("laag-\nen hoogopgeleiden, hbo werk-\r\nen denkniveau") == (
        "laag- en hoogopgeleiden, hbo werk- en denkniveau"
    )


def test_windows_1252_with_accent_before_a_quote(linter: Linter) -> None:
    data = "Het café’s personeel: hoogopgeleiden… of René”s idee.".encode("cp1252")
    assert texts(linter, "c.txt", data) == ["hoogopgeleiden"]


def test_broken_pyproject_with_a_waardetaal_section_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.waardetaal\nselect = [\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("hoogopgeleiden", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "a.txt")])
    assert result.exit_code == 2 and "pyproject.toml" in result.stderr


def test_severity_on_the_command_line_adds_to_the_file(tmp_path: Path) -> None:
    (tmp_path / ".waardetaal.toml").write_text('[severity]\n"utrecht.hoog-laag-opgeleid" = "error"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Hoogopgeleiden willen opstromen.", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--severity", "utrecht.ladder=warning", str(tmp_path / "a.txt")]
    )
    severities = {f["rule"]: f["severity"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert severities == {"utrecht.hoog-laag-opgeleid": "error", "utrecht.ladder": "warning"}


def test_no_match_inside_a_hyphenated_compound() -> None:
    assert [f.text for f in lint_text("De hbo-studenten en mbo-studenten.")] == []


def test_markdown_heading_is_not_a_directive(tmp_path: Path) -> None:
    path = tmp_path / "t.md"
    path.write_text("# waardetaal: negeer-bestand\n\nHoogopgeleiden.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    assert [f["text"] for f in json.loads(result.stdout)["files"][0]["findings"]] == ["Hoogopgeleiden"]


def test_web_pasted_text_is_checked_as_typed() -> None:
    client = TestClient(create_app())
    answer = client.post("/api/check?tekst=1", json={"text": "\ufeffVeel hoogopgeleiden \x01."}).json()
    finding = answer["findings"][0]
    assert answer["text"][finding["start"] : finding["end"]] == "hoogopgeleiden"
    bad = client.post("/api/check", content=b'{"text": "\\ud800 x"}', headers={"content-type": "application/json"})
    assert bad.status_code == 400 and "ongeldige tekens" in bad.json()["error"]


def test_annotate_summary_when_the_first_paragraph_is_empty(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Koptekst met hoogopgeleiden"
    document.add_paragraph("")
    document.add_paragraph("Gewone tekst.")
    source = tmp_path / "a.docx"
    document.save(str(source))
    result = CliRunner().invoke(main, ["annotate", str(source), "-o", str(tmp_path / "b.docx")])
    assert "1 opmerking in " in result.output
    comments = [c.text for c in docx.Document(str(tmp_path / "b.docx")).comments]
    assert len(comments) == 1 and "koptekst" in comments[0]


def test_fix_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    target = tmp_path / "echt.txt"
    target.write_text("Veel mbo-leerlingen.\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    CliRunner().invoke(main, ["check", "--fix", str(link)])
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "Veel mbo-studenten.\n"
    assert io.StringIO(target.read_text(encoding="utf-8")).read().count("mbo-studenten") == 1


def test_visible_text_in_a_markdown_html_block(linter: Linter) -> None:
    text = (
        '# Kop\n\n<div class="x">\nVeel laagopgeleiden in een div.\n'
        "<script>var t = 'hoogopgeleiden';</script>\n</div>\n"
    )
    assert texts(linter, "t.md", text.encode()) == ["laagopgeleiden"]


def test_nested_configuration_applies_when_a_folder_is_walked(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".waardetaal.toml").write_text('ignore = ["utrecht.hoog-laag-opgeleid"]\n', encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text("Hoogopgeleiden.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Hoogopgeleiden.", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path)])
    found = {Path(f["path"]).name: len(f["findings"]) for f in json.loads(result.stdout)["files"]}
    assert found == {"b.txt": 1, "a.txt": 0}


def test_a_term_after_a_non_level_hyphen_prefix_is_still_found() -> None:
    assert [f.text for f in lint_text("Ook niet-hoogopgeleiden doen mee.")] == ["hoogopgeleiden"]
