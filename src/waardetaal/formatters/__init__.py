"""One renderer per output format; each turns file reports into a string.

:data:`RENDERERS` is the one registry of output formats: its names are the
choices of ``--format`` and of ``format`` in the configuration.

Renderers get the rule catalog too, for formats that describe the rules
(SARIF lists each rule with its help text and source link).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from waardetaal.findings import FileReport
from waardetaal.formatters.github import render_github
from waardetaal.formatters.json import render_json
from waardetaal.formatters.junit import render_junit
from waardetaal.formatters.sarif import render_sarif
from waardetaal.formatters.text import render_text
from waardetaal.rules import Catalog

Renderer = Callable[[Sequence[FileReport], Catalog], str]

RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "junit": render_junit,
}
