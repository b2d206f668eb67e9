"""Running headers and footers of a paged document, kept only on the first page that has them.

A PDF repeats its running header ('Monitor wonen 2024 | Gemeente Vechtstede')
and footer ('Pagina 3 van 40') on every page. Read as text, a term in such a
line would be found once per page: forty findings for one line its writer
changes in one place, and a count per document that says more about the
number of pages than about the text. A short line that stands among the
first or last lines of at least half the pages (and of three) is taken for
one, and so is a line that differs from page to page only by the page's
number ('Pagina 3 van 40', from two pages on): its numbers keep their distance
to the page's place, or stay the same. Lines that differ by other numbers
('Leeftijd: 20-30 jaar', 'Aandeel 12%') are each page's own. A running line
stays where it first appears and is left out below, so a term in it is still
found, once.

Each page comes back in three parts: the running lines above its own text,
its own text (the body), and the running lines below it, so that a reader
can join a word broken over a page end without a footer coming in between.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

# A header or footer of up to this many lines; deeper lines are the page's own text.
EDGE_LINES = 2
MIN_PAGES = 3
# A line that carries the page's number says what it is: two pages are enough.
MIN_NUMBERED_PAGES = 2
MIN_SHARE = 0.5
# Longer lines are the page's own text, however often they recur.
MAX_CHARS = 80
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class PageParts:
    """A page as running lines above, its own text, and running lines below; together, the page as read."""

    top: str
    body: str
    bottom: str

    @property
    def text(self) -> str:
        """The page, with the running lines that were left out."""
        return self.top + self.body + self.bottom


def running_parts(pages: Sequence[str]) -> list[PageParts]:
    """Each page in its parts, every running line left out after the first page that has it."""
    split = [page.splitlines(keepends=True) for page in pages]
    edges = [_edge_indices(lines) for lines in split]
    keys = [_keys(lines, indices) for lines, indices in zip(split, edges, strict=True)]
    running = _running(keys)
    seen: set[str] = set()
    parted = []
    for lines, indices in zip(split, edges, strict=True):
        dropped: set[int] = set()
        kept_running: set[int] = set()
        for index in sorted(indices):
            key = _running_key(_key(lines[index]), running)
            if key is None:
                continue
            (dropped if key in seen else kept_running).add(index)
            seen.add(key)
        parted.append(_parts(lines, dropped, dropped | kept_running))
    return parted


def _running(keys: Sequence[set[str]]) -> set[str]:
    """The running lines among the pages' edge lines (``keys``, per page): exact, or with ``#`` for the page number."""
    needed = max(MIN_PAGES, math.ceil(MIN_SHARE * len(keys)))
    counts = Counter(key for page in keys for key in page)
    running = {key for key, count in counts.items() if count >= needed and len(key) <= MAX_CHARS}
    numbered: defaultdict[str, list[tuple[int, tuple[int, ...]]]] = defaultdict(list)
    for place, page in enumerate(keys):
        for key in page:
            if _DIGITS.search(key):
                numbered[_DIGITS.sub("#", key)].append((place, tuple(int(number) for number in _DIGITS.findall(key))))
    needed = max(MIN_NUMBERED_PAGES, math.ceil(MIN_SHARE * len(keys)))
    running.update(
        masked
        for masked, found in numbered.items()
        if len(found) >= needed and len(masked) <= MAX_CHARS and _page_numbers(found)
    )
    return running


def _page_numbers(found: Sequence[tuple[int, tuple[int, ...]]]) -> bool:
    """Whether some number keeps its distance to the page's place on every page, and each other one stays."""
    places = [place for place, _ in found]
    if len(set(places)) != len(places):  # twice on one page: not a page's number
        return False
    columns = list(zip(*(numbers for _, numbers in found), strict=True))
    tracking = [len({number - place for number, place in zip(column, places, strict=True)}) == 1 for column in columns]
    constant = [len(set(column)) == 1 for column in columns]
    return any(tracking) and all(t or c for t, c in zip(tracking, constant, strict=True))


def _running_key(key: str, running: set[str]) -> str | None:
    """The running line ``key`` (an edge line's key) is, exactly or by its page number; None for the page's own."""
    if key in running:
        return key
    masked = _DIGITS.sub("#", key)
    return masked if masked != key and masked in running else None


def _parts(lines: Sequence[str], dropped: set[int], running: set[int]) -> PageParts:
    """The page's kept lines, the running (or blank) ones at its top and bottom apart."""
    kept = [(index, line) for index, line in enumerate(lines) if index not in dropped]
    start, end = 0, len(kept)
    while start < end and (kept[start][0] in running or not kept[start][1].strip()):
        start += 1
    while end > start and (kept[end - 1][0] in running or not kept[end - 1][1].strip()):
        end -= 1
    text = [line for _, line in kept]
    return PageParts("".join(text[:start]), "".join(text[start:end]), "".join(text[end:]))


def _edge_indices(lines: Sequence[str]) -> set[int]:
    """The first and the last ``EDGE_LINES`` lines that hold text."""
    filled = [index for index, line in enumerate(lines) if line.strip()]
    return {*filled[:EDGE_LINES], *filled[-EDGE_LINES:]}


def _keys(lines: Sequence[str], indices: set[int]) -> set[str]:
    """Each edge line once per page: a page counts once for a line, also if it has it at both edges."""
    return {_key(lines[index]) for index in indices}


def _key(line: str) -> str:
    return _SPACE.sub(" ", line).strip()
