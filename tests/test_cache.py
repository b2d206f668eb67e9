"""The result cache of ``check``: a warm run says exactly what a cold one says, and never an old result."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from tests import documents
from tests.conftest import ROOT

from waardetaal.cache import ENVIRONMENT_FOLDER, ENVIRONMENT_OFF, _finding, _record
from waardetaal.cli import main
from waardetaal.findings import Finding, Severity

VACANCY = "# Vacature\n\nWij zoeken hoogopgeleiden met HBO/WO werk- en denkniveau.\n\nVoor mbo-leerlingen.\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.delenv(ENVIRONMENT_OFF, raising=False)
    monkeypatch.setenv(ENVIRONMENT_FOLDER, str(folder))
    yield folder


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.output


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json"))


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpora and a Word file and a PDF: every reader's positions go through the cache."""
    folder = tmp_path_factory.mktemp("gemengd")
    shutil.copytree(ROOT / "corpora", folder / "corpora")
    (folder / "vacature.docx").write_bytes(documents.make_docx())
    (folder / "rapport.pdf").write_bytes(documents.make_pdf())
    return folder


@pytest.mark.parametrize(
    "options",
    [["--format", "json"], ["--format", "sarif"], ["--show-source"], ["--format", "json", "--genre", "vacature"]],
)
def test_a_warm_run_says_exactly_what_a_cold_one_says(mixed: Path, cache: Path, options: list[str]) -> None:
    cold = check(*options, str(mixed))
    assert entries(cache), "the cold run filed its results"
    warm = check(*options, str(mixed))
    assert warm == cold
    assert cold == check("--no-cache", *options, str(mixed))


def test_a_warm_run_does_not_import_spacy(tmp_path: Path, cache: Path) -> None:
    text = tmp_path / "vacature.md"
    text.write_text(VACANCY, encoding="utf-8")
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['waardetaal', 'check', sys.argv[1]]\n"
        "try:\n"
        "    runpy.run_module('waardetaal', run_name='__main__')\n"
        "finally:\n"
        "    print('spacy' in sys.modules, file=sys.stderr)\n"
    )
    runs = [subprocess.run([sys.executable, "-c", probe, str(text)], capture_output=True, text=True) for _ in "12"]
    assert [run.stderr.split()[-1] for run in runs] == ["True", "False"]
    assert runs[0].stdout == runs[1].stdout and "hoogopgeleiden" in runs[1].stdout


def test_a_changed_file_is_linted_again(tmp_path: Path, cache: Path) -> None:
    text = tmp_path / "vacature.md"
    text.write_text(VACANCY, encoding="utf-8")
    assert check(str(text))[0] == 1
    text.write_text(VACANCY.replace("hoogopgeleiden", "vakmensen"), encoding="utf-8")
    output = check("--format", "json", str(text))[1]
    assert "hoogopgeleiden" not in output and "denkniveau" in output


def test_a_changed_rule_file_or_setting_is_never_met_by_an_old_result(tmp_path: Path, cache: Path) -> None:
    text = tmp_path / "vacature.md"
    text.write_text("Een ict medewerker gezocht.\n", encoding="utf-8")
    rules = tmp_path / "proef.yaml"
    rule = (
        "ruleset: proef\nsource: Test\nrules:\n  - id: proef.medewerker\n    category: functie\n"
        "    severity: warning\n    message: Eerste melding.\n    why: Omdat.\n    patterns: [ict medewerker]\n"
        "    examples:\n      flag: ['Een [[ict medewerker]].']\n      pass: ['Een specialist.']\n"
    )
    rules.write_text(rule, encoding="utf-8")
    assert "Eerste melding." in check("--rules", str(rules), str(text))[1]
    rules.write_text(rule.replace("Eerste melding.", "Tweede melding."), encoding="utf-8")
    output = check("--rules", str(rules), str(text))[1]
    assert "Tweede melding." in output and "Eerste melding." not in output
    assert "proef.medewerker" not in check("--rules", str(rules), "--ignore", "proef", str(text))[1]
    assert "error proef.medewerker" in check("--rules", str(rules), "--severity", "proef=error", str(text))[1]


def test_a_damaged_or_unwritable_cache_is_only_a_miss(tmp_path: Path, cache: Path) -> None:
    text = tmp_path / "vacature.md"
    text.write_text(VACANCY, encoding="utf-8")
    cold = check("--format", "json", str(text))
    for entry in entries(cache):
        entry.write_bytes(b'[{"rule": "nep"')
    assert check("--format", "json", str(text)) == cold
    for entry in entries(cache):
        entry.write_text('[{"rule": 1, "span": [1]}]', encoding="utf-8")
    assert check("--format", "json", str(text)) == cold
    shutil.rmtree(cache)
    cache.write_text("geen map", encoding="utf-8")  # mkdir fails: no cache, the same answer
    assert check("--format", "json", str(text)) == cold


def test_no_cache_and_the_environment_switch_write_nothing(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = tmp_path / "vacature.md"
    text.write_text(VACANCY, encoding="utf-8")
    check("--no-cache", str(text))
    assert not cache.exists()
    monkeypatch.setenv(ENVIRONMENT_OFF, "1")
    check(str(text))
    assert not cache.exists()


def test_fix_from_cached_findings_writes_what_fix_without_a_cache_writes(tmp_path: Path, cache: Path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    for path in (first, second):
        path.write_text(VACANCY, encoding="utf-8")
    check(str(first))  # files the findings, the fixes among them
    check("--fix", str(first))
    check("--no-cache", "--fix", str(second))
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8") != VACANCY


words = st.text(min_size=1, max_size=12)


@given(
    rule=words,
    severity=st.sampled_from(list(Severity)),
    numbers=st.lists(st.integers(min_value=0, max_value=10**9), min_size=6, max_size=6),
    text=st.text(max_size=30),
    suggestions=st.lists(st.text(max_size=20), max_size=3),
    location=st.none() | st.dictionaries(words, st.integers(0, 10**6) | words, max_size=3),
    fix=st.none() | st.text(max_size=20),
)
def test_a_finding_comes_back_from_its_record_unchanged(
    rule: str,
    severity: Severity,
    numbers: list[int],
    text: str,
    suggestions: list[str],
    location: dict[str, int | str] | None,
    fix: str | None,
) -> None:
    finding = Finding(rule, "categorie", severity, *numbers, text, "melding", tuple(suggestions), location, fix)
    back = _finding(json.loads(json.dumps(_record(finding))))
    assert back == finding and back.fix == finding.fix


def test_the_format_read_and_the_unused_suppressions_setting_are_part_of_the_key(tmp_path: Path, cache: Path) -> None:
    page = "<p>Wij zoeken <b>hoogopgeleiden</b>.</p>\n"
    as_html, as_text = tmp_path / "a.html", tmp_path / "a.txt"
    for path in (as_html, as_text):
        path.write_text(page, encoding="utf-8")
    check("--format", "json", str(as_html))
    assert check("--format", "json", str(as_text)) == check("--no-cache", "--format", "json", str(as_text))
    unused = tmp_path / "b.md"
    unused.write_text("Gewone tekst. <!-- waardetaal: negeer-regel -- niets te negeren -->\n", encoding="utf-8")
    reported = check("--report-unused-suppressions", str(unused))[1]
    assert "waardetaal.ongebruikte-onderdrukking" in reported, reported
    assert check("--no-report-unused-suppressions", str(unused)) == check(
        "--no-cache", "--no-report-unused-suppressions", str(unused)
    )


def test_an_upgraded_reader_library_is_a_new_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # An upgrade rewrites the library's files; what it reads from a PDF may then differ.
    import importlib.util

    from waardetaal import cache

    before = cache._engine_digest()
    found = importlib.util.find_spec("pypdfium2")
    assert found is not None and found.origin is not None
    moved = tmp_path / "__init__.py"
    moved.write_bytes(Path(found.origin).read_bytes())
    real_find_spec = importlib.util.find_spec

    def upgraded(name: str, *args: object) -> object:
        spec = real_find_spec(name)
        if name == "pypdfium2" and spec is not None:
            spec = copy.copy(spec)  # an imported module's own spec is what find_spec gives: leave it as it is
            spec.origin = str(moved)
        return spec

    monkeypatch.setattr(importlib.util, "find_spec", upgraded)
    cache._engine_digest.cache_clear()
    try:
        assert cache._engine_digest() != before
    finally:
        monkeypatch.undo()
        cache._engine_digest.cache_clear()
    assert cache._engine_digest() == before
