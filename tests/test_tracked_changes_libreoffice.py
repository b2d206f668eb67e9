"""LibreOffice opens the tracked-changes copy: it converts to PDF, and accepting all changes gives ``--fix``'s text.

Skipped where LibreOffice is not installed (Debian: ``libreoffice-writer``, and
``python3-uno`` for the accept-all check through LibreOffice's own API).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pypdfium2
import pytest
from docx.oxml.ns import qn

from waardetaal.annotate import AUTHOR, track_changes_docx
from waardetaal.fixes import applied, planned_edits
from waardetaal.linter import Linter
from waardetaal.sources import extract

SOFFICE = shutil.which("soffice")
# The README shows the copy as LibreOffice renders it: changes struck through and underlined, bold kept.
SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "wijzigingen-libreoffice.png"
PARAGRAPHS = [
    "Wij zoeken een hoogopgeleide collega.",
    "Je werkt met mbo-leerlingen en laagopgeleiden.",
    "Ervaring met HBO/WO werk- en denkniveau is een pré.",
]
BOLD = "hoogopgeleide"

# Run by a Python that has LibreOffice's UNO bridge: start a headless office on
# a private profile, load the file hidden, list the changes' authors, accept
# every change and print the paragraphs as LibreOffice then holds them.
ACCEPT_ALL = r"""
import json, subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

path, profile, pipe, soffice = sys.argv[1:5]
office = subprocess.Popen([soffice, "--headless", "--invisible", "--norestore", "--nologo",
                           "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
                           "--accept=pipe,name=" + pipe + ";urp;"])
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            context = resolver.resolve("uno:pipe,name=" + pipe + ";urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            time.sleep(0.1)
    else:
        raise SystemExit("LibreOffice did not start")
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    hidden = PropertyValue()
    hidden.Name, hidden.Value = "Hidden", True
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (hidden,))
    authors, redlines = [], document.Redlines.createEnumeration()
    while redlines.hasMoreElements():
        redline = redlines.nextElement()
        authors.append((redline.RedlineAuthor, redline.RedlineType))
    helper = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
    helper.executeDispatch(document.CurrentController.Frame, ".uno:AcceptAllTrackedChanges", "", 0, ())
    paragraphs, blocks = [], document.Text.createEnumeration()
    while blocks.hasMoreElements():
        block = blocks.nextElement()
        if block.supportsService("com.sun.star.text.Paragraph"):
            paragraphs.append(block.String)
    left = document.Redlines.createEnumeration().hasMoreElements()
    document.close(True)
    print(json.dumps({"changes": authors, "paragraphs": paragraphs, "left": left}))
finally:
    try:
        desktop.terminate()
    except Exception:
        pass
    try:
        office.wait(timeout=30)
    except subprocess.TimeoutExpired:
        office.kill()
"""

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: libreoffice-writer")


def uno_python() -> str | None:
    """A Python interpreter that can import LibreOffice's ``uno`` module, if there is one."""
    for candidate in dict.fromkeys([sys.executable, shutil.which("python3"), "/usr/bin/python3"]):
        if candidate and subprocess.run([candidate, "-c", "import uno"], capture_output=True).returncode == 0:
            return candidate
    return None


@pytest.fixture(scope="module")
def tracked(tmp_path_factory: pytest.TempPathFactory, linter: Linter) -> Path:
    document = docx.Document()
    document.add_heading("Beleidsadviseur onderwijs", level=1)
    for text in PARAGRAPHS:
        paragraph = document.add_paragraph()
        before, found, after = text.partition(BOLD)
        paragraph.add_run(before)
        if found:
            paragraph.add_run(found).bold = True
        paragraph.add_run(after)
    buffer = io.BytesIO()
    document.save(buffer)
    output, _, changes = track_changes_docx(buffer.getvalue(), linter)
    assert changes == 2  # the third term has no safe fix: a comment
    path = tmp_path_factory.mktemp("libreoffice") / "vacature-nagekeken.docx"
    path.write_bytes(output)
    return path


def without_comments(path: Path, target: Path) -> Path:
    """A copy of the Word file without its comment marks.

    LibreOffice 7.4 loading a file through its API in headless mode crashes on
    any Word comment (a comments-only copy from ``annotate`` too), while
    ``--convert-to`` renders them; so the accept-all check gets the tracked
    changes alone, and the PDF test the whole file.
    """
    document = docx.Document(str(path))
    marks = (qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference"))
    for mark in list(document.element.body.iter(*marks)):
        parent = mark.getparent()
        assert parent is not None
        parent.remove(mark)
    document.save(str(target))
    return target


def fixed_text(linter: Linter) -> list[str]:
    """What ``check --fix`` writes for the paragraphs as a text file."""
    document = extract("tekst.txt", "\n\n".join(PARAGRAPHS).encode(), ".txt")
    assert document.text is not None and document.source is not None
    edits = planned_edits(document, linter.lint(document.text, document.positions))
    return applied(document.source.text, edits)[0].split("\n\n")


def test_libreoffice_converts_the_copy_to_pdf(tracked: Path, tmp_path: Path) -> None:
    assert SOFFICE is not None
    command = [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profiel').as_uri()}", "--headless"]
    command += ["--convert-to", "pdf", "--outdir", str(tmp_path), str(tracked)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "vacature-nagekeken.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    shown = extract("vacature-nagekeken.pdf", pdf, ".pdf")
    assert shown.error is None and shown.text is not None
    assert "hbo- of wo-opgeleide" in shown.text and "mbo-studenten" in shown.text, "the insertions are shown"
    page = pypdfium2.PdfDocument(pdf)[0].render(scale=1.2).to_pil()
    page.crop((0, page.height // 10, page.width, page.height // 4)).save(SCREENSHOT)


def test_accepting_all_changes_in_libreoffice_gives_the_fixed_text(
    tracked: Path, tmp_path: Path, linter: Linter
) -> None:
    interpreter = uno_python()
    if interpreter is None:
        pytest.skip("LibreOffice's Python bridge is not installed: python3-uno")
    assert SOFFICE is not None
    copy = without_comments(tracked, tmp_path / "zonder-opmerkingen.docx")
    arguments = [str(copy), str(tmp_path / "profiel"), f"waardetaal{tmp_path.name}", SOFFICE]
    result = subprocess.run(
        [interpreter, "-c", ACCEPT_ALL, *arguments], capture_output=True, text=True, timeout=240, check=True
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert {author for author, _ in seen["changes"]} == {AUTHOR}
    assert sorted(kind for _, kind in seen["changes"]) == ["Delete"] * 2 + ["Insert"] * 2
    assert not seen["left"]
    assert seen["paragraphs"] == ["Beleidsadviseur onderwijs", *fixed_text(linter)]
