"""Guarding zip-based documents (.docx, .odt) before a library unpacks them."""

from __future__ import annotations

import io
import zipfile

from waardetaal.limits import MAX_EXPANDED_BYTES
from waardetaal.readers import ReadError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def checked_zip(data: bytes, kind: str) -> None:
    """Raise ReadError unless ``data`` is a zip archive of sane unpacked size."""
    if data.startswith(_OLE_MAGIC):
        raise ReadError(f"versleuteld of in het oude formaat opgeslagen: geen {kind}")
    if not data:
        raise ReadError("leeg bestand")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ReadError(f"geen geldig {kind}: beschadigd of geen zip-archief") from None
    if expanded > MAX_EXPANDED_BYTES:
        raise ReadError(f"zou uitpakken tot {expanded // 2**20} MB (grens {MAX_EXPANDED_BYTES // 2**20} MB): geweigerd")
