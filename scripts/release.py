"""Make a release: set the version, date the changelog's unreleased part, commit, and tag ``vVERSION``.

Run on a clean main branch: python scripts/release.py 0.2.0
then publish it: git push --follow-tags

The tag is what users pin in their ``.pre-commit-config.yaml`` (``rev: v0.2.0``).
Messages are Dutch: the people who release read them.
"""

from __future__ import annotations

import argparse
import datetime
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSION_FILE = ROOT / "src" / "waardetaal" / "__init__.py"
CHANGELOG = ROOT / "CHANGELOG.md"
README = ROOT / "README.md"
UNRELEASED = "## Onuitgebracht"
_VERSION = re.compile(r'^__version__ = "(?P<version>[^"]+)"$', re.MULTILINE)
_NUMBERS = re.compile(r"^\d+\.\d+\.\d+$")
# The rev of the README's pre-commit example: users copy it, so it names the newest release.
_README_REV = re.compile(r"^(?P<indent>\s+rev: )v\d+\.\d+\.\d+$", re.MULTILINE)


class ReleaseError(Exception):
    """Why the release cannot be made (in Dutch)."""


def current_version() -> str:
    """The version in ``__init__.py``."""
    found = _VERSION.search(VERSION_FILE.read_text(encoding="utf-8"))
    if found is None:
        raise ReleaseError(f'{VERSION_FILE}: geen regel __version__ = "…"')
    return found["version"]


def _numbers(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def check_version(new: str, current: str) -> None:
    """Refuse a version that is not MAJOR.MINOR.PATCH or not above the current one."""
    if not _NUMBERS.match(new):
        raise ReleaseError(f"‘{new}’ is geen versie van de vorm 1.2.3")
    if _numbers(new) <= _numbers(current):
        raise ReleaseError(f"{new} is niet hoger dan de huidige versie {current}")


def dated_changelog(text: str, version: str, day: datetime.date) -> str:
    """The changelog with its unreleased part under the version's heading and a new, empty unreleased part."""
    if UNRELEASED not in text:
        raise ReleaseError(f"{CHANGELOG.name} heeft geen kop ‘{UNRELEASED}’")
    before, after = text.split(UNRELEASED, 1)
    notes = after.split("\n## ", 1)[0]
    if not notes.strip():
        raise ReleaseError(f"{CHANGELOG.name}: onder ‘{UNRELEASED}’ staat niets; wat brengt deze versie?")
    return f"{before}{UNRELEASED}\n\n## {version} ({day.isoformat()}){after}"


def pinned_readme(text: str, version: str) -> str:
    """The README with its pre-commit example pinned to ``v{version}``."""
    pinned, count = _README_REV.subn(lambda found: f"{found['indent']}v{version}", text)
    if count != 1:
        raise ReleaseError(
            f"{README.name}: verwacht precies één ‘rev: vX.Y.Z’ in het pre-commit-voorbeeld, niet {count}"
        )
    return pinned


def _git(*arguments: str) -> str:
    done = subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ReleaseError(f"git {' '.join(arguments)}: {done.stderr.strip()}")
    return done.stdout


def release(version: str, day: datetime.date) -> None:
    """Set ``version``, date the changelog, commit both and tag the commit ``v{version}``."""
    check_version(version, current_version())
    if _git("status", "--porcelain").strip():
        raise ReleaseError("de werkmap heeft wijzigingen die niet gecommit zijn; een versie komt van een schone stand")
    tag = f"v{version}"
    if _git("tag", "--list", tag).strip():
        raise ReleaseError(f"de tag {tag} bestaat al")
    text = VERSION_FILE.read_text(encoding="utf-8")
    VERSION_FILE.write_text(_VERSION.sub(f'__version__ = "{version}"', text, count=1), encoding="utf-8")
    CHANGELOG.write_text(dated_changelog(CHANGELOG.read_text(encoding="utf-8"), version, day), encoding="utf-8")
    README.write_text(pinned_readme(README.read_text(encoding="utf-8"), version), encoding="utf-8")
    _git("add", str(VERSION_FILE), str(CHANGELOG), str(README))
    _git("commit", "-q", "-m", f"Versie {version}")
    _git("tag", "-a", tag, "-m", f"waardetaal {version}")


def main() -> int:
    """Release the version given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", help="de nieuwe versie, bijv. 0.2.0")
    args = parser.parse_args()
    try:
        release(args.version, datetime.date.today())
    except ReleaseError as error:
        print(f"release: {error}", file=sys.stderr)
        return 2
    print(f"Versie {args.version} gemaakt en getagd als v{args.version}. Publiceer met: git push --follow-tags")
    return 0


if __name__ == "__main__":
    sys.exit(main())
