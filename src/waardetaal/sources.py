"""Where texts come from: paths, directories and standard input.

All file I/O of waardetaal lives here. Directories are walked over the formats
waardetaal reads, without hidden folders, what ``.gitignore`` excludes in a git
repository, and ``--exclude`` globs. A file that cannot be read becomes a
:class:`Document` with a one-line Dutch error, so one bad file never stops a run.
"""

from __future__ import annotations

import errno
import fnmatch
import hashlib
import os
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from waardetaal.limits import MAX_FILE_BYTES
from waardetaal.positions import PositionMap
from waardetaal.readers import SUFFIXES, Decoded, ReadError, reader_for

STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass(frozen=True, slots=True)
class Document:
    """A text to check with its position map, or the reason it could not be read."""

    path: str
    text: str | None
    error: str | None = None
    positions: PositionMap | None = None
    source: Decoded | None = None  # text formats: the decoded file, for suppressions and fixes
    digest: str | None = None  # of the bytes read, to refuse writing a file changed since
    directives_text: str | None = None  # where suppression comments count (source offsets)


def documents_at(given: str, exclude: Sequence[str] = ()) -> Iterator[Document]:
    """The documents at a path: the file itself, or every readable file in a folder."""
    path = Path(given)
    if path.is_dir():
        for file in walk(path, exclude):
            yield read_document(str(file))
    elif path.exists():
        yield read_document(given)
    else:
        yield Document(given, None, "bestand of map bestaat niet")


def walk(root: Path, exclude: Sequence[str] = ()) -> list[Path]:
    """The readable files under ``root``, sorted, without hidden, git-ignored or excluded ones."""
    ignored = _git_ignored(root)
    found: list[Path] = []
    for folder, subfolders, files in os.walk(root):  # does not follow symbolic links: no loops
        base = Path(folder)
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith(".") and not _excluded(base / name, root, exclude) and base / name not in ignored
        ]
        for name in files:
            path = base / name
            if (
                not name.startswith(".")
                and path.suffix.lower() in SUFFIXES
                and path not in ignored
                and not _excluded(path, root, exclude)
            ):
                found.append(path)
    return sorted(found)


def _excluded(path: Path, root: Path, patterns: Sequence[str]) -> bool:
    relative = path.relative_to(root).as_posix()
    return any(
        fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern) or fnmatch.fnmatch(str(path), pattern)
        for pattern in patterns
    )


def _git_ignored(root: Path) -> set[Path]:
    """Files and folders under ``root`` that git ignores (empty outside a repository)."""
    try:
        result = subprocess.run(
            ["git", "ls-files", "--others", "--ignored", "--exclude-standard", "--directory", "-z", "--", "."],
            cwd=root,
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return set()
    if result.returncode != 0:
        return set()
    return {root / entry.rstrip("/") for entry in result.stdout.decode("utf-8", "replace").split("\0") if entry}


def read_document(path: str) -> Document:
    """Read one file with the reader its extension names."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            return Document(path, None, f"te groot ({size // 2**20} MB; grens {MAX_FILE_BYTES // 2**20} MB)")
        data = Path(path).read_bytes()
    except OSError as error:
        return Document(path, None, _os_error_message(error))
    return extract(path, data, Path(path).suffix)


_OS_ERRORS = {
    errno.EACCES: "geen toestemming om het bestand te lezen",
    errno.EPERM: "geen toestemming om het bestand te lezen",
    errno.ENOENT: "bestand of map bestaat niet",
    errno.EISDIR: "is een map, geen bestand",
    errno.EIO: "leesfout van de schijf",
}


def _os_error_message(error: OSError) -> str:
    known = _OS_ERRORS.get(error.errno or 0)
    return known or f"kan het bestand niet lezen (systeemfout {error.errno})"


def extract(path: str, data: bytes, suffix: str) -> Document:
    """The checked text of ``data`` read as a file with this suffix."""
    if not data:
        return Document(path, None, "leeg bestand")
    reader = reader_for(suffix) or reader_for(".txt")
    assert reader is not None
    try:
        extracted = reader(data)
    except ReadError as error:
        return Document(path, None, str(error))
    except Exception as error:  # a parsing library failing on a malformed file must not stop the run
        return Document(path, None, f"kan het bestand niet lezen: {type(error).__name__}")
    directives = extracted.directives_text
    if directives is None and extracted.source is not None:
        directives = extracted.source.text
    digest = hashlib.sha256(data).hexdigest()
    return Document(path, extracted.text, None, extracted.positions, extracted.source, digest, directives)
