"""A module a test preloads into a fork server before ``waardetaal.scan.fork_server``.

Its exit handler writes the file named by ``WAARDETAAL_TEST_MARKER``; registered
first, it would run last, so it runs only when nothing ends the process before it.
"""

from __future__ import annotations

import atexit
import os
from pathlib import Path

atexit.register(Path(os.environ["WAARDETAAL_TEST_MARKER"]).write_text, "opgeruimd")
