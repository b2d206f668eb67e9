"""Imported by the scan's fork server alone, before anything else: that process ends without Python's teardown.

The fork server holds spaCy and waardetaal, and tearing that interpreter down
takes a few tenths of a second once the scan has finished. It shares the
scan's standard error, so a caller that reads the scan's output through a pipe
(CI, pre-commit, a script) would wait for it. The server has no files to
flush, no results and no children of its own to wait for (each worker is
stopped by the scan), so it leaves at once. A worker forked from it inherits
the handler but never runs it: multiprocessing ends a worker with ``os._exit``.
"""

from __future__ import annotations

import atexit
import os

atexit.register(os._exit, 0)
