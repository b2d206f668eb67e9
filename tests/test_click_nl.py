"""The command line speaks Dutch, also where Click writes the text (usage, help options, errors)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from scripts.compile_translations import CATALOG, compiled

# Words of Click's English texts that must never reach a user.
_ENGLISH = ("Usage:", "Options:", "Commands:", "Error:", "Try '", "Show this message", "Show the version", "Missing")


def _catalog_ids() -> set[str]:
    with (CATALOG / "messages.po").open("rb") as source:
        return {
            message.id if isinstance(message.id, str) else message.id[0] for message in read_po(source) if message.id
        }


def _click_ids() -> set[str]:
    folder = Path(click.__file__).parent
    keywords = {"_": None, "ngettext": (1, 2)}
    return {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(folder, keywords=keywords)
    }


def test_every_text_of_the_installed_click_is_translated() -> None:
    missing = _click_ids() - _catalog_ids()
    assert not missing, f"Click has texts without a Dutch translation: {sorted(missing)}"


def _translations(mo: bytes) -> dict[object, object]:
    return {_key(message.id): _key(message.string) for message in read_mo(io.BytesIO(mo)) if message.id}


def _key(value: object) -> object:
    return tuple(value) if isinstance(value, (list, tuple)) else value  # plural forms


def test_the_shipped_catalog_is_compiled_from_the_po_file() -> None:
    # Compared by what they translate: the header carries the time of compiling.
    shipped = _translations((CATALOG / "messages.mo").read_bytes())
    assert shipped == _translations(compiled(CATALOG / "messages.po")), (
        "messages.mo is out of date: python scripts/compile_translations.py"
    )
    assert len(shipped) == len(_catalog_ids())


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    # The user's locale does not matter: C, or an English one.
    env = {key: value for key, value in os.environ.items() if key not in {"LANGUAGE", "LC_ALL", "LC_MESSAGES"}}
    env["LANG"] = "en_US.UTF-8"
    return subprocess.run(
        [sys.executable, "-m", "waardetaal", *arguments], capture_output=True, text=True, env=env, check=False
    )


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--help"], ["Gebruik: waardetaal [OPTIES] OPDRACHT [ARGUMENTEN]...", "Opties:", "Opdrachten:"]),
        (["--help"], ["--version   Toon de versie en stop.", "-h, --help  Toon deze hulp en stop."]),
        (["check", "-h"], ["Gebruik: waardetaal check [OPTIES] [PAD]..."]),
        (["check", "--foo"], ["Fout: Onbekende optie '--foo'.", "Zie 'waardetaal check --help' voor hulp."]),
        (["chek"], ["Fout: Onbekende opdracht 'chek'. Bedoelde u 'check'?"]),
        (["scan", "-o", "uit"], ["Fout: Ontbrekend argument 'PAD...'."]),
        (["scan", "x", "-o", "uit", "--jobs", "0"], ["Ongeldige waarde voor '--jobs': 0 ligt niet in het bereik"]),
        (["check", "--format", "xml"], ["is niet een van 'text', 'json'"]),
    ],
)
def test_click_texts_are_dutch(arguments: list[str], expected: list[str]) -> None:
    result = _run(*arguments)
    shown = result.stdout + result.stderr
    for text in expected:
        assert text in shown
    for english in _ENGLISH:
        assert english not in shown
    assert result.returncode == (0 if "-h" in arguments or "--help" in arguments else 2)
