"""``waardetaal annotate`` says how many comments (and tracked changes) it wrote, in Dutch (issue 13, point 6)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import docx
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from waardetaal.cli import main

TERMS = ["hoogopgeleiden", "laagopgeleiden", "hbo werk- en denkniveau", "hoogopgeleide collega's"]


def _annotate(paragraphs: list[str], *options: str) -> tuple[str, int]:
    """What ``annotate`` printed, and how many comments its output file holds."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.docx", Path(folder) / "uit.docx"
        document = docx.Document()
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        document.save(str(source))
        ran = CliRunner().invoke(main, ["annotate", *options, str(source), "-o", str(target)])
        assert ran.exit_code == 0, ran.output
        return ran.output, len(list(docx.Document(str(target)).comments))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TERMS), max_size=4))
def test_the_count_printed_is_the_number_of_comments_written(terms: list[str]) -> None:
    output, written = _annotate(["Een gewone zin."] + [f"Wij zoeken {term} voor het team." for term in terms])
    assert written == len(terms)
    noun = "opmerking" if written == 1 else "opmerkingen"
    assert re.fullmatch(rf"{written} {noun} in .*uit\.docx\.\n", output), output


def test_tracked_changes_are_counted_beside_the_comments() -> None:
    output, written = _annotate(["Wij zoeken hoogopgeleiden.", "Geen bevinding hier."], "--wijzigingen")
    counted = re.fullmatch(r"(\d+) (opmerking(?:en)?) en (\d+) (wijziging(?:en)?) in .*\.\n", output)
    assert counted, output
    assert int(counted[1]) == written
    assert counted[2] == ("opmerking" if written == 1 else "opmerkingen")
    assert counted[4] == ("wijziging" if int(counted[3]) == 1 else "wijzigingen")
