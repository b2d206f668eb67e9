"""What one web request asks of the linter, done on bytes and answered with bytes.

These functions run in a worker process of :mod:`waardetaal.web.pool` (or, for
tests, in a thread): they parse the pasted JSON or read the uploaded file, lint
it and serialise the answer, so the event loop only moves bytes. They import
nothing of the web stack, which keeps the workers small.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from waardetaal.annotate import track_changes_docx
from waardetaal.findings import FileReport
from waardetaal.linter import Linter, Policy
from waardetaal.positions import PositionMap
from waardetaal.readers import ReadError, ReadingHints
from waardetaal.rules import Catalog, builtin_rule_files, load_catalog
from waardetaal.sources import extract

PASTED = "<tekst>"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JSON_TYPE = "application/json"
SEND_JSON = 'Stuur JSON zoals {"text": "…", "genre": "vacature"}.'


@dataclass(frozen=True, slots=True)
class Submission:
    """One request's input: a pasted JSON body, or an uploaded file with its genre."""

    name: str
    data: bytes
    suffix: str = ".txt"
    genre: str | None = None
    pasted: bool = False  # data is the JSON body {"text", "genre"}, not a file
    with_text: bool = False  # the answer carries the checked text (the page needs it)


@dataclass(frozen=True, slots=True)
class Answer:
    """A response as plain data: status, body bytes, media type and an optional download name."""

    status: int
    body: bytes
    media_type: str = JSON_TYPE
    download: str | None = None


def json_answer(status: int, content: object) -> Answer:
    """``content`` as compact UTF-8 JSON, the way Starlette's JSONResponse writes it."""
    encoded = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    return Answer(status, encoded)


def error_answer(status: int, message: str) -> Answer:
    """A Dutch ``{"error": message}`` answer."""
    return json_answer(status, {"error": message})


def check(submission: Submission, linter: Linter | None = None) -> Answer:
    """One file object of the contract's JSON for the pasted text or the uploaded file."""
    text: str | None
    positions: PositionMap | None = None
    error: str | None = None
    genre: object = submission.genre
    chosen = linter or page_linter()
    if submission.pasted:
        pasted = _pasted(submission.data)
        if isinstance(pasted, Answer):
            return pasted
        text, genre = pasted  # pasted text is checked exactly as typed
    else:
        hints = ReadingHints(chosen.catalog.line_end_hyphens)
        document = extract(submission.name, submission.data, submission.suffix, hints)
        text, positions, error = document.text, document.positions, document.error
    if text is None:
        return json_answer(200, FileReport(submission.name, (), error).to_dict())
    findings = chosen.lint(text, positions, page_policy(genre, chosen.catalog))
    answer = FileReport(submission.name, tuple(findings)).to_dict()
    if submission.with_text:
        answer["text"] = text
    return json_answer(200, answer)


def annotate(submission: Submission, linter: Linter | None = None) -> Answer:
    """The uploaded .docx with each safe fix as a tracked change and a Word comment at every other finding."""
    if submission.pasted or submission.suffix.lower() != ".docx":
        return error_answer(400, "Alleen een Word-bestand (.docx) kan worden teruggegeven met opmerkingen.")
    chosen = linter or page_linter()
    try:
        annotated, _, _ = track_changes_docx(submission.data, chosen, page_policy(submission.genre, chosen.catalog))
    except ReadError as error:
        return error_answer(422, f"{submission.name}: {error}")
    return Answer(200, annotated, DOCX_TYPE, Path(submission.name).stem + "-nagekeken.docx")


def ready() -> None:
    """Nothing: scheduled once to start the workers."""


def _pasted(body: bytes) -> tuple[str, object] | Answer:
    """(text, genre) of a JSON body, or the 400 answer saying what is wrong with it."""
    try:
        payload = json.loads(body or b"{}")
    except RecursionError:  # json's C parser recurses per level: 100,000 '[' end here
        return error_answer(400, f"De JSON is te diep genest en is niet gecontroleerd. {SEND_JSON}")
    except ValueError:  # invalid JSON or UTF-8, or an integer too long to convert
        return error_answer(400, SEND_JSON)
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        return error_answer(400, "Het veld ‘text’ ontbreekt of is geen tekst.")
    text = payload["text"]
    if any("\ud800" <= char <= "\udfff" for char in text):
        return error_answer(400, "De tekst bevat ongeldige tekens (losse surrogaten).")
    return text, payload.get("genre")


@functools.cache
def page_linter() -> Linter:
    """A linter with every shipped rule set, built once per process; :func:`page_policy` chooses among them."""
    return Linter(load_catalog(builtin_rule_files()))


def page_policy(genre: object, catalog: Catalog) -> Policy:
    """The rule sets on by default, and those off by default that declare this kind of text (a vacancy's pack)."""
    known = str(genre) if genre in {declared.name for declared in catalog.genres} else None
    used = [
        ruleset
        for ruleset in catalog.rulesets
        if ruleset.default or (known is not None and known in {declared.name for declared in ruleset.genres})
    ]
    return Policy(select=tuple(rule.id for ruleset in used for rule in ruleset.rules), genre=known)
