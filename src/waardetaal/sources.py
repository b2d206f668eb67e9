"""Where texts come from: paths, directories and standard input.

All file I/O of waardetaal lives here. A file that cannot be read becomes a
:class:`Document` with a one-line Dutch error instead of an exception, so one
bad file never stops a run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from waardetaal.markup import markdown_prose

STDIN = "-"
STDIN_NAME = "<stdin>"
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})


@dataclass(frozen=True, slots=True)
class Document:
    """A text to check, or the reason it could not be read."""

    path: str
    text: str | None
    error: str | None = None


def iter_documents(paths: Sequence[str], stdin: BinaryIO) -> Iterator[Document]:
    """Documents for the given paths (files, directories, '-' for stdin), in order."""
    for given in paths or ["."]:
        if given == STDIN:
            yield _decoded(STDIN_NAME, stdin.read())
            continue
        path = Path(given)
        if path.is_dir():
            for file in walk(path):
                yield read_document(str(file))
        elif path.exists():
            yield read_document(given)
        else:
            yield Document(given, None, "bestand of map bestaat niet")


def walk(root: Path) -> list[Path]:
    """The files under ``root`` that waardetaal reads, sorted by path, skipping hidden ones."""
    found: list[Path] = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found.extend(
            Path(folder) / name
            for name in files
            if not name.startswith(".") and Path(name).suffix.lower() in TEXT_SUFFIXES
        )
    return sorted(found)


def read_document(path: str) -> Document:
    """Read one file as text."""
    try:
        data = Path(path).read_bytes()
    except PermissionError:
        return Document(path, None, "geen toestemming om het bestand te lezen")
    except OSError as error:
        return Document(path, None, f"kan het bestand niet lezen ({error.strerror or error})")
    document = _decoded(path, data)
    if document.text is not None and Path(path).suffix.lower() in MARKDOWN_SUFFIXES:
        return Document(path, markdown_prose(document.text))
    return document


def _decoded(path: str, data: bytes) -> Document:
    if b"\x00" in data[:8192]:
        return Document(path, None, "binair bestand, geen tekst: overgeslagen")
    try:
        return Document(path, data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        return Document(path, None, f"geen geldige UTF-8-tekst (byte {error.start})")
