"""Safe fixes: apply the first suggestion of safe rules to text files, never to Word or PDF.

Edits are made in the decoded source. Overlapping edits are resolved right to
left (the rightmost wins) and the new text is built from pieces in one pass, so
fixing takes time linear in the size of the file.

Writing never loses or hands over anything. The new bytes go to a temporary file
``.{name}.XXXXXXXX.waardetaal`` next to the file, get its owner, group and mode,
are synced to disk and then replace the file by a rename, so a crash leaves
either the old file or the new one. The write is refused, with a one-line Dutch
message that becomes the file's error, when:

- the file, after following symbolic links, lies outside the checked tree: the
  folder given on the command line, or for a file given by name the folder its
  name is in. A link to a file inside the tree is followed and the link kept;
- the file or its folder is read-only. The mode bits are checked here because
  root may write regardless, and a read-only mark is the owner's wish;
- the file has more than one name (a hard link): the rename would give only this
  name the new text, and writing in place instead could not be atomic;
- its owner and group cannot be kept (only root may give a file away);
- the file changed since it was read, or while the fix was being written: just
  before the rename its identity (device, inode), size, times and digest must
  still be those seen before writing. An editor that saves by rename gives the
  name a new inode; one that saves in place changes the size, times or digest;
- the system refuses (no permission, read-only file system, disk full).

What remains is the moment between that last check and the rename, which no
lock can close without the editor's cooperation.

Temporary files left by an earlier run that was killed are removed next to a
file being fixed, but only when they are clearly ours: our name pattern for that
file, a regular file with one name, owned by this user, and not modified for
STALE_TEMPORARY_SECONDS, which no running write comes close to.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import hashlib
import html
import os
import re
import secrets
import stat
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from waardetaal.findings import Finding
from waardetaal.limits import STALE_TEMPORARY_SECONDS
from waardetaal.positions import SourceMap
from waardetaal.readers import suffixes
from waardetaal.sources import Document

# Formats whose source text waardetaal can edit; the suffix also says how to escape.
FIXABLE_SUFFIXES = suffixes(lambda file_format: file_format.fixable)
# Any write bit: without one, the file (or folder) is marked read-only.
_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
# Open an existing name without following a link or blocking on a pipe put in its place.
_OPEN_EXISTING = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_OPEN_TEMPORARY = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
# Our temporary files: '.', the file's name, 8 characters (hex digits now, as
# tempfile.mkstemp made them before) and '.waardetaal'; hidden, so no walk checks them.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.waardetaal", re.DOTALL)

CHANGED_SINCE_READ = "het bestand is gewijzigd sinds het gelezen werd: niet hersteld"
CHANGED_WHILE_WRITING = "het bestand is gewijzigd terwijl de herstelling geschreven werd: niet hersteld"
OUTSIDE_TREE = "verwijst via een symbolische koppeling naar een bestand buiten de gecontroleerde map: niet hersteld"
READ_ONLY_FILE = "het bestand is alleen-lezen: niet hersteld"
READ_ONLY_FOLDER = "de map van het bestand is alleen-lezen: niet hersteld"
HARD_LINK = "het bestand heeft meerdere namen (harde koppeling): niet hersteld"
OWNER_NOT_KEPT = "eigenaar en groep van het bestand kunnen niet behouden blijven: niet hersteld"
NOT_A_FILE = "is geen gewoon bestand: niet hersteld"

_SYSTEM_ERRORS = {
    errno.EACCES: "geen toestemming om het bestand te schrijven: niet hersteld",
    errno.EPERM: "geen toestemming om het bestand te schrijven: niet hersteld",
    errno.EROFS: "het bestandssysteem is alleen-lezen: niet hersteld",
    errno.ENOSPC: "de schijf is vol: niet hersteld",
    errno.EDQUOT: "de schijfruimte (quotum) is op: niet hersteld",
    errno.ENOENT: "het bestand of de map bestaat niet meer: niet hersteld",
    errno.ELOOP: "het bestand is intussen een symbolische koppeling: niet hersteld",
    errno.ENAMETOOLONG: "de naam is te lang voor een tijdelijk bestand ernaast: niet hersteld",
}


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
    return [edit for edit in edits_per_finding(document, findings) if edit is not None]


def edits_per_finding(document: Document, findings: Sequence[Finding]) -> list[Edit | None]:
    """For each finding, the edit --fix makes of it, or None: no safe fix, or none that can be written."""
    if document.source is None or Path(document.path).suffix.lower() not in FIXABLE_SUFFIXES:
        return [None] * len(findings)
    return [_edit(document, document.source.text, finding) for finding in findings]


def _edit(document: Document, source: str, finding: Finding) -> Edit | None:
    if finding.fix is None:
        return None
    positions = document.positions
    if isinstance(positions, SourceMap):  # HTML: the text's offsets are mapped back to the source's
        start, end = positions.source_offset(finding.start), positions.source_offset(finding.end - 1) + 1
    else:
        start, end = finding.start, finding.end
    if source[start:end] != finding.text:
        return None  # an entity or markup inside the term: leave it to the writer
    fix = html.escape(finding.fix, quote=False) if isinstance(positions, SourceMap) else finding.fix
    return Edit(start, end, fix)


def applied(source: str, edits: Sequence[Edit]) -> tuple[str, int]:
    """``source`` with the edits applied (of overlapping ones the rightmost), and how many were applied."""
    kept: list[Edit] = []
    limit = len(source) + 1
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        if edit.end <= limit:
            kept.append(edit)
            limit = edit.start
    # One pass from the left over the kept edits, which no longer overlap: each
    # character is copied once, however many edits there are.
    pieces: list[str] = []
    cursor = 0
    for edit in reversed(kept):
        pieces += (source[cursor : edit.start], edit.replacement)
        cursor = edit.end
    pieces.append(source[cursor:])
    return "".join(pieces), len(kept)


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of the change, as ``--diff`` shows it."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{path}", f"b/{path}"
    )
    # Like diff(1): a last line without a line break is marked, so patch(1) keeps it that way.
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def checked_tree(given: str) -> Path:
    """The tree a fix may write in for a path given on the command line: the folder itself, or a file's folder."""
    path = Path(given)
    return path if path.is_dir() else path.parent


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """What identifies the file's current content: a change to any of these is a change."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int  # also moves on chmod, chown and a new hard link
    digest: str
    status: os.stat_result = field(compare=False)


class Fixer:
    """Writes the fixed files of one run; lists each folder once for stale temporary files."""

    def __init__(self) -> None:
        # Per folder (device, inode): the stale temporary files found in it, by the name they were for.
        self._stale: dict[tuple[int, int], dict[str, list[str]]] = {}

    def write(self, document: Document, new_source: str, tree: Path) -> None:
        """Write ``new_source`` over the document's file in ``tree``, or raise WriteRefused."""
        assert document.source is not None
        try:
            data = document.source.encode(new_source)
        except UnicodeEncodeError:
            message = f"de suggestie past niet in de codering {document.source.encoding}: niet hersteld"
            raise WriteRefused(message) from None
        target = _target(document, tree)
        try:
            with _opened_folder(target.parent) as folder:
                self._replace(folder, target.name, data, document.digest)
        except OSError as error:
            raise WriteRefused(_system_error(error)) from None

    def refusal(self, document: Document, tree: Path) -> str | None:
        """Why :meth:`write` would refuse the document's file as it is now (Dutch), or None; writes nothing."""
        try:
            target = _target(document, tree)
            with _opened_folder(target.parent) as folder:
                status = os.stat(target.name, dir_fd=folder, follow_symlinks=False)
                if not stat.S_ISREG(status.st_mode):
                    return NOT_A_FILE
                _refuse_unsafe(folder, target.name, status)
        except WriteRefused as refused:
            return str(refused)
        except OSError as error:
            return _system_error(error)
        return None

    def _replace(self, folder: int, name: str, data: bytes, digest: str | None) -> None:
        before = _snapshot(folder, name)
        if before.digest != digest:
            raise WriteRefused(CHANGED_SINCE_READ)
        _refuse_unsafe(folder, name, before.status)
        self._remove_stale(folder, name)
        temporary = _write_temporary(folder, name, data, before.status)
        try:
            if _snapshot(folder, name) != before:
                raise WriteRefused(CHANGED_WHILE_WRITING)
            os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
            raise
        os.fsync(folder)  # so the rename itself survives a power cut

    def _remove_stale(self, folder: int, name: str) -> None:
        """Remove our temporary files for ``name`` that a killed run left behind."""
        status = os.fstat(folder)
        key = (status.st_dev, status.st_ino)
        if key not in self._stale:
            self._stale[key] = _stale_temporaries(folder)
        for temporary in self._stale[key].pop(name, []):
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=folder)


def write_atomically(document: Document, new_source: str, tree: Path | None = None) -> None:
    """Write one fixed file; the checked tree is ``tree`` or else the file's own folder."""
    Fixer().write(document, new_source, tree if tree is not None else Path(document.path).parent)


def _stale_temporaries(folder: int) -> dict[str, list[str]]:
    """Our temporary files in the folder that no running write can own, by the name they were for."""
    found: dict[str, list[str]] = {}
    now = time.time()
    with os.scandir(folder) as entries:
        for entry in entries:
            match = _TEMPORARY.fullmatch(entry.name)
            if match and _is_stale(entry, now):
                found.setdefault(match["name"], []).append(entry.name)
    return found


def _is_stale(entry: os.DirEntry[str], now: float) -> bool:
    try:
        status = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return (
        stat.S_ISREG(status.st_mode)
        and status.st_nlink == 1
        and status.st_uid == os.geteuid()
        and now - status.st_mtime > STALE_TEMPORARY_SECONDS
    )


def _target(document: Document, tree: Path) -> Path:
    """The file a fix of ``document`` writes, its links followed; refused when that lies outside ``tree``."""
    target = Path(os.path.realpath(document.path))
    if not target.is_relative_to(os.path.realpath(tree)):
        raise WriteRefused(OUTSIDE_TREE)
    return target


def _system_error(error: OSError) -> str:
    return _SYSTEM_ERRORS.get(error.errno or 0) or f"schrijffout (systeemfout {error.errno}): niet hersteld"


@contextlib.contextmanager
def _opened_folder(path: Path) -> Iterator[int]:
    """The folder as a descriptor, so every later step names the file in this very folder."""
    folder = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        yield folder
    finally:
        os.close(folder)


def _snapshot(folder: int, name: str) -> _Snapshot:
    """The file's identity and digest, read without following a link."""
    handle = os.open(name, _OPEN_EXISTING, dir_fd=folder)
    with os.fdopen(handle, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise WriteRefused(NOT_A_FILE)
        digest = hashlib.file_digest(stream, "sha256").hexdigest()
    return _Snapshot(
        status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns, digest, status
    )


def _refuse_unsafe(folder: int, name: str, original: os.stat_result) -> None:
    """Refuse a read-only file or folder, and a file with several names."""
    if not original.st_mode & _WRITE_BITS or not _may_write(name, folder):
        raise WriteRefused(READ_ONLY_FILE)
    if not os.fstat(folder).st_mode & _WRITE_BITS or not _may_write(".", folder):
        raise WriteRefused(READ_ONLY_FOLDER)
    if original.st_nlink > 1:
        raise WriteRefused(HARD_LINK)


def _may_write(name: str, folder: int) -> bool:
    """Whether this user may write ``name`` as the system sees it (ACLs included)."""
    return os.access(name, os.W_OK, dir_fd=folder, effective_ids=True, follow_symlinks=False)


def _write_temporary(folder: int, name: str, data: bytes, original: os.stat_result) -> str:
    """A synced temporary file beside ``name`` holding ``data``, with the original's owner, group and mode."""
    temporary = f".{name}.{secrets.token_hex(4)}.waardetaal"  # matches _TEMPORARY
    handle = os.open(temporary, _OPEN_TEMPORARY, 0o600, dir_fd=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            try:
                os.fchown(stream.fileno(), original.st_uid, original.st_gid)
            except PermissionError:
                raise WriteRefused(OWNER_NOT_KEPT) from None
            os.fchmod(stream.fileno(), stat.S_IMODE(original.st_mode))  # after fchown, which clears set-id bits
            os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise
    return temporary
