"""The spaCy component behaves like one: serialisable findings, settings, a config that round-trips."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from waardetaal import lint_text

TEXTS = [
    "Het aandeel hoogopgeleiden groeit, ook onder mbo-leerlingen.",
    "Veel laag- en hoogopgeleiden wonen in de wijk.",
    "Een schone zin zonder termen.",
    "Je hebt minimaal een afgeronde hbo-opleiding en HBO/WO werk- en denkniveau.",
    "",
]

FRAGMENTS = [
    "hoogopgeleiden",
    "laag- en hoogopgeleiden",
    "mbo-leerlingen",
    "hoger onderwijs",
    "het woord ‘laagopgeleid’",
    "De wijk",
    "groeit",
    "mbo-studenten",
    ",",
    ".",
    "\n\n",
]


def plain(value: object) -> object:
    """``value`` with tuples as lists: DocBin's msgpack gives arrays back as tuples."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def found(doc: Doc, key: str = "waardetaal") -> list[tuple[str, str, object]]:
    """What the component stored: text, label and the attribute of each span."""
    return [(span.text, span.label_, plain(span._.waardetaal)) for span in doc.spans[key]]


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("nl")
    pipeline.add_pipe("waardetaal")
    return pipeline


def test_findings_are_the_contracts_json_objects(nlp: Language) -> None:
    doc = nlp(TEXTS[0])
    assert [attribute for _, _, attribute in found(doc)] == [f.to_dict() for f in lint_text(TEXTS[0])]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=8).map(" ".join))
@settings(max_examples=40, deadline=None)
def test_spans_are_the_findings_of_lint_text(nlp: Language, text: str) -> None:
    findings = lint_text(text)
    doc = nlp(text)
    assert [(s.label_, s._.waardetaal) for s in doc.spans["waardetaal"]] == [(f.rule, f.to_dict()) for f in findings]
    # Each span covers its finding, widened to whole tokens at most.
    for span, finding in zip(doc.spans["waardetaal"], findings, strict=True):
        assert span.start_char <= finding.start < finding.end <= span.end_char


def test_doc_to_bytes_keeps_the_findings(nlp: Language) -> None:
    doc = nlp(TEXTS[1])
    assert found(doc)
    restored = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert found(restored) == found(doc)


def test_docbin_with_user_data_keeps_the_findings(nlp: Language) -> None:
    docs = list(nlp.pipe(TEXTS))
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    restored = list(DocBin().from_bytes(data).get_docs(spacy.blank("nl").vocab))
    assert [found(doc) for doc in restored] == [found(doc) for doc in docs]
    assert any(found(doc) for doc in restored)


def test_pipe_in_two_processes_gives_what_one_gives(nlp: Language) -> None:
    texts = TEXTS * 4
    together = [found(doc) for doc in nlp.pipe(texts, n_process=2, batch_size=4)]
    assert together == [found(doc) for doc in nlp.pipe(texts)]
    assert sum(map(len, together)) >= 4 * 5


def rules_of(doc: Doc) -> list[str]:
    return [span.label_ for span in doc.spans["waardetaal"]]


def test_select_ignore_and_genre_are_honoured() -> None:
    text = "Veel hoogopgeleiden en mbo-leerlingen; je hebt minimaal een afgeronde hbo-opleiding."
    settings_and_rules = [
        ({}, ["utrecht.hoog-laag-opgeleid", "utrecht.mbo-leerling", "utrecht.diploma-eis"]),
        ({"select": ["utrecht.mbo-leerling"]}, ["utrecht.mbo-leerling"]),
        ({"ignore": ["utrecht.hoog-laag-opgeleid"]}, ["utrecht.mbo-leerling", "utrecht.diploma-eis"]),
        ({"genre": "publicatie"}, ["utrecht.hoog-laag-opgeleid", "utrecht.mbo-leerling"]),
    ]
    for config, rules in settings_and_rules:
        nlp = spacy.blank("nl")
        nlp.add_pipe("waardetaal", config=config)
        assert rules_of(nlp(text)) == rules, config


def test_severity_and_mentions_are_honoured() -> None:
    nlp = spacy.blank("nl")
    nlp.add_pipe("waardetaal", config={"severity": {"utrecht.mbo-leerling": "error"}, "mentions": "ignore"})
    doc = nlp("Het woord ‘hoogopgeleiden’ en mbo-leerlingen.")
    assert [(s.label_, s._.waardetaal["severity"]) for s in doc.spans["waardetaal"]] == [
        ("utrecht.mbo-leerling", "error")
    ]


def test_unknown_settings_fail_at_add_pipe_in_dutch() -> None:
    nlp = spacy.blank("nl")
    with pytest.raises(ValueError, match=r"onbekende regel ‘utrecht\.bestaat-niet’"):
        nlp.add_pipe("waardetaal", config={"select": ["utrecht.bestaat-niet"]})
    with pytest.raises(ValueError, match=r"onbekend.*‘roman’"):
        nlp.add_pipe("waardetaal", config={"genre": "roman"})


OWN_RULES = """\
ruleset: eigen
source: Testbron
rules:
  - id: eigen.kansarm
    category: opleidingsniveau
    severity: warning
    message: Zeg wat er aan de hand is.
    why: Een etiket.
    patterns: [kansarm]
    examples:
      flag: ["Een [[kansarm]] gezin."]
      pass: ["Een groot gezin."]
"""


def test_rule_files_add_to_the_shipped_rules_and_survive_to_disk(tmp_path: Path) -> None:
    rules = tmp_path / "eigen.yaml"
    rules.write_text(textwrap.dedent(OWN_RULES), encoding="utf-8")
    nlp = spacy.blank("nl")
    nlp.add_pipe("waardetaal", config={"rule_files": [str(rules)], "genre": "vacature", "spans_key": "termen"})
    text = "Een kansarm gezin vol hoogopgeleiden."
    expected = ["eigen.kansarm", "utrecht.hoog-laag-opgeleid"]
    doc = nlp(text)
    assert [s.label_ for s in doc.spans["termen"]] == expected
    assert rules_of(spacy.blank("nl").add_pipe("waardetaal")(nlp.make_doc(text))) == expected[1:]
    nlp.to_disk(tmp_path / "pijplijn")
    loaded = spacy.load(tmp_path / "pijplijn")
    assert loaded.get_pipe_config("waardetaal") == nlp.get_pipe_config("waardetaal")
    doc = loaded(text)
    assert [s.label_ for s in doc.spans["termen"]] == expected
