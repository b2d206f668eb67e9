"""Fixes: the behaviour that planted bugs (scripts/mutation.py) showed no other test pins down."""

from __future__ import annotations

import dataclasses
import errno
import os
import stat
import time
from pathlib import Path

import pytest

from waardetaal import fixes
from waardetaal.findings import Finding, Severity
from waardetaal.fixes import Edit, Fixer, WriteRefused, checked_tree, planned_edits, unified_diff, write_atomically
from waardetaal.sources import Document, read_document

BEFORE = "Veel mbo-leerlingen.\n"
AFTER = "Veel mbo-studenten.\n"
AN_HOUR_AGO = time.time() - 3600


def _document(path: Path, text: str = BEFORE) -> Document:
    path.write_text(text, encoding="utf-8")
    return read_document(str(path))


def _finding(text: str, start: int, fix: str) -> Finding:
    return Finding(
        "r",
        "c",
        Severity.WARNING,
        start,
        start + len(text),
        1,
        start + 1,
        1,
        start + len(text),
        text,
        "m",
        (fix,),
        fix=fix,
    )


def _stale_temporary(folder: Path, name: str, *, age: float = 3600) -> Path:
    leftover = folder / f".{name}.k1ll3d_9.waardetaal"
    leftover.write_bytes(b"Veel mbo-")
    os.utime(leftover, (time.time() - age, time.time() - age))
    return leftover


def test_an_unfixable_format_plans_no_edits_even_with_a_source(tmp_path: Path) -> None:
    document = _document(tmp_path / "tekst.txt")
    finding = _finding("leerlingen", 9, "studenten")
    assert planned_edits(document, [finding]) == [Edit(9, 19, "studenten")]
    assert planned_edits(dataclasses.replace(document, path=str(tmp_path / "tekst.pdf")), [finding]) == []


def test_a_fix_in_html_is_escaped_but_quotes_are_kept(tmp_path: Path) -> None:
    document = _document(tmp_path / "pagina.html", "<p>Veel leerlingen.</p>\n")
    assert document.text is not None
    start = document.text.index("leerlingen")
    [edit] = planned_edits(document, [_finding("leerlingen", start, 'Tom & "Jerry" <x>')])
    assert edit.replacement == 'Tom &amp; "Jerry" &lt;x&gt;'


def test_a_term_with_markup_inside_is_skipped_and_the_next_still_fixed(tmp_path: Path) -> None:
    document = _document(tmp_path / "tekst.txt")
    wrong, right = _finding("xxxx", 0, "y"), _finding("leerlingen", 9, "studenten")
    assert planned_edits(document, [wrong, right]) == [Edit(9, 19, "studenten")]


def test_the_diff_names_both_sides_and_marks_a_last_line_without_break() -> None:
    diff = unified_diff("map/tekst.txt", "a\nb", "a\nc")
    assert diff == (
        "--- a/map/tekst.txt\n+++ b/map/tekst.txt\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n"
        "+c\n\\ No newline at end of file\n"
    )


def test_the_diff_keeps_carriage_returns_as_line_breaks() -> None:
    assert unified_diff("t", "a\rb\r", "a\rc\r").splitlines(keepends=True)[2:] == [
        "@@ -1,2 +1,2 @@\n",
        " a\r",
        "-b\r",
        "+c\r",
    ]


def test_the_checked_tree_is_a_folder_or_a_files_folder(tmp_path: Path) -> None:
    (tmp_path / "tekst.txt").write_text(BEFORE, encoding="utf-8")
    assert checked_tree(str(tmp_path)) == tmp_path
    assert checked_tree(str(tmp_path / "tekst.txt")) == tmp_path


def test_write_atomically_keeps_to_the_given_tree(tmp_path: Path) -> None:
    (tmp_path / "boom").mkdir()
    document = _document(tmp_path / "tekst.txt")
    with pytest.raises(WriteRefused, match="buiten de gecontroleerde map"):
        write_atomically(document, AFTER, tmp_path / "boom")
    assert (tmp_path / "tekst.txt").read_text(encoding="utf-8") == BEFORE


def test_an_error_without_a_number_is_a_generic_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = _document(tmp_path / "tekst.txt")

    def failing(*arguments: object) -> str:
        raise OSError("kapot")

    monkeypatch.setattr(fixes, "_write_temporary", failing)
    with pytest.raises(WriteRefused, match=r"^schrijffout \(systeemfout None\): niet hersteld$"):
        write_atomically(document, AFTER)


def test_a_pipe_in_the_files_place_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tekst.txt"
    document = _document(path)
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(WriteRefused, match=r"^is geen gewoon bestand: niet hersteld$"):
        write_atomically(document, AFTER)


def test_a_mode_change_while_writing_is_a_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "tekst.txt"
    document = _document(path)
    write_temporary = fixes._write_temporary

    def racing(folder: int, name: str, data: bytes, original: os.stat_result) -> str:
        temporary = write_temporary(folder, name, data, original)
        path.chmod(0o600)  # same bytes, size and mtime: only the ctime tells
        return temporary

    monkeypatch.setattr(fixes, "_write_temporary", racing)
    with pytest.raises(WriteRefused, match="gewijzigd terwijl"):
        write_atomically(document, AFTER)
    assert path.read_text(encoding="utf-8") == BEFORE


def test_a_read_only_folder_is_refused_even_for_root(tmp_path: Path) -> None:
    folder = tmp_path / "vast"
    folder.mkdir()
    document = _document(folder / "tekst.txt")
    folder.chmod(0o555)
    try:
        with pytest.raises(WriteRefused, match=r"^de map van het bestand is alleen-lezen: niet hersteld$"):
            write_atomically(document, AFTER)
    finally:
        folder.chmod(0o755)
    assert (folder / "tekst.txt").read_text(encoding="utf-8") == BEFORE


def test_an_owner_that_cannot_be_kept_is_refused_without_leftovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _document(tmp_path / "tekst.txt")

    def not_root(*arguments: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", not_root)
    with pytest.raises(WriteRefused, match=r"^eigenaar en groep van het bestand kunnen niet behouden blijven"):
        write_atomically(document, AFTER)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tekst.txt"]


def test_the_temporary_file_has_the_name_a_later_run_recognises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _document(tmp_path / "tekst.txt")
    replace = os.replace
    renamed: list[str] = []

    def recording(source: str, target: str, **descriptors: int) -> None:
        renamed.append(source)
        replace(source, target, **descriptors)

    monkeypatch.setattr(os, "replace", recording)
    write_atomically(document, AFTER)
    [temporary] = renamed
    match = fixes._TEMPORARY.fullmatch(temporary)
    assert match is not None and match["name"] == "tekst.txt"


def test_one_fixer_cleans_up_in_every_folder_it_writes_in(tmp_path: Path) -> None:
    fixer, documents, leftovers = Fixer(), [], []
    for name in ("een", "twee"):
        (tmp_path / name).mkdir()
        documents.append(_document(tmp_path / name / "tekst.txt"))
        leftovers.append(_stale_temporary(tmp_path / name, "tekst.txt"))
    for document in documents:
        fixer.write(document, AFTER, tmp_path)
    assert not any(leftover.exists() for leftover in leftovers)


def test_only_old_single_regular_files_of_ours_count_as_stale(tmp_path: Path) -> None:
    document = _document(tmp_path / "tekst.txt")
    fresh = _stale_temporary(tmp_path, "tekst.txt", age=60)
    linked = tmp_path / ".tekst.txt.linked_2.waardetaal"
    os.link(_stale_temporary(tmp_path, "ander.txt"), linked)
    other_owner = tmp_path / ".tekst.txt.ownedby2.waardetaal"
    other_owner.write_bytes(b"")
    os.chown(other_owner, 12345, 12345)
    folder = tmp_path / ".tekst.txt.folder_3.waardetaal"
    folder.mkdir()
    for leftover in (linked, other_owner, folder):
        os.utime(leftover, (AN_HOUR_AGO, AN_HOUR_AGO))
    write_atomically(document, AFTER)
    assert all(leftover.exists() for leftover in (fresh, linked, other_owner, folder))


def test_a_fix_in_plain_text_is_not_escaped(tmp_path: Path) -> None:
    document = _document(tmp_path / "tekst.txt")
    assert planned_edits(document, [_finding("leerlingen", 9, "Tom & Jerry")]) == [Edit(9, 19, "Tom & Jerry")]


def test_a_stale_file_someone_else_removed_first_is_no_error(tmp_path: Path) -> None:
    fixer = Fixer()
    first, second = _document(tmp_path / "a.txt"), _document(tmp_path / "b.txt")
    leftover = _stale_temporary(tmp_path, "b.txt")
    fixer.write(first, AFTER, tmp_path)  # lists the folder once, leftover of b.txt included
    leftover.unlink()  # another run cleaned up in between
    fixer.write(second, AFTER, tmp_path)
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == AFTER


def test_the_temporary_file_is_private_while_it_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = _document(tmp_path / "tekst.txt")
    (tmp_path / "tekst.txt").chmod(0o644)
    fchown = os.fchown
    modes: list[int] = []

    def checking(handle: int, uid: int, gid: int) -> None:
        modes.append(stat.S_IMODE(os.fstat(handle).st_mode))  # before the original's mode is given to it
        fchown(handle, uid, gid)

    monkeypatch.setattr(os, "fchown", checking)
    write_atomically(document, AFTER)
    assert modes == [0o600]
    assert stat.S_IMODE((tmp_path / "tekst.txt").stat().st_mode) == 0o644
