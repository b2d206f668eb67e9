"""The contract's CSV files of a scan: names, encoding and columns, in one place.

The writer (``tables``), the report's reader (``report.csvfiles``) and the
group names (``groups``, which may not take a contract column's name) all
follow these, so the files and their readers cannot drift apart.
"""

from __future__ import annotations

FINDINGS_FILE = "bevindingen.csv"
DOCUMENTS_FILE = "documenten.csv"
# Excel and the csv module agree on UTF-8 with a byte order mark.
ENCODING = "utf-8-sig"
# bevindingen.csv: path, the group columns, then these.
FINDING_COLUMNS = (
    "rule",
    "category",
    "severity",
    "text",
    "term",
    "suggestion",
    "line",
    "column",
    "page",
    "paragraph",
    "start",
    "end",
    "context",
)
# documenten.csv: path, the group columns, these, one column per category, then the last two.
DOCUMENT_COLUMNS_BEFORE = ("format", "words", "pages", "findings")
DOCUMENT_COLUMNS_AFTER = ("per_1000_words", "error")
# Names a group column may not take.
RESERVED = frozenset({"path", *FINDING_COLUMNS, *DOCUMENT_COLUMNS_BEFORE, *DOCUMENT_COLUMNS_AFTER})
