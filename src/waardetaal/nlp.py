"""The spaCy pipeline: a blank Dutch tokenizer taught how Dutch compounds look.

This is the only module that knows how the pipeline is set up. The tokenizer
splits compounds so that ``hoogopgeleiden``, ``hoog opgeleiden``,
``hoog-opgeleiden`` and ``hoog-⏎opgeleiden`` all give the tokens ``hoog`` and
``opgeleiden`` (a hyphen stays on the first part: ``hoog-``):

* after a hyphen between letters or digits, so ``mbo-leerling`` is ``mbo-`` +
  ``leerling`` and ``hbo-/wo-denkniveau`` is ``hbo-`` ``/`` ``wo-`` ``denkniveau``;
* around a slash between words (``HBO/WO``), and after a leading hyphen (``-denkniveau``);
* before a doubled hyphen at a word's end (``werk--`` is ``werk-`` ``-``);
* around Markdown table bars, strike-through and highlight marks (``|hoogopgeleiden|``);
* inside closed compounds, at the boundaries the rules name (``hoog|opgeleid``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

# Zero-width split after a hyphen that joins two parts of a word.
_AFTER_HYPHEN = r"(?<=[^\W_]-)(?=[^\W_])"
_SLASH = r"(?<=[\w+-])/(?=\w)"
# A hyphen that stands for an elided first part: 'werk en -denkniveau'.
_LEADING_HYPHEN = r"-(?=[^\W\d_])"
# Markup that spaCy's Dutch defaults leave glued to a word: table cells
# ('|hoogopgeleiden|x|'), strike-through ('~~laagopgeleid~~') and highlights
# ('==hoger onderwijs=='). A '+' stays: 'hbo+' is a word in the rules.
_TABLE_BAR = r"\|"
# Emphasis marks against a table bar: an infix is not stripped again, so the
# marks in '|x|**laagopgeleiden**|' are split off here.
_EMPHASIS_AT_BAR = r"(?<=\|)[*_~=]+|[*_~=]+(?=\|)"
_MARKUP_PREFIXES = [_TABLE_BAR, "~"]
_MARKUP_SUFFIXES = [_TABLE_BAR, "~", "="]
# A doubled compound hyphen is a typo for one: 'werk-- en denkniveau' is 'werk-' '-'.
_EXTRA_HYPHENS = r"(?<=[^\W_]-)-+"
# Markup that closes right after a word: a link's text ('[hoogopgeleiden](url)',
# '[…][1]') or an HTML element ('hoogopgeleiden</b>').
_CLOSING_MARKUP = r"(?<=[^\W_])(?:\](?=[(\[])|<(?=/))"


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


# spaCy's own tokenizer factory loads the ~14,000 Dutch special cases, and each
# later change of the prefix, suffix or infix rules loads them all again. The
# pipeline starts with this bare tokenizer instead, which is replaced once by
# the final one: the special cases are loaded a single time.
_BARE_TOKENIZER = "waardetaal.bare_tokenizer.v1"


def _bare_tokenizer() -> Callable[[Language], Tokenizer]:
    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


registry.tokenizers.register(_BARE_TOKENIZER, func=_bare_tokenizer)


def build_pipeline(boundaries: Iterable[tuple[str, str]]) -> Language:
    """A blank Dutch pipeline whose tokenizer splits the given compounds."""
    nlp = spacy.blank("nl", config={"nlp": {"tokenizer": {"@tokenizers": _BARE_TOKENIZER}}})
    # Only the tokenizer runs; spaCy's length guard protects parsers' memory, not this.
    nlp.max_length = 2**31 - 1
    defaults = nlp.Defaults
    infixes = [*(defaults.infixes or ()), _AFTER_HYPHEN, _SLASH, _TABLE_BAR, _EMPHASIS_AT_BAR, _CLOSING_MARKUP]
    infixes += compound_infixes(boundaries)
    prefixes = [*(defaults.prefixes or ()), _LEADING_HYPHEN, *_MARKUP_PREFIXES]
    suffixes = [*(defaults.suffixes or ()), *_MARKUP_SUFFIXES, _EXTRA_HYPHENS]
    nlp.tokenizer = Tokenizer(
        nlp.vocab,
        rules=defaults.tokenizer_exceptions,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )
    return nlp
