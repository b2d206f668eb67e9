"""Hostile input for the engine: backtracking patterns, invisible marks, compact markup.

A rule file may hold a REGEX or a phrase that makes a backtracking engine take
exponential time on a text made for it; both run through the real command line
under the time and memory bounds. Direction marks and table bars are checked
in-process: they are about what is found and where, not about the process.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.hostile.bounded import assert_clean_exit, run_bounded

from waardetaal.linter import Linter, lint_text
from waardetaal.rules import Catalog, RuleFileError, load_ruleset
from waardetaal.typography import normalize

DIRECTION_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

_RULE = """
  - id: team.{name}
    category: test
    severity: warning
    message: ‘{{term}}’ is een testterm.
    why: Een test.
    patterns:
      - {pattern}
    examples:
      flag: ["[[{example}]]"]
      pass: ["niets"]
"""


def _rule_file(folder: Path, **patterns: tuple[str, str]) -> Path:
    """A rule set 'team' with one rule per keyword: (pattern in YAML, flagged example)."""
    body = "".join(_RULE.format(name=name, pattern=p, example=e) for name, (p, e) in patterns.items())
    path = folder / "team.yaml"
    path.write_text(f"ruleset: team\nsource: test\nrules:{body}", encoding="utf-8")
    return path


HO_PHRASE = " ".join(["ho"] * 12 + ["opgeleiden"])


def test_backtracking_patterns_from_a_rule_file_take_linear_time(tmp_path: Path) -> None:
    rules = _rule_file(
        tmp_path,
        regex=('[{LOWER: vakmensen}, {LOWER: {REGEX: "^(a+)+$"}}]', "vakmensen aaaa"),
        phrase=(f'"{HO_PHRASE}"', HO_PHRASE),
    )
    text = tmp_path / "tekst.txt"
    text.write_text(
        "\n\n".join(
            [
                "Wij zoeken vakmensen aaaa.",
                "vakmensen " + "a" * 30_000 + "b",  # Python's re: exponentially many ways to fail
                f"Een {HO_PHRASE} hier.",
                "ho" * 80 + "x" * 13 + " opgeleiden",  # a backtracking sketch: exponential in the words
            ]
        ),
        encoding="utf-8",
    )
    ran = run_bounded("check", "--rules", rules, "--format", "json", text)
    assert_clean_exit(ran, 1)
    findings = json.loads(ran.stdout)["files"][0]["findings"]
    assert [(f["rule"], f["text"], f["message"]) for f in findings] == [
        ("team.regex", "vakmensen aaaa", "‘vakmensen aaaa’ is een testterm."),
        ("team.phrase", HO_PHRASE, f"‘{HO_PHRASE}’ is een testterm."),
    ]


def test_a_regex_with_a_back_reference_is_refused_where_it_stands(tmp_path: Path) -> None:
    rules = _rule_file(tmp_path, terug=(r'[{LOWER: vakmensen}, {LOWER: {REGEX: "^(a+)\\1$"}}]', "vakmensen aa"))
    with pytest.raises(RuleFileError) as raised:
        load_ruleset(rules)
    message = str(raised.value)
    assert message.startswith(
        f"{rules}: regel team.terug: veld ‘patterns[1]’: ongeldig patroon: woord 2, sleutel LOWER:"
    )
    assert "terugverwijzingen, lookaround" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("operand", "problem"),
    [
        ("{NOT_IN: [hbo]}", "verwacht een woord, of IN met een lijst woorden"),
        ("{REGEX: '^hbo$'}", "verwacht een woord, of IN met een lijst woorden"),
    ],
)
def test_form_takes_only_words(tmp_path: Path, operand: str, problem: str) -> None:
    rules = _rule_file(tmp_path, vorm=(f"[{{FORM: {operand}}}, {{LOWER: denkniveau}}]", "wo denkniveau"))
    with pytest.raises(
        RuleFileError, match=f"regel team.vorm: veld ‘patterns\\[1\\]’: .*woord 1, sleutel FORM: {problem}"
    ):
        load_ruleset(rules)


def test_regex_classes_keep_python_meaning(tmp_path: Path) -> None:
    r"""\w is a Unicode class in Python's (and spaCy's) syntax: 'één' is a word."""
    rules = _rule_file(tmp_path, klasse=(r'[{LOWER: {REGEX: "^\\w+$"}}, {LOWER: denkniveau}]', "één denkniveau"))
    linter = Linter(Catalog((load_ruleset(rules),)))
    assert [f.text for f in linter.lint("Een één denkniveau en een - denkniveau.")] == ["één denkniveau"]


@settings(max_examples=150, deadline=None)
@given(
    term=st.sampled_from(["hoogopgeleiden", "laagopgeleide", "werk- en denkniveau"]),
    marks=st.lists(st.tuples(st.integers(0, 20), st.sampled_from(DIRECTION_MARKS)), min_size=1, max_size=4),
)
def test_direction_marks_in_and_around_a_term(term: str, marks: list[tuple[int, str]]) -> None:
    marked = term
    for position, mark in sorted(marks, reverse=True):
        at = min(position, len(term))
        marked = marked[:at] + mark + marked[at:]
    text = f"Veel {marked} hier."
    findings = lint_text(text)
    assert len(findings) == 1, (text, findings)
    found = findings[0]
    assert found.text == text[found.start : found.end]
    # The span holds every mark inside the term and none around it.
    assert found.text.translate(str.maketrans(dict.fromkeys(DIRECTION_MARKS))) == term
    assert found.text[0] == term[0] and found.text[-1] == term[-1]


@pytest.mark.parametrize(
    "text",
    [
        "de \u200ehoogopgeleiden\u200f hier",
        "hoog\u200eopgeleiden",
        "hoog \u2066 opgeleiden",
        "\u202bhoog\u061copgeleiden\u202c",
    ],
)
def test_direction_marks_examples(text: str) -> None:
    (found,) = lint_text(text)
    assert found.text == text[found.start : found.end]
    assert (found.text[0], found.text[-1]) == ("h", "n")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab -\n\t\u00a0" + DIRECTION_MARKS + "\u200b\u00ad", max_size=60))
def test_normalized_offsets_point_at_the_same_characters(text: str) -> None:
    canonical = normalize(text)
    for offset, char in enumerate(canonical.text):
        if not char.isspace():
            assert text[canonical.to_original(offset)] == char


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("|hoogopgeleiden|x|", "hoogopgeleiden"),
        ("|hoogopgeleiden|", "hoogopgeleiden"),
        ("|x|**laagopgeleiden**|y|", "laagopgeleiden"),
        ("x|_laagopgeleiden_|", "laagopgeleiden"),
        ("~~hoogopgeleiden~~ vakmensen", "hoogopgeleiden"),
        ("==hoogopgeleiden==", "hoogopgeleiden"),
        ("[hoogopgeleiden](https://example.org)", "hoogopgeleiden"),
        ("[hoogopgeleiden][1]", "hoogopgeleiden"),
        ("<b>hoogopgeleiden</b>", "hoogopgeleiden"),
        ("|hbo+ denkniveau|", "hbo+ denkniveau"),
    ],
)
def test_terms_glued_to_markup_are_found(text: str, term: str) -> None:
    (found,) = lint_text(text)
    assert (found.text, found.start) == (term, text.index(term))
