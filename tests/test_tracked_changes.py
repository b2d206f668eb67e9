"""Word back with tracked changes: accept all gives ``--fix``'s text, reject all the original, formatting kept."""

from __future__ import annotations

import copy
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from tests import documents

from waardetaal.annotate import AUTHOR, _kept_fixes, _Note, annotate_docx, track_changes_docx
from waardetaal.cli import main
from waardetaal.fixes import Edit, applied, planned_edits
from waardetaal.linter import Linter
from waardetaal.readers.docx import read_docx
from waardetaal.sources import extract
from waardetaal.web import work

_P, _R, _T, _B = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:b")
_INS, _DEL, _DEL_TEXT, _HYPERLINK, _RPR = qn("w:ins"), qn("w:del"), qn("w:delText"), qn("w:hyperlink"), qn("w:rPr")
URL = "https://www.utrecht.nl/werken"

# Whole entries only, so a term never straddles a hyperlink's edge; terms with and without a safe fix.
PLAIN = ["Wij zoeken", "collega’s", "met", "ervaring", "voor", "het team", "in Utrecht", "en"]
TERMS = ["hoogopgeleide", "hoogopgeleiden", "laagopgeleiden", "mbo-leerlingen", "HBO/WO werk- en denkniveau"]

# (character, bold, inside a hyperlink)
Character = tuple[str, bool, bool]


@dataclass(frozen=True)
class Segment:
    """Part of a generated paragraph: plain text split into runs at ``cuts``, or one hyperlinked run."""

    text: str
    cuts: tuple[int, ...] = ()
    bold: tuple[bool, ...] = (False,)
    link: bool = False


def build_docx(paragraphs: Sequence[Sequence[Segment]]) -> bytes:
    """A Word file of these paragraphs, each segment's runs bold as generated, links as w:hyperlink."""
    document = docx.Document()
    for segments in paragraphs:
        paragraph = document.add_paragraph()
        for segment in segments:
            edges = [0, *segment.cuts, len(segment.text)]
            pieces = [segment.text[a:b] for a, b in itertools.pairwise(edges)]
            if segment.link:
                relation = document.part.relate_to(URL, RT.HYPERLINK, is_external=True)
                link = OxmlElement("w:hyperlink", {qn("r:id"): relation})
                paragraph._p.append(link)
                link.append(_run(pieces[0], segment.bold[0]))
                continue
            for index, piece in enumerate(pieces):
                paragraph._p.append(_run(piece, segment.bold[index % len(segment.bold)]))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _run(text: str, bold: bool) -> etree._Element:
    run = OxmlElement("w:r")
    if bold:
        etree.SubElement(etree.SubElement(run, _RPR), _B)
    words = etree.SubElement(run, _T, {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
    words.text = text
    return run


def accepted(body: etree._Element) -> etree._Element:
    """A copy of the body with every tracked change accepted: deletions dropped, insertions unwrapped."""
    copied = copy.deepcopy(body)
    for deletion in list(copied.iter(_DEL)):
        _drop(deletion)
    for insertion in list(copied.iter(_INS)):
        _unwrap(insertion)
    return copied


def rejected(body: etree._Element) -> etree._Element:
    """A copy of the body with every tracked change rejected: insertions dropped, deletions unwrapped."""
    copied = copy.deepcopy(body)
    for insertion in list(copied.iter(_INS)):
        _drop(insertion)
    for deletion in list(copied.iter(_DEL)):
        _unwrap(deletion)
    for text in copied.iter(_DEL_TEXT):
        text.tag = _T
    return copied


def _drop(element: etree._Element) -> None:
    parent = element.getparent()
    assert parent is not None
    parent.remove(element)


def _unwrap(element: etree._Element) -> None:
    for child in list(element):
        element.addprevious(child)
    _drop(element)


def characters(paragraph: etree._Element) -> list[Character]:
    """Each character of the paragraph with its formatting: bold, in a hyperlink."""
    found: list[Character] = []
    for run in paragraph.iter(_R):
        link = any(ancestor.tag == _HYPERLINK for ancestor in run.iterancestors())
        bold = run.find(f"{_RPR}/{_B}") is not None
        for text in run.iter(_T):
            found += [(char, bold, link) for char in text.text or ""]
    return found


def texts(body: etree._Element) -> list[str]:
    return ["".join(char for char, *_ in characters(paragraph)) for paragraph in body.iter(_P)]


def expected_after_accepting(original: list[Character], edits: Sequence[tuple[int, int, str]]) -> list[Character]:
    """The original characters with each fix in place, in the formatting of the first character it replaces."""
    result = list(original)
    for start, end, fix in sorted(edits, reverse=True):
        _, bold, link = original[start]
        result[start:end] = [(char, bold, link) for char in fix]
    return result


def fix_edits(linter: Linter, paragraphs: Sequence[str]) -> tuple[list[str], dict[int, list[tuple[int, int, str]]]]:
    """``check --fix``'s text for the paragraphs as a .txt file, and its edits by paragraph, in paragraph offsets."""
    document = extract("tekst.txt", "\n\n".join(paragraphs).encode(), ".txt")
    assert document.text is not None and document.source is not None
    edits = planned_edits(document, linter.lint(document.text, document.positions))
    new_text, count = applied(document.source.text, edits)
    assert count == len(edits), "the generated vocabulary makes no overlapping fixes"
    by_paragraph: dict[int, list[tuple[int, int, str]]] = {}
    offset = 0
    for index, paragraph in enumerate(paragraphs):
        for edit in edits:
            if offset <= edit.start < offset + len(paragraph):
                by_paragraph.setdefault(index, []).append((edit.start - offset, edit.end - offset, edit.replacement))
        offset += len(paragraph) + 2
    return new_text.split("\n\n"), by_paragraph


def _segment(draw: st.DrawFn) -> Segment:
    words = draw(st.lists(st.sampled_from(PLAIN + TERMS), min_size=1, max_size=4))
    text = " ".join(words) + " "
    if draw(st.booleans()) and len(words) == 1:
        return Segment(text, bold=(draw(st.booleans()),), link=True)
    cuts = tuple(sorted(draw(st.sets(st.integers(1, len(text) - 1), max_size=3))))
    return Segment(text, cuts, tuple(draw(st.lists(st.booleans(), min_size=1, max_size=4))))


@st.composite
def paragraph_lists(draw: st.DrawFn) -> list[list[Segment]]:
    """One to three paragraphs of plain and bold runs, hyperlinks and terms, with runs cut inside the terms."""
    paragraphs = []
    for _ in range(draw(st.integers(1, 3))):
        segments = [_segment(draw) for _ in range(draw(st.integers(1, 4)))]
        paragraphs.append([*segments, Segment("Einde.")])  # a link never ends the paragraph
    return paragraphs


def assert_revisions_by_waardetaal(body: etree._Element) -> None:
    for revision in body.iter(_INS, _DEL):
        assert revision.get(qn("w:author")) == AUTHOR and revision.get(qn("w:date"))
    for deletion in body.iter(_DEL):
        assert not list(deletion.iter(_T)) and list(deletion.iter(_DEL_TEXT)), "deleted text is w:delText"
    for insertion in body.iter(_INS):
        deletion = insertion.getprevious()
        assert deletion is not None and deletion.tag == _DEL, "each insertion follows its deletion"
        kept = deletion[0].find(_RPR)
        given_to = insertion.find(f"{_R}/{_RPR}")
        assert (kept is None) == (given_to is None)
        if kept is not None and given_to is not None:
            assert etree.tostring(kept) == etree.tostring(given_to), "the insertion keeps the run's formatting"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraph_lists())
def test_accepting_gives_the_fix_and_rejecting_the_original(linter: Linter, paragraphs: list[list[Segment]]) -> None:
    data = build_docx(paragraphs)
    original = docx.Document(io.BytesIO(data)).element.body
    before = [characters(paragraph) for paragraph in original.iter(_P)]
    plain = ["".join(char for char, *_ in chars) for chars in before]
    fixed, edits = fix_edits(linter, plain)

    output, _, changes = track_changes_docx(data, linter)

    body = docx.Document(io.BytesIO(output)).element.body
    assert_revisions_by_waardetaal(body)
    assert changes == sum(len(found) for found in edits.values())
    assert texts(accepted(body)) == fixed
    assert texts(rejected(body)) == plain
    assert [characters(p) for p in rejected(body).iter(_P)] == before
    after = [characters(p) for p in accepted(body).iter(_P)]
    assert after == [expected_after_accepting(chars, edits.get(i, [])) for i, chars in enumerate(before)]
    assert read_docx(output).text == "\n\n".join(fixed), "waardetaal itself reads the copy as the fixed text"


def test_a_term_across_bold_and_plain_runs_becomes_one_change_in_the_first_runs_formatting(linter: Linter) -> None:
    data = build_docx([[Segment("Voor hoogopgeleide collega’s.", (5, 9), (False, True, False))]])
    output, comments, changes = track_changes_docx(data, linter)
    body = docx.Document(io.BytesIO(output)).element.body
    deletion = next(body.iter(_DEL))
    assert ["".join(t.text or "" for t in run.iter(_DEL_TEXT)) for run in deletion] == ["hoog", "opgeleide"]
    assert [run.find(f"{_RPR}/{_B}") is not None for run in deletion] == [True, False]
    assert [t.text for t in next(body.iter(_INS)).iter(_T)] == ["hbo- of wo-opgeleide"]
    assert next(body.iter(_INS)).find(f"{_R}/{_RPR}/{_B}") is not None
    assert (comments, changes) == (1, 1)  # the change keeps its explanation as a comment


def test_a_finding_without_a_safe_fix_stays_a_comment_and_changes_nothing(linter: Linter) -> None:
    data = build_docx([[Segment("Ook laagopgeleiden zijn welkom.")]])
    output, comments, changes = track_changes_docx(data, linter)
    document = docx.Document(io.BytesIO(output))
    assert (comments, changes) == (1, 0)
    assert not list(document.element.body.iter(_INS, _DEL))
    assert "laagopgeleiden" in next(iter(document.comments)).text


def test_a_fix_inside_a_field_result_stays_a_comment(linter: Linter) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    simple = OxmlElement("w:fldSimple", {qn("w:instr"): "REF tekst"})
    simple.append(_run("hoogopgeleide", False))
    paragraph._p.append(simple)
    buffer = io.BytesIO()
    document.save(buffer)
    output, comments, changes = track_changes_docx(buffer.getvalue(), linter)
    assert (comments, changes) == (1, 0), "Word rebuilds a field result from its code: no revision there"
    assert not list(docx.Document(io.BytesIO(output)).element.body.iter(_INS, _DEL))


def test_findings_outside_the_body_are_still_listed_in_one_comment(linter: Linter) -> None:
    output, _, changes = track_changes_docx(documents.make_docx(), linter)
    comments = [c.text for c in docx.Document(io.BytesIO(output)).comments]
    summary = next(text for text in comments if text.startswith("Ook buiten de hoofdtekst"))
    assert "koptekst" in summary and "voetnoot" in summary and "voettekst" in summary
    assert changes >= 1


def test_comments_only_is_unchanged_by_default(linter: Linter) -> None:
    data = build_docx([[Segment("Voor hoogopgeleide collega’s.")]])
    output, comments = annotate_docx(data, linter)
    assert comments == 1 and not list(docx.Document(io.BytesIO(output)).element.body.iter(_INS, _DEL))


@pytest.fixture
def vacancy(tmp_path: Path) -> Path:
    path = tmp_path / "vacature.docx"
    path.write_bytes(
        build_docx(
            [
                [Segment("Wij zoeken een "), Segment("hoogopgeleide", bold=(True,)), Segment(" collega.")],
                [Segment("Werk met mbo-leerlingen en laagopgeleiden. "), Segment("Meer", link=True), Segment(".")],
            ]
        )
    )
    return path


def test_cli_writes_tracked_changes_that_accept_to_what_check_fix_writes(vacancy: Path, tmp_path: Path) -> None:
    before = vacancy.read_bytes()
    output = tmp_path / "uit.docx"
    result = CliRunner().invoke(main, ["annotate", "--wijzigingen", str(vacancy), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "3 opmerkingen en 2 wijzigingen" in result.output
    assert vacancy.read_bytes() == before, "the original is never changed"
    text = tmp_path / "vacature.txt"
    text.write_text("\n\n".join(texts(docx.Document(str(vacancy)).element.body)), encoding="utf-8")
    CliRunner().invoke(main, ["check", "--fix", str(text)])
    body = docx.Document(str(output)).element.body
    assert texts(accepted(body)) == text.read_text(encoding="utf-8").split("\n\n")
    assert texts(rejected(body)) == texts(docx.Document(str(vacancy)).element.body)
    link = next(body.iter(_HYPERLINK))
    assert [t.text for t in link.iter(_T)] == ["Meer"] and link.get(qn("r:id"))


def test_cli_refuses_to_overwrite_the_original_with_changes(vacancy: Path) -> None:
    before = vacancy.read_bytes()
    result = CliRunner().invoke(main, ["annotate", "--wijzigingen", str(vacancy), "-o", str(vacancy)])
    assert result.exit_code == 2 and "nooit overschreven" in result.stderr
    assert vacancy.read_bytes() == before


def test_annotation_ids_stay_unique_and_a_formatting_revision_is_not_copied(linter: Linter) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Voor ")
    run = _run("hoogopgeleide", True)
    change = etree.SubElement(run.find(_RPR), qn("w:rPrChange"), {qn("w:id"): "0", qn("w:author"): "Ander"})
    etree.SubElement(change, _RPR)
    paragraph._p.append(run)
    buffer = io.BytesIO()
    document.save(buffer)
    output, _, changes = track_changes_docx(buffer.getvalue(), linter)
    body = docx.Document(io.BytesIO(output)).element.body
    assert changes == 1
    assert next(body.iter(_INS)).find(f"{_R}/{_RPR}/{qn('w:rPrChange')}") is None
    revisions = [element.get(qn("w:id")) for element in body.iter(_INS, _DEL, qn("w:rPrChange"))]
    comments = {element.get(qn("w:id")) for element in body.iter(qn("w:commentRangeStart"))}
    assert len(set(revisions)) == len(revisions) == 3 and not comments & set(revisions)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6)), max_size=8))
def test_of_overlapping_fixes_the_ones_check_fix_applies_become_changes(spans: list[tuple[int, int]]) -> None:
    notes = [_Note(0, start, start + length, "uitleg", f"<{index}>") for index, (start, length) in enumerate(spans)]
    edits = [Edit(note.start, note.end, note.fix or "") for note in notes]
    kept = _kept_fixes(notes)
    source = "x" * 40
    chosen = applied(source, [edits[index] for index in kept])
    assert chosen == applied(source, edits) and chosen[1] == len(kept), "exactly the edits --fix applies"


def test_a_term_inside_another_authors_insertion_stays_a_comment(linter: Linter) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Voor ")
    earlier = OxmlElement("w:ins", {qn("w:id"): "5", qn("w:author"): "Ander", qn("w:date"): "2026-01-01T00:00:00Z"})
    earlier.append(_run("hoogopgeleide", False))
    paragraph._p.append(earlier)
    buffer = io.BytesIO()
    document.save(buffer)
    output, comments, changes = track_changes_docx(buffer.getvalue(), linter)
    assert (comments, changes) == (1, 0), "a revision inside another one is left to the writer"
    body = docx.Document(io.BytesIO(output)).element.body
    assert [element.get(qn("w:author")) for element in body.iter(_INS, _DEL)] == ["Ander"]


def test_the_web_download_of_a_word_file_carries_the_tracked_changes(linter: Linter) -> None:
    original = build_docx([[Segment("Wij zoeken een hoogopgeleide collega.")]])
    answer = work.annotate(work.Submission("vacature.docx", original, ".docx"), linter)
    assert answer.status == 200 and answer.download == "vacature-nagekeken.docx"
    body = docx.Document(io.BytesIO(answer.body)).element.body
    assert texts(accepted(body)) == ["Wij zoeken een hbo- of wo-opgeleide collega."]
    assert texts(rejected(body)) == ["Wij zoeken een hoogopgeleide collega."]
