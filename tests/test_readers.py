"""Readers on real files made by their libraries: exact findings and locations."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests import documents

from waardetaal import Linter
from waardetaal.cli import main
from waardetaal.readers import ReadingHints
from waardetaal.sources import Document, extract, read_document, walk


def findings(linter: Linter, document: Document) -> list[tuple[str, object]]:
    assert document.error is None and document.text is not None, document.error
    return [(f.text, f.location) for f in linter.lint(document.text, document.positions)]


def test_docx_body_table_header_footnote_text_box_and_footer(linter: Linter) -> None:
    document = extract("vacature.docx", documents.make_docx(), ".docx")
    assert findings(linter, document) == [
        ("hbo-denkniveau", {"part": "koptekst", "paragraph": 1}),
        ("hoogopgeleide", {"part": "tekstvak", "paragraph": 3}),
        ("HBO/WO werk- en denkniveau", {"paragraph": 7, "table": 1, "row": 2, "column": 2}),
        ("hoogopgeleiden", {"paragraph": 9}),
        ("mbo-leerlingen", {"part": "voetnoot", "paragraph": 1}),
        ("laagopgeleide", {"part": "voettekst", "paragraph": 1}),
    ]


def test_odt_body_list_table_header_footnote_and_text_box(linter: Linter) -> None:
    document = extract("nota.odt", documents.make_odt(), ".odt")
    assert findings(linter, document) == [
        ("werk- en denkniveau", {"part": "koptekst", "paragraph": 1}),
        ("mbo-leerlingen", {"paragraph": 3}),
        ("hoogopgeleid", {"paragraph": 7, "table": 1, "row": 2, "column": 2}),
        ("praktisch opgeleiden", {"part": "tekstvak", "paragraph": 8}),
        ("laagopgeleiden", {"part": "voetnoot", "paragraph": 1}),
    ]
    assert "De raad sprak over stages voor studenten." in (document.text or "")


def test_pdf_pages_columns_hyphenation_and_ligatures(linter: Linter) -> None:
    hints = ReadingHints(linter.catalog.line_end_hyphens)  # as the checker reads a file for its rule sets
    document = extract("rapport.pdf", documents.make_pdf(), ".pdf", hints)
    assert findings(linter, document) == [
        ("hoogopgeleiden", {"page": 2}),
        ("HBO werk- en denkniveau", {"page": 2}),
        ("praktisch opgeleiden", {"page": 3}),
    ]
    text = document.text or ""
    assert "financiering" in text and "mbo-studenten" in text
    assert text.index("Linkerkolom") < text.index("Rechterkolom")


def test_text_format_shows_paragraph_and_page(tmp_path: Path) -> None:
    (tmp_path / "vacature.docx").write_bytes(documents.make_docx())
    (tmp_path / "rapport.pdf").write_bytes(documents.make_pdf())
    output = CliRunner().invoke(main, ["check", str(tmp_path)]).output
    assert f"{tmp_path / 'rapport.pdf'}:p.2: warning utrecht.hoog-laag-opgeleid" in output
    assert f"{tmp_path / 'vacature.docx'}:¶9: warning utrecht.hoog-laag-opgeleid" in output
    assert f"{tmp_path / 'vacature.docx'}:¶7 (tabel 1, rij 2, kolom 2): warning utrecht.werk-en-denkniveau" in output
    assert f"{tmp_path / 'vacature.docx'}:voetnoot ¶1: warning utrecht.mbo-leerling" in output


def test_json_has_location_and_consistent_text(tmp_path: Path) -> None:
    (tmp_path / "rapport.pdf").write_bytes(documents.make_pdf())
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path / "rapport.pdf")])
    finding = json.loads(result.output)["files"][0]["findings"][0]
    assert finding["location"] == {"page": 2}
    checked = extract("rapport.pdf", documents.make_pdf(), ".pdf").text or ""
    assert checked[finding["start"] : finding["end"]] == finding["text"] == "hoogopgeleiden"


HTML = """<!DOCTYPE html>
<html lang="nl"><head><title>hoogopgeleiden</title>
<style>p::before { content: "laagopgeleiden"; }</style>
<script>const tekst = "mbo-leerlingen";</script></head>
<body>
<h1>Vacature</h1><p>Wij zoeken <em>hoog</em>opgeleide collega&#39;s</p><p>hoog&shy;opgeleid</p>
<img alt="laagopgeleiden" src="x.png"><!-- hoogopgeleiden -->
<ul><li>laag</li><li>opgeleid</li></ul>
<p title="mbo-leerlingen">Met &amp; voor mbo&#8209;leerlingen</p>
</body></html>
"""


def test_html_visible_text_mapped_to_the_source(linter: Linter) -> None:
    document = extract("pagina.html", HTML.encode(), ".html")
    assert document.text is not None and document.positions is not None
    found = linter.lint(document.text, document.positions)
    assert [f.text for f in found] == ["hoogopgeleide", "hoog\u00adopgeleid", "mbo\u2011leerlingen"]
    lines = HTML.splitlines()
    first, second, third = found
    assert (first.line, first.column) == (6, lines[5].index("hoog</em>") + 1)
    assert (second.line, second.column) == (6, lines[5].index("hoog&shy;") + 1)
    assert lines[second.end_line - 1][: second.end_column - 1].endswith("hoog&shy;opgeleid")
    assert (third.line, third.column) == (9, lines[8].index("mbo&#8209;") + 1)


def test_markdown_positions_are_the_files(linter: Linter) -> None:
    text = "# Kop\n\n    hoogopgeleiden in code\n\n- Een lijst met `laagopgeleiden` en hoogopgeleiden\n"
    document = extract("tekst.md", text.encode(), ".md")
    found = linter.lint(document.text or "", document.positions)
    assert [(f.text, f.line, f.column) for f in found] == [("hoogopgeleiden", 5, 37)]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"Veel hoogopgeleiden.", "utf-8"),
        ("\ufeffVeel hoogopgeleiden.".encode(), "utf-8"),
        ("Veel hoogopgeleiden.".encode("utf-16"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + "Veel hoogopgeleiden.".encode("utf-16-be"), "utf-16-be"),
        ("Efficiënt: ‘veel’ hoogopgeleiden – € 5.".encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_round_trip(linter: Linter, data: bytes, encoding: str) -> None:
    document = extract("tekst.txt", data, ".txt")
    assert document.source is not None and document.source.encoding == encoding
    assert document.source.encode(document.source.text) == data
    assert [f.text for f in linter.lint(document.text or "")] == ["hoogopgeleiden"]


def _half(data: bytes) -> bytes:
    """A document cut off halfway, as an interrupted download leaves it."""
    return data[: len(data) // 2]


BAD_INPUTS = {
    "afgebroken.docx": (lambda: _half(documents.make_docx()), "geen geldig Word-bestand"),
    "bom.docx": (lambda: documents.make_zip_bomb_docx(300 * 2**20), "zou uitpakken tot 300 MB"),
    "oud.docx": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "versleuteld of in het oude formaat"),
    "versleuteld.pdf": (documents.make_encrypted_pdf, "versleutelde PDF"),
    "scan.pdf": (documents.make_image_only_pdf, "PDF zonder tekstlaag"),
    "ruis.pdf": (lambda: os.urandom(5000), "beschadigde of ongeldige PDF"),
    "leeg.md": (lambda: b"", "leeg bestand"),
    "ongeldig.txt": (lambda: b"hoog\xc3\x28opgeleid", "ongeldige UTF-8-tekst"),
    "binair.txt": (lambda: b"\x00\x01\x02" * 100, "binair bestand"),
    "kapot.odt": (lambda: _half(documents.make_odt()), "geen geldig OpenDocument-tekst"),
    "geen-zip.odt": (lambda: b"dit is geen zip", "geen geldig OpenDocument-tekst"),
}


def test_bad_inputs_give_their_message_and_the_run_goes_on(tmp_path: Path) -> None:
    for name, (make, _) in BAD_INPUTS.items():
        (tmp_path / name).write_bytes(make())
    (tmp_path / "goed.txt").write_text("De mbo-leerlingen.", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path)])
    assert result.exit_code == 2
    files = {Path(f["path"]).name: f for f in json.loads(result.output)["files"]}
    for name, (_, message) in BAD_INPUTS.items():
        assert message in (files[name]["error"] or ""), (name, files[name]["error"])
        assert "\n" not in files[name]["error"]
    assert [f["text"] for f in files["goed.txt"]["findings"]] == ["mbo-leerlingen"]
    text = CliRunner().invoke(main, ["check", str(tmp_path)]).output
    assert f"{tmp_path / 'versleuteld.pdf'}: error: versleutelde PDF" in text


def test_a_50_mb_text_file_is_checked(tmp_path: Path) -> None:
    line = "Dit is een gewone zin over de gemeente, haar inwoners en hun werk.\n"
    big = tmp_path / "groot.txt"
    with big.open("w", encoding="utf-8") as handle:
        for _ in range(50 * 2**20 // len(line) // 2):
            handle.write(line)
        handle.write("Het aandeel hoogopgeleiden.\n")
        for _ in range(50 * 2**20 // len(line) // 2):
            handle.write(line)
    assert big.stat().st_size > 50_000_000
    result = CliRunner().invoke(main, ["check", "--format", "json", str(big)])
    document = json.loads(result.output)
    assert [f["text"] for f in document["files"][0]["findings"]] == ["hoogopgeleiden"]


def test_walk_skips_hidden_ignored_and_excluded_and_survives_symlink_loops(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("genegeerd/\n*.log.md\n", encoding="utf-8")
    for name in ("a.md", "b.docx", "genegeerd/c.md", "x.log.md", ".verborgen/d.md", "concept/e.txt", "f.png", "g.html"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("tekst", encoding="utf-8")
    (tmp_path / "lus").symlink_to(tmp_path, target_is_directory=True)
    found = [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path, exclude=["concept/*"])]
    assert found == ["a.md", "b.docx", "g.html"]


def test_unreadable_paths_are_reported_in_dutch(tmp_path: Path) -> None:
    assert read_document(str(tmp_path)).error == "is een map, geen bestand"
    assert read_document(str(tmp_path / "weg.txt")).error == "bestand of map bestaat niet"
