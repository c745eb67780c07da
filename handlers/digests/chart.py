"""The digest chart: horizontal bars, large type, a PNG that reads on a phone."""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH_INCHES = 7.0
DPI = 130
BAR_INCHES = 0.42
COLOURS = ("#1d70b8", "#00703c")  # GOV.UK blue and green: clear on white, distinct in greyscale


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int


@dataclass(frozen=True, slots=True)
class Panel:
    title: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class ChartData:
    title: str
    panels: tuple[Panel, ...]


def short_label(text: str, *, width: int = 26, lines: int = 3) -> str:
    """Long Board-aim titles wrapped to fit beside a bar."""
    return "\n".join(textwrap.wrap(text, width=width, max_lines=lines, placeholder="…"))


def figure(data: ChartData) -> Figure:
    from matplotlib.figure import Figure  # imported when first drawn: a second off every start

    heights = [max(1, len(p.bars)) * BAR_INCHES + 0.9 for p in data.panels]
    fig = Figure(figsize=(WIDTH_INCHES, sum(heights) + 0.7), dpi=DPI, layout="constrained")
    # Wrapped, never cut: a long ward name and period on a phone-width picture.
    fig.suptitle(short_label(data.title, width=44, lines=2), fontsize=15, fontweight="bold")
    axes = fig.subplots(len(data.panels), 1, height_ratios=heights, squeeze=False)[:, 0]
    for n, (ax, panel) in enumerate(zip(axes, data.panels, strict=True)):
        labels = [short_label(b.label) for b in panel.bars]
        values = [b.value for b in panel.bars]
        positions = list(range(len(values)))
        bars = ax.barh(positions, values, color=COLOURS[n % len(COLOURS)], height=0.7)
        ax.set_yticks(positions, labels, fontsize=11)
        ax.invert_yaxis()  # the first bar at the top, as it is listed
        ax.set_title(panel.title, fontsize=13, loc="left")
        ax.bar_label(bars, padding=3, fontsize=11)
        top = max(values, default=0)
        ax.set_xlim(0, max(1, top) * 1.15)
        ax.xaxis.set_visible(False)
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        if not values:
            ax.text(0.5, 0.5, "no activity", ha="center", va="center", transform=ax.transAxes)
    return fig


@lru_cache(maxsize=16)  # many channels get the same borough digest: draw it once
def render_png(data: ChartData) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = figure(data)
    FigureCanvasAgg(fig)
    out = io.BytesIO()
    fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


# ---- For print: the Board paper ---------------------------------------------------------

PRINT_WIDTH_INCHES = 6.3  # A4 less 2 cm margins either side
PRINT_DPI = 200
PRINT_BAR_INCHES = 0.22
INK = "#0b0c0c"  # text: 19:1 on white
# Each bar colour gives at least 4.5:1 on white (WCAG 1.4.11 asks 3:1 of graphics).
PRINT_COLOURS = {"blue": "#1d70b8", "green": "#00703c", "purple": "#4c2c92"}


@dataclass(frozen=True, slots=True)
class PrintChart:
    """One bar chart of one kind of thing (aims, or wards): its title is the caption the
    document prints, so nothing in the picture can be cut."""

    title: str
    bars: tuple[Bar, ...]
    colour: str = "blue"


def print_figure(chart: PrintChart) -> Figure:
    from matplotlib.figure import Figure

    fig = Figure(figsize=print_size_inches(chart), dpi=PRINT_DPI, layout="constrained")
    ax = fig.subplots()
    labels = [_print_label(b.label) for b in chart.bars]
    values = [b.value for b in chart.bars]
    positions = list(range(len(values)))
    bars = ax.barh(positions, values, color=PRINT_COLOURS.get(chart.colour, "#1d70b8"), height=0.7)
    ax.set_yticks(positions, labels, fontsize=8.5, color=INK)
    ax.invert_yaxis()
    ax.bar_label(bars, padding=3, fontsize=8.5, color=INK)
    ax.set_xlim(0, max(1, max(values, default=0)) * 1.12)
    ax.xaxis.set_visible(False)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    return fig


@lru_cache(maxsize=64)
def print_png(chart: PrintChart) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = print_figure(chart)
    FigureCanvasAgg(fig)
    out = io.BytesIO()
    fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def _print_label(text: str) -> str:
    # Whole Board-aim titles (up to ~110 characters) fit in three lines of 40.
    return short_label(text, width=40, lines=3)


def print_size_inches(chart: PrintChart) -> tuple[float, float]:
    lines = sum(max(1, _print_label(b.label).count("\n") + 1) for b in chart.bars)
    bars = max(1, len(chart.bars))
    return PRINT_WIDTH_INCHES, max(bars * PRINT_BAR_INCHES, lines * 0.15 + bars * 0.06) + 0.4
