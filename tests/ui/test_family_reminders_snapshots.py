"""Snapshots of the reminders screen (overdue, snoozed, upcoming, one before each
occurrence of a weekly event, hostile text shown literally), its new-reminder form,
its snooze choices (10 minutes, an hour, tomorrow at 09:00) and the notifications
list (read, unread, missed; the header's unread count), at 120x40 and 80x24, on fixed
data and the fixed clock (today 2026-11-22 09:00 UTC). Update with
`pytest tests/ui/test_family_reminders_snapshots.py --snapshot-update` and look at
them."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from dashboard_tui.family.ui.reminders import RemindersScreen
from dashboard_tui.ui.notifications import NotificationsScreen
from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.pilot_helpers import both_sizes, settle
from tests.ui.test_family import family_of, open_agenda
from tests.ui.test_family_reminders import reminders_of
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture


@pytest.fixture
def reminders(logged_in, backend, clock):
    rem = reminders_of(backend)
    swim = family_of(backend).add_event(
        logged_in, title="Swimming", day="2026-11-24", start="17:00", rule="FREQ=WEEKLY"
    )
    rem.add_reminder(logged_in, before="1h30", event_id=swim.id, notes="Towels")
    rem.add_reminder(logged_in, title="Bins [b]out[/b]", day="2026-11-21", at="20:00")
    rem.fire_due(logged_in, missed=True)
    # A minute apart: notifications made at the same instant have no order of their
    # own (random ids), and the list's order must not change from run to run.
    clock.advance(minutes=1)
    late = rem.add_reminder(logged_in, title="Call [red]Mum[/red]", day="2026-11-22", at="08:00")
    rem.add_reminder(logged_in, title="Pay rent", day="2026-12-01", at="09:00")
    rem.fire_due(logged_in, missed=True)
    rem.snooze(logged_in, late.id, "1h")
    clock.advance(minutes=1)
    from dashboard_tui.kit.notifications import NotificationService

    notes = backend.services(NotificationService)
    notes.mark_read(logged_in, notes.page(logged_in).rows[-1].id)


def run(then):
    async def run_before(pilot: Pilot) -> None:
        await open_agenda(pilot)
        await settle(pilot, lambda: pilot.app.unread == 1)
        await then(pilot)
        await showing(type(pilot.app.screen).__name__)(pilot)

    return run_before


async def to_reminders(pilot: Pilot) -> None:
    app = pilot.app
    await pilot.press("r")
    await settle(pilot, lambda: isinstance(app.screen, RemindersScreen) and app.screen.is_ready)


async def to_form(pilot: Pilot) -> None:
    await to_reminders(pilot)
    await pilot.press("n")
    await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))


async def to_snooze(pilot: Pilot) -> None:
    """z on the first reminder listed (the overdue Bins [b]out[/b])."""
    await to_reminders(pilot)
    await pilot.press("z")
    await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))
    await pilot.wait_for_scheduled_animations()
    await settle(pilot)


async def to_notifications(pilot: Pilot) -> None:
    app = pilot.app
    await pilot.press("ctrl+t")
    await settle(pilot, lambda: isinstance(app.screen, NotificationsScreen) and app.screen.is_ready)


@both_sizes
def test_reminders_screen(snap_compare, reminders, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_reminders))


@both_sizes
def test_reminder_form(snap_compare, reminders, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_form))


@both_sizes
def test_notifications_list(snap_compare, reminders, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_notifications))


@both_sizes
def test_reminder_snooze(snap_compare, reminders, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_snooze))
