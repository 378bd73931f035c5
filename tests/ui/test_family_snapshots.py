"""Snapshots of the family agenda (a weekly series with a skipped and a moved
occurrence, an all-day event, a birthday, hostile text shown literally), the new
event form and an occurrence's edit form (which occurrences: this, following, all),
and every other modal the agenda and the members screen open (delete which
occurrences, remind of an event, export to .ics, a member's edit form), at 120x40 and
80x24, on fixed data and the fixed clock (today 2026-11-22). Update
with `pytest tests/ui/test_family_snapshots.py --snapshot-update`
and look at them."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.pilot_helpers import both_sizes, settle
from tests.ui.test_family import family_of, open_agenda
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture


@pytest.fixture
def calendar(logged_in, backend):
    fam = family_of(backend)
    lea = fam.add_member(
        logged_in, name="Lea [i]x[/i]", relation="child", birthday="2016-12-01", color="tomato"
    )
    swim = fam.add_event(
        logged_in, title="Swimming", day="2026-11-24", start="17:00", end="18:00",
        rule="FREQ=WEEKLY", member_id=lea.id, location="[red]Pool[/red]",
    )  # fmt: skip
    fam.skip(logged_in, swim.id, "2026-12-01T17:00:00")
    fam.move(logged_in, swim.id, "2026-12-08T17:00:00", day="2026-12-09", start="16:30")
    fam.add_event(
        logged_in, title="School trip [link=x]y[/link]", day="2026-11-27",
        type_id=seed_id("event_type", "Trip"),
    )  # fmt: skip
    fam.add_event(
        logged_in, title="Very long appointment title that cannot fit", day="2026-11-26",
        start="08:00", type_id=seed_id("event_type", "Appointment"),
    )  # fmt: skip


def run(then=None):
    async def run_before(pilot: Pilot) -> None:
        await open_agenda(pilot)
        if then is not None:
            await then(pilot)
        await showing(type(pilot.app.screen).__name__)(pilot)

    return run_before


async def to_form(pilot: Pilot) -> None:
    await pilot.press("n")
    await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))


@both_sizes
def test_family_agenda(snap_compare, calendar, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run())


@both_sizes
def test_family_event_form(snap_compare, calendar, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_form))


async def to_edit(pilot: Pilot) -> None:
    await pilot.press("e")  # the first row: Swimming on 24 Nov, a series
    await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))


@both_sizes
def test_family_edit_form(snap_compare, calendar, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_edit))


async def to_members(pilot: Pilot) -> None:
    from dashboard_tui.family.ui.members import MembersScreen

    await pilot.press("M")
    app = pilot.app
    await settle(pilot, lambda: isinstance(app.screen, MembersScreen) and app.screen.is_ready)


@both_sizes
def test_family_members(snap_compare, calendar, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_members))


async def to_month(pilot: Pilot) -> None:
    from dashboard_tui.family.ui.month import MonthScreen

    await pilot.press("m")
    app = pilot.app
    await settle(pilot, lambda: isinstance(app.screen, MonthScreen) and app.screen.is_ready)


@both_sizes
def test_family_month(snap_compare, calendar, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_month))


async def to_week(pilot: Pilot) -> None:
    """The week after today's (Swimming in its member's colour, the appointment and
    the school trip in their types'), Thursday highlighted."""
    from dashboard_tui.family.ui.week import WeekScreen

    await pilot.press("w")
    app = pilot.app
    await settle(pilot, lambda: isinstance(app.screen, WeekScreen) and app.screen.is_ready)
    await pilot.press("right_square_bracket")
    await settle(pilot, lambda: app.screen.is_ready and str(app.screen.day) == "2026-11-29")
    await pilot.press("left", "left", "left")


@both_sizes
def test_family_week(snap_compare, calendar, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_week))


async def to_repeats(pilot: Pilot) -> None:
    """The new event form scrolled to its repeat fields: weekly on days, ends after."""
    from textual.widgets import Input, Select

    await to_form(pilot)
    form = pilot.app.screen
    form.query_one("#repeat", Select).value = "weekly"
    form.query_one("#days", Input).value = "mon,wed"
    form.query_one("#ends", Input).value = "10 times"
    # Focus centres the field with an animated scroll, started two call_laters on:
    # wait for it to end, else a loaded machine photographs the form mid-scroll.
    form.query_one("#ends", Input).focus()
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()
    await settle(pilot)


@both_sizes
def test_family_event_form_repeats(snap_compare, calendar, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_repeats))


async def to_modal(pilot: Pilot, *keys: str) -> None:
    """Press `keys` and wait for the form they open, its focus's scroll ended."""
    await pilot.press(*keys)
    await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))
    await pilot.wait_for_scheduled_animations()
    await settle(pilot)


async def to_delete(pilot: Pilot) -> None:
    """d on Swimming on 24 Nov, a series: this, this and following, or all."""
    await to_modal(pilot, "d")


@both_sizes
def test_family_delete_scope(snap_compare, calendar, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_delete))


async def to_remind(pilot: Pilot) -> None:
    """R on Swimming: a reminder before each of its occurrences."""
    await to_modal(pilot, "R")


@both_sizes
def test_family_remind_of_event_form(snap_compare, calendar, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_remind))


async def to_export(pilot: Pilot) -> None:
    await to_modal(pilot, "x")


@both_sizes
def test_family_ics_export_form(snap_compare, calendar, build_app, size, monkeypatch):
    # The file offered is in the home folder: one that is the same on every machine
    # (only its name is shown; nothing is written there).
    monkeypatch.setenv("HOME", "/tmp")  # noqa: S108
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_export))


async def to_member_form(pilot: Pilot) -> None:
    """The edit form of Lea [i]x[/i] (her name shown literally)."""
    await to_members(pilot)
    await to_modal(pilot, "e")


@both_sizes
def test_family_member_form(snap_compare, calendar, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_member_form))
