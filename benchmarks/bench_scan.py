"""Speed of ``waardetaal scan`` on a generated corpus of mixed publications; the README quotes what this prints.

Targets (on the 2-core CI machine):
- ``--jobs 2`` at least 1.7 times as fast as ``--jobs 1``;
- the re-run after 1% of the files changed in under a tenth of the full scan's time.
Also reported: ``--scheduler local`` (a 2-worker Dask cluster, when Dask is installed) and
the peak memory of the whole process tree of each run.

Each scan is run ``--repeat`` times (default 3) into a fresh output folder, and
the median is reported: on a 2-core machine one run can differ from the next by
a tenth.

Run: python benchmarks/bench_scan.py [--documents N] [--repeat N] [--quick]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.scan.corpus import build_corpus  # noqa: E402

TARGET_SPEED_UP = 1.7
TARGET_INCREMENTAL = 0.1
CHANGED_SHARE = 0.01
_SAMPLE_SECONDS = 0.1


@dataclass(frozen=True)
class Run:
    """One timed scan."""

    name: str
    seconds: float
    documents: int
    words: int
    peak_mb: float

    @property
    def documents_per_second(self) -> float:
        """Documents in the output per second of the run."""
        return self.documents / self.seconds

    @property
    def words_per_second(self) -> float:
        """Words of those documents per second of the run."""
        return self.words / self.seconds


def scan(name: str, corpus: Path, output: Path, *options: str) -> Run:
    """Time ``waardetaal scan`` of ``corpus`` into ``output`` and measure its process tree's peak memory."""
    command = [sys.executable, "-m", "waardetaal", "scan", str(corpus), "-o", str(output), "--quiet", *options]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = _peak_tree_bytes(process)
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode not in (0, 1, 2):  # 1: findings; 2: the corpus's corrupt document
        raise SystemExit(f"{name}: scan failed ({process.returncode}): {errors.decode()}")
    with (output / "documenten.csv").open(encoding="utf-8-sig", newline="") as table:
        rows = list(csv.DictReader(table))
    words = sum(int(row["words"] or 0) for row in rows)
    if peak is None:  # without psutil: the largest single process, not the tree
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return Run(name, seconds, len(rows), words, peak / 2**20)


def median_scan(name: str, corpus: Path, output: Path, repeat: int, *options: str) -> Run:
    """The median of ``repeat`` full scans, each into an empty ``output`` (peak memory: the largest)."""
    runs = []
    for _ in range(repeat):
        shutil.rmtree(output, ignore_errors=True)
        runs.append(scan(name, corpus, output, *options))
    return _median(name, runs)


def median_rerun(name: str, corpus: Path, output: Path, repeat: int, *options: str) -> Run:
    """The median of ``repeat`` re-runs into the full scan's ``output``, each after changing the same files again."""
    runs = []
    for _ in range(repeat):
        change_some(corpus, CHANGED_SHARE)
        runs.append(scan(name, corpus, output, *options))
    return _median(name, runs)


def _median(name: str, runs: list[Run]) -> Run:
    seconds = statistics.median(run.seconds for run in runs)
    return Run(name, seconds, runs[0].documents, runs[0].words, max(run.peak_mb for run in runs))


def _peak_tree_bytes(process: subprocess.Popen[bytes]) -> int | None:
    """The largest sum of resident memory over the process and all its descendants while it runs."""
    try:
        import psutil
    except ImportError:
        process.wait()
        return None
    peak = 0
    root = psutil.Process(process.pid)
    while process.poll() is None:
        total = 0
        try:
            for member in [root, *root.children(recursive=True)]:
                total += member.memory_info().rss
        except psutil.Error:  # a worker ended between listing and measuring
            pass
        peak = max(peak, total)
        time.sleep(_SAMPLE_SECONDS)
    return peak


def change_some(corpus: Path, share: float) -> int:
    """Append a sentence to ``share`` of the text-based files (Markdown, text, HTML); the number changed."""
    files = sorted(path for path in corpus.rglob("*") if path.suffix in {".md", ".txt", ".html"})
    count = max(1, round(share * sum(1 for path in corpus.rglob("*") if path.is_file())))
    for path in files[:count]:
        with path.open("a", encoding="utf-8") as file:
            file.write("\nVeel hoogopgeleiden wonen in de binnenstad.\n")
    return count


def main() -> int:
    """Print the figures and whether each target is met; exit 1 when one is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000, help="size of the generated corpus")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is reported")
    parser.add_argument("--quick", action="store_true", help="100 documents (a smoke test)")
    args = parser.parse_args()
    documents = 100 if args.quick else args.documents
    with tempfile.TemporaryDirectory() as folder:
        corpus, outputs = Path(folder) / "publicaties", Path(folder) / "uitvoer"
        started = time.perf_counter()
        build_corpus(corpus, documents, realistic=True)  # publications as long as real ones
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        print(
            f"corpus: {documents} documents (pdf, docx, html, md, txt), built in {time.perf_counter() - started:.0f} s"
        )
        repeat = args.repeat
        print(f"each figure: the median of {repeat} runs")
        runs = [
            median_scan("--jobs 1", corpus, outputs / "een", repeat, "--jobs", "1"),
            median_scan("--jobs 2", corpus, outputs / "twee", repeat, "--jobs", "2"),
        ]
        if importlib.util.find_spec("distributed") is not None:
            runs.append(
                median_scan(
                    "--scheduler local (2 workers)", corpus, outputs / "dask", 1, "--scheduler", "local", "--jobs", "2"
                )
            )
        else:
            print("Dask not installed (pip install waardetaal[dask]): --scheduler local skipped")
        changed = max(1, round(CHANGED_SHARE * documents))
        rerun = median_rerun(
            f"--jobs 2 again, {changed} files changed", corpus, outputs / "twee", repeat, "--jobs", "2"
        )
        print(f"\n{'run':<40} {'seconds':>8} {'docs/s':>8} {'words/s':>10} {'peak MB':>8}")
        for run in [*runs, rerun]:
            print(
                f"{run.name:<40} {run.seconds:>8.2f} {run.documents_per_second:>8.1f} "
                f"{run.words_per_second:>10,.0f} {run.peak_mb:>8,.0f}"
            )
        speed_up = runs[0].seconds / runs[1].seconds
        incremental = rerun.seconds / runs[1].seconds
        results = [
            ("--jobs 2 against --jobs 1 (speed-up)", speed_up, TARGET_SPEED_UP, speed_up >= TARGET_SPEED_UP),
            (
                "re-run after 1% changed (share of full scan)",
                incremental,
                TARGET_INCREMENTAL,
                incremental < TARGET_INCREMENTAL,
            ),
        ]
        print()
        for name, value, target, ok in results:
            print(f"{'OK  ' if ok else 'MISS'} {name}: {value:.2f} (target {'>=' if target > 1 else '<'} {target})")
        return 0 if all(ok for *_, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main())
