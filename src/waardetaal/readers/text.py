"""Plain text: UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252.

Windows-1252 is chosen only when the bytes are not UTF-8, hold nothing that
looks like broken UTF-8, and every byte above ASCII is a character Dutch and
other Western European text really uses (é, ë, ’, “, –, €); anything else is
refused rather than guessed.
"""

from __future__ import annotations

import codecs
import re

from waardetaal.readers import NO_HINTS, Decoded, Extracted, ReadError, ReadingHints

# Longest first: the UTF-32 little-endian mark begins with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Characters above ASCII that real Windows-1252 text uses. 'Â' and 'Ã' are left
# out on purpose: they are what broken UTF-8 looks like when read as Windows-1252.
_PLAUSIBLE_1252 = frozenset(
    "ÀÁÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýŒœŠšŽžŸƒ‘’‚“”„–—…•€™°§«»¡¿·\u00a0©®£¥¢½¼¾±²³µ¶†‡‰‹›ˆ˜ª"
)
# A complete multi-byte UTF-8 character: text holding one is UTF-8 that is damaged
# elsewhere, not Windows-1252 (where 'é’' is E9 92, never a complete sequence).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Control characters that never occur in text (tab, line feed, carriage return,
# form feed and escape-free text only); many of them means a binary file. They
# are counted by deleting every other byte, in C rather than a loop per byte.
_NOT_CONTROL = bytes(byte for byte in range(256) if byte >= 32 or byte in b"\t\n\r\x0c")


def decode(data: bytes) -> Decoded:
    """The text of ``data`` and how it was encoded; raise ReadError for binary or undecodable data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(encoding), encoding, bom)
            except UnicodeDecodeError as error:
                raise ReadError(f"ongeldige {encoding.upper()}-tekst (byte {error.start})") from None
    if _looks_binary(data):
        raise ReadError("binair bestand, geen tekst: overgeslagen")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        if _is_windows_1252(data):
            return Decoded(data.decode("cp1252"), "cp1252")
        raise ReadError(f"ongeldige UTF-8-tekst (byte {error.start}) en geen Windows-1252") from None


def _is_windows_1252(data: bytes) -> bool:
    if _UTF8_SEQUENCE.search(data):
        return False
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # one of the five bytes the code page leaves undefined
        return False
    return all(char in _PLAUSIBLE_1252 for char in text if ord(char) > 127)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))
    return bool(sample) and controls / len(sample) > 0.05


def read_text(data: bytes, hints: ReadingHints = NO_HINTS) -> Extracted:
    """A plain-text file, line endings left as they are."""
    decoded = decode(data)
    return Extracted(decoded.text, None, decoded)
