"""Safe fixes: apply the first suggestion of safe rules to text files, never to Word or PDF.

Edits are made in the decoded source, right to left, so earlier offsets stay
valid; overlapping edits are skipped. Writing is atomic (a temporary file in the
same folder, then a rename), keeps the encoding, byte-order mark and line
endings, and is refused when the file changed since it was read.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import os
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from waardetaal.findings import Finding
from waardetaal.positions import SourceMap
from waardetaal.sources import Document

# Formats whose source text waardetaal can edit; the suffix also says how to escape.
FIXABLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``source[start:end]`` by ``replacement``."""

    start: int
    end: int
    replacement: str


class WriteRefused(Exception):
    """A fixed file that must not be written; the message is Dutch."""


def planned_edits(document: Document, findings: Sequence[Finding]) -> list[Edit]:
    """The edits for the findings that carry a safe fix, in source offsets."""
    if document.source is None or Path(document.path).suffix.lower() not in FIXABLE_SUFFIXES:
        return []
    source = document.source.text
    is_html = isinstance(document.positions, SourceMap)
    edits = []
    for finding in findings:
        if finding.fix is None:
            continue
        if isinstance(document.positions, SourceMap):
            start = document.positions.source_offset(finding.start)
            end = document.positions.source_offset(finding.end - 1) + 1
        else:
            start, end = finding.start, finding.end
        if source[start:end] != finding.text:
            continue  # an entity or markup inside the term: leave it to the writer
        edits.append(Edit(start, end, html.escape(finding.fix, quote=False) if is_html else finding.fix))
    return edits


def applied(source: str, edits: Sequence[Edit]) -> tuple[str, int]:
    """``source`` with the edits applied right to left (overlaps skipped), and how many were applied."""
    count = 0
    limit = len(source) + 1
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        if edit.end > limit:
            continue
        source = source[: edit.start] + edit.replacement + source[edit.end :]
        limit = edit.start
        count += 1
    return source, count


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of the change, as ``--diff`` shows it."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{path}", f"b/{path}"
    )
    # Like diff(1): a last line without a line break is marked, so patch(1) keeps it that way.
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def write_atomically(document: Document, new_source: str) -> None:
    """Write ``new_source`` over the document's file, or raise WriteRefused."""
    assert document.source is not None
    path = Path(os.path.realpath(document.path))  # write through a symbolic link, not over it
    try:
        current = path.read_bytes()
    except OSError as error:
        raise WriteRefused(f"kan het bestand niet opnieuw lezen ({error.strerror})") from None
    if hashlib.sha256(current).hexdigest() != document.digest:
        raise WriteRefused("het bestand is gewijzigd sinds het gelezen werd: niet hersteld")
    try:
        data = document.source.encode(new_source)
    except UnicodeEncodeError:
        raise WriteRefused(f"de suggestie past niet in de codering {document.source.encoding}: niet hersteld") from None
    mode = stat.S_IMODE(path.stat().st_mode)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".waardetaal")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
