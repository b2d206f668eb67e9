"""``waardetaal serve`` answers its first check as fast as later ones: the workers are warm before it listens."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest
from tests import documents

# The first web check's target (issue 12); a cold worker pays ~0.7 s for spaCy and the engine.
FIRST_CHECK_SECONDS = 0.3
START_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "waardetaal", "serve", "--port", str(port), "--workers", "1"],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stderr is not None
        announced = process.stderr.readline()  # blocks until serve says where it listens
        assert f"127.0.0.1:{port}" in announced, announced
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stderr is not None:
            process.stderr.close()


def _timed(request: urllib.request.Request) -> tuple[float, dict[str, object]]:
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=START_SECONDS) as response:
        body = json.loads(response.read())
    return time.perf_counter() - started, body


def _pasted(url: str, text: str) -> urllib.request.Request:
    data = json.dumps({"text": text}).encode()
    return urllib.request.Request(url + "/api/check", data=data, headers={"Content-Type": "application/json"})


def _uploaded(url: str, name: str, data: bytes) -> urllib.request.Request:
    boundary = "waardetaal-grens"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n'.encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    return urllib.request.Request(url + "/api/check", data=body, headers=headers)


def test_first_check_is_answered_at_once_and_fast(server: str) -> None:
    # Sent the moment serve announces itself: a connection refused here fails the test.
    first, answer = _timed(_pasted(server, "Wij zoeken iemand met hbo werk- en denkniveau."))
    second, again = _timed(_pasted(server, "Veel laagopgeleiden wonen in de wijk."))
    assert answer["findings"] and again["findings"]
    assert first <= FIRST_CHECK_SECONDS, (first, second)


def test_first_upload_of_each_format_is_fast(server: str) -> None:
    uploads = {"vacature.docx": documents.make_docx(), "rapport.pdf": documents.make_pdf()}
    for name, data in uploads.items():
        seconds, answer = _timed(_uploaded(server, name, data))
        assert answer["findings"], name
        assert seconds <= FIRST_CHECK_SECONDS, (name, seconds)


def test_warm_up_builds_everything_a_check_would_build_later() -> None:
    # In a fresh interpreter: in this one other tests have imported readers already.
    script = (
        "import sys\n"
        "from waardetaal.web.work import page_linter\n"
        "from waardetaal.readers import FILE_FORMATS\n"
        "from waardetaal.web.pool import warm_up\n"
        "warm_up()\n"
        "linter = page_linter()\n"
        "missing = [f.module for f in FILE_FORMATS if f'waardetaal.readers.{f.module}' not in sys.modules]\n"
        "print(missing, len(linter._engine._matchers) == len(linter.catalog.pattern_keys))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[0] == "[] True", result.stdout + result.stderr
