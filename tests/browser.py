"""Browser test helpers: a real uvicorn server, Debian's Chromium driven by Playwright, axe-core, and pasting."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

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
WIDE = {"width": 1100, "height": 900}
OpenPage = Callable[..., Page]


@pytest.fixture(scope="module", name="server")
def server_fixture() -> Iterator[str]:
    """The web application on a free local port."""
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


@pytest.fixture(scope="module", name="browser")
def browser_fixture() -> Iterator[Browser]:
    """One headless Chromium for the module."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(name="open_page")
def open_page_fixture(browser: Browser, server: str) -> Iterator[OpenPage]:
    """Open the page in a new browser context (closed after the test), at a given viewport."""
    contexts: list[BrowserContext] = []

    def opened(viewport: dict[str, int] = WIDE, clipboard: bool = False) -> Page:
        context = browser.new_context(accept_downloads=True, viewport=viewport, locale="nl-NL")
        if clipboard:
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
        contexts.append(context)
        page = context.new_page()
        page.goto(server + "/")
        expect(page.locator("#soort option").first).to_be_attached()
        return page

    yield opened
    for context in contexts:
        context.close()


@pytest.fixture(name="page")
def page_fixture(open_page: OpenPage) -> Page:
    """The page on a wide screen."""
    return open_page()


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


_PASTE = """([html, text]) => {
  const data = new DataTransfer();
  if (html) data.setData("text/html", html);
  data.setData("text/plain", text);
  document.getElementById("tekst").dispatchEvent(
    new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
}"""


def paste(page: Page, text: str, html: str | None = None) -> None:
    """Paste into the editor as the browser does from the clipboard (plain text, and HTML when given)."""
    page.locator("#tekst").focus()
    page.evaluate(_PASTE, [html, text])


def highlight_texts(page: Page, name: str) -> list[str]:
    """The text under each range of a CSS highlight."""
    texts: list[str] = page.evaluate(
        "(name) => [...(CSS.highlights.get(name) || [])].map((range) => range.toString())", name
    )
    return texts
