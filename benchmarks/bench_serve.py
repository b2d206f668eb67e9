"""A bounded load test of ``waardetaal serve`` on 127.0.0.1 (issue 13); the README quotes what this prints.

A fresh server (``--port 0``, so no port is guessed) is started with the given
workers and queue; ``clients`` threads, each on its own keep-alive connection,
post the same 500-word vacancy to ``/api/check`` until ``seconds`` have passed
(and at most ``MAX_REQUESTS_PER_CLIENT`` each). Any answer other than 200 with
findings, and any error on the connection, is a failed request. Reported: the
requests, the failures, p50/p95/max latency, and the server's peak memory (the
resident memory of its process and its workers added up, sampled every 0.1 s).

Target: no failed request with 20 clients for 30 s and ``--queue`` at least the
number of clients (past the queue the server answers "druk" by design).

Run: python benchmarks/bench_serve.py [--clients N] [--seconds S] [--workers N] [--queue N]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from waardetaal.annotations import parse_annotated

ROOT = Path(__file__).resolve().parents[1]
WORDS = 500
START_SECONDS = 120.0
REQUEST_TIMEOUT_SECONDS = 60.0
MAX_REQUESTS_PER_CLIENT = 10_000
SAMPLE_SECONDS = 0.1


def vacancy(words: int = WORDS) -> str:
    """The first ``words`` words of the vacancy corpus, in its lines as written."""
    paths = sorted(ROOT.glob("corpora/vacatures/*.txt"))
    lines = "\n".join(parse_annotated(path.read_text(encoding="utf-8"))[0] for path in paths).splitlines()
    kept: list[str] = []
    count = 0
    for line in lines:
        taken = line.split()[: words - count]
        kept.append(" ".join(taken))
        count += len(taken)
        if count == words:
            break
    return "\n".join(kept)


@dataclass
class Server:
    """A running ``waardetaal serve`` and what it has written to its output so far."""

    process: subprocess.Popen[str]
    address: str
    collector: threading.Thread
    output: list[str] = field(default_factory=list)

    def stop(self) -> str:
        """Stop the server; return everything it wrote."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        self.collector.join(timeout=30)  # all it wrote is read once its end of the pipe closes
        if self.process.stdout is not None:
            self.process.stdout.close()
        return "".join(self.output)


def start_server(*options: str, env: dict[str, str] | None = None) -> Server:
    """Start ``waardetaal serve --port 0 OPTIONS`` and wait until it says where it listens."""
    process = subprocess.Popen(
        [sys.executable, "-m", "waardetaal", "serve", "--host", "127.0.0.1", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    output: list[str] = []
    announced = threading.Event()
    assert process.stdout is not None
    stream = process.stdout

    def collect() -> None:
        for line in stream:
            output.append(line)
            if "draait op" in line:
                announced.set()
        announced.set()  # the server ended: stop waiting

    collector = threading.Thread(target=collect, daemon=True)
    collector.start()
    announced.wait(START_SECONDS)
    line = next((line for line in output if "draait op" in line), None)
    if line is None:
        Server(process, "", collector, output).stop()
        raise RuntimeError("waardetaal serve did not start:\n" + "".join(output))
    return Server(process, line.split("draait op ", 1)[1].split()[0], collector, output)


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:  # ended meanwhile
            continue
    return found


def resident_bytes(pid: int) -> int:
    """The resident memory of ``pid`` and its descendants added up."""
    total = 0
    for member in _tree(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total


@dataclass
class Load:
    """What a load run measured."""

    latencies: list[float]
    failures: list[str]
    peak_bytes: int
    seconds: float

    def summary(self) -> dict[str, float | int]:
        """The figures the README quotes."""
        ordered = sorted(self.latencies)
        cuts = statistics.quantiles(ordered, n=100) if len(ordered) > 1 else ordered * 99
        return {
            "requests": len(ordered) + len(self.failures),
            "failed": len(self.failures),
            "per_second": round(len(ordered) / self.seconds, 1),
            "p50_ms": round(cuts[49] * 1000, 1),
            "p95_ms": round(cuts[94] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1) if ordered else 0.0,
            "peak_memory_mb": round(self.peak_bytes / 2**20),
        }


def _client(address: str, body: bytes, deadline: float, latencies: list[float], failures: list[str]) -> None:
    parts = urlsplit(address)
    assert parts.hostname is not None and parts.port is not None
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT_SECONDS)
    headers = {"Content-Type": "application/json"}
    try:
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= deadline:
                return
            started = time.perf_counter()
            try:
                connection.request("POST", parts.path + "api/check", body=body, headers=headers)
                response = connection.getresponse()
                answer = response.read()
            except (OSError, http.client.HTTPException) as error:
                failures.append(f"{type(error).__name__}: {error}")
                connection.close()  # reconnects on the next request
                continue
            if response.status != 200 or not json.loads(answer)["findings"]:
                failures.append(f"{response.status}: {answer[:200]!r}")
            else:
                latencies.append(time.perf_counter() - started)
    finally:
        connection.close()


def load(server: Server, clients: int, seconds: float, text: str) -> Load:
    """Let ``clients`` threads check ``text`` on ``server`` for ``seconds``, sampling its memory meanwhile."""
    body = json.dumps({"text": text}).encode()
    latencies: list[float] = []
    failures: list[str] = []
    peak = resident_bytes(server.process.pid)
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(target=_client, args=(server.address, body, deadline, latencies, failures), daemon=True)
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        peak = max(peak, resident_bytes(server.process.pid))
        for thread in threads:
            thread.join(timeout=SAMPLE_SECONDS / len(threads))
    return Load(latencies, failures, peak, time.monotonic() - started)


def main() -> None:
    """Start a server, load it, print the figures as JSON; exit 1 when a request failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queue", type=int, default=20)
    arguments = parser.parse_args()
    text = vacancy()
    server = start_server("--workers", str(arguments.workers), "--queue", str(arguments.queue))
    try:
        measured = load(server, arguments.clients, arguments.seconds, text)
    finally:
        server.stop()
    figures = {
        "clients": arguments.clients,
        "seconds": arguments.seconds,
        "workers": arguments.workers,
        "queue": arguments.queue,
        "words": len(text.split()),
        **measured.summary(),
    }
    print(json.dumps(figures))
    for failure in measured.failures[:5]:
        print(failure, file=sys.stderr)
    sys.exit(1 if measured.failures else 0)


if __name__ == "__main__":
    main()
