"""Inline suppression in Markdown, HTML and plain text; unused suppressions."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from waardetaal.cli import main


def findings_of(path: Path, *options: str) -> list[tuple[str, str, int]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *options, str(path)])
    return [(f["rule"], f["text"], f["line"]) for f in json.loads(result.output)["files"][0]["findings"]]


MARKDOWN = """# Nota

<!-- waardetaal: negeer-volgende utrecht.hoger-onderwijs -- naam van een wet -->
Het hoger onderwijs kent een eigen wet. Daarna weer hoger onderwijs.

Een citaat over hoogopgeleiden. <!-- waardetaal: negeer-regel utrecht.hoog-laag-opgeleid -- citaat -->
<!-- waardetaal: negeer-regel -->
Ook hier mbo-leerlingen, maar niet gemeld.

<!-- waardetaal: uit utrecht.ladder -- uit een oud rapport -->
Opstromen en afstromen.
<!-- waardetaal: aan utrecht.ladder -->
Opstromen telt weer.

Laagopgeleiden blijven gemeld.
"""


def test_markdown_occurrence_line_block(tmp_path: Path) -> None:
    path = tmp_path / "nota.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    assert findings_of(path) == [
        ("utrecht.hoger-onderwijs", "hoger onderwijs", 4),
        ("utrecht.ladder", "Opstromen", 13),
        ("utrecht.hoog-laag-opgeleid", "Laagopgeleiden", 15),
    ]


def test_whole_file_in_html_and_plain_text(tmp_path: Path) -> None:
    html = tmp_path / "pagina.html"
    html.write_text(
        "<!-- waardetaal: negeer-bestand utrecht.hoog-laag-opgeleid -- historische pagina -->\n"
        "<p>Hoogopgeleiden en mbo-leerlingen.</p>\n",
        encoding="utf-8",
    )
    assert findings_of(html) == [("utrecht.mbo-leerling", "mbo-leerlingen", 2)]
    text = tmp_path / "brief.txt"
    text.write_text(
        "# waardetaal: negeer-bestand -- brief uit 2010\nHoogopgeleiden en mbo-leerlingen.\n", encoding="utf-8"
    )
    assert findings_of(text) == []


def test_plain_text_marker_lines(tmp_path: Path) -> None:
    text = tmp_path / "notitie.txt"
    text.write_text(
        "[waardetaal: negeer-regel utrecht.hoog-laag-opgeleid]\nHoogopgeleiden.\nLaagopgeleiden.\n"
        "waardetaal: uit\nmbo-leerlingen\nwaardetaal: aan\nmbo-leerlingen\n",
        encoding="utf-8",
    )
    assert findings_of(text) == [
        ("utrecht.hoog-laag-opgeleid", "Laagopgeleiden", 3),
        ("utrecht.mbo-leerling", "mbo-leerlingen", 7),
    ]


def test_unused_suppressions_are_reported_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "nota.md"
    path.write_text(
        "<!-- waardetaal: negeer-regel utrecht.ladder -->\nGeen term hier.\n"
        "<!-- waardetaal: overslaan -->\nHoogopgeleiden.\n",
        encoding="utf-8",
    )
    assert [rule for rule, _, _ in findings_of(path)] == ["utrecht.hoog-laag-opgeleid"]
    unused = findings_of(path, "--report-unused-suppressions")
    assert unused == [
        ("waardetaal.ongebruikte-onderdrukking", "", 1),
        ("waardetaal.ongebruikte-onderdrukking", "", 3),
        ("utrecht.hoog-laag-opgeleid", "Hoogopgeleiden", 4),
    ]
    text = CliRunner().invoke(main, ["check", "--report-unused-suppressions", str(path)]).output
    assert "onbekende actie" in text and "onderdrukt niets" in text


def test_directives_inside_code_do_not_count(tmp_path: Path) -> None:
    path = tmp_path / "uitleg.md"
    path.write_text(
        "Zo schrijf je het:\n\n```markdown\n<!-- waardetaal: negeer-bestand -->\n```\n\n"
        "Of inline `<!-- waardetaal: negeer-bestand -->`.\n\nHoogopgeleiden.\n",
        encoding="utf-8",
    )
    assert findings_of(path) == [("utrecht.hoog-laag-opgeleid", "Hoogopgeleiden", 9)]
