"""Small documents that would take gigabytes: what is extracted from .docx, .odt and .pdf is bounded."""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from tests.hostile.bounded import assert_clean_exit, run_bounded

import documents
from waardetaal.limits import MAX_FINDINGS, MAX_PDF_PAGES
from waardetaal.linter import TOO_MANY_RULE, default_linter
from waardetaal.readers import ReadError
from waardetaal.readers.docx import read_docx
from waardetaal.readers.pdf import page_texts

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ODT_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:text>{}</office:text></office:body></office:document-content>"
)
MANIFEST = (
    '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def _odt(paragraphs: str) -> bytes:
    """An .odt zipped by hand, since odfpy writes no hostile attribute values."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", ODT_CONTENT.format(paragraphs))
    return buffer.getvalue()


def _docx_with_body(body: bytes, repeat: int = 1, prologue: bytes = b"") -> bytes:
    """A real .docx (python-docx) whose document part is replaced by ``body`` repeated, streamed into the zip."""
    original = zipfile.ZipFile(io.BytesIO(documents.make_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info, original.read(info.filename))
                continue
            with archive.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(prologue + f'<w:document xmlns:w="{W_NS}"><w:body>'.encode())
                for _ in range(repeat):
                    part.write(body)
                part.write(b"</w:body></w:document>")
    return buffer.getvalue()


def _pdf(content: bytes, pages: int = 1, spaces: int = 0) -> bytes:
    """A PDF written by hand: ``pages`` pages sharing one Flate-compressed content stream, with an xref.

    ``spaces`` trailing spaces are compressed a mebibyte at a time, so a gigabyte stream costs no gigabyte here.
    """
    packer = zlib.compressobj(9)
    chunk = b" " * 2**20
    stream = packer.compress(content) + b"".join(packer.compress(chunk) for _ in range(spaces // len(chunk)))
    stream += packer.flush()
    kids = " ".join(f"{5 + page} 0 R" for page in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>"
    )
    objects += [page] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _files(ran_stdout: str) -> dict[str, dict[str, object]]:
    return {Path(str(f["path"])).name: f for f in json.loads(ran_stdout)["files"]}


def _with_normal_file(tmp_path: Path) -> Path:
    normal = tmp_path / "gewoon.txt"
    normal.write_text("Veel hoogopgeleiden wonen in de stad.\n", encoding="utf-8")
    return normal


def test_an_odt_space_run_of_two_billion_is_clamped_and_checked(tmp_path: Path) -> None:
    # Was 11.5 GB and 63 s: <text:s text:c="2000000000"/> built two billion spaces.
    hostile = tmp_path / "spaties.odt"
    hostile.write_bytes(_odt('<text:p>Veel<text:s text:c="2000000000"/>hoogopgeleiden.</text:p>'))
    assert hostile.stat().st_size < 2000
    ran = run_bounded("check", "--format", "json", hostile, _with_normal_file(tmp_path))
    assert_clean_exit(ran, 1)
    files = _files(ran.stdout)
    assert files["spaties.odt"]["error"] is None
    assert [f["text"] for f in files["spaties.odt"]["findings"]] == ["hoogopgeleiden"]  # type: ignore[attr-defined]
    assert [f["text"] for f in files["gewoon.txt"]["findings"]] == ["hoogopgeleiden"]  # type: ignore[attr-defined]


def test_a_docx_just_under_the_zip_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    # Was 6.7 GB: 250 MB of paragraphs unpacked from 800 KB, parsed whole by python-docx.
    hostile = tmp_path / "alinea's.docx"
    hostile.write_bytes(_docx_with_body(b"<w:p><w:r><w:t>hoogopgeleiden</w:t></w:r></w:p>" * 1000, repeat=5000))
    assert hostile.stat().st_size < 1_000_000
    ran = run_bounded("check", "--format", "json", hostile, _with_normal_file(tmp_path))
    assert_clean_exit(ran, 2)
    files = _files(ran.stdout)
    assert files["alinea's.docx"]["error"] == "meer dan 1.000.000 XML-tags: te groot om te lezen, niet gecontroleerd"
    assert [f["text"] for f in files["gewoon.txt"]["findings"]] == ["hoogopgeleiden"]  # type: ignore[attr-defined]


def test_a_pdf_with_a_million_text_operators_is_refused(tmp_path: Path) -> None:
    # Was 3.5 GB and 146 s (PDFium ends the process when memory runs out).
    hostile = tmp_path / "operatoren.pdf"
    hostile.write_bytes(_pdf(b"BT /F1 12 Tf 72 720 Td\n" + b"(a) Tj\n" * 1_000_000 + b"ET\n"))
    assert hostile.stat().st_size < 60_000
    ran = run_bounded("check", "--format", "json", hostile, _with_normal_file(tmp_path))
    assert_clean_exit(ran, 2)
    files = _files(ran.stdout)
    assert files["operatoren.pdf"]["error"] == (
        "PDF te zwaar om te lezen (meer dan 384 MB geheugen nodig) of beschadigd: niet gecontroleerd"
    )
    assert [f["text"] for f in files["gewoon.txt"]["findings"]] == ["hoogopgeleiden"]  # type: ignore[attr-defined]


def test_a_pdf_with_a_one_gigabyte_stream_is_refused(tmp_path: Path) -> None:
    # Was 2 GB for a 1 MB file whose stream inflates to 1 GB; half of that shows it in half the time.
    hostile = tmp_path / "stroom.pdf"
    hostile.write_bytes(_pdf(b"BT /F1 12 Tf 72 720 Td (hoogopgeleiden) Tj ET\n", spaces=2**29))
    assert hostile.stat().st_size < 600_000
    ran = run_bounded("check", "--format", "json", hostile, _with_normal_file(tmp_path))
    assert_clean_exit(ran, 2)
    files = _files(ran.stdout)
    assert "PDF te zwaar om te lezen" in str(files["stroom.pdf"]["error"])
    assert [f["text"] for f in files["gewoon.txt"]["findings"]] == ["hoogopgeleiden"]  # type: ignore[attr-defined]


def test_docx_text_is_bounded_while_it_is_built() -> None:
    long_run = b"<w:p><w:r><w:t>" + b"woord " * 50_000 + b"</w:t></w:r></w:p>"  # 300,000 characters
    error = _read_error(lambda: read_docx(_docx_with_body(long_run, repeat=7)))
    assert error == "meer dan 2.000.000 tekens tekst: niet gecontroleerd"


def test_text_after_an_unresolved_entity_in_a_docx_is_kept() -> None:
    body = b"<w:p><w:r><w:t>Voor de groep&naam; hoogopgeleiden en anderen.</w:t></w:r></w:p>"
    prologue = b'<!DOCTYPE w:document [<!ENTITY naam "X">]>'
    text = read_docx(_docx_with_body(body, prologue=prologue)).text
    assert "Voor de groep&naam; hoogopgeleiden en anderen." in text


def test_pdf_pages_and_characters_per_page_are_bounded() -> None:
    many_pages = _pdf(b"BT /F1 12 Tf 72 720 Td (tekst) Tj ET\n", pages=MAX_PDF_PAGES + 1)
    assert _read_error(lambda: page_texts(many_pages)) == "meer dan 2.000 pagina's: niet gecontroleerd"
    dense = b"BT /F1 1 Tf 0 700 Td\n" + (b"(" + b"a" * 1000 + b") Tj\n") * 101 + b"ET\n"
    assert _read_error(lambda: page_texts(_pdf(dense))) == "pagina 1 heeft meer dan 100.000 tekens: niet gecontroleerd"


def test_findings_per_document_are_bounded_and_the_stop_is_reported() -> None:
    text = "Over hoogopgeleiden.\n\n" * (MAX_FINDINGS + 500)
    findings = default_linter().lint(text)
    assert len(findings) == MAX_FINDINGS + 1
    stop = findings[-1]
    assert stop.rule == TOO_MANY_RULE and stop.severity == "error"
    assert stop.message == "Meer dan 5.000 bevindingen: de rest van het document, vanaf hier, is niet gecontroleerd."
    assert text[stop.start : stop.end] == stop.text == "hoogopgeleiden"
    assert all(f.start < stop.start for f in findings[:-1])


def _read_error(read: Callable[[], object]) -> str:
    """The Dutch message of the ReadError that ``read`` raises."""
    try:
        read()
    except ReadError as error:
        return str(error)
    raise AssertionError("no ReadError")
