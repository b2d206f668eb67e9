"""The command line: parses options, calls the engine, maps the outcome to 0/1/2.

It never matches text and never builds output itself; renderers do that.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import IntEnum
from pathlib import Path

import click

from waardetaal import __version__
from waardetaal.findings import FileReport, Severity
from waardetaal.formatters import RENDERERS
from waardetaal.linter import Linter
from waardetaal.rule_docs import render_index, render_rule
from waardetaal.rules import Catalog, RuleFileError, builtin_rule_files, load_catalog
from waardetaal.sources import iter_documents


class ExitCode(IntEnum):
    """The contract's exit statuses."""

    CLEAN = 0
    FINDINGS = 1
    ERROR = 2


SEVERITIES = [s.value for s in Severity]

rules_option = click.option(
    "--rules",
    "extra_rules",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Extra regelbestand (YAML) naast de meegeleverde; mag vaker.",
)


def _catalog(extra_rules: Sequence[str]) -> Catalog:
    try:
        return load_catalog([*builtin_rule_files(), *map(Path, extra_rules)])
    except RuleFileError as error:
        click.echo(f"waardetaal: fout in regelbestand: {error}", err=True)
        sys.exit(ExitCode.ERROR)


def exit_code(reports: Sequence[FileReport], fail_on: Severity) -> ExitCode:
    """2 when a file could not be read, 1 for a finding at or above ``fail_on``, else 0."""
    if any(report.error is not None for report in reports):
        return ExitCode.ERROR
    if any(f.severity.at_least(fail_on) for report in reports for f in report.findings):
        return ExitCode.FINDINGS
    return ExitCode.CLEAN


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="waardetaal", message="%(prog)s %(version)s")
def main() -> None:
    """Signaleert waarde-geladen onderwijstermen in Nederlandse teksten.

    Volgt de afspraken van Gemeente Utrecht en de Utrechtse mbo-instellingen
    (mbo-uitvoeringsplan 2023-2026 ‘Waardering voor Vakmanschap’).
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(RENDERERS)),
    default="text",
    show_default=True,
    help="Uitvoer als leesbare regels of als JSON.",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default=Severity.WARNING.value,
    show_default=True,
    help="Vanaf welke ernst de opdracht met status 1 eindigt.",
)
@rules_option
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Sla bestanden of mappen over die hierop passen (bijv. 'concepten/*'); mag vaker.",
)
def check(
    paths: tuple[str, ...], output_format: str, fail_on: str, extra_rules: tuple[str, ...], exclude: tuple[str, ...]
) -> None:
    """Controleer bestanden, mappen of standaardinvoer (-).

    Zonder PAD wordt de huidige map gecontroleerd. Status: 0 schoon, 1 bevindingen,
    2 fout (onleesbaar bestand, onbekend pad of fout regelbestand).
    """
    linter = Linter(_catalog(extra_rules))
    reports = []
    for document in iter_documents(paths, sys.stdin.buffer, exclude):
        if document.text is None:
            reports.append(FileReport(document.path, (), document.error))
        else:
            reports.append(FileReport(document.path, tuple(linter.lint(document.text, document.positions))))
    click.echo(RENDERERS[output_format](reports), nl=False)
    sys.exit(exit_code(reports, Severity(fail_on)))


@main.command("rules")
@rules_option
def list_rules(extra_rules: tuple[str, ...]) -> None:
    """Toon alle regels: id, categorie, ernst en wat ze signaleren."""
    click.echo(render_index(_catalog(extra_rules)), nl=False)


@main.command("rule")
@click.argument("rule_id")
@rules_option
def explain_rule(rule_id: str, extra_rules: tuple[str, ...]) -> None:
    """Leg één regel uit: wat, waarom, wat je beter schrijft, voorbeelden en bron."""
    catalog = _catalog(extra_rules)
    rule = catalog.by_id.get(rule_id)
    if rule is None:
        click.echo(f"waardetaal: onbekende regel ‘{rule_id}’ (zie ‘waardetaal rules’)", err=True)
        sys.exit(ExitCode.ERROR)
    click.echo(render_rule(rule), nl=False)
