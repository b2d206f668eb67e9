"""Reading and validating rule sets: the only module that reads YAML.

One rule set per YAML file in ``rules/``; the file stem is the rule set name
and prefixes every rule id. Every problem is reported as a
:class:`RuleFileError` naming file, rule and field, so that a writer who copied
a rule and made a typo is told where.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import yaml

from waardetaal.annotations import parse_annotated
from waardetaal.findings import Severity
from waardetaal.limits import MAX_RULE_FILE_BYTES
from waardetaal.morphology import Inflection
from waardetaal.patterns import Pattern, PatternError, parse_phrase, parse_tokens
from waardetaal.sources import Unreadable, read_regular

# libyaml's loader is several times faster; start-up time matters for hooks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ID = re.compile(r"^[a-z0-9]+(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$")
_CATEGORY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_RULESET_KEYS = {
    "ruleset",
    "title",
    "description",
    "default",
    "source",
    "link",
    "exceptions",
    "genres",
    "categories",
    "language",
    "rules",
}
_RULE_KEYS = {
    "id",
    "category",
    "severity",
    "message",
    "why",
    "source",
    "link",
    "patterns",
    "suggestions",
    "exceptions",
    "examples",
    "fix",
    "skip_names",
    "genres",
    "tails",
}
_LABELLED_KEYS = {"name", "label"}
_LANGUAGE_KEYS = {"abbreviations", "compound_prefixes", "frequent_words", "line_end_hyphens"}
# A word of the language data: lower-case letters and digits, as the matcher compares tokens.
_WORD = re.compile(r"^[^\W_]+$")
_RULE_REQUIRED = ("id", "category", "severity", "message", "why", "patterns", "examples")
_PATTERN_KEYS = {"phrase", "tokens", "suggestions", "message"}
_EXAMPLE_KEYS = {"flag", "pass"}
_FLAG_KEYS = {"text", "suggestion", "severity"}
_FIX_MODES = ("safe", "unsafe")


class RuleFileError(Exception):
    """A rule file that cannot be used, with a Dutch message naming the place."""

    def __init__(self, path: str, problem: str, rule: str | None = None, field: str | None = None):
        self.path, self.rule, self.field, self.problem = path, rule, field, problem
        where = path
        if rule is not None:
            where += f": regel {rule}"
        if field is not None:
            where += f": veld ‘{field}’"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True, slots=True)
class Genre:
    """A kind of text a rule set's rules can be limited to, with its Dutch label."""

    name: str
    label: str


@dataclass(frozen=True, slots=True)
class Category:
    """A category of findings with the Dutch label a reader sees (the page, the report)."""

    name: str
    label: str


@dataclass(frozen=True, slots=True)
class Language:
    """The words a rule set declares about its own language, all in lower case."""

    # Written in capitals by some writers; a suggestion keeps them so ('MBO en HO').
    abbreviations: frozenset[str] = frozenset()
    # Joined by a hyphen, they make the next word part of another term ('hbo-studenten').
    compound_prefixes: frozenset[str] = frozenset()
    # So frequent in the texts the rule set checks that a pattern is better found by another word.
    frequent_words: frozenset[str] = frozenset()
    # First parts whose hyphen stays where a PDF line breaks after it ('mbo-⏎studenten').
    line_end_hyphens: frozenset[str] = frozenset()


NO_LANGUAGE = Language()


@dataclass(frozen=True, slots=True)
class Suggestions:
    """Suggested wordings, either for every form or per inflection of the match."""

    any_form: tuple[str, ...]
    by_inflection: Mapping[Inflection, tuple[str, ...]]

    def for_inflection(self, inflection: Inflection) -> tuple[str, ...]:
        """The suggestions that agree with a match of this inflection.

        An -e form without suggestions of its own takes the base form's: for a
        noun it is the feminine or old form ('leerlinge'), not a plural.
        """
        if not self.by_inflection:
            return self.any_form
        if inflection is Inflection.E and Inflection.E not in self.by_inflection:
            inflection = Inflection.BASE
        return self.by_inflection.get(inflection, ())


NO_SUGGESTIONS = Suggestions((), {})


@dataclass(frozen=True, slots=True)
class Variant:
    """One pattern of a rule with the wording it suggests for that pattern."""

    pattern: Pattern
    suggestions: Suggestions | None
    message: str | None


@dataclass(frozen=True, slots=True)
class FlagExample:
    """An example text with ``[[…]]`` around what the rule must flag."""

    text: str
    suggestion: str | None
    severity: Severity | None


@dataclass(frozen=True, slots=True)
class Rule:
    """A validated rule: what to find, how serious it is and what to say."""

    id: str
    ruleset: str
    category: str
    severity: Severity
    message: str
    why: str
    source: str
    link: str | None
    variants: tuple[Variant, ...]
    suggestions: Suggestions
    exceptions: tuple[Pattern, ...]
    flag_examples: tuple[FlagExample, ...]
    pass_examples: tuple[str, ...]
    fix: str | None
    skip_names: bool
    genres: tuple[str, ...]  # empty: every kind of text
    path: str
    # The term may start a longer compound ('hogeronderwijsagenda'), except
    # before these tails; None: a compound tail makes it another word.
    tails: tuple[str, ...] | None = None
    language: Language = NO_LANGUAGE  # its rule set's

    def suggestions_of(self, variant: Variant | None) -> Suggestions:
        """A variant's own suggestions, or the rule's for joined variants or none of its own."""
        if variant is not None and variant.suggestions is not None:
            return variant.suggestions
        return self.suggestions


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The rules of one YAML file."""

    name: str
    title: str
    description: str
    path: str
    rules: tuple[Rule, ...]
    genres: tuple[Genre, ...] = ()
    language: Language = NO_LANGUAGE
    default: bool = True  # a shipped rule set that is off by default is used only when named
    categories: tuple[Category, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """All loaded rule sets; rule ids are unique across them."""

    rulesets: tuple[RuleSet, ...]

    @cached_property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule, in file order."""
        return tuple(rule for ruleset in self.rulesets for rule in ruleset.rules)

    @cached_property
    def pattern_keys(self) -> tuple[tuple[int, int], ...]:
        """(rule index, variant index) of every pattern: the numbering engine and prefilter share."""
        return tuple((r, v) for r, rule in enumerate(self.rules) for v in range(len(rule.variants)))

    @cached_property
    def patterns(self) -> tuple[Pattern, ...]:
        """Every rule pattern, numbered as :attr:`pattern_keys`."""
        return tuple(self.rules[r].variants[v].pattern for r, v in self.pattern_keys)

    @cached_property
    def line_end_hyphens(self) -> frozenset[str]:
        """The words whose hyphen stays at a line end, from every rule set (a file is read once for all of them)."""
        return frozenset(word for ruleset in self.rulesets for word in ruleset.language.line_end_hyphens)

    @cached_property
    def genres(self) -> tuple[Genre, ...]:
        """The kinds of text the rule sets declare, each name once (the first rule set's label)."""
        named: dict[str, Genre] = {}
        for ruleset in self.rulesets:
            for genre in ruleset.genres:
                named.setdefault(genre.name, genre)
        return tuple(named.values())

    @cached_property
    def category_labels(self) -> Mapping[str, str]:
        """The label of every category a loaded rule uses; an undeclared one is labelled by its name."""
        declared: dict[str, str] = {}
        for ruleset in self.rulesets:
            for category in ruleset.categories:
                declared.setdefault(category.name, category.label)
        return {rule.category: declared.get(rule.category, rule.category) for rule in self.rules}

    @cached_property
    def by_id(self) -> Mapping[str, Rule]:
        """Rules keyed by id."""
        return {rule.id: rule for rule in self.rules}

    def select(self, rule_ids: Iterable[str]) -> Catalog:
        """A catalog with only the given rules (rule sets keep their order)."""
        wanted = set(rule_ids)
        return Catalog(
            tuple(
                RuleSet(
                    rs.name,
                    rs.title,
                    rs.description,
                    rs.path,
                    tuple(r for r in rs.rules if r.id in wanted),
                    rs.genres,
                    rs.language,
                    rs.default,
                    rs.categories,
                )
                for rs in self.rulesets
            )
        )


@lru_cache(maxsize=1)
def builtin_rules_dir() -> Path:
    """The folder with the shipped rule sets, installed or in a source checkout."""
    packaged = resources.files("waardetaal") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rules"


def builtin_rule_files() -> list[Path]:
    """The shipped rule set files, sorted by name."""
    return list(_shipped_files())


# Asked for every document (the configuration near it names its rule sets); what an
# installation ships does not change while it runs, so the folder is listed once.
@lru_cache(maxsize=1)
def _shipped_files() -> tuple[Path, ...]:
    return tuple(sorted(builtin_rules_dir().glob("*.yaml")))


def default_rule_files() -> list[Path]:
    """The shipped rule set files that are on unless a configuration names the rule sets to use."""
    return [path for path in builtin_rule_files() if _on_by_default(path)]


@lru_cache(maxsize=16)
def _on_by_default(path: Path) -> bool:
    """Whether a shipped rule set file leaves out ``default: false`` (the full load validates the value)."""
    try:
        data = yaml.load(read_regular(path, MAX_RULE_FILE_BYTES).decode("utf-8-sig"), Loader=_Loader)
    except (Unreadable, UnicodeDecodeError, yaml.YAMLError):
        return True  # loading it reports the problem
    return not (isinstance(data, Mapping) and data.get("default") is False)


def load_catalog(paths: Sequence[Path] | None = None) -> Catalog:
    """Load and validate rule set files (default: the shipped ones that are on by default)."""
    files = default_rule_files() if paths is None else list(paths)
    rulesets = tuple(load_ruleset(path) for path in files)
    _check_unique_ids(rulesets)
    return Catalog(rulesets)


def load_ruleset(path: Path) -> RuleSet:
    """Read one YAML file into a validated :class:`RuleSet`."""
    shown = str(path)
    try:
        text = read_regular(path, MAX_RULE_FILE_BYTES).decode("utf-8-sig")
    except Unreadable as error:
        raise RuleFileError(shown, str(error)) from None
    except UnicodeDecodeError:
        raise RuleFileError(shown, "is geen UTF-8-tekst") from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (regel {mark.line + 1}, kolom {mark.column + 1})" if mark is not None else ""
        raise RuleFileError(shown, f"geen geldige YAML{where}") from None
    return _build_ruleset(shown, path.stem, data)


def _build_ruleset(path: str, stem: str, data: object) -> RuleSet:
    if not isinstance(data, Mapping):
        raise RuleFileError(path, "een regelbestand begint met ‘ruleset:’ en ‘rules:’")
    _reject_unknown(path, None, "", data, _RULESET_KEYS)
    name = data.get("ruleset")
    if name != stem:
        raise RuleFileError(path, f"‘ruleset’ moet gelijk zijn aan de bestandsnaam (‘{stem}’)", field="ruleset")
    default_source = _optional_text(path, None, "source", data.get("source"))
    default_link = _optional_text(path, None, "link", data.get("link"))
    genres = tuple(Genre(*pair) for pair in _labelled(path, data.get("genres", []), "genres", "soort tekst"))
    categories = tuple(
        Category(*pair) for pair in _labelled(path, data.get("categories", []), "categories", "categorie")
    )
    language = _language(path, data.get("language", {}))
    context = _Context(path, stem, default_source, default_link, genres, categories, language)
    shared_exceptions = _patterns_list(path, None, "exceptions", data.get("exceptions", []))
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RuleFileError(path, "verwacht een lijst regels", field="rules")
    rules = []
    for index, raw in enumerate(raw_rules, start=1):
        rules.append(_build_rule(context, index, raw, shared_exceptions))
    return RuleSet(
        name=stem,
        title=_optional_text(path, None, "title", data.get("title")) or stem,
        description=_optional_text(path, None, "description", data.get("description")) or "",
        path=path,
        rules=tuple(rules),
        genres=genres,
        language=language,
        default=_default(path, data.get("default", True)),
        categories=categories,
    )


def _default(path: str, value: object) -> bool:
    """The top-level ``default:``: false for a rule set used only when a configuration names it."""
    if not isinstance(value, bool):
        raise RuleFileError(path, "verwacht true of false", field="default")
    return value


@dataclass(frozen=True, slots=True)
class _Context:
    """What a rule of a file takes from the top of the file."""

    path: str
    ruleset: str
    default_source: str | None
    default_link: str | None
    genres: tuple[Genre, ...]
    categories: tuple[Category, ...]
    language: Language


def _labelled(path: str, value: object, key: str, noun: str) -> list[tuple[str, str]]:
    """A top-level list of ``{name, label}`` (``genres:``, ``categories:``), every name once."""
    if not isinstance(value, list):
        raise RuleFileError(path, "verwacht een lijst met ‘name:’ en ‘label:’", field=key)
    pairs: list[tuple[str, str]] = []
    for i, item in enumerate(value, start=1):
        field = f"{key}[{i}]"
        if not isinstance(item, Mapping):
            raise RuleFileError(path, "verwacht ‘name:’ en ‘label:’", field=field)
        _reject_unknown(path, None, f"{field}.", item, _LABELLED_KEYS)
        name = item.get("name")
        if not isinstance(name, str) or not _CATEGORY.match(name):
            raise RuleFileError(path, f"een {noun} is een naam in kleine letters met -", field=f"{field}.name")
        if any(known == name for known, _ in pairs):
            raise RuleFileError(path, f"{noun} ‘{name}’ staat er twee keer", field=f"{field}.name")
        pairs.append((name, _required_text(path, None, f"{field}.label", item.get("label"))))
    return pairs


def _language(path: str, value: object) -> Language:
    """The top-level ``language:`` section: lists of words, each field optional."""
    if not isinstance(value, Mapping):
        raise RuleFileError(path, "verwacht velden met lijsten woorden", field="language")
    _reject_unknown(path, None, "language.", value, _LANGUAGE_KEYS)
    words = {key: _words(path, f"language.{key}", value.get(key, [])) for key in sorted(_LANGUAGE_KEYS)}
    return Language(**words)


def _words(path: str, field: str, value: object) -> frozenset[str]:
    if not isinstance(value, list):
        raise RuleFileError(path, "verwacht een lijst woorden", field=field)
    for item in value:
        if not isinstance(item, str) or not _WORD.match(item):
            raise RuleFileError(path, f"‘{item}’ is geen woord (alleen letters en cijfers)", field=field)
    return frozenset(item.lower() for item in value)


def _build_rule(context: _Context, index: int, raw: object, shared_exceptions: tuple[Pattern, ...]) -> Rule:
    path, ruleset = context.path, context.ruleset
    if not isinstance(raw, Mapping):
        raise RuleFileError(path, f"regel nummer {index} is geen sleutel-waardelijst")
    rule_id = raw.get("id")
    label = str(rule_id) if rule_id else f"nummer {index}"
    _reject_unknown(path, label, "", raw, _RULE_KEYS)
    for key in _RULE_REQUIRED:
        if key not in raw:
            raise RuleFileError(path, "ontbreekt", label, key)
    if not isinstance(rule_id, str) or not _ID.match(rule_id) or not rule_id.startswith(ruleset + "."):
        raise RuleFileError(
            path, f"een id ziet eruit als ‘{ruleset}.naam-van-de-regel’ (kleine letters, cijfers, -)", label, "id"
        )
    category = raw["category"]
    if not isinstance(category, str) or not _CATEGORY.match(category):
        raise RuleFileError(path, "een categorie is een naam in kleine letters met -", label, "category")
    declared_categories = [known.name for known in context.categories]
    if declared_categories and category not in declared_categories:
        choices = ", ".join(declared_categories)
        raise RuleFileError(path, f"‘{category}’ staat niet bij ‘categories:’ bovenaan ({choices})", label, "category")
    source = _optional_text(path, label, "source", raw.get("source")) or context.default_source
    if source is None:
        raise RuleFileError(path, "ontbreekt (hier of bovenaan het bestand)", label, "source")
    fix = raw.get("fix")
    if fix is not None and fix not in _FIX_MODES:
        raise RuleFileError(path, f"kies uit {', '.join(_FIX_MODES)}", label, "fix")
    skip_names = raw.get("skip_names", False)
    if not isinstance(skip_names, bool):
        raise RuleFileError(path, "verwacht true of false", label, "skip_names")
    genres = raw.get("genres", [])
    declared = [genre.name for genre in context.genres]
    if not isinstance(genres, list) or not all(g in declared for g in genres):
        choices = f"een lijst uit {', '.join(declared)}" if declared else "eerst ‘genres:’ bovenaan het bestand"
        raise RuleFileError(path, f"verwacht {choices}", label, "genres")
    return Rule(
        id=rule_id,
        ruleset=ruleset,
        category=category,
        severity=_severity(path, label, "severity", raw["severity"]),
        message=_required_text(path, label, "message", raw["message"]),
        why=_required_text(path, label, "why", raw["why"]),
        source=source,
        link=_optional_text(path, label, "link", raw.get("link")) or context.default_link,
        variants=_variants(path, label, raw["patterns"], context.language.frequent_words),
        suggestions=_suggestions(path, label, "suggestions", raw.get("suggestions")) or NO_SUGGESTIONS,
        exceptions=shared_exceptions + _patterns_list(path, label, "exceptions", raw.get("exceptions", [])),
        flag_examples=_flag_examples(path, label, raw["examples"]),
        pass_examples=_pass_examples(path, label, raw["examples"]),
        fix=fix,
        skip_names=skip_names,
        genres=tuple(genres),
        path=path,
        tails=_tails(path, label, raw.get("tails", False)),
        language=context.language,
    )


def _tails(path: str, rule: str, value: object) -> tuple[str, ...] | None:
    """``tails: true``, or ``tails: {except: [...]}`` naming tails that change the meaning."""
    if value is False:
        return None
    if value is True:
        return ()
    if isinstance(value, Mapping) and set(value) == {"except"}:
        excluded = value["except"]
        if isinstance(excluded, list) and excluded and all(isinstance(v, str) and v.strip() for v in excluded):
            return tuple(v.strip().lower() for v in excluded)
    raise RuleFileError(path, "verwacht true, false of ‘except:’ met een lijst woorden", rule, "tails")


def _reject_unknown(path: str, rule: str | None, prefix: str, data: Mapping[object, object], allowed: set[str]) -> None:
    for key in data:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise RuleFileError(path, f"onbekend veld (toegestaan: {known})", rule, f"{prefix}{key}")


def _required_text(path: str, rule: str | None, field: str, value: object) -> str:
    text = _optional_text(path, rule, field, value)
    if not text:
        raise RuleFileError(path, "mag niet leeg zijn", rule, field)
    return text


def _optional_text(path: str, rule: str | None, field: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise RuleFileError(path, "verwacht tekst", rule, field)
    return " ".join(value.split())


def _severity(path: str, rule: str | None, field: str, value: object) -> Severity:
    try:
        return Severity(str(value))
    except ValueError:
        raise RuleFileError(path, f"onbekende ernst ‘{value}’ (kies uit error, warning, info)", rule, field) from None


def _pattern(path: str, rule: str | None, field: str, value: object) -> Pattern:
    try:
        if isinstance(value, str):
            return parse_phrase(value)
        return parse_tokens(value)
    except PatternError as error:
        raise RuleFileError(path, f"ongeldig patroon: {error}", rule, field) from None


def _patterns_list(path: str, rule: str | None, field: str, value: object) -> tuple[Pattern, ...]:
    if not isinstance(value, list):
        raise RuleFileError(path, "verwacht een lijst patronen", rule, field)
    return tuple(_pattern(path, rule, f"{field}[{i}]", item) for i, item in enumerate(value, start=1))


def _variants(path: str, rule: str, value: object, frequent: frozenset[str]) -> tuple[Variant, ...]:
    """The rule's patterns, each told the rule set's frequent words (for choosing what to search)."""
    return tuple(
        Variant(replace(variant.pattern, frequent=frequent), variant.suggestions, variant.message)
        for variant in _parsed_variants(path, rule, value)
    )


def _parsed_variants(path: str, rule: str, value: object) -> tuple[Variant, ...]:
    if not isinstance(value, list) or not value:
        raise RuleFileError(path, "verwacht een niet-lege lijst patronen", rule, "patterns")
    variants = []
    for i, item in enumerate(value, start=1):
        field = f"patterns[{i}]"
        if isinstance(item, str | list):  # a phrase, or a token list as in spaCy's SpanRuler
            variants.append(Variant(_pattern(path, rule, field, item), None, None))
            continue
        if not isinstance(item, Mapping):
            raise RuleFileError(path, "verwacht een zin, of ‘phrase:’/‘tokens:’ met suggesties", rule, field)
        _reject_unknown(path, rule, f"{field}.", item, _PATTERN_KEYS)
        if ("phrase" in item) == ("tokens" in item):
            raise RuleFileError(path, "geef precies één van ‘phrase’ en ‘tokens’", rule, field)
        pattern = _pattern(path, rule, field, item["phrase"] if "phrase" in item else item["tokens"])
        variants.append(
            Variant(
                pattern,
                _suggestions(path, rule, f"{field}.suggestions", item.get("suggestions")),
                _optional_text(path, rule, f"{field}.message", item.get("message")),
            )
        )
    return tuple(variants)


def _suggestions(path: str, rule: str, field: str, value: object) -> Suggestions | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        by_inflection = {}
        for key, texts in value.items():
            try:
                inflection = Inflection(str(key))
            except ValueError:
                forms = ", ".join(i.value for i in Inflection)
                raise RuleFileError(path, f"onbekende vorm ‘{key}’ (kies uit {forms})", rule, field) from None
            by_inflection[inflection] = _text_list(path, rule, f"{field}.{key}", texts)
        return Suggestions((), by_inflection)
    return Suggestions(_text_list(path, rule, field, value), {})


def _text_list(path: str, rule: str, field: str, value: object) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
        raise RuleFileError(path, "verwacht tekst of een lijst teksten", rule, field)
    return tuple(v.strip() for v in items)


def _examples(path: str, rule: str, value: object) -> Mapping[object, object]:
    if not isinstance(value, Mapping):
        raise RuleFileError(path, "verwacht ‘flag:’ en ‘pass:’", rule, "examples")
    _reject_unknown(path, rule, "examples.", value, _EXAMPLE_KEYS)
    for key in ("flag", "pass"):
        items = value.get(key)
        if not isinstance(items, list) or not items:
            raise RuleFileError(path, "minstens één voorbeeld nodig", rule, f"examples.{key}")
    return value


def _flag_examples(path: str, rule: str, value: object) -> tuple[FlagExample, ...]:
    examples = []
    items = _examples(path, rule, value)["flag"]
    assert isinstance(items, list)  # checked by _examples
    for i, item in enumerate(items, start=1):
        field = f"examples.flag[{i}]"
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, Mapping):
            raise RuleFileError(path, "verwacht tekst of ‘text:’ met ‘suggestion:’", rule, field)
        _reject_unknown(path, rule, f"{field}.", item, _FLAG_KEYS)
        text = item.get("text")
        if not isinstance(text, str):
            raise RuleFileError(path, "verwacht tekst", rule, f"{field}.text")
        try:
            _, marks = parse_annotated(text)
        except ValueError as error:
            raise RuleFileError(path, str(error), rule, field) from None
        if not marks:
            raise RuleFileError(path, "zet [[ ]] om wat gesignaleerd moet worden", rule, field)
        suggestion = item.get("suggestion")
        if suggestion is not None and not isinstance(suggestion, str):
            raise RuleFileError(path, "verwacht tekst", rule, f"{field}.suggestion")
        severity = item.get("severity")
        examples.append(
            FlagExample(
                text, suggestion, None if severity is None else _severity(path, rule, f"{field}.severity", severity)
            )
        )
    return tuple(examples)


def _pass_examples(path: str, rule: str, value: object) -> tuple[str, ...]:
    items = _examples(path, rule, value)["pass"]
    if not isinstance(items, list) or not all(isinstance(v, str) and v for v in items):
        raise RuleFileError(path, "verwacht een lijst teksten", rule, "examples.pass")
    return tuple(items)


def _check_unique_ids(rulesets: Sequence[RuleSet]) -> None:
    seen: dict[str, str] = {}
    for ruleset in rulesets:
        for rule in ruleset.rules:
            if rule.id in seen:
                raise RuleFileError(ruleset.path, f"id komt ook voor in {seen[rule.id]}", rule.id, "id")
            seen[rule.id] = ruleset.path
