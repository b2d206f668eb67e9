"""The writers' page in a real browser: Debian's Chromium, driven by Playwright, scanned by axe-core."""

from __future__ import annotations

import io
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright
from tests import documents
from tests.conftest import ROOT

from waardetaal.web.app import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the network-related flags Chromium keeps calling home on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--lang=nl-NL",
]
SCREENSHOT = ROOT / "docs" / "schermafbeelding.png"
VACANCY = (
    "Vacature beleidsadviseur\n\nWij zoeken een collega met HBO/WO werk- en denkniveau.\n"
    "Je begeleidt mbo-leerlingen en schrijft over hoogopgeleiden in de stad.\n"
)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    instance = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert instance.started, "the web server did not start"
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900}, locale="nl-NL")
    opened = context.new_page()
    opened.goto(server + "/")
    yield opened
    context.close()


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_paste_highlight_explain_apply_and_copy(page: Page) -> None:
    assert serious_violations(page) == [], "empty page"
    page.get_by_label("Plak je tekst hier").fill(VACANCY)
    page.get_by_role("button", name="Controleer").click()
    marks = page.locator(".markering")
    expect(marks).to_have_count(3)
    expect(page.locator("#samenvatting")).to_contain_text("3 bevinding(en)")
    assert serious_violations(page) == [], "page with findings"

    marks.nth(1).focus()  # keyboard only: focus the finding and press Enter
    page.keyboard.press("Enter")
    details = page.locator("#details")
    expect(details).to_contain_text("mbo-leerlingen")
    expect(details).to_contain_text("Waarom:")
    expect(details).to_contain_text("Bron: Gemeente Utrecht")
    assert serious_violations(page) == [], "page with a finding explained"
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.locator("#resultaat").screenshot(path=str(SCREENSHOT))
    replace = page.get_by_role("button", name="Vervang door ‘mbo-studenten’")
    replace.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".markering")).to_have_count(2)
    expect(page.get_by_label("Plak je tekst hier")).to_have_value(VACANCY.replace("mbo-leerlingen", "mbo-studenten"))
    page.get_by_role("button", name="Kopieer de verbeterde tekst").click()
    expect(page.locator("#status")).to_contain_text("gekopieerd")


def test_clean_state(page: Page) -> None:
    page.get_by_label("Plak je tekst hier").fill("Wij zoeken mbo-, hbo- en wo-opgeleide collega's.")
    page.get_by_role("button", name="Controleer").click()
    expect(page.locator("#samenvatting")).to_contain_text("Geen waarde-geladen onderwijstermen gevonden")
    assert serious_violations(page) == [], "clean state"


def test_script_in_pasted_text_is_shown_as_text(page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_label("Plak je tekst hier").fill(
        "<script>alert('x')</script><img src=x onerror=alert(1)> hoogopgeleiden"
    )
    page.get_by_role("button", name="Controleer").click()
    expect(page.locator("#weergave")).to_contain_text("<script>alert('x')</script>")
    expect(page.locator("#weergave script")).to_have_count(0)
    expect(page.locator("#weergave img")).to_have_count(0)
    assert dialogs == []


def test_upload_docx_and_download_annotated(page: Page, tmp_path: Path) -> None:
    original = documents.make_docx()
    upload = tmp_path / "vacature.docx"
    upload.write_bytes(original)
    page.get_by_label("Of kies een bestand").set_input_files(str(upload))
    page.get_by_role("button", name="Controleer").click()
    # The page starts on 'Vacature', which also brings the recruitment pack: 'starters' is its seventh finding.
    expect(page.locator(".markering")).to_have_count(7)
    expect(page.locator("#soort-uitleg")).to_contain_text("kijkt waardetaal ook naar: Werving zonder uitsluiting")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download het Word-bestand met opmerkingen").click()
    download = download_info.value
    assert download.suggested_filename == "vacature-nagekeken.docx"
    annotated = docx.Document(io.BytesIO(Path(download.path()).read_bytes()))
    texts = [comment.text for comment in annotated.comments]
    assert any("‘hoogopgeleiden’" in text for text in texts)
    assert any("HBO/WO werk- en denkniveau" in text for text in texts)
    assert any("‘starters’" in text for text in texts)
    assert upload.read_bytes() == original


def test_script_in_a_word_file_is_shown_as_text(page: Page, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("<script>alert('docx')</script> met laagopgeleiden")
    path = tmp_path / "script.docx"
    document.save(str(path))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_label("Of kies een bestand").set_input_files(str(path))
    page.get_by_role("button", name="Controleer").click()
    expect(page.locator("#weergave")).to_contain_text("<script>alert('docx')</script>")
    assert dialogs == []


def test_oversized_upload_message(page: Page, tmp_path: Path) -> None:
    big = tmp_path / "groot.txt"
    big.write_bytes(b"tekst " * (2 * 1024 * 1024))
    page.get_by_label("Of kies een bestand").set_input_files(str(big))
    page.get_by_role("button", name="Controleer").click()
    expect(page.locator("#status")).to_contain_text("te groot")
