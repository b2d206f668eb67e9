"""Compile the Dutch catalog of Click's texts (``messages.po``) into the ``messages.mo`` that is shipped.

Run after editing the .po file: python scripts/compile_translations.py
(Babel comes with the test extra; a test checks that the shipped .mo matches the .po.)
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

CATALOG = Path(__file__).resolve().parents[1] / "src" / "waardetaal" / "locale" / "nl" / "LC_MESSAGES"


def compiled(po_file: Path) -> bytes:
    """The .mo bytes of ``po_file``, as gettext reads them."""
    with po_file.open("rb") as source:
        catalog = read_po(source, locale="nl")
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def main() -> int:
    """Write messages.mo beside messages.po."""
    (CATALOG / "messages.mo").write_bytes(compiled(CATALOG / "messages.po"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
