"""Documents without lines of their own become blocks of text separated by a blank line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from waardetaal.positions import BlockMap, Location
from waardetaal.readers import Extracted

SEPARATOR = "\n\n"


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
