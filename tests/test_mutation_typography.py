"""The canonical text against a plain reference, as planted bugs (scripts/mutation.py) asked.

The reference walks the text character by character, where the module uses regular expressions; they
must agree on the canonical text and on where every character copied from the original came from.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from waardetaal.morphology import FUNCTION_WORDS
from waardetaal.typography import (
    APOSTROPHES,
    DOUBLE_QUOTES,
    HYPHENS,
    INVISIBLE,
    PARAGRAPH_BREAK,
    normalize,
    without_stress,
)

_ACUTE = {"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "Á": "A", "É": "E", "Í": "I", "Ó": "O", "Ú": "U"}
_COMBINING_ACUTE = "\u0301"
_LINE_ENDS = "\n\r\u2028\u2029"
_LIST_MARKERS = "-*•·▪–"


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or "\u0300" <= char <= "\u036f" or char in INVISIBLE


def _reference_unstressed(word: str) -> str:
    last = word.rstrip(INVISIBLE)[-1]
    plain = "".join(_ACUTE.get(char, char) for char in word if char.isalpha()).lower()
    if last == _COMBINING_ACUTE or last in _ACUTE or plain in FUNCTION_WORDS:
        return word
    return "".join("\u200b" if char == _COMBINING_ACUTE else _ACUTE.get(char, char) for char in word)


def reference_without_stress(text: str) -> str:
    """Each word that holds a stress mark, unstressed unless the accent is its spelling."""
    out, index = [], 0
    while index < len(text):
        end = index
        while end < len(text) and _is_word_char(text[end]):
            end += 1
        if end == index:
            out.append(text[index])
            index += 1
            continue
        word = text[index:end]
        has_mark = any(char in _ACUTE or char == _COMBINING_ACUTE for char in word)
        out.append(_reference_unstressed(word) if has_mark else word)
        index = end
    return "".join(out)


def _line_breaks(run: str) -> int:
    count, index = 0, 0
    while index < len(run):
        count += run[index] in _LINE_ENDS
        index += 2 if run.startswith("\r\n", index) else 1
    return count


def _starts_list_item(after: str) -> bool:
    # Only three characters after the run are looked at, so a marker of one digit at most.
    if after[:1] in tuple(_LIST_MARKERS):
        return after[1:2].isspace()
    return after[:1].isdecimal() and after[1:2] in (".", ")") and after[2:3].isspace()


def _reference_replacement(run: str, before: str, after: str) -> str:
    if not any(char.isspace() for char in run):
        return ""
    breaks = _line_breaks(run)
    if breaks >= 2 or (breaks == 1 and (_starts_list_item(after) or (after[:1].isupper() and not before.isupper()))):
        return "\n\n"
    return " "


def _same_length(char: str) -> str:
    if char in APOSTROPHES:
        return "'"
    if char in DOUBLE_QUOTES:
        return '"'
    return "-" if char in HYPHENS else char


def reference_normalize(text: str) -> tuple[str, list[int | None]]:
    """The canonical text and, per character, the original offset it was copied from (None if made up)."""
    text = reference_without_stress(text)
    chars: list[str] = []
    sources: list[int | None] = []
    index = 0
    while index < len(text):
        end = index
        while end < len(text) and (text[end].isspace() or text[end] in INVISIBLE):
            end += 1
        if end == index or text[index:end] == " ":
            chars.append(text[index])
            sources.append(index)
            index = max(end, index + 1)
            continue
        replacement = _reference_replacement(text[index:end], text[index - 1 : index], text[end : end + 3])
        chars += replacement
        sources += [None] * len(replacement)
        index = end
    for at, char in enumerate(chars):
        letters = 0 < at < len(chars) - 1 and chars[at - 1].isalpha() and chars[at + 1].isalpha()
        chars[at] = "-" if char == "\u2013" and letters else _same_length(char)
    return "".join(chars), sources


_ALPHABET = (
    "aAbZ1_.)é\u00d3\u0301"  # letters, a digit, stress marks
    " \t\u00a0\n\r\u2028\u2029\x0b"  # white space and line ends
    "\u200b\u00ad\u200e\u2066"  # invisible marks
    "\u2013-*•"  # dashes and list markers
    "\u2019`\u201c\u00ab\u2010\u2011"  # quote and hyphen look-alikes
)
_TEXT = st.text(alphabet=_ALPHABET, max_size=40)
_WORDS = st.lists(
    st.sampled_from(["één", "vóór", "dé", "café", "hóóg", "HÓÓG", "theorétisch", "ho\u0301og", "e\u0301e\u0301n"]),
    max_size=4,
)


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_the_canonical_text_is_the_reference(text: str) -> None:
    expected, sources = reference_normalize(text)
    canonical = normalize(text)
    assert canonical.text == expected
    for offset, source in enumerate(sources):
        if source is not None:
            assert canonical.to_original(offset) == source, offset


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORDS.map(" ".join), _TEXT), max_size=4).map("".join))
def test_stress_is_removed_as_the_reference_does(text: str) -> None:
    assert without_stress(text) == reference_without_stress(text)
    assert normalize(text).text == reference_normalize(text)[0]


@given(_TEXT)
def test_the_canonical_text_never_has_two_spaces_in_a_row(text: str) -> None:
    assert "  " not in normalize(text).text


@given(_TEXT)
def test_normalizing_the_canonical_text_changes_nothing(text: str) -> None:
    canonical = normalize(text).text
    again = normalize(canonical)
    assert again.text == canonical
    assert [again.to_original(offset) for offset in range(len(canonical))] == list(range(len(canonical)))


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("hoog\u2013opgeleid", "hoog-opgeleid"),
        ("1\u20132", "1\u20132"),
        ("a \u2013 b", "a \u2013 b"),
        ("\u2018x\u2019 \u201ey\u201d \u2039z\u203a a\u2011b", "'x' \"y\" 'z' a-b"),
        ("Kosten te hoog\nOpgeleide", "Kosten te hoog\n\nOpgeleide"),
        ("KOSTEN\nOpgeleide", "KOSTEN Opgeleide"),
        ("lijst\n- een", "lijst\n\n- een"),
        ("lijst\n3. een", "lijst\n\n3. een"),
        ("lijst\n2) een", "lijst\n\n2) een"),
        ("hoog\r\nopgeleid", "hoog opgeleid"),
        ("hoog\r\rop", "hoog\n\nop"),
        ("hoog\u00ad\u200bop", "hoogop"),
        ("hoog \u200b opgeleid", "hoog opgeleid"),
        ("\nOpgeleid", "\n\nOpgeleid"),
    ],
)
def test_examples_of_the_canonical_text(text: str, canonical: str) -> None:
    assert normalize(text).text == canonical
    assert reference_normalize(text)[0] == canonical


def test_a_list_item_of_two_digits_starts_a_new_line() -> None:
    assert normalize("punt een\n10. punt twee").text == "punt een\n\n10. punt twee"


@pytest.mark.parametrize(
    ("run", "paragraph"),
    [("\n\n", True), ("\r\n\r\n", True), ("\n \t\u00a0\n", True), ("\r\n", False), ("\n", False), ("\r\r", True)],
)
def test_a_paragraph_break_is_two_line_ends_with_only_spaces_between(run: str, paragraph: bool) -> None:
    assert bool(PARAGRAPH_BREAK.search(f"a{run}b")) is paragraph
