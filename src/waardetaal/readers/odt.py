"""OpenDocument text (.odt): body, tables, lists, headers and footers, footnotes and text boxes.

odfpy loads the document; paragraphs (text:p, text:h) are read in document
order, with notes and text boxes taken out of the paragraph they sit in and
added as blocks of their own, like the Word reader does.
"""

from __future__ import annotations

import io
from dataclasses import replace

from odf.dc import Date as DcDate
from odf.element import Element
from odf.meta import CreationDate
from odf.namespaces import DRAWNS, STYLENS, TABLENS, TEXTNS
from odf.opendocument import OpenDocument, load

from waardetaal.limits import MAX_ODT_TAGS, MAX_SPACE_RUN
from waardetaal.positions import Location
from waardetaal.readers import NO_HINTS, Extracted, ReadError, ReadingHints, metadata_year
from waardetaal.readers.archive import checked_zip
from waardetaal.readers.blocks import BlockCollector, TextBudget

_PARAGRAPHS = {(TEXTNS, "p"), (TEXTNS, "h")}
_CONTAINERS = {
    (TEXTNS, "list"),
    (TEXTNS, "list-item"),
    (TEXTNS, "list-header"),
    (TEXTNS, "section"),
    (TEXTNS, "note-body"),
    (DRAWNS, "text-box"),
    (TEXTNS, "index-body"),
}
_NOTE = (TEXTNS, "note")
_FRAME = (DRAWNS, "frame")
_TABLE = (TABLENS, "table")


def paragraph_text(paragraph: Element, budget: TextBudget) -> str:
    """The text of a paragraph without its notes and text boxes."""
    pieces: list[str] = []
    for node in paragraph.childNodes:
        if node.nodeType == node.TEXT_NODE:
            pieces.append(str(node.data))
        elif node.qname in (_NOTE, _FRAME):
            continue
        elif node.qname == (TEXTNS, "s"):
            pieces.append(" " * _space_count(node))
        elif node.qname == (TEXTNS, "tab"):
            pieces.append("\t")
        elif node.qname == (TEXTNS, "line-break"):
            pieces.append("\n")
        else:
            pieces.append(paragraph_text(node, budget))
            continue  # the nested call has spent its own characters
        budget.spend(len(pieces[-1]))
    return "".join(pieces)


def _space_count(node: Element) -> int:
    """The spaces a text:s stands for, clamped: text:c="2000000000" must not build 2 GB."""
    given = str(node.getAttrNS(TEXTNS, "c") or "1")
    count = int(given) if given.isdecimal() else 1
    return max(1, min(count, MAX_SPACE_RUN))


class _Walker(BlockCollector):
    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str] = []  # note paragraphs, read after the body as in Word

    def body(self, container: Element, cell: Location | None = None) -> None:
        for node in container.childNodes:
            if node.nodeType != node.ELEMENT_NODE:
                continue
            if node.qname in _PARAGRAPHS:
                self.body_paragraph(paragraph_text(node, self.budget), cell)
                self.inner(node)
            elif node.qname == _TABLE:
                self.table(node)
            elif node.qname in _CONTAINERS:
                self.body(node, cell)

    def table(self, table: Element) -> None:
        number = self.new_table()
        for row_number, row in enumerate(_children(table, (TABLENS, "table-row"), deep=True), start=1):
            for column_number, cell in enumerate(_children(row, (TABLENS, "table-cell")), start=1):
                self.body(cell, {"table": number, "row": row_number, "column": column_number})

    def inner(self, paragraph: Element) -> None:
        """Notes and text boxes inside a paragraph, taken out of its text."""
        for node in paragraph.childNodes:
            if node.nodeType != node.ELEMENT_NODE:
                continue
            if node.qname == _NOTE:
                for body in _children(node, (TEXTNS, "note-body")):
                    self.notes.extend(paragraph_text(p, self.budget) for p in _paragraphs(body))
            elif node.qname == _FRAME:
                for box in _children(node, (DRAWNS, "text-box")):
                    for inner in _paragraphs(box):
                        self.text_box(paragraph_text(inner, self.budget))
            else:
                self.inner(node)


def _children(element: Element, qname: tuple[str, str], deep: bool = False) -> list[Element]:
    found = []
    for node in element.childNodes:
        if node.nodeType != node.ELEMENT_NODE:
            continue
        if node.qname == qname:
            found.append(node)
        elif deep and node.qname in {
            (TABLENS, "table-rows"),
            (TABLENS, "table-header-rows"),
            (TABLENS, "table-row-group"),
        }:
            found.extend(_children(node, qname, deep=True))
    return found


def _paragraphs(container: Element) -> list[Element]:
    found = []
    for node in container.childNodes:
        if node.nodeType != node.ELEMENT_NODE:
            continue
        if node.qname in _PARAGRAPHS:
            found.append(node)
        else:
            found.extend(_paragraphs(node))
    return found


def read_odt(data: bytes, hints: ReadingHints = NO_HINTS) -> Extracted:
    """An OpenDocument text's text in reading order, located by paragraph."""
    checked_zip(data, "OpenDocument-tekst (.odt)", MAX_ODT_TAGS)
    try:
        document = load(io.BytesIO(data))
    except Exception as error:  # odfpy raises many kinds for broken packages
        raise ReadError(f"beschadigd OpenDocument-bestand ({type(error).__name__})") from None
    walker = _Walker()
    _page_parts(walker, document, "header", "koptekst")
    walker.body(document.text)
    walker.part(walker.notes, "voetnoot")
    _page_parts(walker, document, "footer", "voettekst")
    return replace(walker.extracted(), year=creation_year(document))


def creation_year(document: OpenDocument) -> int | None:
    """The plausible year of meta:creation-date, else of dc:date (last saved)."""
    for kind in (CreationDate, DcDate):
        for element in document.meta.getElementsByType(kind):
            year = metadata_year(str(element))
            if year is not None:
                return year
    return None


def _page_parts(walker: _Walker, document: OpenDocument, kind: str, name: str) -> None:
    """Headers or footers of every master page (style:header, style:header-left, …)."""
    masters = document.masterstyles.childNodes if document.masterstyles else []
    for master in masters:
        for node in master.childNodes:
            if node.nodeType == node.ELEMENT_NODE and node.qname[0] == STYLENS and node.qname[1].startswith(kind):
                walker.part([paragraph_text(p, walker.budget) for p in _paragraphs(node)], name)
