"""File names and texts that break outputs: every format stays valid, one line per entry, no raw control characters."""

from __future__ import annotations

import json
import os
import re
import urllib.parse
from pathlib import Path, PurePath
from xml.etree import ElementTree

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import ROOT
from tests.hostile.bounded import assert_clean_exit, run_bounded

from waardetaal.findings import FileReport, Finding, Severity
from waardetaal.formatters import RENDERERS

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
# Names as bytes on disk: a line break, an escape sequence that clears the
# screen, a byte that is not UTF-8, a control character, URI delimiters.
NAMES = [b"a\nb.txt", b"e\x1b[2J.txt", b"caf\xe9.txt", b"ctl\x01x.txt", b"sp ace#%?:.txt"]
BROKEN = b"kapot\r\x1b.pdf"
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
URI_CHARACTERS = re.compile(r"(?:[A-Za-z0-9\-._~/]|%[0-9A-F]{2})*")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real files with hostile names, one finding each, and one broken PDF."""
    root = tmp_path_factory.mktemp("namen")
    os.mkdir(os.fsencode(root / "d"))
    for name in NAMES:
        Path(os.fsdecode(os.fsencode(root / "d") + b"/" + name)).write_bytes(b"Veel hoogopgeleiden.\n")
    Path(os.fsdecode(os.fsencode(root / "d") + b"/" + BROKEN)).write_bytes(b"%PDF-1.7 stuk")
    return root


def checked(folder: Path, output_format: str) -> str:
    """The output of ``check --format FORMAT d`` in the folder, asserted to be strict UTF-8 and exit status 2."""
    ran = run_bounded("check", "--format", output_format, "d", cwd=folder)
    assert_clean_exit(ran, 2)  # the broken PDF outranks the findings
    output = ran.stdout_bytes.decode("utf-8")  # strict: a raw undecodable byte fails here
    assert not RAW_CONTROL.search(output), output
    return output


def test_text_output_has_one_line_per_entry_with_visible_escapes(folder: Path) -> None:
    lines = checked(folder, "text").splitlines()
    assert len(lines) == len(NAMES) + 2  # the findings, the read error, the summary
    for shown in ["d/a\\nb.txt:1:6:", "d/e\\x1b[2J.txt:1:6:", "d/caf\\xe9.txt:1:6:", "d/ctl\\x01x.txt:1:6:"]:
        assert any(line.startswith(shown) for line in lines), shown
    assert "d/kapot\\r\\x1b.pdf: error: beschadigde of ongeldige PDF" in lines


def test_json_is_valid_utf8_and_keeps_valid_names_as_typed(folder: Path) -> None:
    document = json.loads(checked(folder, "json"))
    paths = {entry["path"] for entry in document["files"]}
    assert paths == {
        "d/a\nb.txt",
        "d/e\x1b[2J.txt",
        "d/caf\ufffd.txt",
        "d/ctl\x01x.txt",
        "d/sp ace#%?:.txt",
        "d/kapot\r\x1b.pdf",
    }
    assert document["summary"] == {"files": 6, "findings": 5, "errors": 1}


def test_sarif_is_valid_and_its_uris_are_percent_encoded(folder: Path) -> None:
    log = json.loads(checked(folder, "sarif"))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    locations = [r["locations"][0] for r in run["results"]]
    locations += [n["locations"][0] for n in run["invocations"][0]["toolExecutionNotifications"]]
    uris = {location["physicalLocation"]["artifactLocation"]["uri"] for location in locations}
    assert all(URI_CHARACTERS.fullmatch(uri) for uri in uris), uris
    assert {urllib.parse.unquote_to_bytes(uri) for uri in uris} == {b"d/" + name for name in [*NAMES, BROKEN]}
    assert "d/caf%E9.txt" in uris and "d/sp%20ace%23%25%3F%3A.txt" in uris


def test_github_annotations_stay_one_line_each(folder: Path) -> None:
    lines = checked(folder, "github").splitlines()
    assert len(lines) == len(NAMES) + 1 and all(line.startswith("::") for line in lines)
    assert any(line.startswith("::warning file=d/a%0Ab.txt,line=1,") for line in lines)
    assert any(line.startswith("::warning file=d/sp ace#%25?%3A.txt,") for line in lines)
    assert "::error file=d/kapot%0D\\x1b.pdf,title=waardetaal::beschadigde of ongeldige PDF" in lines


def test_junit_is_well_formed_xml(folder: Path) -> None:
    suites = ElementTree.fromstring(checked(folder, "junit").encode("utf-8"))
    names = {case.get("name") for case in suites.iter("testcase")}
    assert names == {"d/a\\nb.txt", "d/e\\x1b[2J.txt", "d/caf\\xe9.txt", "d/ctl\\x01x.txt", "d/sp ace#%?:.txt"} | {
        "d/kapot\\r\\x1b.pdf"
    }


# Any code point, lone surrogates included, and any bytes as a file system would hand them over.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40)
ANY_NAME = ANY_TEXT | st.binary(max_size=40).map(os.fsdecode)


def report(path: str, text: str, error: str | None) -> FileReport:
    finding = Finding(
        rule="utrecht.hoog-laag-opgeleid",
        category="opleidingsniveau",
        severity=Severity.WARNING,
        start=0,
        end=len(text),
        line=1,
        column=1,
        end_line=1,
        end_column=len(text) + 1,
        text=text,
        message=f"‘{text}’ is waarde-geladen.",
        suggestions=(text,),
    )
    return FileReport(path, (finding,), error)


@settings(max_examples=150, deadline=None)
@given(name=ANY_NAME, text=ANY_TEXT, error=st.none() | ANY_TEXT)
def test_every_renderer_survives_any_name_and_text(name: str, text: str, error: str | None) -> None:
    reports = [report(name, text, error)]
    outputs = {name_: render(reports, None) for name_, render in RENDERERS.items()}  # type: ignore[arg-type]
    for output in outputs.values():
        output.encode("utf-8")  # no lone surrogate left: strict UTF-8 works
        assert not RAW_CONTROL.search(output)
    assert len(outputs["text"].splitlines()) == 2 + (error is not None)
    assert len(outputs["github"].splitlines()) == 1 + (error is not None)
    ElementTree.fromstring(outputs["junit"].encode("utf-8"))
    entry = json.loads(outputs["json"])["files"][0]
    assert entry["path"] == re.sub("[\ud800-\udfff]", "\ufffd", name)
    assert entry["findings"][0]["text"] == re.sub("[\ud800-\udfff]", "\ufffd", text)
    result = json.loads(outputs["sarif"])["runs"][0]["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    on_disk = re.sub("[\ud800-\udc7f\udd00-\udfff]", "\ufffd", name)  # surrogates that stand for no byte
    if PurePath(name).is_absolute():
        assert uri.startswith("file:///")
    else:
        assert URI_CHARACTERS.fullmatch(uri) and urllib.parse.unquote_to_bytes(uri) == os.fsencode(PurePath(on_disk))
