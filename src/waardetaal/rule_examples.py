"""A rule file's own examples, run against the engine: does each rule do what they say.

A rule writer who copies a rule and changes its phrase learns here, when the
file is loaded, that an example the rule should flag is not flagged, is flagged
with other bounds or severity, gets another suggestion, or that a text that
should pass is flagged. Every example is checked as ``waardetaal check`` would
check it, with all loaded rules, so a finding hidden by another rule shows too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from waardetaal.annotations import parse_annotated
from waardetaal.findings import Finding
from waardetaal.linter import Linter
from waardetaal.rules import Catalog, FlagExample, Rule


@dataclass(frozen=True, slots=True)
class ExampleFailure:
    """One example that its rule does not satisfy, with a Dutch explanation."""

    path: str
    rule: str
    example: str  # 'flag[2]' or 'pass[1]', as the field is named in the file
    text: str
    problem: str

    def __str__(self) -> str:
        """The failure as one Dutch line naming file, rule and example."""
        shown = " ".join(self.text.split())
        return f"{self.path}: regel {self.rule}: voorbeeld {self.example} ‘{shown}’: {self.problem}"


def failing_examples(catalog: Catalog, paths: Iterable[str]) -> list[ExampleFailure]:
    """The examples of the rules loaded from ``paths`` that the engine does not satisfy."""
    wanted = set(paths)
    rules = [rule for rule in catalog.rules if rule.path in wanted]
    if not rules:
        return []
    linter = Linter(catalog, validate=True)  # a rule writer's file: let spaCy check every pattern too
    failures = []
    for rule in rules:
        for number, flag in enumerate(rule.flag_examples, start=1):
            problem = _flag_problem(linter, rule, flag)
            if problem is not None:
                failures.append(ExampleFailure(rule.path, rule.id, f"flag[{number}]", flag.text, problem))
        for number, text in enumerate(rule.pass_examples, start=1):
            found = _findings_of(linter, rule, text)
            if found:
                failures.append(
                    ExampleFailure(rule.path, rule.id, f"pass[{number}]", text, f"toch gesignaleerd: {_quoted(found)}")
                )
    return failures


def _flag_problem(linter: Linter, rule: Rule, example: FlagExample) -> str | None:
    """What is wrong with a flag example, or None when the rule flags it as marked."""
    text, marks = parse_annotated(example.text)
    found = _findings_of(linter, rule, text)
    expected = [(mark.start, mark.end) for mark in marks]
    if not found:
        return "niet gesignaleerd"
    if [(f.start, f.end) for f in found] != expected:
        wanted = ", ".join(f"‘{text[start:end]}’" for start, end in expected)
        return f"gesignaleerd: {_quoted(found)}; verwacht: {wanted}"
    severity = example.severity or rule.severity
    if found[0].severity != severity:
        return f"ernst {found[0].severity.value}, verwacht {severity.value}"
    if example.suggestion is not None and found[0].suggestions[:1] != (example.suggestion,):
        given = f"‘{found[0].suggestions[0]}’" if found[0].suggestions else "geen"
        return f"suggestie {given}, verwacht ‘{example.suggestion}’"
    return None


def _findings_of(linter: Linter, rule: Rule, text: str) -> list[Finding]:
    return [finding for finding in linter.lint(text) if finding.rule == rule.id]


def _quoted(findings: list[Finding]) -> str:
    return ", ".join(f"‘{finding.text}’" for finding in findings)
