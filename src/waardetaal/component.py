"""The spaCy pipeline component: ``nlp.add_pipe("waardetaal")``.

For researchers who already work with spaCy: the component runs the linter on
``doc.text`` and stores the findings as spans in ``doc.spans["waardetaal"]``,
labelled with the rule id; ``span._.waardetaal`` holds the full finding.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from waardetaal.linter import Linter
from waardetaal.rules import load_catalog

SPANS_KEY = "waardetaal"

if not Span.has_extension("waardetaal"):
    Span.set_extension("waardetaal", default=None)


class WaardetaalComponent:
    """Adds findings of the shipped (or given) rule sets to each Doc."""

    def __init__(self, nlp: Language, name: str, spans_key: str, rule_files: list[str]):
        """Load the rule sets: the shipped ones, or ``rule_files`` when given."""
        self.spans_key = spans_key
        catalog = load_catalog([Path(f) for f in rule_files] if rule_files else None)
        self._linter = Linter(catalog)

    def __call__(self, doc: Doc) -> Doc:
        """Find the terms in ``doc`` and store them as spans."""
        spans = []
        for finding in self._linter.lint(doc.text):
            span = doc.char_span(finding.start, finding.end, label=finding.rule, alignment_mode="expand")
            if span is not None:
                span._.waardetaal = finding
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "waardetaal",
    assigns=["doc.spans"],
    default_config={"spans_key": SPANS_KEY, "rule_files": []},
)
def make_waardetaal(nlp: Language, name: str, spans_key: str, rule_files: list[str]) -> WaardetaalComponent:
    """Factory for the waardetaal component."""
    return WaardetaalComponent(nlp, name, spans_key, rule_files)
