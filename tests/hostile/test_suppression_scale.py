"""Many suppression directives and many findings: same outcome as the plain rule, in near-linear time."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.hostile.bounded import assert_clean_exit, run_bounded

from waardetaal.findings import Finding, Severity
from waardetaal.limits import MAX_DIRECTIVES
from waardetaal.suppressions import Directive, apply_suppressions

RULES = ("team.a", "team.b", "utrecht.c")


def reference(findings: Sequence[Finding], directives: Sequence[Directive]) -> tuple[list[Finding], list[int]]:
    """The rule as a writer reads it: the first directive, in order, that applies to a finding suppresses it."""
    used: set[int] = set()
    kept = []
    for finding in findings:
        position = (finding.line, finding.column)
        winner = None
        for index, d in enumerate(directives):
            if not d.covers(finding.rule):
                continue
            after = (d.line, d.column) < position
            if d.action == "negeer-bestand":
                winner = index
            elif d.action == "negeer-regel":
                target = d.line + 1 if d.standalone else d.line
                winner = index if finding.line <= target <= finding.end_line else None
            elif d.action == "uit" and after:
                end = next(
                    (
                        (e.line, e.column)
                        for e in directives[index + 1 :]
                        if e.action == "aan" and (not e.rules or (d.rules and set(d.rules) <= set(e.rules)))
                    ),
                    None,
                )
                winner = index if end is None or position < end else None
            elif d.action == "negeer-volgende" and after and index not in used:
                closer = any(
                    o.action == "negeer-volgende"
                    and o.rules == d.rules
                    and (d.line, d.column) < (o.line, o.column) < position
                    for o in directives
                )
                winner = None if closer else index
            if winner is not None:
                break
        if winner is None:
            kept.append(finding)
        else:
            used.add(winner)
    unused = [i for i, d in enumerate(directives) if i not in used and d.action != "aan"]
    return kept, unused


def _finding(rule: str, line: int, column: int) -> Finding:
    return Finding(rule, "c", Severity.WARNING, 0, 0, line, column, line, column + 1, "x", "m", ())


_directive = st.builds(
    lambda action, rules, line, column, standalone: Directive(action, rules, 0, 0, line, column, standalone, ""),
    st.sampled_from(["negeer-volgende", "negeer-regel", "uit", "aan", "negeer-bestand", "onzin"]),
    st.lists(st.sampled_from(["team", "team.a", "team.b", "utrecht"]), max_size=2, unique=True).map(tuple),
    st.integers(1, 12),
    st.integers(1, 3),
    st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_directive, max_size=10, unique_by=lambda d: (d.line, d.column)),  # directives never overlap
    st.lists(st.tuples(st.sampled_from(RULES), st.integers(1, 12), st.integers(1, 4)), max_size=12),
)
def test_the_sweep_gives_what_the_plain_rule_gives(
    directives: list[Directive], spots: list[tuple[str, int, int]]
) -> None:
    ordered = sorted(directives, key=lambda d: (d.line, d.column))
    findings = [_finding(rule, line, column) for rule, line, column in sorted(spots, key=lambda s: (s[1], s[2]))]
    kept, unused = reference(findings, ordered)
    outcome = apply_suppressions(findings, ordered, in_source=False)
    assert outcome.kept == kept
    assert outcome.unused == [ordered[i] for i in unused]


def test_directives_past_the_bound_do_not_count() -> None:
    directives = [
        Directive("negeer-regel", ("team.a",), 0, 0, line, 1, False, "") for line in range(1, MAX_DIRECTIVES + 2)
    ]
    last = MAX_DIRECTIVES + 1
    findings = [_finding("team.a", 1, 5), _finding("team.a", last, 5)]
    outcome = apply_suppressions(findings, directives, in_source=False)
    assert outcome.kept == [findings[1]]  # reported, not silently hidden
    assert directives[-1] in outcome.unused


def test_a_file_full_of_directives_and_terms_is_checked_in_time(tmp_path: Path) -> None:
    line = "<!-- waardetaal: negeer-volgende utrecht.ladder --> Veel hoogopgeleiden hier.\n"
    page = tmp_path / "onderdrukt.md"
    page.write_text(line * 4_000, encoding="utf-8")  # 312 KB: 4,000 directives, 4,000 findings
    ran = run_bounded("check", "--format", "json", page)
    assert_clean_exit(ran, 1)
    assert ran.stdout.count('"rule": "utrecht.hoog-laag-opgeleid"') == 4_000
