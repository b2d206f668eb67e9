"""Numbers as a Dutch reader writes them: 275.000 words, 1,7 per 1,000 words."""

from __future__ import annotations


def whole(value: int) -> str:
    """An integer with a dot between thousands."""
    return f"{value:,}".replace(",", ".")


def decimal(value: float | None, places: int = 1) -> str:
    """A number with a decimal comma and a dot between thousands; '–' for no value."""
    if value is None:
        return "–"
    return f"{value:,.{places}f}".translate(str.maketrans(",.", ".,"))
