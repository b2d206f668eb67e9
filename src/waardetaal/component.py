"""The spaCy pipeline component: ``nlp.add_pipe("waardetaal")``.

For researchers who already work with spaCy: the component runs the linter on
``doc.text`` and stores the findings as spans in ``doc.spans["waardetaal"]``,
labelled with the rule id; ``span._.waardetaal`` holds the finding as the
contract's JSON object (a plain dict). Plain values, not :class:`Finding`
objects, because spaCy serialises span attributes with msgpack: in
``doc.to_bytes()``, in ``DocBin(store_user_data=True)`` and between the
processes of ``nlp.pipe(texts, n_process=2)``.

The linter does not match on the doc's tokens: its rules need its own
tokenizer (compounds split at the boundaries the rules name). Its prefilter
skips a text without candidate terms untokenised, and tokenises only the
stretches around the candidates, so most texts are not tokenised a second time.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from waardetaal.linter import Linter, Policy, default_linter
from waardetaal.rules import default_rule_files, load_catalog

SPANS_KEY = "waardetaal"

if not Span.has_extension("waardetaal"):
    Span.set_extension("waardetaal", default=None)


class WaardetaalComponent:
    """Adds the findings of the shipped rule sets (and any given ones) to each Doc."""

    def __init__(self, linter: Linter, policy: Policy, spans_key: str):
        """Store findings of ``linter`` under ``policy`` in ``doc.spans[spans_key]``."""
        self.spans_key = spans_key
        self._linter = linter
        self._policy = policy

    def __call__(self, doc: Doc) -> Doc:
        """Find the terms in ``doc`` and store them as spans."""
        spans = []
        for finding in self._linter.lint(doc.text, policy=self._policy):
            span = doc.char_span(finding.start, finding.end, label=finding.rule, alignment_mode="expand")
            if span is not None:
                span._.waardetaal = finding.to_dict()
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "waardetaal",
    assigns=["doc.spans"],
    default_config={
        "spans_key": SPANS_KEY,
        "rule_files": [],
        "genre": None,
        "select": [],
        "ignore": [],
        "severity": {},
        "mentions": "info",
    },
)
def make_waardetaal(
    nlp: Language,
    name: str,
    spans_key: str,
    rule_files: list[str],
    genre: str | None,
    select: list[str],
    ignore: list[str],
    severity: dict[str, str],
    mentions: str,
) -> WaardetaalComponent:
    """The component, with the settings of the command line (``rule_files`` add to the shipped rules)."""
    # Without rule files of its own the component shares the process's linter with lint_text.
    extra = [Path(path) for path in rule_files]
    linter = Linter(load_catalog([*default_rule_files(), *extra])) if extra else default_linter()
    policy = linter.policy(genre=genre, select=select, ignore=ignore, severity=severity, mentions=mentions)
    return WaardetaalComponent(linter, policy, spans_key)
