"""Compiling rules into spaCy matchers and finding their matches in text.

Phrases become Matcher patterns whose words accept every Dutch form (with or
without a hyphen left by a compound split) and that look through quote marks
(``‘hoger’ onderwijs``). Matches are then cleaned up by named steps: exceptions
drop matches inside names such as the WHW; coordination grows
``hoogopgeleiden`` to ``laag- en hoogopgeleiden``; matches of one rule that
overlap merge; and between rules the caller's judge decides which one
counts more (by default the rule's own severity), then the longest match wins.
"""

from __future__ import annotations

import functools
import hashlib
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from waardetaal.morphology import Inflection, compound_with, word_forms
from waardetaal.nlp import build_pipeline
from waardetaal.patterns import CompoundTails, Pattern, PhrasePattern, TokenPattern, compile_regex, compound_tails
from waardetaal.prefilter import Window
from waardetaal.rules import Catalog, Rule, Suggestions, Variant
from waardetaal.typography import normalize

_QUOTES = ["'", '"']
# Words that join coordinated terms: "hoog- en laagopgeleid", "hoog/laag".
COORDINATORS = frozenset({"en", "of", "en/of", "tot", "tegen", "als", "/", ",", "&"})
# Tokens a match never starts or ends with.
_EDGE_TOKENS = frozenset({*COORDINATORS, "-", "+", "'", '"', "(", ")", ":", ";", "."})


@dataclass(frozen=True, slots=True)
class Detection:
    """A match in the original text, before it becomes a finding."""

    rule: Rule
    variant: Variant | None  # None when several variants were joined
    start: int
    end: int
    inflection: Inflection


# How seriously a detection counts against one it overlaps (a rank, higher wins),
# or None when it is not reported at all. The caller's settings decide, before
# overlaps are resolved: a match nobody reports must not hide one somebody does.
Judge = Callable[[Detection], int | None]


def rank_by_rule(detection: Detection) -> int:
    """The default judge: every detection counts, at its rule's own severity."""
    return detection.rule.severity.rank


@dataclass(slots=True)
class _Span:
    rule_index: int
    variant_index: int | None
    start: int
    end: int


def bare(token_text: str) -> str:
    """A token as the rules see it: lower case, without a compound hyphen."""
    lowered = token_text.lower()
    return lowered[:-1] if len(lowered) > 1 and lowered.endswith("-") else lowered


def _with_hyphens(forms: Iterable[str]) -> list[str]:
    return sorted({variant for form in forms for variant in (form, form + "-")})


def compile_pattern(pattern: Pattern) -> list[dict[str, object]]:
    """The spaCy Matcher pattern for one rule pattern.

    A word followed by a compound hyphen ('hoog-' in 'hoog-opgeleid') matches
    like the word itself, except at the end of a phrase whose last word is not
    its head: 'leerlingen van het mbo-' in 'mbo-congres' is not about students.
    """
    if isinstance(pattern, PhrasePattern):
        head = head_words(pattern)
        last = len(pattern.core) - 1
        tokens: list[dict[str, object]] = []
        for index, slot in enumerate(pattern.slots):
            if index:
                tokens.append({"IS_QUOTE": True, "OP": "*"})
            forms = _with_hyphens(slot.forms) if index < last or slot.words == head else sorted(slot.forms)
            spec: dict[str, object] = {"LOWER": {"IN": forms}}
            if slot.optional:
                spec["OP"] = "?"
            tokens.append(spec)
        return tokens
    return [_compile_token(token) for token in pattern.tokens]


def with_tail(compiled: list[dict[str, object]], tails: CompoundTails) -> list[dict[str, object]]:
    """The Matcher pattern whose last word is a compound it starts: 'onderwijs' as 'onderwijsagenda'."""
    digest = hashlib.sha256(repr(tails).encode()).hexdigest()[:16]
    name = f"waardetaal_tail_{digest}"
    if not Token.has_extension(name):
        Token.set_extension(name, getter=lambda token: tails.split(bare(token.text)) is not None)
    last = {key: value for key, value in compiled[-1].items() if key == "OP"}
    return [*compiled[:-1], {**last, "_": {name: True}}]


def _compile_token(token: Mapping[str, object]) -> dict[str, object]:
    """A token dictionary with ``FORM`` turned into spaCy's ``LOWER`` over all forms.

    A ``REGEX`` becomes a token extension searched with RE2: spaCy's own
    ``REGEX`` runs Python's backtracking ``re``, exponential on some patterns.
    """
    compiled: dict[str, object] = {}
    extensions: dict[str, bool] = {}
    for key, value in token.items():
        if isinstance(value, Mapping) and "REGEX" in value:
            extensions[_regex_extension(key, str(value["REGEX"]))] = True
        elif key != "FORM":
            compiled[key] = value
    if "FORM" in token:
        compiled["LOWER"] = {"IN": _with_hyphens(f for w in form_words(token) for f in word_forms(w))}
    if extensions:
        compiled["_"] = extensions
    return compiled


# The token text each attribute a REGEX may test stands for.
_REGEX_SUBJECTS: dict[str, Callable[[Token], str]] = {
    "LOWER": lambda token: str(token.lower_),
    "TEXT": lambda token: str(token.text),
    "ORTH": lambda token: str(token.text),
}


def _regex_extension(attribute: str, source: str) -> str:
    """The name of a token extension that is true where ``attribute`` matches ``source``.

    Extensions are global to spaCy; the name is derived from the pattern, so
    engines that share a pattern share its extension.
    """
    digest = hashlib.sha256(f"{attribute}\0{source}".encode()).hexdigest()[:16]
    name = f"waardetaal_regex_{digest}"
    if not Token.has_extension(name):
        regex, subject = compile_regex(source), _REGEX_SUBJECTS[attribute]

        # Words repeat (a text of a million words has some tens of thousands of
        # different ones), and each RE2 call pays for encoding the word: remember answers.
        @functools.lru_cache(maxsize=1 << 16)
        def matches(text: str) -> bool:
            return regex.search(text) is not None

        Token.set_extension(name, getter=lambda token: matches(subject(token)))
    return name


def form_words(token: Mapping[str, object]) -> tuple[str, ...]:
    """The words named by a token's ``FORM`` key (none when it has no such key)."""
    value = token.get("FORM")
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Mapping):
        return tuple(str(v) for v in value["IN"])
    return ()


class MatchEngine:
    """spaCy tokenizer plus Matchers for a catalog of rules."""

    def __init__(self, catalog: Catalog, boundaries: Iterable[tuple[str, str]], validate: bool = False):
        """Compile ``catalog``; ``boundaries`` are the compound splits its phrases need.

        ``validate`` has spaCy check every pattern now, as rule-file checks want;
        otherwise a pattern's Matcher is built when a text first needs it, since
        most texts need few and the rule files' own checks already ran.
        """
        self._rules = catalog.rules
        self._nlp = build_pipeline(boundaries)
        self._validate = validate
        # Per pattern, numbered as catalog.pattern_keys: its Matcher key and patterns, and its Matcher once built.
        self._compiled: list[tuple[str, list[list[dict[str, object]]]]] = []
        self._matchers: dict[int, Matcher] = {}
        self._exception_matcher = Matcher(self._nlp.vocab, validate=validate)
        self._exception_numbers: dict[int, int] = {}  # id(pattern) -> number; rule sets share their patterns
        self._exception_keys: dict[int, int] = {}
        self._rule_exceptions: list[frozenset[int]] = []
        self._coordinable: dict[tuple[int, int], frozenset[str]] = {}
        self._inflections: list[dict[str, Inflection]] = []
        self._head_inflections: dict[tuple[int, int], dict[str, Inflection]] = {}
        self._tails: dict[tuple[int, int], CompoundTails] = {}
        for rule_index, rule in enumerate(self._rules):
            self._add_rule(rule_index, rule)
        self._pattern_keys = catalog.pattern_keys
        if validate:
            self.build_matchers()

    def build_matchers(self) -> None:
        """Build every pattern's Matcher now, rather than when a text first needs it."""
        for number in range(len(self._compiled)):
            self._matcher(number)

    def _add_rule(self, rule_index: int, rule: Rule) -> None:
        for variant_index, variant in enumerate(rule.variants):
            compiled = [compile_pattern(variant.pattern)]
            tails = _tails_of(rule, variant.pattern)
            if tails is not None:
                self._tails[(rule_index, variant_index)] = tails
                compiled.append(with_tail(compiled[0], tails))
            self._compiled.append((f"{rule.id}#{variant_index}", compiled))
            self._head_inflections[(rule_index, variant_index)] = {
                form: inflection
                for word in head_words(variant.pattern)
                for form, inflection in word_forms(word).items()
            }
        exception_ids = set()
        for pattern in rule.exceptions:
            if id(pattern) not in self._exception_numbers:
                number = len(self._exception_numbers)
                self._exception_numbers[id(pattern)] = number
                key = f"uitzondering-{number}"
                self._exception_matcher.add(key, [compile_pattern(pattern)], greedy="LONGEST")
                self._exception_keys[self._nlp.vocab.strings[key]] = number
            exception_ids.add(self._exception_numbers[id(pattern)])
        self._rule_exceptions.append(frozenset(exception_ids))
        phrases = {
            v: variant.pattern for v, variant in enumerate(rule.variants) if isinstance(variant.pattern, PhrasePattern)
        }
        for v, pattern in phrases.items():
            self._coordinable[(rule_index, v)] = frozenset(
                form for other in phrases.values() if shares_head(pattern, other) for form in other.slots[0].forms
            )
        inflections: dict[str, Inflection] = {}
        for variant in rule.variants:
            for word in _pattern_words(variant.pattern):
                for form, inflection in word_forms(word).items():
                    inflections.setdefault(form, inflection)
        self._inflections.append(inflections)

    def _matcher(self, number: int) -> Matcher:
        """The Matcher of pattern ``number``, built the first time it is needed."""
        matcher = self._matchers.get(number)
        if matcher is None:
            key, compiled = self._compiled[number]
            matcher = Matcher(self._nlp.vocab, validate=self._validate)
            matcher.add(key, compiled, greedy="LONGEST")
            self._matchers[number] = matcher
        return matcher

    def detect(self, text: str, windows: Sequence[Window], judge: Judge = rank_by_rule) -> list[Detection]:
        """All detections in ``text`` inside ``windows``; ``judge`` ranks or drops each before overlaps."""
        detections = []
        for window in windows:
            canonical = normalize(text[window.start : window.end])
            doc = self._nlp.make_doc(canonical.text)
            cut_before, cut_after = _cut_inside_word(text, window)
            spans: list[_Span] = []
            candidates: list[Detection] = []
            ranks: list[int] = []
            for span in self._spans(doc, window.patterns):
                if (cut_before and span.start == 0) or (cut_after and span.end == len(doc)):
                    continue  # a word cut by the window is not the word in the text ('aaa' of 'aaab')
                first, last = doc[span.start], doc[span.end - 1]
                # A compound hyphen after the term ('laagopgeleiden-wijk') is not part of it.
                last_char = last.idx + len(last.text) - (2 if len(last.text) > 1 and last.text.endswith("-") else 1)
                start = window.start + canonical.to_original(first.idx)
                end = window.start + canonical.to_original(last_char) + 1
                detection = self._detection(doc, span, start, end)
                rank = judge(detection)
                if rank is not None:
                    spans.append(span)
                    candidates.append(detection)
                    ranks.append(rank)
            detections += [candidates[kept] for kept in resolve_overlaps(spans, ranks)]
        return detections

    def _detection(self, doc: Doc, span: _Span, start: int, end: int) -> Detection:
        """The detection of ``span``, which is ``start``-``end`` in the original text."""
        rule = self._rules[span.rule_index]
        variant = None if span.variant_index is None else rule.variants[span.variant_index]
        inflection = self._inflection(doc, span)
        compound = self._compound(doc[span.end - 1].text, span)
        if compound is not None:
            first_part, inflection, tail = compound
            variant = _compound_variant(rule, variant, first_part, tail)
        return Detection(rule, variant, start, end, inflection)

    def _compound(self, last: str, span: _Span) -> tuple[str, Inflection, str] | None:
        """First part, its inflection and the tail, when a match ends in a compound it starts."""
        if span.variant_index is None:
            return None
        tails = self._tails.get((span.rule_index, span.variant_index))
        return None if tails is None else tails.split(bare(last))

    def _inflection(self, doc: Doc, span: _Span) -> Inflection:
        """The form of the match's head word ('leerlingen' in 'leerlingen van het mbo')."""
        if span.variant_index is not None:
            head_forms = self._head_inflections[(span.rule_index, span.variant_index)]
            for token in reversed(doc[span.start : span.end]):
                inflection = head_forms.get(bare(token.text))
                if inflection is not None:
                    return inflection
        return self._inflections[span.rule_index].get(bare(doc[span.end - 1].text), Inflection.BASE)

    def _spans(self, doc: Doc, patterns: Iterable[int]) -> list[_Span]:
        """Matches of the given patterns in ``doc``, cleaned up by the named steps; overlaps between rules remain."""
        spans = [
            _Span(*self._pattern_keys[number], start, end)
            for number in sorted(patterns)
            for _, start, end in self._matcher(number)(doc)
        ]
        spans = [
            span
            for span in spans
            if not _inside_compound(doc, span, self._rules[span.rule_index].language.compound_prefixes)
        ]
        for span in spans:  # every span has its variant until coordination joins some
            pattern = self._rules[span.rule_index].variants[span.variant_index or 0].pattern
            if isinstance(pattern, PhrasePattern) and pattern.context_words:
                _drop_context(doc, span, pattern.context_words)
        spans = self._without_exceptions(doc, spans)
        for span in spans:
            if isinstance(self._rules[span.rule_index].variants[span.variant_index or 0].pattern, TokenPattern):
                _trim_edges(doc, span)
            else:
                self._extend_coordination(doc, span)
                _balance_quotes(doc, span)
        return merge_same_rule([s for s in spans if s.end > s.start])

    def _without_exceptions(self, doc: Doc, spans: list[_Span]) -> list[_Span]:
        if not self._exception_keys or not spans:
            return spans
        protected = [(self._exception_keys[key], start, end) for key, start, end in self._exception_matcher(doc)]
        return [
            span
            for span in spans
            if not any(
                exception in self._rule_exceptions[span.rule_index] and start <= span.start and span.end <= end
                for exception, start, end in protected
            )
        ]

    def _extend_coordination(self, doc: Doc, span: _Span) -> None:
        """Grow a match over coordinated first parts: 'laag- en hoogopgeleiden'."""
        if span.variant_index is None:
            return
        heads = self._coordinable[(span.rule_index, span.variant_index)]
        coordinated = False
        while span.start >= 2:
            joiner, left = doc[span.start - 1], doc[span.start - 2]
            if bare(joiner.text) not in COORDINATORS or bare(left.text) not in heads:
                break
            span.start -= 2
            coordinated = True
        if coordinated:
            span.variant_index = None


def _tails_of(rule: Rule, pattern: Pattern) -> CompoundTails | None:
    """The compounds a rule's phrase may start: only where its last word is its head.

    'leerlingen van het mbo' ends in 'mbo', which the phrase is not about: in
    'leerlingen van het mbo-congres' the tail makes it a congress.
    """
    if rule.tails is None or not isinstance(pattern, PhrasePattern) or pattern.context_words:
        return None
    last = pattern.core[-1].words
    return compound_tails(last, rule.tails) if head_words(pattern) == last else None


def _compound_variant(rule: Rule, variant: Variant | None, first_part: str, tail: str) -> Variant | None:
    """A variant whose suggestions carry the compound's tail: 'hbo en wo' + 'agenda' is 'hbo- en wo-agenda'.

    An s after a first part that does not end in s may be a linking s
    ('opleidingsduur') or the tail's own ('leerlingenstop'); rather than guess,
    nothing is suggested.
    """
    if variant is None:
        return None
    suggestions = rule.suggestions_of(variant)
    if tail.startswith("s") and not first_part.endswith("s"):
        return Variant(variant.pattern, Suggestions((), {}), variant.message)

    def joined(texts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(compound_with(text, tail) for text in texts)

    by_inflection = {inflection: joined(texts) for inflection, texts in suggestions.by_inflection.items()}
    return Variant(variant.pattern, Suggestions(joined(suggestions.any_form), by_inflection), variant.message)


def _cut_inside_word(text: str, window: Window) -> tuple[bool, bool]:
    """Whether the window starts, and ends, inside a word of ``text`` (a very long one)."""

    def joined(offset: int) -> bool:
        return 0 < offset < len(text) and not text[offset - 1].isspace() and not text[offset].isspace()

    return joined(window.start), joined(window.end)


def _inside_compound(doc: Doc, span: _Span, prefixes: frozenset[str]) -> bool:
    """True for a match that starts after one of its rule set's ``prefixes`` joined to it by a hyphen.

    The rule set declares them (``language.compound_prefixes``), so that another
    rule set's match is not dropped: with 'hbo' declared, 'studenten en
    mbo-studenten' is no term inside 'hbo-studenten en mbo-studenten';
    'niet-hoogopgeleiden' is still one.
    """
    if span.start == 0:
        return False
    before = doc[span.start - 1]
    return before.text.endswith("-") and not before.whitespace_ and bare(before.text) in prefixes


def _drop_context(doc: Doc, span: _Span, words: int) -> None:
    """Leave the context words (and quote marks before them) out of a match."""
    for _ in range(words):
        span.end -= 1
        while span.end > span.start and doc[span.end - 1].is_quote:
            span.end -= 1


def _balance_quotes(doc: Doc, span: _Span) -> None:
    """Take in the other half of scare quotes inside a match: '‘hoger’ onderwijs'."""
    inside = sum(1 for token in doc[span.start : span.end] if token.text in _QUOTES)
    if inside % 2 == 0:
        return
    if span.start > 0 and doc[span.start - 1].text in _QUOTES:
        span.start -= 1
    elif span.end < len(doc) and doc[span.end].text in _QUOTES:
        span.end += 1


def _trim_edges(doc: Doc, span: _Span) -> None:
    while span.start < span.end and doc[span.start].lower_ in _EDGE_TOKENS:
        span.start += 1
    while span.end > span.start and doc[span.end - 1].lower_ in _EDGE_TOKENS:
        span.end -= 1


def merge_same_rule(spans: list[_Span]) -> list[_Span]:
    """Overlapping matches of one rule become one match over their union.

    A match inside a longer one of the same rule keeps the longer one's variant
    (and so its suggestions); a union of partly overlapping matches has none.
    """
    merged: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.rule_index, s.start, -s.end, s.variant_index is None)):
        previous = merged[-1] if merged else None
        if previous is not None and previous.rule_index == span.rule_index and span.start < previous.end:
            if span.end > previous.end:
                previous.end = span.end
                previous.variant_index = None
            continue
        merged.append(span)
    return merged


def resolve_overlaps(spans: Sequence[_Span], ranks: Sequence[int]) -> list[int]:
    """Between overlapping matches of different rules, keep one: the indices of the kept spans, by start.

    ``ranks[i]`` is how seriously span ``i`` counts. The more serious wins (a
    hint never hides a warning), then the longer match, then the earlier one,
    then the rule that comes first. Accepted spans are kept sorted, so each
    check is a binary search, not a scan.
    """
    starts: list[int] = []
    accepted: list[int] = []
    ordered = sorted(
        range(len(spans)),
        key=lambda i: (-ranks[i], -(spans[i].end - spans[i].start), spans[i].start, spans[i].rule_index),
    )
    for index in ordered:
        span = spans[index]
        position = bisect_left(starts, span.start)
        overlaps_next = position < len(accepted) and spans[accepted[position]].start < span.end
        overlaps_previous = position > 0 and spans[accepted[position - 1]].end > span.start
        if not (overlaps_next or overlaps_previous):
            starts.insert(position, span.start)
            accepted.insert(position, index)
    return accepted


def shares_head(pattern: PhrasePattern, other: PhrasePattern) -> bool:
    """True when two phrases end in the same words and so can be coordinated.

    'hoog opgeleid' and 'laag opgeleid' share 'opgeleid': 'hoog- en laagopgeleid'.
    """
    return len(pattern.core) == len(other.core) and bool(set(pattern.core[-1].words) & set(other.core[-1].words))


def head_words(pattern: Pattern) -> tuple[str, ...]:
    """The words whose form a suggestion follows: the last slot of full words with a plural.

    In 'hoog opgeleid' that is 'opgeleid'; in 'leerling van het mbo', 'leerling'
    (abbreviations such as 'mbo' or 'roc' are never the head).
    """
    if isinstance(pattern, PhrasePattern):
        for slot in reversed(pattern.core):
            if any(
                len(word) >= 4 and any(f.endswith("en") for f in word_forms(word) if f != word) for word in slot.words
            ):
                return slot.words
        return pattern.core[-1].words
    with_forms = [form_words(token) for token in pattern.tokens if "FORM" in token]
    return with_forms[-1] if with_forms else ()


def _pattern_words(pattern: Pattern) -> list[str]:
    if isinstance(pattern, PhrasePattern):
        return [word for slot in pattern.slots for word in slot.words]
    return [word for token in pattern.tokens for word in form_words(token)]
