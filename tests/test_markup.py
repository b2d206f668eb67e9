"""Markdown: only prose is checked, and positions stay those of the file."""

from __future__ import annotations

from pathlib import Path

from waardetaal import Linter
from waardetaal.readers.markdown import markdown_prose
from waardetaal.sources import read_document

MARKDOWN = """---
titel: hoogopgeleiden
---
# Vacature voor hoogopgeleiden

Code `laagopgeleiden` en een [link](https://example.org/hoogopgeleiden "hoogopgeleiden") naar
https://example.org/laagopgeleid en <!-- hoogopgeleiden --> klaar.

```yaml
term: hoogopgeleiden
```

> Een citaatblok over mbo-leerlingen.
"""


def test_only_prose_is_checked(linter: Linter, tmp_path: Path) -> None:
    path = tmp_path / "tekst.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    document = read_document(str(path))
    assert document.text is not None and len(document.text) == len(MARKDOWN)
    findings = linter.lint(document.text)
    assert [(f.text, f.line) for f in findings] == [("hoogopgeleiden", 4), ("mbo-leerlingen", 13)]
    assert [MARKDOWN[f.start : f.end] for f in findings] == [f.text for f in findings]


def test_line_breaks_survive_masking() -> None:
    masked = markdown_prose(MARKDOWN)
    assert masked.count("\n") == MARKDOWN.count("\n")
    assert "https" not in masked and "term:" not in masked and "titel" not in masked


def test_plain_text_is_not_masked(tmp_path: Path) -> None:
    path = tmp_path / "tekst.txt"
    path.write_text("Code `laagopgeleiden` blijft.", encoding="utf-8")
    assert read_document(str(path)).text == "Code `laagopgeleiden` blijft."


def test_messages_stay_on_one_line(linter: Linter) -> None:
    finding = linter.lint("De laag\nopgeleide inwoner.")[0]
    assert finding.text == "laag\nopgeleide" and "\n" not in finding.message
