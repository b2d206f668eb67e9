"""Run waardetaal in a child process under a memory limit and a time limit.

Hostile inputs are tested through the real command line, so a hang, a runaway
allocation or a traceback shows up as it would for a user. The child gets an
address-space limit (a runaway allocation fails there instead of taking the
machine) and a wall-clock timeout. The time bound is on top of the start-up
of an ordinary check, measured once per test session, so the bound is about
the input, not about how fast this machine loads spaCy.
"""

from __future__ import annotations

import functools
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# The acceptance bounds for inputs under 1 MB.
SECONDS = 5.0
MEGABYTES = 500


@dataclass(frozen=True)
class Ran:
    """What a bounded run of waardetaal did."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float  # wall time beyond an ordinary start-up
    stdout_bytes: bytes

    @property
    def output(self) -> str:
        """Standard output and standard error together."""
        return self.stdout + self.stderr


class Exceeded(AssertionError):
    """The run took longer than its bound."""


def _limit_memory(megabytes: int) -> None:
    limit = megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _child_environment(extra: Mapping[str, str] | None) -> dict[str, str]:
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    environment.pop("PYTHONWARNINGS", None)
    environment.update(extra or {})
    return environment


def _spawn(
    arguments: Sequence[str],
    cwd: Path | None,
    stdin: bytes | None,
    timeout: float,
    megabytes: int,
    environment: Mapping[str, str] | None,
) -> tuple[subprocess.CompletedProcess[bytes], float]:
    began = time.monotonic()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "waardetaal", *arguments],
            cwd=cwd,
            input=stdin if stdin is not None else b"",
            capture_output=True,
            timeout=timeout,
            preexec_fn=functools.partial(_limit_memory, megabytes),
            env=_child_environment(environment),
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise Exceeded(f"waardetaal {' '.join(arguments)} did not finish within {timeout:.1f} s") from None
    return completed, time.monotonic() - began


@functools.cache
def startup_seconds() -> float:
    """Wall time of an ordinary check of a small file with one finding (best of two)."""
    with tempfile.TemporaryDirectory() as folder:
        sample = Path(folder) / "gewoon.txt"
        sample.write_text("Veel hoogopgeleiden wonen in de stad.\n", encoding="utf-8")
        times = [_spawn(["check", str(sample)], None, None, 120, MEGABYTES, None)[1] for _ in range(2)]
    return min(times)


def run_bounded(
    *arguments: str | os.PathLike[str],
    cwd: Path | None = None,
    stdin: bytes | None = None,
    seconds: float = SECONDS,
    megabytes: int = MEGABYTES,
    env: Mapping[str, str] | None = None,
) -> Ran:
    """Run ``waardetaal ARGUMENTS`` and fail the test when it passes the time bound.

    Memory beyond ``megabytes`` makes allocations in the child fail, which shows
    as a non-zero exit and a traceback: tests assert the exit status and the
    Dutch message, so such a run fails them.
    """
    given = [os.fspath(argument) for argument in arguments]
    start_up = startup_seconds()
    completed, elapsed = _spawn(given, cwd, stdin, start_up + seconds, megabytes, env)
    beyond = max(0.0, elapsed - start_up)
    return Ran(
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
        beyond,
        completed.stdout,
    )


def assert_clean_exit(ran: Ran, status: int) -> None:
    """The run ended with ``status`` and without a Python traceback."""
    assert "Traceback" not in ran.stderr, ran.stderr[-3000:]
    assert ran.returncode == status, (ran.returncode, ran.stdout[-2000:], ran.stderr[-2000:])
