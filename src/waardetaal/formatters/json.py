"""The contract's JSON document (version 1)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from waardetaal.findings import FileReport
from waardetaal.formatters.safe import json_safe
from waardetaal.rules import Catalog

SCHEMA_VERSION = 1


def render_json(reports: Sequence[FileReport], catalog: Catalog | None = None) -> str:
    """One JSON document with every file, its findings and a summary; always valid UTF-8."""
    document = {
        "version": SCHEMA_VERSION,
        "files": [report.to_dict() for report in reports],
        "summary": {
            "files": len(reports),
            "findings": sum(len(report.findings) for report in reports),
            "errors": sum(report.error is not None for report in reports),
        },
    }
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
