"""Settings decide which matches take part before overlaps are resolved and before the findings bound counts them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from waardetaal import Catalog, Linter, Severity
from waardetaal import linter as linter_module
from waardetaal.cli import main
from waardetaal.linter import TOO_MANY_RULE, Mentions, Policy, _Judge
from waardetaal.matching import _Span, resolve_overlaps
from waardetaal.prefilter import Window
from waardetaal.rules import load_ruleset

DENK = "utrecht.werk-en-denkniveau"
DIPLOMA = "utrecht.diploma-eis"
# A hard education floor (a hint by default) overlapping a werk- en denkniveau (a warning).
OVERLAP = "Je hebt minimaal hbo-/wo-denkniveau."

SENTENCES = (
    OVERLAP,
    "Veel hoogopgeleiden en laagopgeleiden wonen hier.",
    "Een afgeronde hbo-opleiding is vereist.",
    "De mbo-leerlingen en het hoger onderwijs.",
    "Zij willen hogerop komen na het mbo.",
    "Minimaal hbo werk- en denkniveau is een vereiste.",
    "Het ‘hoger’ onderwijs en de term ‘laagopgeleiden’.",
    "Gewone zin over de stad.",
)


def reported(linter: Linter, text: str, policy: Policy) -> list[tuple[str, str, Severity]]:
    return [(f.rule, f.text, f.severity) for f in linter.lint(text, None, policy)]


def test_by_default_the_warning_hides_the_overlapping_hint(linter: Linter) -> None:
    assert reported(linter, OVERLAP, Policy()) == [(DENK, "hbo-/wo-denkniveau", Severity.WARNING)]


def test_a_raised_severity_wins_the_overlap(linter: Linter) -> None:
    policy = Policy(severities={DIPLOMA: Severity.ERROR})
    assert reported(linter, OVERLAP, policy) == [(DIPLOMA, "minimaal hbo-/wo", Severity.ERROR)]


def test_a_lowered_severity_loses_the_overlap(linter: Linter) -> None:
    policy = Policy(severities={DENK: Severity.INFO, DIPLOMA: Severity.WARNING})
    assert reported(linter, OVERLAP, policy) == [(DIPLOMA, "minimaal hbo-/wo", Severity.WARNING)]


def test_a_severity_for_a_prefix_applies_and_an_id_outranks_it(linter: Linter) -> None:
    # Equally serious, the longer match wins.
    everything = Policy(severities={"utrecht": Severity.ERROR})
    assert reported(linter, OVERLAP, everything) == [(DIPLOMA, "minimaal hbo-/wo", Severity.ERROR)]
    specific = Policy(severities={"utrecht": Severity.ERROR, DIPLOMA: Severity.INFO})
    assert reported(linter, OVERLAP, specific) == [(DENK, "hbo-/wo-denkniveau", Severity.ERROR)]


@pytest.mark.parametrize(
    ("policy", "rule"),
    [
        (Policy(select=(DIPLOMA,)), DIPLOMA),
        (Policy(select=("utrecht",), ignore=(DENK,)), DIPLOMA),
        (Policy(severities={DIPLOMA: Severity.ERROR}, genre="publicatie"), DENK),
        (Policy(severities={DIPLOMA: Severity.ERROR}, genre="vacature"), DIPLOMA),
        (Policy(severities={DIPLOMA: Severity.ERROR}, ignore=(DIPLOMA,)), DENK),
    ],
)
def test_selection_and_genre_decide_before_the_overlap(linter: Linter, policy: Policy, rule: str) -> None:
    assert [f.rule for f in linter.lint(OVERLAP, None, policy)] == [rule]


@pytest.mark.parametrize(
    ("policy", "rules"),
    [
        (Policy(), [DENK]),
        (Policy(ignore=(DENK,)), [DIPLOMA]),
        (Policy(genre="publicatie", severities={DIPLOMA: Severity.ERROR}), [DENK]),
        (Policy(select=("utrecht.ladder",)), []),
    ],
)
def test_the_engine_asks_the_policy_whatever_windows_it_is_given(
    linter: Linter, policy: Policy, rules: list[str]
) -> None:
    """Selection holds in the engine too, not only in the prefilter's choice of patterns."""
    everything = Window(0, len(OVERLAP), frozenset(range(len(linter.catalog.patterns))))
    assert [d.rule.id for d in linter._engine.detect(OVERLAP, [everything], _Judge(OVERLAP, policy))] == rules


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=5),
    st.sampled_from(
        [
            "utrecht.hoog-laag-opgeleid",
            "utrecht.hoger-onderwijs",
            DENK,
            DIPLOMA,
            "utrecht.mbo-leerling",
            "utrecht.ladder",
        ]
    ),
)
def test_the_one_blocking_rule_is_found_wherever_it_matches(linter: Linter, sentences: list[str], rule: str) -> None:
    """The only error-level rule loses no match to an overlap: it finds what it finds when it runs alone."""
    text = " ".join(sentences)
    blocking = {rule: Severity.ERROR}
    raised = linter.lint(text, None, Policy(severities=blocking, mentions=Mentions.REPORT))
    alone = linter.lint(text, None, Policy(select=(rule,), severities=blocking, mentions=Mentions.REPORT))
    assert [f for f in raised if f.rule == rule] == alone
    assert all(f.severity is Severity.ERROR for f in alone)
    others = [f for f in raised if f.rule != rule]
    assert not any(a.start < b.end and b.start < a.end for a in alone for b in others)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 30), st.integers(1, 6), st.integers(0, 2)), min_size=0, max_size=12
    )
)
def test_resolving_overlaps_keeps_the_most_serious_and_hides_nothing_for_no_reason(
    drawn: list[tuple[int, int, int, int]],
) -> None:
    spans = [_Span(rule, None, start, start + length) for rule, start, length, _ in drawn]
    ranks = [rank for *_, rank in drawn]
    kept = resolve_overlaps(spans, ranks)

    def overlap(a: int, b: int) -> bool:
        return spans[a].start < spans[b].end and spans[b].start < spans[a].end

    def priority(i: int) -> tuple[int, int]:
        return ranks[i], spans[i].end - spans[i].start

    assert kept == sorted(kept, key=lambda i: spans[i].start)
    assert not any(overlap(a, b) for a in kept for b in kept if a != b)
    for dropped in set(range(len(spans))) - set(kept):
        # Whatever was left out lost to a kept match at least as serious and, when as serious, at least as long.
        assert any(overlap(dropped, k) and priority(k) >= priority(dropped) for k in kept)


def _two_rules(tmp_path: Path, first: str, second: str) -> Linter:
    """A linter for a team rule set with two warning rules, ``first`` and ``second`` (extra YAML keys, patterns)."""
    rules = []
    for number, extra in enumerate((first, second)):
        rules.append(
            f"""  - id: team.r{number}
    category: taal
    severity: warning
    message: ‘{{term}}’ is een etiket.
    why: Omdat.
{extra}"""
        )
    path = tmp_path / "team.yaml"
    path.write_text("ruleset: team\nsource: Teamafspraak\nrules:\n" + "".join(rules), encoding="utf-8")
    return Linter(Catalog((load_ruleset(path),)))


@pytest.fixture
def mention_linter(tmp_path: Path) -> Linter:
    """team.r0 matches a term after 'het woord' (a mention); team.r1 a shorter overlapping use."""
    return _two_rules(
        tmp_path,
        """    patterns: [kansarm gezin thuis]
    examples: {flag: ["Een [[kansarm gezin thuis]]."], pass: ["Een gezin."]}
""",
        """    patterns: [woord kansarm]
    examples: {flag: ["Het [[woord kansarm]]."], pass: ["Een woord."]}
""",
    )


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        # The mention is longer and wins when it counts as a use.
        (Mentions.REPORT, [("team.r0", "kansarm gezin thuis", Severity.WARNING)]),
        # As a hint it no longer hides the warning it overlaps.
        (Mentions.INFO, [("team.r1", "woord kansarm", Severity.WARNING)]),
        # Not reported at all, it hides nothing.
        (Mentions.IGNORE, [("team.r1", "woord kansarm", Severity.WARNING)]),
    ],
)
def test_how_mentions_count_is_decided_before_the_overlap(
    mention_linter: Linter, mentions: Mentions, expected: list[tuple[str, str, Severity]]
) -> None:
    assert reported(mention_linter, "Het woord kansarm gezin thuis.", Policy(mentions=mentions)) == expected


def test_a_mention_alone_is_still_a_hint_with_its_note(mention_linter: Linter) -> None:
    [finding] = mention_linter.lint("Het woord kansarm gezin thuis.", None, Policy(ignore=("team.r1",)))
    assert (finding.severity, finding.fix) == (Severity.INFO, None)
    assert finding.message.startswith(linter_module.MENTION_NOTE)


def test_a_match_in_a_name_hides_nothing(tmp_path: Path) -> None:
    names = _two_rules(
        tmp_path,
        """    skip_names: true
    patterns: [hoger onderwijs]
    examples: {flag: ["Het [[hoger onderwijs]]."], pass: ["Het onderwijs."]}
""",
        """    patterns: [onderwijs nederland]
    examples: {flag: ["Het [[onderwijs nederland]]."], pass: ["Het onderwijs."]}
""",
    )
    text = "Zij werkt bij de Stichting Hoger Onderwijs Nederland."
    assert reported(names, text, Policy()) == [("team.r1", "Onderwijs Nederland", Severity.WARNING)]
    assert [f.rule for f in names.lint("Zij werkt in het hoger onderwijs nederland.")] == ["team.r0"]


USE = "Veel hoogopgeleiden wonen hier.\n\n"
MENTION = "De term ‘hoogopgeleiden’ is een etiket.\n\n"


def test_ignored_mentions_do_not_count_towards_the_findings_bound(
    linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(linter_module, "MAX_FINDINGS", 3)
    text = MENTION * 10 + USE * 2
    ignoring = linter.lint(text, None, Policy(mentions=Mentions.IGNORE))
    assert [(f.rule, f.text) for f in ignoring] == [("utrecht.hoog-laag-opgeleid", "hoogopgeleiden")] * 2
    counted = linter.lint(text, None, Policy())
    assert [f.rule for f in counted] == ["utrecht.hoog-laag-opgeleid"] * 3 + [TOO_MANY_RULE]
    assert counted[-1].start == text.index("hoogopgeleiden", len(MENTION) * 3)


def test_the_bound_counts_findings_of_selected_rules_only(linter: Linter, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linter_module, "MAX_FINDINGS", 3)
    text = "Hij wil hogerop.\n\n" * 5 + USE * 3
    findings = linter.lint(text, None, Policy(ignore=("utrecht.ladder",)))
    assert [f.rule for f in findings] == ["utrecht.hoog-laag-opgeleid"] * 3


def _json_rules(args: list[str], text: str) -> tuple[int, list[tuple[str, str]]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args, "-"], input=text)
    findings = json.loads(result.output)["files"][0]["findings"]
    return result.exit_code, [(f["rule"], f["severity"]) for f in findings]


def test_the_command_line_severity_decides_the_overlap() -> None:
    assert _json_rules([], OVERLAP) == (1, [(DENK, "warning")])
    assert _json_rules(["--severity", f"{DIPLOMA}=error"], OVERLAP) == (1, [(DIPLOMA, "error")])
    # Two hints: the longer match wins, and nothing fails.
    assert _json_rules(["--severity", f"{DENK}=info"], OVERLAP) == (0, [(DIPLOMA, "info")])


def test_the_configured_severity_decides_the_overlap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.waardetaal]\nrulesets = ["utrecht"]\n\n[tool.waardetaal.severity]\n"{DIPLOMA}" = "error"\n',
        encoding="utf-8",
    )
    (tmp_path / "vacature.txt").write_text(OVERLAP + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--format", "json", "vacature.txt"])
    findings = json.loads(result.output)["files"][0]["findings"]
    assert (result.exit_code, [(f["rule"], f["severity"], f["text"]) for f in findings]) == (
        1,
        [(DIPLOMA, "error", "minimaal hbo-/wo")],
    )
    # The command line goes before the configuration, in the overlap as well.
    result = CliRunner().invoke(main, ["check", "--format", "json", "--severity", f"{DIPLOMA}=info", "vacature.txt"])
    assert [f["rule"] for f in json.loads(result.output)["files"][0]["findings"]] == [DENK]
