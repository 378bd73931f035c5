"""A line chart of dated values that any area can use: labelled axes, the first and
last dates on the x axis, tick labels on a y scale that does not exaggerate, and a
one-line hint when there is nothing to draw.

The widget knows dates and numbers, nothing of any area: callers turn their stored
values (grams, cents, …) into the unit the person reads, and their timestamps into
the person's own days, before building a `Series`.

Plotext (through textual-plotext) is imported when a chart is first drawn, not when
this module is: start-up pays nothing for it."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.color import Color
from textual.widget import Widget

from dashboard_tui.widgets.text import clean

if TYPE_CHECKING:
    from textual_plotext import Plot

# A change smaller than this share of the values is drawn as a small change: the
# y axis spans at least this much, so 115.67 → 116.67 kg is not a collapse.
MIN_SPAN = 0.1
POINT = "●"  # each value is one of these; the line between them is thinner
MARK_SPACING = 3  # columns between values at least, to mark each one
DATE_WIDTH = 10  # 2026-11-02
DATE_GAP = 4  # blank columns at least between two date labels
THEME_COLORS = ("primary", "accent", "warning", "success", "secondary")


@dataclass(frozen=True)
class Series:
    """One line: (day, value) points in the unit the person reads; `label` names it
    in the legend when a chart has more than one."""

    points: Sequence[tuple[date, float]]
    label: str = ""


@dataclass(frozen=True)
class Scale:
    """Where an axis starts and ends, and its ticks with their labels."""

    lo: float
    hi: float
    ticks: tuple[float, ...]
    labels: tuple[str, ...] = field(default=())


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at least `raw`: ticks people count in."""
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw * (1 - 1e-9):
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def step_decimals(step: float) -> int:
    """Decimals a tick label needs to show `step` exactly (2.5 → 1, 0.25 → 2)."""
    for decimals in range(6):
        if abs(round(step, decimals) - step) < step * 1e-9:
            return decimals
    return 6


def y_scale(
    values: Sequence[float],
    *,
    ticks: int = 5,
    from_zero: bool = False,
    y_format: Callable[[float], str] | None = None,
) -> Scale:
    """A y axis for `values`: at least MIN_SPAN of their size tall (so small changes
    look small), round ticks at both ends (so the labels show exactly where it starts
    and ends), never below zero for values that are not, and from zero
    when `from_zero` (totals, where the height itself is the message)."""
    lo, hi = min(values), max(values)
    if from_zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    least = max(abs(lo), abs(hi)) * MIN_SPAN or 1.0
    if hi - lo < least:
        grow = least - (hi - lo)
        lo, hi = (lo, hi + grow) if from_zero and lo == 0 else (lo - grow / 2, hi + grow / 2)
    if min(values) >= 0:
        lo = max(lo, 0.0)
    step = nice_step((hi - lo) / max(ticks - 1, 1))
    while True:  # rounding both ends out can add a tick: widen the step until it fits
        first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
        if last - first + 1 <= max(ticks, 2):
            break
        step = nice_step(step * 1.01)
    points = tuple(i * step for i in range(first, last + 1))
    decimals = step_decimals(step)
    fmt = y_format or (lambda v: f"{v:,.{decimals}f}")
    return Scale(points[0], points[-1], points, tuple(fmt(v) for v in points))


def date_scale(first: date, last: date, width: int, left_room: int = 0) -> Scale:
    """Day ticks for an x axis `width` columns wide: always the first and last day,
    and whole days evenly spaced between them as far as their labels have room.
    `left_room` is how far a label may reach left of the axis (over the y labels)."""
    a, b = first.toordinal(), last.toordinal()
    if a == b:  # one day: a point in the middle, not a line along the frame
        return Scale(a - 1, b + 1, (float(a),), (first.isoformat(),))
    # A date label is centred on its tick: leave half a label's room at both ends,
    # or the first and last dates do not fit and plotext leaves them out.
    half = DATE_WIDTH // 2
    pad_left, pad_right = max(1, half - left_room), half
    columns_per_day = max(width - pad_left - pad_right, 1) / (b - a)
    room = DATE_WIDTH + DATE_GAP
    step = max(1, math.ceil(room / columns_per_day))
    days = list(range(a, b, step))
    while len(days) > 1 and (b - days[-1]) * columns_per_day < room:
        days.pop()  # too close to the last day to be read apart from it
    if (b - days[-1]) * columns_per_day >= DATE_WIDTH + 1:
        days.append(b)
    labels = tuple(date.fromordinal(d).isoformat() for d in days)
    lo, hi = a - pad_left / columns_per_day, b + pad_right / columns_per_day
    return Scale(lo, hi, tuple(float(d) for d in days), labels)


def _unique(data: Iterable[object]) -> list[object]:
    return list(dict.fromkeys(data))


def new_plot() -> Plot:
    """A plotext figure of its own (textual-plotext's Plot), imported here and not at
    module level (see the module doc)."""
    import plotext._utility  # type: ignore[import-untyped]  # no stubs
    from textual_plotext import Plot

    # plotext 5.3.2 drops duplicate points through a set, so the order it draws them
    # in, and with it where the date labels land, changed with Python's hash seed:
    # the same data drew a different chart from one run to the next. Keeping the
    # order makes it the same every time (what snapshots, and people, need).
    plotext._utility.no_duplicates = _unique
    return Plot()


class LineChart(Widget):
    """Dated values as points joined by a line, with labelled axes.

    `y_label` names the unit ("kg"); `y_format` writes a tick value (default: as many
    decimals as the tick step needs, with thousands separators); `from_zero` starts the
    y axis at zero (for totals). With no points it shows `empty_hint` on one line."""

    DEFAULT_CSS = """
    LineChart { height: 10; }
    LineChart.-empty { color: $text-muted; }
    """

    def __init__(
        self,
        series: Sequence[Series] = (),
        *,
        y_label: str,
        x_label: str = "date",
        y_format: Callable[[float], str] | None = None,
        from_zero: bool = False,
        empty_hint: str = "Nothing to chart yet.",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.y_label = y_label
        self.x_label = x_label
        self.y_format = y_format
        self.from_zero = from_zero
        self.empty_hint = empty_hint
        self._plot: Plot | None = None
        self.series: tuple[Series, ...] = ()
        self.set_series(series)

    def set_series(self, series: Sequence[Series]) -> None:
        self.series = tuple(s for s in series if s.points)
        self.set_class(not self.series, "-empty")
        self.refresh()

    def render(self) -> Text:
        if not self.series:
            return Text(clean(self.empty_hint), no_wrap=True, overflow="ellipsis")
        return Text.from_ansi(self.build(self.size.width, self.size.height))

    def build(self, width: int, height: int) -> str:
        """The chart as plotext draws it at `width` × `height` (ANSI text)."""
        if self._plot is None:
            self._plot = new_plot()
        plt = self._plot
        plt.clear_figure()
        plt.theme("clear")  # the terminal's colours: the widget's own background shows
        plt.plotsize(width, height)
        # As textual-plotext's own Plot widget does (its issue 5): without this, plotext
        # keeps a figure no wider than the terminal it thinks it has (80 columns when it
        # cannot tell), and a wider widget shows a narrower chart.
        plt._set_size(width, height)
        values = [v for s in self.series for _, v in s.points]
        days = [d for s in self.series for d, _ in s.points]
        # Rows inside the frame, less the date and label rows: one tick per two rows.
        rows = max(height - 4, 2)
        y = y_scale(
            values,
            ticks=max(2, min(5, rows // 2 + 1)),
            from_zero=self.from_zero,
            y_format=self.y_format,
        )
        tick_width = max(len(label) for label in y.labels)
        plot_width = width - tick_width - 2  # less the y labels and the frame
        x = date_scale(min(days), max(days), plot_width, left_room=tick_width + 1)
        span_days = (x.hi - x.lo) or 1
        for index, series in enumerate(self.series):
            color = self.line_color(index)
            xs = [d.toordinal() for d, _ in series.points]
            ys = [float(v) for _, v in series.points]
            label = clean(series.label) if len(self.series) > 1 else None
            if len(xs) > 1:
                plt.plot(xs, ys, marker="braille", color=color, label=label)
            # A mark on each value, unless they crowd into a row of marks: the line
            # alone reads better then.
            spacing = plot_width * (max(xs) - min(xs)) / span_days / max(len(xs) - 1, 1)
            if len(xs) == 1 or spacing >= MARK_SPACING:
                plt.scatter(xs, ys, marker=POINT, color=color, label=None if len(xs) > 1 else label)
        plt.xlim(x.lo, x.hi)
        plt.xticks(list(x.ticks), list(x.labels))
        plt.ylim(y.lo, y.hi)
        plt.yticks(list(y.ticks), list(y.labels))
        plt.xlabel(clean(self.x_label))
        plt.ylabel(clean(self.y_label))
        return str(plt.build())

    def line_color(self, index: int) -> tuple[int, int, int] | str:
        """The theme's colours, in order, so the chart matches the rest of the app."""
        name = THEME_COLORS[index % len(THEME_COLORS)]
        try:
            return Color.parse(self.app.theme_variables[name]).rgb
        except Exception:  # no running app (a build outside one), or a theme without it
            return "default"
