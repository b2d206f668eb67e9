"""The tokenizer built in one go tokenises exactly like spaCy's own Dutch tokenizer with our rules set on it."""

from __future__ import annotations

from pathlib import Path

import spacy

from waardetaal import Catalog
from waardetaal.nlp import build_pipeline
from waardetaal.patterns import compound_boundaries

ROOT = Path(__file__).resolve().parents[1]


def test_tokens_on_the_corpora_are_those_of_the_standard_build(catalog: Catalog) -> None:
    built = build_pipeline(compound_boundaries(catalog.patterns))
    standard = spacy.blank("nl")  # spaCy's factory: the Dutch special cases, token_match and url_match
    standard.tokenizer.prefix_search = built.tokenizer.prefix_search
    standard.tokenizer.suffix_search = built.tokenizer.suffix_search
    standard.tokenizer.infix_finditer = built.tokenizer.infix_finditer
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpora").rglob("*.txt"))]
    texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").glob("*"))]
    texts.append("Zo’n 3 d.w.z. e.d. bijv. www.utrecht.nl info@utrecht.nl :-) 't mbo'ers m.b.v. ca. z.s.m.")
    assert len(texts) > 50
    for text in texts:
        assert [(t.text, t.idx) for t in built(text)] == [(t.text, t.idx) for t in standard(text)]
