"""The chart's scales: round ticks that say where the axis starts and ends, a span
that keeps small changes small, and date ticks that always show the first and last
day."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard_tui.widgets.chart import date_scale, nice_step, y_scale


@pytest.mark.parametrize(
    ("raw", "step"), [(0.7, 1), (1.3, 2), (2.2, 2.5), (3.9, 5), (7, 10), (0.03, 0.05), (260, 500)]
)
def test_steps_are_ones_twos_and_fives(raw, step):
    assert nice_step(raw) == pytest.approx(step)


def test_a_one_kg_change_on_116_kg_spans_at_least_ten_percent():
    scale = y_scale([116.67, 115.67], ticks=4)
    assert scale.labels == ("110", "115", "120", "125")
    assert scale.hi - scale.lo >= 0.1 * 116.67


def test_a_big_change_uses_the_values_own_range():
    scale = y_scale([93.33, 105.0], ticks=4)
    assert (scale.lo, scale.hi) == (90, 105)


def test_totals_start_at_zero_and_weights_never_go_below_it():
    assert y_scale([1200, 2525], ticks=4, from_zero=True).labels == ("0", "1,000", "2,000", "3,000")
    assert y_scale([0.5], ticks=3).lo >= 0
    assert y_scale([0.0, 0.0], ticks=3, from_zero=True).labels == ("0.0", "0.5", "1.0")


def test_tick_labels_carry_the_decimals_their_step_needs():
    assert y_scale([2.41, 2.43], ticks=5).labels == ("2.2", "2.3", "2.4", "2.5", "2.6")
    assert y_scale([100.0, 110.0], ticks=3, y_format=lambda v: f"{v:.0f} lb").labels == (
        "80 lb",
        "100 lb",
        "120 lb",
    )


def test_dates_show_the_first_and_last_day_and_fit_their_labels():
    first, last = date(2026, 5, 25), date(2026, 11, 16)
    narrow = date_scale(first, last, 30, left_room=6)
    assert narrow.labels == ("2026-05-25", "2026-11-16")
    wide = date_scale(first, last, 90, left_room=6)
    assert wide.labels[0] == "2026-05-25" and wide.labels[-1] == "2026-11-16"
    assert len(wide.labels) > 2
    columns = [90 * (t - wide.lo) / (wide.hi - wide.lo) for t in wide.ticks]
    gaps = [b - a for a, b in zip(columns, columns[1:], strict=False)]
    assert min(gaps) >= 11  # labels never touch


def test_one_day_sits_in_the_middle():
    day = date(2026, 11, 20)
    scale = date_scale(day, day, 40)
    assert scale.labels == ("2026-11-20",)
    assert scale.lo < day.toordinal() < scale.hi
