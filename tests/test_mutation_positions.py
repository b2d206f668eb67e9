"""Positions: lines, columns and blocks against a plain reference, as planted bugs (scripts/mutation.py) asked."""

from __future__ import annotations

from array import array

from hypothesis import given
from hypothesis import strategies as st

from waardetaal.positions import BlockMap, LineIndex, Position, SourceMap, split_lines

_TEXT = st.text(alphabet="ab \r\n", max_size=40)


def reference(text: str, offset: int) -> tuple[int, int]:
    """Line and column by walking the text: CRLF, a lone CR and LF each end a line."""
    line, column, index = 1, 1, 0
    while index < offset:
        if text.startswith("\r\n", index) and index + 1 < offset:
            index += 2
        elif text[index] in "\r\n" and not text.startswith("\r\n", index):
            index += 1
        else:
            index += 1
            column += 1
            continue
        line, column = line + 1, 1
    return line, column


@given(_TEXT, st.data())
def test_line_and_column_match_the_reference(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    assert LineIndex(text).line_and_column(offset) == reference(text, offset)
    assert LineIndex(text).position(offset) == Position(*reference(text, offset))


def test_line_breaks_of_every_kind() -> None:
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    index = LineIndex("a\r\nb\rc\nd")
    assert [index.line_and_column(offset) for offset in (0, 1, 3, 5, 7)] == [(1, 1), (1, 2), (2, 1), (3, 1), (4, 1)]


def test_a_source_map_points_into_the_source() -> None:
    source = "<p>\nab</p>"
    mapped = SourceMap(source, array("q", [4, 5]))
    assert (mapped.source_offset(1), mapped.position(0), mapped.position(1)) == (5, Position(2, 1), Position(2, 2))


def test_a_block_map_names_the_block_of_each_offset() -> None:
    blocks = BlockMap("een\ntwee\ndrie", [0, 4, 9], [{"alinea": 1}, {"alinea": 2}, {"alinea": 3}])
    assert [blocks.block_start(offset) for offset in (0, 3, 4, 8, 9, 12)] == [0, 0, 4, 4, 9, 9]
    assert blocks.position(5) == Position(2, 2, {"alinea": 2})
    assert blocks.position(0) == Position(1, 1, {"alinea": 1})
    assert BlockMap("een", [0], []).position(1) == Position(1, 2, None)
    assert BlockMap("een", [2], [{"pagina": 1}]).position(0).location == {"pagina": 1}
