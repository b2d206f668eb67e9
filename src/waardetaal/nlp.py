"""The spaCy pipeline: a blank Dutch tokenizer taught how Dutch compounds look.

This is the only module that knows how the pipeline is set up. The tokenizer
splits compounds so that ``hoogopgeleiden``, ``hoog opgeleiden``,
``hoog-opgeleiden`` and ``hoog-⏎opgeleiden`` all give the tokens ``hoog`` and
``opgeleiden`` (a hyphen stays on the first part: ``hoog-``):

* after a hyphen between letters or digits, so ``mbo-leerling`` is ``mbo-`` +
  ``leerling`` and ``hbo-/wo-denkniveau`` is ``hbo-`` ``/`` ``wo-`` ``denkniveau``;
* around a slash between words (``HBO/WO``), and after a leading hyphen (``-denkniveau``);
* inside closed compounds, at the boundaries the rules name (``hoog|opgeleid``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex

# Zero-width split after a hyphen that joins two parts of a word.
_AFTER_HYPHEN = r"(?<=[^\W_]-)(?=[^\W_])"
_SLASH = r"(?<=[\w+-])/(?=\w)"
# A hyphen that stands for an elided first part: 'werk en -denkniveau'.
_LEADING_HYPHEN = r"-(?=[^\W\d_])"


def compound_infixes(boundaries: Iterable[tuple[str, str]]) -> list[str]:
    """Zero-width infix patterns for closed compounds such as ``hoog|opgeleid``.

    Python look-behinds need a fixed width, so left parts are grouped by length.
    """
    grouped: defaultdict[tuple[int, str], set[str]] = defaultdict(set)
    rights_by_left: defaultdict[str, set[str]] = defaultdict(set)
    for left, right in boundaries:
        rights_by_left[left].add(right)
    for left, rights in rights_by_left.items():
        grouped[(len(left), "|".join(sorted(map(re.escape, rights))))].add(re.escape(left))
    return [f"(?i:(?<={'|'.join(sorted(lefts))})(?={rights}))" for (_, rights), lefts in sorted(grouped.items())]


def build_pipeline(boundaries: Iterable[tuple[str, str]]) -> Language:
    """A blank Dutch pipeline whose tokenizer splits the given compounds."""
    nlp = spacy.blank("nl")
    # Only the tokenizer runs; spaCy's length guard protects parsers' memory, not this.
    nlp.max_length = 2**31 - 1
    infixes = [*(nlp.Defaults.infixes or ()), _AFTER_HYPHEN, _SLASH, *compound_infixes(boundaries)]
    tokenizer: Tokenizer = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    tokenizer.prefix_search = compile_prefix_regex([*(nlp.Defaults.prefixes or ()), _LEADING_HYPHEN]).search
    return nlp
