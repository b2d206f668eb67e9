"""HTML: the visible text, entities decoded, mapped character by character to the source.

The standard library's parser is used with character references left
unconverted, so every character of text comes from a known place in the file:
a finding inside ``<p>hoog&shy;opgeleid</p>`` points at that text in the HTML.
Scripts, styles, the head and attributes are not text; block elements separate
text so that words of two paragraphs never run together.
"""

from __future__ import annotations

import html
from array import array
from html.parser import HTMLParser

from waardetaal.positions import LineIndex, SourceMap
from waardetaal.readers import Extracted
from waardetaal.readers.text import decode

_HIDDEN = frozenset({"script", "style", "head", "title", "template", "noscript", "svg", "math", "iframe", "object"})
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


class _TextCollector(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self._lines = LineIndex(source)
        self._line_starts = [0] + [i + 1 for i, char in enumerate(source) if char == "\n"]
        self.pieces: list[str] = []
        self.offsets = array("q")
        self._hidden: list[str] = []  # open elements whose text is not visible

    def _here(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _emit(self, text: str, source_start: int, per_char: bool) -> None:
        if self._hidden or not text:
            return
        self.pieces.append(text)
        if per_char:
            self.offsets.extend(range(source_start, source_start + len(text)))
        else:
            self.offsets.extend([source_start] * len(text))

    def _separate(self) -> None:
        self._emit("\n\n", self._here(), per_char=False)

    def _leave_head(self, tag: str) -> None:
        """HTML lets <head> stay open: it ends where the body's content begins."""
        if self._hidden == ["head"] and tag not in _HEAD_CONTENT:
            self._hidden.clear()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._leave_head(tag)
        if tag in _HIDDEN and tag not in _VOID:
            self._hidden.append(tag)
        elif tag == "br":
            self._emit("\n", self._here(), per_char=False)
        elif tag in _BLOCKS:
            self._separate()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._leave_head(tag)
        if tag == "br":
            self._emit("\n", self._here(), per_char=False)
        elif tag in _BLOCKS:
            self._separate()

    def handle_endtag(self, tag: str) -> None:
        if tag in self._hidden:
            del self._hidden[len(self._hidden) - 1 - self._hidden[::-1].index(tag) :]
        elif tag in _BLOCKS:
            self._separate()

    def handle_data(self, data: str) -> None:
        if data.strip():
            self._leave_head("#text")
        self._emit(data, self._here(), per_char=True)

    def handle_entityref(self, name: str) -> None:
        self._emit(html.unescape(f"&{name};"), self._here(), per_char=False)

    def handle_charref(self, name: str) -> None:
        self._emit(html.unescape(f"&#{name};"), self._here(), per_char=False)


def read_html(data: bytes) -> Extracted:
    """An HTML file: visible text only, positions in the HTML source."""
    decoded = decode(data)
    collector = _TextCollector(decoded.text)
    collector.feed(decoded.text)
    collector.close()
    text = "".join(collector.pieces)
    return Extracted(text, SourceMap(decoded.text, collector.offsets), decoded)
