"""Snapshots of the time logs (a week's logs of two members and nobody, an own
activity, hostile text shown literally), the log form and the week's report (with the
week before), at 120x40 and 80x24, on fixed data and the fixed clock (today Sunday
2026-11-22). Update with
`pytest tests/ui/test_family_time_logs_snapshots.py --snapshot-update` and look at them."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.pilot_helpers import both_sizes, settle
from tests.ui.test_family import family_of
from tests.ui.test_family_time_logs import open_time_logs, time_of
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture


@pytest.fixture
def week(logged_in, backend):
    fam, logs = family_of(backend), time_of(backend)
    anna = fam.add_member(logged_in, name="Anna", relation="child")
    lea = fam.add_member(logged_in, name="Lea [i]x[/i]", relation="child")
    for member, activity, day, duration, notes in [
        (anna, "Reading", "2026-11-16", "1h30", "Chapter 3"),
        (lea, "Homework", "2026-11-17", "45m", "[red]maths[/red]"),
        (lea, "Chess [b]club[/b]", "2026-11-18", "2h", ""),
        (None, "Chores", "2026-11-20", "1:15", "Garden \\[x]"),
        (anna, "Reading", "2026-11-22", "50", ""),
        (anna, "Reading", "2026-11-10", "3h 05m", ""),  # the week before
        (lea, "Homework", "2026-11-12", "1h", ""),
    ]:
        logs.add_log(logged_in, member_id=member and member.id, activity=activity, day=day,
                     duration=duration, notes=notes)  # fmt: skip


def run(then=None):
    async def run_before(pilot: Pilot) -> None:
        await open_time_logs(pilot)
        if then is not None:
            await then(pilot)
        await showing(type(pilot.app.screen).__name__)(pilot)

    return run_before


async def to_form(pilot: Pilot) -> None:
    await pilot.press("n")
    await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))


async def to_report(pilot: Pilot) -> None:
    screen = pilot.app.screen
    await pilot.press("w")
    await settle(pilot, lambda: screen.is_ready and screen.report.row_count > 0)


@both_sizes
def test_family_time_logs(snap_compare, week, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run())


@both_sizes
def test_family_time_log_form(snap_compare, week, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_form))


@both_sizes
def test_family_time_report(snap_compare, week, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_report))
