"""The bounds waardetaal applies to untrusted input, in one place.

Every reader, pass and server respects these, so a small hostile file can take
neither minutes nor gigabytes. They sit far above what real vacancies, reports
and policy papers need; the README's section "Veiligheid en robuustheid"
quotes them.
"""

from __future__ import annotations

# Files larger than this are refused before they are read.
MAX_FILE_BYTES = 512 * 1024 * 1024
# A rule file larger than this is refused unread (the shipped rule set is ~25 KB).
MAX_RULE_FILE_BYTES = 4 * 1024 * 1024
# A configuration file (pyproject.toml, .waardetaal.toml) larger than this is refused unread.
MAX_CONFIG_FILE_BYTES = 1024 * 1024
# The .gitignore files and .git/info/exclude of one walked folder together: past this
# the next ones are reported and not applied, since compiling a pattern costs ~0.1 ms
# (this much of them takes ~2 s); real ones are a few kB each.
MAX_IGNORE_BYTES = 256 * 1024
# A .docx or .odt whose parts together unpack to more than this is refused.
MAX_EXPANDED_BYTES = 256 * 1024 * 1024
# Tags ('<') in the XML parts of a .docx: lxml keeps every element (~130 bytes)
# in memory, so this holds the tree near 130 MB; a 1000-page report has ~400,000.
MAX_DOCX_TAGS = 1_000_000
# The same for an .odt: odfpy builds slower, heavier Python objects (~0.5 KB,
# ~15 µs each), so its bound is lower; a 300-page report has ~50,000.
MAX_ODT_TAGS = 250_000
# Text taken from one .docx, .odt or .pdf, in characters: a 300-page report has
# about 1 million; past this the document is refused before more is built.
MAX_TEXT_CHARS = 2_000_000
# An OpenDocument <text:s text:c="N"/> stands for N spaces; no real layout needs more.
MAX_SPACE_RUN = 1_000
# Pages read from one PDF (a 300-page report reads in about two seconds).
MAX_PDF_PAGES = 2_000
# Characters on one PDF page: a dense A4 page has ~6,000, a poster ~50,000.
MAX_PDF_PAGE_CHARS = 100_000
# PDFium parses a page whole and stops the process when it runs out of memory,
# so PDFs are read in a child process with this much address space more than
# the parent has (a million text operators on one page take ~600 MB)...
MAX_PDF_MEMORY_BYTES = 384 * 1024 * 1024
# ... and this much time (a 2,000-page report reads in about 15 seconds).
MAX_PDF_SECONDS = 30.0
# Findings reported per document: each costs ~0.2 ms; past this the rest of the
# document is not checked and one finding says so (real documents have dozens).
MAX_FINDINGS = 5_000
# Suppression directives that count in one file: real files have a handful.
# Beyond this they are ignored (and reported as unused), so what they would
# hide is shown rather than lost, and matching findings to directives stays cheap.
MAX_DIRECTIVES = 1_000
# The web page reads request bodies into memory up to this size.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# The web server checks in this many worker processes by default (each holds
# its own linter, ~300 MB), so one heavy request never stops the others.
SERVER_WORKERS = 2
# Requests that may wait for a worker (their bodies are held in memory); past
# this the server answers "druk" at once instead of letting the queue grow.
MAX_WAITING_REQUESTS = 8
# Time one web request may take in a worker before the worker is stopped and
# replaced: above MAX_PDF_SECONDS plus checking, so a long report still passes.
REQUEST_SECONDS = 60.0
# Address space of one web worker: its linter needs ~300 MB, so this leaves
# ample room for a 10 MB upload and stops a bomb before it takes the machine.
WORKER_MEMORY_BYTES = 1024 * 1024 * 1024
# Time a client gets to send a request's headers, and again its body: a slow
# client (slowloris) is cut off instead of holding a connection and a slot.
REQUEST_READ_SECONDS = 30.0
# How long the server waits for its workers to build their linters at start-up.
WORKER_START_SECONDS = 120.0
# Memory RE2 may use for one compiled REGEX of a rule (its default): larger
# programs, such as a huge counted repetition, are refused when rules load.
MAX_REGEX_MEMORY = 8 * 1024 * 1024
# A temporary file of --fix untouched this long was left by a killed run (a
# running write touches it within seconds), so the next fix beside it removes it.
STALE_TEMPORARY_SECONDS = 10 * 60
