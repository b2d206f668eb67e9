"""``waardetaal serve`` on an intranet (issue 13): health, a path prefix, quiet logs, a taken port, --open.

Each server here is a real ``waardetaal serve --port 0`` on 127.0.0.1 with one
worker; every wait is bounded.
"""

from __future__ import annotations

import io
import json
import re
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import docx
import pytest
from benchmarks.bench_serve import Server, start_server
from starlette.testclient import TestClient

from waardetaal.web.app import create_app
from waardetaal.web.pool import WorkPool, _where
from waardetaal.web.server import ListenError, bind, listen, page_address, root_path

PREFIX = "/waardetaal"
TIMEOUT = 60


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = start_server("--workers", "1", "--root-path", PREFIX + "/")
    try:
        yield running
    finally:
        running.stop()


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _post(url: str, body: bytes, content_type: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "waardetaal-grens"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n'.encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_health_is_ready_once_serve_announces_itself(server: Server) -> None:
    status, body = _get(server.address + "api/health")
    assert status == 200
    assert json.loads(body) == {"status": "gereed", "werkprocessen": 1}


def test_health_is_503_until_the_workers_are_warm_and_restarts_them() -> None:
    pool = WorkPool(workers=1)
    client = TestClient(create_app(pool=pool))  # not entered: no lifespan, so no workers yet
    try:
        before = client.get("/api/health")
        assert before.status_code == 503 and before.json()["status"] == "niet gereed"
        assert before.headers["Retry-After"]
        # the 503 started the workers: a balancer that only asks for health is not left waiting forever
        after = client.get("/api/health")
        assert after.status_code == 200 and after.json()["status"] == "gereed"
        pool.stop()
        assert client.get("/api/health").status_code == 503
    finally:
        pool.stop()


def _page_urls(server: Server) -> list[tuple[str, str]]:
    """(method, URL as written) of every link, script, style and fetch of the page and its script."""
    status, page = _get(server.address)
    assert status == 200
    html = page.decode()
    urls = [("GET", url) for url in re.findall(r'(?:href|src)="([^"#][^"]*)"', html) if "://" not in url]
    script = next(url for method, url in urls if url.endswith(".js"))
    status, code = _get(urljoin(server.address, script))
    assert status == 200
    urls += [
        ("POST" if "check" in url or "annotate" in url else "GET", url)
        for url in re.findall(r'fetch\("([^"]+)"', code.decode())
    ]
    return urls


def test_the_page_works_under_the_proxy_prefix(server: Server) -> None:
    # The proxy serves the page at https://intranet/waardetaal/ and strips the prefix before forwarding.
    urls = _page_urls(server)
    assert len(urls) >= 5 and any("api/check" in url for _, url in urls)
    for method, url in urls:
        seen = urlsplit(urljoin("https://intranet.example" + PREFIX + "/", url))
        assert seen.path.startswith(PREFIX + "/"), url  # an absolute URL would leave the prefix
        forwarded = server.address + seen.path.removeprefix(PREFIX + "/") + (f"?{seen.query}" if seen.query else "")
        if method == "GET":
            status, _ = _get(forwarded)
            assert status == 200, url
        else:
            status, _ = _post(forwarded, json.dumps({"text": "Veel hoogopgeleiden."}).encode(), "application/json")
            assert status != 404, url


def test_the_root_path_is_normalised_and_must_be_absolute() -> None:
    assert root_path("/waardetaal/") == "/waardetaal"
    assert root_path("") == ""
    with pytest.raises(ValueError):
        root_path("waardetaal")


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_no_text_of_a_user_reaches_the_log() -> None:
    marker = f"geheim{uuid.uuid4().hex}"
    text = f"Wij zoeken hoogopgeleiden. {marker} woont in de wijk."
    running = start_server("--workers", "1", "--timeout", "5")
    try:
        url = running.address
        assert _post(url + "api/check?tekst=1", json.dumps({"text": text}).encode(), "application/json")[0] == 200
        for broken in (
            f'{{"text": "{marker}',
            f'{{"tekst": "{marker}"}}',
            f"\udc80{marker}".encode("utf-8", "surrogatepass"),
        ):
            body = broken if isinstance(broken, bytes) else broken.encode()
            assert _post(url + "api/check", body, "application/json")[0] == 400
        for name, data in (
            (f"{marker}.txt", text.encode()),
            (f"{marker}.docx", _docx(text)),
            ("kapot.docx", marker.encode()),
        ):
            body, content_type = _multipart(name, data)
            assert _post(url + "api/check", body, content_type)[0] in (200, 422)
            _post(url + "api/annotate", body, content_type)
    finally:
        output = running.stop()
    assert "draait op" in output  # the output was captured
    assert marker not in output


def test_a_taken_port_is_one_dutch_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        ran = subprocess.run(
            [sys.executable, "-m", "waardetaal", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    assert ran.returncode == 2
    assert (
        ran.stderr
        == f"waardetaal: 127.0.0.1:{port} is al in gebruik (draait waardetaal al?); kies een andere poort met --port\n"
    )
    assert "draait op" not in ran.stdout + ran.stderr
    assert time.monotonic() - started < 20  # refused before any worker starts


def test_bind_and_listen_explain_an_unknown_host_and_a_busy_port() -> None:
    first = bind("127.0.0.1", 0)
    port = first.getsockname()[1]
    assert page_address(first) == f"http://127.0.0.1:{port}/"
    with pytest.raises(ConnectionRefusedError):  # bound, but no client is let in before listen
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    listen(first)
    with first, pytest.raises(ListenError, match="al in gebruik"):
        bind("127.0.0.1", port)
    with pytest.raises(ListenError, match="onbekend"):
        bind("host.invalid", 0)


def test_open_starts_the_browser_on_the_page(tmp_path: Path) -> None:
    opened = tmp_path / "geopend.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(
        textwrap.dedent(f"""\
        import sys
        from pathlib import Path
        Path({str(opened)!r}).write_text(sys.argv[1])
        """)
    )
    running = start_server("--workers", "1", "--open", env={"BROWSER": f"{sys.executable} {browser} %s"})
    try:
        deadline = time.monotonic() + TIMEOUT
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert opened.read_text() == running.address
        assert _get(running.address)[0] == 200
    finally:
        running.stop()


def test_a_failed_check_is_logged_without_its_message() -> None:
    marker = f"geheim{uuid.uuid4().hex}"
    try:
        raise ValueError(f"kan ‘{marker}’ niet lezen")
    except ValueError as error:
        logged = _where(error)
    assert "ValueError" in logged and "test_serve_intranet.py" in logged
    assert marker not in logged
