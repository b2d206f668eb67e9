"""File names and document text made safe for each output format.

A file name can hold any byte but ``/`` and NUL: a line break forges lines, an
escape sequence reaches the terminal, and bytes that are not UTF-8 arrive as
lone surrogates (Python's ``surrogateescape``), which no UTF-8 output can hold.
Text taken from documents can carry control characters too. Each format gets
the treatment it needs: visible escapes for people, exact values for JSON.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from pathlib import PurePath

# C0 and C1 controls and DEL; line and paragraph separators, which some
# terminals and editors break lines at; bidirectional embeddings, overrides and
# isolates, which reorder what a reader sees; lone surrogates; and the two
# noncharacters XML 1.0 forbids.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
# The same without C0 controls: json.dumps escapes those itself, and the line
# breaks left in its output are the document's own indentation.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_A_BYTE = re.compile("[\ud800-\udc7f\udd00-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# The surrogates Python's surrogateescape decodes the undecodable bytes 0x80-0xFF to.
_ESCAPED_BYTES = range(0xDC80, 0xDD00)


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code in _ESCAPED_BYTES:
        return f"\\x{code - 0xDC00:02x}"  # the byte as it is on disk
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    r"""``text`` with each control character, reordering mark and undecodable byte as an escape (``\n``, ``\x1b``).

    The result is printable, one line, valid UTF-8 and valid in XML 1.0.
    """
    return _UNSAFE.sub(_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    char = match[0]
    return "\ufffd" if _SURROGATE.fullmatch(char) else f"\\u{ord(char):04x}"


def json_safe(document: str) -> str:
    r"""A serialised JSON document with no raw control characters and valid UTF-8.

    Such characters only occur inside JSON strings, where a ``\uXXXX`` escape
    stands for the same character: parsed values stay exactly as they were. A
    lone surrogate (a byte of a file name that is not UTF-8) has no valid
    encoding and becomes U+FFFD, the replacement character.
    """
    return _UNSAFE_IN_JSON.sub(_json_escape, document)


def uri_reference(path: str) -> str:
    """``path`` as an RFC 3986 URI reference: percent-encoded bytes, ``/`` separators, relative stays relative."""
    # Only surrogateescape's surrogates stand for bytes on disk; any other has none.
    pure = PurePath(_NOT_A_BYTE.sub("\ufffd", path))
    if pure.is_absolute():
        return pure.as_uri()  # file:///…, percent-encoded from the bytes on disk
    # Percent-encode everything but unreserved characters and '/': a ':' in the
    # first segment would otherwise read as a scheme.
    return urllib.parse.quote(os.fsencode(pure.as_posix()), safe="/")
