"""Precision and recall on the annotated corpora (issue bar: at least 0.95 each).

A finding counts as correct when an annotation of the same rule overlaps it;
exact span agreement and severity agreement are reported and checked as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.conftest import ROOT

from waardetaal import Linter, Severity
from waardetaal.annotations import Annotation, parse_annotated

CORPORA = ROOT / "corpora"
# Corpora of rule sets that are off by default, measured with their pack on (tests/test_werving_corpus.py).
PACK_CORPORA = frozenset({"werving"})
FILES = sorted(path for path in CORPORA.glob("*/*.txt") if path.parent.name not in PACK_CORPORA)
BAR = 0.95


@dataclass
class Tally:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    exact: int = 0
    severity_agrees: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / max(1, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        return self.true_positives / max(1, self.true_positives + self.false_negatives)


def overlaps(a: Annotation, start: int, end: int) -> bool:
    return a.start < end and start < a.end


def tally_file(linter: Linter, path: Path, tally: Tally, misses: list[str]) -> None:
    text, annotations = parse_annotated(path.read_text(encoding="utf-8"))
    findings = linter.lint(text)
    matched: set[int] = set()
    for finding in findings:
        hits = [
            i
            for i, a in enumerate(annotations)
            if a.rule == finding.rule and overlaps(a, finding.start, finding.end) and i not in matched
        ]
        if not hits:
            tally.false_positives += 1
            misses.append(f"FP {path.name}: {finding.text!r} ({finding.rule})")
            continue
        annotation = annotations[hits[0]]
        matched.add(hits[0])
        tally.true_positives += 1
        tally.exact += (annotation.start, annotation.end) == (finding.start, finding.end)
        expected = Severity(annotation.severity) if annotation.severity else None
        tally.severity_agrees += expected is None or finding.severity == expected
    for i, annotation in enumerate(annotations):
        if i not in matched:
            tally.false_negatives += 1
            misses.append(f"FN {path.name}: {annotation.text!r} ({annotation.rule})")


def test_corpora_exist() -> None:
    folders = {path.parent.name for path in FILES}
    assert {"vacatures", "onderzoek", "beleid", "nieuws", "schoon", "valkuilen"} <= folders


def test_precision_and_recall_reach_the_bar(linter: Linter) -> None:
    tally, misses = Tally(), []
    for path in FILES:
        tally_file(linter, path, tally, misses)
    report = (
        f"precision {tally.precision:.3f}, recall {tally.recall:.3f}, TP {tally.true_positives}, "
        f"FP {tally.false_positives}, FN {tally.false_negatives}, exact spans {tally.exact}, "
        f"severity agrees {tally.severity_agrees}\n" + "\n".join(misses)
    )
    print(report)
    assert tally.true_positives >= 200, report
    assert tally.precision >= BAR, report
    assert tally.recall >= BAR, report
    assert tally.exact >= 0.9 * tally.true_positives, report
    assert tally.severity_agrees >= 0.95 * tally.true_positives, report


@pytest.mark.parametrize(
    "path", [p for p in FILES if p.parent.name in {"schoon", "valkuilen"}], ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_clean_and_trap_texts_give_no_warning(linter: Linter, path: Path) -> None:
    text, annotations = parse_annotated(path.read_text(encoding="utf-8"))
    unexpected = [
        f
        for f in linter.lint(text)
        if f.severity != Severity.INFO
        and not any(a.rule == f.rule and overlaps(a, f.start, f.end) for a in annotations)
    ]
    assert unexpected == []
