"""A built wheel ships the rule sets inside the package and loads them when installed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_installed_wheel_loads_the_rule_sets(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("waardetaal-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "waardetaal/rules/utrecht.yaml" in names
    assert "waardetaal/py.typed" in names
    assert "waardetaal/locale/nl/LC_MESSAGES/messages.mo" in names  # Click's texts in Dutch

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    script = (
        "import waardetaal, waardetaal.rules as r;"
        "print(r.builtin_rules_dir());"
        "print(len(waardetaal.load_catalog().rules));"
        "print(waardetaal.lint_text('De hoogopgeleiden.')[0].rule)"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    folder, count, rule = result.stdout.split()
    assert Path(folder).is_relative_to(target)
    assert int(count) >= 9
    assert rule == "utrecht.hoog-laag-opgeleid"
