"""Word comments anchored on exactly the flagged words; the original stays unchanged."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from click.testing import CliRunner
from tests import documents

from waardetaal.cli import main


def anchored(document: docx.document.Document) -> dict[int, str]:
    """Comment id -> the text between its range markers."""
    xml = document.element.body.xml
    found = {}
    for match in re.finditer(r'<w:commentRangeStart w:id="(\d+)"/>(.*?)<w:commentRangeEnd w:id="\1"/>', xml, re.S):
        found[int(match[1])] = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", match[2]))
    return found


def make_formatted_docx() -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph("Wij zoeken ")
    bold = paragraph.add_run("hoogopgeleide")
    bold.bold = True
    paragraph.add_run(" collega’s met HBO/WO werk- en denkniveau.")
    document.add_paragraph("Een <script>alert(1)</script> in de tekst met mbo-leerlingen.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_annotate_command_anchors_comments_and_keeps_the_original(tmp_path: Path) -> None:
    source = tmp_path / "vacature.docx"
    source.write_bytes(make_formatted_docx())
    before = source.read_bytes()
    result = CliRunner().invoke(main, ["annotate", str(source), "-o", str(tmp_path / "nagekeken.docx")])
    assert result.exit_code == 0, result.output
    assert source.read_bytes() == before
    annotated = docx.Document(str(tmp_path / "nagekeken.docx"))
    comments = {c.comment_id: c.text for c in annotated.comments}
    ranges = anchored(annotated)
    assert sorted(ranges.values()) == ["HBO/WO werk- en denkniveau", "hoogopgeleide", "mbo-leerlingen"]
    for comment_id, words in ranges.items():
        assert words in comments[comment_id] and "Bron: Gemeente Utrecht" in comments[comment_id]
    first = annotated.paragraphs[0]
    assert first.text == "Wij zoeken hoogopgeleide collega’s met HBO/WO werk- en denkniveau."
    assert [run.text for run in first.runs if run.bold] == ["hoogopgeleide"]
    assert "<script>alert(1)</script>" in annotated.paragraphs[1].text


def test_findings_outside_the_body_are_listed_in_one_comment(tmp_path: Path) -> None:
    source = tmp_path / "vacature.docx"
    source.write_bytes(documents.make_docx())
    CliRunner().invoke(main, ["annotate", str(source), "-o", str(tmp_path / "uit.docx")])
    comments = [c.text for c in docx.Document(str(tmp_path / "uit.docx")).comments]
    summary = next(text for text in comments if text.startswith("Ook buiten de hoofdtekst"))
    assert "koptekst" in summary and "voetnoot" in summary and "voettekst" in summary


def test_annotate_refuses_to_overwrite_the_original(tmp_path: Path) -> None:
    source = tmp_path / "vacature.docx"
    source.write_bytes(make_formatted_docx())
    result = CliRunner().invoke(main, ["annotate", str(source), "-o", str(source)])
    assert result.exit_code == 2 and "nooit overschreven" in result.stderr
