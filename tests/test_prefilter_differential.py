"""The prefilter is conservative: findings with it equal findings over one window of the whole text.

Texts are built from the shipped rules' own examples (flagged and passing),
spelled with every typographic variant the normaliser knows, so a prefilter
that reads a quote, a hyphen or white space differently from the matcher, or
that cuts a match at a window's edge, shows up as a difference.
"""

from __future__ import annotations

import copy
import re
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from waardetaal import Linter, load_catalog
from waardetaal.findings import Finding
from waardetaal.linter import Policy, default_linter
from waardetaal.patterns import parse_tokens
from waardetaal.prefilter import Prefilter, Window
from waardetaal.rules import builtin_rule_files
from waardetaal.typography import APOSTROPHES, DOUBLE_QUOTES, HYPHENS, INVISIBLE, PARAGRAPH_BREAK, normalize

REPORT_ALL = Policy()


class _WholeText:
    """A stand-in prefilter that hands the matcher the whole text as one window."""

    def windows(self, text: str, allowed: frozenset[int] | None = None) -> list[Window]:
        return [Window(0, len(text), allowed if allowed is not None else self.every)]

    def __init__(self, patterns: int):
        self.every = frozenset(range(patterns))


@pytest.fixture(scope="module")
def linters() -> tuple[Linter, Linter]:
    """The shipped linter, and a copy of it (sharing its engine) that skips the prefilter."""
    linter = default_linter()
    assert linter._engine is not None  # built once, shared by the copy
    reference = copy.copy(linter)
    reference._prefilter = _WholeText(len(linter.catalog.patterns))  # type: ignore[assignment]
    return linter, reference


@pytest.fixture(scope="module")
def every_pack() -> tuple[Linter, Linter]:
    """As ``linters``, with every shipped rule set on (also those off by default, such as werving)."""
    linter = Linter(load_catalog(builtin_rule_files()))
    reference = copy.copy(linter)
    reference._prefilter = _WholeText(len(linter.catalog.patterns))  # type: ignore[assignment]
    return linter, reference


def _examples(linter: Linter) -> list[str]:
    texts: list[str] = []
    for rule in linter.catalog.rules:
        texts += [example.text.replace("[[", "").replace("]]", "") for example in rule.flag_examples]
        texts += list(rule.pass_examples)
    return sorted(set(texts))


EXAMPLES = _examples(default_linter())
# The packs that are off by default search for other words (a slash, an opening bracket: 'm/v', '(m/v)').
PACK_EXAMPLES = sorted(set(_examples(Linter(load_catalog(builtin_rule_files())))) - set(EXAMPLES))
SPACES = [" ", "\u00a0", "\t", "\n", "\r\n", "\r", "\u2028", " " * 45, "\u00a0" * 41 + " ", " \u200b ", "\n \n"]
SEPARATORS = [" ", "\n", "\n\n", " " * 60, "\r\n\r\n", "\u2029", ". ", " - "]
# Pairs of opening and closing scare quotes, straight and typographic.
SCARE_QUOTES = [
    (pair[0], pair[1]) for pair in ["''", '""', "\u2018\u2019", "\u201a\u2019", "\u2039\u203a", "\u201e\u201d"]
]
_WORD_INSIDE = re.compile(r"(?<=[^\W\d_])(?=[^\W\d_])")


def _respell(draw: st.DrawFn, sentence: str) -> str:
    """``sentence`` with its quotes, hyphens and white space in drawn typographic variants."""
    out: list[str] = []
    for char in sentence:
        if char == "'":
            out.append(draw(st.sampled_from(["'", *APOSTROPHES])))
        elif char == '"':
            out.append(draw(st.sampled_from(['"', *DOUBLE_QUOTES])))
        elif char == "-":
            out.append(draw(st.sampled_from(["-", *HYPHENS, "\u2013", "-\n", "-\u00ad"])))
        elif char == " ":
            out.append(draw(st.sampled_from(SPACES)))
        else:
            out.append(char)
    return "".join(out)


@st.composite
def _noisy(draw: st.DrawFn, sentence: str) -> str:
    text = _respell(draw, sentence)
    inside = [m.start() for m in _WORD_INSIDE.finditer(text)]
    # Invisible marks and soft hyphens inside words, and a word broken over a line.
    for at in sorted(draw(st.lists(st.sampled_from(inside), max_size=3)) if inside else [], reverse=True):
        mark = draw(st.sampled_from([*INVISIBLE, "\u00ad\n", "-\n"]))
        text = text[:at] + mark + text[at:]
    words = text.split(" ")
    if len(words) > 1 and draw(st.booleans()):  # scare quotes around a word
        at = draw(st.integers(0, len(words) - 1))
        left, right = draw(st.sampled_from(SCARE_QUOTES))
        words[at] = left + words[at] + right
    text = " ".join(words)
    return draw(st.sampled_from([text, text.upper(), text.replace("o", "ó", 1)]))


@st.composite
def documents(draw: st.DrawFn, examples: list[str] = EXAMPLES) -> str:
    """A few rule examples with typographic noise, joined by drawn separators."""
    sentences = draw(st.lists(st.sampled_from(examples), min_size=1, max_size=5))
    parts: list[str] = []
    for sentence in sentences:
        parts += [draw(_noisy(sentence)), draw(st.sampled_from(SEPARATORS))]
    return "".join(parts)


def _findings(linter: Linter, text: str) -> list[Finding]:
    return linter.lint(text, policy=REPORT_ALL)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_prefiltered_findings_equal_whole_text_findings(linters: tuple[Linter, Linter], text: str) -> None:
    linter, reference = linters
    assert _findings(linter, text) == _findings(reference, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(PACK_EXAMPLES + EXAMPLES[::5]))
def test_prefiltered_findings_equal_whole_text_findings_with_every_pack(
    every_pack: tuple[Linter, Linter], text: str
) -> None:
    linter, reference = every_pack
    assert _findings(linter, text) == _findings(reference, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_windows_are_ordered_and_disjoint(linters: tuple[Linter, Linter], text: str) -> None:
    """Overlapping windows would report a match twice; a window outside the text would lose one."""
    windows = linters[0]._prefilter.windows(text)
    assert all(0 <= w.start < w.end <= len(text) for w in windows)
    assert all(a.end < b.start for a, b in pairwise(windows))


def _agree(linters: tuple[Linter, Linter], text: str) -> list[Finding]:
    linter, reference = linters
    found = _findings(linter, text)
    assert found == _findings(reference, text)
    return found


@pytest.mark.parametrize("gap", [" " * 45, "\u00a0" * 60, " \t " * 30, " " * 200])
def test_long_white_space_between_words(linters: tuple[Linter, Linter], gap: str) -> None:
    """Review cause 1: a white-space run over 40 characters between the words of a term."""
    assert _agree(linters, f"Veel hoog{gap}opgeleiden wonen hier.")
    assert _agree(linters, f"Het verschil tussen laag-,{gap}middelbaar{gap}en{gap}hoogopgeleiden is groot.")


@pytest.mark.parametrize("quote", ["\u201a", "\u2039", "\u203a"])
def test_quote_marks_the_normaliser_knows(linters: tuple[Linter, Linter], quote: str) -> None:
    """Review cause 2: quote marks U+201A, U+2039 and U+203A as the apostrophe inside a term."""
    found = _agree(linters, f"Het feest is voor mbo{quote}ers en studenten.")
    assert [f.text for f in found] == [f"mbo{quote}ers en studenten"]


def test_one_or_more_in_a_token_pattern() -> None:
    """Review cause 3: a token with ``OP: "+"`` may repeat between two required words."""
    pattern = parse_tokens([{"LOWER": "diploma"}, {"LOWER": "echt", "OP": "+"}, {"LOWER": "vereist"}])
    text = "Een diploma " + "echt " * 12 + "vereist."
    windows = Prefilter([pattern]).windows(text)
    assert [(w.start, w.end) for w in windows] == [(0, len(text))]


def test_literal_longer_than_a_compound_part(linters: tuple[Linter, Linter]) -> None:
    """Review cause 4: a literal ('onderwijsladder') that starts inside a closed compound and runs past its split."""
    found = _agree(linters, "De praktischonderwijsladder is lang.")
    assert [f.text for f in found] == ["onderwijsladder"]


@pytest.mark.parametrize("joiner", [", ", " en ", " / ", "- en ", "-, "])
@pytest.mark.parametrize("opening", ["Inwoners die ", "Zo. ", ""])
def test_long_match_is_not_cut_at_the_window_edge(linters: tuple[Linter, Linter], joiner: str, opening: str) -> None:
    """Review cause 5: a coordination much longer than the margin around the term."""
    levels = joiner.join(["laag", "hoog"] * 15)
    found = _agree(linters, f"{opening}{levels}{joiner}hoogopgeleid zijn.")
    assert [f.text for f in found] == [f"{levels}{joiner}hoogopgeleid"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\u00a0\r\n\u2028\u2029", min_size=1, max_size=6))
def test_a_paragraph_break_is_one_for_the_normaliser(run: str) -> None:
    """What ends a paragraph (where windows and mentions stop) is a paragraph break in the canonical text.

    A single CRLF was taken for two line breaks: a line end in a sentence counted as a new paragraph.
    """
    if PARAGRAPH_BREAK.search(run):
        assert normalize(f"woord{run}woord").text == "woord\n\nwoord"
    assert not PARAGRAPH_BREAK.search("hoog\r\nopgeleid")
