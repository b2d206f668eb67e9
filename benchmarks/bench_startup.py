"""How fast waardetaal is from the first finding (issue 12); the README quotes what this prints.

Each figure is the median of several fresh processes on this machine:
- a small Markdown file with one finding, ``waardetaal check`` in a fresh process: at most 0.5 s wall;
  measured without the result cache, and again for the file unchanged with its result kept;
- a pre-commit style run, ``waardetaal check`` on 10 changed Markdown files with findings (reported);
- the first web check after ``waardetaal serve`` says it listens: at most 0.3 s;
- a mixed batch of generated publications (PDF, Word, HTML, Markdown, text) read and checked
  in one process after start-up: at least 300,000 words per second; beside it, in the same
  process, a plain ``spacy.blank("nl")`` tokenizer pass over the same extracted text.

Run: python benchmarks/bench_startup.py [--runs N] [--documents N] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from targets import report  # noqa: E402  # beside this script
from tests.scan.corpus import FLAGGED, build_corpus  # noqa: E402

TARGET_ONE_FINDING = 0.5
TARGET_FIRST_WEB_CHECK = 0.3
TARGET_BATCH_WORDS = 300_000
PRE_COMMIT_FILES = 10
SERVE_START_SECONDS = 120


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _check_seconds(paths: list[Path], cpu: list[float], cache: Path | None = None) -> float:
    """Wall time of ``python -m waardetaal check PATHS`` in a fresh process (exit 1: findings); its CPU to ``cpu``.

    CPU time is reported beside wall time: on a machine others use, wall time
    grows with their load, CPU time much less.
    """
    spent = _children_cpu()
    started = time.perf_counter()
    command = [sys.executable, "-m", "waardetaal", "check", *map(str, paths)]
    result = subprocess.run(command, capture_output=True, env=_cache_environment(cache))
    seconds = time.perf_counter() - started
    cpu.append(_children_cpu() - spent)
    if result.returncode != 1:
        raise SystemExit(f"check gave exit {result.returncode}, expected 1 (findings): {result.stderr.decode()}")
    return seconds


def spacy_import_seconds(runs: int) -> list[float]:
    """``import spacy`` alone in fresh processes: the floor of a cold check, and a yardstick for this machine now."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import spacy"], check=True)
        seconds.append(time.perf_counter() - started)
    return seconds


def _cache_environment(cache: Path | None) -> dict[str, str]:
    """The environment of a check: the result cache in ``cache``, or none at all."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("WAARDETAAL_")}
    if cache is None:
        return {**environment, "WAARDETAAL_NO_CACHE": "1"}
    return {**environment, "WAARDETAAL_CACHE_DIR": str(cache)}


def _markdown(folder: Path, name: str, sentence: str) -> Path:
    path = folder / name
    path.write_text(f"# Nieuwsbrief\n\nDe gemeente werkt samen met scholen in de stad. {sentence}\n", encoding="utf-8")
    return path


def one_finding_seconds(folder: Path, runs: int, cpu: list[float], cache: Path | None = None) -> list[float]:
    """A small Markdown file with one finding, checked in ``runs`` fresh processes.

    With ``cache``, the file's result is in it from a run before (an unchanged
    file checked again); without, every run lints it.
    """
    path = _markdown(folder, "een-bevinding.md", FLAGGED[0])
    if cache is not None:
        _check_seconds([path], [], cache)
    return [_check_seconds([path], cpu, cache) for _ in range(runs)]


def pre_commit_seconds(folder: Path, runs: int, cpu: list[float]) -> list[float]:
    """Ten changed Markdown files with findings, as pre-commit passes them to one ``check`` (none in the cache)."""
    paths = [
        _markdown(folder, f"gewijzigd-{number:02d}.md", FLAGGED[number % len(FLAGGED)])
        for number in range(PRE_COMMIT_FILES)
    ]
    return [_check_seconds(paths, cpu) for _ in range(runs)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def first_web_check_seconds() -> float:
    """Start ``waardetaal serve``; the time of the first check sent once it says it listens."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "waardetaal", "serve", "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stderr is not None
        announced = process.stderr.readline()
        if str(port) not in announced:
            raise SystemExit(f"serve did not start: {announced}")
        body = json.dumps({"text": FLAGGED[2]}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/check", data=body, headers={"Content-Type": "application/json"}
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=SERVE_START_SECONDS) as response:
            answer = json.loads(response.read())
        seconds = time.perf_counter() - started
        if not answer["findings"]:
            raise SystemExit(f"the first web check found nothing: {answer}")
        return seconds
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stderr is not None:
            process.stderr.close()


def batch_in_fresh_process(corpus: Path) -> dict[str, float]:
    """The figures :func:`batch_worker` prints, from a fresh process."""
    result = subprocess.run(
        [sys.executable, __file__, "--batch-worker", str(corpus)], capture_output=True, text=True, check=True
    )
    figures: dict[str, float] = json.loads(result.stdout.splitlines()[-1])
    return figures


def batch_worker(corpus: Path) -> None:
    """In this process: check ``corpus`` as ``waardetaal check`` does, then tokenise its text with plain spaCy."""
    import spacy

    from waardetaal.checking import Checker, CheckRequest
    from waardetaal.sources import documents_at

    checker = Checker()
    warm = corpus.parent / "warm.md"
    warm.write_text(FLAGGED[0] + "\n", encoding="utf-8")
    checker.run(CheckRequest([str(warm)]), None)  # start-up (spaCy, the engine) is measured above, not here
    started = time.perf_counter()
    outcome = checker.run(CheckRequest([str(corpus)]), None)
    checked = time.perf_counter() - started
    texts = [document.text for document in documents_at(str(corpus)) if document.text is not None]
    words = sum(len(text.split()) for text in texts)
    nlp = spacy.blank("nl")
    nlp.make_doc("warm")
    started = time.perf_counter()
    for text in texts:
        nlp.make_doc(text)
    tokenised = time.perf_counter() - started
    findings = sum(len(report.findings) for report in outcome.reports)
    figures = {"documents": len(outcome.reports), "words": words, "findings": findings}
    print(json.dumps({**figures, "check_seconds": checked, "tokenizer_seconds": tokenised}))


def main() -> int:
    """Print the figures and whether each target is met; exit 1 when one is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per figure (default 7)")
    parser.add_argument("--documents", type=int, default=60, help="documents in the mixed batch (default 60)")
    parser.add_argument("--quick", action="store_true", help="3 runs, 20 documents (a smoke test)")
    parser.add_argument("--batch-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.batch_worker is not None:
        batch_worker(args.batch_worker)
        return 0
    runs, documents = (3, 20) if args.quick else (args.runs, args.documents)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        one_cpu: list[float] = []
        hook_cpu: list[float] = []
        floor = spacy_import_seconds(runs)
        one = one_finding_seconds(folder, runs, one_cpu)
        kept = one_finding_seconds(folder, runs, [], folder / "cache")
        hook = pre_commit_seconds(folder, runs, hook_cpu)
        web = [first_web_check_seconds() for _ in range(min(runs, 3 if args.quick else 5))]
        corpus = folder / "publicaties"
        build_corpus(corpus, documents, realistic=True)
        batches = [batch_in_fresh_process(corpus) for _ in range(runs)]
    words = batches[0]["words"]
    batch_wps = words / statistics.median(b["check_seconds"] for b in batches)
    tokenizer_wps = words / statistics.median(b["tokenizer_seconds"] for b in batches)

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; median of {runs} fresh processes")
    print(f"import spacy alone, fresh process (s): {', '.join(f'{t:.3f}' for t in floor)}")
    print(f"small file, one finding (s): {', '.join(f'{t:.3f}' for t in one)}")
    print(f"the same file, unchanged, its result kept (s): {', '.join(f'{t:.3f}' for t in kept)}")
    print(f"pre-commit, {PRE_COMMIT_FILES} Markdown files with findings (s): {', '.join(f'{t:.3f}' for t in hook)}")
    print(
        f"CPU time (median, s): small file {statistics.median(one_cpu):.3f}, "
        f"pre-commit run {statistics.median(hook_cpu):.3f}"
    )
    print(f"first web check after serve starts (s): {', '.join(f'{t:.3f}' for t in web)}")
    print(
        f"mixed batch: {batches[0]['documents']:.0f} documents, {words:,.0f} words, "
        f"{batches[0]['findings']:.0f} findings; plain spacy.blank('nl') tokenizer on the same text: "
        f"{tokenizer_wps:,.0f} words/s"
    )
    print(f"pre-commit run, {PRE_COMMIT_FILES} files (median, s): {statistics.median(hook):.3f}")
    results = [
        ("small file with one finding, fresh process (median, s)", statistics.median(one), TARGET_ONE_FINDING, "max"),
        ("the same, unchanged, result kept (median, s)", statistics.median(kept), TARGET_ONE_FINDING, "max"),
        ("first web check after serve starts (median, s)", statistics.median(web), TARGET_FIRST_WEB_CHECK, "max"),
        ("mixed batch read and checked in one process (words/s)", batch_wps, TARGET_BATCH_WORDS, "min"),
    ]
    return report(results)


if __name__ == "__main__":
    sys.exit(main())
