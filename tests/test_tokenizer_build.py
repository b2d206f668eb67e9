"""The tokenizer built in one go, taking special cases as texts need them, tokenises exactly like spaCy's own.

The reference is spaCy's Dutch tokenizer with every special case loaded and
our prefix, suffix and infix rules set on it. Two ways in which adding special
cases only when a text contains them could differ are tested directly: a
special case written with whitespace between its parts (spaCy's special-case
matcher still sees it), and texts checked one after another by one tokenizer.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from waardetaal import Catalog
from waardetaal.nlp import SpecialCasesWhenNeeded, build_pipeline, special_cases
from waardetaal.patterns import compound_boundaries

ROOT = Path(__file__).resolve().parents[1]
_EDGE_CASES = "Zo’n 3 d.w.z. e.d. bijv. www.utrecht.nl info@utrecht.nl :-) 't mbo'ers m.b.v. ca. z.s.m."


def _standard(built: Language) -> Language:
    standard = spacy.blank("nl")  # spaCy's factory: the Dutch special cases, token_match and url_match
    inner = built.tokenizer
    assert isinstance(inner, SpecialCasesWhenNeeded)
    standard.tokenizer.rules = special_cases(standard.Defaults.tokenizer_exceptions)  # all of them, at once
    standard.tokenizer.prefix_search = inner.tokenizer.prefix_search
    standard.tokenizer.suffix_search = inner.tokenizer.suffix_search
    standard.tokenizer.infix_finditer = inner.tokenizer.infix_finditer
    return standard


@cache
def _pair(boundaries: tuple[tuple[str, str], ...]) -> tuple[Language, Language]:
    built = build_pipeline(boundaries)
    return built, _standard(built)


def _tokens(nlp: Language, text: str) -> list[tuple[str, int]]:
    return [(token.text, token.idx) for token in nlp(text)]


def test_tokens_on_the_corpora_are_those_of_the_standard_build(catalog: Catalog) -> None:
    built, standard = _pair(tuple(compound_boundaries(catalog.patterns)))
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpora").rglob("*.txt"))]
    texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").glob("*"))]
    texts.append(_EDGE_CASES)
    assert len(texts) > 50
    for text in texts:  # one tokenizer for all: the special cases of earlier texts stay
        assert _tokens(built, text) == _tokens(standard, text)
    fresh = build_pipeline(compound_boundaries(catalog.patterns))
    assert _tokens(fresh, _EDGE_CASES) == _tokens(standard, _EDGE_CASES)


def test_a_lower_case_letter_keeps_no_period_and_a_capital_after_a_slash_neither() -> None:
    every = spacy.blank("nl").Defaults.tokenizer_exceptions
    left_out = set(every) - set(special_cases(every))
    assert left_out == {case for case in every if len(case) == 2 and case[0].islower() and case[1] == "."}
    assert {"a.", "v.", "z.", "ä."} <= left_out and len(left_out) == 29  # a. to z., ä., ö. and ü.
    built = build_pipeline([])
    texts = {
        "Een teamleider m/v.": ["Een", "teamleider", "m", "/", "v", "."],
        "TEAMLEIDER M/V.": ["TEAMLEIDER", "M", "/", "V", "."],
        "Zie punt a. hierboven.": ["Zie", "punt", "a", ".", "hierboven", "."],
        "J. de Vries en bijv. d.w.z.": ["J.", "de", "Vries", "en", "bijv.", "d.w.z."],  # initials, abbreviations
    }
    assert {text: [token.text for token in built(text)] for text in texts} == texts


def test_special_cases_are_added_only_when_a_text_contains_them() -> None:
    built = build_pipeline([])
    tokenizer = built.tokenizer
    assert isinstance(tokenizer, SpecialCasesWhenNeeded)
    before = len(tokenizer.tokenizer.rules)
    built("Gewone woorden zonder afkortingen")
    assert len(tokenizer.tokenizer.rules) == before
    built("Zie bijv. de nota.")
    assert "bijv." in tokenizer.tokenizer.rules
    assert len(tokenizer.tokenizer.rules) < 100  # not the 4,700 of spaCy's Dutch


_SPECIAL = sorted(spacy.blank("nl").Defaults.tokenizer_exceptions)
# Pieces a text is made of: special cases (also split by whitespace), words, punctuation and whitespace.
_PIECE = st.one_of(
    st.sampled_from(_SPECIAL),
    st.sampled_from(_SPECIAL).map(lambda case: " ".join(case)),
    st.sampled_from(["hoog", "opgeleiden", "mbo", "-", ".", "'", "(", ")", ":", "/", "a", "A.", "St", "nr"]),
    st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", ""]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECE, max_size=12).map("".join), min_size=1, max_size=4))
def test_texts_made_of_special_cases_tokenise_as_with_all_of_them(texts: list[str]) -> None:
    built, standard = _pair((("hoog", "opgeleid"),))
    for text in texts:
        assert _tokens(built, text) == _tokens(standard, text)


@settings(max_examples=100, deadline=None)
@given(st.lists(_PIECE, max_size=12).map("".join))
def test_a_fresh_tokenizer_agrees_on_its_first_text(text: str) -> None:
    built = build_pipeline((("hoog", "opgeleid"),))
    assert _tokens(built, text) == _tokens(_pair((("hoog", "opgeleid"),))[1], text)


def test_when_the_set_search_gives_up_each_case_is_looked_for() -> None:
    built = build_pipeline([])
    tokenizer = built.tokenizer
    assert isinstance(tokenizer, SpecialCasesWhenNeeded)

    class GivingUp:
        def Match(self, text: bytes) -> None:  # RE2's name
            return None  # what RE2's set answers when its automaton runs out of memory

    tokenizer._search = GivingUp()  # type: ignore[assignment]
    text = "Zie bijv. de nota, d.w.z. o.a. de brief (art. 3, nr. 4)."
    assert _tokens(built, text) == _tokens(_pair(())[1], text)
    assert {"bijv.", "d.w.z.", "o.a.", "art.", "nr."} <= set(tokenizer.tokenizer.rules)
