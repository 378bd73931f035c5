"""Reminders as a person meets them (Pilot, on both engines, the fixed clock: today
2026-11-22 09:00 UTC): r on the agenda lists them, n adds one; the clock moves on
and the shell's check fires it (a toast, the header's unread count, the
notifications list on ctrl+n); z snoozes it and it fires again; space marks it done.
A reminder due while the app was closed is shown at start as missed. R on the agenda
reminds of the highlighted event. Hostile text shows literally. The check is called
directly (what the timer calls every ALERTS_SECONDS), never waited for."""

from __future__ import annotations

import pytest

from dashboard_tui.config import Settings
from dashboard_tui.family.ui.reminders import RemindersScreen
from dashboard_tui.ui.notifications import NotificationsScreen
from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.finance_helpers import rows
from tests.ui.pilot_helpers import SIZE, fill, pilot_test, screen_text, settle
from tests.ui.test_family import family_of, open_agenda

HOSTILE = "[b]Dentist[/b] [link=x]y[/link]"


@pytest.fixture
def ui_settings(db_url: str) -> Settings:
    """These journeys run on both engines (db_url is parametrized)."""
    return Settings(database_url=db_url)


def reminders_of(ctx):
    from dashboard_tui.family.reminders import ReminderService

    return ctx.services(ReminderService)


async def open_reminders(pilot) -> RemindersScreen:
    await open_agenda(pilot)
    await pilot.press("r")
    app = pilot.app
    await settle(pilot, lambda: isinstance(app.screen, RemindersScreen) and app.screen.is_ready)
    assert isinstance(app.screen, RemindersScreen)
    return app.screen


def toasts(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def reload_done(pilot, screen) -> None:
    await settle(pilot, lambda: screen.is_ready and not screen.table.loading)
    await settle(pilot, lambda: not rows(screen) or screen.highlighted() is not None)


@pilot_test
async def test_add_fire_snooze_and_done(build_app, logged_in, backend, clock):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reminders(pilot)
        assert rows(screen) == []
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await fill(pilot, title=HOSTILE + "\u202e", at="09:10")
        await pilot.press("ctrl+s")  # a bidi control is refused, with the field's message
        await settle(pilot, lambda: "invisible formatting characters" in screen_text(pilot))
        await fill(pilot, title=HOSTILE)
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is screen)
        await reload_done(pilot, screen)
        assert [r[1:3] for r in rows(screen)] == [("upcoming", HOSTILE)]

        clock.advance(minutes=10)
        app.check_alerts()
        await settle(pilot, lambda: app.unread == 1)
        assert HOSTILE in toasts(app)
        assert "✉ 1" in app.sub_title
        app.check_alerts()  # fires once per due time
        await settle(pilot, lambda: not app.is_busy("alerts"))
        assert toasts(app).count(HOSTILE) == 1

        await pilot.press("ctrl+t")
        await settle(pilot, lambda: isinstance(app.screen, NotificationsScreen))
        listing = app.screen
        await settle(pilot, lambda: listing.is_ready)
        assert [r[1:3] for r in rows(listing)] == [("unread", HOSTILE)]
        await pilot.press("enter")  # read, and on to the reminder
        await settle(pilot, lambda: app.unread == 0 and isinstance(app.screen, RemindersScreen))
        assert "✉" not in app.sub_title
        screen = app.screen
        await reload_done(pilot, screen)
        assert [r[1] for r in rows(screen)] == ["overdue"]

        await pilot.press("z")  # snooze: 10 minutes is the first choice
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is screen)
        await reload_done(pilot, screen)
        await settle(pilot, lambda: [r[1] for r in rows(screen)] == ["snoozed"])
        clock.advance(minutes=10)
        app.check_alerts()
        await settle(pilot, lambda: app.unread == 1 and toasts(app).count(HOSTILE) == 2)

        await pilot.press("space")
        await settle(pilot, lambda: not rows(screen))
        assert "done" in screen_text(pilot)


@pilot_test
async def test_missed_reminders_are_shown_at_start(build_app, logged_in, backend, clock):
    for n in range(3):
        reminders_of(backend).add_reminder(
            logged_in, title=f"Task {n}", day="2026-11-22", at="09:30"
        )
    clock.advance(hours=2)  # due while the app was closed
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.unread == 3)
        assert "3 missed reminders: ctrl+t lists them." in toasts(app)
        assert "✉ 3" in app.sub_title
        await pilot.press("ctrl+t")
        await settle(pilot, lambda: isinstance(app.screen, NotificationsScreen))
        await settle(pilot, lambda: app.screen.is_ready)
        assert [r[1] for r in rows(app.screen)] == ["unread, missed"] * 3
        await pilot.press("a")
        await settle(pilot, lambda: app.unread == 0)
        await settle(pilot, lambda: [r[1] for r in rows(app.screen)][:1] == ["read, missed"])


@pilot_test
async def test_remind_of_the_highlighted_event(build_app, logged_in, backend, clock):
    family_of(backend).add_event(
        logged_in, title="Swimming", day="2026-11-24", start="17:00", rule="FREQ=WEEKLY"
    )
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        agenda = await open_agenda(pilot)
        await pilot.press("R")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await fill(pilot, before="soon")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: "15m, 2h, 1d" in screen_text(pilot))  # the field's message
        await fill(pilot, before="2h")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is agenda)
        await pilot.press("r")
        await settle(pilot, lambda: isinstance(app.screen, RemindersScreen) and app.screen.is_ready)
        assert [r[0:4] for r in rows(app.screen)] == [
            ("Tue 24 Nov 15:00", "upcoming", "Swimming", "2h each before Swimming")
        ]
