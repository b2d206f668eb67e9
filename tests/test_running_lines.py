"""Running headers and footers of a PDF are read once: a term in them is one finding, not one per page."""

from __future__ import annotations

from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st

from waardetaal import lint_text
from waardetaal.readers.pdf import read_pdf
from waardetaal.readers.running import EDGE_LINES, MAX_CHARS, MIN_PAGES, _edge_indices, _key, first_running_lines_only

WORDS = st.sampled_from(["wonen", "werk", "de", "wijk", "zorg", "jongeren", "gemeente", "plan", "2024", "en"])
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


def test_fewer_pages_than_the_minimum_are_left_alone() -> None:
    pages = _pages([["tekst"]] * (MIN_PAGES - 1), "Monitor hoogopgeleiden", "Pagina {}")
    assert first_running_lines_only(pages) == pages


def test_a_line_deeper_than_the_edges_or_a_long_one_is_the_pages_own_text() -> None:
    long = "Het aandeel hoogopgeleiden in de wijk is sinds de vorige meting opnieuw gestegen, vooral bij jongeren."
    deep = [long, "tweede", "Monitor hoogopgeleiden", "vierde", "vijfde", "zesde"]
    assert EDGE_LINES < 3 and len(long) > MAX_CHARS
    kept = "".join(first_running_lines_only(_pages([deep] * 4, None, None)))
    assert kept.count("Monitor hoogopgeleiden") == 4 and kept.count(long) == 4
    assert kept.count("tweede") == kept.count("zesde") == 1  # short edge lines on every page: running


def _report(pages: int) -> bytes:
    class Report(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=9)
            self.cell(0, 8, "Monitor hoogopgeleiden in Vechtstede 2024", align="C")
            self.ln(12)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=9)
            self.cell(0, 8, f"Pagina {self.page_no()}", align="C")

    pdf = Report()
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
