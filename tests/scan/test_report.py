"""The scan report and the baseline comparison, on CSV files written by hand as the contract fixes them."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from tests.scan.corpus import build_corpus

from waardetaal.scan.report import BaselineError, ReportError, check_baseline, write_report
from waardetaal.scan.report import views as report_views
from waardetaal.scan.report.baseline import COMPARISON, compare
from waardetaal.scan.report.csvfiles import DocumentRow
from waardetaal.scan.report.summary import summarise_documents
from waardetaal.scan.report.views import marked

GROUPS = ("afdeling", "jaar")
CATEGORIES = ("opleidingsniveau", "denkniveau")
HIGH = "utrecht.hoog-laag-opgeleid"
THINKING = "utrecht.werk-en-denkniveau"
DOCUMENT_HEADER = ["path", *GROUPS, "format", "words", "pages", "findings", *CATEGORIES, "per_1000_words", "error"]
FINDING_HEADER = ["path", *GROUPS, "rule", "category", "severity", "text", "term", "suggestion"]
FINDING_HEADER += ["line", "column", "page", "paragraph", "start", "end", "context"]
NASTY = "<script>alert('pad')</script>"
START = FINDING_HEADER.index("start")


def finding(path: str, rule: str, text: str, term: str, start: int, context: str) -> list[str]:
    """A row of bevindingen.csv; department and year from the path."""
    department, year = path.split("/")[:2]
    category = "opleidingsniveau" if rule == HIGH else "denkniveau"
    place = [path, department, year, rule, category, "warning", text, term, "", "1", "1", "", ""]
    return [*place, str(start), str(start + len(text)), context]


def write_scan(folder: Path, documents: Sequence[Sequence[object]], findings: Sequence[Sequence[object]]) -> Path:
    """Write the two CSV files of a scan as the contract fixes them (UTF-8 with BOM, sorted by path, then start)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, header, rows in (
        ("documenten.csv", DOCUMENT_HEADER, sorted(documents, key=lambda row: str(row[0]))),
        ("bevindingen.csv", FINDING_HEADER, sorted(findings, key=lambda row: (str(row[0]), int(str(row[START]))))),
    ):
        with (folder / name).open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(header)
            writer.writerows(rows)
    return folder


def high(path: str, text: str, start: int, context: str | None = None) -> list[str]:
    shown = context if context is not None else f"Hier staan {text} in de zin."
    return finding(path, HIGH, text, text.lower().removesuffix("n"), start, shown)


def thinking(path: str, start: int, context: str = "Met hbo werk- en denkniveau.") -> list[str]:
    return finding(path, THINKING, "werk- en denkniveau", "werk- en denkniveau", start, context)


def document(path: str, words: int, high_count: int, thinking_count: int, error: str = "") -> list[object]:
    department, year = path.split("/")[:2]
    findings = high_count + thinking_count
    per_1000 = f"{findings * 1000 / words:.2f}" if words else ""
    pages = "3" if path.endswith(".pdf") else ""
    return [
        path,
        department,
        year,
        path.rsplit(".", 1)[1],
        words,
        pages,
        findings,
        high_count,
        thinking_count,
        per_1000,
        error,
    ]


SCAN_DOCUMENTS = [
    document("onderwijs/2022/a.pdf", 1000, 2, 1),
    document("onderwijs/2023/b.md", 500, 1, 0),
    document(f"werk/2023/{NASTY}.html", 2000, 0, 2),
    document("werk/2024/leeg.txt", 400, 0, 0),
    document("werk/2024/kapot.docx", 0, 0, 0, "geen geldig Word-bestand (kapot zip-archief)"),
]
SCAN_FINDINGS = [
    high("onderwijs/2022/a.pdf", "hoogopgeleiden", 10),
    high("onderwijs/2022/a.pdf", "Hoogopgeleide", 50),
    thinking("onderwijs/2022/a.pdf", 90),
    high("onderwijs/2023/b.md", "hoogopgeleiden", 0, "hoogopgeleiden <b>vet</b>"),
    thinking(f"werk/2023/{NASTY}.html", 5, "<script>alert('zin')</script> werk- en denkniveau"),
    thinking(f"werk/2023/{NASTY}.html", 70),
]


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    return write_scan(tmp_path / "scan", SCAN_DOCUMENTS, SCAN_FINDINGS)


def page(folder: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((folder / "rapport.html").read_text(encoding="utf-8"))


def table(root: lxml.html.HtmlElement, table_id: str) -> list[list[str]]:
    (found,) = root.xpath(f"//table[@id='{table_id}']")
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")] for row in found.xpath("./tbody/tr")
    ]


def test_totals_and_tables_are_exact(scan: Path) -> None:
    write_report(scan, GROUPS, None)
    root = page(scan)
    totals = {
        " ".join(item.xpath("./dt")[0].text_content().split()): item.xpath("./dd")[0].text_content()
        for item in root.xpath("//section[@id='totalen']//dl/div")
    }
    assert totals == {
        "Documenten": "5",
        "Woorden": "3.900",
        "Bevindingen": "6",
        "Bevindingen per 1.000 woorden": "1,54",
        "Onleesbare documenten": "1",
    }
    assert table(root, "categorieen-tabel") == [
        # The rule set's label for management, its name for the CSV column.
        ["Hoog- of laagopgeleid opleidingsniveau", "3", "50,0%"],
        ["Werk- en denkniveau denkniveau", "3", "50,0%"],
    ]
    # 'hoogopgeleiden' and 'Hoogopgeleide' count as one term; documents counted once per term.
    assert table(root, "termen-tabel") == [
        ["hoogopgeleide", HIGH, "Hoog- of laagopgeleid", "3", "2"],
        ["werk- en denkniveau", THINKING, "Werk- en denkniveau", "3", "2"],
    ]
    assert table(root, "groep-1-tabel") == [
        ["onderwijs", "2", "1.500", "4", "2,67", "0"],
        ["werk", "3", "2.400", "2", "0,83", "1"],
    ]
    assert table(root, "groep-2-tabel") == [
        ["2022", "1", "1.000", "3", "3,00", "0"],
        ["2023", "2", "2.500", "3", "1,20", "0"],
        ["2024", "2", "400", "0", "0,00", "1"],
    ]
    rows = table(root, "documenten-tabel")
    assert [row[0] for row in rows] == sorted(str(row[0]) for row in SCAN_DOCUMENTS)
    assert rows[0] == ["onderwijs/2022/a.pdf", "onderwijs", "2022", "pdf", "1.000", "3", "3", "3,00", ""]
    assert rows[3][-1] == "geen geldig Word-bestand (kapot zip-archief)"
    top = root.xpath("//section[@id='meeste']//tbody/tr/th")
    assert [cell.text_content() for cell in top] == [
        "onderwijs/2022/a.pdf",
        f"werk/2023/{NASTY}.html",
        "onderwijs/2023/b.md",
    ]


def test_each_document_lists_its_findings_in_context_with_suggestion_and_reason(scan: Path) -> None:
    write_report(scan, GROUPS, None)
    root = page(scan)
    articles = root.xpath("//section[@id='bevindingen']/article")
    assert [article.xpath("./h3")[0].text_content() for article in articles] == [
        "onderwijs/2022/a.pdf",
        "onderwijs/2023/b.md",
        f"werk/2023/{NASTY}.html",
    ]
    first = articles[0]
    assert [mark.text_content() for mark in first.xpath(".//mark")] == [
        "hoogopgeleiden",
        "Hoogopgeleide",
        "werk- en denkniveau",
    ]
    assert "pagina" not in first.text_content()  # no page column for these rows
    reasons = first.xpath(".//dl[@class='waarom']/dd")
    assert len(reasons) == 2 and all(reason.text_content().strip() for reason in reasons)
    assert "‘hoogopgeleiden’" in first.text_content()  # the rule's message with the text for {term}
    # A document title links from the table to its findings.
    (link,) = root.xpath("//table[@id='documenten-tabel']//a[text()='onderwijs/2022/a.pdf']")
    assert root.xpath(f"//*[@id='{link.get('href')[1:]}']") == [first]


def test_names_and_contexts_are_shown_as_text(scan: Path) -> None:
    write_report(scan, GROUPS, None)
    text = (scan / "rapport.html").read_text(encoding="utf-8")
    assert NASTY not in text and "<b>vet</b>" not in text
    root = page(scan)
    assert len(root.xpath("//script")) == 1  # the report's own
    assert root.xpath("//b") == []
    assert NASTY in root.xpath("//section[@id='bevindingen']/article[3]/h3")[0].text_content()
    assert "<script>alert('zin')</script> werk- en denkniveau" in root.text_content()


def test_the_report_loads_nothing_from_outside(scan: Path) -> None:
    write_report(scan, GROUPS, None)
    root = page(scan)
    for element in root.iter():
        for attribute in ("src", "href", "srcset", "action", "data", "poster"):
            value = element.get(attribute)
            assert value is None or value.startswith(("#", "data:")), (element.tag, attribute, value)
    assert root.xpath("//link|//iframe|//object|//embed|//base") == []
    style = " ".join(root.xpath("//style/text()"))
    assert "url(" not in style and "@import" not in style
    (policy,) = root.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert policy.startswith("default-src 'none'; img-src data:;")
    images = root.xpath("//img")
    assert len(images) == 4  # category, term, afdeling, jaar
    assert all(image.get("src").startswith("data:image/svg+xml;base64,") and image.get("alt") for image in images)


def test_long_document_lists_are_capped_but_counts_stay_exact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_views, "MAX_FINDINGS_PER_DOCUMENT", 2)
    path = "onderwijs/2022/lang.pdf"
    findings = [high(path, "hoogopgeleiden", 20 * number) for number in range(7)]
    scan = write_scan(tmp_path / "scan", [document(path, 700, 7, 0)], findings)
    write_report(scan, GROUPS, None)
    root = page(scan)
    assert len(root.xpath("//article//ol[@class='vondsten']/li")) == 2
    assert "En nog 5 bevindingen in dit document" in root.text_content()
    assert table(root, "termen-tabel")[0][3] == "7"


def test_the_table_keeps_the_documents_with_most_findings_when_capped() -> None:
    rows = [DocumentRow(f"d/{n:03d}", ("a",), "txt", 100, None, n % 7, (n % 7,), "") for n in range(60)]
    import waardetaal.scan.report.summary as summary_module

    original = summary_module.MAX_TABLE_DOCUMENTS
    summary_module.MAX_TABLE_DOCUMENTS = 10
    try:
        summary = summarise_documents(iter(rows), 1, ("x",))
    finally:
        summary_module.MAX_TABLE_DOCUMENTS = original
    kept = summary.table()
    assert [row.path for row in kept] == sorted(row.path for row in kept)
    expected = sorted(rows, key=lambda row: (-row.findings, row.path))[:10]
    assert {row.path for row in kept} == {row.path for row in expected}
    assert summary.total.findings == sum(row.findings for row in rows)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", ""]), st.integers(0, 5000), st.integers(0, 40), st.booleans()),
        max_size=30,
    )
)
def test_totals_and_groups_add_up(documents: list[tuple[str, int, int, bool]]) -> None:
    rows = [
        DocumentRow(f"p{n:03d}", (group,), "txt", words, None, found, (found,), "kapot" if broken else "")
        for n, (group, words, found, broken) in enumerate(documents)
    ]
    summary = summarise_documents(iter(rows), 1, ("x",))
    assert summary.total.documents == len(rows)
    assert summary.total.words == sum(row.words for row in rows)
    assert summary.per_category == [sum(row.findings for row in rows)]
    (groups,) = summary.group_tables(["afdeling"])
    assert sum(tally.findings for _, tally in groups.rows) == summary.total.findings
    assert sum(tally.unreadable for _, tally in groups.rows) == sum(broken for *_, broken in documents)
    assert {value for value, _ in groups.rows} <= {"a", "b", "(onbekend)"}
    found = [row for row in rows if row.findings]
    assert [row.findings for row in summary.top()] == sorted((row.findings for row in found), reverse=True)[:10]


# Characters an HTML parser keeps as they are (it drops NULs and turns CR into LF, as browsers do).
PLAIN = st.characters(exclude_categories=("Cc", "Cs"))


@given(st.text(PLAIN, max_size=60), st.text(PLAIN, min_size=1, max_size=12), st.text(PLAIN, max_size=30))
def test_the_marked_context_is_the_context_escaped(before: str, text: str, after: str) -> None:
    context = before + text + after
    shown = marked(context, text)
    assert isinstance(shown, Markup)
    fragment = lxml.html.fragment_fromstring(f"<p>{shown}</p>")
    assert fragment.text_content() == context
    assert [mark.text_content() for mark in fragment.xpath("./mark")] == [text]
    assert fragment.xpath("./*[not(self::mark)]") == []


def test_a_finding_whose_text_is_not_in_its_context_shows_the_context_unmarked() -> None:
    assert marked("iets anders <i>", "hoogopgeleiden") == "iets anders &lt;i&gt;"
    assert marked("De HOOGOPGELEIDEN.", "hoogopgeleiden") == "De <mark>HOOGOPGELEIDEN</mark>."


def baseline_pair(tmp_path: Path) -> tuple[Path, Path]:
    before = write_scan(
        tmp_path / "vorige",
        [
            document("onderwijs/2022/a.pdf", 1000, 2, 1),
            document("werk/2023/weg.md", 300, 1, 0),
            document("werk/2023/blijft.txt", 300, 0, 1),
        ],
        [
            high("onderwijs/2022/a.pdf", "hoogopgeleiden", 10),
            high("onderwijs/2022/a.pdf", "hoogopgeleiden", 50),
            thinking("onderwijs/2022/a.pdf", 90),
            thinking("werk/2023/blijft.txt", 4),
            high("werk/2023/weg.md", "hoogopgeleiden", 3),
        ],
    )
    now = write_scan(
        tmp_path / "nu",
        [
            # Text was added at the top: every offset moved, one 'hoogopgeleiden' was rewritten.
            document("onderwijs/2022/a.pdf", 1200, 1, 1),
            document("onderwijs/2024/nieuw.md", 400, 0, 2),
            document("werk/2023/blijft.txt", 300, 0, 1),
        ],
        [
            high("onderwijs/2022/a.pdf", "hoogopgeleiden", 210),
            thinking("onderwijs/2022/a.pdf", 290),
            thinking("onderwijs/2024/nieuw.md", 1),
            thinking("onderwijs/2024/nieuw.md", 40),
            thinking("werk/2023/blijft.txt", 400),
        ],
    )
    return before, now


def comparison_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / COMPARISON).open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_the_baseline_counts_new_and_disappeared_findings_per_group_and_rule(tmp_path: Path) -> None:
    before, now = baseline_pair(tmp_path)
    write_report(now, GROUPS, before)
    assert (now / COMPARISON).read_bytes().startswith(b"\xef\xbb\xbf")
    assert comparison_rows(now) == [
        {"afdeling": "onderwijs", "jaar": "2022", "rule": HIGH, "category": "opleidingsniveau",
         "before": "2", "now": "1", "new": "0", "disappeared": "1"},
        {"afdeling": "onderwijs", "jaar": "2022", "rule": THINKING, "category": "denkniveau",
         "before": "1", "now": "1", "new": "0", "disappeared": "0"},
        {"afdeling": "onderwijs", "jaar": "2024", "rule": THINKING, "category": "denkniveau",
         "before": "0", "now": "2", "new": "2", "disappeared": "0"},
        {"afdeling": "werk", "jaar": "2023", "rule": HIGH, "category": "opleidingsniveau",
         "before": "1", "now": "0", "new": "0", "disappeared": "1"},
        {"afdeling": "werk", "jaar": "2023", "rule": THINKING, "category": "denkniveau",
         "before": "1", "now": "1", "new": "0", "disappeared": "0"},
    ]  # fmt: skip
    root = page(now)
    totals = [item.text_content() for item in root.xpath("//section[@id='vergelijking']/dl/div/dd")]
    assert totals == ["5", "5", "2", "2", "3", "3", "1", "1"]
    assert table(root, "vergelijking-1-tabel") == [
        [THINKING, "2", "4", "2", "0"],
        [HIGH, "3", "1", "0", "2"],
    ]
    assert table(root, "vergelijking-2-tabel") == [["onderwijs", "3", "4", "2", "1"], ["werk", "2", "1", "0", "1"]]


def test_a_scan_compared_with_itself_has_nothing_new(scan: Path) -> None:
    comparison = compare(scan, scan, GROUPS)
    assert comparison.total.new == comparison.total.disappeared == 0
    assert comparison.total.now == comparison.total.before == len(SCAN_FINDINGS)


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.tuples(
            st.sampled_from(["a/1/x.txt", "a/2/y.txt", "b/1/z.txt"]),
            st.sampled_from(["hoogopgeleide", "laagopgeleide"]),
        ),
        st.tuples(st.integers(0, 4), st.integers(0, 4)),
        max_size=6,
    )
)
def test_new_minus_disappeared_is_now_minus_before(
    tmp_path_factory: pytest.TempPathFactory, counts: dict[tuple[str, str], tuple[int, int]]
) -> None:
    folder = tmp_path_factory.mktemp("vergelijk")
    sides: list[list[list[str]]] = [[], []]
    for (path, term), amounts in counts.items():
        for side, amount in enumerate(amounts):
            sides[side] += [high(path, term, 10 * n + side) for n in range(amount)]
    paths = sorted({path for path, _ in counts})
    before = write_scan(folder / "vorige", [document(p, 100, 0, 0) for p in paths], sides[0])
    now = write_scan(folder / "nu", [document(p, 100, 0, 0) for p in paths], sides[1])
    comparison = compare(now, before, GROUPS)
    for change in comparison.changes.values():
        assert change.new - change.disappeared == change.now - change.before
        assert change.new <= change.now and change.disappeared <= change.before
    assert comparison.total.before == sum(b for b, _ in counts.values())
    assert comparison.total.new == sum(max(0, n - b) for b, n in counts.values())


def test_a_missing_or_unreadable_baseline_is_a_dutch_error(tmp_path: Path, scan: Path) -> None:
    with pytest.raises(BaselineError, match="geen map"):
        check_baseline(tmp_path / "bestaat-niet")
    empty = tmp_path / "leeg"
    empty.mkdir()
    with pytest.raises(BaselineError, match=r"vorige scan.*kan niet worden gelezen"):
        check_baseline(empty)
    broken = write_scan(tmp_path / "kapot", SCAN_DOCUMENTS, SCAN_FINDINGS)
    (broken / "bevindingen.csv").write_text("path,iets\n", encoding="utf-8")
    with pytest.raises(BaselineError, match="kolom ‘rule’ ontbreekt"):
        write_report(scan, GROUPS, broken)
    assert not (scan / "rapport.html").exists()


def test_a_baseline_row_that_breaks_mid_file_is_a_baseline_error(tmp_path: Path, scan: Path) -> None:
    before = write_scan(tmp_path / "vorige", SCAN_DOCUMENTS, SCAN_FINDINGS)
    with (before / "bevindingen.csv").open("a", encoding="utf-8", newline="") as file:
        file.write("a,b,c\n")
    with pytest.raises(BaselineError, match="rij 8 heeft 3 kolommen"):
        write_report(scan, GROUPS, before)


def test_broken_scan_files_are_report_errors(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"documenten\.csv: kan niet worden gelezen"):
        write_report(tmp_path, GROUPS, None)
    unsorted = write_scan(tmp_path / "scan", SCAN_DOCUMENTS, SCAN_FINDINGS)
    lines = (unsorted / "documenten.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    (unsorted / "documenten.csv").write_text(lines[0] + "".join(reversed(lines[1:])), encoding="utf-8-sig")
    with pytest.raises(ReportError, match="niet op volgorde"):
        write_report(unsorted, GROUPS, None)
    (tmp_path / "binair").mkdir()
    (tmp_path / "binair" / "documenten.csv").write_bytes(b"path\xff\n")
    with pytest.raises(ReportError, match="is geen UTF-8-tekst"):
        write_report(tmp_path / "binair", GROUPS, None)
    with pytest.raises(ReportError, match="groepkolommen afdeling, jaar, verwacht afdeling"):
        write_report(write_scan(tmp_path / "ander", SCAN_DOCUMENTS, SCAN_FINDINGS), ["afdeling"], None)


def test_a_stale_comparison_is_removed_without_a_baseline(tmp_path: Path) -> None:
    before, now = baseline_pair(tmp_path)
    write_report(now, GROUPS, before)
    write_report(now, GROUPS, None)
    assert not (now / COMPARISON).exists()
    assert page(now).xpath("//section[@id='vergelijking']") == []


@settings(max_examples=15, deadline=None)
@given(st.text(PLAIN, min_size=1, max_size=50))
def test_any_group_value_and_file_name_render(tmp_path_factory: pytest.TempPathFactory, name: str) -> None:
    folder = tmp_path_factory.mktemp("naam")
    path = f"{name.replace('/', '_')}/2023/{name}.txt"
    row = high(path, "hoogopgeleiden", 0, name)
    row[1] = name
    scan = write_scan(folder, [[path, name, "2023", "txt", 10, "", 1, 1, 0, "100.00", ""]], [row])
    write_report(scan, GROUPS, None)
    root = page(scan)
    assert len(root.xpath("//script")) == 1
    assert root.xpath("//section[@id='bevindingen']/article/h3")[0].text_content() == path


def test_a_scan_of_a_generated_corpus_reports_what_its_csv_files_say(tmp_path: Path) -> None:
    corpus = tmp_path / "publicaties"
    build_corpus(corpus, documents=12)
    output = tmp_path / "uit"
    done = subprocess.run(
        [sys.executable, "-m", "waardetaal", "scan", str(corpus), "-o", str(output), "--group-by", "afdeling=1,jaar=2",
         "--jobs", "2", "--quiet"],
        capture_output=True,
        text=True,
        timeout=240,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr  # the corpus holds one corrupt file
    with (output / "documenten.csv").open(encoding="utf-8-sig", newline="") as file:
        documents = list(csv.DictReader(file))
    with (output / "bevindingen.csv").open(encoding="utf-8-sig", newline="") as file:
        findings = list(csv.DictReader(file))
    root = page(output)
    totals = [item.text_content() for item in root.xpath("//section[@id='totalen']//dl/div/dd")]
    assert totals[0] == str(len(documents))
    assert totals[2] == str(len(findings))
    assert totals[4] == str(sum(1 for row in documents if row["error"]))
    assert len(table(root, "documenten-tabel")) == len(documents)
    assert {row[0] for row in table(root, "groep-1-tabel")} == {row["afdeling"] for row in documents}
    marks = root.xpath("//section[@id='bevindingen']//mark")
    assert len(marks) == len(findings)
    assert [mark.text_content().lower() for mark in marks] == [row["text"].lower() for row in findings]
