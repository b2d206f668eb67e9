"""The pages of a PDF: running headers and footers are read once, a word broken over a page end is one word."""

from __future__ import annotations

import pytest
from fpdf import FPDF
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from waardetaal import lint_text
from waardetaal.linter import default_linter
from waardetaal.readers.pdf import joined_over_page_ends, read_pdf, repaired
from waardetaal.readers.running import (
    EDGE_LINES,
    MAX_CHARS,
    MIN_PAGES,
    PageParts,
    _edge_indices,
    _key,
    running_parts,
)

WORDS = st.sampled_from(["wonen", "werk", "de", "wijk", "zorg", "jongeren", "gemeente", "plan", "2024", "en"])


def first_running_lines_only(pages: list[str]) -> list[str]:
    """The pages as read: running lines left out after the first page that has them."""
    return [parts.text for parts in running_parts(pages)]


BODY_LINE = st.lists(WORDS, min_size=2, max_size=8).map(" ".join)
PAGE = st.lists(BODY_LINE, min_size=0, max_size=12)


def _pages(bodies: list[list[str]], header: str | None, footer: str | None) -> list[str]:
    pages = []
    for number, body in enumerate(bodies, start=1):
        lines = ([header] if header else []) + body + ([footer.format(number)] if footer else [])
        pages.append("".join(line + "\r\n" for line in lines))
    return pages


@settings(max_examples=200, deadline=None)
@given(st.lists(PAGE, min_size=MIN_PAGES, max_size=8), st.booleans(), st.booleans())
def test_a_header_and_a_numbered_footer_on_every_page_stay_on_the_first(
    pages: list[list[str]], with_header: bool, with_footer: bool
) -> None:
    # Each page's own lines are its own (as in a real report): marked with the page's letter.
    bodies = [[f"{line} {'abcdefgh'[number]}" for line in body] for number, body in enumerate(pages)]
    header = "Monitor hoogopgeleiden in Vechtstede" if with_header else None
    footer = "Pagina {} van de monitor" if with_footer else None
    kept = first_running_lines_only(_pages(bodies, header, footer))
    text = "".join(kept)
    if header:
        assert text.count(header) == 1 and kept[0].startswith(header)
    if footer:
        assert text.count("van de monitor") == 1 and "Pagina 1 van de monitor" in kept[0]
    for page, body in zip(kept, bodies, strict=True):  # the pages' own text stays, in order
        assert [line for line in page.splitlines() if line in body] == body


@settings(max_examples=300, deadline=None)
@given(st.lists(PAGE.map(lambda lines: "\n".join(dict.fromkeys(lines))), max_size=8))
def test_only_edge_lines_seen_before_are_left_out(pages: list[str]) -> None:
    """Lines differ within a page (pages repeat each other's lines), so what was left out is unambiguous."""
    kept = first_running_lines_only(pages)
    assert len(kept) == len(pages)
    earlier: set[str] = set()
    for before, after in zip(pages, kept, strict=True):
        lines, remaining = before.splitlines(keepends=True), after.splitlines(keepends=True)
        edges = _edge_indices(lines)
        for index, line in enumerate(lines):
            if remaining and line == remaining[0]:
                remaining.pop(0)
                earlier.add(_key(line))
                continue
            assert index in edges, "a line of the page's own text was left out"
            assert _key(line) in earlier, "a running line was left out where it first appears"
        assert remaining == [], "lines were added or reordered"


def test_fewer_pages_than_the_minimum_keep_a_repeated_line_but_not_a_page_number() -> None:
    pages = _pages([["tekst"]] * (MIN_PAGES - 1), "Monitor hoogopgeleiden", "Pagina {} van 2")
    kept = first_running_lines_only(pages)
    assert "".join(kept).count("Monitor hoogopgeleiden") == MIN_PAGES - 1  # a letter may repeat its subject
    assert "".join(kept).count("van 2") == 1  # the page's own number says it runs


@pytest.mark.parametrize(
    "lines",
    [
        ["Leeftijd: 20-30 jaar", "Leeftijd: 25-35 jaar", "Leeftijd: 18-25 jaar", "Leeftijd: 30-40 jaar"],
        ["Aandeel laagopgeleiden 12%", "Aandeel laagopgeleiden 31%", "Aandeel laagopgeleiden 18%", "Aandeel 9%"],
        ["Tabel 3", "Tabel 1", "Tabel 2", "Tabel 4"],
    ],
)
def test_lines_that_differ_by_other_numbers_are_each_pages_own(lines: list[str]) -> None:
    pages = [
        f"Vacature {n}\r\nWij zoeken een collega voor {n}.\r\n{line}\r\n" for n, line in zip("abcd", lines, strict=True)
    ]
    assert first_running_lines_only(pages) == pages


def test_a_page_number_that_keeps_its_distance_to_the_page_runs() -> None:
    pages = [f"Tekst {letter}.\r\n- {number} -\r\n" for letter, number in zip("abcde", range(7, 12), strict=True)]
    assert "".join(first_running_lines_only(pages)).count(" -") == 1


def test_a_line_deeper_than_the_edges_or_a_long_one_is_the_pages_own_text() -> None:
    long = "Het aandeel hoogopgeleiden in de wijk is sinds de vorige meting opnieuw gestegen, vooral bij jongeren."
    deep = [long, "tweede", "Monitor hoogopgeleiden", "vierde", "vijfde", "zesde"]
    assert EDGE_LINES < 3 and len(long) > MAX_CHARS
    kept = "".join(first_running_lines_only(_pages([deep] * 4, None, None)))
    assert kept.count("Monitor hoogopgeleiden") == 4 and kept.count(long) == 4
    assert kept.count("tweede") == kept.count("zesde") == 1  # short edge lines on every page: running


class _Footed(FPDF):
    """A PDF with a page number in every page's footer, and a running title when one is given."""

    def __init__(self, title: str | None = None) -> None:
        super().__init__()
        self.title_line = title

    def header(self) -> None:
        if self.title_line:
            self.set_font("Helvetica", size=9)
            self.cell(0, 8, self.title_line, align="C")
            self.ln(12)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, f"Pagina {self.page_no()}", align="C")


def _report(pages: int) -> bytes:
    pdf = _Footed("Monitor hoogopgeleiden in Vechtstede 2024")
    pdf.set_font("Helvetica", size=11)
    for chapter in range(1, pages + 1):
        pdf.add_page()
        neighbourhood = ["Noord", "Oost", "Zuid", "West", "Centrum", "Haven"][chapter - 1]
        pdf.multi_cell(0, 6, f"In {neighbourhood} wonen veel gezinnen met kinderen. " * 6 + f"Hoofdstuk {chapter}.")
    return bytes(pdf.output())


def test_a_report_with_a_running_header_has_one_finding_on_its_first_page() -> None:
    extracted = read_pdf(_report(6))
    findings = lint_text(extracted.text)
    assert [finding.text for finding in findings] == ["hoogopgeleiden"]
    assert extracted.pages == 6
    assert extracted.text.count("Hoofdstuk") == 6 and extracted.text.count("Pagina") == 1


@settings(max_examples=200, deadline=None)
@given(st.lists(PAGE, min_size=MIN_PAGES, max_size=6), st.booleans())
def test_the_parts_of_a_page_are_the_page(bodies: list[list[str]], with_footer: bool) -> None:
    pages = _pages(bodies, None, "Pagina {}" if with_footer else None)
    assert [parts.text for parts in running_parts(pages)] == first_running_lines_only(pages)
    for parts in running_parts(pages):
        assert "Pagina" not in parts.body  # a running line is never the page's own text


@settings(max_examples=200, deadline=None)
@given(
    before=st.text(alphabet="abcdeflmnoprstuvw ", max_size=30),
    first=st.text(alphabet="abdeghklmnoprstv", min_size=2, max_size=8),
    second=st.text(alphabet="abdeghklmnoprstv", min_size=2, max_size=8),
    rest=st.text(alphabet="abcdeflmnoprstuvw .", max_size=30),
    footer=st.booleans(),
)
def test_a_word_broken_over_a_page_end_is_joined_on_the_first_page(
    before: str, first: str, second: str, rest: str, footer: bool
) -> None:
    assume(second not in {"en", "of", "tot"})  # 'laag-' | 'en hoog': a hyphen for an omitted part stays
    bottom = "Pagina 1\n" if footer else ""
    pages = [PageParts("", f"{before} {first}-\n", bottom), PageParts("", f"{second} {rest}\n", "")]
    joined = joined_over_page_ends(pages)
    assert repaired(joined[0].body).split()[-1] == first + second
    assert joined[0].bottom == bottom and joined[1].body.split() == rest.split()


@pytest.mark.parametrize(
    ("end", "start"),
    [("een zin.", "verder"), ("Noord-", "Holland ligt"), ("het jaar 2026-", "2027"), ("laag-", "en hoog")],
)
def test_only_a_lower_case_continuation_moves_over_a_page_end(end: str, start: str) -> None:
    pages = [PageParts("", end + "\n", ""), PageParts("", start + "\n", "")]
    joined = joined_over_page_ends(pages)
    if start[0].islower() and end.endswith("-") and not end[-2].isdigit():
        assert joined[1].body.split() == start.split()[1:]
    else:
        assert joined == pages


def test_pdfiums_hyphenation_mark_is_a_hyphen_and_a_line_break() -> None:
    assert repaired("hoog\ufffeopgeleiden") == "hoogopgeleiden"
    assert repaired("Noord\ufffeHolland en Noord-\nBrabant") == "Noord-Holland en Noord-Brabant"
    assert repaired("laag\ufffeen hoogopgeleiden") == "laag- en hoogopgeleiden"


@pytest.mark.parametrize("pages", [2, 3])
def test_a_term_broken_over_a_page_end_before_a_footer_is_found_on_its_first_page(pages: int) -> None:
    pdf = _Footed()
    pdf.set_font("Helvetica", size=11)
    pdf.set_auto_page_break(False)
    for text in ["Inleiding.\nIn de stad wonen veel hoog-", "opgeleiden en gezinnen.", "Slot."][:pages]:
        pdf.add_page()
        pdf.set_xy(20, 20)
        pdf.multi_cell(170, 6, text)
    extracted = read_pdf(bytes(pdf.output()))
    findings = default_linter().lint(extracted.text, extracted.positions)
    assert [(finding.text, finding.location) for finding in findings] == [("hoogopgeleiden", {"page": 1})]
    assert extracted.text.count("Pagina") == 1


def test_a_page_with_only_a_figure_between_does_not_stop_the_join() -> None:
    figure = PageParts("", "\n", "Pagina 2\n")
    pages = [PageParts("", "Zorg voor hoog-\n", ""), figure, PageParts("", "opgeleiden.\n", "")]
    joined = joined_over_page_ends(pages)
    assert repaired(joined[0].body).split()[-1] == "hoogopgeleiden." and not joined[2].body.strip()
