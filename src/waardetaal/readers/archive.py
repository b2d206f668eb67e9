"""Guarding zip-based documents (.docx, .odt) before a library unpacks them."""

from __future__ import annotations

import io
import zipfile
import zlib

from waardetaal.limits import MAX_EXPANDED_BYTES
from waardetaal.readers import ReadError
from waardetaal.readers.blocks import dutch_number

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1 << 20


def checked_zip(data: bytes, kind: str, max_tags: int) -> None:
    """Raise ReadError unless ``data`` is a zip archive of sane unpacked size and XML of sane size."""
    if data.startswith(_OLE_MAGIC):
        raise ReadError(f"versleuteld of in het oude formaat opgeslagen: geen {kind}")
    if not data:
        raise ReadError("leeg bestand")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
            if expanded > MAX_EXPANDED_BYTES:
                raise ReadError(
                    f"zou uitpakken tot {expanded // 2**20} MB (grens {MAX_EXPANDED_BYTES // 2**20} MB): geweigerd"
                )
            tags = _xml_tags(archive, max_tags)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        raise ReadError(f"geen geldig {kind}: beschadigd of geen zip-archief") from None
    if tags > max_tags:
        raise ReadError(f"meer dan {dutch_number(max_tags)} XML-tags: te groot om te lezen, niet gecontroleerd")


def _xml_tags(archive: zipfile.ZipFile, max_tags: int) -> int:
    """The tags in the archive's XML parts, counted while streaming: a parser's memory grows with them.

    Counting stops just past ``max_tags``, so a hostile part is never unpacked whole.
    """
    tags = 0
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                tags += chunk.count(b"<")
                if tags > max_tags:
                    return tags
    return tags
