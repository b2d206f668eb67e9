"""Hostile input for --fix: nothing lost or handed over, and time linear in the file."""

from __future__ import annotations

import errno
import json
import os
import stat
import time
import timeit
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from tests.hostile.bounded import assert_clean_exit, run_bounded

from waardetaal import fixes
from waardetaal.cli import main
from waardetaal.fixes import Edit, WriteRefused, applied, write_atomically
from waardetaal.sources import Document, read_document

BEFORE = "Veel mbo-leerlingen en hoogopgeleiden.\n"
AFTER = "Veel mbo-studenten en hbo- en wo-opgeleiden.\n"
SAVED = "De schrijver sloeg intussen dit op.\n"
OUTSIDE_TREE = "verwijst via een symbolische koppeling naar een bestand buiten de gecontroleerde map: niet hersteld"


def reference(source: str, edits: list[Edit]) -> tuple[str, int]:
    """The plain right-to-left application, quadratic but obviously right."""
    count = 0
    limit = len(source) + 1
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        if edit.end > limit:
            continue
        source = source[: edit.start] + edit.replacement + source[edit.end :]
        limit = edit.start
        count += 1
    return source, count


@st.composite
def any_edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    """A short text and edits that may overlap, nest, touch or be empty."""
    source = draw(st.text(alphabet="ab\n", max_size=30))
    offset = st.integers(0, len(source))
    spans = draw(st.lists(st.tuples(offset, offset, st.text(alphabet="xyz", max_size=3)), max_size=10))
    return source, [Edit(min(a, b), max(a, b), text) for a, b, text in spans]


@st.composite
def separate_edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    """A short text and edits that do not overlap, in any order."""
    source = draw(st.text(alphabet="ab\n", max_size=30))
    cuts = sorted(draw(st.lists(st.integers(0, len(source)), max_size=12, unique=True)))
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    edits = [Edit(start, end, draw(st.text(alphabet="xyz", max_size=3))) for start, end in pairs]
    return source, draw(st.permutations(edits))


@given(any_edits())
def test_applied_equals_the_reference_on_any_edits(case: tuple[str, list[Edit]]) -> None:
    assert applied(*case) == reference(*case)


@given(separate_edits())
def test_applied_applies_every_separate_edit(case: tuple[str, list[Edit]]) -> None:
    source, edits = case
    assert applied(source, edits) == (reference(source, edits)[0], len(edits))


def test_applied_takes_linear_time() -> None:
    line = "Veel hoogopgeleiden werken hier.\n"

    def seconds(lines: int) -> float:
        source = line * lines
        edits = [Edit(i * len(line) + 5, i * len(line) + 19, "hbo- en wo-opgeleiden") for i in range(lines)]
        return min(timeit.repeat(lambda: applied(source, edits), number=1, repeat=5))

    # Three doublings: linear time grows 8 times, quadratic 64 times.
    small, large = seconds(2_000), seconds(16_000)
    assert large < 24 * small, (small, large)


def _document_at(path: Path) -> Document:
    path.write_text(BEFORE, encoding="utf-8")
    return read_document(str(path))


def _no_temporary_files(folder: Path) -> bool:
    return not list(folder.glob(".*.waardetaal"))


def test_owner_group_and_mode_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "van-een-ander.txt"
    document = _document_at(path)
    os.chown(path, 12345, 12345)
    path.chmod(0o640)
    write_atomically(document, AFTER)
    status = path.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (12345, 12345, 0o640)
    assert path.read_text(encoding="utf-8") == AFTER


def test_a_read_only_file_is_refused_even_for_root(tmp_path: Path) -> None:
    path = tmp_path / "alleen-lezen.txt"
    document = _document_at(path)
    path.chmod(0o444)
    with pytest.raises(WriteRefused, match=r"^het bestand is alleen-lezen: niet hersteld$"):
        write_atomically(document, AFTER)
    assert path.read_text(encoding="utf-8") == BEFORE


def test_a_link_out_of_the_tree_is_refused_and_one_inside_followed(tmp_path: Path) -> None:
    (tmp_path / "buiten").mkdir()
    tree = tmp_path / "boom"
    (tree / ".bron").mkdir(parents=True)
    outside, inside = tmp_path / "buiten" / "doel.txt", tree / ".bron" / "doel.txt"
    for target, link in ((outside, tree / "naar-buiten.txt"), (inside, tree / "binnen.txt")):
        target.write_text(BEFORE, encoding="utf-8")
        link.symlink_to(target)
    with pytest.raises(WriteRefused, match=f"^{OUTSIDE_TREE}$"):
        write_atomically(read_document(str(tree / "naar-buiten.txt")), AFTER, tree)
    write_atomically(read_document(str(tree / "binnen.txt")), AFTER, tree)
    assert outside.read_text(encoding="utf-8") == BEFORE
    assert inside.read_text(encoding="utf-8") == AFTER and (tree / "binnen.txt").is_symlink()


def test_a_hard_link_is_refused_and_both_names_keep_the_text(tmp_path: Path) -> None:
    path = tmp_path / "gedeeld.txt"
    document = _document_at(path)
    os.link(path, tmp_path / "tweede-naam.txt")
    with pytest.raises(WriteRefused, match=r"^het bestand heeft meerdere namen \(harde koppeling\): niet hersteld$"):
        write_atomically(document, AFTER)
    assert path.stat().st_nlink == 2 and (tmp_path / "tweede-naam.txt").read_text(encoding="utf-8") == BEFORE
    assert _no_temporary_files(tmp_path)


def _save_in_place(path: Path) -> str:
    path.write_text(SAVED, encoding="utf-8")
    return SAVED


def _save_same_size_and_mtime(path: Path) -> str:
    before = path.stat()
    path.write_text(BEFORE.upper(), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    return BEFORE.upper()


def _save_by_rename(path: Path) -> str:
    # What editors do: write a new file and rename it over the old name (a new inode),
    # here with the very bytes that were there: only the identity tells.
    swap = path.with_name(f".{path.name}.swp")
    swap.write_text(BEFORE, encoding="utf-8")
    os.replace(swap, path)
    return BEFORE


@pytest.mark.parametrize("save", [_save_in_place, _save_same_size_and_mtime, _save_by_rename])
def test_a_save_while_the_fix_is_written_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, save: Callable[[Path], str]
) -> None:
    path = tmp_path / "tekst.txt"
    document = _document_at(path)
    write_temporary = fixes._write_temporary
    saved: list[str] = []

    def racing(folder: int, name: str, data: bytes, original: os.stat_result) -> str:
        temporary = write_temporary(folder, name, data, original)
        saved.append(save(path))  # the writer saves between our temporary write and the rename
        return temporary

    monkeypatch.setattr(fixes, "_write_temporary", racing)
    changed = r"^het bestand is gewijzigd terwijl de herstelling geschreven werd: niet hersteld$"
    with pytest.raises(WriteRefused, match=changed):
        write_atomically(document, AFTER)
    assert path.read_text(encoding="utf-8") == saved[0]
    assert _no_temporary_files(tmp_path)


def test_a_system_error_while_writing_is_a_dutch_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "tekst.txt"
    document = _document_at(path)

    def disk_full(*arguments: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fixes, "_write_temporary", disk_full)
    with pytest.raises(WriteRefused, match=r"^de schijf is vol: niet hersteld$"):
        write_atomically(document, AFTER)
    assert path.read_text(encoding="utf-8") == BEFORE


def test_a_write_error_is_that_files_error_and_the_run_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(BEFORE, encoding="utf-8")
    write_temporary = fixes._write_temporary

    def refused_for_a(folder: int, name: str, data: bytes, original: os.stat_result) -> str:
        if name == "a.txt":  # as an unprivileged user gets in a folder without write permission
            raise PermissionError(errno.EACCES, "Permission denied")
        return write_temporary(folder, name, data, original)

    monkeypatch.setattr(fixes, "_write_temporary", refused_for_a)
    result = CliRunner().invoke(main, ["check", "--fix", "--format", "json", str(tmp_path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2
    errors = {Path(f["path"]).name: f["error"] for f in json.loads(result.stdout)["files"]}
    assert errors == {"a.txt": "geen toestemming om het bestand te schrijven: niet hersteld", "b.txt": None}
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == BEFORE
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == AFTER


def test_stale_temporary_files_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "tekst.txt"
    document = _document_at(path)
    an_hour_ago = time.time() - 3600
    stale, fresh = tmp_path / ".tekst.txt.k1ll3d_9.waardetaal", tmp_path / ".tekst.txt.running.waardetaal"
    other, not_ours = tmp_path / ".ander.txt.k1ll3d_9.waardetaal", tmp_path / ".tekst.txt.mijn.waardetaal"
    linked = tmp_path / ".tekst.txt.linkedxx.waardetaal"
    for leftover in (stale, fresh, other, not_ours):
        leftover.write_bytes(b"Veel mbo-")
    linked.symlink_to(other)
    for leftover in (stale, other, not_ours):
        os.utime(leftover, (an_hour_ago, an_hour_ago))
    os.utime(fresh, (time.time(), time.time()))
    write_atomically(document, AFTER)
    left = sorted(p.name for p in tmp_path.glob(".*.waardetaal"))
    assert left == sorted([fresh.name, other.name, not_ours.name, linked.name])
    assert path.read_text(encoding="utf-8") == AFTER


def test_one_run_over_hostile_files_refuses_each_and_fixes_the_rest(tmp_path: Path) -> None:
    tree, outside, loose = tmp_path / "boom", tmp_path / "buiten", tmp_path / "los"
    for folder in (tree / "a-vast", tree / ".bron", outside, loose):
        folder.mkdir(parents=True)
    for path in (tree / "a-vast" / "a.txt", tree / "alleen-lezen.txt", tree / "gedeeld.txt", tree / "ok.txt"):
        path.write_text(BEFORE, encoding="utf-8")
    for path in (tree / ".bron" / "doel.txt", outside / "doel.txt", outside / "los-doel.txt"):
        path.write_text(BEFORE, encoding="utf-8")
    (tree / "a-vast").chmod(0o555)
    (tree / "alleen-lezen.txt").chmod(0o444)
    os.link(tree / "gedeeld.txt", outside / "tweede-naam.txt")
    (tree / "koppeling.txt").symlink_to(tree / ".bron" / "doel.txt")
    (tree / "naar-buiten.txt").symlink_to(outside / "doel.txt")
    (loose / "link.txt").symlink_to(outside / "los-doel.txt")  # given by name: its own folder is the tree
    try:
        ran = run_bounded("check", "--fix", "--format", "json", tree, loose / "link.txt", cwd=tmp_path)
    finally:
        (tree / "a-vast").chmod(0o755)
    assert_clean_exit(ran, 2)
    errors = {Path(f["path"]).relative_to(tmp_path).as_posix(): f["error"] for f in json.loads(ran.stdout)["files"]}
    assert errors == {
        "boom/a-vast/a.txt": "de map van het bestand is alleen-lezen: niet hersteld",
        "boom/alleen-lezen.txt": "het bestand is alleen-lezen: niet hersteld",
        "boom/gedeeld.txt": "het bestand heeft meerdere namen (harde koppeling): niet hersteld",
        "boom/koppeling.txt": None,
        "boom/naar-buiten.txt": OUTSIDE_TREE,
        "boom/ok.txt": None,
        "los/link.txt": OUTSIDE_TREE,
    }
    assert "4 hersteld in 2 bestanden." in ran.stderr
    fixed = {tree / "ok.txt", tree / ".bron" / "doel.txt", tree / "koppeling.txt"}
    for path in [*tree.rglob("*.txt"), *outside.iterdir()]:
        assert path.read_text(encoding="utf-8") == (AFTER if path in fixed else BEFORE), path
    assert (tree / "koppeling.txt").is_symlink() and (outside / "tweede-naam.txt").stat().st_nlink == 2
    assert not list(tmp_path.rglob(".*.waardetaal"))
