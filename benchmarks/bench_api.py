"""Throughput of the Python API and the spaCy component on many short texts.

Target (on the 2-core CI machine, one core used): ``nlp.pipe`` with the
waardetaal component at least half as fast as ``lint_text`` on the same
10,000 short texts (sentences of the corpora, about half of them with a finding).

Run: python benchmarks/bench_api.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from waardetaal import lint_text
from waardetaal.annotations import parse_annotated
from waardetaal.linter import default_linter

ROOT = Path(__file__).resolve().parents[1]
TEXTS = 10_000
TARGET_RATIO = 0.5


def short_texts(count: int) -> list[str]:
    """``count`` sentences of the corpora (lines without annotation markup), repeated in order."""
    lines = [
        line.strip()
        for path in sorted((ROOT / "corpora").glob("*/*.txt"))
        for line in parse_annotated(path.read_text(encoding="utf-8"))[0].splitlines()
        if len(line.split()) >= 3
    ]
    return [lines[number % len(lines)] for number in range(count)]


def texts_per_second(run: Callable[[list[str]], int], texts: list[str], rounds: int) -> tuple[float, int]:
    """Best-of-``rounds`` texts per second of ``run`` on ``texts``, and the findings it counted."""
    best, findings = float("inf"), 0
    for _ in range(rounds):
        started = time.perf_counter()
        findings = run(texts)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best, findings


def with_lint_text(texts: list[str]) -> int:
    """Findings of ``lint_text`` called once per text."""
    return sum(len(lint_text(text)) for text in texts)


def with_lint_many(texts: list[str]) -> int:
    """Findings of one linter's ``lint_many`` over the texts."""
    return sum(map(len, default_linter().lint_many(texts)))


def main() -> int:
    """Print the figures and whether the target is met; exit 1 when it is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer texts and runs (a smoke test)")
    args = parser.parse_args()
    count, rounds = (1_000, 1) if args.quick else (TEXTS, 3)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says

    texts = short_texts(count)
    blank = spacy.blank("nl")
    nlp = spacy.blank("nl")
    nlp.add_pipe("waardetaal")
    lint_text("hoogopgeleiden")  # build the matcher outside the timed runs

    def with_component(batch: list[str]) -> int:
        return sum(len(doc.spans["waardetaal"]) for doc in nlp.pipe(batch))

    def tokenizer_only(batch: list[str]) -> int:
        return sum(1 for _ in blank.pipe(batch))

    lint_tps, lint_findings = texts_per_second(with_lint_text, texts, rounds)
    many_tps, _ = texts_per_second(with_lint_many, texts, rounds)
    pipe_tps, pipe_findings = texts_per_second(with_component, texts, rounds)
    blank_tps, _ = texts_per_second(tokenizer_only, texts, rounds)
    ratio = pipe_tps / lint_tps

    print(f"machine: {os.cpu_count()} cores (one used), Python {sys.version.split()[0]}, spaCy {spacy.__version__}")
    print(f"{count:,} short texts, {sum(len(t.split()) for t in texts) / count:.1f} words each on average")
    print(f"lint_text, one call per text: {lint_tps:,.0f} texts/s ({lint_findings:,} findings)")
    print(f"Linter.lint_many: {many_tps:,.0f} texts/s")
    print(f"nlp.pipe with the waardetaal component: {pipe_tps:,.0f} texts/s ({pipe_findings:,} findings)")
    print(f"nlp.pipe of spacy.blank('nl') alone (its own tokenizer): {blank_tps:,.0f} texts/s")
    met = ratio >= TARGET_RATIO and pipe_findings == lint_findings
    print(f"{'OK  ' if met else 'MISS'} nlp.pipe / lint_text = {ratio:.2f} (target: at least {TARGET_RATIO})")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
