"""The results store of a scan (``scan.sqlite``): every finished document, so a scan can resume.

SQLite in WAL mode, one transaction per document: a result is recorded whole
or not at all, so a scan stopped at any moment (Ctrl+C, ``kill -9``) leaves
only finished documents, each once. ``synchronous=NORMAL`` is enough for that:
in WAL mode a committed transaction survives the process being killed, and a
power cut can only lose the last commits, never corrupt the file or keep half
a document, so at worst those documents are checked again on the next run.

A document is done when its path, its content (size and modification time, or
else its digest) and the fingerprint of the rules and settings it was checked
with are what they were. Rows come back sorted by CSV path, findings by start,
straight from SQLite, so the CSV files are written without holding them all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from waardetaal.scan.model import DocumentResult, FindingRow

# Raised when the layout below changes: an older store is then started afresh.
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY,      -- as check prints it: the scanned PATH joined with the walked sub-path
    root TEXT NOT NULL,         -- the scanned PATH it was found under
    relative TEXT NOT NULL,     -- relative to root, '/'-separated: the CSV path
    size INTEGER,               -- of the file when it was handed out, with mtime_ns: the cheap check
    mtime_ns INTEGER,
    digest TEXT,                -- sha256 of the bytes read (NULL: never read)
    fingerprint TEXT NOT NULL,  -- of the rule files, settings and version it was checked with
    format TEXT NOT NULL,
    words INTEGER NOT NULL,
    pages INTEGER,
    year INTEGER,
    error TEXT,
    failed INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_by_relative ON documents (relative, path);
CREATE TABLE IF NOT EXISTS findings (
    document TEXT NOT NULL REFERENCES documents (path) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    rule TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    text TEXT NOT NULL,
    term TEXT NOT NULL,
    suggestion TEXT NOT NULL,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    page INTEGER,
    paragraph INTEGER,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    context TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (document, ordinal)
);
"""

_FINDING_COLUMNS = (
    'rule, category, severity, text, term, suggestion, line, "column", page, paragraph, start, "end", context, message'
)


@dataclass(frozen=True, slots=True)
class FileState:
    """What the walk saw of a file: enough to tell, without reading it, that it has not changed."""

    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Previous:
    """What the store holds about a document from an earlier run."""

    state: FileState | None
    digest: str | None
    fingerprint: str


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """One recorded document, as the CSV files need it."""

    path: str
    root: str
    relative: str
    format: str
    words: int
    pages: int | None
    year: int | None
    error: str | None
    failed: bool
    findings: int
    categories: dict[str, int]  # category -> findings


@dataclass(frozen=True, slots=True)
class Totals:
    """The whole store at a glance, for the exit status and the closing line."""

    documents: int
    findings: int
    errors: int
    failed: int


class StoreError(Exception):
    """The store could not be opened or written; the Dutch message says which file and why."""


class Store:
    """The SQLite file of one output folder."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self._db = sqlite3.connect(path, isolation_level=None)  # transactions are explicit, one per document
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._prepare()
        except sqlite3.Error as error:
            raise StoreError(f"{path}: kan de resultaten niet openen ({error})") from None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the file (what is recorded stays recorded)."""
        self._db.close()

    def _prepare(self) -> None:
        """Create the tables, or start afresh when the file has another layout."""
        found = self._db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        version = self._db.execute("SELECT value FROM meta WHERE name='schema'").fetchone() if found else None
        if version is not None and version[0] != str(SCHEMA_VERSION):
            self._db.executescript("DROP TABLE IF EXISTS findings; DROP TABLE IF EXISTS documents; DROP TABLE meta;")
        self._db.executescript(_SCHEMA)
        self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        # The paths seen by this run, so that documents gone since the last run can be forgotten.
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS seen (path TEXT PRIMARY KEY)")

    def previous(self, path: str) -> Previous | None:
        """What an earlier run recorded for ``path``, or None."""
        row = self._db.execute(
            "SELECT size, mtime_ns, digest, fingerprint FROM documents WHERE path = ?", (path,)
        ).fetchone()
        if row is None:
            return None
        size, mtime_ns, digest, fingerprint = row
        state = FileState(size, mtime_ns) if size is not None and mtime_ns is not None else None
        return Previous(state, digest, fingerprint)

    def seen(self, path: str) -> None:
        """Note that this run found ``path`` (see :meth:`forget_unseen`)."""
        self._db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (path,))

    def refresh(self, path: str, state: FileState) -> None:
        """Remember a new size and time for a document whose content turned out unchanged."""
        self._db.execute(
            "UPDATE documents SET size = ?, mtime_ns = ? WHERE path = ?", (state.size, state.mtime_ns, path)
        )

    def record(self, result: DocumentResult, state: FileState | None, fingerprint: str) -> None:
        """Record one finished document in one transaction, replacing what an earlier run had for its path."""
        try:
            with self._transaction():
                self._db.execute("DELETE FROM documents WHERE path = ?", (result.path,))
                self._db.execute(
                    "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        result.path,
                        result.root,
                        result.relative,
                        state.size if state else None,
                        state.mtime_ns if state else None,
                        result.digest,
                        fingerprint,
                        result.format,
                        result.words,
                        result.pages,
                        result.year,
                        result.error,
                        int(result.failed),
                    ),
                )
                self._db.executemany(
                    f"INSERT INTO findings (document, ordinal, {_FINDING_COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        (
                            result.path,
                            ordinal,
                            f.rule,
                            f.category,
                            f.severity,
                            f.text,
                            f.term,
                            f.suggestion,
                            f.line,
                            f.column,
                            f.page,
                            f.paragraph,
                            f.start,
                            f.end,
                            f.context,
                            f.message,
                        )
                        for ordinal, f in enumerate(result.findings)
                    ),
                )
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: kan het resultaat niet opslaan ({error})") from None

    def forget_unseen(self) -> int:
        """Forget every document this run did not find (deleted, moved, or under another PATH); how many."""
        with self._transaction():
            cursor = self._db.execute("DELETE FROM documents WHERE path NOT IN (SELECT path FROM temp.seen)")
        return cursor.rowcount

    def documents(self) -> Iterator[StoredDocument]:
        """Every document, sorted by CSV path, with its finding counts.

        Two queries, the documents and their counts per category, are read
        side by side, both in CSV order: a query per document would cost a
        round trip each for a folder of 100,000 files.
        """
        counts = self._db.execute(
            "SELECT d.path, f.category, count(*) FROM documents d JOIN findings f ON f.document = d.path "
            "GROUP BY d.relative, d.path, f.category ORDER BY d.relative, d.path, f.category"
        )
        waiting = next(counts, None)
        rows = self._db.execute(
            "SELECT path, root, relative, format, words, pages, year, error, failed FROM documents "
            "ORDER BY relative, path"
        )
        for path, root, relative, format_, words, pages, year, error, failed in rows:
            categories: dict[str, int] = {}
            while waiting is not None and waiting[0] == path:
                categories[waiting[1]] = waiting[2]
                waiting = next(counts, None)
            yield StoredDocument(
                path,
                root,
                relative,
                format_,
                words,
                pages,
                year,
                error,
                bool(failed),
                sum(categories.values()),
                categories,
            )

    def findings(self) -> Iterator[tuple[str, int | None, FindingRow]]:
        """Every finding with its document's CSV path and year, sorted by CSV path, then start, then order found."""
        rows = self._db.execute(
            f"SELECT d.relative, d.year, {', '.join('f.' + name.strip() for name in _FINDING_COLUMNS.split(','))} "
            "FROM findings f JOIN documents d ON f.document = d.path "
            "ORDER BY d.relative, d.path, f.start, f.ordinal"
        )
        for relative, year, *values in rows:
            yield relative, year, FindingRow(*values)

    def categories(self) -> list[str]:
        """The categories of every recorded finding, sorted."""
        return [name for (name,) in self._db.execute("SELECT DISTINCT category FROM findings ORDER BY category")]

    def totals(self) -> Totals:
        """How many documents, findings, unreadable and failing documents the store holds."""
        documents, errors, failed = self._db.execute(
            "SELECT count(*), count(error), coalesce(sum(failed), 0) FROM documents"
        ).fetchone()
        (findings,) = self._db.execute("SELECT count(*) FROM findings").fetchone()
        return Totals(documents, findings, errors, failed)

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """BEGIN … COMMIT, or ROLLBACK when anything (also Ctrl+C) interrupts it."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")
