"""Write docs/regels/: one page per rule and an index, generated from the rule files.

Run after changing a rule: ``python scripts/generate_rule_docs.py``. The tests fail
while the pages are stale, so documentation and rules never drift apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

from waardetaal.rule_docs import render_rule
from waardetaal.rules import Catalog, load_catalog

DOCS = Path(__file__).resolve().parents[1] / "docs" / "regels"


# The pages quote what the rules flag; waardetaal itself should pass them.
SUPPRESSION = "<!-- waardetaal: negeer-bestand -- voorbeelden van wat de regel signaleert -->\n\n"


def pages(catalog: Catalog) -> dict[str, str]:
    """File name -> content of every generated page."""
    generated = {f"{rule.id}.md": SUPPRESSION + render_rule(rule) for rule in catalog.rules}
    rows = [f"| [`{r.id}`]({r.id}.md) | `{r.category}` | {r.severity} |" for r in catalog.rules]
    generated["README.md"] = "\n".join(
        [
            "# Regels",
            "",
            "Gemaakt door `scripts/generate_rule_docs.py`; niet met de hand bewerken.",
            "",
            "| regel | categorie | ernst |",
            "| --- | --- | --- |",
            *rows,
            "",
        ]
    )
    return generated


def main() -> int:
    """Write the pages; remove pages of rules that no longer exist."""
    DOCS.mkdir(parents=True, exist_ok=True)
    wanted = pages(load_catalog())
    for stale in DOCS.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
    for name, content in wanted.items():
        (DOCS / name).write_text(content, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
