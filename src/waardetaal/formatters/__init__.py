"""One renderer per output format; each turns file reports into a string."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from waardetaal.findings import FileReport
from waardetaal.formatters.json import render_json
from waardetaal.formatters.text import render_text

Renderer = Callable[[Sequence[FileReport]], str]

RENDERERS: dict[str, Renderer] = {"text": render_text, "json": render_json}
