"""Start-up work left out or deferred: spaCy validation only for rule files, Matchers built on first need."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests import documents
from tests.conftest import ROOT

from waardetaal import Catalog, Linter, load_catalog
from waardetaal.annotations import parse_annotated
from waardetaal.findings import Finding
from waardetaal.positions import LineIndex
from waardetaal.readers import ReadError
from waardetaal.readers import docx as docx_reader
from waardetaal.readers import text as text_reader

_CATALOG = load_catalog()
# Sentences of the annotated corpora: terms of every rule, and the traps around them.
_SENTENCES = sorted(
    {
        sentence.strip()
        for path in sorted((ROOT / "corpora").glob("*/*.txt"))
        for sentence in re.split(r"(?<=[.!?])\s+", parse_annotated(path.read_text(encoding="utf-8"))[0])
        if sentence.strip()
    }
)
# Built once: the eager, validating engine every lazy one must agree with.
_VALIDATING = Linter(_CATALOG, validate=True)


def _shown(findings: list[Finding]) -> list[tuple[int, int, str, str, tuple[str, ...]]]:
    return [(f.start, f.end, f.rule, f.severity.value, f.suggestions) for f in findings]


def _built(linter: Linter) -> int:
    return len(linter._engine._matchers)


def test_sentences_cover_every_rule() -> None:
    found = {finding.rule for sentence in _SENTENCES for finding in _VALIDATING.lint(sentence)}
    assert {rule.id for rule in _CATALOG.rules} - found == set()


def test_validating_engine_builds_every_matcher_at_once() -> None:
    assert _built(_VALIDATING) == len(_CATALOG.pattern_keys)


def test_lazy_engine_builds_only_the_matchers_a_text_needs() -> None:
    linter = Linter(_CATALOG)
    assert linter.lint("De gemeente wil meer hoogopgeleiden aantrekken.")
    assert 0 < _built(linter) < len(_CATALOG.pattern_keys) // 2
    linter.prepare()
    assert _built(linter) == len(_CATALOG.pattern_keys)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=6), min_size=1, max_size=5))
def test_matchers_built_on_need_find_what_eager_ones_find(texts: list[list[str]]) -> None:
    # A fresh lazy linter per example: its Matchers are built in the order these texts need them.
    lazy = Linter(_CATALOG)
    for sentences in texts:
        text = " ".join(sentences)
        assert _shown(lazy.lint(text)) == _shown(_VALIDATING.lint(text))


def test_prepared_linter_finds_what_a_lazy_one_finds() -> None:
    prepared, lazy = Linter(_CATALOG), Linter(_CATALOG)
    prepared.prepare()
    text = " ".join(_SENTENCES)
    assert _shown(prepared.lint(text)) == _shown(lazy.lint(text))


def test_rule_file_examples_are_checked_with_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    from waardetaal import rule_examples

    asked: list[bool] = []

    class Recording(Linter):
        def __init__(self, catalog: Catalog, validate: bool = False) -> None:
            asked.append(validate)
            super().__init__(catalog, validate)

    monkeypatch.setattr(rule_examples, "Linter", Recording)
    rule_examples.failing_examples(_CATALOG, [_CATALOG.rules[0].path])
    assert asked == [True]


@given(st.binary(max_size=300))
def test_binary_sniffing_counts_control_bytes(data: bytes) -> None:
    sample = data[:8192]
    controls = sum(byte < 32 and byte not in b"\t\n\r\x0c" for byte in sample)
    expected = b"\x00" in sample or (bool(sample) and controls / len(sample) > 0.05)
    assert text_reader._looks_binary(data) == expected


def _naive_line_and_column(text: str, offset: int) -> tuple[int, int]:
    starts, index = [0], 0
    while index < len(text):
        step = 2 if text.startswith("\r\n", index) else 1
        index += step
        if text[index - step] in "\r\n":
            starts.append(index)
    line = max(number for number, start in enumerate(starts) if start <= offset)
    return line + 1, offset - starts[line] + 1


@given(st.text(alphabet="ab \r\n", max_size=40), st.data())
def test_lines_found_on_first_use_are_those_of_the_text(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    assert LineIndex(text).line_and_column(offset) == _naive_line_and_column(text, offset)


def test_word_text_read_without_python_docx_document_is_what_the_document_holds() -> None:
    # The reader parses only the parts with text; python-docx's whole Document is the reference.
    data = documents.make_docx()
    document = docx_reader.open_docx(data)
    extracted = docx_reader.read_docx(data)
    assert extracted.text is not None
    for element in docx_reader.body_paragraphs(document):
        text = docx_reader.paragraph_text(element)
        assert not text.strip() or text in extracted.text
    created = document.core_properties.created
    assert created is not None and extracted.year == created.year


def test_a_package_whose_main_part_is_no_word_document_is_refused() -> None:
    original = zipfile.ZipFile(io.BytesIO(documents.make_docx()))
    changed = io.BytesIO()
    with zipfile.ZipFile(changed, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            copy.writestr(item, data)
    with pytest.raises(ReadError, match="beschadigd Word-bestand"):
        docx_reader.read_docx(changed.getvalue())
