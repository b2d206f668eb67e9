"""The spaCy pipeline component for researchers who already use spaCy."""

from __future__ import annotations

import spacy


def test_add_pipe_stores_findings_as_spans() -> None:
    nlp = spacy.blank("nl")
    nlp.add_pipe("waardetaal")
    doc = nlp("Het aandeel hoogopgeleiden groeit, ook onder mbo-leerlingen.")
    spans = doc.spans["waardetaal"]
    assert [(s.text, s.label_) for s in spans] == [
        ("hoogopgeleiden", "utrecht.hoog-laag-opgeleid"),
        ("mbo-leerlingen", "utrecht.mbo-leerling"),
    ]
    assert spans[0]._.waardetaal["suggestions"] == ["hbo- en wo-opgeleiden"]


def test_component_works_when_tokens_do_not_align() -> None:
    nlp = spacy.blank("nl")
    nlp.add_pipe("waardetaal", config={"spans_key": "termen"})
    doc = nlp("Veel laag- en hoogopgeleiden.")
    assert [s.text for s in doc.spans["termen"]] == ["laag- en hoogopgeleiden"]


def test_entry_point_registers_the_factory_without_importing_waardetaal() -> None:
    import subprocess
    import sys

    script = (
        "import spacy, sys; nlp = spacy.blank('nl'); nlp.add_pipe('waardetaal');"
        "doc = nlp('Veel hoogopgeleiden.'); print([s.text for s in doc.spans['waardetaal']])"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['hoogopgeleiden']"
