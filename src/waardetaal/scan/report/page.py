"""The report page: ``rapport.html`` rendered from a scan's two CSV files (and a comparison with an earlier scan).

The page is one self-contained file: its style, script and charts are inside
it, and its Content-Security-Policy lets it load nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterable, Sequence
from datetime import datetime
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from waardetaal.rules import Catalog, load_catalog
from waardetaal.scan.report import REPORT, views
from waardetaal.scan.report.baseline import COMPARISON, compare, write_comparison
from waardetaal.scan.report.csvfiles import DocumentRow, open_documents, open_findings
from waardetaal.scan.report.numbers import decimal, whole
from waardetaal.scan.report.summary import (
    MAX_DETAIL_DOCUMENTS,
    MAX_FINDINGS_PER_DOCUMENT,
    MAX_TERMS,
    summarise_documents,
    summarise_findings,
)

# The templates are package data of the report package.
_PACKAGE = "waardetaal.scan.report"


def write_page(output: Path, groups: Sequence[str], baseline: Path | None, catalog: Catalog | None = None) -> None:
    """The work of :func:`waardetaal.scan.report.write_report`, which documents it."""
    names = tuple(groups)
    documents = open_documents(output, names)
    findings = open_findings(output, names)
    comparison = compare(output, baseline, names) if baseline is not None else None
    if comparison is not None:
        write_comparison(output, comparison)
    else:
        # A comparison left by an earlier run would now be wrong.
        (output / COMPARISON).unlink(missing_ok=True)
    summary = summarise_documents(documents.rows(), len(names), documents.categories)
    counted = summarise_findings(findings)
    table = summary.table()
    chosen_paths = summary.detailed()
    chosen = {row.path: (chosen_paths[row.path], row) for row in table if row.path in chosen_paths}
    catalog = catalog or load_catalog()
    labels = catalog.category_labels
    counted_categories = sorted(zip(documents.categories, summary.per_category, strict=True), key=lambda i: -i[1])
    # Management reads the rule sets' labels; the name stays beside it to find the CSV column.
    categories = [(labels.get(name, name), name, count) for name, count in counted_categories]
    group_tables = summary.group_tables(names)
    page = _template().generate(
        policy=Markup(_POLICY),
        style=Markup(_STYLE),
        script=Markup(_SCRIPT),
        made=datetime.now().strftime("%d-%m-%Y %H:%M"),
        total=summary.total,
        severities=[
            (views.SEVERITIES.get(name, name), count)
            for name, count in sorted(counted.severities.items(), key=lambda item: -item[1])
        ],
        categories=categories,
        categories_chart=views.category_chart([(label, count) for label, _, count in categories]),
        category_label=lambda name: labels.get(name, name),
        share=lambda count: count * 100 / summary.total.findings if summary.total.findings else 0.0,
        terms=counted.terms,
        terms_capped=counted.total_terms > MAX_TERMS,
        terms_total=counted.total_terms,
        terms_chart=views.term_chart(counted.terms),
        groups=[views.GroupView(group, views.group_chart(group)) for group in group_tables],
        group_names=names,
        comparison=comparison,
        comparison_parts=views.comparison_parts(comparison) if comparison is not None else [],
        top=summary.top(),
        table=table,
        table_capped=summary.total.documents > len(table),
        unreadable=summary.unreadable,
        per_1000=_per_1000,
        document_link=lambda row: _link(row, chosen_paths),
        per_document=MAX_FINDINGS_PER_DOCUMENT,
        details=views.details(findings, chosen, names, catalog),
        details_capped=len(chosen_paths) >= MAX_DETAIL_DOCUMENTS,
        details_count=len(chosen_paths),
    )
    _write(output / REPORT, page)


def _per_1000(row: DocumentRow) -> float | None:
    return row.findings * 1000 / row.words if row.words else None


def _link(row: DocumentRow, chosen: dict[str, int]) -> Markup:
    number = chosen.get(row.path)
    if number is None:
        return Markup("{}").format(row.path)
    return Markup('<a href="#d-{}">{}</a>').format(number, row.path)


def _write(target: Path, chunks: Iterable[str]) -> None:
    # Written aside and moved into place: an interrupted report never replaces a whole one.
    partial = target.with_name(target.name + ".deel")
    try:
        with partial.open("w", encoding="utf-8") as file:
            for chunk in chunks:
                file.write(chunk)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)


def _template_text(name: str) -> str:
    return (resources.files(_PACKAGE) / "templates" / name).read_text(encoding="utf-8")


def _template_env() -> Environment:
    environment = Environment(
        loader=PackageLoader(_PACKAGE, "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    environment.filters["whole"] = whole
    environment.filters["decimal"] = decimal
    return environment


def _template() -> Template:
    return _template_env().get_template("rapport.html.j2")


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


_STYLE = _template_text("rapport.css")
_SCRIPT = _template_text("rapport.js")
# Only the report's own style and script run, and only data: images load: no
# request leaves the file, and a name or context that slipped through as markup
# could not run.
_POLICY = (
    f"default-src 'none'; img-src data:; style-src {_digest(_STYLE)}; script-src {_digest(_SCRIPT)}; "
    "base-uri 'none'; form-action 'none'"
)
