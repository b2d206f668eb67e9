"""Word (.docx): body paragraphs and tables, headers and footers, footnotes and text boxes.

python-docx opens the package; the text is read from the XML of each part in
reading order: headers, the body (tables and text boxes in place), footnotes,
endnotes, footers. Each paragraph becomes a block of the checked text, separated
by a blank line, with its location: the paragraph number in the body (table
cells count), the table cell, or the part it is in.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace

import docx
import docx.document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.packuri import PACKAGE_URI
from docx.opc.pkgreader import PackageReader
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from lxml import etree

from waardetaal.limits import MAX_DOCX_TAGS
from waardetaal.positions import Location
from waardetaal.readers import NO_HINTS, Extracted, ReadError, ReadingHints, plausible_year
from waardetaal.readers.archive import checked_zip
from waardetaal.readers.blocks import BlockCollector, TextBudget

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT = {
    f"{_W}t": None,
    f"{_W}tab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
    f"{_W}softHyphen": "\u00ad",
}
_SKIP = frozenset({f"{_W}txbxContent", _FALLBACK, f"{_W}del", f"{_W}instrText"})
_AFTER_BODY = ((RT.FOOTNOTES, "voetnoot"), (RT.ENDNOTES, "eindnoot"), (RT.FOOTER, "voettekst"))
# No external entities, no network: a document is data, not instructions.
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)


def text_of(element: etree._Element) -> str:
    """The text a w:t, w:tab, w:br … stands for.

    An entity the safe parser left unresolved stays as written ('&naam;'), and
    the text after it is kept: lxml puts that text in the entity's tail.
    """
    replacement = _TEXT[element.tag]
    return "".join(element.itertext()) if replacement is None else replacement


def paragraph_text(paragraph: etree._Element, budget: TextBudget | None = None) -> str:
    """The visible text of a w:p, without text boxes, deleted text or field codes."""
    pieces: list[str] = []
    spent = budget if budget is not None else TextBudget()

    def walk(element: etree._Element) -> None:
        for child in element:
            if child.tag in _SKIP:
                continue
            if child.tag in _TEXT:
                pieces.append(text_of(child))
                spent.spend(len(pieces[-1]))
            walk(child)

    walk(paragraph)
    return "".join(pieces)


class _Walker(BlockCollector):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[etree._Element] = []  # body paragraphs, numbered as their locations

    def body(self, container: etree._Element, cell: Location | None = None) -> None:
        for child in container:
            if child.tag == qn("w:p"):
                self.elements.append(child)
                self.body_paragraph(paragraph_text(child, self.budget), cell)
                self.text_boxes(child)
            elif child.tag == qn("w:tbl"):
                self.table(child)
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
                self.body(child, cell)

    def table(self, table: etree._Element) -> None:
        number = self.new_table()
        for row_number, row in enumerate(table.iterchildren(qn("w:tr")), start=1):
            for column_number, cell in enumerate(row.iterchildren(qn("w:tc")), start=1):
                self.body(cell, {"table": number, "row": row_number, "column": column_number})

    def text_boxes(self, paragraph: etree._Element) -> None:
        for box in paragraph.iter(qn("w:txbxContent")):
            if any(ancestor.tag == _FALLBACK for ancestor in box.iterancestors()):
                continue  # the same text box again, for old versions of Word
            for inner in box.iter(qn("w:p")):
                self.text_box(paragraph_text(inner, self.budget))


def _part_texts(blob: bytes, budget: TextBudget) -> list[str]:
    """The paragraph texts of a header, footer, footnotes or endnotes part."""
    return [paragraph_text(p, budget) for p in _part_paragraphs(etree.fromstring(blob, _SAFE_XML))]


def _part_paragraphs(root: etree._Element) -> Iterator[etree._Element]:
    for note in root:
        if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        yield from (p for p in note.iter(qn("w:p")) if not any(a.tag == qn("w:txbxContent") for a in p.iterancestors()))


def open_docx(data: bytes) -> docx.document.Document:
    """The python-docx document of ``data``, or ReadError."""
    checked_zip(data, "Word-bestand (.docx)", MAX_DOCX_TAGS)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds for broken packages
        raise ReadError(f"beschadigd Word-bestand ({type(error).__name__})") from None


def body_paragraphs(document: docx.document.Document) -> list[etree._Element]:
    """The body paragraphs (w:p) in the order the reader numbers them: paragraph N is item N - 1."""
    walker = _Walker()
    walker.body(document.element.body)
    return walker.elements


def read_docx(data: bytes, hints: ReadingHints = NO_HINTS) -> Extracted:
    """A Word document's text in reading order, located by paragraph."""
    main, related, core = _package_parts(data)
    body = parse_xml(main).find(qn("w:body"))
    walker = _Walker()
    for blob in related.get(RT.HEADER, []):
        walker.part(_part_texts(blob, walker.budget), "koptekst")
    if body is not None:
        walker.body(body)
    for reltype, name in _AFTER_BODY:
        for blob in related.get(reltype, []):
            walker.part(_part_texts(blob, walker.budget), name)
    return replace(walker.extracted(), year=None if core is None else _core_year(core))


def _package_parts(data: bytes) -> tuple[bytes, dict[str, list[bytes]], bytes | None]:
    """The main document part, the parts it relates to by relationship type, and the core properties part.

    Only the parts that hold text are parsed: opening the whole package with
    python-docx also parses styles, theme and settings, which in a short
    document is most of its XML.
    """
    checked_zip(data, "Word-bestand (.docx)", MAX_DOCX_TAGS)
    try:
        package = PackageReader.from_file(io.BytesIO(data))  # type: ignore[no-untyped-call]  # unannotated
    except Exception as error:  # python-docx raises many kinds for broken packages
        raise ReadError(f"beschadigd Word-bestand ({type(error).__name__})") from None
    parts = {partname: (content_type, blob) for partname, content_type, _, blob in package.iter_sparts()}
    targets: dict[str, dict[str, list[str]]] = {}
    for source, rel in package.iter_srels():
        if not rel.is_external and rel.target_partname in parts:
            targets.setdefault(source, {}).setdefault(rel.reltype, []).append(rel.target_partname)
    main = targets.get(PACKAGE_URI, {}).get(RT.OFFICE_DOCUMENT, [])
    if not main or parts[main[0]][0] != CT.WML_DOCUMENT_MAIN:
        raise ReadError("beschadigd Word-bestand (ValueError)")  # as python-docx's Document() says it
    related = {reltype: [parts[name][1] for name in names] for reltype, names in targets.get(main[0], {}).items()}
    core = targets.get(PACKAGE_URI, {}).get(RT.CORE_PROPERTIES, [])
    return parts[main[0]][1], related, parts[core[0]][1] if core else None


def _core_year(blob: bytes) -> int | None:
    """The plausible year of a core properties part: when the document was created, else last modified."""
    try:
        properties = CoreProperties(parse_xml(blob))
        moments = (properties.created, properties.modified)
    except Exception:  # a broken docProps/core.xml costs the year only, never the text
        return None
    years = (plausible_year(moment.year) for moment in moments if moment is not None)
    return next((year for year in years if year is not None), None)
