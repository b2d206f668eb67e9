"""The scan report in a real browser: offline, accessible (axe-core), sortable and filterable by keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serious_violations
from tests.conftest import ROOT
from tests.scan.test_report import GROUPS, SCAN_DOCUMENTS, SCAN_FINDINGS, baseline_pair, write_scan

from waardetaal.scan.report import write_report

SCREENSHOT = ROOT / "docs" / "rapport.png"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def opened(browser: Browser, report: Path, outside: list[str]) -> Page:
    """The report opened from disk; every request that is not the file itself is refused and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")

    def guard(route: Route) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.goto(report.as_uri())
    return page


def test_the_report_is_offline_accessible_sortable_and_filterable(browser: Browser, tmp_path: Path) -> None:
    before, now = baseline_pair(tmp_path)
    write_report(now, GROUPS, before)
    outside: list[str] = []
    errors: list[str] = []
    page = opened(browser, now / "rapport.html", outside)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("rapport van de scan")
    assert serious_violations(page) == []
    # Every chart image decoded: a data: image that fails shows with zero width.
    widths = page.locator("img").evaluate_all("images => images.map(image => image.naturalWidth)")
    assert widths and all(width > 0 for width in widths)

    rows = page.locator("#documenten-tabel tbody tr")
    first_cells = page.locator("#documenten-tabel tbody tr th")
    expect(rows).to_have_count(3)
    findings = page.get_by_role("button", name="Bevindingen", exact=True)
    findings.focus()  # keyboard only
    page.keyboard.press("Enter")
    expect(page.locator("#documenten-tabel th[aria-sort='ascending']")).to_have_count(1)
    expect(first_cells.first).to_have_text("werk/2023/blijft.txt")
    page.keyboard.press("Enter")
    expect(page.locator("#documenten-tabel th[aria-sort='descending']")).to_have_count(1)
    expect(first_cells.first).to_have_text("onderwijs/2022/a.pdf")

    search = page.get_by_label("Zoek in de documenten")
    search.fill("2024")
    expect(page.locator("#documenten-tabel tbody tr:visible")).to_have_count(1)
    expect(page.locator("#documenten-aantal")).to_have_text("1 van 3 documenten zichtbaar")
    search.fill("")
    expect(page.locator("#documenten-tabel tbody tr:visible")).to_have_count(3)
    assert serious_violations(page) == []
    assert outside == [] and errors == []


def test_names_with_markup_run_nothing_and_the_screenshot_is_saved(browser: Browser, tmp_path: Path) -> None:
    scan = write_scan(tmp_path / "scan", SCAN_DOCUMENTS, SCAN_FINDINGS)
    write_report(scan, GROUPS, None)
    outside: list[str] = []
    dialogs: list[str] = []
    page = opened(browser, scan / "rapport.html", outside)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.reload()
    expect(page.locator("#bevindingen")).to_contain_text("<script>alert('zin')</script>")
    assert dialogs == [] and outside == []
    assert serious_violations(page) == []
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 1500})
    page.screenshot(path=str(SCREENSHOT))
