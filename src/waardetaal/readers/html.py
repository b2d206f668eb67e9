"""HTML: the visible text, entities decoded, mapped character by character to the source.

A small tokenizer after the HTML standard's tokenization rules reads the file
in one pass: every construct ends at its terminator or at the end of the file,
and no scan looks past where its construct ends, so the time is linear in the
file whatever it holds (the standard library's parser of Python 3.11 rescans
the rest of the file at every unclosed ``<!--`` or ``<a b="``). Every character
of text comes from a known place in the file: a finding inside
``<p>hoog&shy;opgeleid</p>`` points at that text in the HTML. Scripts, styles,
the head, comments and attributes are not text; an unclosed comment hides the
rest of the file, as in a browser; block elements separate text so that words
of two paragraphs never run together.
"""

from __future__ import annotations

import html
import re
from array import array
from html.entities import html5

from waardetaal.positions import SourceMap
from waardetaal.readers import NO_HINTS, Extracted, ReadingHints
from waardetaal.readers.text import decode

_HIDDEN = frozenset(
    {
        "script",
        "style",
        "head",
        "title",
        "template",
        "noscript",
        "svg",
        "math",
        "iframe",
        "object",
        "noembed",
        "noframes",
    }
)
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "option",
        "button",
        "label",
        "textarea",
        "select",
    }
)
# Elements that belong in <head>; anything else starts the body.
_HEAD_CONTENT = frozenset({"title", "meta", "link", "style", "script", "base", "noscript", "template"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


# Elements whose content is not markup; it ends at the first matching end tag.
_RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"})
# Elements whose content is text with character references but no tags.
_RCDATA = frozenset({"title", "textarea"})
_CONTENT_END = {
    name: re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE) for name in (_RAW_TEXT | _RCDATA) - {"plaintext"}
}

_TEXT = re.compile(r"[^<&]+")
# Named references are at most 32 characters long (the standard's longest is 31 and a ';').
_REFERENCE = re.compile(
    r"&(?:#(?:[xX](?P<hex>[0-9a-fA-F]+)|(?P<decimal>[0-9]+));?|(?P<name>[A-Za-z][A-Za-z0-9]{0,31};?))"
)
_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />]*")
_BEFORE_ATTRIBUTE = re.compile(r"[\t\n\f\r /]*")
_ATTRIBUTE_NAME = re.compile(r"[^\t\n\f\r />=]*")
_SPACES = re.compile(r"[\t\n\f\r ]*")
_UNQUOTED_VALUE = re.compile(r"[^\t\n\f\r >]*")
_COMMENT_END = re.compile(r"--!?>")
# A numeric reference with more significant digits than this is past the last code point.
_MAX_CODE_POINT_DIGITS = 8


def _past(source: str, terminator: str, start: int) -> int:
    """Just after the first ``terminator`` from ``start``, or the end of the source."""
    found = source.find(terminator, start)
    return len(source) if found < 0 else found + len(terminator)


def _skip(pattern: re.Pattern[str], source: str, position: int) -> int:
    """Just after what ``pattern`` (which may match nothing) matches at ``position``."""
    found = pattern.match(source, position)
    return position if found is None else found.end()


def _numeric(digits: str, hexadecimal: bool) -> str:
    """The character a numeric reference stands for (U+FFFD for none, as browsers do)."""
    significant = digits.lstrip("0") or "0"
    if len(significant) > _MAX_CODE_POINT_DIGITS:  # also keeps int() below Python's digit limit
        return "\ufffd"
    return html.unescape(f"&#{'x' if hexadecimal else ''}{significant};")


def _named(name: str) -> tuple[str, int] | None:
    """The characters a named reference stands for and how much of ``name`` it takes, if it is one."""
    if name in html5:
        return html5[name], len(name)
    # Legacy references may stand without their ';' (HTML: '&copy2024' is '©2024').
    for length in range(len(name.rstrip(";")), 1, -1):
        if name[:length] in html5:
            return html5[name[:length]], length
    return None


class _TextCollector:
    """Tokenizes a source and keeps its visible text with a source offset per character."""

    def __init__(self, source: str):
        self._source = source
        self.pieces: list[str] = []
        self.offsets = array("q")
        self.visible: list[tuple[int, int]] = []  # source spans the visible text comes from, in order
        self._hidden: list[str] = []  # open elements whose text is not visible
        self._hidden_open: dict[str, int] = {}  # how often each is open, so a lookup needs no scan

    def collect(self) -> None:
        """Read the whole source once."""
        source, position = self._source, 0
        while position < len(source):
            char = source[position]
            if char == "<":
                position = self._markup(position)
            elif char == "&":
                position = self._reference(position)
            else:
                position = self._text(position, len(source))

    def _text(self, start: int, stop: int) -> int:
        found = _TEXT.match(self._source, start, stop)
        return self._text_of(start, found.end() if found else start + 1)

    def _reference(self, start: int) -> int:
        found = _REFERENCE.match(self._source, start)
        if found is None:
            self._literal(start, start + 1)
            return start + 1
        if found["name"] is None:
            digits = found["hex"] or found["decimal"]
            self._decoded(_numeric(digits, found["hex"] is not None), start, found.end())
            return found.end()
        named = _named(found["name"])
        if named is None:
            return self._text_of(start, found.end())
        characters, length = named
        self._decoded(characters, start, start + 1 + length)
        return start + 1 + length

    def _text_of(self, start: int, end: int) -> int:
        """Literal text that is not a reference, such as '&onbekend;'."""
        if self._source[start:end].strip():
            self._leave_head("#text")
        self._literal(start, end)
        return end

    def _markup(self, start: int) -> int:
        source = self._source
        after = source[start + 1 : start + 2]
        if source.startswith("<!--", start):
            return self._comment_end(start + 4)
        if after in ("!", "?"):  # a doctype, CDATA or processing instruction: a bogus comment in HTML
            return _past(source, ">", start + 2)
        if after == "/":
            return self._end_tag(start)
        if after.isascii() and after.isalpha():
            return self._start_tag(start)
        return self._text_of(start, start + 1)

    def _comment_end(self, start: int) -> int:
        """Where a comment whose text begins at ``start`` ends; an unclosed one runs to the end."""
        for abrupt in (">", "->"):  # '<!-->' and '<!--->' are empty comments
            if self._source.startswith(abrupt, start):
                return start + len(abrupt)
        found = _COMMENT_END.search(self._source, start)
        return len(self._source) if found is None else found.end()

    def _end_tag(self, start: int) -> int:
        source = self._source
        if source.startswith(">", start + 2):  # '</>' is dropped
            return start + 3
        name = _TAG_NAME.match(source, start + 2)
        if name is None:  # '</' and no letter: a bogus comment
            return _past(source, ">", start + 2)
        end, _ = self._tag_end(name.end())
        if end is not None:
            self._close(name.group().lower(), start)
        return len(source) if end is None else end

    def _start_tag(self, start: int) -> int:
        name = _TAG_NAME.match(self._source, start + 1)
        assert name is not None  # _markup saw a letter
        end, self_closing = self._tag_end(name.end())
        if end is None:  # the file ends inside the tag: the tag is dropped
            return len(self._source)
        tag = name.group().lower()
        self._open(tag, start, self_closing)
        if tag in _RAW_TEXT or tag in _RCDATA:
            return self._content(tag, end)
        return end

    def _tag_end(self, position: int) -> tuple[int | None, bool]:
        """Just after the '>' that ends a tag (None: the file ends first), and whether it is '/>'."""
        source = self._source
        while True:
            skipped = position
            position = _skip(_BEFORE_ATTRIBUTE, source, position)
            if position >= len(source):
                return None, False
            if source[position] == ">":
                return position + 1, position > skipped and source[position - 1] == "/"
            # An attribute name; its first character may be anything, even '='.
            position = _skip(_SPACES, source, _skip(_ATTRIBUTE_NAME, source, position + 1))
            if not source.startswith("=", position):
                continue
            position = _skip(_SPACES, source, position + 1)
            quote = source[position : position + 1]
            if quote in ('"', "'"):
                close = source.find(quote, position + 1)
                if close < 0:
                    return None, False
                position = close + 1
            elif quote != ">":
                position = _skip(_UNQUOTED_VALUE, source, position)

    def _content(self, tag: str, start: int) -> int:
        """The content of a raw-text or RCDATA element, up to its end tag or the end of the file."""
        end_tag = _CONTENT_END.get(tag)
        found = end_tag.search(self._source, start) if end_tag else None
        stop = len(self._source) if found is None else found.start()
        if self._hidden or tag in _HIDDEN:
            return stop
        position = start
        while position < stop:
            if tag in _RCDATA and self._source[position] == "&":
                position = self._reference(position)
            else:
                position = self._text(position, stop) if tag in _RCDATA else self._text_of(position, stop)
        return stop

    def _literal(self, start: int, end: int) -> None:
        if self._hidden or start == end:
            return
        self.pieces.append(self._source[start:end])
        self.offsets.extend(range(start, end))
        self.visible.append((start, end))

    def _decoded(self, characters: str, start: int, end: int) -> None:
        if characters.strip():
            self._leave_head("#text")
        if self._hidden:
            return
        self._emit(characters, start)
        self.visible.append((start, end))

    def _emit(self, text: str, source_start: int) -> None:
        """Text that is not in the source as such (a decoded reference, a separator) at one source offset."""
        if self._hidden:
            return
        self.pieces.append(text)
        self.offsets.extend([source_start] * len(text))

    def _leave_head(self, tag: str) -> None:
        """HTML lets <head> stay open: it ends where the body's content begins."""
        if len(self._hidden) == 1 and self._hidden[0] == "head" and tag not in _HEAD_CONTENT:
            self._pop_hidden()

    def _open(self, tag: str, start: int, self_closing: bool) -> None:
        self._leave_head(tag)
        if tag in _HIDDEN:
            # Raw-text content is skipped where it stands; '<svg/>' opens nothing.
            if not self_closing and tag not in _RAW_TEXT and tag not in _RCDATA:
                self._hidden.append(tag)
                self._hidden_open[tag] = self._hidden_open.get(tag, 0) + 1
        elif tag == "br":
            self._emit("\n", start)
        elif tag in _BLOCKS:
            self._emit("\n\n", start)

    def _close(self, tag: str, start: int) -> None:
        if self._hidden_open.get(tag):
            while self._pop_hidden() != tag:  # elements opened inside it close with it
                pass
        elif tag in _BLOCKS:
            self._emit("\n\n", start)

    def _pop_hidden(self) -> str:
        tag = self._hidden.pop()
        self._hidden_open[tag] -= 1
        return tag


def _collected(source: str) -> _TextCollector:
    collector = _TextCollector(source)
    collector.collect()
    return collector


def visible_spans(source: str) -> list[tuple[int, int]]:
    """Where the visible text of an HTML fragment lies in it: tags, comments, scripts and styles left out."""
    return _collected(source).visible


def read_html(data: bytes, hints: ReadingHints = NO_HINTS) -> Extracted:
    """An HTML file: visible text only, positions in the HTML source."""
    decoded = decode(data)
    collector = _collected(decoded.text)
    text = "".join(collector.pieces)
    return Extracted(text, SourceMap(decoded.text, collector.offsets), decoded)
