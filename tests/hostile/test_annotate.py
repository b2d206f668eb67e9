"""Hostile Word files and output paths for ``annotate``: Dutch errors, no lost original, linear time, sound XML."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml import parse_xml
from lxml import etree
from tests.hostile.bounded import assert_clean_exit, run_bounded

from waardetaal import annotate
from waardetaal.annotate import annotate_docx
from waardetaal.cli import main
from waardetaal.linter import Linter

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_NS = f'xmlns:w="{W}"'
NS = {"w": W}


def saved(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def simple_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Wij zoeken hoogopgeleide collega’s.")
    return saved(document)


def with_header_dtd() -> bytes:
    """A header part that declares an entity in a DTD and uses it."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Koptekst ENTITEIT"
    document.add_paragraph("Wij zoeken hoogopgeleiden.")
    original = zipfile.ZipFile(io.BytesIO(saved(document)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as copy:
        for name in original.namelist():
            data = original.read(name)
            if name.startswith("word/header"):
                text = data.decode("utf-8")
                end = text.index("?>") + 2
                text = text[:end] + '<!DOCTYPE w:hdr [<!ENTITY x "hoogopgeleiden">]>' + text[end:]
                data = text.replace("ENTITEIT", "&x;").encode("utf-8")
            copy.writestr(name, data)
    return buffer.getvalue()


def body_xml(data: bytes) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def paragraph_texts(data: bytes) -> list[str]:
    return ["".join(p.itertext()) for p in body_xml(data).iter(f"{{{W}}}p")]


def test_a_dtd_in_a_header_is_a_dutch_error(tmp_path: Path) -> None:
    source = tmp_path / "koptekst.docx"
    source.write_bytes(with_header_dtd())
    ran = run_bounded("annotate", source, "-o", tmp_path / "uit.docx")
    assert_clean_exit(ran, 2)
    assert "bevat een DTD" in ran.stderr and "niet nagekeken" in ran.stderr
    assert not (tmp_path / "uit.docx").exists()


def test_a_missing_output_folder_is_a_dutch_error(tmp_path: Path) -> None:
    source = tmp_path / "vacature.docx"
    source.write_bytes(simple_docx())
    result = CliRunner().invoke(main, ["annotate", str(source), "-o", str(tmp_path / "nergens" / "uit.docx")])
    assert result.exit_code == 2, result.output
    assert "bestaat niet: niets geschreven" in result.stderr


def test_a_hard_link_of_the_original_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "vacature.docx"
    source.write_bytes(simple_docx())
    before = source.read_bytes()
    os.link(source, tmp_path / "koppeling.docx")
    result = CliRunner().invoke(main, ["annotate", str(source), "-o", str(tmp_path / "koppeling.docx")])
    assert result.exit_code == 2 and "het origineel wordt nooit overschreven" in result.stderr
    assert source.read_bytes() == before


def test_a_failed_write_leaves_the_old_output_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "vacature.docx"
    source.write_bytes(simple_docx())
    output = tmp_path / "uit.docx"
    output.write_bytes(b"vorige versie")

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(annotate.os, "replace", full_disk)
    result = CliRunner().invoke(main, ["annotate", str(source), "-o", str(output)])
    assert result.exit_code == 2 and "niet schrijven" in result.stderr and "niets geschreven" in result.stderr
    assert output.read_bytes() == b"vorige versie"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uit.docx", "vacature.docx"]  # no temporary left


def many_findings(count: int, per_paragraph: int) -> bytes:
    document = docx.Document()
    for number in range(count // per_paragraph):
        paragraph = document.add_paragraph()
        for _ in range(per_paragraph):
            paragraph.add_run(f"Veel hoogopgeleiden {number} ")
            paragraph.add_run("werken hier. ").bold = True
    return saved(document)


@pytest.mark.parametrize("per_paragraph", [1, 0], ids=["alinea-per-bevinding", "alles-in-een-alinea"])
def test_annotating_grows_linearly_with_the_findings(linter: Linter, per_paragraph: int) -> None:
    def seconds(count: int) -> float:
        data = many_findings(count, per_paragraph or count)
        began = time.perf_counter()
        _, comments = annotate_docx(data, linter)
        assert comments == count
        return time.perf_counter() - began

    seconds(200)  # warm up the engine
    small, large = seconds(1200), seconds(4800)
    assert large < 8 * small, (small, large)  # linear is 4x; the quadratic code took 16x and more


def test_4800_findings_annotate_within_the_bounds(tmp_path: Path) -> None:
    source = tmp_path / "veel.docx"
    source.write_bytes(many_findings(4800, 1))
    ran = run_bounded("annotate", source, "-o", tmp_path / "uit.docx")
    assert_clean_exit(ran, 0)
    assert "4800 opmerkingen in " in ran.stdout


def field(instruction: str, result: str) -> list[str]:
    return [
        f'<w:r {W_NS}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {W_NS}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
        f'<w:r {W_NS}><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {W_NS}><w:t>{result}</w:t></w:r>",
        f'<w:r {W_NS}><w:fldChar w:fldCharType="end"/></w:r>',
    ]


def test_a_comment_on_a_field_result_goes_around_the_whole_field(linter: Linter) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Zie ")
    for xml in field("REF kop \\h", "de kop over hoogopgeleiden"):
        paragraph._p.append(parse_xml(xml))
    simple = document.add_paragraph("En ")
    simple._p.append(
        parse_xml(f'<w:fldSimple {W_NS} w:instr=" REF kop "><w:r><w:t>laagopgeleiden</w:t></w:r></w:fldSimple>')
    )
    original = saved(document)
    annotated, comments = annotate_docx(original, linter)
    assert comments == 2
    assert paragraph_texts(annotated) == paragraph_texts(original)
    first, second = list(body_xml(annotated).iter(f"{{{W}}}p"))[:2]
    children = list(first)
    begin = next(i for i, c in enumerate(children) if c.find("w:fldChar[@w:fldCharType='begin']", NS) is not None)
    end = next(i for i, c in enumerate(children) if c.find("w:fldChar[@w:fldCharType='end']", NS) is not None)
    assert children[begin - 1].tag == f"{{{W}}}commentRangeStart"
    assert children[end + 1].tag == f"{{{W}}}commentRangeEnd"
    assert children[end + 2].find("w:commentReference", NS) is not None
    marks = ("commentRangeStart", "commentRangeEnd", "commentReference")
    assert not [
        c
        for c in children[begin:end]
        if etree.QName(c).localname in marks or c.find(".//w:commentReference", NS) is not None
    ]
    assert [etree.QName(c).localname for c in second][-3:] == ["fldSimple", "commentRangeEnd", "r"]
    assert second.find("w:fldSimple", NS).getprevious().tag == f"{{{W}}}commentRangeStart"
    assert second.find("w:fldSimple//w:commentRangeStart", NS) is None


def test_a_comment_in_a_content_control_keeps_its_paragraph(linter: Linter) -> None:
    document = docx.Document()
    document.add_paragraph("Vooraf.")
    block = parse_xml(
        f"<w:sdt {W_NS}><w:sdtPr><w:alias w:val='Blok'/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t xml:space='preserve'>In het blok: hoogopgeleiden gezocht.</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    document.element.body.insert(1, block)
    document.add_paragraph("Daarna.")
    original = saved(document)
    annotated, comments = annotate_docx(original, linter)
    assert comments == 1
    assert paragraph_texts(annotated) == paragraph_texts(original)
    opening = body_xml(annotated).find(".//w:sdtContent/w:p", NS)
    # LibreOffice reads this paragraph as a form field and drops its text when a comment mark is in it.
    assert opening.find("w:commentReference", NS) is None and opening.find(".//w:commentReference", NS) is None
    start = opening.find("w:commentRangeStart", NS)
    assert start is not None and "".join(start.getnext().itertext()) == "hoogopgeleiden"
    after = body_xml(annotated).find("w:body/w:sdt", NS).getnext()
    assert [etree.QName(c).localname for c in after][:3] == ["pPr", "commentRangeEnd", "r"] or [
        etree.QName(c).localname for c in after
    ][:2] == ["commentRangeEnd", "r"]
