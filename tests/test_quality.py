"""The code stays lint-clean and strictly typed; the repo's own docs pass waardetaal."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_is_clean() -> None:
    result = run(sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_own_dutch_documentation_passes_waardetaal() -> None:
    result = run(
        sys.executable,
        "-m",
        "waardetaal",
        "check",
        "README.md",
        "CHANGELOG.md",
        "rules/README.md",
        "corpora/README.md",
        "docs",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_files_are_valid() -> None:
    for command in (("validate-manifest", ".pre-commit-hooks.yaml"), ("validate-config", ".pre-commit-config.yaml")):
        result = run(sys.executable, "-m", "pre_commit", *command)
        assert result.returncode == 0, result.stdout + result.stderr
