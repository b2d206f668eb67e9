"""The JSON API and its limits, through Starlette's test client."""

from __future__ import annotations

import io
import json

import docx
import pytest
from starlette.testclient import TestClient
from tests import documents

from waardetaal.rules import builtin_rule_files, load_catalog
from waardetaal.web.app import MAX_UPLOAD_BYTES, create_app, page_html
from waardetaal.web.work import Submission, check, page_policy

CONTRACT_FILE_KEYS = ["path", "error", "findings"]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def test_page_and_assets_are_served_locally(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'lang="nl"' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "http" not in page.text.split("<body>")[0].replace('content="width', "")  # no CDN in the head
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200


def test_check_json_text(client: TestClient) -> None:
    answer = client.post("/api/check", json={"text": "Wij zoeken hoogopgeleiden. Minimaal hbo.", "genre": "vacature"})
    body = answer.json()
    assert list(body) == CONTRACT_FILE_KEYS
    assert [f["rule"] for f in body["findings"]] == ["utrecht.hoog-laag-opgeleid", "utrecht.diploma-eis"]
    publication = client.post("/api/check", json={"text": "Minimaal hbo.", "genre": "publicatie"}).json()
    assert publication["findings"] == []


def test_check_multipart_upload_with_text(client: TestClient) -> None:
    answer = client.post(
        "/api/check?tekst=1",
        files={"file": ("vacature.docx", documents.make_docx(), "application/octet-stream")},
        data={"genre": "vacature"},
    )
    body = answer.json()
    assert body["path"] == "vacature.docx" and body["error"] is None
    assert "hoogopgeleiden" in [f["text"] for f in body["findings"]]
    assert body["text"][body["findings"][0]["start"] : body["findings"][0]["end"]] == body["findings"][0]["text"]


def test_script_in_pasted_text_comes_back_as_json_only(client: TestClient) -> None:
    text = "<script>alert('x')</script> hoogopgeleiden"
    answer = client.post("/api/check?tekst=1", json={"text": text})
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.json()["text"] == text


def test_oversized_upload_is_refused_and_the_server_keeps_serving(client: TestClient) -> None:
    big = b"a" * (MAX_UPLOAD_BYTES + 1)
    answer = client.post("/api/check", files={"file": ("groot.txt", big, "text/plain")})
    assert answer.status_code == 413 and "te groot" in answer.json()["error"]
    assert client.post("/api/check", json={"text": "mbo-leerlingen"}).json()["findings"][0]["text"] == "mbo-leerlingen"


def test_malformed_file_gives_a_message_and_the_server_keeps_serving(client: TestClient) -> None:
    answer = client.post("/api/check", files={"file": ("kapot.docx", b"PK\x03\x04 stuk", "application/octet-stream")})
    assert answer.status_code == 200 and answer.json()["error"].startswith("geen geldig Word-bestand")
    broken = client.post("/api/check", content=b"{niet json", headers={"content-type": "application/json"})
    assert broken.status_code == 400 and "JSON" in broken.json()["error"]
    assert client.get("/").status_code == 200


def test_annotate_returns_a_word_file_with_comments(client: TestClient) -> None:
    original = documents.make_docx()
    answer = client.post("/api/annotate", files={"file": ("vacature.docx", original, "application/octet-stream")})
    assert answer.status_code == 200
    assert 'filename="vacature-nagekeken.docx"' in answer.headers["content-disposition"]
    comments = docx.Document(io.BytesIO(answer.content)).comments
    assert len(list(comments)) >= 3
    refused = client.post("/api/annotate", files={"file": ("nota.pdf", documents.make_pdf(), "application/pdf")})
    assert refused.status_code == 400


def test_the_page_offers_a_pack_that_is_off_by_default_for_the_kind_of_text_it_declares() -> None:

    catalog = load_catalog(builtin_rule_files())
    optional = [ruleset for ruleset in catalog.rulesets if not ruleset.default]
    assert optional, "a shipped rule set that is off by default"
    page = page_html(catalog)
    for ruleset in optional:
        for genre in ruleset.genres:
            assert f"Bij ‘{genre.label}’ kijkt waardetaal ook naar: {ruleset.title}." in page
            chosen = page_policy(genre.name, catalog)
            assert all(chosen.reports(rule.id) for rule in ruleset.rules)
        others = {declared.name for declared in catalog.genres} - {genre.name for genre in ruleset.genres}
        for other in [*others, None, "onbekend"]:
            assert not any(page_policy(other, catalog).reports(rule.id) for rule in ruleset.rules)
    on = [rule for ruleset in catalog.rulesets if ruleset.default for rule in ruleset.rules]
    assert all(page_policy(None, catalog).reports(rule.id) for rule in on)


def test_a_vacancy_on_the_page_gets_the_recruitment_findings_and_a_publication_does_not() -> None:

    text = b'{"text": "Beleidsadviseur (m/v). Je komt in een jong team.", "genre": "vacature"}'
    vacancy = json.loads(check(Submission("plak.txt", text, ".txt", None, pasted=True)).body)
    publication = json.loads(
        check(Submission("plak.txt", text.replace(b"vacature", b"publicatie"), ".txt", None, pasted=True)).body
    )
    assert {finding["rule"] for finding in vacancy["findings"]} >= {"werving.m-v", "werving.jong-team"}
    assert not [finding for finding in publication["findings"] if finding["rule"].startswith("werving.")]
