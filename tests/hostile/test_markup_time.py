"""Hostile markup: HTML, Markdown and suppression comments are read in linear time.

Each reproduction from the audit runs through the command line under the
acceptance bounds (5 s beyond start-up, 500 MB) and must give the correct
result: a term outside the garbage is still found, text the garbage hides is
not. In-process doubling checks (n and 4n) catch a quadratic pass that the
fixed sizes would let through on a fast machine.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.hostile.bounded import assert_clean_exit, run_bounded

from waardetaal.positions import SourceMap
from waardetaal.readers.html import read_html
from waardetaal.readers.markdown import markdown_prose, read_markdown
from waardetaal.suppressions import parse_directives


def _growing_backtick_runs(size: int) -> str:
    runs, length, total = [], 1, 0
    while total < size:
        runs.append("`" * length + " a ")
        total += length + 3
        length += 1
    return "".join(runs)


# name -> (file name, content, terms that must be found)
REPRODUCTIONS = {
    "open-directive-then-white-space": (
        "tekst.txt",
        "Veel hoogopgeleiden.\n<!-- waardetaal:" + " " * 5_000,
        ["hoogopgeleiden"],
    ),
    "many-open-directives": (
        "tekst.md",
        "Veel hoogopgeleiden.\n\n" + "<!-- waardetaal: negeer-volgende\n" * 2_500,
        ["hoogopgeleiden"],
    ),
    "open-attribute-values": ("pagina.html", "<p>Veel hoogopgeleiden.</p>" + '<a b="' * 50_000, ["hoogopgeleiden"]),
    # An unclosed comment hides the rest of the file, as in a browser.
    "open-comments": (
        "pagina.html",
        "<p>Veel hoogopgeleiden.</p>" + "<!--" * 75_000 + " laagopgeleiden",
        ["hoogopgeleiden"],
    ),
    "nested-hidden-elements": (
        "pagina.html",
        "<p>Veel hoogopgeleiden.</p>"
        + "<svg>" * 100_000
        + "laagopgeleiden"
        + "</svg>" * 100_000
        + "<p>mbo-leerlingen</p>",
        ["hoogopgeleiden", "mbo-leerlingen"],
    ),
    "markdown-open-scripts-and-styles": (
        "tekst.md",
        "Veel hoogopgeleiden.\n\n<div>\n" + "<script x <style y " * 18_000 + "\n\nEn laagopgeleiden.\n",
        ["hoogopgeleiden", "laagopgeleiden"],
    ),
    "markdown-growing-backtick-runs": (
        "tekst.md",
        "Veel hoogopgeleiden. " + _growing_backtick_runs(500_000) + " En laagopgeleiden.\n",
        ["hoogopgeleiden", "laagopgeleiden"],
    ),
}


@pytest.mark.parametrize("name", list(REPRODUCTIONS))
def test_reproduction_is_checked_within_the_bounds(name: str, tmp_path: Path) -> None:
    file_name, content, terms = REPRODUCTIONS[name]
    path = tmp_path / file_name
    path.write_text(content, encoding="utf-8")
    ran = run_bounded("check", "--format", "json", path)
    assert_clean_exit(ran, 1)
    (checked,) = json.loads(ran.stdout)["files"]
    assert checked["error"] is None
    assert [finding["text"] for finding in checked["findings"]] == terms


def test_text_in_an_unclosed_comment_at_the_end_is_not_checked() -> None:
    document = read_html(b"<p>Veel hoogopgeleiden.</p>\n<!-- oude tekst: laagopgeleiden\n")
    assert "hoogopgeleiden" in document.text and "laagopgeleiden" not in document.text


def _seconds(function: Callable[[str], object], text: str) -> float:
    """The best of five timings, so a pause of a loaded machine does not count."""
    best = float("inf")
    for _ in range(5):
        began = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - began)
    return best


def _html(text: str) -> object:
    return read_html(text.encode())


def _markdown(text: str) -> object:
    return read_markdown(text.encode())


# name -> (pass, input of size about n for n)
DOUBLINGS: dict[str, tuple[Callable[[str], object], Callable[[int], str]]] = {
    "directive-white-space": (parse_directives, lambda n: "<!-- waardetaal:" + " " * n),
    "open-directives": (parse_directives, lambda n: "<!-- waardetaal: uit\n" * (n // 21)),
    "marker-white-space": (parse_directives, lambda n: " " * n + "\n" + "# waardetaal: uit" + " " * n + "x"),
    "reason-white-space": (parse_directives, lambda n: "<!-- waardetaal: uit" + " " * n + "x -->"),
    "html-open-attributes": (_html, lambda n: '<a b="' * (n // 6)),
    "html-open-comments": (_html, lambda n: "<!--" * (n // 4) + "x"),
    "html-open-tags": (_html, lambda n: "<a b=x " * (n // 7)),
    "html-nested-hidden": (_html, lambda n: "<template>" * (n // 21) + "</template>" * (n // 21)),
    "html-open-end-tags": (_html, lambda n: "</a b='" * (n // 7)),
    "html-references": (_html, lambda n: "&#" * (n // 4) + "&amp" * (n // 8)),
    "markdown-open-scripts": (_markdown, lambda n: "<div>\n" + "<script x " * (n // 10)),
    "markdown-open-tags": (_markdown, lambda n: "<div>\n" + "<" * n),
    "markdown-backtick-runs": (_markdown, _growing_backtick_runs),
    "markdown-link-labels": (_markdown, lambda n: ("[" + "a" * 30 + "\n") * (n // 32)),
    "markdown-link-targets": (_markdown, lambda n: "](" + "](x)" * (n // 4)),
    "markdown-front-matter": (_markdown, lambda n: "---\n" + ("a: " + "b" * 30 + "\n") * (n // 34)),
}


@pytest.mark.parametrize("name", list(DOUBLINGS))
def test_time_grows_linearly(name: str) -> None:
    function, make = DOUBLINGS[name]
    small, large = _seconds(function, make(50_000)), _seconds(function, make(200_000))
    # Linear: about 4 times; quadratic: about 16. A floor keeps timer noise on tiny runs out.
    assert large < 8 * max(small, 0.005), (small, large)


_MARKUP = st.sampled_from(
    [
        *("<p>", "</p>", "<br>", "<a b=", '"', "'", ">", "<!--", "-->", "<script>", "</script>", "<svg/>", "<!x>"),
        *("&amp;", "&shy;", "&#233;", "&copy", "&", "<", "/", "=", " ", "\n", "hoog", "opgeleiden", "`", "``", "\n\n"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKUP, max_size=40).map("".join))
def test_html_text_maps_back_to_the_source(source: str) -> None:
    document = read_html(source.encode())
    positions = document.positions
    assert isinstance(positions, SourceMap)
    offsets = [positions.source_offset(i) for i in range(len(document.text))]
    assert offsets == sorted(offsets)
    for char, offset in zip(document.text, offsets, strict=True):
        # A character is the source's own, or a decoded reference ('&…') or a separator at a tag ('<').
        assert source[offset] == char or source[offset] in "&<"


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKUP, max_size=40).map("".join))
def test_markdown_prose_keeps_every_offset(text: str) -> None:
    prose = markdown_prose(text)
    assert len(prose) == len(text)
    assert all(
        kept == original or (kept == " " and original not in "\r\n") for kept, original in zip(prose, text, strict=True)
    )
