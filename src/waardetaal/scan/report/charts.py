"""The report's charts: matplotlib draws each as SVG at report time, embedded as a ``data:`` image.

An image needs no script in the page, stays sharp when zoomed, and keeps the
chart's own ids and styles out of the page. Every chart also writes its values
on the bars, so colour never carries meaning alone; the report puts the same
numbers in a table beside it.
"""

from __future__ import annotations

import base64
import io
import warnings
from collections.abc import Sequence
from typing import Any

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from waardetaal.scan.report.numbers import decimal, whole

# Dark blue on white (9:1) and black text: above the 3:1 WCAG asks of graphics.
BAR = "#1f4e79"
TEXT = "#1a1a1a"
GRID = "#6b6b6b"
MAX_BARS = 15
MAX_LABEL = 40
# Typed loosely: newer matplotlib stubs type the keys as a Literal that older ones lack.
_STYLE: dict[Any, Any] = {
    "svg.fonttype": "none",  # text stays text: small, sharp, selectable
    "svg.hashsalt": "waardetaal",  # the same input draws the same file
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial"],
    "font.size": 10,
    "text.color": TEXT,
    "axes.edgecolor": GRID,
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
}


def bars(labels: Sequence[str], values: Sequence[float], axis: str, decimals: int = 0) -> str:
    """A horizontal bar chart, largest value on top, as a ``data:`` URI; at most ``MAX_BARS`` bars."""
    shown = list(zip(labels, values, strict=True))[:MAX_BARS]
    with rc_context(_STYLE):
        figure = Figure(figsize=(6.4, 0.7 + 0.32 * max(len(shown), 1)), layout="constrained")
        ax = figure.add_subplot()
        positions = range(len(shown))
        amounts = [value for _, value in shown]
        drawn = ax.barh(positions, amounts, color=BAR)
        ax.set_yticks(positions, [_label(label) for label, _ in shown])
        ax.invert_yaxis()
        ax.bar_label(drawn, [_number(value, decimals) for value in amounts], padding=3)
        ax.set_xlabel(axis)
        ax.set_xlim(0, max(amounts, default=0) * 1.15 or 1)
        _dutch_ticks(ax.xaxis, decimals)
        _plain(ax)
        return _uri(figure)


def columns(labels: Sequence[str], values: Sequence[float], axis: str, decimals: int = 0) -> str:
    """A vertical bar chart in the order given (a trend over years), as a ``data:`` URI."""
    shown = list(zip(labels, values, strict=True))[-MAX_BARS * 2 :]
    with rc_context(_STYLE):
        figure = Figure(figsize=(6.4, 3.2), layout="constrained")
        ax = figure.add_subplot()
        positions = range(len(shown))
        amounts = [value for _, value in shown]
        drawn = ax.bar(positions, amounts, color=BAR)
        ax.set_xticks(positions, [_label(label) for label, _ in shown])
        ax.bar_label(drawn, [_number(value, decimals) for value in amounts], padding=3)
        ax.set_ylabel(axis)
        ax.set_ylim(0, max(amounts, default=0) * 1.2 or 1)
        _dutch_ticks(ax.yaxis, decimals)
        _plain(ax)
        return _uri(figure)


def changes(labels: Sequence[str], new: Sequence[int], gone: Sequence[int]) -> str:
    """New findings to the right (solid), disappeared ones to the left (hatched), per label."""
    shown = list(zip(labels, new, gone, strict=True))[:MAX_BARS]
    with rc_context(_STYLE | {"hatch.color": BAR}):
        figure = Figure(figsize=(6.4, 1.1 + 0.36 * max(len(shown), 1)), layout="constrained")
        ax = figure.add_subplot()
        positions = range(len(shown))
        added = [count for _, count, _ in shown]
        removed = [-count for _, _, count in shown]
        right = ax.barh(positions, added, color=BAR, label="nieuw")
        left = ax.barh(positions, removed, color="white", edgecolor=BAR, hatch="///", label="verdwenen")
        ax.bar_label(right, [whole(count) if count else "" for count in added], padding=3)
        ax.bar_label(left, [whole(-count) if count else "" for count in removed], padding=3)
        ax.set_yticks(positions, [_label(label) for label, _, _ in shown])
        ax.invert_yaxis()
        reach = max([*added, *(-count for count in removed), 1]) * 1.3
        ax.set_xlim(-reach, reach)
        ax.axvline(0, color=GRID, linewidth=0.8)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(lambda value, _: whole(abs(round(value))))
        ax.set_xlabel("← verdwenen · nieuw →")
        ax.legend(loc="lower right", frameon=False)
        _plain(ax)
        return _uri(figure)


def _plain(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _dutch_ticks(axis: Axis, decimals: int) -> None:
    if decimals:
        axis.set_major_formatter(lambda value, _: decimal(value, 1))
    else:
        axis.set_major_locator(MaxNLocator(integer=True))
        axis.set_major_formatter(lambda value, _: whole(round(value)))


def _label(text: str) -> str:
    # A '$' pair would start matplotlib's math mode; names and terms are plain text.
    short = text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"
    return short.replace("$", r"\$")


def _number(value: float, decimals: int) -> str:
    return decimal(value, decimals) if decimals else whole(round(value))


def _uri(figure: Figure) -> str:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # Text stays text in the SVG and the browser draws it with its own fonts;
        # matplotlib's font lacking a glyph of a name only makes its measure rough.
        warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
