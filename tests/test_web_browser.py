"""The writers' page in a real browser: Debian's Chromium, driven by Playwright, scanned by axe-core."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import lxml.etree
from playwright.sync_api import Page, expect
from tests import documents
from tests.browser import browser_fixture, open_page_fixture, page_fixture, paste, server_fixture  # noqa: F401

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
VACANCY = (
    "Vacature beleidsadviseur\n\nWij zoeken een collega met HBO/WO werk- en denkniveau.\n"
    "Je begeleidt mbo-leerlingen en schrijft over hoogopgeleiden in de stad.\n"
)


def test_paste_highlight_explain_apply_and_copy(page: Page) -> None:
    paste(page, VACANCY)
    cards = page.locator(".kaart")
    expect(cards).to_have_count(3)
    expect(page.locator("#samenvatting")).to_contain_text("3 bevindingen: 3 waarschuwingen.")
    card = cards.filter(has_text="‘mbo-leerlingen’")
    card.locator(".kaart-kies").focus()  # keyboard only: focus the card, open its explanation
    card.get_by_text("Waarom / Bron").press("Enter")
    expect(card).to_contain_text("Bron: Gemeente Utrecht")
    replace = card.get_by_role("button", name="Vervang door ‘mbo-studenten’")
    replace.focus()
    page.keyboard.press("Enter")
    expect(cards).to_have_count(2)
    expect(page.locator("#tekst")).to_contain_text("Je begeleidt mbo-studenten en schrijft")
    page.get_by_role("button", name="Kopieer de verbeterde tekst").click()
    expect(page.locator("#status")).to_contain_text("gekopieerd")


def test_script_in_pasted_text_is_shown_as_text(page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    paste(page, "<script>alert('x')</script><img src=x onerror=alert(1)> hoogopgeleiden")
    expect(page.locator(".kaart")).to_have_count(1)
    expect(page.locator("#tekst")).to_contain_text("<script>alert('x')</script>")
    expect(page.locator("#tekst script")).to_have_count(0)
    expect(page.locator("#tekst img")).to_have_count(0)
    assert dialogs == []


def test_upload_docx_and_download_annotated(page: Page, tmp_path: Path) -> None:
    original = documents.make_docx()
    upload = tmp_path / "vacature.docx"
    upload.write_bytes(original)
    page.get_by_label("Of kies een bestand").set_input_files(str(upload))
    page.get_by_role("button", name="Controleer").click()
    # The page starts on 'Vacature', which also brings the recruitment pack: 'starters' is its seventh finding.
    expect(page.locator(".kaart")).to_have_count(7)
    expect(page.locator("#soort-uitleg")).to_contain_text("kijkt waardetaal ook naar: Werving zonder uitsluiting")
    expect(page.locator("#tekst")).to_have_attribute("contenteditable", "false")
    expect(page.locator("#bestand-melding")).to_contain_text("vacature.docx")
    # A file is changed in Word, not here: the suggestions are text, and the Word copy carries them.
    expect(page.locator(".kaart .vervang")).to_have_count(0)
    expect(page.locator(".kaart .suggestie-tekst").first).to_contain_text("Schrijf liever")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download het Word-bestand met opmerkingen").click()
    download = download_info.value
    assert download.suggested_filename == "vacature-nagekeken.docx"
    annotated = docx.Document(io.BytesIO(Path(download.path()).read_bytes()))
    texts = [comment.text for comment in annotated.comments]
    assert any("‘hoogopgeleiden’" in text for text in texts)
    assert any("HBO/WO werk- en denkniveau" in text for text in texts)
    assert any("‘starters’" in text for text in texts)
    # Every safe suggestion is a tracked change by 'waardetaal', to accept or reject in Word.
    with zipfile.ZipFile(download.path()) as package:
        body = lxml.etree.fromstring(package.read("word/document.xml"))
    inserted = ["".join(i.itertext()) for i in body.iter(f"{{{W}}}ins") if i.get(f"{{{W}}}author") == "waardetaal"]
    deleted = ["".join(d.itertext()) for d in body.iter(f"{{{W}}}del") if d.get(f"{{{W}}}author") == "waardetaal"]
    assert ("hbo- en wo-opgeleiden", "hoogopgeleiden") in zip(inserted, deleted, strict=True), (inserted, deleted)
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
    expect(page.locator("#tekst")).to_contain_text("<script>alert('docx')</script>")
    expect(page.locator(".kaart")).to_have_count(1)
    expect(page.locator("#tekst script")).to_have_count(0)
    assert dialogs == []


def test_oversized_upload_message(page: Page, tmp_path: Path) -> None:
    big = tmp_path / "groot.txt"
    big.write_bytes(b"tekst " * (2 * 1024 * 1024))
    page.get_by_label("Of kies een bestand").set_input_files(str(big))
    page.get_by_role("button", name="Controleer").click()
    expect(page.locator("#status")).to_contain_text("te groot")
