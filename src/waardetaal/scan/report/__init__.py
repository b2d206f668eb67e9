"""The scan report: ``rapport.html`` written from a scan's two CSV files, and the comparison with an earlier scan.

The CSV files are the interface (their columns are fixed by the contract), so
the report can be rebuilt from any scan's output folder. Drawing its charts
needs matplotlib, which takes about half a second to import; this package
imports it only in :func:`write_report`, and a scan calls :func:`prepare` first
so that import happens in the background while the documents are checked.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence
from pathlib import Path

from waardetaal.rules import Catalog
from waardetaal.scan.report.baseline import BaselineError, check_baseline
from waardetaal.scan.report.csvfiles import ReportError

__all__ = ["REPORT", "BaselineError", "ReportError", "check_baseline", "prepare", "write_report"]

REPORT = "rapport.html"
_PAGE = "waardetaal.scan.report.page"


def prepare() -> None:
    """Start importing the report's libraries in a background thread; :func:`write_report` waits for it if needed."""
    # Python's per-module import locks make a second import of the same module wait for the first one.
    threading.Thread(target=importlib.import_module, args=(_PAGE,), name="rapport-voorbereiden", daemon=True).start()


def write_report(output: Path, groups: Sequence[str], baseline: Path | None, catalog: Catalog | None = None) -> None:
    """Write ``rapport.html`` (and with a baseline ``vergelijking.csv``) from the CSV files in ``output``.

    ``catalog`` gives each rule's message and reason (default: the shipped rule
    sets). Raises :class:`ReportError` for unreadable CSV files and
    :class:`BaselineError` for an unusable baseline folder.
    """
    from waardetaal.scan.report.page import write_page

    write_page(output, groups, baseline, catalog)
