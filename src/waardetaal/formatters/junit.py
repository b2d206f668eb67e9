"""JUnit XML: one test case per file, failing when it has findings or could not be read."""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree

from waardetaal.findings import FileReport
from waardetaal.formatters.safe import visible
from waardetaal.formatters.text import finding_line
from waardetaal.rules import Catalog


def render_junit(reports: Sequence[FileReport], catalog: Catalog | None = None) -> str:
    """A ``<testsuites>`` document that CI systems show as test results; always well-formed XML 1.0."""
    failures = sum(bool(r.findings) for r in reports)
    errors = sum(r.error is not None for r in reports)
    suites = ElementTree.Element("testsuites", name="waardetaal")
    suite = ElementTree.SubElement(
        suites, "testsuite", name="waardetaal", tests=str(len(reports)), failures=str(failures), errors=str(errors)
    )
    for report in reports:
        case = ElementTree.SubElement(suite, "testcase", classname="waardetaal", name=visible(report.path))
        if report.error is not None:
            ElementTree.SubElement(case, "error", message=visible(report.error))
        if report.findings:
            failure = ElementTree.SubElement(
                case, "failure", message=f"{len(report.findings)} bevinding(en)", type="waardetaal"
            )
            failure.text = "\n".join(finding_line(report.path, f) for f in report.findings)
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
