"""Preloaded by the scan's fork server, before anything else: that process then ends without Python's teardown.

The fork server holds spaCy and waardetaal, and tearing that interpreter down
takes a few tenths of a second once the scan has finished. It shares the
scan's standard error, so a caller that reads the scan's output through a pipe
(CI, pre-commit, a script) would wait for it. The server has no files to
flush, no results and no children of its own to wait for (each worker is
stopped by the scan), so it leaves at once. A worker forked from it inherits
the handler but never runs it: multiprocessing ends a worker with ``os._exit``.

Imported anywhere else (a tool that imports every module), it does nothing:
there, leaving with status 0 would hide the process's own outcome.
"""

from __future__ import annotations

import atexit
import os
import sys
from multiprocessing import forkserver


def leave_without_teardown() -> None:
    """End this process with status 0 at exit, before the exit handlers registered earlier and the teardown."""
    atexit.register(os._exit, 0)


def in_fork_server() -> bool:
    """Whether this import runs in multiprocessing's fork server, which imports its preload modules itself."""
    frame = sys._getframe(1) if hasattr(sys, "_getframe") else None
    while frame is not None:
        if frame.f_code is forkserver.main.__code__:
            return True
        frame = frame.f_back
    return False


if in_fork_server():
    leave_without_teardown()
