"""The command line: parses options, calls the engine, maps the outcome to 0/1/2.

It never matches text and never builds output itself; renderers do that.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from waardetaal import __version__, limits
from waardetaal.cache import ResultCache
from waardetaal.checking import Checker, CheckOutcome, CheckRequest
from waardetaal.click_nl import use_dutch
from waardetaal.config import FORMATS, ConfigError, describe, resolve_config
from waardetaal.findings import Severity
from waardetaal.formatters import RENDERERS
from waardetaal.formatters.text import TextDisplay, render_text
from waardetaal.linter import Mentions
from waardetaal.rule_docs import render_index, render_rule
from waardetaal.rules import Catalog, RuleFileError, builtin_rule_files, load_catalog
from waardetaal.scan.model import Executor, ScanSettings

F = TypeVar("F", bound=Callable[..., object])


class ExitCode(IntEnum):
    """The contract's exit statuses."""

    CLEAN = 0
    FINDINGS = 1
    ERROR = 2
    INTERRUPTED = 130  # as a shell reports a program stopped by Ctrl+C (128 + SIGINT)


SEVERITIES = [s.value for s in Severity]

rules_option = click.option(
    "--rules",
    "extra_rules",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Extra regelbestand (YAML) naast de meegeleverde en geconfigureerde; mag vaker.",
)


def _fail(message: str) -> NoReturn:
    click.echo(f"waardetaal: {message}", err=True)
    sys.exit(ExitCode.ERROR)


_WRITE_ERRORS = {errno.ENOSPC: "schijf vol", errno.EDQUOT: "quotum vol", errno.EFBIG: "bestand te groot"}


def _output(text: str, colour: bool = False) -> None:
    """Write to standard output; a full disk ends the run with one Dutch line, a reader that left is no error."""
    try:
        # Without colour=True click strips colour from all but a terminal, also when FORCE_COLOR asked for it.
        click.echo(text, nl=False, color=True if colour else None)
    except OSError as error:
        _discard_output()
        if error.errno != errno.EPIPE:  # '| head' closing the pipe early is what the user asked for
            reason = _WRITE_ERRORS.get(error.errno or 0, f"systeemfout {error.errno}")
            _fail(f"kan de uitvoer niet schrijven ({reason}): de uitvoer is onvolledig")


def _discard_output() -> None:
    """Point standard output at the null device, so the final flush of what is buffered cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # no file descriptor (an embedding caller): nothing is flushed at exit
        pass


def _catalog(extra_rules: tuple[str, ...]) -> Catalog:
    try:
        return load_catalog([*builtin_rule_files(), *map(Path, extra_rules)])
    except RuleFileError as error:
        _fail(f"fout in regelbestand: {error}")


def exit_code(outcome: CheckOutcome, diff: bool) -> ExitCode:
    """2 when a file could not be read; else 1 for a failing finding (with --diff: for a change), else 0."""
    if any(report.error is not None for report in outcome.reports):
        return ExitCode.ERROR
    if outcome.fixed if diff else outcome.failed:
        return ExitCode.FINDINGS
    return ExitCode.CLEAN


class _Command(click.Command):
    """A command whose usage line names its options in Dutch."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)


class _Commands(click.Group):
    """The command group; what escapes a command ends it with the contract's status and one Dutch line."""

    command_class = _Command

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line, with Click's own texts (usage, help, errors) in Dutch."""
        use_dutch()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; Ctrl+C exits 130 and an unexpected exception 2, never a traceback or status 1."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("waardetaal: onderbroken (Ctrl+C); de uitvoer is onvolledig", err=True)
            sys.exit(ExitCode.INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own usage errors and exits keep their statuses
        except Exception as error:  # a bug or an unforeseen system error: status 1 would read as 'findings'
            reason = " ".join(str(error).split()) or "geen nadere uitleg"
            _fail(f"interne fout ({type(error).__name__}: {reason}); de opdracht is afgebroken")


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[OPTIES]",
    subcommand_metavar="OPDRACHT [ARGUMENTEN]...",
)
@click.version_option(
    __version__, prog_name="waardetaal", message="%(prog)s %(version)s", help="Toon de versie en stop."
)
def main() -> None:
    """Signaleert waarde-geladen onderwijstermen in Nederlandse teksten.

    Volgt de afspraken van Gemeente Utrecht en de Utrechtse mbo-instellingen
    (mbo-uitvoeringsplan 2023-2026 ‘Waardering voor Vakmanschap’).
    """


def settings_options(function: F) -> F:
    """The options that are also configuration keys (same names as in pyproject.toml)."""
    options = [
        click.option("--format", "output_format", type=click.Choice(FORMATS), help="Uitvoerformaat (standaard text)."),
        click.option(
            "--fail-on", type=click.Choice(SEVERITIES), help="Vanaf welke ernst de status 1 is (standaard warning)."
        ),
        rules_option,
        click.option(
            "--ruleset",
            "rulesets",
            multiple=True,
            help="Alleen deze meegeleverde regelset(s), ook als ze standaard uit staan; mag vaker.",
        ),
        click.option("--select", multiple=True, help="Alleen deze regels (id of voorvoegsel, bijv. utrecht)."),
        click.option("--ignore", multiple=True, help="Deze regels niet (id of voorvoegsel)."),
        click.option(
            "--severity",
            "severities",
            multiple=True,
            metavar="REGEL=ERNST",
            help="Ernst van een regel aanpassen, bijv. utrecht.diploma-eis=warning.",
        ),
        click.option(
            "--mentions",
            type=click.Choice([m.value for m in Mentions]),
            help="Termen tussen aanhalingstekens: info (standaard), ignore of report.",
        ),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Bestanden of mappen overslaan; mag vaker."),
        click.option(
            "--genre",
            metavar="SOORT",
            help="Soort tekst die een regelset noemt, bijv. vacature; sommige regels gelden alleen daarvoor.",
        ),
        click.option(
            "--report-unused-suppressions/--no-report-unused-suppressions",
            default=None,
            help="Onderdrukkingen melden die niets onderdrukken.",
        ),
        click.option(
            "--config",
            "config_file",
            type=click.Path(dir_okay=False, exists=True),
            help="Dit configuratiebestand gebruiken in plaats van het dichtstbijzijnde.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _command_line(**given: object) -> dict[str, object]:
    """The settings given on the command line, keyed like the configuration file."""
    names = {
        "output_format": "format",
        "fail_on": "fail-on",
        "extra_rules": "rules",
        "rulesets": "rulesets",
        "select": "select",
        "ignore": "ignore",
        "severities": "severity",
        "mentions": "mentions",
        "exclude": "exclude",
        "report_unused_suppressions": "report-unused-suppressions",
        "genre": "genre",
    }
    return {names[key]: value for key, value in given.items() if value not in (None, ())}


@main.command()
@click.argument("paths", nargs=-1, metavar="[PAD]...", type=click.Path(allow_dash=True))
@settings_options
@click.option("--fix", is_flag=True, help="Veilige suggesties overnemen in tekstbestanden (nooit Word of PDF).")
@click.option("--diff", is_flag=True, help="Tonen wat --fix zou veranderen, zonder iets te schrijven.")
@click.option("--stdin-filename", help="Naam voor standaardinvoer (kiest het formaat en de configuratie).")
@click.option("-q", "--quiet", is_flag=True, help="Alleen de bevindingen, zonder slotregel.")
@click.option("--statistics", is_flag=True, help="Per regel het aantal bevindingen in plaats van de bevindingen.")
@click.option("--show-source", is_flag=True, help="Toon de regel uit het bestand met de term gemarkeerd.")
@click.option(
    "--no-cache", is_flag=True, help="Alles opnieuw controleren, zonder de bewaarde resultaten van eerdere runs."
)
def check(
    paths: tuple[str, ...],
    config_file: str | None,
    fix: bool,
    diff: bool,
    stdin_filename: str | None,
    quiet: bool,
    statistics: bool,
    show_source: bool,
    no_cache: bool,
    **settings: object,
) -> None:
    """Controleer bestanden, mappen of standaardinvoer (-).

    Zonder PAD wordt de huidige map gecontroleerd. Status: 0 schoon, 1 bevindingen,
    2 fout (onleesbaar bestand, onbekend pad, fout in configuratie of regelbestand).
    """
    request = CheckRequest(
        paths,
        _command_line(**settings),
        Path(config_file) if config_file else None,
        fix=fix,
        diff=diff,
        stdin_filename=stdin_filename,
        show_source=show_source,
    )
    try:
        # With standard input closed ('<&-') there is no sys.stdin; only '-' needs it.
        checker = Checker(ResultCache.for_user(enabled=not no_cache))
        outcome = checker.run(request, sys.stdin.buffer if sys.stdin is not None else None)
    except (ConfigError, RuleFileError) as error:
        _fail(f"fout in configuratie: {error}" if isinstance(error, ConfigError) else f"fout in regelbestand: {error}")
    files = f"{outcome.fixed_files} {'bestand' if outcome.fixed_files == 1 else 'bestanden'}"
    if diff:
        _output("".join(outcome.diffs))
        if not quiet:
            click.echo(
                f"{outcome.fixed} {'herstelling' if outcome.fixed == 1 else 'herstellingen'} mogelijk in {files}.",
                err=True,
            )
    elif outcome.output_format == "text":
        terminal = sys.stdout.isatty()
        display = TextDisplay(terminal, _colour(terminal), quiet, statistics, show_source, outcome.fixed)
        _output(render_text(outcome.reports, outcome.catalog, display), display.colour)
    else:
        _output(RENDERERS[outcome.output_format](outcome.reports, outcome.catalog))
        if fix and not quiet:
            click.echo(f"{outcome.fixed} hersteld in {files}.", err=True)
    sys.exit(exit_code(outcome, diff))


def _colour(terminal: bool) -> bool:
    """Colour on a terminal, unless NO_COLOR is set (no-color.org); FORCE_COLOR asks for it elsewhere too."""
    if os.environ.get("NO_COLOR"):
        return False
    return terminal or bool(os.environ.get("FORCE_COLOR"))


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PAD...", type=click.Path())
@click.option(
    "-o", "--output", required=True, type=click.Path(file_okay=False), help="Map voor de CSV-bestanden en het rapport."
)
@settings_options
@click.option("--jobs", type=click.IntRange(1), help="Werkprocessen die tegelijk controleren (standaard: alle kernen).")
@click.option(
    "--group-by", metavar="NAAM=NIVEAU[,NAAM=NIVEAU]", help="Groepen uit mapniveaus, bijv. afdeling=1,jaar=2."
)
@click.option("--metadata", type=click.Path(dir_okay=False), help="CSV-tabel met een kolom path en groepkolommen.")
@click.option("--baseline", type=click.Path(file_okay=False), help="Uitvoermap van een eerdere scan, ter vergelijking.")
@click.option("--scheduler", metavar="ADRES|local", help="Op een Dask-cluster (tcp://host:8786) of een lokaal.")
@click.option(
    "--ship-documents",
    is_flag=True,
    help="Met --scheduler: stuur de bestanden zelf naar de werkers (als die de map niet kunnen zien).",
)
@click.option(
    "--timeout",
    default=ScanSettings().timeout,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Seconden die één document mag duren; daarna wordt het afgebroken en als fout gemeld.",
)
@click.option("-q", "--quiet", is_flag=True, help="Geen voortgang en geen slotregel.")
def scan(
    paths: tuple[str, ...],
    output: str,
    config_file: str | None,
    jobs: int | None,
    group_by: str | None,
    metadata: str | None,
    baseline: str | None,
    scheduler: str | None,
    ship_documents: bool,
    timeout: float,
    quiet: bool,
    **settings: object,
) -> None:
    """Scan mappen met publicaties: CSV-bestanden, een rapport en een hervatbare opslag in --output.

    Een onderbroken of herhaalde scan controleert alleen wat nieuw of gewijzigd is.
    Status: 0 schoon, 1 bevindingen, 2 onleesbare bestanden of een fout; 130 na Ctrl+C.
    """
    from waardetaal.scan.groups import GroupError, Grouping, parse_group_by, read_metadata
    from waardetaal.scan.progress import progress_for
    from waardetaal.scan.report import ReportError
    from waardetaal.scan.runner import ScanRequest, closing_line, interrupted_line, run_scan
    from waardetaal.scan.store import StoreError

    try:
        columns, table = read_metadata(Path(metadata)) if metadata else ((), {})
        grouping = Grouping(parse_group_by(group_by) if group_by else (), columns, table)
    except GroupError as error:
        _fail(str(error))
    scan_settings = ScanSettings(tuple(_command_line(**settings).items()), config_file, timeout)
    request = ScanRequest(paths, Path(output), scan_settings, grouping, Path(baseline) if baseline else None)
    if ship_documents and scheduler is None:
        _fail("--ship-documents hoort bij --scheduler: lokale werkprocessen lezen de bestanden zelf")
    executor, unavailable = _executor(scheduler, jobs or len(os.sched_getaffinity(0)), ship_documents)
    try:
        outcome = run_scan(request, executor, lambda total: progress_for(total, sys.stderr, quiet))
    except unavailable as error:
        _fail(str(error))
    except (ConfigError, RuleFileError) as error:
        _fail(f"fout in configuratie: {error}" if isinstance(error, ConfigError) else f"fout in regelbestand: {error}")
    except (StoreError, ReportError) as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"{output}: kan de uitvoer niet schrijven ({error.strerror or error})")
    if outcome.interrupted:
        click.echo(interrupted_line(outcome), err=True)
        sys.exit(ExitCode.INTERRUPTED)
    if not quiet:
        click.echo(closing_line(outcome, output), err=True)
    if outcome.totals.errors:
        sys.exit(ExitCode.ERROR)
    sys.exit(ExitCode.FINDINGS if outcome.totals.failed else ExitCode.CLEAN)


# scan writes its own files: check's --format does not apply to it
scan.params[:] = [param for param in scan.params if param.name != "output_format"]


def _executor(scheduler: str | None, jobs: int, ship: bool) -> tuple[Executor, tuple[type[Exception], ...]]:
    """Local worker processes, or a Dask cluster when --scheduler names one; also the error of one unreachable."""
    if scheduler is None:
        from waardetaal.scan.local import LocalExecutor, WorkersUnavailable

        return LocalExecutor(jobs), (WorkersUnavailable,)
    try:
        from waardetaal.scan.dask import ClusterUnavailable, DaskExecutor
    except ImportError:
        _fail("--scheduler vraagt Dask, dat niet is geïnstalleerd: pip install 'waardetaal[dask]'")
    return DaskExecutor(scheduler, jobs, ship), (ClusterUnavailable,)


@main.command("config")
@click.argument("path", required=False, metavar="[PAD]", type=click.Path())
@settings_options
def show_config(path: str | None, config_file: str | None, **settings: object) -> None:
    """Toon de geldende configuratie en waar elke waarde vandaan komt."""
    try:
        config = resolve_config(
            Path(path or "."), Path(config_file) if config_file else None, _command_line(**settings)
        )
    except ConfigError as error:
        _fail(f"fout in configuratie: {error}")
    _output(describe(config))


@main.command("rules")
@rules_option
def list_rules(extra_rules: tuple[str, ...]) -> None:
    """Toon alle regels: id, categorie, ernst en wat ze signaleren.

    De voorbeelden van een eigen regelbestand (--rules) worden gecontroleerd;
    elk voorbeeld dat niet klopt wordt gemeld, en dan is de status 2.
    """
    from waardetaal.rule_examples import failing_examples  # deferred: checking examples loads spaCy

    catalog = _catalog(extra_rules)
    _output(render_index(catalog))
    failures = failing_examples(catalog, [str(Path(path)) for path in extra_rules])
    for failure in failures:
        click.echo(f"waardetaal: {failure}", err=True)
    if failures:
        _fail(f"{len(failures)} voorbeeld(en) in een eigen regelbestand kloppen niet met de regel")


@main.command("rule")
@click.argument("rule_id", metavar="REGEL")
@rules_option
def explain_rule(rule_id: str, extra_rules: tuple[str, ...]) -> None:
    """Leg één regel uit: wat, waarom, wat je beter schrijft, voorbeelden en bron."""
    catalog = _catalog(extra_rules)
    rule = catalog.by_id.get(rule_id)
    if rule is None:
        _fail(f"onbekende regel ‘{rule_id}’ (zie ‘waardetaal rules’)")
    _output(render_rule(rule))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres om op te luisteren.")
@click.option("--port", default=8000, show_default=True, type=int, help="Poort.")
@click.option(
    "--workers",
    default=limits.SERVER_WORKERS,
    show_default=True,
    type=click.IntRange(1),
    help="Werkprocessen die tegelijk controleren (elk ~300 MB).",
)
@click.option(
    "--timeout",
    default=limits.REQUEST_SECONDS,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Seconden die één controle mag duren; daarna wordt hij afgebroken.",
)
@click.option(
    "--memory",
    default=limits.WORKER_MEMORY_BYTES // 2**20,
    show_default=True,
    type=click.IntRange(1),
    help="Geheugen (MB) per werkproces; een controle die meer vraagt wordt afgebroken.",
)
@click.option(
    "--read-timeout",
    default=limits.REQUEST_READ_SECONDS,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Seconden die een browser krijgt om een aanvraag te versturen.",
)
@click.option(
    "--queue",
    default=limits.MAX_WAITING_REQUESTS,
    show_default=True,
    type=click.IntRange(0),
    help="Aanvragen die op een werkproces mogen wachten; daarboven antwoordt de server ‘druk’.",
)
@click.option(
    "--root-path",
    "prefix",
    default="",
    metavar="PAD",
    help="Pad waaronder een reverse proxy de pagina aanbiedt (bijv. /waardetaal); de proxy haalt het eraf.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open de pagina in de browser zodra hij klaar is.")
def serve(
    host: str,
    port: int,
    workers: int,
    timeout: float,
    memory: int,
    read_timeout: float,
    queue: int,
    prefix: str,
    open_browser: bool,
) -> None:
    """Start de webpagina voor schrijvers (plakken of uploaden, uitleg, Word met opmerkingen)."""
    # deferred: only this command needs the web stack
    from waardetaal.web.pool import WorkersFailed, WorkPool
    from waardetaal.web.server import ListenError, bind, listen, open_in_browser, page_address, prepare, root_path
    from waardetaal.web.server import serve as run_server

    try:
        prefix = root_path(prefix)
        sock = bind(host, port)  # before the workers: a port in use fails at once, and nothing claims to run
    except ValueError as error:
        _fail(f"--root-path: {error}")
    except ListenError as error:
        _fail(str(error))
    pool = WorkPool(workers, timeout, memory * 2**20, queue)
    try:
        pool.start()
        server = prepare(pool, read_timeout, prefix)
        listen(sock)  # only now: a client connecting earlier would wait on workers still warming up
    except WorkersFailed as error:
        sock.close()
        _fail(str(error))
    except ListenError as error:
        pool.stop()
        _fail(str(error))
    address = page_address(sock)
    click.echo(f"waardetaal draait op {address} (stoppen: Ctrl+C)", err=True)
    if open_browser:
        open_in_browser(address)
    run_server(server, sock, pool)


@main.command()
@click.argument("document", metavar="DOCUMENT", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Het nagekeken Word-bestand.")
@click.option("--genre", metavar="SOORT", help="Soort tekst die een regelset noemt, bijv. vacature.")
@click.option(
    "--wijzigingen",
    "tracked",
    is_flag=True,
    help="Elke veilige suggestie als bijgehouden wijziging (accepteren of weigeren in Word), de rest als opmerking.",
)
def annotate(document: str, output: str, genre: str | None, tracked: bool) -> None:
    """Schrijf een kopie van een Word-bestand met een opmerking bij elke bevinding."""
    from waardetaal.annotate import (
        OutputRefused,
        annotate_docx,
        output_path,
        read_input,
        track_changes_docx,
        write_atomically,
    )
    from waardetaal.formatters.safe import visible
    from waardetaal.linter import Policy, default_linter
    from waardetaal.readers import ReadError

    if Path(document).suffix.lower() != ".docx":
        _fail("alleen Word-bestanden (.docx) kunnen opmerkingen krijgen")
    linter = default_linter()
    declared = [known.name for known in linter.catalog.genres]
    if genre is not None and genre not in declared:
        _fail(f"onbekende soort tekst ‘{genre}’ (de regelsets noemen: {', '.join(declared) or 'geen'})")
    try:
        target = output_path(document, output)  # refused before the work, not after
        data = read_input(document)
        if tracked:
            annotated, comments, changes = track_changes_docx(data, linter, Policy(genre=genre))
        else:
            (annotated, comments), changes = annotate_docx(data, linter, Policy(genre=genre)), 0
        write_atomically(target, annotated)
    except ReadError as error:
        _fail(f"{visible(document)}: {error}: niet nagekeken")
    except OutputRefused as error:
        _fail(str(error))
    written = f"{comments} {'opmerking' if comments == 1 else 'opmerkingen'}"
    if tracked:
        written += f" en {changes} {'wijziging' if changes == 1 else 'wijzigingen'}"
    click.echo(f"{written} in {visible(output)}.")
