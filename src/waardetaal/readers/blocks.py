"""Documents without lines of their own become blocks of text separated by a blank line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from waardetaal.limits import MAX_TEXT_CHARS
from waardetaal.positions import BlockMap, Location
from waardetaal.readers import Extracted, ReadError

SEPARATOR = "\n\n"


def dutch_number(number: int) -> str:
    """``number`` with Dutch thousands separators: 2.000.000."""
    return f"{number:,}".replace(",", ".")


def too_much_text() -> ReadError:
    """The error for a document with more text than waardetaal checks."""
    return ReadError(f"meer dan {dutch_number(MAX_TEXT_CHARS)} tekens tekst: niet gecontroleerd")


@dataclass(slots=True)
class TextBudget:
    """A running count of the characters taken from one document, so a hostile one stops early."""

    used: int = 0

    def spend(self, characters: int) -> None:
        """Count ``characters`` more; ReadError once the document passes MAX_TEXT_CHARS."""
        self.used += characters
        if self.used > MAX_TEXT_CHARS:
            raise too_much_text()


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph or page and where it is in the document."""

    text: str
    location: Location


def joined(blocks: Sequence[Block]) -> Extracted:
    """The blocks as one text, paragraph-separated, with a map from offsets to locations."""
    pieces, starts, locations = [], [], []
    offset = 0
    for block in blocks:
        if not block.text.strip():
            continue
        starts.append(offset)
        locations.append(block.location)
        pieces.append(block.text)
        offset += len(block.text) + len(SEPARATOR)
    text = SEPARATOR.join(pieces)
    return Extracted(text, BlockMap(text, starts, locations))


@dataclass
class BlockCollector:
    """Collects the blocks of a Word or OpenDocument file in reading order.

    Body paragraphs are numbered through the whole body, table cells included;
    a text box is located at the body paragraph it is anchored in; notes,
    headers and footers are numbered within their own part.
    """

    blocks: list[Block] = field(default_factory=list)
    body_paragraphs: int = 0
    tables: int = 0
    budget: TextBudget = field(default_factory=TextBudget)  # spent while paragraphs are built

    def body_paragraph(self, text: str, cell: Location | None = None) -> None:
        """A paragraph of the body, possibly in a table cell."""
        self.body_paragraphs += 1
        self._add(text, {"paragraph": self.body_paragraphs, **(cell or {})})

    def _add(self, text: str, location: Location) -> None:
        # Empty paragraphs are numbered but not kept: a million of them must not cost a block each.
        if text.strip():
            self.blocks.append(Block(text, location))

    def new_table(self) -> int:
        """The number of the next table."""
        self.tables += 1
        return self.tables

    def text_box(self, text: str) -> None:
        """A paragraph in a text box anchored in the current body paragraph."""
        self._add(text, {"part": "tekstvak", "paragraph": self.body_paragraphs})

    def part(self, texts: Iterable[str], name: str) -> None:
        """The paragraphs of a header, footer or the notes, numbered from 1."""
        for number, text in enumerate(texts, start=1):
            self._add(text, {"part": name, "paragraph": number})

    def extracted(self) -> Extracted:
        """The collected blocks as checked text with locations."""
        return joined(self.blocks)
