"""The web application: one page for writers, a JSON API, and annotated Word files.

Starlette (ASGI) serves the page, its script and style from the package (no CDN,
works offline) and three endpoints: ``GET /api/rules``, ``POST /api/check``
(JSON ``{"text", "genre"}`` or a multipart upload in field ``file``; answers with
one file object of the contract's JSON) and ``POST /api/annotate`` (a .docx
back with Word comments). Uploads are read into memory up to a limit and never
written to disk; user text only ever reaches the page as JSON.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from importlib import resources
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from waardetaal.annotate import annotate_docx
from waardetaal.findings import FileReport
from waardetaal.limits import MAX_UPLOAD_BYTES
from waardetaal.linter import Linter, Policy, default_linter
from waardetaal.positions import PositionMap
from waardetaal.readers import ReadError
from waardetaal.rules import GENRES
from waardetaal.sources import extract

STATIC = Path(str(resources.files("waardetaal.web") / "static"))
PASTED = "<tekst>"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class _InMemoryParser(MultiPartParser):
    """Starlette's multipart parser, spooling to disk only above a size the upload limit never reaches."""

    spool_max_size = MAX_UPLOAD_BYTES + 1


class TooLarge(Exception):
    """The request body is larger than the upload limit."""


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=_SECURITY_HEADERS)


async def _body(request: Request) -> bytes:
    """The request body, refused as soon as it passes the upload limit."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES:
        raise TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_UPLOAD_BYTES:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


async def _form(request: Request, body: bytes) -> tuple[str | None, bytes, object]:
    """(file name, file bytes, genre) of a multipart body held in memory."""

    async def stream() -> AsyncGenerator[bytes, None]:
        yield body

    form = await _InMemoryParser(request.headers, stream(), max_files=1, max_fields=10).parse()
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            return None, b"", form.get("genre")
        return upload.filename, await upload.read(), form.get("genre")
    finally:
        await form.close()


def _policy(genre: object) -> Policy:
    return Policy(genre=str(genre)) if genre in GENRES else Policy()


def _too_large() -> JSONResponse:
    return _error(413, f"Het bestand of de tekst is te groot (meer dan {MAX_UPLOAD_BYTES // 2**20} MB).")


async def _submitted(request: Request) -> tuple[str, bytes | str, str, object] | JSONResponse:
    """(name, data, suffix, genre) of a multipart upload (bytes) or a pasted JSON text (str), or an error."""
    try:
        body = await _body(request)
    except TooLarge:
        return _too_large()
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        try:
            filename, data, genre = await _form(request, body)
        except MultiPartException:
            return _error(400, "Het formulier kon niet gelezen worden.")
        if not filename:
            return _error(400, "Kies een bestand in het veld ‘file’.")
        return Path(filename).name, data, Path(filename).suffix or ".txt", genre
    try:
        payload = json.loads(body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _error(400, 'Stuur JSON zoals {"text": "…", "genre": "vacature"}.')
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        return _error(400, "Het veld ‘text’ ontbreekt of is geen tekst.")
    text = payload["text"]
    if any("\ud800" <= char <= "\udfff" for char in text):
        return _error(400, "De tekst bevat ongeldige tekens (losse surrogaten).")
    return PASTED, text, ".txt", payload.get("genre")


def create_app(linter: Linter | None = None) -> Starlette:
    """The web application; ``linter`` defaults to the shipped rule sets."""
    the_linter = linter or default_linter()

    async def page(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers=_SECURITY_HEADERS)

    async def rules(request: Request) -> Response:
        described = {
            rule.id: {
                "category": rule.category,
                "severity": str(rule.severity),
                "message": rule.message,
                "why": rule.why,
                "source": rule.source,
                "link": rule.link,
            }
            for rule in the_linter.catalog.rules
        }
        return JSONResponse({"rules": described, "genres": list(GENRES)}, headers=_SECURITY_HEADERS)

    async def check(request: Request) -> Response:
        submitted = await _submitted(request)
        if isinstance(submitted, Response):
            return submitted
        name, data, suffix, genre = submitted
        text: str | None
        positions: PositionMap | None = None
        error: str | None = None
        if isinstance(data, str):  # pasted text is checked exactly as typed
            text = data
        else:
            document = extract(name, data, suffix)
            text, positions, error = document.text, document.positions, document.error
        if text is None:
            answer: dict[str, object] = FileReport(name, (), error).to_dict()
        else:
            findings = the_linter.lint(text, positions, _policy(genre))
            answer = FileReport(name, tuple(findings)).to_dict()
            if request.query_params.get("tekst") == "1":
                answer["text"] = text
        return JSONResponse(answer, headers=_SECURITY_HEADERS)

    async def annotate(request: Request) -> Response:
        submitted = await _submitted(request)
        if isinstance(submitted, Response):
            return submitted
        name, data, suffix, genre = submitted
        if isinstance(data, str) or suffix.lower() != ".docx":
            return _error(400, "Alleen een Word-bestand (.docx) kan worden teruggegeven met opmerkingen.")
        try:
            annotated, _ = annotate_docx(data, the_linter, _policy(genre))
        except ReadError as error:
            return _error(422, f"{name}: {error}")
        download = Path(name).stem + "-nagekeken.docx"
        headers = {**_SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{_ascii(download)}"'}
        return Response(annotated, media_type=DOCX_TYPE, headers=headers)

    return Starlette(
        routes=[
            Route("/", page),
            Route("/api/rules", rules),
            Route("/api/check", check, methods=["POST"]),
            Route("/api/annotate", annotate, methods=["POST"]),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ]
    )


def _ascii(name: str) -> str:
    return "".join(char if char.isascii() and char not in '"\\' else "_" for char in name)
