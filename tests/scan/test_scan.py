"""The batch scan through its command line: CSV files equal to ``check``, groups, resuming, failures, exit status."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pebble import ProcessPool
from tests.scan.corpus import CORRUPT, build_corpus

from waardetaal.scan.columns import DOCUMENTS_FILE, FINDINGS_FILE
from waardetaal.scan.groups import YEAR, GroupError, Grouping, parse_group_by, read_metadata
from waardetaal.scan.local import LocalExecutor
from waardetaal.scan.model import DocumentResult, DocumentTask, FindingRow, ScanSettings
from waardetaal.scan.progress import Silent, StatusLines
from waardetaal.scan.runner import ScanRequest, run_scan
from waardetaal.scan.store import FileState, Store
from waardetaal.scan.tables import write_tables
from waardetaal.scan.work import check_document

GROUPS = ["--group-by", "afdeling=1,jaar=2"]
DOCUMENTS = 120
USER_RULES = """\
ruleset: eigen
source: Testbron
rules:
  - id: eigen.buurthuis
    category: eigen-woorden
    severity: warning
    message: {message}
    why: Omdat het kan.
    patterns: [buurthuizen]
    examples:
      flag: ["Er zijn veel [[buurthuizen]]."]
      pass: ["Er zijn veel huizen."]
"""


def waardetaal(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line."""
    return subprocess.run(
        [sys.executable, "-m", "waardetaal", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def start_scan(corpus: Path, output: Path, *args: str) -> subprocess.Popen[str]:
    """Start a scan in the background."""
    command = [sys.executable, "-m", "waardetaal", "scan", str(corpus), "-o", str(output), *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file the scan wrote, which starts with a byte order mark."""
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def recorded(output: Path) -> int:
    """How many documents the store of a running scan holds."""
    try:
        with sqlite3.connect(f"file:{output / 'scan.sqlite'}?mode=ro", uri=True, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:  # not created yet
        return 0


def wait_until_recorded(output: Path, count: int, scan: subprocess.Popen[str]) -> None:
    """Wait until the scan has recorded ``count`` documents (and is still running)."""
    deadline = time.monotonic() + 120
    while recorded(output) < count:
        assert scan.poll() is None, "the scan ended before it could be stopped"
        assert time.monotonic() < deadline
        time.sleep(0.02)


def checked_counts(stderr: str) -> tuple[int, int]:
    """(checked now, unchanged) from the scan's closing line."""
    line = stderr.strip().splitlines()[-1]
    checked, _, rest = line.partition(" gecontroleerd, ")
    return int(checked), int(rest.split(" ", 1)[0])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus of real files in afdeling/jaar folders, never changed by a test."""
    root = tmp_path_factory.mktemp("corpus")
    build_corpus(root, DOCUMENTS)
    return root


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One complete scan of the corpus with two workers, grouped by department and year."""
    output = tmp_path_factory.mktemp("referentie")
    result = waardetaal("scan", str(corpus), "-o", str(output), "--jobs", "2", "--quiet", *GROUPS)
    assert result.returncode == 2, result.stderr  # the corrupt file
    assert result.stderr == ""
    return output


def test_csv_rows_equal_the_json_of_check(corpus: Path, reference: Path) -> None:
    checked = json.loads(waardetaal("check", "--format", "json", ".", cwd=corpus).stdout)
    expected = [
        {
            "path": file["path"],
            "afdeling": file["path"].split("/")[0],
            "jaar": file["path"].split("/")[1],
            "rule": finding["rule"],
            "category": finding["category"],
            "severity": finding["severity"],
            "text": finding["text"],
            "suggestion": (finding["suggestions"] or [""])[0],
            "line": str(finding["line"]),
            "column": str(finding["column"]),
            "page": str(finding.get("location", {}).get("page", "")),
            "paragraph": str(finding.get("location", {}).get("paragraph", "")),
            "start": str(finding["start"]),
            "end": str(finding["end"]),
        }
        for file in sorted(checked["files"], key=lambda file: file["path"])
        for finding in file["findings"]
    ]
    found = rows(reference / FINDINGS_FILE)
    assert [{key: row[key] for key in expected[0]} for row in found] == expected
    assert all(row["term"] and row["context"] for row in found)
    documents = rows(reference / DOCUMENTS_FILE)
    assert [(row["path"], row["error"]) for row in documents] == sorted(
        (file["path"], file["error"] or "") for file in checked["files"]
    )
    by_path = {row["path"]: row for row in documents}
    assert by_path[CORRUPT]["error"] and by_path[CORRUPT]["per_1000_words"] == ""
    for row in documents:
        assert int(row["findings"]) == sum(finding["path"] == row["path"] for finding in found)
        assert int(row["findings"]) == sum(
            int(row[name])
            for name in (
                "opleidingsniveau",
                "denkniveau",
                "ladder",
                "hoger-onderwijs",
                "praktisch-theoretisch",
                "diploma-eis",
                "student-status",
            )
        )
        assert (row["pages"] != "") == row["path"].endswith(".pdf") or row["error"]


def test_columns_are_the_contract(reference: Path) -> None:
    findings_header = next(csv.reader(io.StringIO((reference / FINDINGS_FILE).read_text("utf-8-sig"))))
    assert findings_header == [
        "path", "afdeling", "jaar", "rule", "category", "severity", "text", "term", "suggestion",
        "line", "column", "page", "paragraph", "start", "end", "context",
    ]  # fmt: skip
    documents_header = next(csv.reader(io.StringIO((reference / DOCUMENTS_FILE).read_text("utf-8-sig"))))
    assert documents_header[:8] == [
        "path",
        "afdeling",
        "jaar",
        "format",
        "words",
        "pages",
        "findings",
        "opleidingsniveau",
    ]
    assert documents_header[-2:] == ["per_1000_words", "error"]


def test_killed_scan_resumes_with_identical_files_and_checks_only_the_rest(
    corpus: Path, reference: Path, tmp_path: Path
) -> None:
    output = tmp_path / "uit"
    scan = start_scan(corpus, output, "--jobs", "1", *GROUPS)
    wait_until_recorded(output, 10, scan)
    scan.send_signal(signal.SIGKILL)
    scan.communicate(timeout=60)
    done = recorded(output)
    assert 10 <= done < DOCUMENTS
    again = waardetaal("scan", str(corpus), "-o", str(output), "--jobs", "2", *GROUPS)
    assert again.returncode == 2, again.stderr
    assert checked_counts(again.stderr) == (DOCUMENTS - done, done)
    for name in (FINDINGS_FILE, DOCUMENTS_FILE):
        assert (output / name).read_bytes() == (reference / name).read_bytes()


def test_ctrl_c_exits_130_and_says_how_to_go_on(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "uit"
    scan = start_scan(corpus, output, "--jobs", "1")
    wait_until_recorded(output, 5, scan)
    scan.send_signal(signal.SIGINT)
    _, stderr = scan.communicate(timeout=60)
    assert scan.returncode == 130
    last = stderr.strip().splitlines()[-1]
    done = recorded(output)
    assert last == (
        f"Onderbroken na {done} van {DOCUMENTS} documenten; start dezelfde opdracht opnieuw om verder te gaan."
    )
    assert len(rows(output / DOCUMENTS_FILE)) == done < DOCUMENTS


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A small corpus to change, with a user rule file next to it."""
    root = tmp_path / "corpus"
    build_corpus(root, 12, seed=3)
    (tmp_path / "eigen.yaml").write_text(USER_RULES.format(message="Eerste."), encoding="utf-8")
    return root


def test_changed_file_and_changed_rule_file_are_checked_again(small: Path, tmp_path: Path) -> None:
    output, rules = tmp_path / "uit", tmp_path / "eigen.yaml"
    scan = ("scan", str(small), "-o", str(output), "--rules", str(rules), "--jobs", "1")
    assert checked_counts(waardetaal(*scan).stderr) == (12, 0)
    assert checked_counts(waardetaal(*scan).stderr) == (0, 12)
    changed = small / "sociaal" / "2022" / "publicatie-0001.pdf"
    changed.write_bytes(changed.read_bytes())  # a new time, the same bytes: not checked again
    touched = small / "economie" / "2022" / "publicatie-0002.docx"
    text = small / "onderwijs" / "2022" / "publicatie-0003.html"
    text.write_text(text.read_text("utf-8").replace("</body>", "<p>Er zijn veel buurthuizen.</p></body>"), "utf-8")
    os.utime(touched, ns=(1, 1))
    shutil.copy(text, small / "sociaal" / "2022" / "nieuw.html")
    (small / "sociaal" / "2022" / "publicatie-0010.txt").unlink()
    second = waardetaal(*scan)
    assert checked_counts(second.stderr) == (2, 10)
    paths = [row["path"] for row in rows(output / DOCUMENTS_FILE)]
    assert "sociaal/2022/nieuw.html" in paths and "sociaal/2022/publicatie-0010.txt" not in paths
    assert "eigen-woorden" in paths_header(output)
    rules.write_text(USER_RULES.format(message="Tweede."), encoding="utf-8")
    assert checked_counts(waardetaal(*scan).stderr) == (12, 0)


def paths_header(output: Path) -> list[str]:
    """The header of documenten.csv."""
    return next(csv.reader(io.StringIO((output / DOCUMENTS_FILE).read_text("utf-8-sig"))))


def test_exit_status_as_check(tmp_path: Path) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "schoon.txt").write_text("De gemeente werkt samen met de hogeschool.\n", encoding="utf-8")
    scan = ("scan", str(folder), "-o", str(tmp_path / "uit"), "--jobs", "1", "--quiet")
    assert waardetaal(*scan).returncode == 0
    (folder / "vacature.txt").write_text("Veel hoogopgeleiden.\n", encoding="utf-8")
    assert waardetaal(*scan).returncode == 1
    assert waardetaal(*scan, "--fail-on", "error").returncode == 0
    (folder / "kapot.pdf").write_bytes(b"%PDF-1.4 kapot")
    status = waardetaal(*scan)
    assert status.returncode == 2 and status.stderr == ""
    assert (tmp_path / "uit" / DOCUMENTS_FILE).exists()


def test_usage_errors_are_dutch_and_exit_two(tmp_path: Path) -> None:
    metadata = tmp_path / "meta.csv"
    metadata.write_text("bestand;afdeling\na.txt;x\n", encoding="utf-8")
    for options, message in (
        (["--group-by", "afdeling"], "is niet NAAM=NIVEAU"),
        (["--metadata", str(metadata)], "de kolom ‘path’ ontbreekt"),
        (["--rules", str(tmp_path / "geen.yaml")], "fout in regelbestand"),
        (["--ship-documents"], "--ship-documents hoort bij --scheduler"),
    ):
        result = waardetaal("scan", str(tmp_path), "-o", str(tmp_path / "uit"), *options)
        assert result.returncode == 2 and message in result.stderr, result.stderr


# A document named so hangs its worker, one named so crashes it (as a looping or segfaulting PDF library would).
HANGS, CRASHES = "haper.txt", "crash.txt"


def faulty_check(task: DocumentTask, settings: ScanSettings) -> DocumentResult:
    """The real check, except for the two documents that hang and crash."""
    name = Path(task.path).name
    if name == HANGS:
        time.sleep(3600)
    if name == CRASHES:
        os.kill(os.getpid(), signal.SIGSEGV)
    return check_document(task, settings)


def test_hanging_and_crashing_documents_are_recorded_and_the_scan_finishes(small: Path, tmp_path: Path) -> None:
    for name in (HANGS, CRASHES):
        (small / "sociaal" / name).write_text("Veel hoogopgeleiden.\n", encoding="utf-8")
    output = tmp_path / "uit"
    request = ScanRequest([str(small)], output, ScanSettings(timeout=3))
    outcome = run_scan(request, LocalExecutor(2, faulty_check), Silent)
    assert not outcome.interrupted and outcome.totals.documents == 14
    errors = {row["path"]: row["error"] for row in rows(output / DOCUMENTS_FILE) if row["error"]}
    assert errors == {
        f"sociaal/{HANGS}": "de controle duurde langer dan 3 s en is afgebroken; niet gecontroleerd",
        f"sociaal/{CRASHES}": "het werkproces stopte onverwacht tijdens de controle (signaal 11); niet gecontroleerd",
        CORRUPT: errors[CORRUPT],
    }
    assert outcome.totals.findings == len(rows(output / FINDINGS_FILE)) > 0


class _CountingPool(ProcessPool):
    """Pebble's pool, counting what it was given (a pool starts its workers with the first)."""

    scheduled = 0

    def schedule(self, *args: object, **kwargs: object) -> object:  # type: ignore[override]
        type(self).scheduled += 1
        return super().schedule(*args, **kwargs)  # type: ignore[arg-type]


def test_workers_start_only_when_a_document_needs_checking(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("waardetaal.scan.local.ProcessPool", _CountingPool)
    monkeypatch.setattr(_CountingPool, "scheduled", 0)
    request = ScanRequest([str(small)], tmp_path / "uit", ScanSettings())
    first = run_scan(request, LocalExecutor(2), Silent)
    assert _CountingPool.scheduled == first.counts.done > 0
    _CountingPool.scheduled = 0
    again = run_scan(request, LocalExecutor(2), Silent)  # nothing changed: nothing to wait for
    assert _CountingPool.scheduled == 0
    assert again.counts.skipped == again.counts.done == first.counts.done


def test_group_values_from_folders_metadata_and_document_year(tmp_path: Path) -> None:
    metadata = tmp_path / "meta.csv"
    metadata.write_text("\ufeffpath;thema;jaar\nsociaal/a.docx;werk;2019\n.\\economie\\b.pdf;zorg;\n", "utf-8")
    columns, table = read_metadata(metadata)
    grouping = Grouping(parse_group_by("afdeling=1"), columns, table)
    assert grouping.columns == ("afdeling", "thema", YEAR)
    assert grouping.values("sociaal/a.docx", 2023) == ("sociaal", "werk", "2019")
    assert grouping.values("economie/b.pdf", 2023) == ("economie", "zorg", "2023")
    assert grouping.values("c.txt", None) == ("", "", "")
    with pytest.raises(GroupError, match="staat er twee keer in"):
        parse_group_by("a=1,a=2")
    with pytest.raises(GroupError, match="al een kolom"):
        parse_group_by("rule=1")


@settings(max_examples=50, deadline=None)
@given(
    # Folder names as a walk gives them: never '.' or '..', which a relative path from the walk does not hold.
    st.lists(
        st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=8).filter(
            lambda name: name not in {".", ".."}
        ),
        max_size=5,
    ),
    st.lists(st.integers(1, 6), min_size=1, max_size=4, unique=True),
)
def test_group_levels_are_the_folders_below_the_path(folders: list[str], levels: list[int]) -> None:
    grouping = Grouping(tuple((f"g{level}", level) for level in levels))
    relative = "/".join([*folders, "doc.txt"])
    values = grouping.values(relative, 2024)
    assert len(values) == len(grouping.columns) == len(levels) + 1
    assert values[:-1] == tuple(folders[level - 1] if level <= len(folders) else "" for level in levels)
    assert values[-1] == "2024"


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@st.composite
def results(draw: st.DrawFn) -> list[DocumentResult]:
    """Results of documents with findings in any order of start, texts with commas, quotes and newlines."""
    names = draw(st.lists(st.from_regex(r"[a-z]{1,3}(/[a-z]{1,3}){0,2}\.txt", fullmatch=True), unique=True))
    made = []
    for name in names:
        starts = draw(st.lists(st.integers(0, 1000), max_size=5))
        findings = tuple(
            FindingRow(
                "r.x",
                draw(st.sampled_from(["a", "b"])),
                "warning",
                draw(TEXT),
                "t",
                draw(TEXT),
                1,
                1,
                None,
                None,
                start,
                start + 1,
                draw(TEXT),
                "m",
            )
            for start in sorted(starts)
        )
        # Two scanned paths can hold the same relative path: rows then differ only by their root.
        for root in draw(st.sampled_from([["root"], ["andere"], ["andere", "root"]])):
            made.append(
                DocumentResult(root, f"{root}/{name}", name, None, "txt", 10, None, None, findings, None, False)
            )
    return made


@settings(max_examples=40, deadline=None)
@given(results(), st.data())
def test_tables_hold_every_recorded_finding_once_sorted_and_read_back(
    tmp_path_factory: pytest.TempPathFactory, documents: list[DocumentResult], data: st.DataObject
) -> None:
    output = tmp_path_factory.mktemp("tabel")
    with Store(output / "scan.sqlite") as store:
        for result in documents:
            store.record(result, FileState(1, 1), "f")
        for result in data.draw(st.lists(st.sampled_from(documents), max_size=3)) if documents else []:
            store.record(result, FileState(2, 2), "f")  # recorded again: replaces, never doubles
        write_tables(store, output, Grouping(), ["a", "b"])
    found = rows(output / FINDINGS_FILE)
    expected = [
        (result.relative, finding)
        for result in sorted(documents, key=lambda result: (result.relative, result.path))
        for finding in result.findings
    ]
    assert [(row["path"], row["text"], row["suggestion"], int(row["start"])) for row in found] == [
        (path, finding.text, finding.suggestion, finding.start) for path, finding in expected
    ]
    for row, (_, finding) in zip(found, expected, strict=True):
        assert row["context"] in (finding.context, "'" + finding.context)
        assert not row["context"].startswith(("=", "+", "-", "@"))
    counts = [
        (row["path"], int(row["findings"]), int(row["a"]), int(row["b"])) for row in rows(output / DOCUMENTS_FILE)
    ]
    assert counts == [
        (result.relative, len(result.findings), *(sum(f.category == name for f in result.findings) for name in "ab"))
        for result in sorted(documents, key=lambda result: (result.relative, result.path))
    ]


def test_status_lines_every_few_seconds_with_the_time_left() -> None:
    now = [0.0]
    stream = io.StringIO()
    status = StatusLines(10, stream, seconds=5, clock=lambda: now[0])
    result = DocumentResult("r", "r/a.txt", "a.txt", None, "txt", 1, None, None, (), "kapot", False)
    for second in (1, 2, 6, 7, 8):
        now[0] = second
        status.add(result if second == 2 else None if second == 1 else result)
    assert stream.getvalue() == "waardetaal scan: 3 van 10 documenten, 0 bevindingen, 2 onleesbaar, nog ongeveer 21 s\n"


def test_walking_is_lazy(tmp_path: Path) -> None:
    from waardetaal.sources import walk, walk_lazily

    build_corpus(tmp_path, 12)
    lazily: Iterator[Path] = walk_lazily(tmp_path)
    assert next(lazily).suffix  # a file before the walk is over
    assert sorted(walk_lazily(tmp_path)) == walk(tmp_path)


def test_a_nested_configuration_excludes_while_walking_as_check_does(tmp_path: Path) -> None:
    publications = tmp_path / "publicaties"
    drafts = publications / "sociaal" / "concepten"
    drafts.mkdir(parents=True)
    (publications / "sociaal" / ".waardetaal.toml").write_text('exclude = ["concepten/*"]\n', encoding="utf-8")
    (publications / "sociaal" / "nota.txt").write_text("Veel hoogopgeleiden wonen hier.\n", encoding="utf-8")
    (drafts / "schets.txt").write_text("Veel laagopgeleiden wonen hier.\n", encoding="utf-8")
    scanned = waardetaal("scan", str(publications), "-o", str(tmp_path / "uit"), "--quiet")
    checked = waardetaal("check", "--format", "json", str(publications))
    assert scanned.returncode == checked.returncode == 1, scanned.stderr
    assert [row["path"] for row in rows(tmp_path / "uit" / "documenten.csv")] == ["sociaal/nota.txt"]
    assert [file["path"] for file in json.loads(checked.stdout)["files"]] == [
        str(publications / "sociaal" / "nota.txt")
    ]
