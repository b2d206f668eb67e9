"""The writers' desk in headless Chromium: cards beside the text, linking, keys, replace, dismiss, typing, layout."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Locator, Page, expect
from tests.browser import (  # noqa: F401
    OpenPage,
    browser_fixture,
    highlight_texts,
    open_page_fixture,
    page_fixture,
    paste,
    serious_violations,
    server_fixture,
)
from tests.conftest import ROOT

SCREENSHOT = ROOT / "docs" / "schermafbeelding.png"
VACANCY = (
    "Vacature beleidsadviseur\n\nWij zoeken een collega met HBO/WO werk- en denkniveau.\n\n"
    "Je begeleidt mbo-leerlingen en schrijft over hoogopgeleiden in de stad.\n"
)
FILLER = "\n\n".join(f"Alinea {number} over het werk in de wijk." for number in range(40))
MANY = (
    "Wij schrijven over laagopgeleiden. Je begeleidt mbo-leerlingen. Wij zoeken HBO/WO werk- en denkniveau. "
    "Minimaal een afgeronde hbo-opleiding. Ook praktisch opgeleiden en hoogopgeleiden. "
    "Het hoger onderwijs en mbo-scholieren."
)
WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style>p.MsoNormal { margin: 0 }</style><script>window.geplakt = 1</script></head><body>
<!--StartFragment--><p class=MsoNormal style='mso-margin-top-alt:auto'>Wij zoeken <b>hoogopgeleiden</b>
voor <a href="https://www.utrecht.nl/" onclick="window.geklikt = 1">Utrecht</a> en
<a href="javascript:window.geklikt = 2">hier</a>.<o:p>&nbsp;</o:p></p>
<ul style='margin-top:0'>
  <li class=MsoListParagraph>Je begeleidt <i>mbo-leerlingen</i></li>
  <li onclick="alert(1)">Een tweede punt</li>
</ul>
<table border=1 style='mso-table-layout-alt:fixed'>
  <tr><td width=100>hoog</td><td>opgeleiden</td></tr>
</table>
<img src=x onerror="window.fout = 1"><script>window.geplakt = 2</script><!--EndFragment--></body></html>"""


def focused_card(page: Page) -> str:
    """The term on the card that holds the focus, or "" when the focus is not on a card."""
    term: str = page.evaluate(
        "document.activeElement.closest('.kaart')?.querySelector('.kaart-kies').textContent ?? ''"
    )
    return term


def card(page: Page, term: str) -> Locator:
    """The card of a finding, by its term."""
    return page.locator(".kaart").filter(has=page.locator(".kaart-kies", has_text=f"‘{term}’"))


def click_on_words(page: Page, words: str) -> None:
    """Click in the editor in the middle of the (first) highlighted finding with these words."""
    box = page.evaluate(
        """(words) => {
          const ranges = ["bevinding-waarschuwing", "bevinding-hint"].flatMap((name) => [...CSS.highlights.get(name)]);
          const range = ranges.find((candidate) => candidate.toString() === words);
          range.startContainer.parentElement.scrollIntoView({ block: "center" });
          const rect = range.getBoundingClientRect();
          return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
        }""",
        words,
    )
    page.mouse.click(box["x"], box["y"])


def test_results_come_into_view_after_a_check(open_page: OpenPage) -> None:
    page = open_page({"width": 400, "height": 700})
    paste(page, FILLER + "\n\nWij zoeken hoogopgeleiden.")
    expect(page.locator("#status")).to_have_text("1 bevinding: 1 waarschuwing.")
    expect(page.locator("#samenvatting")).to_be_in_viewport()
    expect(page.locator(".kaart").first).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0


def test_card_and_highlight_are_linked_both_ways(page: Page) -> None:
    paste(page, "Wij zoeken hoogopgeleiden.\n\n" + FILLER + "\n\n" + MANY)
    expect(page.locator(".kaart")).to_have_count(9)
    first = page.locator("#tekst p").first
    expect(first).not_to_be_in_viewport()  # the paste left the caret, and the view, at the end
    card(page, "hoogopgeleiden").first.locator(".kaart-kies").click()
    assert highlight_texts(page, "bevinding-gekozen") == ["hoogopgeleiden"]
    expect(first).to_be_in_viewport()
    expect(card(page, "hoogopgeleiden").first).to_have_class(re.compile(r"\bgekozen\b"))

    last = card(page, "mbo-scholieren")
    expect(last).not_to_be_in_viewport()
    click_on_words(page, "mbo-scholieren")
    expect(last).to_have_class(re.compile(r"\bgekozen\b"))
    expect(last).to_be_in_viewport()
    assert highlight_texts(page, "bevinding-gekozen") == ["mbo-scholieren"]
    assert page.evaluate("document.activeElement.id") == "tekst", "a click in the text leaves the writer there"


def test_keyboard_next_and_previous(page: Page) -> None:
    paste(page, VACANCY)
    expect(page.locator(".kaart")).to_have_count(3)
    page.locator(".kaart-kies").first.focus()
    assert highlight_texts(page, "bevinding-gekozen") == ["HBO/WO werk- en denkniveau"]
    page.keyboard.press("ArrowDown")
    assert focused_card(page) == "‘mbo-leerlingen’"
    page.keyboard.press("j")
    assert focused_card(page) == "‘hoogopgeleiden’"
    page.keyboard.press("k")
    assert focused_card(page) == "‘mbo-leerlingen’"
    assert highlight_texts(page, "bevinding-gekozen") == ["mbo-leerlingen"]
    page.keyboard.press("ArrowUp")
    assert focused_card(page) == "‘HBO/WO werk- en denkniveau’"
    page.get_by_role("button", name="Volgende").click()
    assert focused_card(page) == "‘mbo-leerlingen’"
    page.get_by_role("button", name="Vorige").click()
    assert focused_card(page) == "‘HBO/WO werk- en denkniveau’"
    page.locator("#tekst").focus()
    page.keyboard.press("Alt+ArrowDown")  # also from inside the text
    assert focused_card(page) == "‘mbo-leerlingen’"
    page.keyboard.press("Alt+ArrowUp")
    assert focused_card(page) == "‘HBO/WO werk- en denkniveau’"
    # Where the focus lands, a screen reader hears the kind of finding and its message, not just the words.
    expect(page.locator(":focus")).to_have_accessible_description(
        re.compile(
            r"^Waarschuwing · Werk- en denkniveau ‘HBO/WO werk- en denkniveau’ selecteert op een opleidingsniveau"
        )
    )


def test_replace_keeps_focus_place_and_layout(page: Page) -> None:
    paste(
        page,
        "",
        "<p>Wij zoeken <b>hoogopgeleiden</b> met HBO/WO werk- en denkniveau.</p><p>Je begeleidt mbo-leerlingen.</p>",
    )
    expect(page.locator(".kaart")).to_have_count(3)
    page.evaluate("document.querySelectorAll('.kaart').forEach((card, index) => { card.dataset.merk = index; })")
    card(page, "hoogopgeleiden").get_by_role("button", name="Vervang door ‘hbo- en wo-opgeleiden’").click()
    expect(page.locator(".kaart")).to_have_count(2)
    expect(page.locator("#tekst b")).to_have_text("hbo- en wo-opgeleiden")  # replaced inside the bold
    expect(page.locator("#tekst p").first).to_have_text(
        "Wij zoeken hbo- en wo-opgeleiden met HBO/WO werk- en denkniveau."
    )
    expect(page.locator("#status")).to_contain_text("‘hoogopgeleiden’ vervangen door ‘hbo- en wo-opgeleiden’.")
    assert focused_card(page) == "‘HBO/WO werk- en denkniveau’"
    # The cards that stayed are the same elements: nothing was rebuilt or renumbered under the writer.
    assert page.evaluate("[...document.querySelectorAll('.kaart')].map((card) => card.dataset.merk)") == ["1", "2"]

    card(page, "mbo-leerlingen").get_by_role("button", name="Vervang door ‘mbo-studenten’").click()
    expect(page.locator(".kaart")).to_have_count(1)
    assert focused_card(page) == "‘HBO/WO werk- en denkniveau’", "no finding after it: back to the first"


def test_replacing_the_last_finding_ends_in_the_clean_state(page: Page) -> None:
    paste(page, "Je begeleidt mbo-leerlingen.")
    card(page, "mbo-leerlingen").get_by_role("button", name="Vervang door ‘mbo-studenten’").click()
    summary = page.locator("#samenvatting")
    expect(summary).to_have_text("✔ Klaar: geen waarde-geladen onderwijstaal meer in je tekst.")
    assert page.evaluate("document.activeElement.id") == "samenvatting"
    expect(page.locator("#status")).to_contain_text("Klaar: geen waarde-geladen onderwijstaal meer in je tekst.")
    expect(page.locator("#tekst")).to_have_text("Je begeleidt mbo-studenten.")


def test_replace_checks_again_when_the_words_changed(page: Page) -> None:
    paste(page, "Je begeleidt mbo-leerlingen.")
    expect(page.locator(".kaart")).to_have_count(1)
    # An edit inside the finding that the re-check has not seen yet (it waits for the writer to pause).
    page.evaluate("document.getElementById('tekst').firstChild.replaceData('Je begeleidt mbo-'.length, 0, 'x')")
    card(page, "mbo-leerlingen").get_by_role("button", name="Vervang door ‘mbo-studenten’").click()
    expect(page.locator("#status")).to_contain_text("De tekst is veranderd sinds de controle")
    expect(page.locator("#tekst")).to_have_text("Je begeleidt mbo-xleerlingen.")


def test_dismiss_with_a_reason_and_undo(page: Page) -> None:
    paste(page, VACANCY)
    dismissed = card(page, "mbo-leerlingen")
    dismissed.get_by_role("button", name="Negeer", exact=True).click()
    page.keyboard.press("Escape")  # changed her mind
    expect(dismissed.locator(".reden")).to_have_count(0)
    expect(dismissed.get_by_role("button", name="Negeer", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # on to "Negeer deze bevinding": Escape still closes the question
    page.keyboard.press("Escape")
    expect(dismissed.locator(".reden")).to_have_count(0)
    expect(dismissed.get_by_role("button", name="Negeer", exact=True)).to_be_focused()
    dismissed.get_by_role("button", name="Negeer", exact=True).click()
    dismissed.get_by_label("Waarom negeer je deze bevinding? (niet verplicht)").fill("Citaat uit een onderzoek")
    dismissed.get_by_role("button", name="Negeer deze bevinding").click()
    expect(dismissed).to_contain_text("Genegeerd: Citaat uit een onderzoek")
    expect(dismissed).to_have_class(re.compile(r"\bgenegeerd\b"))
    assert page.evaluate("document.activeElement.textContent") == "Ongedaan maken"
    assert highlight_texts(page, "bevinding-genegeerd") == ["mbo-leerlingen"]
    assert "mbo-leerlingen" not in highlight_texts(page, "bevinding-waarschuwing")
    expect(page.locator("#samenvatting p")).to_have_text("2 bevindingen: 2 waarschuwingen. 1 bevinding genegeerd.")

    # A re-check (here: the writer types a new finding) keeps the dismissal.
    page.locator("#tekst").press("Control+End")
    page.keyboard.type(" En laagopgeleiden.")
    expect(page.locator(".kaart")).to_have_count(4)
    expect(dismissed).to_contain_text("Genegeerd: Citaat uit een onderzoek")
    expect(page.locator("#samenvatting p")).to_have_text("3 bevindingen: 3 waarschuwingen. 1 bevinding genegeerd.")

    dismissed.get_by_role("button", name="Ongedaan maken").click()
    expect(dismissed).not_to_contain_text("Genegeerd")
    assert highlight_texts(page, "bevinding-genegeerd") == []
    assert "mbo-leerlingen" in highlight_texts(page, "bevinding-waarschuwing")
    expect(page.locator("#samenvatting p")).to_have_text("4 bevindingen: 4 waarschuwingen.")


def test_recheck_while_typing_keeps_the_caret(page: Page) -> None:
    paste(page, "Wij zoeken collega's.\n\nEen tweede alinea.")
    expect(page.locator("#status")).to_contain_text("Klaar")
    page.evaluate(
        """() => {
          const text = document.querySelector("#tekst p").firstChild;
          const caret = document.createRange();
          caret.setStart(text, "Wij zoeken ".length);
          getSelection().removeAllRanges();
          getSelection().addRange(caret);
        }"""
    )
    page.keyboard.type("hoogopgeleiden ")
    expect(page.locator("#status")).to_have_text("1 bevinding: 1 waarschuwing.")  # checked again after the pause
    page.keyboard.type("X")
    expect(page.locator("#tekst p").first).to_have_text("Wij zoeken hoogopgeleiden Xcollega's.")
    assert page.evaluate("document.activeElement.id") == "tekst"
    assert highlight_texts(page, "bevinding-waarschuwing") == ["hoogopgeleiden"]


def test_paste_from_word_keeps_layout_and_nothing_else(page: Page) -> None:
    paste(page, "plain fallback", WORD_HTML)
    expect(page.locator(".kaart")).to_have_count(2)  # 'hoog' and 'opgeleiden' in two cells are not one finding
    editor = page.locator("#tekst")
    expect(editor.locator("p b")).to_have_text("hoogopgeleiden")
    expect(editor.locator("ul > li")).to_have_count(2)
    expect(editor.locator("li i")).to_have_text("mbo-leerlingen")
    expect(editor.locator("table tr td")).to_have_count(2)
    expect(editor.locator("a")).to_have_count(1)
    expect(editor.locator("a")).to_have_attribute("href", "https://www.utrecht.nl/")
    expect(editor).to_contain_text("en hier.")  # the javascript: link is unwrapped to its text
    for unwanted in ("script", "style", "img", "[onclick]", "[style]", "[class]", "[width]", "[border]"):
        expect(editor.locator(unwanted)).to_have_count(0)
    assert "o:p" not in editor.inner_html()
    assert page.evaluate("[window.geplakt, window.fout]") == [None, None]
    text = page.evaluate(
        "import('./static/model.js').then((model) => model.readText(document.getElementById('tekst')).text)"
    )
    assert "hoog\n\nopgeleiden" in text
    assert "Wij zoeken hoogopgeleiden voor Utrecht en hier." in text


def test_dropped_html_is_cleaned_like_pasted_html(page: Page) -> None:
    page.evaluate(
        """() => {
          const data = new DataTransfer();
          const html = '<p style="color:red" onclick="window.fout = 1">Wij zoeken <b>hoogopgeleiden</b>.</p>';
          data.setData("text/html", html);
          data.setData("text/plain", "Wij zoeken hoogopgeleiden.");
          const box = document.getElementById("tekst").getBoundingClientRect();
          document.getElementById("tekst").dispatchEvent(new DragEvent("drop", {
            dataTransfer: data, bubbles: true, cancelable: true, clientX: box.x + 10, clientY: box.y + 10 }));
        }"""
    )
    expect(page.locator(".kaart")).to_have_count(1)
    expect(page.locator("#tekst p b")).to_have_text("hoogopgeleiden")
    expect(page.locator("#tekst [style], #tekst [onclick]")).to_have_count(0)


def test_copy_puts_html_and_plain_text_on_the_clipboard(open_page: OpenPage) -> None:
    page = open_page(clipboard=True)
    page.get_by_role("button", name="Kopieer de verbeterde tekst").click()
    expect(page.locator("#status")).to_have_text("Er is nog geen tekst om te kopiëren.")
    paste(page, "", "<p>Wij zoeken <b>hoogopgeleiden</b>.</p><ul><li>Een punt</li></ul><p>Slot.</p>")
    expect(page.locator(".kaart")).to_have_count(1)
    page.get_by_role("button", name="Kopieer de verbeterde tekst").click()
    expect(page.locator("#status")).to_contain_text("gekopieerd")
    copied = page.evaluate(
        """async () => {
          const [item] = await navigator.clipboard.read();
          const read = async (type) => (await item.getType(type)).text();
          return { types: [...item.types].sort(), html: await read("text/html"), text: await read("text/plain") };
        }"""
    )
    assert copied["types"] == ["text/html", "text/plain"]
    assert "<p>Wij zoeken <b>hoogopgeleiden</b>.</p><ul><li>Een punt</li></ul><p>Slot.</p>" in copied["html"]
    assert copied["text"] == "Wij zoeken hoogopgeleiden.\n\nEen punt\n\nSlot."


def selected_words_in_view(page: Page) -> bool:
    """Whether the words of the selected finding are inside the editor's visible part and the window."""
    shown: bool = page.evaluate(
        """() => {
          const [range] = CSS.highlights.get("bevinding-gekozen");
          const words = range.getBoundingClientRect();
          const frame = document.getElementById("tekst").getBoundingClientRect();
          return words.top >= Math.max(frame.top, 0) && words.bottom <= Math.min(frame.bottom, innerHeight);
        }"""
    )
    return shown


def test_a_file_is_shown_read_only_with_its_cards(page: Page, tmp_path: Path) -> None:
    upload = tmp_path / "vacature.txt"
    text = "Wij zoeken hoogopgeleiden.\n\n" + FILLER + "\n\nJe begeleidt mbo-leerlingen.\n"
    upload.write_text(text, encoding="utf-8")
    page.get_by_label("Of kies een bestand").set_input_files(str(upload))
    page.get_by_role("button", name="Controleer").click()
    expect(page.locator(".kaart")).to_have_count(2)
    expect(page.locator("#tekst")).to_have_attribute("aria-readonly", "true")
    expect(page.get_by_role("button", name="Kopieer de verbeterde tekst")).to_be_hidden()
    expect(page.get_by_role("button", name=re.compile("^Vervang"))).to_have_count(0)
    card(page, "mbo-leerlingen").locator(".kaart-kies").click()
    assert highlight_texts(page, "bevinding-gekozen") == ["mbo-leerlingen"]
    assert selected_words_in_view(page), "the editor scrolled to words at the end of the file's text"
    card(page, "hoogopgeleiden").locator(".kaart-kies").click()
    assert selected_words_in_view(page)

    card(page, "hoogopgeleiden").get_by_role("button", name="Negeer", exact=True).click()
    page.get_by_role("button", name="Negeer deze bevinding").click()
    expect(card(page, "hoogopgeleiden")).to_contain_text("Genegeerd")
    assert highlight_texts(page, "bevinding-genegeerd") == ["hoogopgeleiden"]

    page.get_by_role("button", name="Terug naar je eigen tekst").click()
    expect(page.locator("#tekst")).to_have_attribute("contenteditable", "true")
    expect(page.locator("#tekst")).to_have_text("")
    expect(page.locator("#resultaat")).to_be_hidden()
    expect(page.locator("#status")).to_have_text("")  # no counts of the file's text any more
    assert page.evaluate("document.activeElement.id") == "tekst"


# A no-break space (kept from the clipboard, read as a space) separates words like a space.
_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé😀ĳ\u00a0", min_size=1, max_size=6).filter(str.strip)
_INLINE = st.tuples(st.sampled_from(["", "b", "i", "u", "a"]), st.lists(_WORDS, min_size=1, max_size=3))
_INLINES = st.lists(_INLINE, min_size=1, max_size=3)
_BLOCK = st.one_of(
    st.tuples(st.just("p"), st.lists(_INLINES, min_size=1, max_size=1)),
    st.tuples(st.just("ul"), st.lists(_INLINES, min_size=1, max_size=3)),
    st.tuples(st.just("table"), st.lists(_INLINES, min_size=1, max_size=3)),
)
_READ_BACK = r"""async (html) => {
  const { cleanHtml } = await import("./static/paste.js");
  const { rangeFor, readText, unitOffsets } = await import("./static/model.js");
  const box = document.createElement("div");
  box.append(cleanHtml(html));
  document.body.append(box);
  const model = readText(box);
  const offsets = unitOffsets(model.text);
  const points = Array.from(model.text);
  const words = [];
  for (let start = 0; start < points.length; start += 1) {
    if (/\s/.test(points[start]) || (start > 0 && !/\s/.test(points[start - 1]))) continue;
    let end = start;
    while (end < points.length && !/\s/.test(points[end])) end += 1;
    const range = rangeFor(model, offsets, start, end);
    words.push([points.slice(start, end).join(""), range ? range.toString() : null]);
  }
  box.remove();
  return { text: model.text, words };
}"""


def _inline_html(inlines: list[tuple[str, list[str]]]) -> str:
    parts = []
    for tag, words in inlines:
        text = html.escape(" ".join(words))
        if tag == "a":
            parts.append(f'<a href="https://www.utrecht.nl/">{text}</a>')
        else:
            parts.append(f"<{tag}>{text}</{tag}>" if tag else text)
    return " ".join(parts)


def _block_html(kind: str, items: list[list[tuple[str, list[str]]]]) -> str:
    if kind == "p":
        return f"<p>{_inline_html(items[0])}</p>"
    if kind == "ul":
        return "<ul>\n" + "".join(f"  <li>{_inline_html(item)}</li>\n" for item in items) + "</ul>"
    return "<table>\n<tr>" + "".join(f"<td>{_inline_html(item)}</td>" for item in items) + "</tr>\n</table>"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blocks=st.lists(_BLOCK, min_size=1, max_size=4))
def test_the_text_model_maps_every_word_back_to_its_place(
    page: Page, blocks: list[tuple[str, list[list[tuple[str, list[str]]]]]]
) -> None:
    read = page.evaluate(_READ_BACK, "\n".join(_block_html(kind, items) for kind, items in blocks))
    # Every paragraph, item and cell is its own block, a blank line apart, with the words as they were written.
    expected = [" ".join(" ".join(words) for _, words in item).split() for _, items in blocks for item in items]
    assert [block.split() for block in read["text"].split("\n\n")] == expected
    # And each word (counted in code points, as the server counts) becomes a Range over exactly those words.
    assert all(ranged == word for word, ranged in read["words"]), read["words"]


@pytest.mark.parametrize("state", ["leeg", "bevindingen", "kaart open", "schoon"])
def test_no_serious_accessibility_problems(page: Page, state: str) -> None:
    if state != "leeg":
        paste(page, VACANCY if state != "schoon" else "Wij zoeken mbo-, hbo- en wo-opgeleide collega's.")
        expect(page.locator("#status")).to_contain_text("bevinding" if state != "schoon" else "Klaar")
    if state == "kaart open":
        opened = card(page, "mbo-leerlingen")
        opened.locator(".kaart-kies").click()
        opened.get_by_text("Waarom / Bron").click()
        opened.get_by_role("button", name="Negeer", exact=True).click()
        expect(opened.get_by_label("Waarom negeer je deze bevinding? (niet verplicht)")).to_be_focused()
    assert serious_violations(page) == [], state


def test_screenshot_of_the_desk(open_page: OpenPage) -> None:
    page = open_page({"width": 1280, "height": 900})
    paste(
        page,
        "",
        "<h2>Vacature beleidsadviseur</h2><p>Je begeleidt <b>mbo-leerlingen</b> bij hun stage en schrijft over "
        "hoogopgeleiden in de stad.</p><ul><li>Je hebt HBO/WO werk- en denkniveau.</li>"
        "<li>Je werkt graag samen met <a href='https://www.utrecht.nl/'>de stad</a>.</li></ul>",
    )
    expect(page.locator(".kaart")).to_have_count(3)
    card(page, "mbo-leerlingen").locator(".kaart-kies").click()
    page.evaluate("window.scrollTo(0, 0)")
    expect(card(page, "mbo-leerlingen")).to_be_in_viewport(ratio=0.9)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000


def test_replace_works_on_words_across_a_line_break(page: Page) -> None:
    paste(page, "Het hoger\nonderwijs is goed.")  # a hard line break inside the finding: <br> in the editor
    hint = card(page, "hoger\nonderwijs")
    hint.get_by_role("button", name="Vervang door ‘hbo en wo’").click()
    expect(page.locator("#tekst")).to_have_text("Het hbo en wo is goed.")
    expect(page.locator("#status")).to_contain_text("vervangen door ‘hbo en wo’")


def test_a_dismissal_stays_with_its_words_when_an_identical_finding_goes(page: Page) -> None:
    paste(page, "Eerst hoogopgeleiden. Dan weer hoogopgeleiden. En laagopgeleiden.")
    expect(page.locator(".kaart")).to_have_count(3)
    second = page.locator(".kaart").nth(1)
    second.get_by_role("button", name="Negeer", exact=True).click()
    second.get_by_label("Waarom negeer je deze bevinding? (niet verplicht)").fill("Citaat")
    second.get_by_role("button", name="Negeer deze bevinding").click()
    page.locator(".kaart").first.get_by_role("button", name="Vervang door ‘hbo- en wo-opgeleiden’").click()
    expect(page.locator("#tekst")).to_have_text(
        "Eerst hbo- en wo-opgeleiden. Dan weer hoogopgeleiden. En laagopgeleiden."
    )
    expect(page.locator(".kaart")).to_have_count(2)
    expect(page.locator(".kaart").first).to_contain_text("Genegeerd: Citaat")
    assert highlight_texts(page, "bevinding-genegeerd") == ["hoogopgeleiden"]
    assert focused_card(page) == "‘laagopgeleiden’"


def test_deleting_all_text_clears_the_counts(page: Page) -> None:
    paste(page, "Wij zoeken hoogopgeleiden.")
    expect(page.locator("#status")).to_have_text("1 bevinding: 1 waarschuwing.")
    page.locator("#tekst").press("Control+a")
    page.keyboard.press("Delete")
    expect(page.locator("#resultaat")).to_be_hidden()
    expect(page.locator("#status")).to_have_text("")


def editor_html(page: Page) -> str:
    """The HTML that Kopieer puts on the clipboard for the editor as it is now."""
    copied: str = page.evaluate(
        "import('./static/paste.js').then((paste) => paste.editorHtml(document.getElementById('tekst')))"
    )
    return copied


def test_copy_keeps_the_line_breaks_the_writer_typed(page: Page) -> None:
    page.locator("#tekst").focus()
    page.keyboard.type("Afdeling HR")
    page.keyboard.press("Shift+Enter")  # in the pre-wrap editor Chromium types a newline character
    page.keyboard.type("Postbus 16200")
    assert "Afdeling HR<br>Postbus 16200" in editor_html(page)


def cleaned(page: Page, clipboard_html: str) -> str:
    """What pasting this clipboard HTML leaves in the editor."""
    paste(page, "tekst", clipboard_html)
    expect(page.locator("#status")).not_to_have_text("")
    return page.locator("#tekst").inner_html()


def test_a_google_docs_copy_is_not_all_bold(page: Page) -> None:
    google = (
        '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-3f1c">'
        '<p dir="ltr"><span style="font-weight:400;">Wij zoeken </span>'
        '<span style="font-weight:700;">collega’s</span> <span style="font-style:italic;">in Utrecht</span></p></b>'
    )
    assert cleaned(page, google) == "<p>Wij zoeken <b>collega’s</b> <i>in Utrecht</i></p>"


def test_svg_and_mathml_content_is_not_pasted_as_text(page: Page) -> None:
    html_in = (
        "<p>Logo<svg><style>.a{fill:red}</style><title>Titel</title><script>window.fout = 1</script>"
        '<a href="https://www.utrecht.nl/">svg-link</a></svg> en formule<math><mi>x</mi></math>.</p>'
    )
    assert cleaned(page, html_in) == "<p>Logo en formule.</p>"
    assert page.evaluate("window.fout") is None


WORD_LIST = """<p class=MsoNormal>Salaris &euro;&nbsp;4000<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span></span><![endif]>Eerste punt<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span>&nbsp; </span></span></span><![endif]>Tweede
<b style='mso-bidi-font-weight:normal'>punt</b><o:p></o:p></p>
<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><!--[if !supportLists]--><span
style='mso-list:Ignore'>1.<span>&nbsp; </span></span><!--[endif]-->Genummerd<o:p></o:p></p>"""


def test_a_word_list_stays_a_list_and_no_break_spaces_stay(page: Page) -> None:
    assert cleaned(page, WORD_LIST) == (
        "<p>Salaris €&nbsp;4000</p><ul><li>Eerste punt</li><li>Tweede <b>punt</b></li></ul><ol><li>Genummerd</li></ol>"
    )


_LONG_TEXT = """async (paragraphs) => {
  const { rangeFor, readText, unitOffsets } = await import("./static/model.js");
  const box = document.createElement("div");
  for (let number = 0; number < paragraphs; number += 1) {
    const paragraph = document.createElement("p");
    const bold = document.createElement("b");
    bold.append("vet");
    paragraph.append("Tien woorden in een alinea over het werk en ", bold, " de stad.");
    box.append(paragraph);
  }
  document.body.append(box);
  const started = performance.now();
  const model = readText(box);
  const offsets = unitOffsets(model.text);
  const end = offsets.length - 1;
  for (let back = 10; back < 1010; back += 1) rangeFor(model, offsets, end - back, end - back + 3);
  const spent = performance.now() - started;
  box.remove();
  return spent;
}"""


def test_a_long_text_is_read_and_mapped_in_linear_time(page: Page) -> None:
    # 6,000 paragraphs (about 60,000 words, 18,000 text nodes) and 1,000 findings: a quadratic model took seconds.
    assert page.evaluate(_LONG_TEXT, 6000) < 500


def test_on_a_phone_the_cards_are_below_the_text_and_nothing_is_wider_than_the_screen(open_page: OpenPage) -> None:
    page = open_page({"width": 375, "height": 700})
    paste(
        page,
        "",
        "<p>Wij zoeken hoogopgeleiden.</p><table><tr><td>Eenheelerglangwoordzonderspaties</td>"
        "<td>met</td><td>nog</td><td>meer</td><td>kolommen</td></tr></table>",
    )
    expect(page.locator(".kaart")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    text_box = page.locator("#tekst").bounding_box()
    card_box = page.locator(".kaart").bounding_box()
    assert text_box and card_box and card_box["y"] >= text_box["y"] + text_box["height"]


def test_ctrl_z_undoes_a_paste_and_a_replacement(page: Page) -> None:
    page.locator("#tekst").focus()
    page.keyboard.type("Wij zoeken ")
    paste(page, "", "<p>Je begeleidt <b>mbo-leerlingen</b>.</p>")
    card(page, "mbo-leerlingen").get_by_role("button", name="Vervang door ‘mbo-studenten’").click()
    expect(page.locator("#tekst")).to_have_text("Wij zoeken Je begeleidt mbo-studenten.")
    page.locator("#tekst").press("Control+z")
    expect(page.locator("#tekst")).to_have_text("Wij zoeken Je begeleidt mbo-leerlingen.")
    expect(page.locator("#tekst b")).to_have_text("mbo-leerlingen")
    expect(page.locator(".kaart")).to_have_count(1)  # and the undone text is checked again
    page.keyboard.press("Control+z")
    expect(page.locator("#tekst")).to_have_text("Wij zoeken ")


_DROP_FILE = """(selector) => {
  const data = new DataTransfer();
  data.items.add(new File(["Wij zoeken hoogopgeleiden."], "vacature.txt", { type: "text/plain" }));
  const over = new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true });
  document.querySelector(selector).dispatchEvent(over);
  document.querySelector(selector).dispatchEvent(
    new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  return over.defaultPrevented;
}"""


@pytest.mark.parametrize("target", ["#tekst", ".kop p"])
def test_a_document_dropped_on_the_page_is_checked(page: Page, target: str) -> None:
    assert page.evaluate(_DROP_FILE, target), "the browser would open the file instead of the page"
    expect(page.locator(".kaart")).to_have_count(1)
    expect(page.locator("#bestand-melding")).to_contain_text("vacature.txt")
    expect(page.locator("#tekst")).to_have_text("Wij zoeken hoogopgeleiden.")


def test_a_dismissal_survives_a_change_of_genre(page: Page) -> None:
    paste(page, "Wij zoeken hoogopgeleiden en starters.")  # 'starters' is only a finding in a vacancy
    expect(page.locator(".kaart")).to_have_count(2)
    dismissed = card(page, "hoogopgeleiden")
    dismissed.get_by_role("button", name="Negeer", exact=True).click()
    dismissed.get_by_role("button", name="Negeer deze bevinding").click()
    page.get_by_label("Soort tekst").select_option("beleidstekst")
    expect(page.locator(".kaart")).to_have_count(1)
    expect(dismissed).to_contain_text("Genegeerd")
    page.get_by_label("Soort tekst").select_option("vacature")
    expect(page.locator(".kaart")).to_have_count(2)
    expect(dismissed).to_contain_text("Genegeerd")
    expect(page.locator("#samenvatting p")).to_have_text("1 bevinding: 1 waarschuwing. 1 bevinding genegeerd.")


def test_pasted_links_keep_only_safe_addresses_and_nothing_loads(page: Page) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    links = (
        '<p><a href=" JaVaScRiPt:window.fout=1">a</a> <a href="java&#x09;script:window.fout=2">b</a> '
        '<a href="&#106;avascript:window.fout=3">c</a> <a href="data:text/html,<script>x</script>">d</a> '
        '<a href="//evil.example/">e</a> <a href="mailto:hr@utrecht.nl">f</a> <a href="HTTPS://WWW.UTRECHT.NL">g</a>'
        '<img src="https://evil.example/x.png"><iframe src="https://evil.example/"></iframe>'
        '<link rel="stylesheet" href="https://evil.example/s.css"><video poster="https://evil.example/p.png"></video>'
        '<span style="background:url(https://evil.example/b.png)">h</span></p>'
    )
    assert cleaned(page, links) == (
        '<p>a b c d e <a href="mailto:hr@utrecht.nl">f</a> <a href="https://www.utrecht.nl/">g</a>h</p>'
    )
    assert page.evaluate("window.fout") is None
    assert not [url for url in requests if "evil.example" in url]


def test_back_from_a_file_the_writers_own_text_is_still_there(page: Page, tmp_path: Path) -> None:
    paste(page, "", "<p>Mijn eigen tekst over <b>mbo-leerlingen</b>.</p>")
    expect(page.locator(".kaart")).to_have_count(1)
    upload = tmp_path / "vacature.txt"
    upload.write_text("Wij zoeken hoogopgeleiden.\n", encoding="utf-8")
    page.get_by_label("Of kies een bestand").set_input_files(str(upload))
    page.get_by_role("button", name="Controleer").click()
    expect(page.locator("#tekst")).to_have_text("Wij zoeken hoogopgeleiden.\n")
    page.get_by_role("button", name="Terug naar je eigen tekst").click()
    expect(page.locator("#tekst p b")).to_have_text("mbo-leerlingen")
    expect(page.locator(".kaart")).to_have_count(1)
    expect(card(page, "mbo-leerlingen").get_by_role("button", name="Vervang door ‘mbo-studenten’")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "tekst"
