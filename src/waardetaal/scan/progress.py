"""Progress of a scan on standard error: a bar on a terminal, a status line every few seconds elsewhere.

The bar is tqdm's: one small, dependency-free, long-maintained module that
already does the hard parts (redrawing one line, a rate that smooths over
slow documents, an estimate of the time left, narrow terminals). Without a
terminal (CI, cron, a log file) redrawing makes no sense, so a plain Dutch line
is written every few seconds instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TextIO

from tqdm import tqdm

from waardetaal.scan.model import DocumentResult

# Seconds between two status lines without a terminal.
STATUS_SECONDS = 5.0
_BAR_FORMAT = "{desc} {percentage:3.0f}% |{bar}| {n_fmt}/{total_fmt} documenten, {postfix}, nog {remaining}"


@dataclass(slots=True)
class Counts:
    """What a scan has done so far."""

    total: int
    done: int = 0  # checked now or unchanged since an earlier run
    skipped: int = 0  # unchanged since an earlier run
    findings: int = 0  # in the documents checked now
    unreadable: int = 0

    def add(self, result: DocumentResult | None) -> None:
        """Count one document: checked now (its result), or unchanged since an earlier run (None)."""
        self.done += 1
        if result is None:
            self.skipped += 1
            return
        self.findings += len(result.findings)
        self.unreadable += result.error is not None

    @property
    def summary(self) -> str:
        """Findings and unreadable documents so far, in Dutch."""
        return f"{self.findings} bevindingen, {self.unreadable} onleesbaar"


class Progress(Protocol):
    """Shows the counts as they change."""

    counts: Counts

    def add(self, result: DocumentResult | None) -> None:
        """One more document done (None: unchanged since an earlier run)."""
        ...

    def close(self) -> None:
        """Stop showing progress (before the scan's last lines are written)."""
        ...


class Silent:
    """``--quiet``: counts, shows nothing."""

    def __init__(self, total: int) -> None:
        self.counts = Counts(total)

    def add(self, result: DocumentResult | None) -> None:
        """Count the document."""
        self.counts.add(result)

    def close(self) -> None:
        """Nothing to close."""


class Bar:
    """A progress bar on a terminal."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.counts = Counts(total)
        self._bar = tqdm(
            total=total, file=stream, desc="waardetaal scan", bar_format=_BAR_FORMAT, postfix=self.counts.summary
        )

    def add(self, result: DocumentResult | None) -> None:
        """Count the document and redraw (tqdm redraws at most a few times a second)."""
        self.counts.add(result)
        if result is not None and (result.findings or result.error):
            self._bar.set_postfix_str(self.counts.summary, refresh=False)
        self._bar.update()

    def close(self) -> None:
        """Draw the bar one last time and move to the next line."""
        self._bar.close()


class StatusLines:
    """One line every ``seconds`` without a terminal."""

    def __init__(
        self, total: int, stream: TextIO, seconds: float = STATUS_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.counts = Counts(total)
        self._stream, self._seconds, self._clock = stream, seconds, clock
        self._started = self._last = clock()

    def add(self, result: DocumentResult | None) -> None:
        """Count the document; write a line when the last one is ``seconds`` old."""
        self.counts.add(result)
        now = self._clock()
        if now - self._last >= self._seconds:
            self._last = now
            self._stream.write(self.line(now) + "\n")
            self._stream.flush()

    def line(self, now: float) -> str:
        """The status at ``now``, in Dutch."""
        counts = self.counts
        text = f"waardetaal scan: {counts.done} van {counts.total} documenten, {counts.summary}"
        checked = counts.done - counts.skipped
        if checked and counts.done < counts.total:
            left = (counts.total - counts.done) * (now - self._started) / checked
            text += f", nog ongeveer {_duration(left)}"
        return text

    def close(self) -> None:
        """Nothing to close: every line is complete."""


def progress_for(total: int, stream: TextIO, quiet: bool) -> Progress:
    """Silent with ``quiet``, a bar on a terminal, status lines otherwise."""
    if quiet:
        return Silent(total)
    if stream.isatty():
        return Bar(total, stream)
    return StatusLines(total, stream)


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{max(1, round(seconds))} s"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} uur".replace(".", ",")
