"""Shared fixtures: building the spaCy matcher is the slow part, so do it once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from waardetaal import Catalog, Linter, load_catalog

# The result cache of ``check`` stays off in the tests (and the programs they start), so that every
# test lints what it checks, and nothing is written to the user's cache folder; tests/test_cache.py
# turns it on in a folder of its own.
os.environ["WAARDETAAL_NO_CACHE"] = "1"

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT.parent / "shared" / "policy" / "000_c81914cda54259df.txt"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped rule sets."""
    return load_catalog()


@pytest.fixture(scope="session")
def linter(catalog: Catalog) -> Linter:
    """A linter with the shipped rule sets."""
    return Linter(catalog)


@pytest.fixture(scope="session")
def policy_text() -> str:
    """The policy document, which lives in ../shared/ beside the repository; skipped in a fresh clone."""
    if not POLICY.exists():
        pytest.skip("the policy text is in ../shared/, which a fresh clone does not have")
    return POLICY.read_text(encoding="utf-8")
