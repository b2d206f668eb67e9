"""Where texts come from: paths, directories and standard input.

All file I/O of waardetaal lives here. Directories are walked over the formats
waardetaal reads, without hidden names, what ``.gitignore`` files and
``.git/info/exclude`` exclude in a git repository, and ``--exclude`` globs. Git
itself is never run: a checked folder's git configuration can name commands
(``core.fsmonitor``), so the ignore files are matched in Python. Only regular
files are read, opened so that nothing blocks, and never past a size bound. A
file or folder that cannot be read becomes a :class:`Document` with a one-line
Dutch error, so one bad file never stops a run.
"""

from __future__ import annotations

import errno
import fnmatch
import functools
import hashlib
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import re2
from pathspec import GitIgnoreSpec

from waardetaal.limits import MAX_FILE_BYTES, MAX_IGNORE_BYTES
from waardetaal.positions import PositionMap
from waardetaal.readers import NO_HINTS, SUFFIXES, Decoded, ReadError, ReadingHints, reader_for

STDIN = "-"
STDIN_NAME = "<stdin>"
IGNORE_FILE = ".gitignore"

# Bytes asked of the system per read once a file turns out larger than it said.
_CHUNK_BYTES = 1024 * 1024
# RE2 refuses to compile a set of more than some thousand patterns (its memory
# budget), so an ignore file is compiled in sets of this many.
_PATTERNS_PER_SET = 256
_UTF8_BOM = b"\xef\xbb\xbf"

# Reported for a folder whose files could not be listed: a message says why and what it means.
FolderProblem = Callable[[Path, str], None]
# Whether a walked file or folder is to be skipped for a reason the walk cannot see (a nested configuration).
Skip = Callable[[Path], bool]
# The reading hints for a file, from the rule sets that check it.
HintsFor = Callable[[Path], ReadingHints]


class Unreadable(Exception):
    """A file that was not read; the message says why in one line of Dutch."""


class TooLarge(Unreadable):
    """A file past the size bound it was read with."""


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
    year: int | None = None  # the creation year in the document's own metadata
    pages: int | None = None  # formats with pages (PDF): how many


def documents_at(
    given: str, exclude: Sequence[str] = (), skip: Skip | None = None, hints_for: HintsFor | None = None
) -> Iterator[Document]:
    """The documents at a path: the file itself, or every file in a folder and every folder that failed.

    ``hints_for`` gives the reading hints for a file (from the rule sets that will check it).
    """
    path = Path(given)
    hints = hints_for or (lambda _: NO_HINTS)
    if path.is_dir():
        problems: dict[Path, str] = {}
        files = walk(path, exclude, problems.__setitem__, skip)
        for where in sorted([*files, *problems]):
            problem = problems.get(where)
            yield read_document(str(where), hints(where)) if problem is None else Document(str(where), None, problem)
    elif path.exists():
        yield read_document(given, hints(path))
    else:
        yield Document(given, None, "bestand of map bestaat niet")


def walk(
    root: Path, exclude: Sequence[str] = (), on_problem: FolderProblem | None = None, skip: Skip | None = None
) -> list[Path]:
    """The readable files under ``root``, sorted, without hidden, git-ignored, excluded or skipped ones.

    A folder that cannot be listed, or an ignore file that cannot be applied,
    is passed to ``on_problem`` with a Dutch message; the walk goes on.
    """
    return sorted(walk_lazily(root, exclude, on_problem, skip))


def walk_lazily(
    root: Path, exclude: Sequence[str] = (), on_problem: FolderProblem | None = None, skip: Skip | None = None
) -> Iterator[Path]:
    """The files :func:`walk` finds, one folder at a time, so a folder of 100,000 files is never held as a list.

    Each folder's files come sorted, then its sub-folders in sorted order; a
    problem is passed to ``on_problem`` as the walk meets it. ``skip`` is asked
    last, about each file and folder that nothing else leaves out.
    """
    report = on_problem or (lambda where, message: None)
    ignore = _Ignore.at(root, _IgnoreFiles(report))
    rules_at: dict[str, tuple[_IgnoreRules, ...]] = {os.fspath(root): ignore.above if ignore else ()}

    def unlistable(error: OSError) -> None:
        message = f"kan de map niet lezen ({_reason(error)}): de bestanden erin zijn niet gecontroleerd"
        report(Path(error.filename or root), message)

    for folder, subfolders, files in os.walk(root, onerror=unlistable):  # follows no symbolic links: no loops
        base = Path(folder)
        rules = rules_at.pop(folder, ())
        if ignore is not None and IGNORE_FILE in files:
            rules = (*rules, *ignore.read(base))
        subfolders[:] = [
            name
            for name in sorted(subfolders)
            if not name.startswith(".")
            and not _excluded(base / name, root, exclude)
            and not (ignore and ignore.ignores(rules, base / name, is_folder=True))
            and not (skip and skip(base / name))
        ]
        rules_at.update((os.path.join(folder, name), rules) for name in subfolders)
        yield from (
            base / name
            for name in sorted(files)
            if not name.startswith(".")
            and Path(name).suffix.lower() in SUFFIXES
            and not _excluded(base / name, root, exclude)
            and not (ignore and ignore.ignores(rules, base / name, is_folder=False))
            and not (skip and skip(base / name))
        )


def _excluded(path: Path, root: Path, patterns: Sequence[str]) -> bool:
    relative = path.relative_to(root).as_posix()
    return any(
        fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern) or fnmatch.fnmatch(str(path), pattern)
        for pattern in patterns
    )


def _git_key(relative: str) -> str:
    """A path from the repository top as git matches it: its bytes, read as Latin-1.

    Git matches bytes, so ``?`` matches one byte here too, and a file name that
    is not UTF-8 still matches (RE2 takes only text it can encode).
    """
    return os.fsencode("" if relative == "." else relative).decode("latin-1")


@dataclass(frozen=True, slots=True)
class _IgnoreRules:
    """The patterns of one ignore file, for the paths under its folder."""

    base: str  # the ignore file's folder from the repository top: '' or 'a/b/'
    sets: tuple[GitIgnoreSpec, ...]

    def decision(self, key: str) -> bool | None:
        """True: ignored, False: re-included by a '!' pattern, None: no pattern matches."""
        relative = key[len(self.base) :]
        for spec in reversed(self.sets):  # the last matching pattern of a file wins
            include = spec.check_file(relative).include
            if include is not None:
                return include
        return None


def _ignored(rules: Sequence[_IgnoreRules], key: str, is_folder: bool) -> bool:
    """Whether git ignores the path: the deepest ignore file with a matching pattern decides."""
    key += "/" if is_folder else ""
    for level in reversed(rules):
        decision = level.decision(key)
        if decision is not None:
            return decision
    return False


@dataclass(frozen=True, slots=True)
class _Ignore:
    """What git ignores in a walk: where the walked folder sits in its repository, and the rules above it."""

    root: Path
    prefix: str  # the walked folder from the repository top: '' or 'a/b/'
    above: tuple[_IgnoreRules, ...]  # .git/info/exclude and the .gitignore files above the walked folder
    files: _IgnoreFiles

    @classmethod
    def at(cls, root: Path, files: _IgnoreFiles) -> _Ignore | None:
        """The ignore rules for a walk of ``root``; None outside a repository or in an ignored folder.

        A folder that git ignores is checked whole when it is named, as before:
        git listed it as one ignored entry and nothing inside it.
        """
        resolved = root.resolve()
        chain = [resolved, *resolved.parents]
        top = next((folder for folder in chain if os.path.lexists(folder / ".git")), None)  # git's own lookup
        if top is None:
            return None
        git = top / ".git"
        rules = files.read(git / "info" / "exclude", "") if git.is_dir() else ()
        for folder in reversed(chain[: chain.index(top) + 1]):
            key = _git_key(folder.relative_to(top).as_posix())
            if folder != top and _ignored(rules, key, is_folder=True):
                return None
            if folder != resolved:
                rules = (*rules, *files.read(folder / IGNORE_FILE, key + "/" if key else ""))
        relative = resolved.relative_to(top).as_posix()
        return cls(root, "" if relative == "." else relative + "/", rules, files)

    def key(self, path: Path) -> str:
        """A walked path from the repository top, as git matches it."""
        relative = path.relative_to(self.root).as_posix()
        return _git_key(self.prefix + relative if relative != "." else self.prefix.rstrip("/"))

    def read(self, folder: Path) -> tuple[_IgnoreRules, ...]:
        """The rules of the .gitignore file in a walked folder."""
        key = self.key(folder)
        return self.files.read(folder / IGNORE_FILE, key + "/" if key else "")

    def ignores(self, rules: Sequence[_IgnoreRules], path: Path, is_folder: bool) -> bool:
        """Whether git ignores a walked file or folder under these rules."""
        return _ignored(rules, self.key(path), is_folder)


@dataclass
class _IgnoreFiles:
    """Reads the ignore files of one walk, all of them together within one bound."""

    report: FolderProblem
    remaining: int = MAX_IGNORE_BYTES

    def read(self, path: Path, base: str) -> tuple[_IgnoreRules, ...]:
        """The patterns of one ignore file; one that cannot be read or compiled is reported and not applied."""
        if not os.path.lexists(path):
            return ()
        try:
            # Git does not follow a symbolic link for a .gitignore either.
            data = read_regular(path, self.remaining, follow_symlinks=False)
        except TooLarge as error:
            shared = self.remaining < MAX_IGNORE_BYTES  # the bound is on all of them together
            why = f"te veel uitsluitingen: alle ignore-bestanden samen hooguit {_size(MAX_IGNORE_BYTES)}"
            self.report(path, f"{why if shared else error}; de uitsluitingen erin zijn niet toegepast")
            return ()
        except Unreadable as error:
            self.report(path, f"{error}; de uitsluitingen erin zijn niet toegepast")
            return ()
        self.remaining -= len(data)
        # Lines end at '\n' only, as in git (splitlines would also cut at bytes such as 0x85 inside UTF-8).
        lines = [line.removesuffix("\r") for line in data.removeprefix(_UTF8_BOM).decode("latin-1").split("\n")]
        try:
            sets = tuple(
                GitIgnoreSpec.from_lines(lines[start : start + _PATTERNS_PER_SET], backend="re2")
                for start in range(0, len(lines), _PATTERNS_PER_SET)
            )
        except (re2.error, ValueError) as error:
            self.report(path, f"onbruikbaar patroon ({error}); de uitsluitingen erin zijn niet toegepast")
            return ()
        return (_IgnoreRules(base, sets),)


def read_regular(path: str | os.PathLike[str], limit: int, follow_symlinks: bool = True) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else raises :class:`Unreadable`.

    The file is examined before it is opened, so a named pipe or a device is
    never opened, and opened without blocking, so one swapped in meanwhile
    cannot hang the run; the open file is examined again. At most ``limit``
    bytes are read, also from a file that grows while it is read.
    """
    try:
        before = os.stat(path, follow_symlinks=follow_symlinks)
        _require_regular(before, limit)
        flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_symlinks else os.O_NOFOLLOW)
        descriptor = os.open(path, flags)
    except OSError as error:
        raise Unreadable(_os_error_message(error)) from None
    try:
        opened = os.fstat(descriptor)
        _require_regular(opened, limit)
        if (opened.st_dev, opened.st_ino) != (before.st_dev, before.st_ino):
            raise Unreadable("is tijdens het openen vervangen door een ander bestand")
        return _read_bounded(functools.partial(os.read, descriptor), opened.st_size + 1, limit)
    except OSError as error:
        raise Unreadable(_os_error_message(error)) from None
    finally:
        os.close(descriptor)


def _require_regular(status: os.stat_result, limit: int) -> None:
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        raise Unreadable("is een map, geen bestand")
    if stat.S_ISFIFO(mode):
        raise Unreadable("is een named pipe (FIFO), geen gewoon bestand: niet gelezen")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise Unreadable("is een apparaat, geen gewoon bestand: niet gelezen")
    if stat.S_ISSOCK(mode):
        raise Unreadable("is een socket, geen gewoon bestand: niet gelezen")
    if stat.S_ISLNK(mode):
        raise Unreadable("is een symbolische koppeling: niet gevolgd")
    if not stat.S_ISREG(mode):
        raise Unreadable("is geen gewoon bestand: niet gelezen")
    if status.st_size > limit:
        raise TooLarge(f"te groot ({_size(status.st_size)}; grens {_size(limit)})")


def _read_bounded(read: Callable[[int], bytes], first: int, limit: int) -> bytes:
    """Everything ``read`` gives until the end, refused past ``limit`` bytes; ``first`` is the size expected."""
    chunks: list[bytes] = []
    total = 0
    want = min(first, limit + 1)
    while chunk := read(want):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise TooLarge(f"te groot (meer dan {_size(limit)}, de grens): niet gelezen")
        want = min(_CHUNK_BYTES, limit + 1 - total)
    return b"".join(chunks)


def _size(count: int) -> str:
    return f"{count // 2**20} MB" if count >= 2**20 else f"{count // 2**10} kB"


def read_document(path: str, hints: ReadingHints = NO_HINTS) -> Document:
    """Read one file with the reader its extension names."""
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except Unreadable as error:
        return Document(path, None, str(error))
    return extract(path, data, Path(path).suffix, hints)


def read_stdin(name: str, stream: BinaryIO | None, hints: ReadingHints = NO_HINTS) -> Document:
    """The document on standard input (``stream`` is None when it is closed), bounded like a file."""
    if stream is None:
        return Document(name, None, "standaardinvoer is gesloten: niets gecontroleerd")
    try:
        data = _read_bounded(stream.read, _CHUNK_BYTES, MAX_FILE_BYTES)
    except Unreadable as error:
        return Document(name, None, str(error))
    except OSError as error:
        return Document(name, None, f"kan standaardinvoer niet lezen ({_reason(error)}): niets gecontroleerd")
    return extract(name, data, Path(name).suffix or ".txt", hints)


_OS_ERRORS = {
    errno.EACCES: "geen toestemming om het bestand te lezen",
    errno.EPERM: "geen toestemming om het bestand te lezen",
    errno.ENOENT: "bestand of map bestaat niet",
    errno.EISDIR: "is een map, geen bestand",
    errno.EIO: "leesfout van de schijf",
    errno.ELOOP: "symbolische koppelingen in een kring: niet gevolgd",
    errno.ENAMETOOLONG: "pad te lang: niet gelezen",
}

_REASONS = {
    errno.EACCES: "geen toestemming",
    errno.EPERM: "geen toestemming",
    errno.ENOENT: "verdwenen tijdens het lezen",
    errno.EIO: "leesfout van de schijf",
    errno.ENAMETOOLONG: "pad te lang",
    errno.ENOTDIR: "geen map meer",
    errno.EBADF: "gesloten",
}


def _os_error_message(error: OSError) -> str:
    known = _OS_ERRORS.get(error.errno or 0)
    return known or f"kan het bestand niet lezen (systeemfout {error.errno})"


def _reason(error: OSError) -> str:
    return _REASONS.get(error.errno or 0) or f"systeemfout {error.errno}"


def extract(path: str, data: bytes, suffix: str, hints: ReadingHints = NO_HINTS) -> Document:
    """The checked text of ``data`` read as a file with this suffix."""
    if not data:
        return Document(path, None, "leeg bestand")
    reader = reader_for(suffix) or reader_for(".txt")
    assert reader is not None
    try:
        extracted = reader(data, hints)
    except ReadError as error:
        return Document(path, None, str(error))
    except Exception as error:  # a parsing library failing on a malformed file must not stop the run
        return Document(path, None, f"kan het bestand niet lezen: {type(error).__name__}")
    directives = extracted.directives_text
    if directives is None and extracted.source is not None:
        directives = extracted.source.text
    digest = hashlib.sha256(data).hexdigest()
    return Document(
        path,
        extracted.text,
        None,
        extracted.positions,
        extracted.source,
        digest,
        directives,
        extracted.year,
        extracted.pages,
    )
