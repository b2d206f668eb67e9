"""A generated corpus of real publications in ``afdeling/jaar/`` folders, for the scan tests and benchmark.

Every file is made by the library of its format (fpdf2 for PDF, python-docx for
Word) or written as the markup it is; the mix of formats, departments, years,
sentences with and without value-laden terms is drawn from a seeded generator,
so the same arguments always give the same bytes. One file is corrupt.
"""

from __future__ import annotations

import html
import io
import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import docx
from fpdf import FPDF

DEPARTMENTS = ("sociaal", "economie", "onderwijs")
YEARS = (2022, 2023, 2024)
FORMATS = ("pdf", "docx", "html", "md", "txt")
# The corrupt document: a Word file that is no zip at all.
CORRUPT = "economie/2023/kapot.docx"

# Sentences with a real finding of the shipped rule set (each gives exactly one).
FLAGGED = (
    "Veel hoogopgeleiden wonen in de binnenstad.",
    "Een hoogopgeleide starter vindt hier snel een woning.",
    "Voor deze functie vragen wij HBO/WO werk- en denkniveau.",
    "De mbo-leerlingen lopen stage bij gemeentelijke diensten.",
    "Laagopgeleide inwoners hebben minder vaak betaald werk.",
    "Het aandeel theoretisch opgeleiden neemt in de regio toe.",
    "Jongeren willen na hun opleiding hogerop komen.",
    "Na het mbo en hoger onderwijs zoeken zij werk in de stad.",
    "Lager opgeleiden maken minder gebruik van de regeling.",
)
# Plain prose without any finding.
CLEAN = (
    "De gemeente werkt samen met de vier mbo-instellingen, de hogeschool en de universiteit.",
    "Mbo-, hbo- en wo-opgeleiden vinden in de regio werk dat bij hen past.",
    "Het college stelt elk jaar een programma op voor stages en leerbanen.",
    "In de wijken groeit het aantal buurthuizen met een eigen spreekuur.",
    "De raad besprak de begroting en de plannen voor de komende jaren.",
    "Werkgevers zoeken vakmensen in de zorg, de techniek en de bouw.",
    "Inwoners konden hun mening geven in een enquête van zes weken.",
    "De cijfers komen uit de monitor van het onderzoeksbureau.",
    "Wie een opleiding volgt, krijgt begeleiding van een vaste coach.",
    "Studenten van alle opleidingen doen mee aan het stadsprogramma.",
)

Writer = Callable[[str, Sequence[Sequence[str]], int], bytes]


# Lengths of real publications, as multiples of a short document (~350 words): a
# news item, a factsheet, a memo, a monitor, a report. The 41 real publications the
# engine was measured on average ~6,700 words; these average ~4,500.
REALISTIC_LENGTHS = (1, 4, 8, 16, 32)


def build_corpus(root: Path, documents: int = 24, seed: int = 0, realistic: bool = False) -> None:
    """Write ``documents`` publications (one of them corrupt) under ``root``/afdeling/jaar/.

    ``realistic``: documents of the lengths real publications have (for the
    benchmark); otherwise all are short (for the tests).
    """
    chance = random.Random(seed)
    for number in range(documents - 1):
        department = DEPARTMENTS[number % len(DEPARTMENTS)]
        year = YEARS[(number // len(DEPARTMENTS)) % len(YEARS)]
        extension = FORMATS[number % len(FORMATS)]
        title = f"Publicatie {number + 1} van afdeling {department}"
        length = chance.choice(REALISTIC_LENGTHS) if realistic else 1
        paragraphs = _paragraphs(chance, flagged=number % 3 != 2, length=length)
        path = root / department / str(year) / f"publicatie-{number + 1:04d}.{extension}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(WRITERS[extension](title, paragraphs, year))
    corrupt = root / CORRUPT
    corrupt.parent.mkdir(parents=True, exist_ok=True)
    corrupt.write_bytes(b"PK\x03\x04 dit is geen Word-bestand")


def _paragraphs(chance: random.Random, flagged: bool, length: int = 1) -> list[list[str]]:
    """``length`` times three to eight paragraphs of four to seven sentences; a flagged document has 1-4 findings."""
    count = sum(chance.randint(3, 8) for _ in range(length))
    paragraphs = [[chance.choice(CLEAN) for _ in range(chance.randint(4, 7))] for _ in range(count)]
    if flagged:
        for _ in range(chance.randint(1, 4)):
            sentences = chance.choice(paragraphs)
            sentences.insert(chance.randint(0, len(sentences)), chance.choice(FLAGGED))
    return paragraphs


def _pdf(title: str, paragraphs: Sequence[Sequence[str]], year: int) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(year, 3, 1, tzinfo=UTC))
    pdf.set_title(title)
    pdf.set_font("Helvetica", size=11)  # a core font: no font file to embed, so 1,000 PDFs build quickly
    pdf.add_page()
    pdf.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
    for sentences in paragraphs:
        pdf.ln(3)
        pdf.multi_cell(0, 6, " ".join(sentences), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _docx(title: str, paragraphs: Sequence[Sequence[str]], year: int) -> bytes:
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.created = datetime(year, 3, 1, tzinfo=UTC)
    document.add_heading(title, level=1)
    for sentences in paragraphs:
        document.add_paragraph(" ".join(sentences))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _html(title: str, paragraphs: Sequence[Sequence[str]], year: int) -> bytes:
    body = "\n".join(f"<p>{html.escape(' '.join(sentences))}</p>" for sentences in paragraphs)
    page = (
        f'<!DOCTYPE html>\n<html lang="nl">\n<head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<meta name="date" content="{year}-03-01"></head>\n<body>\n<h1>{html.escape(title)}</h1>\n{body}\n'
        "</body>\n</html>\n"
    )
    return page.encode()


def _markdown(title: str, paragraphs: Sequence[Sequence[str]], year: int) -> bytes:
    return (f"# {title}\n\n" + "\n\n".join(" ".join(sentences) for sentences in paragraphs) + "\n").encode()


def _text(title: str, paragraphs: Sequence[Sequence[str]], year: int) -> bytes:
    return (f"{title}\n\n" + "\n\n".join(" ".join(sentences) for sentences in paragraphs) + "\n").encode()


WRITERS: dict[str, Writer] = {"pdf": _pdf, "docx": _docx, "html": _html, "md": _markdown, "txt": _text}
