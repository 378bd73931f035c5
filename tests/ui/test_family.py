"""The family agenda as a person uses it, by keyboard (Pilot, on both engines): 4
opens it at today, n adds a weekly event through the form, `]`/`[` move the window a
week, t comes back to today; a member's birthday shows with the age; hostile text
shows literally. Today is 2026-11-22 (tests/support.FIXED_NOW)."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from dashboard_tui.config import Settings
from dashboard_tui.family.ui.agenda import FamilyScreen
from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.finance_helpers import loaded, rows, table_of
from tests.ui.pilot_helpers import SIZE, fill, pilot_test, screen_text, settle
from tests.ui.test_snapshots import showing


@pytest.fixture
def ui_settings(db_url: str) -> Settings:
    """These journeys run on both engines (db_url is parametrized)."""
    return Settings(database_url=db_url)


def family_of(ctx):
    from dashboard_tui.family.services import FamilyService

    return ctx.services(FamilyService)


async def open_agenda(pilot) -> FamilyScreen:
    await showing("HomeScreen")(pilot)
    await pilot.press("4")
    app = pilot.app
    await settle(pilot, lambda: isinstance(app.screen, FamilyScreen) and app.screen.is_ready)
    screen = app.screen
    assert isinstance(screen, FamilyScreen)
    await settle(pilot, loaded(table_of(screen)))
    return screen


@pilot_test
async def test_add_a_weekly_event_and_move_by_weeks(build_app, logged_in, backend):
    family_of(backend).add_member(logged_in, name="[b]Lea[/b]", birthday="2016-12-01")
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        agenda = await open_agenda(pilot)
        assert "Agenda: Sun 22 Nov 2026 – Mon 21 Dec 2026" in screen_text(pilot)
        assert rows(agenda) == [("Tue 01 Dec 2026", "all day", "[b]Lea[/b]'s birthday (10)",
                                 "[b]Lea[/b]", "")]  # fmt: skip
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await fill(pilot, title="Swimming", day="2026-11-24", start="17:00", end="18:00")
        app.screen.query_one("#repeat", Select).value = "weekly"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is agenda)
        await settle(pilot, lambda: len(rows(agenda)) == 5)
        assert [r[:3] for r in rows(agenda)] == [
            ("Tue 24 Nov 2026", "17:00–18:00", "Swimming"),
            ("Tue 01 Dec 2026", "all day", "[b]Lea[/b]'s birthday (10)"),
            ("Tue 01 Dec 2026", "17:00–18:00", "Swimming"),
            ("Tue 08 Dec 2026", "17:00–18:00", "Swimming"),
            ("Tue 15 Dec 2026", "17:00–18:00", "Swimming"),
        ]
        await pilot.press("right_square_bracket")
        await settle(pilot, lambda: agenda.is_ready and "Sun 29 Nov 2026" in screen_text(pilot))
        await settle(pilot, lambda: rows(agenda) and rows(agenda)[0][0] == "Tue 01 Dec 2026")
        await pilot.press("t")
        await settle(pilot, lambda: agenda.is_ready and "Sun 22 Nov 2026" in screen_text(pilot))
