"""Rule patterns as values: the phrase notation and spaCy-style token lists.

A *phrase* is what a rule writer types: words separated by spaces, ``a|b`` for
alternatives in one place and a trailing ``?`` for an optional word, e.g.
``"hoog|laag opgeleid|geschoold"``. Each word also matches its Dutch forms
(see :mod:`waardetaal.morphology`), written together, apart or hyphenated.

A *token list* is a spaCy Matcher pattern for what a phrase cannot say. It may
use the extra key ``FORM`` (a word with all its forms). Both kinds are parsed
and validated here without spaCy, so a bad rule file is reported before any
text is read; :mod:`waardetaal.matching` turns them into Matcher patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Protocol

import re2

from waardetaal.limits import MAX_REGEX_MEMORY
from waardetaal.morphology import (
    FUNCTION_WORDS,
    Inflection,
    degree_forms,
    irregular_plurals,
    is_inflecting,
    spellings,
    word_forms,
    word_literals,
)

# A phrase word: letters, digits, apostrophes, hyphens, plus signs, with plurals
# after '=' that spelling does not make ('man=lieden'); or one symbol.
_PHRASE_WORD = re.compile(r"^(?:[^\W_][\w'+-]*(?:=[^\W_][\w'-]*)*|[/&+()])$")
# A parenthesised part written as one word, '(m/v)': its tokens, as the tokenizer splits them.
_PARENTHESISED = re.compile(r"^(\()([^()\s]+)(\))$")
_INNER_SYMBOL = re.compile(r"([/&+])")
# Words joined by slashes, written as one word, 'm/v': its tokens too (the tokenizer splits at a slash).
_SLASHED = re.compile(r"^[^\s()/]+(?:/[^\s()/]+)+$")
# Symbols rare enough in running text to be searched for, so that a pattern
# holding one ('(m/v)', 'm / v') needs no word of three letters.
_RARE_SYMBOLS = frozenset({"(", "/"})

STRING_ATTRS = frozenset({"FORM", "LOWER", "TEXT", "ORTH"})
BOOL_ATTRS = frozenset({"IS_DIGIT", "IS_PUNCT", "IS_QUOTE", "LIKE_NUM", "IS_SPACE"})
OPERATORS = frozenset({"?", "*", "+", "!"})
VALUE_OPERATORS = frozenset({"IN", "NOT_IN", "REGEX"})

# The shortest literal a pattern must contain so that a cheap text search can
# rule it out; shorter anchors would send almost every sentence to spaCy.
MIN_ANCHOR = 3


# Alternative literals, one of which occurs in the text of every match.
Anchor = frozenset[str]


class PatternError(ValueError):
    """A pattern that cannot be used; the message is Dutch and names the problem."""


class TokenRegex(Protocol):
    """A compiled ``REGEX`` operand: searched in one token's text."""

    def search(self, text: str) -> object | None:
        """A match object, or None when ``text`` has no match."""


@dataclass(frozen=True, slots=True)
class Slot:
    """One position of a phrase: alternative words, possibly optional.

    A context slot (written ``>woord``) must follow the match but is not part of
    it: ``hoogst haalbaar >opleiding|niveau`` flags 'hoogst haalbare' only before
    'opleiding' or 'niveau', not in 'het hoogst haalbare resultaat'.
    """

    words: tuple[str, ...]
    optional: bool
    context: bool = False

    @property
    def forms(self) -> frozenset[str]:
        """Every form of every alternative, lower case."""
        return frozenset(form for word in self.words for form in word_forms(word))


@dataclass(frozen=True, slots=True)
class PhrasePattern:
    """A parsed phrase such as ``hoog|laag opgeleid``."""

    source: str
    slots: tuple[Slot, ...]
    # Its rule set's words too frequent to search for; only speed depends on them.
    frequent: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def core(self) -> tuple[Slot, ...]:
        """The slots that are part of a match (without trailing context)."""
        return tuple(slot for slot in self.slots if not slot.context)

    @property
    def context_words(self) -> int:
        """How many words of context follow the match."""
        return len(self.slots) - len(self.core)

    def anchors(self) -> tuple[Anchor, ...]:
        """For each required slot, the literals one of which every match contains."""
        return tuple(step.anchor for step in steps(self))


@dataclass(frozen=True, slots=True)
class TokenPattern:
    """A validated spaCy Matcher pattern (list of token dictionaries)."""

    tokens: tuple[Mapping[str, object], ...]
    frequent: frozenset[str] = field(default=frozenset(), compare=False)  # as in PhrasePattern

    def anchors(self) -> tuple[Anchor, ...]:
        """For each required token with words, the literals one of which every match contains."""
        return tuple(step.anchor for step in steps(self))


Pattern = PhrasePattern | TokenPattern


@dataclass(frozen=True, slots=True)
class Step:
    """One required word of a pattern, as the prefilter sees it.

    Its literals, and how many optional words may stand between it and the
    previous required word.
    """

    anchor: Anchor
    optional_before: int


def steps(pattern: Pattern) -> tuple[Step, ...]:
    """The required words of a pattern in order, each with the optional words before it."""
    return _walk(pattern)[0]


def trailing_optional(pattern: Pattern) -> int:
    """How many optional words may follow a pattern's last required word."""
    return _walk(pattern)[1]


def coordinable_literals(pattern: Pattern) -> Anchor:
    """Literals one of which begins every word coordinated before a phrase ('laag' in 'laag- en hoogopgeleid')."""
    if not isinstance(pattern, PhrasePattern):
        return frozenset()
    return frozenset(literal for word in pattern.slots[0].words for literal in word_literals(word))


# How often a repeated token ('*', '+') counts: its words ('hbo / wo', 'mbo niveau 4') rarely number more.
_REPEATS = 4


def _walk(pattern: Pattern) -> tuple[tuple[Step, ...], int]:
    """The required words of a pattern, and the number of optional words after the last one."""
    found: list[Step] = []
    optional = 0
    if isinstance(pattern, PhrasePattern):
        for slot in pattern.slots:
            if slot.optional:
                optional += 1
                continue
            anchor = frozenset(literal for word in slot.words for literal in word_literals(word))
            found.append(Step(anchor, optional))
            optional = 0
        return tuple(found), optional
    for token in pattern.tokens:
        token_anchor = _token_anchor(token)
        operator = token.get("OP")
        if operator in ("?", "*") or token_anchor is None:
            optional += _REPEATS if operator in ("*", "+") else 1
            continue
        found.append(Step(token_anchor, optional))
        # A '+' word is required once and may repeat before the next required word.
        optional = _REPEATS - 1 if operator == "+" else 0
    return tuple(found), optional


def _token_anchor(token: Mapping[str, object]) -> Anchor | None:
    if token.get("OP") == "!":
        return None
    for key in sorted(STRING_ATTRS & token.keys()):
        anchor = _literal_values(key, token[key])
        if "" not in anchor:
            return anchor
    return None


def _literal_values(key: str, value: object) -> Anchor:
    """Lower-case literals one of which a token's text contains ('' when open-ended)."""
    if isinstance(value, str):
        values: Sequence[object] = [value]
    elif isinstance(value, Mapping) and "IN" in value:
        values = value["IN"]
    else:
        return frozenset({""})
    words = [str(v).lower() for v in values]
    if key == "FORM":
        return frozenset(literal for word in words for literal in word_literals(word))
    return frozenset(words)


def parse_phrase(source: str) -> PhrasePattern:
    """Parse the phrase notation; raise :class:`PatternError` when it is malformed."""
    parts = [token for part in source.split() for token in _split_parenthesised(part)]
    if not parts:
        raise PatternError("een leeg patroon")
    slots: list[Slot] = []
    for part in parts:
        context = part.startswith(">") and len(part) > 1
        part = part[1:] if context else part
        optional = part.endswith("?") and len(part) > 1 and not context
        words = tuple(w.lower() for w in (part[:-1] if optional else part).split("|"))
        for word in words:
            if not _PHRASE_WORD.match(word):
                raise PatternError(f"‘{word}’ in ‘{source}’ is geen woord (gebruik letters, cijfers, - of ')")
        if slots and slots[-1].context and not context:
            raise PatternError(f"in ‘{source}’ staat een woord na de context (>…): context komt achteraan")
        slots.append(Slot(words, optional, context))
    if all(slot.optional or slot.context for slot in slots):
        raise PatternError(f"‘{source}’ heeft geen verplicht woord om te signaleren")
    pattern = PhrasePattern(source, tuple(slots))
    _require_anchor(pattern.anchors(), source)
    return pattern


def _split_parenthesised(part: str) -> list[str]:
    """'(m/v)' -> '(' 'm' '/' 'v' ')' and 'm/v' -> 'm' '/' 'v'; any other part stays whole."""
    found = _PARENTHESISED.match(part)
    if found is None and _SLASHED.match(part):
        if "?" in part or part.startswith(">"):  # would mark only the first or the last word
            raise PatternError(f"‘{part}’: zet ? of > bij losse woorden, schrijf dan ‘{' / '.join(part.split('/'))}’")
        return [piece for piece in re.split("(/)", part) if piece]
    if found is None:
        return [part]
    opening, inner, closing = found.groups()
    return [opening, *(piece for piece in _INNER_SYMBOL.split(inner) if piece), closing]


def parse_tokens(tokens: object) -> TokenPattern:
    """Validate a token list against the subset of spaCy's grammar we support."""
    if not isinstance(tokens, list) or not tokens:
        raise PatternError("een tokenpatroon is een niet-lege lijst van woorden")
    checked = []
    for index, token in enumerate(tokens, start=1):
        if not isinstance(token, Mapping) or not token:
            raise PatternError(f"woord {index} van het tokenpatroon is geen sleutel-waardelijst")
        for key, value in token.items():
            _check_token_attr(index, str(key), value)
        checked.append(dict(token))
    pattern = TokenPattern(tuple(checked))
    _require_anchor(pattern.anchors(), str(tokens))
    return pattern


def _check_token_attr(index: int, key: str, value: object) -> None:
    where = f"woord {index}, sleutel {key}"
    if key == "OP":
        if value not in OPERATORS:
            raise PatternError(f"{where}: onbekende operator {value!r} (kies uit ?, *, +, !)")
    elif key in BOOL_ATTRS:
        if not isinstance(value, bool):
            raise PatternError(f"{where}: verwacht true of false")
    elif key == "FORM":
        _check_form_value(where, value)
    elif key in STRING_ATTRS:
        _check_string_value(where, value)
    else:
        known = ", ".join(sorted(STRING_ATTRS | BOOL_ATTRS | {"OP"}))
        raise PatternError(f"{where}: onbekende sleutel (toegestaan: {known})")


def _check_form_value(where: str, value: object) -> None:
    """FORM names words whose forms are listed, so it takes a word or IN, never NOT_IN or REGEX."""
    if isinstance(value, Mapping) and set(value) != {"IN"}:
        raise PatternError(f"{where}: verwacht een woord, of IN met een lijst woorden")
    _check_string_value(where, value)


def _check_string_value(where: str, value: object) -> None:
    if isinstance(value, str) and value:
        return
    if isinstance(value, Mapping) and len(value) == 1:
        ((operator, operand),) = value.items()
        if (
            operator in ("IN", "NOT_IN")
            and isinstance(operand, list)
            and operand
            and all(isinstance(v, str) and v for v in operand)
        ):
            return
        if operator == "REGEX" and isinstance(operand, str):
            try:
                compile_regex(operand)
            except PatternError as error:
                raise PatternError(f"{where}: {error}") from None
            return
    raise PatternError(f"{where}: verwacht een woord, of IN/NOT_IN met een lijst woorden, of REGEX")


def compile_regex(source: str) -> TokenRegex:
    """Compile a ``REGEX`` operand, written in Python's syntax, for RE2.

    spaCy would run it with Python's backtracking ``re``, where a rule such as
    ``^(a+)+$`` takes exponential time on one long token. RE2 matches in time
    linear in the token; it has no back-references or look-around, and those
    are refused here, when the rule file is loaded.
    """
    try:
        re.compile(source)
    except re.error as error:
        raise PatternError(f"ongeldige reguliere expressie ({error})") from None
    options = re2.Options()
    options.max_mem = MAX_REGEX_MEMORY
    options.log_errors = False  # RE2 would print its own English error to stderr
    try:
        compiled: TokenRegex = re2.compile(_re2_syntax(source), options)
    except re2.error as error:
        raise PatternError(
            f"reguliere expressie ‘{source}’ niet te gebruiken: terugverwijzingen, lookaround en"
            f" enorme herhalingen kan waardetaal niet snel genoeg zoeken ({error})"
        ) from None
    return compiled


# Python's \d, \w and \s are Unicode classes ('één' is \w+), RE2's only ASCII:
# the Unicode equivalents, outside a character class and inside one (None where
# a negated class cannot be written inside another class).
_PYTHON_SPACE = r"\t\n\x0b\f\r\x1c-\x1f \x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
_UNICODE_ESCAPES: dict[str, tuple[str, str | None]] = {
    "d": (r"\p{Nd}", r"\p{Nd}"),
    "D": (r"\P{Nd}", r"\P{Nd}"),
    "w": (r"[\p{L}\p{N}_]", r"\p{L}\p{N}_"),
    "W": (r"[^\p{L}\p{N}_]", None),
    "s": (f"[{_PYTHON_SPACE}]", _PYTHON_SPACE),
    "S": (f"[^{_PYTHON_SPACE}]", None),
    "Z": (r"\z", None),
}
# Python's \uXXXX and \UXXXXXXXX; RE2 writes \x{…}.
_CODE_POINT = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))")


def _re2_syntax(source: str) -> str:
    """The RE2 spelling of a Python pattern with the same meaning, or :class:`PatternError`."""
    pieces: list[str] = []
    in_class = False
    position = 0
    while position < len(source):
        char = source[position]
        if char == "\\":
            code_point = _CODE_POINT.match(source, position)
            if code_point:
                pieces.append(f"\\x{{{code_point.group(1) or code_point.group(2)}}}")
                position = code_point.end()
                continue
            pieces.append(_re2_escape(source[position + 1 : position + 2], in_class))
            position += 2
        elif char == "[" and not in_class:
            in_class = True
            opening = "[^" if source.startswith("[^", position) else "["
            position += len(opening)
            if source.startswith("]", position):  # a ']' first in a class is a literal
                opening += "\\]"
                position += 1
            pieces.append(opening)
        else:
            in_class = in_class and char != "]"
            # Inside a class '[' is a literal for Python, but RE2 reads '[:alpha:]'.
            pieces.append("\\[" if in_class and char == "[" else char)
            position += 1
    return "".join(pieces)


def _re2_escape(letter: str, in_class: bool) -> str:
    r"""One escape ``\letter`` of a Python pattern in RE2's spelling."""
    if in_class and letter == "b":
        return r"\x08"  # backspace, as in Python
    if letter in ("b", "B"):
        raise PatternError(
            f"\\{letter} (woordgrens) kan waardetaal niet zoeken; een token is al één woord: gebruik ^ en $"
        )
    spelled = _UNICODE_ESCAPES.get(letter)
    if spelled is None:
        return "\\" + letter
    outside, inside = spelled
    if not in_class:
        return outside
    if inside is None:
        raise PatternError(f"\\{letter} binnen [ ] kan waardetaal niet zoeken; schrijf de tekens uit")
    return inside


def _require_anchor(anchors: Sequence[Anchor], source: str) -> None:
    if not any(min(map(len, anchor)) >= MIN_ANCHOR or anchor <= _RARE_SYMBOLS for anchor in anchors):
        raise PatternError(f"‘{source}’ bevat geen vast woord van minstens {MIN_ANCHOR} letters om op te zoeken")


def trigger_index(pattern: Pattern) -> int:
    """The position among the pattern's required words of the one the text search looks for.

    The longest literal wins, but one of the rule set's frequent words only when
    nothing else is long enough ('hoger' rather than 'onderwijs'); without a
    word of three letters, a rare symbol ('/' in 'm / v', not the 'm').
    """
    anchors = pattern.anchors()

    def selectivity(index: int) -> tuple[bool, bool, bool, int]:
        anchor = anchors[index]
        shortest = min(map(len, anchor))
        return shortest >= MIN_ANCHOR, anchor <= _RARE_SYMBOLS, not (anchor & pattern.frequent), shortest

    return max(range(len(anchors)), key=selectivity)


def is_function_word(word: str) -> bool:
    """True for words such as 'en', 'of', 'van' that never form compounds."""
    return word in FUNCTION_WORDS or not word[:1].isalpha()


def compound_boundaries(patterns: Iterable[Pattern]) -> frozenset[tuple[str, str]]:
    """Where closed compounds of the phrases split, e.g. ('hoger', 'opgeleid')."""
    boundaries: set[tuple[str, str]] = set()
    for pattern in patterns:
        if isinstance(pattern, PhrasePattern):
            for left_slot, right_slot in pairwise(pattern.core):
                for left in left_slot.words:
                    # Every spelling of the second part, so that 'vak man=lieden' splits 'vaklieden'.
                    for right in (spelling for word in right_slot.words for spelling in spellings(word)):
                        if is_function_word(left) or is_function_word(right) or len(right) < MIN_ANCHOR:
                            continue
                        lefts = degree_forms(left) if is_inflecting(irregular_plurals(left)[0]) else (left,)
                        boundaries.update((form, right) for form in lefts)
    return frozenset(boundaries)


# A compound tail has at least this many letters ('hoogopgeleidenquotum'), so
# that an ending the forms do not list is not taken for one; and at most this
# many, so that it fits in the window the prefilter cuts after the term.
MIN_TAIL = 3
MAX_TAIL = 40


@dataclass(frozen=True, slots=True)
class CompoundTails:
    """How the last word of a phrase starts a longer compound: 'onderwijs' in 'onderwijsagenda'.

    A compound starts with the word itself or with its plural ('leerlingenraad');
    ``excluded`` are tails that make it another word, also after a linking s.
    """

    starts: tuple[tuple[str, Inflection], ...]  # longest first
    excluded: tuple[str, ...]
    forms: frozenset[str]  # the word's own forms, which are no compounds ('opgeleidste')

    def split(self, word: str) -> tuple[str, Inflection, str] | None:
        """(first part, its inflection, tail) of a compound word, or None when it is not one."""
        if word in self.forms:
            return None
        for start, inflection in self.starts:
            if word.startswith(start) and word != start:
                tail = word[len(start) :]
                if len(tail) < MIN_TAIL:
                    continue  # too short to be a word after this part: 'onderwijsen|a' is 'onderwijs|ena'
                meaning_changes = any(tail.startswith((ex, "s" + ex)) for ex in self.excluded)
                if len(tail) <= MAX_TAIL and tail.isalpha() and not meaning_changes:
                    return start, inflection, tail
                return None  # otherwise the longest first part decides: 'leerlingen|raad', never 'leerling|enraad'
        return None


def compound_tails(words: tuple[str, ...], excluded: tuple[str, ...]) -> CompoundTails | None:
    """The compounds that the last ``words`` of a phrase may start, or None for abbreviations."""
    if not all(is_inflecting(word) for word in words):
        return None
    starts = dict.fromkeys(words, Inflection.BASE)
    for word in words:
        starts.update(
            (form, inflection)
            for form, inflection in word_forms(word).items()
            if inflection is Inflection.EN and form.endswith("en")
        )
    forms = frozenset(form for word in words for form in word_forms(word))
    return CompoundTails(tuple(sorted(starts.items(), key=lambda item: -len(item[0]))), excluded, forms)
