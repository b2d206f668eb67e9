"""A rule explained in Dutch, from its YAML: for ``waardetaal rule ID`` and the docs."""

from __future__ import annotations

from waardetaal.annotations import parse_annotated
from waardetaal.patterns import PhrasePattern
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


def _pattern_text(pattern: object) -> str:
    if isinstance(pattern, PhrasePattern):
        return pattern.source.replace("|", " / ")
    return "(woordpatroon)"


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
