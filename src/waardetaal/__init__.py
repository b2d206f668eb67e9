"""waardetaal: signaleert waarde-geladen onderwijstermen in Nederlandse teksten.

The library API: :func:`lint_text` checks a text with the shipped rule sets and
the command line's settings (genre, select, ignore, severity, mentions);
:class:`Linter` checks many texts with one set of compiled rules
(:meth:`Linter.lint_many`, with a :class:`Policy` from :meth:`Linter.policy`);
:func:`load_catalog` loads rule sets; :class:`Finding` is what comes back.
"""

from __future__ import annotations

from waardetaal.findings import Finding, Severity
from waardetaal.linter import Linter, Mentions, Policy, lint_text
from waardetaal.rules import Catalog, RuleFileError, load_catalog

__version__ = "0.2.0"

__all__ = [
    "Catalog",
    "Finding",
    "Linter",
    "Mentions",
    "Policy",
    "RuleFileError",
    "Severity",
    "__version__",
    "lint_text",
    "load_catalog",
]
