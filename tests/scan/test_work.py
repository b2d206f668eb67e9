"""The per-document function of a scan: the same findings as ``check``, plus words, pages, year, term and context."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st
from odf.meta import CreationDate
from odf.opendocument import OpenDocumentText
from odf.text import P
from tests.conftest import ROOT
from tests.documents import make_docx, make_odt, make_pdf

from waardetaal.morphology import Inflection, word_forms
from waardetaal.scan import work
from waardetaal.scan.model import DocumentResult, DocumentTask, ScanSettings
from waardetaal.scan.terms import term_of
from waardetaal.scan.text_stats import CONTEXT_CHARS, ELLIPSIS, context, word_count
from waardetaal.scan.work import check_document, new_scan

MARKDOWN = """# Nota

Het aandeel hoogopgeleiden groeit. Zij werken met `hoogopgeleiden` in code.

<!-- waardetaal: negeer-regel utrecht.mbo-leerling -- citaat -->
Een citaat over mbo-leerlingen.

Laagopgeleide inwoners en mbo-leerlingen.
"""
HTML = """<!DOCTYPE html>
<html lang="nl"><head><title>Hoger onderwijs</title></head>
<body><p>Ouders met een laag opleidingsniveau.</p>
<p>Een   vacature met HBO werk-
en denkniveau.</p></body></html>
"""
TEXT = "Veel hoogopgeleiden wonen hier.\r\nDe mbo-leerlingen ook.\n[waardetaal: negeer-regel]\nHoogopgeleiden.\n"
VACANCY = "Gevraagd: minimaal een afgeronde hbo-opleiding. Ook laagopgeleiden zijn welkom.\n"


def _pdf_of(year: int) -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(datetime(year, 5, 1, tzinfo=UTC))
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.cell(text="Een rapport over hoogopgeleiden.")
    return bytes(pdf.output())


CORE_XML = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    ' xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{}'
    "</cp:coreProperties>"
)


def _docx_of(created: str | None, modified: str | None) -> bytes:
    """A Word file whose core properties hold only these dates (as written in the XML)."""
    document = docx.Document()
    document.add_paragraph("Laagopgeleiden en hoogopgeleiden.")
    buffer = io.BytesIO()
    document.save(buffer)
    dates = "".join(
        f'<dcterms:{name} xsi:type="dcterms:W3CDTF">{value}</dcterms:{name}>'
        for name, value in (("created", created), ("modified", modified))
        if value is not None
    )
    rewritten = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(rewritten, "w") as target:
        for item in source.infolist():
            data = CORE_XML.format(dates).encode() if item.filename == "docProps/core.xml" else source.read(item)
            target.writestr(item, data)
    return rewritten.getvalue()


def _odt_of(date: str | None) -> bytes:
    document = OpenDocumentText()
    if date is not None:
        document.meta.addElement(CreationDate(text=date))
    document.text.addElement(P(text="Een nota over hoogopgeleiden."))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of real files of every format, one sub-folder with its own configuration."""
    root = tmp_path_factory.mktemp("werk")
    (root / "nota.md").write_text(MARKDOWN, encoding="utf-8")
    (root / "pagina.html").write_text(HTML, encoding="utf-8")
    (root / "brief.txt").write_bytes(TEXT.encode("utf-8"))
    (root / "vacature.docx").write_bytes(make_docx())
    (root / "rapport.pdf").write_bytes(make_pdf())
    (root / "stage.odt").write_bytes(make_odt())
    (root / "kapot.docx").write_bytes(b"PK\x03\x04 geen Word-bestand")
    strict = root / "streng"
    strict.mkdir()
    (strict / ".waardetaal.toml").write_text('genre = "vacature"\nfail-on = "info"\n', encoding="utf-8")
    (strict / "vacature.txt").write_text(VACANCY, encoding="utf-8")
    lenient = root / "mild"
    lenient.mkdir()
    (lenient / ".waardetaal.toml").write_text(
        'fail-on = "error"\nignore = ["utrecht.hoog-laag-opgeleid"]\n', encoding="utf-8"
    )
    (lenient / "vacature.txt").write_text(VACANCY, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _fresh_configurations() -> None:
    """Each test is a scan of its own: configurations are cached by folder as given, here often '.'."""
    new_scan()


def _check_json(folder: Path, *options: str) -> dict[str, dict[str, object]]:
    """``waardetaal check --format json`` on the folder, per printed path."""
    command = [sys.executable, "-m", "waardetaal", "check", "--format", "json", *options, "."]
    done = subprocess.run(command, cwd=folder, capture_output=True, check=False)
    assert done.returncode in (1, 2), done.stderr
    return {entry["path"]: entry for entry in json.loads(done.stdout)["files"]}


def _scanned(folder: Path, path: str, settings: ScanSettings, monkeypatch: pytest.MonkeyPatch) -> DocumentResult:
    monkeypatch.chdir(folder)
    new_scan()
    return check_document(DocumentTask(".", path, path.removeprefix("./")), settings)


@pytest.mark.parametrize(
    ("options", "command_line"),
    [
        ((), ()),
        (
            ("--genre", "vacature", "--ignore", "utrecht.mbo-leerling"),
            (("genre", "vacature"), ("ignore", ("utrecht.mbo-leerling",))),
        ),
    ],
)
def test_findings_equal_those_of_check(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    options: tuple[str, ...],
    command_line: tuple[tuple[str, object], ...],
) -> None:
    expected = _check_json(folder, *options)
    settings = ScanSettings(command_line=command_line)
    assert len(expected) == 9
    for path, entry in expected.items():
        result = _scanned(folder, path, settings, monkeypatch)
        assert result.error == entry["error"], path
        findings = entry["findings"]
        assert isinstance(findings, list)
        got = [
            (r.rule, r.category, r.severity, r.text, r.start, r.end, r.line, r.column, r.message, r.suggestion)
            for r in result.findings
        ]
        want = [
            (
                f["rule"],
                f["category"],
                f["severity"],
                f["text"],
                f["start"],
                f["end"],
                f["line"],
                f["column"],
                f["message"],
                (f["suggestions"] or [""])[0],
            )
            for f in findings
        ]
        assert got == want, path
        locations = [f.get("location", {}) for f in findings]
        assert [(r.page, r.paragraph) for r in result.findings] == [
            (w.get("page"), w.get("paragraph")) for w in locations
        ]
    assert any(r.page for r in _scanned(folder, "./rapport.pdf", settings, monkeypatch).findings)


def test_the_nearest_configuration_decides_findings_and_failing(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    strict = _scanned(folder, "./streng/vacature.txt", ScanSettings(), monkeypatch)
    lenient = _scanned(folder, "./mild/vacature.txt", ScanSettings(), monkeypatch)
    assert [r.rule for r in strict.findings] == ["utrecht.diploma-eis", "utrecht.hoog-laag-opgeleid"]
    assert strict.failed and not lenient.failed
    assert [r.rule for r in lenient.findings] == ["utrecht.diploma-eis"]
    # The command line outranks the file, as in check.
    overruled = _scanned(folder, "./mild/vacature.txt", ScanSettings((("fail-on", "info"),)), monkeypatch)
    assert overruled.failed


def test_a_new_scan_reads_a_changed_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "nota.txt").write_text("Veel hoogopgeleiden.\n", encoding="utf-8")
    config = tmp_path / ".waardetaal.toml"
    config.write_text('fail-on = "error"\n', encoding="utf-8")
    assert not _scanned(tmp_path, "nota.txt", ScanSettings(), monkeypatch).failed
    config.write_text('fail-on = "warning"\n', encoding="utf-8")
    task = DocumentTask(".", "nota.txt", "nota.txt")
    assert not check_document(task, ScanSettings()).failed  # within one scan, the configuration read stays
    assert check_document(task, ScanSettings(timeout=5)).failed  # other settings: read again
    config.write_text('fail-on = "error"\n', encoding="utf-8")
    new_scan()
    assert not check_document(task, ScanSettings(timeout=5)).failed


def test_shipped_bytes_give_the_same_result_as_the_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    for name in ("vacature.docx", "rapport.pdf", "nota.md", "kapot.docx"):
        from_file = check_document(DocumentTask(".", name, name), ScanSettings())
        shipped = check_document(DocumentTask(".", name, name, (folder / name).read_bytes()), ScanSettings())
        assert shipped == from_file
        assert from_file.digest == hashlib.sha256((folder / name).read_bytes()).hexdigest()


def test_format_words_pages_and_year(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = _scanned(folder, "rapport.pdf", ScanSettings(), monkeypatch)
    assert (pdf.format, pdf.pages) == ("pdf", 3)
    word = _scanned(folder, "vacature.docx", ScanSettings(), monkeypatch)
    assert (word.format, word.pages, word.year) == ("docx", None, 2013)  # python-docx's template says 2013
    text = _scanned(folder, "brief.txt", ScanSettings(), monkeypatch)
    assert (text.format, text.words, text.year) == ("txt", 10, None)


@pytest.mark.parametrize(
    ("data", "suffix", "year"),
    [
        (_pdf_of(2021), ".PDF", 2021),
        (_pdf_of(1975), ".pdf", None),
        (_docx_of("2019-02-03T10:00:00Z", "2022-01-01T00:00:00Z"), ".docx", 2019),
        (_docx_of(None, "2022-01-01T00:00:00Z"), ".docx", 2022),
        (_docx_of("1601-01-01T00:00:00Z", None), ".docx", None),
        (_docx_of("gisteren", "2018-05-05T00:00:00Z"), ".docx", 2018),
        (_docx_of(None, None), ".docx", None),
        (_odt_of("2020-06-30T12:00:00"), ".odt", 2020),
        (_odt_of("2999-01-01T00:00:00"), ".odt", None),
        (_odt_of(None), ".odt", None),
    ],
)
def test_year_from_the_documents_own_metadata(data: bytes, suffix: str, year: int | None) -> None:
    result = check_document(DocumentTask(".", "stuk" + suffix, "stuk" + suffix, data), ScanSettings())
    assert result.error is None
    assert result.year == year
    assert result.format == suffix[1:].lower()
    assert result.findings


def test_unreadable_documents_are_results_with_a_dutch_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kapot.pdf").write_bytes(b"%PDF-1.4 kapot")
    (tmp_path / "leeg.txt").write_bytes(b"")
    (tmp_path / "map.md").mkdir()
    results = {
        name: check_document(DocumentTask(".", name, name), ScanSettings())
        for name in ("kapot.pdf", "leeg.txt", "map.md", "weg.docx")
    }
    assert results["kapot.pdf"].error == "beschadigde of ongeldige PDF"
    assert results["kapot.pdf"].digest == hashlib.sha256(b"%PDF-1.4 kapot").hexdigest()
    assert results["leeg.txt"].error == "leeg bestand"
    assert results["map.md"].error == "is een map, geen bestand"
    assert results["weg.docx"].error == "bestand of map bestaat niet"
    for name, result in results.items():
        assert (result.findings, result.words, result.pages, result.failed) == ((), 0, None, False), name
    assert results["map.md"].digest is None and results["weg.docx"].digest is None
    monkeypatch.setattr(work, "MAX_FILE_BYTES", 1000)  # the real bound is hundreds of megabytes
    too_big = check_document(DocumentTask(".", "groot.txt", "groot.txt", b"a" * 1001), ScanSettings())
    assert too_big.error is not None and too_big.error.startswith("te groot") and too_big.digest is None


def test_a_configuration_error_is_the_documents_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "nota.txt").write_text("Hoogopgeleiden.\n", encoding="utf-8")
    result = _scanned(tmp_path, "nota.txt", ScanSettings((("select", ("utrecht.bestaat-niet",)),)), monkeypatch)
    assert result.error is not None and result.error.startswith("fout in configuratie: ")
    assert "utrecht.bestaat-niet" in result.error


# Terms: base words of terms as rules write them (in the test only: the engine knows no words).
BASES = (
    "hoogopgeleid",
    "laagopgeleid",
    "hooggeschoold",
    "laaggeschoold",
    "leerling",
    "mbo-leerling",
    "student",
    "opleiding",
    "denkniveau",
    "hbo-denkniveau",
    "vervolgonderwijs",
    "werknemer",
)


def _respelled(draw: st.DrawFn, word: str) -> str:
    """``word`` in random capitals, with hyphens, soft hyphens or a line-wrap hyphen between letters."""
    letters = []
    for index, letter in enumerate(word.replace("-", "")):
        letters.append(letter.upper() if draw(st.booleans()) else letter)
        if 0 < index < len(word) - 4:  # not before a last 'en': 'laag-⏎en' is an omission
            letters.append(draw(st.sampled_from(["", "", "", "", "-", "\u00ad", "\u2011", "-\n"])))
    return "".join(letters)


@st.composite
def _variant(draw: st.DrawFn, base: str) -> str:
    forms = [
        form for form, inflection in word_forms(base.replace("-", "")).items() if inflection is not Inflection.BASE
    ]
    # -e, -en, -'s and plural -s; not the comparative (-ere, -eren, -ers) or superlative: they are other terms.
    inflected = [
        form
        for form in forms
        if not form.endswith(("ere", "eren", "ers", "ste", "sten"))
        and (form.endswith(("e", "en", "'s")) or (form.endswith("s") and base.endswith(("er", "eau"))))
    ]
    return _respelled(draw, draw(st.sampled_from([base.replace("-", ""), *inflected[:4]])))


@given(st.data())
@settings(max_examples=300, deadline=None)
def test_spellings_and_inflections_of_a_term_are_one_term(data: st.DataObject) -> None:
    base = data.draw(st.sampled_from(BASES))
    form = data.draw(_variant(base))
    assert term_of(form) == term_of(base), form
    assert term_of(term_of(form)) == term_of(form)


@given(st.data())
@settings(max_examples=200, deadline=None)
def test_different_terms_stay_different(data: st.DataObject) -> None:
    first, second = data.draw(st.lists(st.sampled_from(BASES), min_size=2, max_size=2, unique=True))
    assert term_of(data.draw(_variant(first))) != term_of(data.draw(_variant(second)))


def test_terms_of_phrases() -> None:
    assert term_of("Hoogopgeleiden") == term_of("hoog-opgeleide") == term_of("HOOG\u00adOPGELEIDEN") == "hoogopgeleid"
    assert term_of("laag-\nen hoogopgeleiden") == term_of("laag- en hoogopgeleide") == "laag- en hoogopgeleid"
    assert term_of("HBO/WO werk-  en\ndenkniveau") == "hbo/wo werk- en denkniveau"
    assert term_of("hoge opleiding") == term_of("Hoge opleidingen") == "hoog opleiding"
    assert term_of("hogere opleiding") == "hoger opleiding" != term_of("hoge opleiding")
    assert term_of("hoger onderwijs") == "hoger onderwijs"
    assert term_of("mbo’ers") == term_of("mbo'er")
    assert term_of("hbo's") == "hbo"


WORDS = st.text(st.characters(categories=["L", "Nd"]), min_size=1, max_size=8)


@given(st.lists(st.lists(WORDS, min_size=1, max_size=3), max_size=20), st.sampled_from([" ", "\n", ", ", " / "]))
def test_word_count_counts_hyphenated_and_apostrophe_words_once(words: list[list[str]], gap: str) -> None:
    text = gap.join(d.join(parts) for parts, d in zip(words, ["-", "'", "’"] * len(words), strict=False))
    assert word_count(text) == len(words)


def test_word_count_of_a_sentence() -> None:
    assert word_count("De mbo-studenten en mbo'ers, in 2024: hbo/wo.") == 8


SENTENCE = st.text(st.sampled_from("abc  de,;:-'"), min_size=1, max_size=150).filter(lambda s: s.strip() != "")
ANY_TEXT = st.text(st.sampled_from("ab c.!?\n\r\t\u2028\u00a0 …,"), max_size=400)


@given(ANY_TEXT, st.data())
def test_context_holds_the_finding_on_one_short_line(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 140)))
    found = context(text, start, end)
    assert not any(char in found for char in "\n\r\t\u2028\u2029\u00a0")
    assert "  " not in found and found == found.strip()
    assert len(found) <= CONTEXT_CHARS + 2
    if end - start <= CONTEXT_CHARS:
        assert " ".join(text[start:end].split()) in found


@given(SENTENCE, SENTENCE, SENTENCE, st.data())
def test_context_is_the_sentence_of_the_finding(before: str, sentence: str, after: str, data: st.DataObject) -> None:
    text = f"{before}. {sentence}!\n\n{after}"
    offset = len(before) + 2
    start = data.draw(st.integers(offset, offset + len(sentence) - 1))
    end = data.draw(st.integers(start + 1, offset + len(sentence)))
    found = context(text, start, end)
    whole = " ".join((sentence + "!").split())
    if len(sentence) < CONTEXT_CHARS:
        assert found == whole
    else:
        assert found.startswith(ELLIPSIS) or found.endswith(ELLIPSIS)
        assert found.strip(ELLIPSIS) in whole


def _fork_server_exit(preload: list[str], marker: Path) -> subprocess.CompletedProcess[str]:
    """Start a fork server with ``preload``, fork one process from it, and let everything end."""
    code = (
        "import multiprocessing as mp, os\n"
        "context = mp.get_context('forkserver')\n"
        f"context.set_forkserver_preload({preload!r})\n"
        "process = context.Process(target=os.getpid)\n"
        "process.start(); process.join()\n"
        "print('klaar', process.exitcode)\n"
    )
    environment = {**os.environ, "WAARDETAAL_TEST_MARKER": str(marker), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=environment)


@pytest.mark.parametrize("with_module", [False, True])
def test_a_fork_server_that_preloads_the_module_skips_its_teardown(tmp_path: Path, with_module: bool) -> None:
    marker = tmp_path / "marker"
    preload = ["tests.scan.forkserver_marker", *(["waardetaal.scan.fork_server"] if with_module else [])]
    done = _fork_server_exit(preload, marker)  # returns when the fork server, which shares its pipes, has ended
    assert (done.returncode, done.stdout) == (0, "klaar 0\n"), done.stderr
    assert marker.exists() is not with_module


def test_imported_anywhere_else_the_module_changes_nothing() -> None:
    code = "import sys, waardetaal.scan.fork_server as f\nprint(f.in_fork_server())\nsys.exit(3)\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (3, "False\n")


def test_the_scan_preloads_that_module_first(monkeypatch: pytest.MonkeyPatch) -> None:
    from multiprocessing.context import ForkServerContext

    from waardetaal.scan import local

    given: list[list[str]] = []
    monkeypatch.setattr(ForkServerContext, "set_forkserver_preload", lambda self, names: given.append(names))
    local._context()
    assert given[0][0] == "waardetaal.scan.fork_server"
