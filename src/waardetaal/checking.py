"""One check run: configuration per path, reading, linting, suppressions and fixes.

This is what ``waardetaal check`` does, without the command line: the CLI turns
options into :class:`CheckRequest` and the :class:`CheckOutcome` into output and
an exit status.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from waardetaal.cache import ResultCache
from waardetaal.config import Config, ConfigError, find_config, load_config, resolve_config
from waardetaal.findings import FileReport, Finding, Severity
from waardetaal.fixes import Edit, Fixer, WriteRefused, applied, checked_tree, edits_per_finding, unified_diff
from waardetaal.linter import Linter, Policy, matches_selector
from waardetaal.positions import split_lines
from waardetaal.readers import Directives, ReadingHints, suffixes
from waardetaal.rules import Catalog, load_catalog
from waardetaal.sources import STDIN, STDIN_NAME, Document, Skip, documents_at, extract, read_stdin
from waardetaal.suppressions import UNUSED_RULE, apply_suppressions, parse_directives, unused_findings

# Formats whose suppressions are comments only: a visible line such as a Markdown
# heading '# waardetaal: …' is text, not a directive.
MARKUP_SUFFIXES = suffixes(lambda file_format: file_format.directives is Directives.COMMENTS)


@dataclass(frozen=True)
class CheckRequest:
    """What to check and how, as given on the command line."""

    paths: Sequence[str]
    command_line: Mapping[str, object] = field(default_factory=dict)
    config_file: Path | None = None
    fix: bool = False
    diff: bool = False
    stdin_filename: str | None = None
    show_source: bool = False  # keep the lines holding findings, for the text format


@dataclass
class CheckOutcome:
    """Reports per file, the rules used, and what fixing did or would do."""

    reports: list[FileReport] = field(default_factory=list)
    failed: bool = False  # a finding at or above a file's failing severity
    catalog: Catalog = field(default_factory=lambda: Catalog(()))
    output_format: str = "text"
    diffs: list[str] = field(default_factory=list)
    fixed: int = 0
    fixed_files: int = 0


class Checker:
    """Runs checks; linters are built once per set of rule files and shared."""

    def __init__(self, cache: ResultCache | None = None) -> None:
        self._cache = cache or ResultCache(None)
        self._linters: dict[tuple[Path, ...], Linter] = {}
        self._configs: dict[Path, Config] = {}
        self._loaded: dict[Path | None, Config] = {}  # per nearest configuration file: folders share it
        self._fixer = Fixer()

    def linter(self, config: Config) -> Linter:
        """The linter for the rule sets a configuration names."""
        files = config.rule_set_files()
        if files not in self._linters:
            self._linters[files] = Linter(load_catalog(list(files)))
        return self._linters[files]

    def linter_near(self, folder: Path, request: CheckRequest) -> Linter:
        """The linter for documents in ``folder``, as its configuration chooses the rule sets."""
        return self.linter(self._config_near(folder, request))

    def hints_near(self, folder: Path, request: CheckRequest) -> ReadingHints:
        """What the rule sets for documents in ``folder`` know that helps read them."""
        return ReadingHints(self.linter_near(folder, request).catalog.line_end_hyphens)

    def _hints_for(self, path: Path, request: CheckRequest) -> ReadingHints:
        return self.hints_near(path.parent, request)

    def _config_near(self, folder: Path, request: CheckRequest) -> Config:
        """The configuration for files in ``folder`` (cached per folder)."""
        if folder not in self._configs:
            path = request.config_file if request.config_file is not None else find_config(folder)
            if path not in self._loaded:
                self._loaded[path] = load_config(path, request.command_line)
            self._configs[folder] = self._loaded[path]
        return self._configs[folder]

    def _excluded_in(self, root: Path, request: CheckRequest) -> Skip:
        """Whether a walk of ``root`` skips a path: its folder's own configuration decides, nested ones too."""
        return lambda path: self._config_near(path.parent, request).excludes(path, root)

    def check_read(self, document: Document, request: CheckRequest) -> tuple[FileReport, Config]:
        """Lint a document already read as ``run`` lints a file of a walked folder; also the configuration used."""
        config = self._config_near(Path(document.path).parent, request)
        linter = self.linter(config)
        _check_selectors(config, linter.catalog)
        if document.text is None:
            return FileReport(document.path, (), document.error), config
        return FileReport(document.path, tuple(self._lint(document, linter, config))), config

    def forget_configs(self) -> None:
        """Drop the cached configurations, so configuration files are read again as they are now."""
        self._configs.clear()
        self._loaded.clear()

    def run(self, request: CheckRequest, stdin: BinaryIO | None) -> CheckOutcome:
        """Check every path of the request (``stdin`` is None when standard input is closed)."""
        outcome = CheckOutcome()
        catalogs = []
        for given in request.paths or ["."]:
            start = Path(request.stdin_filename or ".") if given == STDIN else Path(given)
            config = resolve_config(
                start.parent if given == STDIN else start, request.config_file, request.command_line
            )
            linter = self.linter(config)
            _check_selectors(config, linter.catalog)
            catalogs.append(linter.catalog)
            outcome.output_format = config.output_format
            if given == STDIN:
                name = request.stdin_filename or STDIN_NAME
                documents = [read_stdin(name, stdin, self.hints_near(start.parent, request))]
            else:
                hints = functools.partial(self._hints_for, request=request)
                documents = list(documents_at(given, skip=self._excluded_in(Path(given), request), hints_for=hints))
            for document in documents:
                if given != STDIN and Path(document.path) != Path(given):
                    # A file in a walked folder follows the configuration nearest to it.
                    config = self._config_near(Path(document.path).parent, request)
                    linter = self.linter(config)
                    _check_selectors(config, linter.catalog)
                    catalogs.append(linter.catalog)
                tree = None if given == STDIN else checked_tree(given)
                report = self._check_document(document, linter, config, request, outcome, tree)
                outcome.reports.append(report)
                outcome.failed |= any(f.severity.at_least(config.fail_on) for f in report.findings)
        outcome.catalog = _merged(catalogs)
        return outcome

    def _check_document(
        self,
        document: Document,
        linter: Linter,
        config: Config,
        request: CheckRequest,
        outcome: CheckOutcome,
        tree: Path | None,
    ) -> FileReport:
        """Lint one document and, when asked, fix it within ``tree`` (or show the fix as a diff)."""
        if document.text is None:
            return FileReport(document.path, (), document.error)
        findings = self._lint(document, linter, config)
        per_finding = edits_per_finding(document, findings) if tree is not None else []
        fixable = self._fixable(document, per_finding, tree)
        # Planned whenever asked, also for a file that will be refused: the refusal is reported.
        edits = [edit for edit in per_finding if edit is not None] if request.fix or request.diff else []
        shown = document.source.text if document.source is not None else document.text
        if not edits:
            return _report(document.path, findings, shown if request.show_source else None, fixable)
        assert document.source is not None and tree is not None  # edits are only planned when fixing
        new_source, count = applied(document.source.text, edits)
        if request.diff:
            outcome.diffs.append(unified_diff(document.path, document.source.text, new_source))
        else:
            try:
                self._fixer.write(document, new_source, tree)
            except WriteRefused as error:  # what was planned stays unwritten: nothing is fixable
                return FileReport(document.path, tuple(findings), str(error))
            # Check the written text again, so the reported positions are those of the file now.
            rewritten = extract(document.path, document.source.encode(new_source), Path(document.path).suffix)
            if rewritten.text is not None:
                findings = self._lint(rewritten, linter, config)
                fixable = self._fixable(rewritten, edits_per_finding(rewritten, findings), tree)
            shown = new_source
        outcome.fixed += count
        outcome.fixed_files += 1
        return _report(document.path, findings, shown if request.show_source else None, fixable)

    def _fixable(self, document: Document, edits: Sequence[Edit | None], tree: Path | None) -> frozenset[int]:
        """The findings (by position, as ``edits`` has them) whose safe suggestion --fix would write.

        None on standard input, and none in a file --fix would refuse to write
        (read-only, several names, outside the checked tree).
        """
        fixable = frozenset(index for index, edit in enumerate(edits) if edit is not None)
        if tree is None or not fixable or self._fixer.refusal(document, tree) is not None:
            return frozenset()
        return fixable

    def _lint(self, document: Document, linter: Linter, config: Config) -> list[Finding]:
        """The document's findings after its suppressions, from the cache when it has them."""
        policy = config.policy()
        key = None
        if self._cache.folder is not None and document.digest is not None:
            suffix = Path(document.path).suffix
            key = self._cache.key(
                document.digest, suffix, config.rule_set_files(), policy, config.report_unused_suppressions
            )
        cached = self._cache.get(key) if key is not None else None
        if cached is not None:
            return cached
        findings = self._lint_now(document, linter, config, policy)
        if key is not None:
            self._cache.put(key, findings)
        return findings

    def _lint_now(self, document: Document, linter: Linter, config: Config, policy: Policy) -> list[Finding]:
        assert document.text is not None
        findings = linter.lint(document.text, document.positions, policy)
        if document.directives_text is None:
            return findings
        in_source = document.positions is None  # plain text and Markdown keep the file's offsets
        plain_text = Path(document.path).suffix.lower() not in MARKUP_SUFFIXES
        directives = parse_directives(document.directives_text, marker_lines=plain_text)
        outcome = apply_suppressions(findings, directives, in_source)
        kept = outcome.kept
        if config.report_unused_suppressions and policy.reports(UNUSED_RULE):
            severity = policy.severity(UNUSED_RULE, Severity.WARNING)
            unused = unused_findings(outcome.unused, severity, in_source)
            kept = sorted([*kept, *unused], key=lambda f: (f.start, f.line, f.column))
        return kept


def _report(path: str, findings: Sequence[Finding], text: str | None, fixable: frozenset[int]) -> FileReport:
    """The file's report; with ``text``, also the lines of it that hold findings."""
    if text is None or not findings:
        return FileReport(path, tuple(findings), fixable=fixable)
    wanted = {number for finding in findings for number in range(finding.line, finding.end_line + 1)}
    lines = {number: line for number, line in enumerate(split_lines(text), start=1) if number in wanted}
    return FileReport(path, tuple(findings), lines=lines, fixable=fixable)


def _check_selectors(config: Config, catalog: Catalog) -> None:
    policy = config.policy()
    declared = [genre.name for genre in catalog.genres]
    if policy.genre is not None and policy.genre not in declared:
        raise ConfigError(
            f"{config.origins['genre']}: onbekende soort tekst ‘{policy.genre}’ "
            f"(de regelsets noemen: {', '.join(declared) or 'geen'})"
        )
    ids = [rule.id for rule in catalog.rules] + [UNUSED_RULE]
    for key, selectors in (("select", policy.select), ("ignore", policy.ignore), ("severity", policy.severities)):
        for selector in selectors:
            if not any(matches_selector(rule_id, selector) for rule_id in ids):
                raise ConfigError(f"{config.origins[key]}: ‘{key}’ noemt onbekende regel ‘{selector}’")


def _merged(catalogs: Sequence[Catalog]) -> Catalog:
    """One catalog with every rule set used in the run, each once (for SARIF's rule list)."""
    seen: set[str] = set()
    rulesets = []
    for catalog in catalogs:
        for ruleset in catalog.rulesets:
            if ruleset.path not in seen:
                seen.add(ruleset.path)
                rulesets.append(ruleset)
    return Catalog(tuple(rulesets))
