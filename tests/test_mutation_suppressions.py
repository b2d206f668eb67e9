"""Suppressions: the behaviour that planted bugs (scripts/mutation.py) showed no other test pins down."""

from __future__ import annotations

from waardetaal.findings import Finding, Severity
from waardetaal.suppressions import UNUSED_RULE, Directive, apply_suppressions, parse_directives, unused_findings


def _finding(line: int, column: int = 1, end_line: int | None = None, start: int = 0) -> Finding:
    return Finding(
        "team.a", "c", Severity.WARNING, start, start + 1, line, column, end_line or line, column + 1, "x", "m", ()
    )


def _directive(action: str, line: int, rules: tuple[str, ...] = (), start: int = 0, end: int = 0) -> Directive:
    return Directive(action, rules, start, end, line, 1, True, "")


def test_marker_lines_count_by_default_next_to_comments() -> None:
    source = "<!-- waardetaal: uit -->\nwaardetaal: aan\n"
    assert [(d.action, d.start, d.end, d.line, d.column) for d in parse_directives(source)] == [
        ("uit", 0, 24, 1, 1),
        ("aan", 25, 40, 2, 1),
    ]
    assert [d.action for d in parse_directives(source, marker_lines=False)] == ["uit"]


def test_a_marker_inside_a_comment_is_part_of_that_comment() -> None:
    source = "<!-- waardetaal: uit\nwaardetaal: aan\n-->\nwaardetaal: negeer-regel\n"
    found = parse_directives(source)
    assert [(d.action, d.rules, d.start, d.line) for d in found] == [
        ("uit", ("waardetaal:", "aan"), 0, 1),
        ("negeer-regel", (), source.index("waardetaal: negeer-regel"), 4),
    ]


def test_rules_split_on_commas_and_the_reason_keeps_later_dashes() -> None:
    [directive] = parse_directives("<!-- waardetaal: negeer-volgende team.a,team.b -- citaat -- uit 2010 -->")
    assert (directive.action, directive.rules, directive.reason) == (
        "negeer-volgende",
        ("team.a", "team.b"),
        "citaat -- uit 2010",
    )


def test_an_empty_directive_has_no_action_and_no_reason() -> None:
    [directive] = parse_directives("Tekst <!-- waardetaal: --> meer")
    assert (directive.action, directive.rules, directive.reason, directive.standalone) == ("", (), "", False)


def test_findings_are_visited_in_reading_order_whatever_their_order() -> None:
    directives = [_directive("negeer-volgende", 1)]
    later, first = _finding(5), _finding(3)
    outcome = apply_suppressions([later, first], directives, in_source=False)
    assert outcome.kept == [later] and outcome.unused == []


def test_a_finding_inside_a_directive_is_dropped_and_uses_no_other_directive() -> None:
    directives = [_directive("negeer-regel", 1, ("team.b",), 0, 10), _directive("negeer-regel", 1, ("team.b",), 20, 30)]
    inside, after = _finding(1, start=5), _finding(1, start=10)
    outcome = apply_suppressions([inside, after], directives, in_source=True)
    assert outcome.kept == [after]
    assert outcome.unused == directives


def test_a_used_directive_and_an_aan_are_not_unused() -> None:
    directives = [_directive("uit", 1), _directive("aan", 3), _directive("negeer-bestand", 4, ("team.b",))]
    outcome = apply_suppressions([_finding(2)], directives, in_source=False)
    assert outcome.kept == [] and outcome.unused == [directives[2]]


def test_negeer_regel_reaches_the_lines_of_the_finding_only() -> None:
    directive = _directive("negeer-regel", 2)  # stands alone on line 2: it means line 3
    outcome = apply_suppressions([_finding(1, end_line=2)], [directive], in_source=False)
    assert len(outcome.kept) == 1


def test_an_unused_directive_is_reported_at_its_place() -> None:
    named = Directive("uit", ("team.a", "team.b"), 4, 30, 2, 3, True, "")
    unknown = Directive("overslaan", (), 40, 60, 5, 1, True, "")
    assert unused_findings([named, unknown], Severity.INFO, in_source=True) == [
        Finding(
            UNUSED_RULE,
            "onderdrukking",
            Severity.INFO,
            0,
            0,
            2,
            3,
            2,
            3,
            "",
            "Onderdrukking ‘uit’ (team.a, team.b) onderdrukt niets: haal haar weg of pas haar aan.",
            (),
        ),
        Finding(
            UNUSED_RULE,
            "onderdrukking",
            Severity.INFO,
            0,
            0,
            5,
            1,
            5,
            1,
            "",
            "Onderdrukking ‘overslaan’ (alle regels) onbekende actie: haal haar weg of pas haar aan.",
            (),
        ),
    ]


def test_markers_after_several_comments_keep_their_offsets() -> None:
    source = "Tekst <!-- waardetaal: uit --> en <!-- waardetaal: aan -->\nwaardetaal: negeer-regel\n"
    found = parse_directives(source)
    assert [(d.action, d.start, d.end, d.line) for d in found] == [
        ("uit", 6, 30, 1),
        ("aan", 34, 58, 1),
        ("negeer-regel", 59, 83, 2),
    ]
