"""Text in, sorted findings out: the engine's single entry point.

No I/O and no printing. spaCy is imported only when the cheap prefilter finds
something worth tokenising, so checking a clean file starts fast.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from waardetaal.findings import Finding, Severity
from waardetaal.limits import MAX_FINDINGS
from waardetaal.mentions import is_mention, is_proper_name
from waardetaal.patterns import compound_boundaries
from waardetaal.positions import LineIndex, PositionMap
from waardetaal.prefilter import Prefilter, Window
from waardetaal.rules import Catalog, load_catalog
from waardetaal.suggestions import suggestions_for
from waardetaal.typography import INVISIBLE

if TYPE_CHECKING:
    from waardetaal.matching import Detection, MatchEngine

MENTION_NOTE = "Hier genoemd als term, niet gebruikt: alleen een hint. "


class Mentions(StrEnum):
    """What happens to a term that is talked about rather than used."""

    INFO = "info"  # reported as a hint (the default)
    IGNORE = "ignore"  # not reported
    REPORT = "report"  # reported like any use


@dataclass(frozen=True, slots=True)
class Policy:
    """Which rules report, how seriously, and how mentions count (from configuration)."""

    select: tuple[str, ...] = ()  # rule ids or prefixes; empty: all rules
    ignore: tuple[str, ...] = ()
    severities: Mapping[str, Severity] = field(default_factory=dict)
    mentions: Mentions = Mentions.INFO
    genre: str | None = None  # the kind of text; rules limited to other kinds stay silent

    def reports(self, rule_id: str, genres: tuple[str, ...] = ()) -> bool:
        """True when the rule is selected, not ignored, and applies to this kind of text."""
        if self.genre and genres and self.genre not in genres:
            return False
        selected = not self.select or any(matches_selector(rule_id, s) for s in self.select)
        return selected and not any(matches_selector(rule_id, s) for s in self.ignore)

    def severity(self, rule_id: str, default: Severity) -> Severity:
        """The rule's severity: the most specific override that names it (an id before a prefix), else ``default``."""
        named = [selector for selector in self.severities if matches_selector(rule_id, selector)]
        return self.severities[max(named, key=len)] if named else default


def matches_selector(rule_id: str, selector: str) -> bool:
    """A selector is a rule id or a prefix of ids at a dot: 'utrecht' or 'utrecht.hoger-onderwijs'."""
    return rule_id == selector or rule_id.startswith(selector.rstrip(".") + ".")


DEFAULT_POLICY = Policy()


class Linter:
    """Checks texts against a catalog of rules."""

    def __init__(self, catalog: Catalog, validate: bool = False):
        """A linter for ``catalog``; ``validate`` has spaCy check every pattern when the engine is built."""
        self.catalog = catalog
        self._validate = validate
        self._boundaries = compound_boundaries(catalog.patterns)
        self._prefilter = Prefilter(catalog.patterns, inner_words={right for _, right in self._boundaries})

    @cached_property
    def _engine(self) -> MatchEngine:
        from waardetaal.matching import MatchEngine  # deferred: importing spaCy takes a second

        return MatchEngine(self.catalog, self._boundaries, validate=self._validate)

    def prepare(self) -> None:
        """Compile now all that is otherwise compiled on first need: for a server, whose requests should not wait."""
        self._prefilter.prepare()
        self._engine.build_matchers()

    def warm_up(self) -> None:
        """Compile everything and check each rule's first example: afterwards a text costs only its own work."""
        self.prepare()
        for rule in self.catalog.rules:  # the tokenizer's first texts, too, pay for setting it up
            self.lint(rule.flag_examples[0].text.replace("[[", "").replace("]]", ""))

    def _allowed_patterns(self, policy: Policy) -> frozenset[int] | None:
        """The patterns of the rules ``policy`` reports (None: all of them)."""
        rules = self.catalog.rules
        allowed = frozenset(
            number
            for number, (rule, _) in enumerate(self.catalog.pattern_keys)
            if policy.reports(rules[rule].id, rules[rule].genres)
        )
        return None if len(allowed) == len(self.catalog.pattern_keys) else allowed

    def policy(
        self,
        *,
        genre: str | None = None,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        severity: Mapping[str, Severity | str] | None = None,
        mentions: Mentions | str = Mentions.INFO,
    ) -> Policy:
        """The policy of the library's keyword settings, checked against this linter's rules (Dutch ValueError)."""
        declared = [known.name for known in self.catalog.genres]  # the rule sets declare the kinds of text
        if genre is not None and genre not in declared:
            raise ValueError(f"onbekend genre ‘{genre}’ (kies uit {', '.join(declared)})")
        selected, ignored = _selectors(select), _selectors(ignore)
        severities = {rule: _severity(value) for rule, value in (severity or {}).items()}
        ids = [rule.id for rule in self.catalog.rules]
        for key, selectors in (("select", selected), ("ignore", ignored), ("severity", tuple(severities))):
            for selector in selectors:
                if not any(matches_selector(rule_id, selector) for rule_id in ids):
                    raise ValueError(f"‘{key}’ noemt onbekende regel ‘{selector}’")
        try:
            counted = Mentions(mentions)
        except ValueError:
            raise ValueError(f"mentions ‘{mentions}’: kies uit {', '.join(Mentions)}") from None
        return Policy(select=selected, ignore=ignored, severities=severities, mentions=counted, genre=genre)

    def lint_many(self, texts: Iterable[str], policy: Policy = DEFAULT_POLICY) -> Iterator[list[Finding]]:
        """The findings of each text in turn, computed lazily; a whole batch shares this linter's compiled rules."""
        for text in texts:
            yield self.lint(text, policy=policy)

    def lint(self, text: str, positions: PositionMap | None = None, policy: Policy = DEFAULT_POLICY) -> list[Finding]:
        """All findings in ``text``, sorted by start offset.

        ``positions`` turns offsets into what a person opens (lines of a source
        file, a page); by default the lines and columns of ``text`` itself.
        ``policy`` selects rules, overrides severities and says how mentions count.
        A ``text`` that is not a string raises a Dutch TypeError.
        """
        _require_text(text)
        windows = _paragraph_windows(text, self._prefilter.windows(text, self._allowed_patterns(policy)))
        if not windows:
            return []
        judge = _Judge(text, policy)
        detections: list[Detection] = []
        # Window by window, so a text with a term everywhere stops at the bound instead of running for minutes.
        for first in range(0, len(windows), _WINDOW_BATCH):
            detections += self._engine.detect(text, windows[first : first + _WINDOW_BATCH], judge)
            if len(detections) > MAX_FINDINGS:
                break
        where = positions if positions is not None else LineIndex(text)
        findings = [_finding(text, d, where, judge.verdict(d)) for d in detections[:MAX_FINDINGS]]
        if len(detections) > MAX_FINDINGS:
            findings.append(_stopped_at(text, detections[MAX_FINDINGS], where))
        return sorted(findings, key=lambda f: (f.start, f.end, f.rule))


@dataclass(frozen=True, slots=True)
class _Verdict:
    """How a detection is reported: at which severity, and whether it is a mention rather than a use."""

    severity: Severity
    mention: bool
    demoted: bool = False  # a mention reported as a hint instead of at its rule's severity


class _Judge:
    """The policy's verdict on each detection, given to the engine so that settings act before overlaps.

    Every setting that drops a detection or changes its severity is decided
    here, before overlapping matches are resolved and before the findings
    bound counts them: an ignored rule, a name or an ignored mention hides
    nothing, and a severity override (or a mention's demotion to a hint)
    counts when overlapping matches compete.
    """

    def __init__(self, text: str, policy: Policy):
        self._text = text
        self._policy = policy
        self._verdicts: dict[tuple[str, int, int], _Verdict] = {}

    def __call__(self, detection: Detection) -> int | None:
        """The detection's rank against overlapping ones (its severity's), or None when it is not reported."""
        verdict = self._judged(detection)
        if verdict is None:
            return None
        self._verdicts[_key(detection)] = verdict
        return verdict.severity.rank

    def verdict(self, detection: Detection) -> _Verdict:
        """The verdict on a detection the engine kept (and so judged before)."""
        return self._verdicts[_key(detection)]

    def _judged(self, detection: Detection) -> _Verdict | None:
        rule, text, policy = detection.rule, self._text, self._policy
        if not policy.reports(rule.id, rule.genres):
            return None
        if rule.skip_names and is_proper_name(text, detection.start, detection.end):
            return None
        mention = policy.mentions is not Mentions.REPORT and is_mention(text, detection.start, detection.end)
        if mention and policy.mentions is Mentions.IGNORE:
            return None
        severity = policy.severity(rule.id, rule.severity)
        if mention and severity.at_least(Severity.WARNING):
            return _Verdict(Severity.INFO, mention=True, demoted=True)
        return _Verdict(severity, mention)


def _key(detection: Detection) -> tuple[str, int, int]:
    # A verdict depends only on the rule and the matched stretch of text.
    return detection.rule.id, detection.start, detection.end


def _finding(text: str, detection: Detection, positions: PositionMap, verdict: _Verdict) -> Finding:
    rule, matched, mention = detection.rule, text[detection.start : detection.end], verdict.mention
    message = (detection.variant.message if detection.variant and detection.variant.message else None) or rule.message
    if verdict.demoted:
        message = MENTION_NOTE + message
    first, last = positions.position(detection.start), positions.position(detection.end - 1)
    suggestions = suggestions_for(rule, detection.variant, detection.inflection, matched)
    return Finding(
        rule=rule.id,
        category=rule.category,
        severity=verdict.severity,
        start=detection.start,
        end=detection.end,
        line=first.line,
        column=first.column,
        end_line=last.line,
        end_column=last.column + 1,
        text=matched,
        message=message.replace("{term}", _term_shown(matched)),
        suggestions=suggestions,
        location=first.location,
        fix=suggestions[0] if rule.fix == "safe" and suggestions and not mention else None,
    )


_WITHOUT_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))


def _term_shown(matched: str) -> str:
    """The term as a message quotes it: on one line, without characters nobody sees (soft hyphens, ...)."""
    return " ".join(matched.translate(_WITHOUT_INVISIBLE).split())


_WINDOW_BATCH = 64
# Windows of terms close together merge; a text with a term in every paragraph
# becomes one window, which the findings bound could not stop. Such a window is
# cut at blank lines, which no match crosses.
_LONG_WINDOW = 10_000
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _paragraph_windows(text: str, windows: list[Window]) -> list[Window]:
    """``windows`` with every long one cut into pieces at blank lines."""
    pieces: list[Window] = []
    for window in windows:
        if window.end - window.start <= _LONG_WINDOW:
            pieces.append(window)
            continue
        start = window.start
        for blank in _BLANK_LINE.finditer(text, window.start, window.end):
            if blank.start() - start >= _LONG_WINDOW // 10:
                pieces.append(Window(start, blank.start(), window.patterns))
                start = blank.end()
        pieces.append(Window(start, window.end, window.patterns))
    return pieces


TOO_MANY_RULE = "waardetaal.te-veel-bevindingen"


def _stopped_at(text: str, detection: Detection, positions: PositionMap) -> Finding:
    """The finding that says where the check stopped after MAX_FINDINGS findings."""
    first, last = positions.position(detection.start), positions.position(detection.end - 1)
    bound = f"{MAX_FINDINGS:,}".replace(",", ".")
    return Finding(
        rule=TOO_MANY_RULE,
        category="waardetaal",
        severity=Severity.ERROR,
        start=detection.start,
        end=detection.end,
        line=first.line,
        column=first.column,
        end_line=last.line,
        end_column=last.column + 1,
        text=text[detection.start : detection.end],
        message=f"Meer dan {bound} bevindingen: de rest van het document, vanaf hier, is niet gecontroleerd.",
        suggestions=(),
        location=first.location,
    )


@lru_cache(maxsize=1)
def default_linter() -> Linter:
    """A linter with the shipped rule sets, built once per process."""
    return Linter(load_catalog())


def _selectors(value: Iterable[str]) -> tuple[str, ...]:
    # One selector given as a bare string is one selector, not its characters.
    return (value,) if isinstance(value, str) else tuple(value)


def _severity(value: Severity | str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise ValueError(f"ernst ‘{value}’: kies uit error, warning, info") from None


def _require_text(value: object) -> None:
    """Raise a Dutch TypeError for anything but a string (None, or NaN for an empty pandas cell)."""
    if not isinstance(value, str):
        problem = f"waardetaal controleert tekst (str), geen {type(value).__name__} ({reprlib.repr(value)})"
        # pandas gives NaN (a float) or None for an empty cell.
        if value is None or isinstance(value, float):
            problem += "; een lege cel in pandas is NaN of None: vul die eerst, bijvoorbeeld met .fillna('')"
        raise TypeError(problem)


def lint_text(
    text: str,
    catalog: Catalog | None = None,
    *,
    genre: str | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    severity: Mapping[str, Severity | str] | None = None,
    mentions: Mentions | str = Mentions.INFO,
) -> list[Finding]:
    """Check ``text`` with the shipped rules (or ``catalog``) and the given settings; the findings, sorted."""
    linter = default_linter() if catalog is None else Linter(catalog)
    policy = linter.policy(genre=genre, select=select, ignore=ignore, severity=severity, mentions=mentions)
    return linter.lint(text, policy=policy)
