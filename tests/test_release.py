"""The release script: version checks, the dated changelog and the README's pinned example."""

from __future__ import annotations

import datetime
import re

import pytest
from scripts.release import (
    README,
    UNRELEASED,
    ReleaseError,
    check_version,
    current_version,
    dated_changelog,
    pinned_readme,
)

from waardetaal import __version__

DAY = datetime.date(2027, 1, 15)
CHANGELOG = f"# Wijzigingen\n\n{UNRELEASED}\n\n### Regels\n- Nieuw.\n\n## 0.1.0 (eerste versie)\n\n- Begin.\n"


def test_the_version_comes_from_the_package() -> None:
    assert current_version() == __version__


@pytest.mark.parametrize(("new", "current"), [("0.2.0", "0.1.0"), ("1.0.0", "0.9.9"), ("0.1.10", "0.1.9")])
def test_a_higher_version_is_accepted(new: str, current: str) -> None:
    check_version(new, current)


@pytest.mark.parametrize(
    ("new", "why"),
    [("0.1.0", "niet hoger"), ("0.0.9", "niet hoger"), ("0.2", "geen versie"), ("v0.2.0", "geen versie")],
)
def test_a_version_that_is_not_higher_or_not_numbers_is_refused(new: str, why: str) -> None:
    with pytest.raises(ReleaseError, match=why):
        check_version(new, "0.1.0")


def test_the_changelog_dates_the_unreleased_part_and_opens_a_new_one() -> None:
    dated = dated_changelog(CHANGELOG, "0.2.0", DAY)
    assert dated == (
        f"# Wijzigingen\n\n{UNRELEASED}\n\n## 0.2.0 (2027-01-15)\n\n### Regels\n- Nieuw.\n\n"
        "## 0.1.0 (eerste versie)\n\n- Begin.\n"
    )


def test_a_release_without_notes_is_refused() -> None:
    with pytest.raises(ReleaseError, match="staat niets"):
        dated_changelog(f"# Wijzigingen\n\n{UNRELEASED}\n\n## 0.1.0\n\n- Begin.\n", "0.2.0", DAY)


def test_the_readme_example_is_pinned_to_the_new_tag() -> None:
    readme = README.read_text(encoding="utf-8")
    pinned = pinned_readme(readme, "9.8.7")
    assert re.findall(r"rev: (\S+)", pinned) == ["v9.8.7"]
    assert pinned.replace("v9.8.7", "") == re.sub(r"(rev: )v[\d.]+", r"\1", readme)


def test_the_readme_names_a_released_version_no_newer_than_the_package() -> None:
    (rev,) = re.findall(r"rev: v([\d.]+)", README.read_text(encoding="utf-8"))
    assert tuple(map(int, rev.split("."))) <= tuple(int(part) for part in __version__.split("."))
