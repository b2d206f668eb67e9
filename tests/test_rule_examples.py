"""Every example in every rule file is a test (sqlfluff-style, one id per example)."""

from __future__ import annotations

import pytest

from waardetaal import Linter, load_catalog
from waardetaal.annotations import parse_annotated
from waardetaal.rules import FlagExample, Rule

_CATALOG = load_catalog()
FLAG_CASES = [
    pytest.param(rule, example, id=f"{rule.id}-flag-{n}")
    for rule in _CATALOG.rules
    for n, example in enumerate(rule.flag_examples, start=1)
]
PASS_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-pass-{n}")
    for rule in _CATALOG.rules
    for n, text in enumerate(rule.pass_examples, start=1)
]


@pytest.mark.parametrize(("rule", "example"), FLAG_CASES)
def test_flag_example(linter: Linter, rule: Rule, example: FlagExample) -> None:
    text, expected = parse_annotated(example.text)
    findings = [f for f in linter.lint(text) if f.rule == rule.id]
    assert [(f.start, f.end) for f in findings] == [(a.start, a.end) for a in expected], findings
    first = findings[0]
    assert first.severity == (example.severity or rule.severity)
    assert first.category == rule.category
    if example.suggestion is not None:
        assert first.suggestions[:1] == (example.suggestion,)


@pytest.mark.parametrize(("rule", "text"), PASS_CASES)
def test_pass_example(linter: Linter, rule: Rule, text: str) -> None:
    assert [f for f in linter.lint(text) if f.rule == rule.id] == []
