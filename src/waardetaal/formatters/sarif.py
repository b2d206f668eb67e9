"""SARIF 2.1.0, the format code-scanning dashboards read: results plus a description of every rule."""

from __future__ import annotations

import json
from collections.abc import Sequence

from waardetaal import __version__
from waardetaal.findings import FileReport, Finding, Severity
from waardetaal.formatters.safe import json_safe, uri_reference
from waardetaal.rule_docs import render_rule
from waardetaal.rules import Catalog, Rule

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule(rule: Rule) -> dict[str, object]:
    descriptor: dict[str, object] = {
        "id": rule.id,
        "name": rule.id.split(".", 1)[-1],
        "shortDescription": {"text": rule.message.replace("{term}", "…")},
        "fullDescription": {"text": rule.why},
        "help": {"text": f"{rule.why} Bron: {rule.source}", "markdown": render_rule(rule)},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"category": rule.category, "source": rule.source},
    }
    if rule.link:
        descriptor["helpUri"] = rule.link
    return descriptor


def _result(finding: Finding, path: str, rule_index: dict[str, int]) -> dict[str, object]:
    region: dict[str, object] = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "charOffset": finding.start,
        "charLength": finding.end - finding.start,
        "snippet": {"text": finding.text},
    }
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri_reference(path)}, "region": region}}],
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    properties: dict[str, object] = {}
    if finding.suggestions:
        properties["suggestions"] = list(finding.suggestions)
    if finding.location:
        properties["location"] = dict(finding.location)
    if properties:
        result["properties"] = properties
    return result


def render_sarif(reports: Sequence[FileReport], catalog: Catalog | None = None) -> str:
    """A SARIF log with one run: the rules, the results and read errors as notifications."""
    rules = list(catalog.rules) if catalog is not None else []
    rule_index = {rule.id: index for index, rule in enumerate(rules)}
    results = [_result(f, report.path, rule_index) for report in reports for f in report.findings]
    notifications = [
        {
            "level": "error",
            "message": {"text": report.error},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri_reference(report.path)}}}],
        }
        for report in reports
        if report.error is not None
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "waardetaal",
                        "version": __version__,
                        "language": "nl",
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "invocations": [
                    {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
                ],
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json_safe(json.dumps(log, ensure_ascii=False, indent=2)) + "\n"
