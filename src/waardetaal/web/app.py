"""The web application: one page for writers, a JSON API, and annotated Word files.

Starlette (ASGI) serves the page, its script and style from the package (no CDN,
works offline) and three endpoints: ``GET /api/rules`` (rules, genres and category labels), ``POST /api/check``
(JSON ``{"text", "genre"}`` or a multipart upload in field ``file``; answers with
one file object of the contract's JSON), ``POST /api/annotate`` (a .docx
back with Word comments) and ``GET /api/health`` (200 once the workers are warm,
503 before). Every URL the page uses is relative, so a reverse proxy may serve it
under a path prefix. Uploads are read into memory up to a limit and within
a deadline, never written to disk; user text only ever reaches the page as JSON.
The event loop only moves bytes: parsing and linting run in the worker
processes of :mod:`waardetaal.web.pool`, and requests beyond what the workers
and a short queue hold are answered "druk" at once.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from waardetaal.limits import MAX_UPLOAD_BYTES, REQUEST_READ_SECONDS
from waardetaal.linter import Linter
from waardetaal.readers import FILE_FORMATS, FileFormat, format_for, format_for_media_type
from waardetaal.rules import Catalog
from waardetaal.web import work
from waardetaal.web.pool import InProcess, Task, WorkersFailed, WorkPool
from waardetaal.web.work import PASTED, Answer, Submission, page_linter

__all__ = ["MAX_UPLOAD_BYTES", "create_app"]

STATIC = Path(str(resources.files("waardetaal.web") / "static"))
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


# Where the page lists the kinds of text and the rule sets that only some kinds get: the rule sets
# declare both, so the page is filled in when served.
_GENRE_OPTIONS = "<!-- soorten tekst -->"
_EXTRA_RULESETS = "<!-- extra regelsets -->"


def page_html(catalog: Catalog) -> str:
    """The page, with a choice for every kind of text the rule sets declare, and what each kind adds."""
    options = "".join(
        f'<option value="{html.escape(genre.name)}">{html.escape(genre.label)}</option>' for genre in catalog.genres
    )
    labels = {genre.name: genre.label for genre in catalog.genres}
    extras = [
        f"Bij ‘{html.escape(labels[genre.name])}’ kijkt waardetaal ook naar: {html.escape(ruleset.title)}."
        for ruleset in catalog.rulesets
        if not ruleset.default
        for genre in ruleset.genres
    ]
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    return page.replace(_GENRE_OPTIONS, options).replace(_EXTRA_RULESETS, " ".join(extras))


def _named(file_format: FileFormat) -> str:
    return f"{file_format.label} ({', '.join(file_format.suffixes)})"


# The formats an upload may have, for the message that refuses any other: "tekst (.txt), …, of PDF (.pdf)".
_READABLE = ", ".join(map(_named, FILE_FORMATS[:-1])) + f" of {_named(FILE_FORMATS[-1])}"


class _InMemoryParser(MultiPartParser):
    """Starlette's multipart parser, spooling to disk only above a size the upload limit never reaches."""

    spool_max_size = MAX_UPLOAD_BYTES + 1


class TooLarge(Exception):
    """The request body is larger than the upload limit."""


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers={**_SECURITY_HEADERS, **(headers or {})})


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


async def _form(request: Request, body: bytes) -> tuple[str | None, str | None, bytes, str | None]:
    """(file name, declared media type, file bytes, genre) of a multipart body held in memory."""

    async def stream() -> AsyncGenerator[bytes, None]:
        yield body

    form = await _InMemoryParser(request.headers, stream(), max_files=1, max_fields=10).parse()
    try:
        upload, genre = form.get("file"), form.get("genre")
        chosen = genre if isinstance(genre, str) else None
        if not isinstance(upload, UploadFile):
            return None, None, b"", chosen
        return upload.filename, upload.content_type, await upload.read(), chosen
    finally:
        await form.close()


def _too_large() -> JSONResponse:
    return _error(413, f"Het bestand of de tekst is te groot (meer dan {MAX_UPLOAD_BYTES // 2**20} MB).")


async def _submitted(request: Request, read_seconds: float) -> Submission | Response:
    """The upload or the pasted JSON body of a request, or the error that answers it."""
    try:
        with anyio.fail_after(read_seconds):
            body = await _body(request)
    except TooLarge:
        return _too_large()
    except TimeoutError:  # a client sending a byte at a time holds a slot: cut it off and close the connection
        return _error(
            408,
            f"De aanvraag kwam niet binnen {read_seconds:g} s binnen en is afgebroken; niet gecontroleerd.",
            {"Connection": "close"},
        )
    except ClientDisconnect:
        return _error(400, "De verbinding werd verbroken voordat de aanvraag binnen was; niet gecontroleerd.")
    with_text = request.query_params.get("tekst") == "1"
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        try:
            filename, media_type, data, genre = await _form(request, body)
        except MultiPartException:
            return _error(400, "Het formulier kon niet gelezen worden.")
        if not filename:
            return _error(400, "Kies een bestand in het veld ‘file’.")
        suffix = _upload_suffix(filename, media_type)
        if suffix is None:
            return _error(415, f"Dit soort bestand kan waardetaal niet lezen. Kies {_READABLE}; niet gecontroleerd.")
        return Submission(Path(filename).name, data, suffix, genre, with_text=with_text)
    return Submission(PASTED, body, pasted=True, with_text=with_text)  # the worker parses the JSON


def _upload_suffix(filename: str, media_type: str | None) -> str | None:
    """The suffix to read an upload as, or None when waardetaal reads no such file."""
    suffix = Path(filename).suffix
    if suffix:
        return suffix if format_for(suffix) is not None else None
    # A name without an extension: the browser's media type says what it is, or else it is plain text.
    declared = format_for_media_type(media_type or "")
    return declared.suffixes[0] if declared is not None else ".txt"


def _response(answer: Answer) -> Response:
    headers = dict(_SECURITY_HEADERS)
    if answer.download is not None:
        headers["Content-Disposition"] = f'attachment; filename="{_ascii(answer.download)}"'
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type, headers=headers)


def create_app(
    linter: Linter | None = None, pool: WorkPool | None = None, read_seconds: float = REQUEST_READ_SECONDS
) -> Starlette:
    """The web application, checking in ``pool`` (by default a new one) or, given a ``linter``, in a thread."""
    runner: InProcess | WorkPool = InProcess(linter) if linter is not None else pool or WorkPool()
    catalog: Catalog = linter.catalog if linter is not None else page_linter().catalog
    admitted = 0  # requests being read, checked or waiting for a worker; only the event loop counts them
    rendered = page_html(catalog)

    async def page(request: Request) -> Response:
        return HTMLResponse(rendered, headers=_SECURITY_HEADERS)

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
            for rule in catalog.rules
        }
        genres = [{"name": genre.name, "label": genre.label} for genre in catalog.genres]
        body = {"rules": described, "genres": genres, "categories": dict(catalog.category_labels)}
        return JSONResponse(body, headers=_SECURITY_HEADERS)

    async def handled(request: Request, task: Task) -> Response:
        """Admit the request (or answer "druk"), read it, and let a worker answer it."""
        nonlocal admitted
        if admitted >= runner.capacity:
            return _error(
                503,
                "De server is druk; probeer het over een minuut opnieuw. Niet gecontroleerd.",
                {"Retry-After": "60"},
            )
        admitted += 1
        try:
            submitted = await _submitted(request, read_seconds)
            if isinstance(submitted, Response):
                return submitted
            return _response(await runner.run(task, submitted))
        finally:
            admitted -= 1

    async def restart() -> None:
        with contextlib.suppress(WorkersFailed):  # the next check says so in Dutch
            await anyio.to_thread.run_sync(runner.start)

    async def health(request: Request) -> Response:
        # For a load balancer or monitoring: it checks nothing, so it answers while every worker is busy.
        if runner.ready:
            return JSONResponse({"status": "gereed", "werkprocessen": runner.workers}, headers=_SECURITY_HEADERS)
        # Workers replaced after a failure start on the next check; a balancer that only asks here would wait forever.
        return JSONResponse(
            {"status": "niet gereed", "melding": "De controle start nog of wordt herstart; probeer het zo opnieuw."},
            status_code=503,
            headers={**_SECURITY_HEADERS, "Retry-After": "5"},
            background=BackgroundTask(restart),
        )

    async def check(request: Request) -> Response:
        return await handled(request, work.check)

    async def annotate(request: Request) -> Response:
        return await handled(request, work.annotate)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(runner.start)  # warm workers before the first request
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(runner.stop)

    return Starlette(
        routes=[
            Route("/", page),
            Route("/api/rules", rules),
            Route("/api/health", health),
            Route("/api/check", check, methods=["POST"]),
            Route("/api/annotate", annotate, methods=["POST"]),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        lifespan=lifespan,
    )


def _ascii(name: str) -> str:
    return "".join(char if char.isascii() and char not in '"\\' else "_" for char in name)
