"""Speed of waardetaal on this machine; the README quotes what this prints.

Targets (on the 2-core CI machine, one core used):
- a small clean Markdown file in a fresh process: at most 0.3 s wall;
- ordinary publication text: at least 1,000,000 words per second;
- text dense with terms (the policy document repeated): at least 300,000 words per second;
- text extraction from PDF: at least 100 pages per second (Word is reported too).

Run: python benchmarks/bench.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from targets import report  # beside this script

from waardetaal import Linter, load_catalog
from waardetaal.linter import DEFAULT_POLICY, Policy

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT.parent / "shared" / "policy" / "000_c81914cda54259df.txt"
PUBLICATION_FOLDERS = ("schoon",)

TARGET_START = 0.3
TARGET_ORDINARY = 1_000_000
TARGET_DENSE = 300_000
TARGET_PDF_PAGES = 100
WORD_PARAGRAPHS_PER_PAGE = 8


def repeated(text: str, words: int) -> str:
    """``text`` repeated (paragraph-separated) until it holds at least ``words`` words."""
    times = max(1, -(-words // max(1, len(text.split()))))
    return "\n\n".join([text] * times)


def publication_text() -> str:
    """Ordinary publication prose: the corpus texts without their annotation markup."""
    from waardetaal.annotations import parse_annotated

    parts = []
    for folder in PUBLICATION_FOLDERS:
        for path in sorted((ROOT / "corpora" / folder).glob("*.txt")):
            parts.append(parse_annotated(path.read_text(encoding="utf-8"))[0])
    return "\n\n".join(parts)


def fresh_process_seconds(runs: int) -> list[float]:
    """Wall time of ``python -m waardetaal check`` on a small clean Markdown file."""
    with tempfile.TemporaryDirectory() as folder:
        clean = Path(folder) / "schoon.md"
        clean.write_text(
            "# Nieuwsbrief\n\nMbo-, hbo- en wo-opgeleiden werken samen in de wijk.\n"
            "Het vervolgonderwijs in Utrecht groeit; mbo-studenten lopen stage.\n",
            encoding="utf-8",
        )
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "waardetaal", "check", str(clean)], check=True, stdout=subprocess.DEVNULL
            )
            times.append(time.perf_counter() - started)
    return times


def words_per_second(linter: Linter, text: str, rounds: int, policy: Policy = DEFAULT_POLICY) -> tuple[float, int]:
    """Best-of-``rounds`` throughput of ``linter.lint`` on ``text`` with ``policy``, and the findings."""
    words = len(text.split())
    best = float("inf")
    findings = 0
    for _ in range(rounds):
        started = time.perf_counter()
        findings = len(linter.lint(text, None, policy))
        best = min(best, time.perf_counter() - started)
    return words / best, findings


def tokenizer_words_per_second(text: str) -> float:
    """The plain spaCy Dutch tokenizer on the same text, for comparison."""
    import spacy

    nlp = spacy.blank("nl")
    sample = text[:2_000_000]
    started = time.perf_counter()
    for part in sample.split("\n\n"):
        nlp.make_doc(part)
    return len(sample.split()) / (time.perf_counter() - started)


def pages_per_second(suffix: str, data: bytes, pages: int, rounds: int) -> float:
    """Best-of-``rounds`` extraction speed of the reader for ``suffix``."""
    from waardetaal.sources import extract

    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        document = extract(f"bench{suffix}", data, suffix)
        best = min(best, time.perf_counter() - started)
        assert document.error is None, document.error
    return pages / best


def main() -> int:
    """Print the figures and whether each target is met; exit 1 when one is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer words and runs (a smoke test)")
    args = parser.parse_args()
    size = 100_000 if args.quick else 1_000_000
    rounds = 1 if args.quick else 3
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says

    starts = fresh_process_seconds(3 if args.quick else 10)
    linter = Linter(load_catalog())
    linter.lint("hoogopgeleiden")  # build the matcher outside the timed runs
    ordinary = repeated(publication_text(), size)
    # The policy document is in ../shared/, beside the repository; a fresh clone has none, so this figure skips.
    dense = repeated(POLICY.read_text(encoding="utf-8"), size) if POLICY.exists() else None
    # A publication checked as one (--genre publicatie): the vacancy-only rules stay out.
    ordinary_wps, ordinary_findings = words_per_second(linter, ordinary, rounds, Policy(genre="publicatie"))
    ordinary_all_wps, _ = words_per_second(linter, ordinary, rounds)
    dense_wps, dense_findings = words_per_second(linter, dense, rounds) if dense is not None else (0.0, 0)
    tokenizer_wps = tokenizer_words_per_second(ordinary)
    sys.path.insert(0, str(ROOT))
    from tests.documents import make_report_docx, make_report_pdf

    pdf_pages = 20 if args.quick else 200
    pdf_pps = pages_per_second(".pdf", make_report_pdf(pdf_pages), pdf_pages, rounds)
    word_pages = 20 if args.quick else 200
    docx_pps = pages_per_second(".docx", make_report_docx(word_pages * WORD_PARAGRAPHS_PER_PAGE), word_pages, rounds)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    results = [
        ("start-up, clean Markdown file (median of runs, s)", statistics.median(starts), TARGET_START, "max"),
        ("ordinary publication text, --genre publicatie (words/s)", ordinary_wps, TARGET_ORDINARY, "min"),
        (f"PDF text extraction, {pdf_pages}-page report (pages/s)", pdf_pps, TARGET_PDF_PAGES, "min"),
    ]
    if dense is not None:
        results.insert(2, ("dense text: policy document repeated (words/s)", dense_wps, TARGET_DENSE, "min"))
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"ordinary text: {len(ordinary.split()):,} words, {ordinary_findings} findings")
    if dense is None:
        print(f"SKIP dense text: {POLICY} is absent (it is in ../shared/, which a fresh clone does not have)")
    else:
        print(f"dense text: {len(dense.split()):,} words, {dense_findings} findings")
    print(f"start-up runs (s): {', '.join(f'{t:.3f}' for t in starts)}")
    print(f"ordinary text without --genre (vacancy rules too): {ordinary_all_wps:,.0f} words/s")
    print(f"spaCy tokenizer alone on ordinary text: {tokenizer_wps:,.0f} words/s")
    print(f"Word extraction, {word_pages} pages of {WORD_PARAGRAPHS_PER_PAGE} paragraphs: {docx_pps:,.0f} pages/s")
    print(f"peak memory (RSS): {peak_mb:,.0f} MB")
    return report(results)


if __name__ == "__main__":
    sys.exit(main())
