"""A rule explained in Dutch, from its YAML: for ``waardetaal rule ID`` and the docs."""

from __future__ import annotations

from collections.abc import Mapping

from waardetaal.annotations import parse_annotated
from waardetaal.patterns import Pattern, PhrasePattern
from waardetaal.rules import Catalog, Rule, Suggestions

_SEVERITY_NL = {"error": "fout", "warning": "waarschuwing", "info": "hint"}


def render_rule(rule: Rule) -> str:
    """A Markdown page with fixed headings: what, why, write instead, examples, fix, source."""
    lines = [
        f"# {rule.id}",
        "",
        f"Categorie: {rule.category} · ernst: {rule.severity} ({_SEVERITY_NL[str(rule.severity)]}) · "
        f"regelset: {rule.ruleset}",
        "",
        "## Wat het signaleert",
        "",
        *[f"- {_pattern_text(v.pattern)}" for v in rule.variants],
        "",
        rule.message.replace("{term}", "…"),
        "",
        "## Waarom",
        "",
        rule.why,
        "",
        "## Schrijf liever",
        "",
        *_alternatives(rule),
        "",
        "## Voorbeelden",
        "",
        *[f"- Gesignaleerd: {_highlight(example.text)}" for example in rule.flag_examples],
        *[f"- Goed: {text}" for text in rule.pass_examples],
        "",
        "## Automatisch herstel",
        "",
        "Veilig: `--fix` neemt de eerste suggestie over."
        if rule.fix == "safe"
        else "Nee: de tekst vraagt een keuze van de schrijver.",
        "",
        "## Bron",
        "",
        rule.source + (f" ({rule.link})" if rule.link else ""),
        "",
    ]
    return "\n".join(lines)


def render_index(catalog: Catalog) -> str:
    """Per rule set a heading that says whether it is on by default, then one line per rule."""
    blocks = []
    for ruleset in catalog.rulesets:
        state = (
            "standaard aan"
            if ruleset.default
            else f"staat standaard uit; aanzetten met --ruleset {ruleset.name} of rulesets in de configuratie"
        )
        rows = [
            f"{r.id:<34} {r.category:<22} {r.severity!s:<8} {_pattern_text(r.variants[0].pattern)}"
            for r in ruleset.rules
        ]
        blocks.append("\n".join([f"# {ruleset.name}: {ruleset.title} — {state}", *rows]))
    return "\n\n".join(blocks) + "\n"


# The attributes whose value a reader recognises as words, in the order they are shown.
_WORD_KEYS = ("FORM", "LOWER", "TEXT", "ORTH")
# Longer word lists are cut here: the page says what a pattern looks for, the YAML has every word.
_MAX_SHOWN = 6


def _pattern_text(pattern: Pattern) -> str:
    """A pattern as a reader sees it: a phrase as written, a token pattern word by word.

    In a token pattern ``[…]`` is an optional word, ``[… …]`` any number of
    them, ``… …`` one or more, ``a / b`` either, ``…`` any word, and a symbol
    stands in quotes (‘/’) so that it is not read as the ``/`` between words.
    """
    if isinstance(pattern, PhrasePattern):
        return pattern.source.replace("|", " / ")
    return " ".join(_token_text(token) for token in pattern.tokens)


def _token_text(token: Mapping[str, object]) -> str:
    words = next((_words_text(token[key]) for key in _WORD_KEYS if key in token), "…")
    operator = token.get("OP")
    if operator == "?":
        return f"[{words}]"
    if operator == "*":
        return f"[{words} …]"
    if operator == "+":
        return f"{words} …"
    if operator == "!":
        return f"niet {words}"
    return words


def _words_text(value: object) -> str:
    if isinstance(value, str):
        return _word_text(value)
    if isinstance(value, Mapping) and isinstance(value.get("IN"), list | tuple):
        words = [_word_text(str(word)) for word in value["IN"]]
        return " / ".join(words[:_MAX_SHOWN]) + (" enz." if len(words) > _MAX_SHOWN else "")
    if isinstance(value, Mapping) and isinstance(value.get("NOT_IN"), list | tuple):
        return "niet " + _words_text({"IN": value["NOT_IN"]})
    return "…"  # a regular expression: see the YAML


def _word_text(word: str) -> str:
    return word if any(char.isalnum() for char in word) else f"‘{word}’"


def _alternatives(rule: Rule) -> list[str]:
    lines = []
    for variant in rule.variants:
        text = _suggestion_text(rule.suggestions_of(variant))
        if text:
            lines.append(f"- {_pattern_text(variant.pattern)} → {text}")
    return lines or ["Geen vaste vervanging: zie hierboven wat je in plaats daarvan schrijft."]


def _suggestion_text(suggestions: Suggestions) -> str:
    if suggestions.by_inflection:
        return "; ".join(" of ".join(texts) for texts in suggestions.by_inflection.values() if texts)
    return " of ".join(suggestions.any_form)


def _highlight(annotated: str) -> str:
    plain, marks = parse_annotated(annotated)
    for mark in reversed(marks):
        plain = plain[: mark.start] + "**" + plain[mark.start : mark.end] + "**" + plain[mark.end :]
    return plain.replace("\n", "⏎")
