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


def test_emphasis_inside_a_word_is_one_word_and_fix_leaves_it_alone(linter: Linter, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from waardetaal.cli import main

    text = "Veel **hoog**opgeleiden en *laag*opgeleiden.\n\nDe snake_case_naam, 3*4 en a * b blijven.\n"
    prose = markdown_prose(text)
    assert len(prose) == len(text) and prose.count("\u200b") == 3  # the marks inside words only, as many
    path = tmp_path / "nadruk.md"
    path.write_text(text, encoding="utf-8")
    document = read_document(str(path))
    assert document.text is not None
    findings = linter.lint(document.text, document.positions)
    assert [f.message.split("’")[0] for f in findings] == ["‘hoogopgeleiden", "‘laagopgeleiden"]  # as shown
    found = [(f.rule, text[f.start : f.end]) for f in findings]
    assert found == [
        ("utrecht.hoog-laag-opgeleid", "hoog**opgeleiden"),
        ("utrecht.hoog-laag-opgeleid", "laag*opgeleiden"),
    ]
    result = CliRunner().invoke(main, ["check", "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == text  # markup inside the term: the writer decides
    assert result.stdout.splitlines()[-1] == "2 bevindingen in 1 bestand (2 waarschuwingen)."  # none called fixable
