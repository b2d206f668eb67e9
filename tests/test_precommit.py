"""The hook in a real git repository, installed from this checkout by the real pre-commit."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

from waardetaal import __version__


def _readme_example() -> str:
    """The pre-commit configuration the README tells users to write."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (example,) = [block for block in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "rev:" in block]
    return example


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900)


def _released(clone: Path, env: dict[str, str]) -> str:
    """A clone of this checkout with its next patch version released by scripts/release.py; the tag."""
    run(["git", "clone", "-q", str(ROOT), str(clone)], ROOT, env)
    major, minor, patch = __version__.split(".")  # the release script accepts only MAJOR.MINOR.PATCH
    version = f"{major}.{minor}.{int(patch) + 1}"
    # As a release is made: something to say under 'Onuitgebracht', committed, then the script.
    changelog = clone / "CHANGELOG.md"
    changelog.write_text(
        changelog.read_text(encoding="utf-8").replace("## Onuitgebracht\n", "## Onuitgebracht\n\n- Proefversie.\n", 1),
        encoding="utf-8",
    )
    run(["git", "commit", "-q", "-am", "Wijziging"], clone, env)
    released = run([sys.executable, "scripts/release.py", version], clone, env)
    assert released.returncode == 0, released.stdout + released.stderr
    return f"v{version}"


def test_commit_hooks_check_refuse_and_fix(tmp_path: Path) -> None:
    repo = tmp_path / "teksten"
    repo.mkdir()
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or "pre-commit"
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    # Users pin a release tag, as the README's example shows: this one is made as a release is.
    clone = tmp_path / "waardetaal"
    tag = _released(clone, env)
    example = _readme_example().replace("<git-url van waardetaal>", str(clone))
    example = re.sub(r"rev: v[\d.]+", f"rev: {tag}", example)
    run(["git", "init", "-q", "-b", "main"], repo, env)
    (repo / ".pre-commit-config.yaml").write_text(example, encoding="utf-8")
    installed = run([pre_commit, "install"], repo, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    (repo / "schoon.md").write_text("# Nieuws\n\nMbo-, hbo- en wo-opgeleiden werken samen.\n", encoding="utf-8")
    run(["git", "add", "."], repo, env)
    clean = run(["git", "commit", "-q", "-m", "schone tekst"], repo, env)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    (repo / "nota.md").write_text("# Nota\n\nHet aandeel laagopgeleiden daalt.\n", encoding="utf-8")
    run(["git", "add", "nota.md"], repo, env)
    refused = run(["git", "commit", "-q", "-m", "nota"], repo, env)
    assert refused.returncode != 0
    assert "nota.md:3:13: warning utrecht.hoog-laag-opgeleid ‘laagopgeleiden’" in refused.stdout + refused.stderr

    run(["git", "rm", "-q", "--cached", "nota.md"], repo, env)
    (repo / "nota.md").unlink()
    (repo / "stage.md").write_text("# Stage\n\nAlle mbo-leerlingen lopen stage.\n", encoding="utf-8")
    run(["git", "add", "stage.md"], repo, env)
    fixed = run(["git", "commit", "-q", "-m", "stage"], repo, env)
    assert fixed.returncode != 0  # the fix hook changed the file: review it and commit again
    assert (repo / "stage.md").read_text(encoding="utf-8") == "# Stage\n\nAlle mbo-studenten lopen stage.\n"
    run(["git", "add", "stage.md"], repo, env)
    again = run(["git", "commit", "-q", "-m", "stage"], repo, env)
    assert again.returncode == 0, again.stdout + again.stderr
