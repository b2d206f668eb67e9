"""Hostile folders, files, configuration and standard streams: nothing runs, blocks, grows or goes unreported."""

from __future__ import annotations

import errno
import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from tests.hostile.bounded import assert_clean_exit, run_bounded

from waardetaal import sources
from waardetaal.cli import main
from waardetaal.config import ConfigError, resolve_config
from waardetaal.limits import MAX_IGNORE_BYTES
from waardetaal.sources import Unreadable, documents_at, read_regular, read_stdin, walk

FINDING = "Veel hoogopgeleiden wonen in de stad.\n"
FIFO = "is een named pipe (FIFO), geen gewoon bestand: niet gelezen"
DEVICE = "is een apparaat, geen gewoon bestand: niet gelezen"
UNLISTABLE = "kan de map niet lezen (geen toestemming): de bestanden erin zijn niet gecontroleerd"
AS_ROOT = os.geteuid() == 0


def write(path: Path, text: str = FINDING) -> Path:
    """A file with ``text``, its folders made as needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def git_layout(gitdir: Path, core: str) -> None:
    """The files by which git recognises a repository, with these lines in its [core] section."""
    for folder in ("objects", "refs/heads"):
        (gitdir / folder).mkdir(parents=True)
    (gitdir / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (gitdir / "config").write_text(f"[core]\n\trepositoryformatversion = 0\n{core}", encoding="utf-8")


def relative(root: Path, paths: list[Path]) -> list[str]:
    """Walked paths as POSIX paths from ``root``."""
    return [path.relative_to(root).as_posix() for path in paths]


# 1. Checking a folder never runs what its git configuration names.


def test_plain_check_in_a_repository_runs_nothing_and_still_honours_gitignore(tmp_path: Path) -> None:
    folder, marker = tmp_path / "ontvangen", tmp_path / "uitgevoerd"
    git_layout(folder / ".git", f"\tbare = false\n\tfsmonitor = touch {marker}\n")
    write(folder / ".gitignore", "genegeerd.txt\nbouw/\n")
    write(folder / "tekst.txt")
    write(folder / "genegeerd.txt")
    write(folder / "bouw" / "uitvoer.txt")
    ran = run_bounded("check", cwd=folder)
    assert_clean_exit(ran, 1)
    assert not marker.exists()
    assert "tekst.txt:1:6: warning utrecht.hoog-laag-opgeleid" in ran.stdout
    assert "genegeerd" not in ran.stdout and "bouw" not in ran.stdout


def test_a_bare_repository_layout_in_the_checked_folder_runs_nothing(tmp_path: Path) -> None:
    folder, marker = tmp_path / "ontvangen", tmp_path / "uitgevoerd"
    git_layout(folder, f"\tbare = false\n\tworktree = {folder}\n\tfsmonitor = touch {marker}\n")
    write(folder / "tekst.txt")
    ran = run_bounded("check", folder)
    assert_clean_exit(ran, 1)
    assert not marker.exists()
    assert f"{folder / 'tekst.txt'}:1:6: warning" in ran.stdout


def test_gitignore_nesting_negation_anchoring_and_info_exclude(tmp_path: Path) -> None:
    git_layout(tmp_path / ".git", "")
    write(tmp_path / ".git" / "info" / "exclude", "*.concept.md\n")
    write(tmp_path / ".gitignore", "*.log.md\n!bewaard.log.md\n/alleen-boven.md\nbouw/\n")
    write(tmp_path / "sub" / ".gitignore", "!*.log.md\n/lokaal.md\n*.html\n")
    names = [
        "a.md", "x.log.md", "bewaard.log.md", "alleen-boven.md", "b.concept.md", "bouw/c.md", "sub/bouw/d.md",
        "sub/alleen-boven.md", "sub/y.log.md", "sub/lokaal.md", "sub/diep/lokaal.md", "sub/e.html", "f.html",
    ]  # fmt: skip
    for name in names:
        write(tmp_path / name, "tekst")
    assert relative(tmp_path, walk(tmp_path)) == [
        "a.md", "bewaard.log.md", "f.html", "sub/alleen-boven.md", "sub/diep/lokaal.md", "sub/y.log.md",
    ]  # fmt: skip
    # Walking a sub-folder applies the ignore files above it too.
    assert relative(tmp_path, walk(tmp_path / "sub")) == ["sub/alleen-boven.md", "sub/diep/lokaal.md", "sub/y.log.md"]
    # A folder that git ignores as a whole is checked whole when it is named, as before.
    assert relative(tmp_path, walk(tmp_path / "bouw")) == ["bouw/c.md"]


def test_gitignore_outside_a_repository_does_not_apply_as_before(tmp_path: Path) -> None:
    write(tmp_path / ".gitignore", "*.md\n")
    write(tmp_path / "a.md", "tekst")
    assert relative(tmp_path, walk(tmp_path)) == ["a.md"]


def test_a_long_gitignore_and_names_that_are_not_utf8_still_match(tmp_path: Path) -> None:
    git_layout(tmp_path / ".git", "")
    patterns = [f"*.deel{number}" for number in range(5000)]  # RE2 compiles no set this large at once
    (tmp_path / ".gitignore").write_bytes("\n".join([*patterns, "*.deel4999.md", "caf?.txt"]).encode() + b"\n")
    for name in (b"caf\xe9.txt", b"caf\xc3\xa9.txt", b"x.deel4999.md", b"gewoon.md"):
        (tmp_path / os.fsdecode(name)).write_text("tekst", encoding="utf-8")
    # Git matches bytes: '?' is one byte, so the two-byte UTF-8 'é' is not ignored.
    assert relative(tmp_path, walk(tmp_path)) == [os.fsdecode(b"caf\xc3\xa9.txt"), "gewoon.md"]


def test_ignore_files_past_their_shared_bound_are_reported_and_the_walk_goes_on(tmp_path: Path) -> None:
    git_layout(tmp_path / ".git", "")
    write(tmp_path / ".gitignore", "# " + "x" * (MAX_IGNORE_BYTES - 100) + "\n*.log.md\n")
    write(tmp_path / "sub" / ".gitignore", "*.md\n" * 50)
    for name in ("a.md", "b.log.md", "sub/c.md"):
        write(tmp_path / name, "tekst")
    problems: dict[Path, str] = {}
    assert relative(tmp_path, walk(tmp_path, on_problem=problems.__setitem__)) == ["a.md", "sub/c.md"]
    assert problems == {
        tmp_path / "sub" / ".gitignore": "te veel uitsluitingen: alle ignore-bestanden samen hooguit 256 kB;"
        " de uitsluitingen erin zijn niet toegepast"
    }


def test_gitignore_lines_end_at_newlines_only(tmp_path: Path) -> None:
    git_layout(tmp_path / ".git", "")
    # 'Å' is C3 85 in UTF-8: 0x85 is a line break to str.splitlines, not to git. CRLF endings count as LF.
    write(tmp_path / ".gitignore", "Ås.md\r\nb.md\r\n")
    for name in ("Ås.md", "b.md", "c.md"):
        write(tmp_path / name, "tekst")
    assert relative(tmp_path, walk(tmp_path)) == ["c.md"]


def test_gitignore_semantics_agree_with_git_for_simple_patterns(tmp_path: Path) -> None:
    """Differential check against git itself, on a repository made here (its configuration is ours)."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path / ".gitignore", "*.tmp.md\n/top.md\nlog*/\n!logboek/\n**/diep/*.txt\n")
    write(tmp_path / "a" / ".gitignore", "!*.tmp.md\nb/*.md\n")
    names = [
        "x.tmp.md", "top.md", "a/top.md", "a/x.tmp.md", "a/b/c.md", "a/b/c/d.md", "logs/e.md", "logboek/f.md",
        "g/diep/h.txt", "g/diep/i/j.txt", "k.md",
    ]  # fmt: skip
    for name in names:
        write(tmp_path / name, "tekst")
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "-z"], cwd=tmp_path, capture_output=True, check=True
    )
    kept = sorted(name for name in listed.stdout.decode().split("\0") if name and not name.endswith(".gitignore"))
    assert relative(tmp_path, walk(tmp_path)) == kept


# 2. Only regular files are read: nothing blocks, nothing grows without bound.


def test_fifos_and_links_to_devices_are_refused_walked_or_given(tmp_path: Path) -> None:
    folder = tmp_path / "map"
    write(folder / "tekst.txt")
    os.mkfifo(folder / "pijp.txt")
    (folder / "nul.txt").symlink_to("/dev/zero")
    (folder / "sub").mkdir()
    os.mkfifo(folder / "sub" / ".gitignore")  # git would block on it
    git_layout(folder / ".git", "")
    ran = run_bounded("check", folder, folder / "pijp.txt", folder / "nul.txt")
    assert_clean_exit(ran, 2)
    lines = ran.stdout.splitlines()
    assert f"{folder / 'pijp.txt'}: error: {FIFO}" in lines
    assert f"{folder / 'nul.txt'}: error: {DEVICE}" in lines
    assert f"{folder / 'sub' / '.gitignore'}: error: {FIFO}; de uitsluitingen erin zijn niet toegepast" in lines
    assert any(line.startswith(f"{folder / 'tekst.txt'}:1:6: warning") for line in lines)
    assert lines.count(f"{folder / 'pijp.txt'}: error: {FIFO}") == 2  # walked and given


def test_rule_files_that_are_devices_or_fifos_are_errors_naming_them(tmp_path: Path) -> None:
    write(tmp_path / "tekst.txt")
    ran = run_bounded("check", "--rules", "/dev/zero", tmp_path / "tekst.txt")
    assert_clean_exit(ran, 2)
    assert ran.stderr == f"waardetaal: fout in regelbestand: /dev/zero: {DEVICE}\n"
    os.mkfifo(tmp_path / "pijp.yaml")
    write(tmp_path / "pyproject.toml", '[tool.waardetaal]\nrules = ["pijp.yaml"]\n')
    ran = run_bounded("check", tmp_path / "tekst.txt")
    assert_clean_exit(ran, 2)
    assert ran.stderr == f"waardetaal: fout in regelbestand: {tmp_path / 'pijp.yaml'}: {FIFO}\n"


class Endless(io.RawIOBase):
    """A stream that never ends, counting what was asked of it (like /dev/zero)."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        """It can be read."""
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        """Fill the buffer with zeros."""
        size = len(buffer)
        buffer[:size] = bytes(size)
        self.given += size
        return size


def test_standard_input_that_never_ends_is_refused_at_the_size_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 3 * 2**20)
    stream = Endless()
    document = read_stdin("<stdin>", stream)  # type: ignore[arg-type]
    assert document.error == "te groot (meer dan 3 MB, de grens): niet gelezen"
    assert stream.given == 3 * 2**20 + 1


@given(size=st.integers(0, 3000), limit=st.integers(0, 3000), chunks=st.integers(1, 5))
def test_reading_returns_the_file_exactly_or_refuses_it(tmp_path_factory: pytest.TempPathFactory, size: int,
                                                         limit: int, chunks: int) -> None:  # fmt: skip
    path = tmp_path_factory.mktemp("lezen") / "f.txt"
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    path.write_bytes(data)
    if size <= limit:
        assert read_regular(path, limit) == data
    else:
        with pytest.raises(Unreadable, match=r"^te groot"):
            read_regular(path, limit)


@given(pieces=st.lists(st.binary(min_size=1, max_size=50), max_size=20), limit=st.integers(0, 500))
def test_a_stream_is_read_whole_or_refused_never_past_the_bound(pieces: list[bytes], limit: int) -> None:
    stream = io.BytesIO(b"".join(pieces))
    total = len(stream.getvalue())
    try:
        data = sources._read_bounded(stream.read, 7, limit)
    except Unreadable:
        assert total > limit and stream.tell() == limit + 1
    else:
        assert data == stream.getvalue() and total <= limit


# 3. No silent wrong results.


@pytest.fixture
def unlistable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A folder that cannot be listed, also for root: os.scandir fails on it as on a folder with mode 000."""
    folder = tmp_path / "geheim"
    write(folder / "verborgen.txt")
    real = os.scandir

    def scandir(path: str) -> Iterator[os.DirEntry[str]]:
        if Path(path) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    yield folder


def test_an_unlistable_folder_is_an_error_and_the_rest_is_checked(tmp_path: Path, unlistable: Path) -> None:
    write(tmp_path / "open.txt")
    documents = list(documents_at(str(tmp_path)))
    assert [(Path(d.path).name, d.error) for d in documents] == [("geheim", UNLISTABLE), ("open.txt", None)]
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{unlistable}: error: {UNLISTABLE}" in result.output and "open.txt:1:6" in result.output


def test_a_folder_too_deep_to_list_is_an_error(tmp_path: Path) -> None:
    """A real failure of os.scandir that also happens for root: a path longer than the system allows."""
    descriptor = os.open(tmp_path, os.O_RDONLY)
    try:
        for _ in range(20):  # 20 x 256 bytes is past PATH_MAX (4096)
            os.mkdir("d" * 255, dir_fd=descriptor)
            inner = os.open("d" * 255, os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
    finally:
        os.close(descriptor)
    errors = [d.error for d in documents_at(str(tmp_path))]
    assert errors and all(
        e == "kan de map niet lezen (pad te lang): de bestanden erin zijn niet gecontroleerd" for e in errors
    )


@pytest.mark.skipif(AS_ROOT, reason="chmod does not deny root")
def test_a_folder_with_mode_000_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "open.txt")
    write(tmp_path / "dicht" / "x.txt")
    (tmp_path / "dicht").chmod(0)
    try:
        ran = run_bounded("check", tmp_path)
    finally:
        (tmp_path / "dicht").chmod(0o755)
    assert_clean_exit(ran, 2)
    assert f"{tmp_path / 'dicht'}: error: {UNLISTABLE}" in ran.stdout


def test_a_pyproject_section_that_is_not_utf8_is_an_error_naming_it(tmp_path: Path) -> None:
    write(tmp_path / "tekst.txt")
    (tmp_path / "pyproject.toml").write_bytes(
        '[tool.waardetaal]\n# Gemeente Utrecht, één regel\nfail-on = "error"\n'.encode("latin-1")
    )
    result = CliRunner().invoke(main, ["check", str(tmp_path / "tekst.txt")])
    assert result.exit_code == 2
    assert result.output == f"waardetaal: fout in configuratie: {tmp_path / 'pyproject.toml'}: is geen UTF-8-tekst\n"


def test_an_unreadable_pyproject_is_an_error_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pyproject = write(tmp_path / "pyproject.toml", '[tool.waardetaal]\nfail-on = "error"\n')
    real = os.open

    def refusing(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: int) -> int:
        if Path(path) == pyproject:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    with pytest.raises(ConfigError) as raised:
        resolve_config(tmp_path)
    assert str(raised.value) == (
        f"{pyproject}: geen toestemming om het bestand te lezen; het kan [tool.waardetaal] bevatten"
        " (kies een bestand met --config)"
    )


@pytest.mark.skipif(AS_ROOT, reason="chmod does not deny root")
def test_a_pyproject_with_mode_000_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "tekst.txt")
    pyproject = write(tmp_path / "pyproject.toml", '[tool.waardetaal]\nfail-on = "error"\n')
    pyproject.chmod(0)
    ran = run_bounded("check", tmp_path / "tekst.txt")
    assert_clean_exit(ran, 2)
    assert f"{pyproject}: geen toestemming om het bestand te lezen" in ran.stderr


def test_a_waardetaal_toml_that_is_a_fifo_is_an_error_not_skipped(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / ".waardetaal.toml")
    with pytest.raises(ConfigError, match="named pipe"):
        resolve_config(tmp_path)


def invoke(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str]:
    """Run the command line in this process as ``python -m waardetaal`` does; the status and standard error."""
    with pytest.raises(SystemExit) as done:
        main([*arguments])
    return int(done.value.code or 0), capsys.readouterr().err


def test_closed_standard_input_is_an_error_for_dash_and_no_matter_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", None)  # what Python gives when started with '<&-'
    status, _ = invoke(capsys, "check", "-")
    assert status == 2
    status, _ = invoke(capsys, "check", str(write(tmp_path / "tekst.txt")))
    assert status == 1
    document = read_stdin("<stdin>", None)
    assert document.error == "standaardinvoer is gesloten: niets gecontroleerd"


def test_a_full_disk_on_standard_output_is_one_dutch_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        monkeypatch.setattr("sys.stdout", full)
        status, err = invoke(capsys, "check", str(write(tmp_path / "tekst.txt")))
    assert status == 2
    assert err == "waardetaal: kan de uitvoer niet schrijven (schijf vol): de uitvoer is onvolledig\n"


def test_a_closed_pipe_on_standard_output_is_quiet_and_keeps_the_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    reading, writing = os.pipe()
    os.close(reading)  # '| head' that has stopped reading
    with open(writing, "w", encoding="utf-8") as pipe:
        monkeypatch.setattr("sys.stdout", pipe)
        status, err = invoke(capsys, "check", str(write(tmp_path / "tekst.txt")))
    assert (status, err) == (1, "")
