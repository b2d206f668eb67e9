"""Real documents made by their own libraries, for the reader tests and the benchmark."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import reportlab
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from fpdf import FPDF
from odf import style as odfstyle
from odf import table as odftable
from odf import text as odftext
from odf.draw import Frame, TextBox
from odf.opendocument import OpenDocumentText

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"

FOOTNOTES_XML = f"""<w:footnotes {W_NS}>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:id="1"><w:p><w:r><w:t>Bron: enquête onder mbo-leerlingen, 2024.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""

TEXT_BOX_RUN = f"""<w:r {W_NS} xmlns:v="urn:schemas-microsoft-com:vml">
  <w:pict><v:shape><v:textbox><w:txbxContent>
    <w:p><w:r><w:t>Kader: voor hoogopgeleide starters.</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></v:shape></w:pict></w:r>"""


def make_docx() -> bytes:
    """A vacancy with a header, a table, a footnote, a text box and a footer."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Vacature gemeente Vechtstede – hbo-denkniveau gevraagd"
    section.footer.paragraphs[0].text = "Wij werven ook laagopgeleide kandidaten."
    document.add_heading("Beleidsadviseur", level=1)  # ¶1
    document.add_paragraph("Je werkt samen met hogescholen en universiteiten.")  # ¶2
    intro = document.add_paragraph("Je begeleidt mbo-studenten.")  # ¶3
    intro._p.append(parse_xml(TEXT_BOX_RUN))
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Eis"  # ¶4
    table.cell(0, 1).text = "Toelichting"  # ¶5
    table.cell(1, 0).text = "Opleiding"  # ¶6
    table.cell(1, 1).text = "HBO/WO werk- en denkniveau"  # ¶7
    reference = document.add_paragraph("Zie de voetnoot.")  # ¶8
    reference._p.append(parse_xml(f'<w:r {W_NS}><w:footnoteReference w:id="1"/></w:r>'))
    document.add_paragraph("Het aandeel hoogopgeleiden groeit.")  # ¶9
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, FOOTNOTES_XML.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_odt() -> bytes:
    """An OpenDocument text with a header, a list, a table, a footnote and a text box."""
    document = OpenDocumentText()
    layout = odfstyle.PageLayout(name="pagina")
    document.automaticstyles.addElement(layout)
    master = odfstyle.MasterPage(name="Standard", pagelayoutname=layout)
    header = odfstyle.Header()
    header.addElement(odftext.P(text="Koptekst over werk- en denkniveau"))
    master.addElement(header)
    document.masterstyles.addElement(master)
    document.text.addElement(odftext.H(outlinelevel=1, text="Stageplaatsen"))  # ¶1
    with_note = odftext.P(text="De raad sprak over ")  # ¶2
    note = odftext.Note(id="n1", noteclass="footnote")
    note.addElement(odftext.NoteCitation(text="1"))
    body = odftext.NoteBody()
    body.addElement(odftext.P(text="Volgens de monitor van laagopgeleiden."))
    note.addElement(body)
    with_note.addElement(note)
    with_note.addText("stages voor studenten.")
    document.text.addElement(with_note)
    items = odftext.List()
    item = odftext.ListItem()
    item.addElement(odftext.P(text="Begeleiding van mbo-leerlingen"))  # ¶3
    items.addElement(item)
    document.text.addElement(items)
    grid = odftable.Table(name="Eisen")
    grid.addElement(odftable.TableColumn(numbercolumnsrepeated=2))
    for cells in (("Eis", "Waarde"), ("Niveau", "hoogopgeleid")):
        row = odftable.TableRow()
        for value in cells:
            cell = odftable.TableCell()
            cell.addElement(odftext.P(text=value))  # ¶4-¶7
            row.addElement(cell)
        grid.addElement(row)
    document.text.addElement(grid)
    boxed = odftext.P(text="Zie kader.")  # ¶8
    frame = Frame(width="5cm", height="2cm", anchortype="paragraph")
    box = TextBox()
    box.addElement(odftext.P(text="Kader: praktisch opgeleiden welkom."))
    frame.addElement(box)
    boxed.addElement(frame)
    document.text.addElement(boxed)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("Vera", fname=str(VERA))
    pdf.set_font("Vera", size=11)
    return pdf


def make_pdf() -> bytes:
    """Three pages: plain text; a two-column page with a hyphenated line break; ligatures."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_xy(20, 20)
    pdf.multi_cell(170, 6, "Onderzoek naar de arbeidsmarkt in de regio.\nMbo-studenten vinden snel werk.")
    pdf.add_page()
    pdf.set_xy(20, 20)
    pdf.multi_cell(80, 6, "Linkerkolom. Het aandeel hoog-\nopgeleiden groeit, vooral in de binnenstad.")
    pdf.set_xy(110, 20)
    pdf.multi_cell(80, 6, "Rechterkolom. Werkgevers vragen om HBO werk- en denkniveau in hun vacatures.")
    pdf.add_page()
    pdf.set_xy(20, 20)
    pdf.multi_cell(170, 6, "De ﬁnanciering voor praktisch opgeleiden en mbo-\nstudenten staat vast.")
    return bytes(pdf.output())


def make_report_pdf(pages: int) -> bytes:
    """A report of many ordinary text pages, for the extraction benchmark."""
    pdf = _pdf()
    paragraph = (
        "De gemeente werkt samen met de vier mbo-instellingen, de hogeschool en de universiteit aan een "
        "arbeidsmarkt waarin vakmensen gewaardeerd worden. Mbo-, hbo- en wo-opgeleiden vinden werk. "
    ) * 4
    for _ in range(pages):
        pdf.add_page()
        pdf.set_xy(20, 20)
        for _ in range(6):
            pdf.multi_cell(170, 5, paragraph)
    return bytes(pdf.output())


def make_report_docx(paragraphs: int) -> bytes:
    """A long Word document (about 8 paragraphs a page), for the extraction benchmark."""
    document = docx.Document()
    text = "De gemeente werkt samen met de mbo-instellingen aan stages en leerbanen voor alle studenten. " * 5
    for _ in range(paragraphs):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_encrypted_pdf() -> bytes:
    """A PDF that needs a password to open."""
    pdf = _pdf()
    pdf.set_encryption(owner_password="eigenaar", user_password="geheim")
    pdf.add_page()
    pdf.cell(text="Hoogopgeleiden.")
    return bytes(pdf.output())


def make_image_only_pdf() -> bytes:
    """A PDF page with only drawings, like a scan: no text layer."""
    pdf = _pdf()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")
    return bytes(pdf.output())


def make_zip_bomb_docx(size: int) -> bytes:
    """A small zip named .docx whose document part unpacks to ``size`` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(size // len(chunk)):
                part.write(chunk)
    return buffer.getvalue()
