"""Word comments on the findings: a copy of a .docx for writers who stay in Word.

Each finding in the body (tables included) gets a Word comment anchored on
exactly the flagged words: runs are split at the finding's edges, so the
formatting of the text stays as it was. Findings in headers, footers, notes and
text boxes, where Word has no comments, are listed in one comment at the start.
The original bytes are never changed.
"""

from __future__ import annotations

import copy
import io

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from waardetaal.findings import Finding
from waardetaal.linter import DEFAULT_POLICY, Linter, Policy
from waardetaal.positions import BlockMap
from waardetaal.readers.docx import _SKIP, _TEXT, body_paragraphs, open_docx, read_docx
from waardetaal.rules import Catalog

AUTHOR = "waardetaal"
INITIALS = "wt"


def annotate_docx(data: bytes, linter: Linter, policy: Policy = DEFAULT_POLICY) -> tuple[bytes, int]:
    """A copy of the Word document with a comment on each finding, and how many comments it got."""
    extracted = read_docx(data)
    findings = linter.lint(extracted.text, extracted.positions, policy)
    document = open_docx(data)
    paragraphs = body_paragraphs(document)
    assert isinstance(extracted.positions, BlockMap)
    elsewhere = []
    written = 0
    for finding in reversed(findings):  # right to left: splitting runs keeps earlier offsets valid
        location = finding.location or {}
        number = location.get("paragraph")
        if "part" in location or not isinstance(number, int):
            elsewhere.append(finding)
            continue
        offset = finding.start - extracted.positions.block_start(finding.start)
        element = paragraphs[number - 1]
        runs = _runs_covering(element, offset, offset + len(finding.text))
        if runs:
            parent = Paragraph(element, document._body)
            document.add_comment(
                [Run(r, parent) for r in runs], _comment_text(finding, linter.catalog), AUTHOR, INITIALS
            )
    anchor = next((p for p in paragraphs if _text_runs(p) and _runs_covering(p, 0, 1)), None)
    if elsewhere and anchor is not None:
        summary = "Ook buiten de hoofdtekst gevonden:\n" + "\n".join(
            f"• ‘{f.text}’ ({f.location.get('part') if f.location else ''}): {f.message}" for f in reversed(elsewhere)
        )
        parent = Paragraph(anchor, document._body)
        document.add_comment([Run(r, parent) for r in _runs_covering(anchor, 0, 1)], summary, AUTHOR, INITIALS)
        written += 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), written


def _comment_text(finding: Finding, catalog: Catalog) -> str:
    lines = [finding.message]
    if finding.suggestions:
        lines.append("Liever: " + " of ".join(f"‘{s}’" for s in finding.suggestions))
    rule = catalog.by_id.get(finding.rule)
    if rule is not None:
        lines.append(f"Bron: {rule.source}")
    lines.append(f"({finding.rule})")
    return "\n".join(lines)


def _text_runs(paragraph: etree._Element) -> list[etree._Element]:
    """The runs whose text the reader reads, in order (not in text boxes or deleted text)."""
    runs = []
    for run in paragraph.iter(qn("w:r")):
        ancestors = run.iterancestors()
        if not any(a.tag in _SKIP for a in _until(ancestors, paragraph)):
            runs.append(run)
    return runs


def _until(ancestors: object, stop: etree._Element) -> list[etree._Element]:
    found = []
    for ancestor in ancestors:  # type: ignore[attr-defined]
        if ancestor is stop:
            break
        found.append(ancestor)
    return found


def _run_length(run: etree._Element) -> int:
    return sum(len(child.text or "") if _TEXT[child.tag] is None else 1 for child in run if child.tag in _TEXT)


def _runs_covering(paragraph: etree._Element, start: int, end: int) -> list[etree._Element]:
    """The runs that hold exactly ``[start, end)`` of the paragraph text, splitting runs at the edges."""
    covering = []
    position = 0
    for run in _text_runs(paragraph):
        length = _run_length(run)
        run_start, run_end = position, position + length
        position = run_end
        if run_end <= start or run_start >= end or length == 0:
            continue
        if run_start < start:
            run = _split(run, start - run_start)
            run_start = start
        if run_end > end:
            _split(run, end - run_start)
        covering.append(run)
    return covering


def _split(run: etree._Element, at: int) -> etree._Element:
    """Split ``run`` after ``at`` characters; return the second half (inserted after the first)."""
    second = copy.deepcopy(run)
    _keep(run, 0, at)
    _keep(second, at, None)
    run.addnext(second)
    return second


def _keep(run: etree._Element, start: int, end: int | None) -> None:
    """Keep only characters ``[start, end)`` of a run's text elements."""
    position = 0
    for child in list(run):
        if child.tag not in _TEXT:
            continue
        length = len(child.text or "") if _TEXT[child.tag] is None else 1
        lo, hi = max(start, position), min(end if end is not None else position + length, position + length)
        if hi <= lo:
            run.remove(child)
        elif _TEXT[child.tag] is None and (lo, hi) != (position, position + length):
            child.text = (child.text or "")[lo - position : hi - position]
            child.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        position += length
