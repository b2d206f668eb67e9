"""The Python API: lint_text with the command line's settings, a Linter for batches, the README's pandas example."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import ROOT

from waardetaal import Linter, Mentions, Severity, lint_text
from waardetaal.linter import default_linter

TEXT = "Veel hoogopgeleiden en mbo-leerlingen; je hebt minimaal een afgeronde hbo-opleiding."
ALL_RULES = ["utrecht.hoog-laag-opgeleid", "utrecht.mbo-leerling", "utrecht.diploma-eis"]
MENTION = "Het woord ‘hoogopgeleiden’ is beladen."


def rules(**settings: object) -> list[str]:
    return [finding.rule for finding in lint_text(TEXT, **settings)]  # type: ignore[arg-type]


def test_without_settings_every_rule_reports() -> None:
    assert rules() == ALL_RULES


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ({"select": ["utrecht.mbo-leerling"]}, ["utrecht.mbo-leerling"]),
        ({"select": "utrecht.mbo-leerling"}, ["utrecht.mbo-leerling"]),  # one selector, not its letters
        ({"select": ["utrecht"]}, ALL_RULES),
        ({"ignore": ["utrecht.hoog-laag-opgeleid", "utrecht.diploma-eis"]}, ["utrecht.mbo-leerling"]),
        ({"ignore": "utrecht"}, []),
        ({"genre": "publicatie"}, ALL_RULES[:2]),
        ({"genre": "vacature"}, ALL_RULES),
    ],
)
def test_select_ignore_and_genre(setting: dict[str, object], expected: list[str]) -> None:
    assert rules(**setting) == expected


def test_severity_overrides_the_rules_own() -> None:
    findings = lint_text(TEXT, severity={"utrecht.mbo-leerling": "error", "utrecht": Severity.INFO})
    assert [(f.rule, f.severity) for f in findings] == [
        ("utrecht.hoog-laag-opgeleid", Severity.INFO),
        ("utrecht.mbo-leerling", Severity.ERROR),
        ("utrecht.diploma-eis", Severity.INFO),
    ]


def test_mentions() -> None:
    assert [f.severity for f in lint_text(MENTION)] == [Severity.INFO]
    assert [f.severity for f in lint_text(MENTION, mentions="report")] == [Severity.WARNING]
    assert lint_text(MENTION, mentions=Mentions.IGNORE) == []


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"genre": "roman"}, "‘roman’"),
        ({"select": ["utrecht.bestaat-niet"]}, "‘select’ noemt onbekende regel ‘utrecht.bestaat-niet’"),
        ({"ignore": ["onbekend"]}, "‘ignore’ noemt onbekende regel ‘onbekend’"),
        ({"severity": {"utrecht.bestaat-niet": "error"}}, "‘severity’ noemt onbekende regel"),
        ({"severity": {"utrecht": "hoog"}}, "kies uit error, warning, info"),
        ({"mentions": "soms"}, "kies uit info, ignore, report"),
    ],
)
def test_unknown_settings_raise_a_dutch_value_error(setting: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        lint_text(TEXT, **setting)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, math.nan, 3, b"hoogopgeleiden", ["hoogopgeleiden"]])
def test_a_value_that_is_not_text_raises_a_dutch_type_error(value: object) -> None:
    with pytest.raises(TypeError, match=r"waardetaal controleert tekst \(str\), geen ") as raised:
        lint_text(value)  # type: ignore[arg-type]
    # An empty pandas cell (NaN or None) gets the advice that fixes it.
    assert ("fillna" in str(raised.value)) == (value is None or isinstance(value, float))
    with pytest.raises(TypeError, match="waardetaal controleert tekst"):
        list(default_linter().lint_many(["hoogopgeleiden", value]))  # type: ignore[list-item]


def test_empty_text_has_no_findings() -> None:
    assert lint_text("") == []


SENTENCES = st.lists(
    st.sampled_from(["hoogopgeleiden", "mbo-leerlingen", "hoger onderwijs", "‘laagopgeleid’", "De wijk.", "\n"]),
    max_size=6,
).map(" ".join)


@given(st.lists(SENTENCES, max_size=6), st.sampled_from([None, "vacature", "publicatie"]))
@settings(max_examples=30, deadline=None)
def test_lint_many_gives_each_texts_findings_in_order(texts: list[str], genre: str | None) -> None:
    linter: Linter = default_linter()
    policy = linter.policy(genre=genre, ignore=["utrecht.ladder"])
    batch = linter.lint_many(iter(texts), policy)  # any iterable, consumed lazily
    assert list(batch) == [lint_text(text, genre=genre, ignore=["utrecht.ladder"]) for text in texts]


def readme_example(heading: str) -> str:
    """The first Python block after ``heading`` in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(f"\n{heading}\n") :]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None, f"geen Python-voorbeeld onder {heading}"
    return match.group(1)


def test_readme_pandas_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pandas", reason="pandas is in the test extra")
    namespace: dict[str, object] = {}
    exec(compile(readme_example("### Voor data-analisten"), "README.md", "exec"), namespace)
    frame, findings = namespace["df"], namespace["bevindingen"]
    assert list(frame["aantal"]) == [1, 0, 0]  # type: ignore[index]
    assert list(findings["rule"]) == ["utrecht.hoog-laag-opgeleid"]  # type: ignore[index]
    assert list(findings["rij"]) == [0]  # type: ignore[index]
    assert "hoogopgeleiden" in capsys.readouterr().out


@pytest.mark.parametrize(("heading", "printed"), [("### Als bibliotheek", "hoogopgeleiden"), ("### In spaCy", "laag-")])
def test_readme_library_and_spacy_examples_run(heading: str, printed: str, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(readme_example(heading), "README.md", "exec"), {})
    assert printed in capsys.readouterr().out
