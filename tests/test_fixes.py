"""Safe fixes: byte-for-byte round trips, atomic writes, refusals, --diff."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests import documents

from waardetaal.cli import main
from waardetaal.fixes import WriteRefused, write_atomically
from waardetaal.sources import read_document

BEFORE = "Titel\r\n\r\nVeel hoogopgeleiden en mbo-leerlingen; een café.\r\nDe ‘hoogopgeleiden’ als term.\r\n"
AFTER = "Titel\r\n\r\nVeel hbo- en wo-opgeleiden en mbo-studenten; een café.\r\nDe ‘hoogopgeleiden’ als term.\r\n"


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (lambda text: text.encode("utf-8"), "crlf"),
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf8-bom"),
        (lambda text: text.replace("‘", "'").replace("’", "'").encode("cp1252"), "windows-1252"),
        (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf16-be"),
    ],
)
def test_fix_round_trips_byte_for_byte(tmp_path: Path, encode: object, name: str) -> None:
    path = tmp_path / f"{name}.txt"
    assert callable(encode)
    path.write_bytes(encode(BEFORE))
    result = CliRunner().invoke(main, ["check", "--fix", "--format", "json", str(path)])
    expected = AFTER if "windows" not in name else AFTER.replace("‘", "'").replace("’", "'")
    assert path.read_bytes() == encode(expected)
    remaining = json.loads(result.stdout)["files"][0]["findings"]
    assert [f["severity"] for f in remaining] == ["info"]  # the mention is reported, never rewritten
    assert result.exit_code == 0
    assert "2 hersteld in 1 bestand." in result.stderr
    assert not list(tmp_path.glob(".*.waardetaal"))  # no temporary file left behind


def test_fix_keeps_case_and_skips_rules_without_safe_fix(tmp_path: Path) -> None:
    path = tmp_path / "tekst.md"
    path.write_text("Hoogopgeleide medewerkers en laagopgeleiden. MBO-LEERLINGEN.\n", encoding="utf-8")
    CliRunner().invoke(main, ["check", "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == "Hbo- of wo-opgeleide medewerkers en laagopgeleiden. MBO-STUDENTEN.\n"


def test_fix_in_html_escapes_and_leaves_entities(tmp_path: Path) -> None:
    path = tmp_path / "pagina.html"
    path.write_text("<p>Voor hoogopgeleiden &amp; hoog&shy;opgeleiden.</p>\n", encoding="utf-8")
    CliRunner().invoke(main, ["check", "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == "<p>Voor hbo- en wo-opgeleiden &amp; hoog&shy;opgeleiden.</p>\n"


def test_diff_shows_the_change_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "tekst.txt"
    path.write_text("Veel hoogopgeleiden.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--diff", str(path)])
    assert path.read_text(encoding="utf-8") == "Veel hoogopgeleiden.\n"
    assert "-Veel hoogopgeleiden.\n+Veel hbo- en wo-opgeleiden.\n" in result.stdout
    assert result.exit_code == 1


def test_word_and_pdf_are_never_touched(tmp_path: Path) -> None:
    (tmp_path / "vacature.docx").write_bytes(documents.make_docx())
    (tmp_path / "rapport.pdf").write_bytes(documents.make_pdf())
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = CliRunner().invoke(main, ["check", "--fix", str(tmp_path)])
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert "hersteld" not in result.stdout  # nothing fixed: the closing line says nothing of fixing


def test_a_file_changed_since_it_was_read_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "tekst.txt"
    path.write_text("Veel hoogopgeleiden.\n", encoding="utf-8")
    document = read_document(str(path))
    path.write_text("Iemand anders schreef hier intussen.\n", encoding="utf-8")
    with pytest.raises(WriteRefused, match="gewijzigd sinds"):
        write_atomically(document, "Veel hbo- en wo-opgeleiden.\n")
    assert path.read_text(encoding="utf-8") == "Iemand anders schreef hier intussen.\n"


def test_a_suggestion_that_does_not_fit_the_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "oud.txt"
    path.write_bytes("Caf\xe9: hoogopgeleiden.\n".encode("latin-1"))
    document = read_document(str(path))
    with pytest.raises(WriteRefused, match="codering cp1252"):
        write_atomically(document, "Café: → pijl.\n")
