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
* inside closed compounds, at the boundaries the rules name (``hoog|opgeleid``);
* before the period after a capital that follows a slash (``M/V.`` is ``M``
  ``/`` ``V`` ``.``), where spaCy would keep ``V.`` whole as an initial.

A lower-case letter with a period (``a.``, ``v.``) is no special case either, so
``m/v.`` is ``m`` ``/`` ``v`` ``.`` too (see :func:`special_cases`).

spaCy's Dutch special cases (some 4,700 abbreviations such as ``bijv.`` and
``d.w.z.``) are given to the tokenizer only when a text contains them: adding
them all takes longer than the rest of building the linter, and a special case
cannot change how a text that lacks it is tokenised.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import re2
import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

# Zero-width split after a hyphen that joins two parts of a word.
_AFTER_HYPHEN = r"(?<=[^\W_]-)(?=[^\W_])"
_SLASH = r"(?<=[\w+-])/(?=\w)"
# A slash with a space on one side only ('HBO/ WO', 'hbo /wo') is as much a slash between words.
_SLASH_AT_END = r"(?<=[\w+-])/"
_SLASH_AT_START = r"/(?=\w)"
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
# A period after one letter that follows a slash ends a sentence ('teamleider M/V.'):
# no initial or list label stands there.
_PERIOD_AFTER_SLASHED_LETTER = r"(?<=/[^\W\d_])\."
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


# spaCy's own tokenizer factory loads the Dutch special cases, and each later
# change of the prefix, suffix or infix rules loads them all again. The
# pipeline starts with this bare tokenizer instead, which is replaced once by
# the final one, which takes the special cases as texts need them.
_BARE_TOKENIZER = "waardetaal.bare_tokenizer.v1"
_WHITESPACE = re.compile(r"\s+")  # str.isspace(), where spaCy splits a text into chunks


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
    prefixes = [*(defaults.prefixes or ()), _LEADING_HYPHEN, _SLASH_AT_START, *_MARKUP_PREFIXES]
    suffixes = [*(defaults.suffixes or ()), *_MARKUP_SUFFIXES, _EXTRA_HYPHENS, _SLASH_AT_END]
    suffixes.append(_PERIOD_AFTER_SLASHED_LETTER)
    tokenizer = Tokenizer(
        nlp.vocab,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )
    nlp.tokenizer = SpecialCasesWhenNeeded(tokenizer, special_cases(defaults.tokenizer_exceptions or {}))
    return nlp


def special_cases(exceptions: Mapping[str, Sequence[Mapping[Any, Any]]]) -> dict[str, Sequence[Mapping[Any, Any]]]:
    """The Dutch special cases of spaCy, without those of one lower-case letter and a period.

    spaCy keeps 'a.' and 'v.' whole as abbreviations, also where the letter
    ends a sentence after a slash ('een teamleider m/v.'), so a rule's
    one-letter word never sees it there; split off, such a period is
    punctuation like any other. (A capital with a period, an initial, stays.)
    """
    return {
        string: case
        for string, case in exceptions.items()
        if not (len(string) == 2 and string[0].islower() and string[1] == ".")
    }


class SpecialCasesWhenNeeded:
    """A spaCy tokenizer that is given each special case the first time a text contains it.

    A special case acts only where its string occurs: on a whitespace-separated
    chunk, on what remains of one after prefixes and suffixes, or on a run of
    tokens whose texts join to it (spaCy's special-case matcher, which ignores
    the whitespace between them). So the special cases whose string, without
    whitespace, occurs in the text without whitespace are all a text can use,
    and tokenising it after adding those gives exactly the tokens the tokenizer
    with every special case gives. Finding them is one RE2 set search.
    """

    def __init__(self, tokenizer: Tokenizer, special_cases: Mapping[str, Sequence[Mapping[Any, Any]]]) -> None:
        self.tokenizer = tokenizer
        self._cases = list(special_cases.items())
        self._condensed = [_WHITESPACE.sub("", string) for string, _ in self._cases]
        self._waiting: set[int] = set()
        self._search = re2.Set.SearchSet()
        # The empty pattern matches every text, so a search that worked never answers None.
        self._search.Add("")
        self._numbers: list[int] = [-1]  # the case number of each pattern of the set
        for number, condensed in enumerate(self._condensed):
            if condensed:
                self._waiting.add(number)
                self._numbers.append(number)
                self._search.Add(re2.escape(condensed))
            else:  # whitespace only ('\n', '\xa0'): there is nothing to look for
                self._add(number)
        self._search.Compile()

    def __call__(self, text: str) -> Doc:
        """The tokens of ``text``, as with all special cases."""
        if self._waiting:
            for number in self._found_in(_WHITESPACE.sub("", text)):
                if number in self._waiting:
                    self._waiting.discard(number)
                    self._add(number)
        doc: Doc = self.tokenizer(text)
        return doc

    def _found_in(self, condensed: str) -> Iterable[int]:
        found = self._search.Match(condensed.encode("utf-8", "surrogatepass"))
        if found is not None:
            return [self._numbers[index] for index in found if index]
        # RE2 gave up (its automaton ran out of memory): look for each one.
        return [number for number in self._waiting if self._condensed[number] in condensed]

    def _add(self, number: int) -> None:
        string, substrings = self._cases[number]
        self.tokenizer.add_special_case(string, substrings)
