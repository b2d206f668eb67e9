"""Word comments on the findings: a copy of a .docx for writers who stay in Word.

Each finding in the body (tables included) gets a Word comment anchored on
exactly the flagged words: runs are split at the finding's edges, so the
formatting of the text stays as it was. Findings in headers, footers, notes and
text boxes, where Word has no comments, are listed in one comment at the start.
The original bytes are never changed.

With tracked changes, each safe fix (a finding's ``fix``) becomes a Word
revision instead: the flagged runs are wrapped in a ``w:del`` (their text as
``w:delText``) followed by a ``w:ins`` with the replacement in the first run's
formatting, both by AUTHOR, so accepting every change gives the text ``check
--fix`` writes and rejecting every change gives the original. The finding's
comment spans the change, so the writer reads why before accepting it. A fix
whose words Word cannot revise as plain text (a field result, a tab or drawing
inside, runs under different parents, or an overlap that ``--fix`` would drop
too) stays a comment.

Two places take a comment differently, because LibreOffice mangles a comment
there: a field result (a REF or HYPERLINK field, a w:fldSimple) gets its
comment around the whole field, and a comment in the first paragraph of a
block-level content control (w:sdt) ends at the start of the next paragraph,
since LibreOffice turns that paragraph into a form field and drops its text
when a comment mark is inside.

Every step is linear in the size of the document and the number of findings:
runs are walked once per paragraph, split once at all edges, and comments are
numbered from a counter instead of searching the existing ones each time.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import itertools
import os
import stat
import tempfile
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import docx.document
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from lxml import etree

from waardetaal.findings import Finding
from waardetaal.formatters.safe import visible
from waardetaal.limits import MAX_FILE_BYTES
from waardetaal.linter import DEFAULT_POLICY, Linter, Policy
from waardetaal.positions import BlockMap
from waardetaal.readers import Extracted, ReadError
from waardetaal.readers.docx import _SKIP, _TEXT, body_paragraphs, open_docx, read_docx
from waardetaal.rules import Catalog

AUTHOR = "waardetaal"
INITIALS = "wt"

_P, _R, _T, _RPR, _PPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:rPr"), qn("w:pPr")
_FLD_CHAR, _FLD_SIMPLE, _SDT_CONTENT = qn("w:fldChar"), qn("w:fldSimple"), qn("w:sdtContent")
_BLOCKS = frozenset({_P, qn("w:tbl"), qn("w:sdt"), qn("w:customXml")})
_INS, _DEL, _DEL_TEXT, _HYPERLINK = qn("w:ins"), qn("w:del"), qn("w:delText"), qn("w:hyperlink")
_RPR_CHANGE = qn("w:rPrChange")
# Every annotation id the document already uses: comments and revisions share one id space.
_MARKS = (qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference"), _INS, _DEL, _RPR_CHANGE)
# Where a revision may wrap runs: directly in a paragraph or a hyperlink, not inside another revision.
_REVISABLE_PARENTS = frozenset({_P, _HYPERLINK})
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class OutputRefused(Exception):
    """The annotated copy cannot be written where asked; the message is Dutch."""


@dataclass(frozen=True, slots=True)
class _Note:
    """A comment to write on characters ``[start, end)`` of body paragraph number ``paragraph`` (0-based)."""

    paragraph: int
    start: int
    end: int
    text: str
    fix: str | None = None  # with tracked changes: the replacement, made a revision where Word allows it


@dataclass(frozen=True, slots=True)
class _Piece:
    """A run of a paragraph and the characters ``[start, end)`` of the paragraph text it holds."""

    start: int
    end: int
    run: etree._Element


def annotate_docx(data: bytes, linter: Linter, policy: Policy = DEFAULT_POLICY) -> tuple[bytes, int]:
    """A copy of the Word document with a comment on each finding, and how many comments it got."""
    annotated, comments, _ = _annotate(data, linter, policy, tracked=False)
    return annotated, comments


def track_changes_docx(data: bytes, linter: Linter, policy: Policy = DEFAULT_POLICY) -> tuple[bytes, int, int]:
    """A copy with each safe fix as a tracked change and a comment on every other finding; (copy, comments, changes)."""
    return _annotate(data, linter, policy, tracked=True)


def _annotate(data: bytes, linter: Linter, policy: Policy, *, tracked: bool) -> tuple[bytes, int, int]:
    document = open_docx(data)
    _refuse_dtd(document)
    extracted = _read(data)
    findings = linter.lint(extracted.text, extracted.positions, policy)
    assert isinstance(extracted.positions, BlockMap)
    paragraphs = body_paragraphs(document)
    notes = _notes(findings, extracted.positions, paragraphs, linter.catalog, tracked=tracked)
    comments, changes = _Commenter(document, paragraphs).write(notes)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), comments, changes


def read_input(path: str) -> bytes:
    """The bytes of the Word file to annotate, or ReadError (not a regular file, too large, unreadable)."""
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            raise ReadError("geen gewoon bestand")  # a FIFO or device would block the read
        if status.st_size > MAX_FILE_BYTES:
            raise ReadError(f"te groot ({status.st_size // 2**20} MB; grens {MAX_FILE_BYTES // 2**20} MB)")
        return Path(path).read_bytes()
    except OSError as error:
        raise ReadError(f"kan het bestand niet lezen ({error.strerror})") from None


def output_path(source: str, output: str) -> Path:
    """Where the copy goes (through a symbolic link), or OutputRefused: the original itself, or no such folder."""
    target = Path(os.path.realpath(output))
    if target.exists() and os.path.samefile(source, target):  # a hard link too: same device and inode
        raise OutputRefused("het origineel wordt nooit overschreven: kies een ander uitvoerbestand")
    if not target.parent.is_dir():
        raise OutputRefused(f"de map {visible(str(target.parent))} bestaat niet: niets geschreven")
    return target


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` in one step (a reader sees the old file or the new one), or OutputRefused."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".waardetaal")
    except OSError as error:
        raise OutputRefused(f"kan niet schrijven in {visible(str(target.parent))} ({error.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputRefused(f"kan {visible(str(target))} niet schrijven ({error.strerror}): niets geschreven") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0o022)  # the only way to read the umask is to set it
    os.umask(current)
    return current


def _refuse_dtd(document: docx.document.Document) -> None:
    """ReadError when an XML part declares a DTD.

    python-docx writes each part back without its DTD, so an entity the DTD
    declares would be left undefined and the copy would not open; Word files
    never carry a DTD.
    """
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart) and part.element.getroottree().docinfo.doctype:
            raise ReadError(f"onderdeel {part.partname} bevat een DTD (<!DOCTYPE>), wat een Word-bestand niet mag")


def _read(data: bytes) -> Extracted:
    try:
        return read_docx(data)
    except ReadError:
        raise
    except Exception as error:  # a parsing library failing on a malformed file must not escape as a traceback
        raise ReadError(f"kan het bestand niet lezen: {type(error).__name__}") from None


def _notes(
    findings: Sequence[Finding],
    positions: BlockMap,
    paragraphs: Sequence[etree._Element],
    catalog: Catalog,
    *,
    tracked: bool,
) -> list[_Note]:
    """One note per finding in the body, plus one listing the findings elsewhere on the first paragraph with text."""
    notes = []
    elsewhere = []
    for finding in findings:
        location = finding.location or {}
        number = location.get("paragraph")
        if "part" in location or not isinstance(number, int) or not 0 < number <= len(paragraphs):
            elsewhere.append(finding)
            continue
        start = finding.start - positions.block_start(finding.start)
        fix = finding.fix if tracked else None
        notes.append(_Note(number - 1, start, start + len(finding.text), _comment_text(finding, catalog), fix))
    anchor = next((index for index, p in enumerate(paragraphs) if _text_length(p)), None)
    if elsewhere and anchor is not None:
        summary = "Ook buiten de hoofdtekst gevonden:\n" + "\n".join(
            f"• ‘{f.text}’ ({f.location.get('part') if f.location else ''}): {f.message}" for f in elsewhere
        )
        notes.append(_Note(anchor, 0, 1, summary))
    return notes


def _comment_text(finding: Finding, catalog: Catalog) -> str:
    lines = [finding.message]
    if finding.suggestions:
        lines.append("Liever: " + " of ".join(f"‘{s}’" for s in finding.suggestions))
    rule = catalog.by_id.get(finding.rule)
    if rule is not None:
        lines.append(f"Bron: {rule.source}")
    lines.append(f"({finding.rule})")
    return "\n".join(lines)


def _runs(container: etree._Element) -> Iterator[tuple[etree._Element, etree._Element | None]]:
    """The runs whose text the reader reads, in order, each with its outermost w:fldSimple (or None).

    An explicit stack instead of ancestor walks: each element is visited once,
    whatever the nesting.
    """
    stack: list[tuple[Iterator[etree._Element], etree._Element | None]] = [(iter(container), None)]
    while stack:
        children, simple = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        if not isinstance(child.tag, str) or child.tag in _SKIP:
            continue  # comments and processing instructions; text boxes, deleted text, field codes
        if child.tag == _R:
            yield child, simple
        stack.append((iter(child), simple if simple is not None or child.tag != _FLD_SIMPLE else child))


def _length(element: etree._Element) -> int:
    """How many characters of the paragraph text a child of a run stands for."""
    if element.tag not in _TEXT:
        return 0
    return len(element.text or "") if _TEXT[element.tag] is None else 1


def _run_length(run: etree._Element) -> int:
    return sum(_length(child) for child in run)


def _text_length(paragraph: etree._Element) -> int:
    return sum(_run_length(run) for run, _ in _runs(paragraph))


def _cut(paragraph: etree._Element, edges: Sequence[int]) -> list[_Piece]:
    """Split the paragraph's runs at ``edges`` (sorted offsets); the runs afterwards with their offsets."""
    pieces = []
    position = 0
    for run in [run for run, _ in _runs(paragraph)]:  # a list first: splitting adds runs to the tree
        length = _run_length(run)
        inside = edges[bisect_right(edges, position) : bisect_left(edges, position + length)]
        if not inside:
            pieces.append(_Piece(position, position + length, run))
        else:
            for start, end, piece in _split(run, [edge - position for edge in inside]):
                pieces.append(_Piece(position + start, position + end, piece))
        position += length
    return pieces


def _split(run: etree._Element, cuts: Sequence[int]) -> list[tuple[int, int, etree._Element]]:
    """Split ``run`` at ``cuts`` (sorted offsets inside it) into runs with its properties, in one pass.

    Text is divided; every other child (a tab, a field character, a drawing)
    goes to the one piece it sits in, so nothing is duplicated.
    """
    properties = run.find(_RPR)
    contents: list[etree._Element] = []
    position = 0
    for child in list(run):
        if child is properties:
            continue
        run.remove(child)
        contents.extend(_fragments(child, position, cuts) if child.tag == _T else [child])
        position += _length(child)
    pieces = [(0, run)]
    position = 0
    remaining = iter(cuts)
    cut = next(remaining, None)
    for child in contents:
        if position == cut:
            piece = run.makeelement(run.tag, run.attrib)
            if properties is not None:
                piece.append(copy.deepcopy(properties))
            pieces.append((position, piece))
            cut = next(remaining, None)
        pieces[-1][1].append(child)
        position += _length(child)
    for _, piece in reversed(pieces[1:]):
        run.addnext(piece)
    ends = [start for start, _ in pieces[1:]] + [position]
    return [(start, end, piece) for (start, piece), end in zip(pieces, ends, strict=True)]


def _covered(pieces: Sequence[_Piece], starts: Sequence[int], note: _Note) -> list[etree._Element]:
    """The runs with text inside the note's characters (the cuts put none across its edges)."""
    covered = []
    for piece in pieces[bisect_left(starts, note.start) :]:
        if piece.start >= note.end:
            break
        if piece.end > piece.start:
            covered.append(piece.run)
    return covered


def _fragments(text: etree._Element, position: int, cuts: Sequence[int]) -> list[etree._Element]:
    """A w:t divided at the cuts that fall inside it."""
    value = text.text or ""
    inside = [cut - position for cut in cuts[bisect_right(cuts, position) : bisect_left(cuts, position + len(value))]]
    if not inside:
        return [text]
    fragments = []
    for start, end in itertools.pairwise([0, *inside, len(value)]):
        fragment = text.makeelement(_T, text.attrib)
        fragment.text = value[start:end]
        fragment.set(_SPACE, "preserve")
        fragments.append(fragment)
    return fragments


def _field_bounds(body: etree._Element) -> dict[etree._Element, tuple[etree._Element, etree._Element]]:
    """For each run in a field: the first and last element of its outermost field.

    A complex field runs from a ``fldChar begin`` to its ``end`` and may nest
    and span paragraphs; a w:fldSimple holds its result. A field that never
    ends is not treated as one.
    """
    bounds: dict[etree._Element, tuple[etree._Element, etree._Element]] = {}
    depth = 0
    begin: etree._Element | None = None
    inside: list[etree._Element] = []
    for run, simple in _runs(body):
        if depth:
            inside.append(run)
        elif simple is not None:
            bounds[run] = (simple, simple)
        for mark in run.iterchildren(_FLD_CHAR):
            kind = mark.get(qn("w:fldCharType"))
            if kind == "begin":
                if depth == 0:
                    begin, inside = run, []
                depth += 1
            elif kind == "end" and depth:
                depth -= 1
                if depth == 0 and begin is not None:
                    bounds.update((r, (begin, run)) for r in inside)
    return bounds


def _opens_content_control(paragraph: etree._Element) -> bool:
    """Whether the paragraph is the first block of a block-level content control."""
    parent = paragraph.getparent()
    if parent is None or parent.tag != _SDT_CONTENT:
        return False
    return not any(sibling.tag in _BLOCKS for sibling in paragraph.itersiblings(preceding=True))


class _Commenter:
    """Writes notes as Word comments into one document."""

    def __init__(self, document: docx.document.Document, paragraphs: Sequence[etree._Element]) -> None:
        self.body = document.element.body
        self.paragraphs = paragraphs
        # python-docx creates the comments part when the document has none.
        self.comments = document.part._comments_part.element
        self.ids = _free_ids(self.comments, self.body)
        self.date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def write(self, notes: Sequence[_Note]) -> tuple[int, int]:
        """Place every note, a fix as a tracked change where Word allows one; return (comments, changes)."""
        by_paragraph: dict[int, list[_Note]] = {}
        for note in notes:
            by_paragraph.setdefault(note.paragraph, []).append(note)
        anchored = []
        fixes: list[tuple[_Note, list[etree._Element]]] = []
        for index, group in by_paragraph.items():
            pieces = _cut(self.paragraphs[index], sorted({edge for n in group for edge in (n.start, n.end)}))
            starts = [piece.start for piece in pieces]
            kept = _kept_fixes(group)
            for position, note in enumerate(group):
                covered = _covered(pieces, starts, note)
                if covered and position in kept:
                    fixes.append((note, covered))
                elif covered:
                    anchored.append((note, covered[0], covered[-1]))
        bounds = _field_bounds(self.body)  # after cutting: the new runs are in the tree
        changes = 0
        for note, covered in fixes:
            if note.fix is not None and _revisable(covered, bounds):
                # The change keeps its explanation and source as a comment over it, so the writer sees why.
                anchored.append((note, *self._revise(covered, note.fix)))
                changes += 1
            else:
                anchored.append((note, covered[0], covered[-1]))
        moved = self._end_paragraphs()
        for note, first, last in anchored:
            start = bounds.get(first, (first, first))[0]
            end = bounds.get(last, (last, last))[1]
            self._comment(note.text, start, end, moved)
        return len(anchored), changes

    def _revise(self, covered: Sequence[etree._Element], fix: str) -> tuple[etree._Element, etree._Element]:
        """Wrap the runs in a tracked deletion and put the fix after it as a tracked insertion; both returned."""
        first = covered[0]
        deletion = self._revision("w:del")
        first.addprevious(deletion)
        for run in covered:
            deletion.append(run)  # moves the run: its formatting and attributes stay as they were
            for text in run.iterchildren(_T):
                text.tag = _DEL_TEXT
        inserted = _element("w:r", {})
        properties = first.find(_RPR)
        if properties is not None:
            formatting = copy.deepcopy(properties)
            for change in formatting.findall(_RPR_CHANGE):
                formatting.remove(change)  # a formatting revision of the old run, whose id must stay unique
            inserted.append(formatting)
        etree.SubElement(inserted, _T, {_SPACE: "preserve"}).text = visible(fix)
        insertion = self._revision("w:ins")
        insertion.append(inserted)
        deletion.addnext(insertion)
        return deletion, insertion

    def _revision(self, tag: str) -> etree._Element:
        return _element(tag, {"w:id": str(next(self.ids)), "w:author": AUTHOR, "w:date": self.date})

    def _end_paragraphs(self) -> dict[etree._Element, etree._Element]:
        """Paragraphs that open a content control -> the next paragraph that does not, where comments end instead."""
        moved = {}
        following: etree._Element | None = None
        for paragraph in reversed(self.paragraphs):
            if _opens_content_control(paragraph):
                if following is not None:
                    moved[paragraph] = following
            else:
                following = paragraph
        return moved

    def _comment(
        self, text: str, start: etree._Element, end: etree._Element, moved: dict[etree._Element, etree._Element]
    ) -> None:
        number = str(next(self.ids))
        start.addprevious(_element("w:commentRangeStart", {"w:id": number}))
        marks = [_element("w:commentRangeEnd", {"w:id": number}), _reference_run(number)]
        paragraph = next(end.iterancestors(_P), None)
        later = moved.get(paragraph) if paragraph is not None else None
        if later is None:
            for mark in reversed(marks):
                end.addnext(mark)
        else:
            at = 1 if len(later) and later[0].tag == _PPR else 0
            for mark in reversed(marks):
                later.insert(at, mark)
        self.comments.append(self._comment_element(number, text))

    def _comment_element(self, number: str, text: str) -> etree._Element:
        attributes = {"w:id": number, "w:author": AUTHOR, "w:initials": INITIALS, "w:date": self.date}
        comment = _element("w:comment", attributes)
        for index, line in enumerate(text.split("\n")):
            paragraph = etree.SubElement(comment, _P)
            etree.SubElement(etree.SubElement(paragraph, _PPR), qn("w:pStyle"), {qn("w:val"): "CommentText"})
            if index == 0:
                mark = etree.SubElement(paragraph, _R)
                etree.SubElement(etree.SubElement(mark, _RPR), qn("w:rStyle"), {qn("w:val"): "CommentReference"})
                etree.SubElement(mark, qn("w:annotationRef"))
            words = etree.SubElement(etree.SubElement(paragraph, _R), _T, {_SPACE: "preserve"})
            words.text = visible(line)  # XML cannot hold control characters
        return comment


def _kept_fixes(group: Sequence[_Note]) -> set[int]:
    """The positions in ``group`` of the fixes ``--fix`` applies: of overlapping ones the rightmost (fixes.applied)."""
    with_fix = [position for position, note in enumerate(group) if note.fix is not None]
    kept = set()
    limit: int | None = None
    for position in sorted(with_fix, key=lambda p: group[p].start, reverse=True):
        if limit is None or group[position].end <= limit:
            kept.add(position)
            limit = group[position].start
    return kept


def _revisable(covered: Sequence[etree._Element], in_fields: Collection[etree._Element]) -> bool:
    """Whether the runs can be one tracked change: adjacent plain-text runs under a paragraph or hyperlink."""
    parent = covered[0].getparent()
    if parent is None or parent.tag not in _REVISABLE_PARENTS:
        return False
    if any(run in in_fields or run.getparent() is not parent for run in covered):
        return False  # a field result is rebuilt from its code; runs under different parents cannot be wrapped
    if any(before.getnext() is not after for before, after in itertools.pairwise(covered)):
        return False  # a comment mark or bookmark between the runs would move into the deletion
    return all(
        child.tag == _RPR or (child.tag == _T and not len(child)) for run in covered for child in run
    )  # a tab, break or drawing has no w:delText form; an unresolved entity no plain text


def _element(tag: str, attributes: dict[str, str]) -> etree._Element:
    """A loose w: element, declaring the document's own prefix (python-docx's helper)."""
    return OxmlElement(tag, {qn(key): value for key, value in attributes.items()})


def _reference_run(number: str) -> etree._Element:
    run = _element("w:r", {})
    etree.SubElement(etree.SubElement(run, _RPR), qn("w:rStyle"), {qn("w:val"): "CommentReference"})
    etree.SubElement(run, qn("w:commentReference"), {qn("w:id"): number})
    return run


def _free_ids(comments: etree._Element, body: etree._Element) -> Iterator[int]:
    """Annotation ids not yet used by the document's comments, comment marks or revisions, smallest first."""
    used = {value for mark in body.iter(*_MARKS) if (value := mark.get(qn("w:id"))) is not None}
    used.update(value for comment in comments if (value := comment.get(qn("w:id"))) is not None)
    return (number for number in itertools.count() if str(number) not in used)
