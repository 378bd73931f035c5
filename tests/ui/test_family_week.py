"""The event form's repeat choices and the week view, by keyboard (Pilot, on both
engines): a weekly Monday/Wednesday event ending after 10 times; a monthly
last-Friday event; the edit form reads a rule back (and keeps one it cannot show);
a bad day name is refused next to its field with everything typed kept; the week
view (w) moves by day and week and edits from there. Today is Sunday 2026-11-22
(tests/support.FIXED_NOW); the week starts on Monday (the profile's default)."""

from __future__ import annotations

from textual.widgets import Input, Select

from dashboard_tui.family.ui.week import WeekScreen
from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.finance_helpers import rows
from tests.ui.gym_helpers import field_error
from tests.ui.pilot_helpers import SIZE, fill, pilot_test, screen_text, settle
from tests.ui.test_family import family_of, new_form, open_agenda, ui_settings  # noqa: F401 - fixture


def choose(screen, **values: str) -> None:
    for field_id, value in values.items():
        screen.query_one(f"#{field_id}", Select).value = value


async def open_week(pilot) -> WeekScreen:
    await pilot.press("w")
    app = pilot.app
    await settle(pilot, lambda: isinstance(app.screen, WeekScreen) and app.screen.is_ready)
    assert isinstance(app.screen, WeekScreen)
    return app.screen


@pilot_test
async def test_weekly_on_two_days_ending_after_ten_times(build_app, logged_in, backend):
    fam = family_of(backend)
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        agenda = await open_agenda(pilot)
        form = await new_form(pilot)
        choose(form, repeat="weekly")
        await fill(
            pilot, title="Piano", day="2026-11-23", start="16:00", days="Mo We Funday", ends="10"
        )
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: "not a day of the week" in field_error(form, "days"))
        assert form.query_one("#title", Input).value == "Piano"  # nothing typed is lost
        await fill(pilot, days="mon, wed")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is agenda)
        await settle(pilot, lambda: agenda.is_ready and len(rows(agenda)) == 9)
        shown = [r[0] for r in rows(agenda)]
        assert shown[:4] == ["Mon 23 Nov 2026", "Wed 25 Nov 2026", "Mon 30 Nov 2026",
                             "Wed 02 Dec 2026"]  # fmt: skip
        event = fam.agenda(logged_in, agenda.first, 60)[0]
        assert event.rule == "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10"
        assert event.repeats == "weekly on Monday and Wednesday, 10 times"
        assert len(fam.agenda(logged_in, agenda.first, 60)) == 10
        # The edit form reads the rule back as the choices that made it.
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        edit = app.screen
        assert edit.query_one("#repeat", Select).value == "weekly"
        assert edit.query_one("#days", Input).value == "Mon, Wed"
        assert edit.query_one("#ends", Input).value == "10 times"
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is agenda)


@pilot_test
async def test_monthly_on_the_last_friday(build_app, logged_in, backend):
    fam = family_of(backend)
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        agenda = await open_agenda(pilot)
        form = await new_form(pilot)
        await fill(pilot, title="Book club", day="2026-11-27")
        choose(form, repeat="monthly_last")
        await fill(pilot, ends="until 2026-11-01")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: "before the first" in field_error(form, "ends"))
        await fill(pilot, ends="2027-03-31")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is agenda)
        found = [i for i in fam.agenda(logged_in, agenda.first, 200) if i.title == "Book club"]
        assert [str(i.start) for i in found] == [
            "2026-11-27", "2026-12-25", "2027-01-29", "2027-02-26", "2027-03-26",
        ]  # fmt: skip
        assert found[0].repeats == "monthly on the last Friday, until 2027-03-31"


@pilot_test
async def test_a_rule_the_form_cannot_show_is_kept(build_app, logged_in, backend):
    fam = family_of(backend)
    fam.add_event(
        logged_in, title="Payday", day="2026-11-30",
        rule="FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    )  # fmt: skip
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        agenda = await open_agenda(pilot)
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        edit = app.screen
        assert edit.query_one("#repeat", Select).value == "keep"
        assert "Keep: last business day of the month" in screen_text(pilot)
        choose(edit, scope="all")
        await fill(pilot, title="Payday!")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is agenda)
        (info,) = [i for i in fam.agenda(logged_in, agenda.first, 10) if i.title == "Payday!"]
        assert info.rule == "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"


@pilot_test
async def test_week_view_moves_and_edits(build_app, logged_in, backend):
    fam = family_of(backend)
    lea = fam.add_member(logged_in, name="Lea", color="tomato")
    fam.add_event(
        logged_in, title="Swimming", day="2026-11-24", start="17:00", end="18:00",
        rule="FREQ=WEEKLY", member_id=lea.id,
    )  # fmt: skip
    fam.add_event(logged_in, title="[b]Trip[/b]", day="2026-11-24")
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        agenda = await open_agenda(pilot)
        week = await open_week(pilot)  # today's week, today highlighted
        assert "Week: Mon 16 Nov 2026 – Sun 22 Nov 2026" in screen_text(pilot)
        assert str(week.day) == "2026-11-22"
        await pilot.press("right")  # over the edge: the next week
        await settle(pilot, lambda: week.is_ready and str(week.day) == "2026-11-23")
        assert "Week: Mon 23 Nov 2026 – Sun 29 Nov 2026" in screen_text(pilot)
        await pilot.press("right")
        assert str(week.day) == "2026-11-24"
        # All day first, then by time; user text shown literally.
        assert [i.title for i in week.items()] == ["[b]Trip[/b]", "Swimming"]
        assert "[b]Trip[/b]" in screen_text(pilot)
        await pilot.press("down")
        assert week.highlighted().title == "Swimming"
        assert "Lea" in screen_text(pilot)  # the detail line
        await pilot.press("right_square_bracket")
        await settle(pilot, lambda: week.is_ready and str(week.day) == "2026-12-01")
        assert "Week: Mon 30 Nov 2026 – Sun 6 Dec 2026" in screen_text(pilot)
        await pilot.press("down")  # Tue 1 Dec: only Swimming
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await fill(pilot, start="18:00", end="19:00")  # this occurrence only (the default)
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is week)
        await settle(pilot, lambda: week.is_ready and week.items() != [])
        await settle(pilot, lambda: f"{week.items()[0].start:%H:%M}" == "18:00")
        assert week.items()[0].moved
        await pilot.press("left")  # Monday 30 Nov
        await pilot.press("left")  # over the edge: Sunday 29 Nov, the week before
        await settle(pilot, lambda: week.is_ready and str(week.day) == "2026-11-29")
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        assert app.screen.query_one("#day", Input).value == "2026-11-29"
        await fill(pilot, title="Brunch", start="11:00")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is week)
        await settle(pilot, lambda: [i.title for i in week.items()] == ["Brunch"])
        await pilot.press("t")
        await settle(pilot, lambda: week.is_ready and str(week.day) == "2026-11-22")
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is agenda)


@pilot_test
async def test_week_cells_mark_the_event_type(build_app, logged_in, backend):
    """A typed event's cell has a ● in its type's colour (the agenda's Type column, in
    little), also when its member's colour colours the rest; an untyped one has none."""
    from textual.color import Color

    from dashboard_tui.db.catalog_seed import seed_id
    from dashboard_tui.family.palette import TYPE_COLORS
    from dashboard_tui.family.ui.colors import TYPE_MARK
    from dashboard_tui.family.ui.week import cell_text

    fam = family_of(backend)
    lea = fam.add_member(logged_in, name="Lea", color="tomato")
    fam.add_event(
        logged_in, title="Swimming", day="2026-11-24", start="17:00", member_id=lea.id,
        type_id=seed_id("event_type", "Sports game"),
    )  # fmt: skip
    fam.add_event(logged_in, title="Piano", day="2026-11-24", start="09:00")
    fam.add_event(logged_in, title="Zoo", day="2026-11-24", type_id=seed_id("event_type", "Trip"))
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        week = await open_week(pilot)
        await pilot.press("right", "right")  # the next week's Tuesday
        await settle(pilot, lambda: week.is_ready and str(week.day) == "2026-11-24")
        shown = screen_text(pilot)
        assert f"{TYPE_MARK}Zoo" in shown
        assert "09:00 Piano" in shown and f"17:00{TYPE_MARK}Swimming" in shown
        zoo, piano, swimming = week.items()

        def colour_of_mark(item) -> str | None:
            text = cell_text(item)
            at = text.plain.find(TYPE_MARK)
            if at < 0:
                return None
            return next(str(s.style) for s in text.spans if s.start <= at < s.end)

        assert colour_of_mark(piano) is None
        assert colour_of_mark(zoo) == Color.parse(TYPE_COLORS["Trip"]).hex
        assert colour_of_mark(swimming) == Color.parse(TYPE_COLORS["Sports game"]).hex
        assert cell_text(swimming).spans[-1].style == Color.parse("tomato").hex  # the title


@pilot_test
async def test_month_cells_mark_the_first_events_type(build_app, logged_in, backend):
    """The month cell's first occurrence has the week view's ● in its type's colour for
    the space before its title (its member's colour still colours the title); an
    untyped first occurrence keeps the space."""
    from textual.color import Color

    from dashboard_tui.db.catalog_seed import seed_id
    from dashboard_tui.family.palette import TYPE_COLORS
    from dashboard_tui.family.ui.colors import TYPE_MARK
    from dashboard_tui.family.ui.month import MonthScreen

    fam = family_of(backend)
    lea = fam.add_member(logged_in, name="Lea", color="tomato")
    fam.add_event(
        logged_in, title="Swimming", day="2026-11-24", start="08:00", member_id=lea.id,
        type_id=seed_id("event_type", "Sports game"),
    )  # fmt: skip
    fam.add_event(logged_in, title="Piano", day="2026-11-24", start="09:00")
    fam.add_event(logged_in, title="Choir", day="2026-11-25", start="09:00")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("m")
        await settle(pilot, lambda: isinstance(app.screen, MonthScreen) and app.screen.is_ready)
        month = app.screen
        assert isinstance(month, MonthScreen)
        week = month.table.table.get_row("2026-11-23")  # the row key: its Monday
        tuesday, wednesday = week[1], week[2]
        assert tuesday.plain == f"24 +1{TYPE_MARK}Swimming"
        assert wednesday.plain == "25 Choir"
        at = tuesday.plain.index(TYPE_MARK)
        mark_style = next(str(s.style) for s in tuesday.spans if s.start <= at < s.end)
        assert mark_style == Color.parse(TYPE_COLORS["Sports game"]).hex
        assert str(tuesday.spans[-1].style) == Color.parse("tomato").hex  # the title
        assert f"{TYPE_MARK}Swimming" in screen_text(pilot).replace("…", "")
