"""Time logs as a person uses them, by keyboard (Pilot, on both engines): l from the
agenda opens this week's logs; n logs time with the quick duration (a refusal shows
next to the field and keeps what was typed), with an own activity and a member chosen
from the list; w shows the week's report per member and activity with the week before;
`[` goes a week back; e edits, d deletes after asking; hostile text shows literally.
Today is Sunday 2026-11-22 (tests/support.FIXED_NOW): the week is Mon 16 – Sun 22 Nov."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select

from dashboard_tui.config import Settings
from dashboard_tui.family.ui.time_logs import TimeLogsScreen
from dashboard_tui.widgets.confirm import ConfirmModal
from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.finance_helpers import rows
from tests.ui.gym_helpers import field_error
from tests.ui.pilot_helpers import (
    SIZE,
    fill,
    pilot_test,
    run_command,
    screen_text,
    settle,
    type_into,
)
from tests.ui.test_family import family_of, open_agenda
from tests.ui.test_snapshots import showing


@pytest.fixture
def ui_settings(db_url: str) -> Settings:
    """These journeys run on both engines (db_url is parametrized)."""
    return Settings(database_url=db_url)


def time_of(ctx):
    from dashboard_tui.family.time_logs import TimeLogService

    return ctx.services(TimeLogService)


async def open_time_logs(pilot) -> TimeLogsScreen:
    await open_agenda(pilot)
    await pilot.press("l")
    app = pilot.app
    await settle(pilot, lambda: isinstance(app.screen, TimeLogsScreen) and app.screen.is_ready)
    assert isinstance(app.screen, TimeLogsScreen)
    return app.screen


def log_rows(screen: TimeLogsScreen) -> list[tuple[str, ...]]:
    """The week's logs as shown (figures without the spaces that right-align them)."""
    return [tuple(cell.strip() for cell in row) for row in rows(screen)]


def report_rows(screen: TimeLogsScreen) -> list[tuple[str, ...]]:
    table = screen.report
    return [tuple(str(c).strip() for c in table.get_row_at(i)) for i in range(table.row_count)]


@pilot_test
async def test_log_time_by_keyboard_and_read_the_weekly_report(build_app, logged_in, backend):
    fam, logs = family_of(backend), time_of(backend)
    anna = fam.add_member(logged_in, name="Anna")
    fam.add_member(logged_in, name="Max [b]B[/b]")
    logs.add_log(logged_in, member_id=anna.id, activity="Reading", duration="2h", day="2026-11-10")
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_time_logs(pilot)
        assert "Time logs: Mon 16 Nov – Sun 22 Nov 2026" in screen_text(pilot)
        assert log_rows(screen) == []

        # n: the form, for the first member (Anna), today; the duration typed wrong first.
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        form = app.screen
        assert form.query_one("#member", Select).value == str(anna.id)
        assert form.query_one("#day", Input).value == "2026-11-22"
        await type_into(pilot, "#activity", "readi")  # the suggestion: Reading
        await pilot.press("right")  # takes it
        assert form.query_one("#activity", Input).value == "Reading"
        await type_into(pilot, "#duration", "25h")
        await pilot.press("enter")
        await settle(pilot, lambda: "24 hours" in field_error(form, "duration"))
        assert form.query_one("#activity", Input).value == "Reading"  # nothing typed lost
        await fill(pilot, duration="1h30")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is screen and screen.is_ready)
        await settle(pilot, lambda: len(log_rows(screen)) == 1)
        assert log_rows(screen) == [("Sun 22 Nov", "Anna", "Reading", "1h 30m", "")]

        # A second log: Max (hostile name, shown as typed), an own activity, Wednesday.
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        app.screen.query_one("#member", Select).value = str(
            next(m.id for m in fam.members(logged_in) if m.name == "Max [b]B[/b]")
        )
        await pilot.pause()
        assert "Max [b]B[/b]" in screen_text(pilot)  # the choice shows the name as typed
        await fill(pilot, activity="Lego [i]club[/i]", day="2026-11-18", duration="45m")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is screen and len(log_rows(screen)) == 2)
        assert log_rows(screen)[0] == ("Wed 18 Nov", "Max [b]B[/b]", "Lego [i]club[/i]", "45m", "")
        assert "2 logs · 2h 15m this week" in screen_text(pilot)

        # w: the report, per activity and member, with the week before beside it.
        await pilot.press("w")
        await settle(pilot, lambda: screen.is_ready and screen.report.row_count > 0)
        assert "Week report: Mon 16 Nov – Sun 22 Nov 2026" in screen_text(pilot)
        assert report_rows(screen) == [
            ("Lego [i]club[/i]", "", "45m", "45m", "0m", "+45m"),
            ("Reading", "1h 30m", "", "1h 30m", "2h 00m", "−30m"),
            ("Total", "1h 30m", "45m", "2h 15m", "2h 00m", "+15m"),
            ("Before", "2h 00m", "0m", "2h 00m", "", ""),
        ]
        assert "Max [b]B[/b]" in screen_text(pilot)  # the column shows the name as typed

        # [: the week before, in the report too; t: back to this week; w: the logs again.
        await pilot.press("left_square_bracket")
        await settle(pilot, lambda: screen.is_ready and "Mon 9 Nov" in screen_text(pilot))
        assert report_rows(screen)[0] == ("Reading", "2h 00m", "2h 00m", "0m", "+2h 00m")
        await pilot.press("t")
        await settle(pilot, lambda: screen.is_ready and "Mon 16 Nov" in screen_text(pilot))
        await pilot.press("w")
        await settle(pilot, lambda: screen.is_ready and len(log_rows(screen)) == 2)

        # e: edit the highlighted (Wednesday's) log; d: delete it after asking.
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        assert app.screen.query_one("#duration", Input).value == "45m"
        await fill(pilot, duration="1:05")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is screen and log_rows(screen)[0][3] == "1h 05m")
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        prompt = str(app.screen.query_one("#confirm-prompt").render())
        assert prompt == "Delete Lego [i]club[/i], Max [b]B[/b], 1h 05m on Wed 18 Nov?"
        await pilot.press("y")
        await settle(pilot, lambda: app.screen is screen and len(log_rows(screen)) == 1)
        assert [x.activity for x in logs.week(logged_in).logs] == ["Reading"]


@pilot_test
async def test_the_palette_finds_a_time_log_and_opens_its_week(build_app, logged_in, backend):
    fam, logs = family_of(backend), time_of(backend)
    anna = fam.add_member(logged_in, name="Anna")
    logs.add_log(logged_in, member_id=anna.id, activity="Reading", duration="1h", day="2026-11-02")
    logs.add_log(logged_in, member_id=anna.id, activity="Violin", duration="30m", day="2026-11-03")
    logs.add_log(logged_in, activity="Chores", duration="20m", day="2026-11-04")
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await showing("HomeScreen")(pilot)
        await run_command(pilot, "violin", "Time log: Violin, Anna")
        await settle(pilot, lambda: isinstance(app.screen, TimeLogsScreen) and app.screen.is_ready)
        screen = app.screen
        assert "Time logs: Mon 2 Nov – Sun 8 Nov 2026" in screen_text(pilot)
        highlighted = screen.table.highlighted
        assert highlighted is not None and highlighted[1].activity == "Violin"
