"""The line chart widget on its own: what a person reads off its axes, at a fixed
size (the text plotext builds, as the terminal shows it)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date

from textual.app import App, ComposeResult

from dashboard_tui.widgets.chart import POINT, LineChart, Series
from tests.ui.pilot_helpers import pilot_test, screen_text


class ChartApp(App[None]):
    def __init__(self, chart: LineChart) -> None:
        super().__init__()
        self.chart = chart

    def compose(self) -> ComposeResult:
        yield self.chart


async def shown(chart: LineChart, size: tuple[int, int] = (60, 12)) -> str:
    app = ChartApp(chart)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        return "\n".join(line.rstrip() for line in screen_text(pilot).splitlines()).rstrip()


def y_ticks(text: str) -> list[str]:
    """The y axis's tick labels, top to bottom (a label, then the axis's ┤)."""
    return re.findall(r"^\s*([\d.,]+)┤", text, re.MULTILINE)


def kg(*points: tuple[str, float]) -> list[Series]:
    return [Series([(date.fromisoformat(d), v) for d, v in points])]


@pilot_test
async def test_axes_are_labelled_with_the_first_and_last_dates():
    text = await shown(
        LineChart(
            kg(("2026-10-05", 80.0), ("2026-10-20", 85.0), ("2026-11-16", 92.5)), y_label="kg"
        )
    )
    lines = text.splitlines()
    assert "2026-10-05" in text and "2026-11-16" in text
    assert re.search(r"^kg\s+date\s*$", lines[-1]), lines[-1]  # both axes say what they are
    assert text.count(POINT) == 3  # one mark per value
    assert y_ticks(text) == ["95", "90", "85", "80"]


@pilot_test
async def test_one_session_is_one_point_with_its_date():
    text = await shown(LineChart(kg(("2026-11-20", 116.67)), y_label="kg"))
    assert text.count(POINT) == 1
    assert "2026-11-20" in text
    assert not re.search("[\u2800-\u28ff]", text)  # no line: there is nothing to join
    assert "kg" in text and "date" in text


@pilot_test
async def test_a_small_change_is_drawn_on_a_scale_that_shows_it_small():
    text = await shown(LineChart(kg(("2026-11-10", 116.67), ("2026-11-17", 115.67)), y_label="kg"))
    # The axis spans 15 kg with round ticks, not 115.6-116.7: a 1 kg dip is a dip.
    assert y_ticks(text) == ["125", "120", "115", "110"]
    rows = [i for i, line in enumerate(text.splitlines()) if POINT in line]
    assert len(rows) == 1  # both sessions on the same row: close, as they are


@pilot_test
async def test_nothing_to_chart_is_a_one_line_hint():
    text = await shown(LineChart([], y_label="kg", empty_hint="No sets yet: log one."))
    assert [line for line in text.splitlines() if line.strip()] == ["No sets yet: log one."]


@pilot_test
async def test_series_arriving_later_replace_the_hint():
    chart = LineChart(y_label="kg", empty_hint="Loading…")
    app = ChartApp(chart)
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        assert "Loading…" in screen_text(pilot)
        chart.set_series(kg(("2026-11-02", 1200.0), ("2026-11-09", 2525.0)))
        await pilot.pause()
        text = screen_text(pilot)
    assert "Loading…" not in text and text.count(POINT) == 2
    assert y_ticks(text)[0] == "3,000"  # thousands read as such


def test_the_same_data_draws_the_same_chart_in_every_run():
    # plotext orders points through a set: the hash seed moved the date labels.
    code = (
        "from datetime import date, timedelta\n"
        "from dashboard_tui.widgets.chart import LineChart, Series\n"
        "points = [(date(2026, 5, 25) + timedelta(weeks=i), 0.0 if i < 23 else 1200.0 + i)"
        " for i in range(26)]\n"
        "print(LineChart([Series(points)], y_label='kg').build(56, 11))\n"
    )
    drawn = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in range(6)
    }
    assert len(drawn) == 1
