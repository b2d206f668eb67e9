"""One request must never freeze the web server.

Each test talks to a real ``waardetaal serve`` on 127.0.0.1, started in a child
under an address-space limit. Two servers run side by side, started together:
``quick`` with a half-second time budget per request, and ``lean`` with a small
memory budget for its one worker and a two-second read deadline. Every wait in
these tests is bounded in count and in time.
"""

from __future__ import annotations

import functools
import io
import json
import resource
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from waardetaal.limits import MAX_ODT_TAGS, MAX_WAITING_REQUESTS
from waardetaal.linter import Linter
from waardetaal.web.app import create_app
from waardetaal.web.work import PASTED, Submission, check

# Address space of each server's main process; its workers lower theirs further.
SERVER_MEGABYTES = 1000
# Start-up builds a linter in every worker: slow on a busy machine, never this slow.
START_SECONDS = 90.0
WORKERS = 2  # on the quick server: one is kept busy while the other answers
LEAN_WORKERS = 1
QUICK_BUDGET = 0.5  # seconds per request on the quick server; a normal check takes ~10 ms
LEAN_MEMORY = 450  # MB per worker on the lean server: the linter needs ~300
READ_SECONDS = 2  # for a request to arrive at the lean server
NORMAL = {"text": "Veel hoogopgeleiden wonen in de stad."}


@dataclass(frozen=True)
class Server:
    """A running ``waardetaal serve``."""

    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def url(self, path: str = "/api/check") -> str:
        """The address of ``path`` on this server."""
        return f"http://127.0.0.1:{self.port}{path}"


def _limit_memory(megabytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (megabytes * 2**20, megabytes * 2**20))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _launch(log: Path, *options: str) -> Server:
    port = _free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "waardetaal", "serve", "--host", "127.0.0.1", "--port", str(port), *options],
            stdout=output,
            stderr=subprocess.STDOUT,
            preexec_fn=functools.partial(_limit_memory, SERVER_MEGABYTES),
        )
    return Server(port, process, log)


def _wait_until_up(server: Server, deadline: float) -> None:
    while time.monotonic() < deadline:
        assert server.process.poll() is None, server.log.read_text(encoding="utf-8", errors="replace")
        try:
            socket.create_connection(("127.0.0.1", server.port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the server did not start within {START_SECONDS:.0f} s")


def _stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=15)


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Server]]:
    folder = tmp_path_factory.mktemp("servers")
    started = {
        "quick": _launch(folder / "quick.log", "--workers", str(WORKERS), "--timeout", str(QUICK_BUDGET)),
        "lean": _launch(
            folder / "lean.log",
            *("--workers", str(LEAN_WORKERS), "--memory", str(LEAN_MEMORY), "--read-timeout", str(READ_SECONDS)),
        ),
    }
    try:
        deadline = time.monotonic() + START_SECONDS
        for server in started.values():
            _wait_until_up(server, deadline)
        yield started
    finally:
        for server in started.values():
            _stop(server)


@pytest.fixture
def quick(servers: dict[str, Server]) -> Server:
    return servers["quick"]


@pytest.fixture
def lean(servers: dict[str, Server]) -> Server:
    return servers["lean"]


@dataclass(frozen=True)
class Reply:
    """A server's answer and how long it took."""

    status: int
    body: dict[str, object]
    seconds: float


def _post(url: str, body: bytes, timeout: float = 30) -> Reply:
    return _send(urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}), timeout)


def _send(request: urllib.request.Request, timeout: float) -> Reply:
    began = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status, content = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, content = error.code, error.read()
    return Reply(status, json.loads(content), time.monotonic() - began)


def _upload(url: str, name: str, data: bytes, timeout: float = 30) -> Reply:
    boundary = "grens-7f3a"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    return _send(request, timeout)


def _post_json(url: str, payload: object, timeout: float = 30) -> Reply:
    return _post(url, json.dumps(payload).encode("utf-8"), timeout)


_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def _long_odt(paragraphs: int) -> bytes:
    """An OpenDocument text of ``paragraphs`` short paragraphs, zipped to a few kilobytes."""
    office, text = "urn:oasis:names:tc:opendocument:xmlns:office:1.0", "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office}" '
        f'xmlns:text="{text}" office:version="1.2"><office:body><office:text>'
        + "<text:p>Zin.</text:p>" * paragraphs
        + "</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def _assert_serves(server: Server) -> None:
    """A normal check still gets its finding."""
    reply = _post_json(server.url(), NORMAL)
    assert reply.status == 200, reply
    assert [finding["text"] for finding in reply.body["findings"]] == ["hoogopgeleiden"]


def _headers(length: int) -> bytes:
    """The head of a JSON POST to /api/check announcing a body of ``length`` bytes."""
    return (
        b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n" % length
    )


def _closed_within(connection: socket.socket, seconds: float, byte: bytes) -> tuple[float | None, bytes]:
    """Send ``byte`` again and again until the server closes; (seconds until closed or None, what came back)."""
    connection.settimeout(0.2)
    began, received = time.monotonic(), b""
    for _ in range(int(seconds / 0.2) + 1):
        try:
            connection.sendall(byte)
            chunk = connection.recv(4096)
        except TimeoutError:
            continue
        except OSError:  # reset or broken pipe: closed
            return time.monotonic() - began, received
        if not chunk:
            return time.monotonic() - began, received
        received += chunk
    return None, received


def test_a_slow_request_neither_holds_up_others_nor_outlives_its_budget(quick: Server) -> None:
    heavy = _long_odt(MAX_ODT_TAGS // 2 - 100)  # just under the reader's bound: seconds of parsing, a few KB
    slow: dict[str, tuple[Reply, float]] = {}

    def send_heavy() -> None:
        reply = _upload(quick.url(), "lang.odt", heavy)
        slow["reply"] = (reply, time.monotonic())

    sender = threading.Thread(target=send_heavy)
    sender.start()
    time.sleep(0.2)  # the heavy upload is now being read in one worker
    meanwhile = _post_json(quick.url(), NORMAL)
    answered = time.monotonic()
    sender.join(timeout=30)
    assert meanwhile.status == 200 and meanwhile.seconds < 1.0, meanwhile
    assert not sender.is_alive(), "the heavy request got no answer"
    reply, finished = slow["reply"]
    assert answered < finished, "the heavy request was done before the normal one was answered"
    assert reply.status == 504, reply
    assert (
        reply.body["error"]
        == f"lang.odt: de controle duurde langer dan {QUICK_BUDGET} s en is afgebroken; niet gecontroleerd."
    )
    assert reply.seconds < QUICK_BUDGET + 4
    _assert_serves(quick)


def test_a_memory_bomb_gets_a_dutch_error_and_the_server_keeps_serving(lean: Server) -> None:
    bomb = b'{"text": "x", "pad": [' + b"[]," * 3_000_000 + b"[]]}"  # 9 MB that parse into ~250 MB of lists
    reply = _post(lean.url(), bomb)
    assert reply.status == 422, reply
    assert reply.body["error"] == (
        f"<tekst>: de controle had meer dan {LEAN_MEMORY} MB geheugen nodig en is afgebroken; niet gecontroleerd."
    )
    _assert_serves(lean)


def test_deeply_nested_json_and_huge_numbers_are_refused_with_400(lean: Server) -> None:
    nested = _post(lean.url(), b"[" * 100_000)
    assert nested.status == 400, nested
    assert str(nested.body["error"]).startswith("De JSON is te diep genest en is niet gecontroleerd.")
    huge = _post(lean.url(), b'{"text": ' + b"9" * 5_000 + b"}")  # int() refuses more than 4,300 digits
    assert huge.status == 400 and str(huge.body["error"]).startswith("Stuur JSON zoals"), huge
    _assert_serves(lean)


def test_a_client_sending_headers_a_byte_at_a_time_is_cut_off(lean: Server) -> None:
    with socket.create_connection(("127.0.0.1", lean.port), timeout=5) as connection:
        connection.sendall(b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        closed, _ = _closed_within(connection, READ_SECONDS + 3, b"X")
    assert closed is not None and closed < READ_SECONDS + 2, closed


def test_a_client_sending_its_body_a_byte_at_a_time_gets_408_and_is_cut_off(lean: Server) -> None:
    head = _headers(1000)
    with socket.create_connection(("127.0.0.1", lean.port), timeout=5) as connection:
        connection.sendall(head + b'{"text": "')
        closed, received = _closed_within(connection, READ_SECONDS + 3, b" ")
    assert closed is not None and closed < READ_SECONDS + 2, closed
    assert received.startswith(b"HTTP/1.1 408 "), received[:200]
    message = json.loads(received.split(b"\r\n\r\n", 1)[1])["error"]
    assert message == f"De aanvraag kwam niet binnen {READ_SECONDS} s binnen en is afgebroken; niet gecontroleerd."


def test_a_full_queue_is_answered_busy_at_once(lean: Server) -> None:
    head = _headers(100)
    capacity = LEAN_WORKERS + MAX_WAITING_REQUESTS
    holders = [socket.create_connection(("127.0.0.1", lean.port), timeout=5) for _ in range(capacity)]
    try:
        for holder in holders:  # each request is admitted, then waits for a body that never comes
            holder.sendall(head + b"{")
        time.sleep(0.5)
        busy = _post_json(lean.url(), NORMAL, timeout=5)
    finally:
        for holder in holders:
            holder.close()
    assert busy.status == 503 and busy.seconds < 1.0, busy
    assert busy.body["error"] == "De server is druk; probeer het over een minuut opnieuw. Niet gecontroleerd."
    for _ in range(20):  # the slots free up as the server notices the closed connections
        if _post_json(lean.url(), NORMAL).status == 200:
            break
        time.sleep(0.2)
    _assert_serves(lean)


@settings(max_examples=60, deadline=None)
@given(
    opening=st.text(alphabet="[{", min_size=1, max_size=8),
    depth=st.integers(min_value=1, max_value=200_000),
    tail=st.binary(max_size=20),
)
def test_any_json_body_gets_an_answer_never_an_exception(linter: Linter, opening: str, depth: int, tail: bytes) -> None:
    body = opening.encode() * (depth // len(opening) + 1) + tail
    answer = check(Submission(PASTED, body, pasted=True), linter)
    assert answer.status == 400
    assert json.loads(answer.body)["error"]


def test_an_app_given_a_linter_checks_in_process_with_the_same_answers(linter: Linter) -> None:
    with TestClient(create_app(linter=linter)) as client:
        nested = client.post("/api/check", content=b"[" * 100_000, headers={"content-type": "application/json"})
        assert nested.status_code == 400 and nested.json()["error"].startswith("De JSON is te diep genest")
        found = client.post("/api/check", json=NORMAL).json()["findings"]
        assert [finding["text"] for finding in found] == ["hoogopgeleiden"]
