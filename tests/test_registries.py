"""One registry per kind: the file formats and the output formats, and everything that must agree with them.

Python code derives its lists from :data:`waardetaal.readers.FILE_FORMATS` and
:data:`waardetaal.formatters.RENDERERS`; the files that cannot import them (the
pre-commit hooks, the web page, the README) are parsed here and compared.
"""

from __future__ import annotations

import io
import json
import mimetypes
import re
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import click
import docx
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from odf import text as odftext
from odf.opendocument import OpenDocumentText
from starlette.testclient import TestClient
from tests import documents
from tests.conftest import ROOT

from waardetaal.checking import MARKUP_SUFFIXES
from waardetaal.cli import main
from waardetaal.config import FORMATS
from waardetaal.fixes import FIXABLE_SUFFIXES
from waardetaal.formatters import RENDERERS
from waardetaal.readers import (
    FILE_FORMATS,
    SUFFIXES,
    Directives,
    FileFormat,
    format_for,
    format_for_media_type,
    reader_for,
)
from waardetaal.sources import walk
from waardetaal.web.app import create_app

TERM = "Alle mbo-leerlingen lopen stage."  # one finding with a safe fix: mbo-leerlingen -> mbo-studenten
FIXED = "Alle mbo-studenten lopen stage."
COMMENT = "<!-- waardetaal: negeer-bestand -- test -->"
MARKER = "# waardetaal: negeer-bestand -- test"


def _docx(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _odt(lines: list[str]) -> bytes:
    document = OpenDocumentText()
    for line in lines:
        document.text.addElement(odftext.P(text=line))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(lines: list[str]) -> bytes:
    pdf = documents._pdf()
    pdf.add_page()
    pdf.set_xy(20, 20)
    pdf.multi_cell(170, 6, "\n".join(lines))
    return bytes(pdf.output())


# A file of each reader's format holding the given lines of prose; a new format needs a maker here.
MAKERS: dict[str, Callable[[list[str]], bytes]] = {
    "text": lambda lines: "\n".join(lines).encode("utf-8"),
    "markdown": lambda lines: "\n\n".join(lines).encode("utf-8"),
    "html": lambda lines: "\n".join(lines).encode("utf-8"),
    "docx": _docx,
    "odt": _odt,
    "pdf": _pdf,
}


def sample(file_format: FileFormat, *lines: str) -> bytes:
    """A file of ``file_format`` with these lines of prose."""
    return MAKERS[file_format.module](list(lines))


def formats_where(where: Callable[[FileFormat], bool]) -> list[FileFormat]:
    return [file_format for file_format in FILE_FORMATS if where(file_format)]


def check_json(path: Path, *options: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *options, str(path)])
    assert result.exit_code in (0, 1), result.output
    files: list[dict[str, object]] = json.loads(result.output)["files"]
    return files[0]


def by_id(file_format: FileFormat) -> str:
    return file_format.suffixes[0]


# --- the file-format registry itself ---------------------------------------------------------------------


def test_every_suffix_belongs_to_one_format_and_has_a_reader() -> None:
    declared = [suffix for file_format in FILE_FORMATS for suffix in file_format.suffixes]
    assert len(declared) == len(set(declared)) == len(SUFFIXES)
    assert all(re.fullmatch(r"\.[a-z0-9]+", suffix) for suffix in declared)
    assert len({file_format.media_type for file_format in FILE_FORMATS}) == len(FILE_FORMATS)
    for file_format in FILE_FORMATS:
        for suffix in file_format.suffixes:
            assert format_for(suffix.upper()) is file_format
            reader = reader_for(suffix.upper())
            assert reader is not None and reader.__name__ == file_format.function
    assert format_for(".doc") is None and reader_for(".doc") is None and reader_for("") is None


# What each format allows, as the README documents it: a visible line in markup is text, never a directive.
DOCUMENTED = {
    ".txt": (Directives.COMMENTS_AND_MARKERS, True),
    ".md": (Directives.COMMENTS, True),
    ".markdown": (Directives.COMMENTS, True),
    ".html": (Directives.COMMENTS, True),
    ".htm": (Directives.COMMENTS, True),
    ".docx": (Directives.NONE, False),
    ".odt": (Directives.NONE, False),
    ".pdf": (Directives.NONE, False),
}


def test_the_registry_declares_the_documented_behaviour() -> None:
    declared = {suffix: (f.directives, f.fixable) for f in FILE_FORMATS for suffix in f.suffixes}
    assert declared == DOCUMENTED


@pytest.mark.parametrize("file_format", FILE_FORMATS, ids=by_id)
def test_each_reader_does_what_its_entry_declares(file_format: FileFormat) -> None:
    reader = reader_for(file_format.suffixes[0])
    assert reader is not None
    extracted = reader(sample(file_format, TERM))
    assert "mbo-leerlingen" in extracted.text
    # Directives and fixes both need the file's own text: only formats that keep it may declare them.
    assert (extracted.source is not None) == (file_format.directives is not Directives.NONE)
    assert not file_format.fixable or extracted.source is not None


def test_media_types_agree_with_the_standard_table_and_the_opendocument_package() -> None:
    standard = mimetypes.MimeTypes()  # Python's own table, not the machine's /etc/mime.types
    for file_format in FILE_FORMATS:
        for suffix in file_format.suffixes:
            guessed, _ = standard.guess_type("naam" + suffix)
            assert guessed in (None, file_format.media_type)
        assert format_for_media_type(f" {file_format.media_type.upper()} ; charset=utf-8") is file_format
    odt = format_for(".odt")
    assert odt is not None
    with zipfile.ZipFile(io.BytesIO(sample(odt, TERM))) as package:
        assert package.read("mimetype").decode("ascii") == odt.media_type
    assert format_for_media_type("application/octet-stream") is None


# --- what is derived from it -----------------------------------------------------------------------------


def test_derived_suffix_sets_follow_the_registry() -> None:
    assert {
        s for f in formats_where(lambda f: f.directives is Directives.COMMENTS) for s in f.suffixes
    } == MARKUP_SUFFIXES
    assert {s for f in formats_where(lambda f: f.fixable) for s in f.suffixes} == FIXABLE_SUFFIXES
    assert FIXABLE_SUFFIXES < SUFFIXES and MARKUP_SUFFIXES < SUFFIXES


def test_walking_finds_exactly_the_registered_suffixes_in_any_case(tmp_path: Path) -> None:
    expected = set()
    for number, suffix in enumerate(sorted(SUFFIXES)):
        for variant in (suffix, suffix.upper()):
            name = f"stuk{number}{variant}"
            (tmp_path / name).write_bytes(b"tekst")
            expected.add(name)
    for other in (".doc", ".csv", ".txt~", ".pdfx", ".htmlx", ".md.bak", ""):
        (tmp_path / f"ander{other}").write_bytes(b"tekst")
    assert {path.name for path in walk(tmp_path)} == expected


@pytest.mark.parametrize("file_format", formats_where(lambda f: f.directives is not Directives.NONE), ids=by_id)
def test_directives_count_where_the_format_declares(file_format: FileFormat, tmp_path: Path) -> None:
    commented = tmp_path / f"commentaar{file_format.suffixes[0]}"
    commented.write_bytes(sample(file_format, COMMENT, TERM))
    assert check_json(commented)["findings"] == []
    marked = tmp_path / f"markering{file_format.suffixes[-1]}"
    marked.write_bytes(sample(file_format, MARKER, TERM))
    found = check_json(marked)["findings"]
    assert isinstance(found, list)
    assert (found == []) == (file_format.directives is Directives.COMMENTS_AND_MARKERS)


@pytest.mark.parametrize("file_format", FILE_FORMATS, ids=by_id)
def test_fix_writes_back_exactly_the_fixable_formats(file_format: FileFormat, tmp_path: Path) -> None:
    path = tmp_path / f"stage{file_format.suffixes[-1].upper()}"
    original = sample(file_format, TERM)
    path.write_bytes(original)
    CliRunner().invoke(main, ["check", "--fix", str(path)])
    if file_format.fixable:
        assert path.read_bytes() == original.replace(TERM.encode(), FIXED.encode())
    else:
        assert path.read_bytes() == original


# --- files that cannot import the registry ---------------------------------------------------------------


def _hook_patterns() -> dict[str, re.Pattern[str]]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: re.compile(hook["files"]) for hook in hooks}


HOOKS = _hook_patterns()
# Near misses of real suffixes as well as arbitrary ones: a pattern off by one letter must fail.
NEAR_MISSES = st.sampled_from(sorted(SUFFIXES)).flatmap(
    lambda suffix: st.sampled_from([suffix, suffix.upper(), suffix[:-1], suffix + "x", suffix + ".bak", "x" + suffix])
)
SUFFIX_LIKE = NEAR_MISSES | st.text(st.sampled_from("abcdefhlmnoprstuwx.~"), max_size=9).map(lambda t: "." + t)


@given(SUFFIX_LIKE)
def test_pre_commit_hooks_select_the_files_the_registry_reads_and_fixes(suffix: str) -> None:
    path = f"map/stuk{suffix}"
    read = Path(path).suffix.lower() in SUFFIXES
    assert bool(HOOKS["waardetaal"].search(path)) == read
    assert bool(HOOKS["waardetaal-fix"].search(path)) == (Path(path).suffix.lower() in FIXABLE_SUFFIXES)


class _FileInputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.accepts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("type") == "file":
            self.accepts.append(values.get("accept") or "")


def test_the_web_page_accepts_the_registered_suffixes() -> None:
    parser = _FileInputs()
    parser.feed((ROOT / "src" / "waardetaal" / "web" / "static" / "index.html").read_text(encoding="utf-8"))
    assert len(parser.accepts) == 1
    assert {token.strip() for token in parser.accepts[0].split(",")} == SUFFIXES


def _readme_table(header: str) -> list[str]:
    """The first cells of the README table whose header row starts with ``header``."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = next(number for number, line in enumerate(lines) if line.startswith(f"| {header} |"))
    cells = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells.append(re.split(r"(?<!\\)\|", line)[1])
    return cells


def test_the_readme_format_table_lists_each_format_once() -> None:
    rows = {tuple(re.findall(r"`(\.[^`]+)`", cell)) for cell in _readme_table("formaat")}
    assert rows == {file_format.suffixes for file_format in FILE_FORMATS}


def test_the_readme_names_every_output_format() -> None:
    options = [cell for cell in _readme_table("optie") if cell.strip().startswith("`--format ")]
    named = {name for cell in options for name in cell.strip(" `").removeprefix("--format ").split("\\|")}
    assert named == set(RENDERERS)


# --- the web API's uploads -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


@pytest.mark.parametrize("file_format", FILE_FORMATS, ids=by_id)
def test_the_api_reads_every_registered_format(client: TestClient, file_format: FileFormat) -> None:
    upload = (f"stage{file_format.suffixes[-1].upper()}", sample(file_format, TERM), "application/octet-stream")
    answer = client.post("/api/check", files={"file": upload})
    assert answer.status_code == 200 and answer.json()["error"] is None
    assert [finding["text"] for finding in answer.json()["findings"]] == ["mbo-leerlingen"]


def test_the_api_refuses_other_suffixes_naming_the_registered_ones(client: TestClient) -> None:
    answer = client.post("/api/check", files={"file": ("stage.csv", TERM.encode(), "text/csv")})
    assert answer.status_code == 415
    message = answer.json()["error"]
    assert "niet gecontroleerd" in message
    assert all(suffix in message for suffix in SUFFIXES) and all(f.label in message for f in FILE_FORMATS)


def test_an_upload_without_suffix_is_read_by_its_media_type_or_as_text(client: TestClient) -> None:
    word = format_for(".docx")
    assert word is not None
    as_word = client.post("/api/check", files={"file": ("stage", sample(word, TERM), word.media_type)})
    assert [finding["text"] for finding in as_word.json()["findings"]] == ["mbo-leerlingen"]
    as_text = client.post("/api/check", files={"file": ("stage", TERM.encode(), "application/octet-stream")})
    assert [finding["text"] for finding in as_text.json()["findings"]] == ["mbo-leerlingen"]


# --- the output-format registry --------------------------------------------------------------------------


def test_output_formats_are_the_formatters_names() -> None:
    assert tuple(RENDERERS) == FORMATS
    check = main.commands["check"] if isinstance(main, click.Group) else None
    assert check is not None
    choices = [p.type.choices for p in check.params if p.name == "output_format" and isinstance(p.type, click.Choice)]
    assert [list(c) for c in choices] == [list(RENDERERS)]


@pytest.mark.parametrize("name", list(RENDERERS))
def test_each_output_format_can_be_chosen_in_the_configuration(name: str, tmp_path: Path) -> None:
    path = tmp_path / "stage.txt"
    path.write_text(TERM, encoding="utf-8")
    chosen = CliRunner().invoke(main, ["check", "--format", name, str(path)])
    (tmp_path / ".waardetaal.toml").write_text(f'format = "{name}"\n', encoding="utf-8")
    configured = CliRunner().invoke(main, ["check", str(path)])
    assert chosen.exit_code == configured.exit_code == 1
    assert "mbo-leerlingen" in configured.output and configured.output == chosen.output


def test_an_output_format_outside_the_registry_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".waardetaal.toml").write_text('format = "csv"\n', encoding="utf-8")
    (tmp_path / "stage.txt").write_text(TERM, encoding="utf-8")
    assert CliRunner().invoke(main, ["check", str(tmp_path / "stage.txt")]).exit_code == 2
    assert CliRunner().invoke(main, ["check", "--format", "csv", str(tmp_path)]).exit_code == 2
