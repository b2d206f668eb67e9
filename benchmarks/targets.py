"""The benchmarks' verdicts: one line per target, OK or MISS, and the exit status that says whether all were met."""

from __future__ import annotations

from collections.abc import Sequence

# (what was measured, the value, the target, "max" when the value may be at most the target, "min" when at least)
Result = tuple[str, float, float, str]


def report(results: Sequence[Result]) -> int:
    """Print each result against its target; 0 when every target is met, else 1."""
    missed = 0
    for name, value, target, kind in results:
        ok = value <= target if kind == "max" else value >= target
        missed += not ok
        shown = f"{value:.3f}" if kind == "max" else f"{value:,.0f}"
        limit = f"<= {target}" if kind == "max" else f">= {target:,}"
        print(f"{'OK  ' if ok else 'MISS'} {name}: {shown} (target {limit})")
    return 1 if missed else 0
