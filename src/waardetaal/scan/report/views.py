"""What the template shows: charts with their text alternative, findings in context, documents with their reasons."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice

from markupsafe import Markup, escape

from waardetaal.rules import Catalog
from waardetaal.scan.report import charts
from waardetaal.scan.report.baseline import Change, Comparison
from waardetaal.scan.report.csvfiles import DocumentRow, FindingRecord, FindingsFile
from waardetaal.scan.report.numbers import decimal, whole
from waardetaal.scan.report.summary import MAX_FINDINGS_PER_DOCUMENT, MAX_GROUP_VALUES, GroupTable, TermCount

SEVERITIES = {"error": "fout", "warning": "waarschuwing", "info": "hint"}


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart image with its text alternative and caption."""

    uri: str
    alt: str
    caption: str


@dataclass(frozen=True, slots=True)
class GroupView:
    """A group column's table with its chart."""

    table: GroupTable
    chart: Chart


@dataclass(frozen=True, slots=True)
class ComparisonPart:
    """One breakdown of the comparison (per rule, or per value of a group column)."""

    title: str
    label: str
    rows: Sequence[tuple[str, Change]]
    chart: Chart


@dataclass(frozen=True, slots=True)
class FindingView:
    """One finding as listed under its document."""

    record: FindingRecord
    context: Markup
    place: str
    severity: str
    message: str  # the rule's message for this text, as ``check`` gives it


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a rule flags what it flags."""

    rule: str
    why: str


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    """A document with (at most ``MAX_FINDINGS_PER_DOCUMENT`` of) its findings and the reasons of its rules."""

    number: int
    row: DocumentRow
    groups: Sequence[tuple[str, str]]
    findings: Sequence[FindingView]
    hidden: int
    reasons: Sequence[Reason]


_SEE_TABLE = "De cijfers staan in de tabel ernaast."


def category_chart(categories: Sequence[tuple[str, int]]) -> Chart:
    """Findings per category."""
    return _bars("bevindingen per categorie", categories, "bevindingen")


def term_chart(terms: Sequence[TermCount]) -> Chart:
    """Findings per normalised term."""
    return _bars("bevindingen per term", [(term.term, term.findings) for term in terms], "bevindingen")


def group_chart(table: GroupTable) -> Chart:
    """Findings per 1,000 words per year as a trend, or findings per value of another group column."""
    if table.is_year:
        values = [(value, tally.per_1000_words or 0.0) for value, tally in table.rows]
        shown = "; ".join(f"{value}: {decimal(amount, 2)}" for value, amount in values[-charts.MAX_BARS * 2 :])
        return Chart(
            charts.columns([value for value, _ in values], [amount for _, amount in values], "per 1.000 woorden", 2),
            f"Staafdiagram van het aantal bevindingen per 1.000 woorden per jaar. {shown}. {_SEE_TABLE}",
            "Bevindingen per 1.000 woorden per jaar: zo is te zien of het minder wordt, los van hoeveel er is "
            "geschreven.",
        )
    counts = [(value, tally.findings) for value, tally in table.rows]
    return _bars(f"bevindingen per {table.name}", counts, "bevindingen")


def comparison_parts(comparison: Comparison) -> list[ComparisonPart]:
    """The comparison per rule and per value of each group column."""
    parts = [_change_part("Nieuw en verdwenen per regel", "Regel", comparison.per_rule())]
    for index, name in enumerate(comparison.groups):
        parts.append(_change_part(f"Nieuw en verdwenen per {name}", name.capitalize(), comparison.per_group(index)))
    return parts


def details(
    findings: FindingsFile, chosen: Mapping[str, tuple[int, DocumentRow]], groups: Sequence[str], catalog: Catalog
) -> Iterator[DocumentDetail]:
    """The chosen documents with their first findings, streamed from the file in path order."""
    for path, records in findings.by_document():
        if path not in chosen:
            continue
        number, row = chosen[path]
        shown = [_finding(record, catalog) for record in islice(records, MAX_FINDINGS_PER_DOCUMENT)]
        rules = dict.fromkeys(view.record.rule for view in shown)
        hidden = 0
        for record in records:
            hidden += 1
            rules.setdefault(record.rule)
        yield DocumentDetail(
            number, row, list(zip(groups, row.groups, strict=True)), shown, hidden, [_reason(r, catalog) for r in rules]
        )


def marked(context: str, text: str) -> Markup:
    """The context, escaped, with the found text marked (its first occurrence, else the context as it is)."""
    at = context.find(text) if text else -1
    if at < 0 and text:
        at = context.casefold().find(text.casefold()) if len(context.casefold()) == len(context) else -1
    if at < 0:
        return escape(context)
    end = at + len(text)
    return escape(context[:at]) + Markup("<mark>") + escape(context[at:end]) + Markup("</mark>") + escape(context[end:])


def place(record: FindingRecord) -> str:
    """Where a finding is, as a reader finds it: page and paragraph where the format has them, else line and column."""
    parts = []
    if record.page is not None:
        parts.append(f"pagina {record.page}")
    if record.paragraph is not None:
        parts.append(f"alinea {record.paragraph}")
    if not parts and record.line is not None:
        parts.append(f"regel {record.line}" + (f", kolom {record.column}" if record.column is not None else ""))
    return ", ".join(parts) or "plaats onbekend"


def _finding(record: FindingRecord, catalog: Catalog) -> FindingView:
    rule = catalog.by_id.get(record.rule)
    # As the linter words it: the rule's message with the matched text for {term}.
    message = rule.message.replace("{term}", " ".join(record.text.split())) if rule is not None else ""
    context = marked(record.context, record.text)
    return FindingView(record, context, place(record), _severity(record.severity), message)


def _severity(name: str) -> str:
    return SEVERITIES.get(name, name)


def _reason(rule: str, catalog: Catalog) -> Reason:
    known = catalog.by_id.get(rule)
    if known is None:
        return Reason(rule, "deze regel was niet geladen toen het rapport werd gemaakt.")
    return Reason(rule, known.why)


def _bars(what: str, values: Sequence[tuple[str, int]], axis: str) -> Chart:
    shown = values[: charts.MAX_BARS]
    listed = "; ".join(f"{label}: {whole(count)}" for label, count in shown)
    more = f" (de {len(shown)} grootste van {len(values)})" if len(values) > len(shown) else ""
    return Chart(
        charts.bars([label for label, _ in shown], [count for _, count in shown], axis),
        f"Staafdiagram van het aantal {what}{more}. {listed or 'Geen bevindingen'}. {_SEE_TABLE}",
        f"Het aantal {what}{more}, het grootste bovenaan.",
    )


def _change_part(title: str, label: str, rows: Sequence[tuple[str, Change]]) -> ComparisonPart:
    shown = rows[: charts.MAX_BARS]
    listed = "; ".join(f"{name}: {whole(c.new)} nieuw, {whole(c.disappeared)} verdwenen" for name, c in shown)
    chart = Chart(
        charts.changes([name for name, _ in shown], [c.new for _, c in shown], [c.disappeared for _, c in shown]),
        f"Staafdiagram: {title.lower()}, nieuw naar rechts, verdwenen naar links (gearceerd). "
        f"{listed or 'Geen verschil'}. {_SEE_TABLE}",
        f"{title}: nieuw naar rechts (vol), verdwenen naar links (gearceerd).",
    )
    return ComparisonPart(title, label, rows[:MAX_GROUP_VALUES], chart)
