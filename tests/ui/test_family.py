"""The family agenda as a person uses it, by keyboard (Pilot, on both engines): 4
opens it at today, n adds a weekly event through the form, `]`/`[` move the window a
week, t comes back to today; a member's birthday shows with the age; hostile text
shows literally. Today is 2026-11-22 (tests/support.FIXED_NOW)."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from dashboard_tui.config import Settings
from dashboard_tui.family.ui.agenda import KEEP_RULE, FamilyScreen
from dashboard_tui.widgets.form_modal import FormModal
from tests.support import FIXED_NOW
from tests.ui.finance_helpers import loaded, rows, table_of
from tests.ui.gym_helpers import field_error, value_of
from tests.ui.pilot_helpers import SIZE, burst, fill, pilot_test, run_command, screen_text, settle
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


async def new_form(pilot) -> FormModal:
    """n on the agenda: the new event form, once its choices have loaded."""
    await pilot.press("n")
    await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))
    return pilot.app.screen


@pilot_test
async def test_add_a_weekly_event_and_move_by_weeks(build_app, logged_in, backend):
    family_of(backend).add_member(logged_in, name="[b]Lea[/b]", birthday="2016-12-01")
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        agenda = await open_agenda(pilot)
        assert "Agenda: Sun 22 Nov 2026 – Mon 21 Dec 2026" in screen_text(pilot)
        assert rows(agenda) == [("Tue 01 Dec 2026", "all day", "[b]Lea[/b]'s birthday (10)",
                                 "[b]Lea[/b]", "", "")]  # fmt: skip
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


def scoped(screen, scope: str) -> None:
    screen.query_one("#scope", Select).value = scope


@pilot_test
async def test_skip_move_and_edit_this_and_following(build_app, logged_in, backend):
    """Swimming every Tuesday 17:00: d skips 1 Dec only, e moves 8 Dec to Wednesday
    only, e on 15 Dec with "this and following" moves it and the later ones to 18:00;
    the earlier ones stay."""
    family_of(backend).add_event(
        logged_in, title="Swimming", day="2026-11-24", start="17:00", end="18:00",
        rule="FREQ=WEEKLY", timezone="UTC",
    )  # fmt: skip
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        agenda = await open_agenda(pilot)
        assert [r[0] for r in rows(agenda)] == [
            "Tue 24 Nov 2026", "Tue 01 Dec 2026", "Tue 08 Dec 2026", "Tue 15 Dec 2026"
        ]  # fmt: skip
        table_of(agenda).table.move_cursor(row=1)
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        scoped(app.screen, "this")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is agenda)
        await settle(pilot, lambda: len(rows(agenda)) == 3)
        table_of(agenda).table.move_cursor(row=1)  # 8 Dec
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        scoped(app.screen, "this")
        await fill(pilot, day="2026-12-09")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is agenda)
        await settle(pilot, lambda: rows(agenda) and rows(agenda)[1][0] == "Wed 09 Dec 2026")
        assert rows(agenda)[1][2] == "Swimming (moved)"
        table_of(agenda).table.move_cursor(row=2)  # 15 Dec
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        scoped(app.screen, "following")
        await fill(pilot, start="18:00", end="19:00")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is agenda)
        await settle(pilot, lambda: rows(agenda) and rows(agenda)[-1][1] == "18:00–19:00")
        assert [r[:2] for r in rows(agenda)] == [
            ("Tue 24 Nov 2026", "17:00–18:00"),
            ("Wed 09 Dec 2026", "17:00–18:00"),
            ("Tue 15 Dec 2026", "18:00–19:00"),
        ]
        await pilot.press("right_square_bracket")
        await settle(pilot, lambda: agenda.is_ready and "Sun 29 Nov 2026" in screen_text(pilot))
        await settle(pilot, lambda: rows(agenda) and rows(agenda)[-1][0] == "Tue 22 Dec 2026")
        assert rows(agenda)[-1][1] == "18:00–19:00"


@pilot_test
async def test_add_a_member_and_see_the_birthday(build_app, logged_in, backend):
    from dashboard_tui.family.ui.members import MembersScreen

    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        agenda = await open_agenda(pilot)
        assert rows(agenda) == []
        await pilot.press("M")
        await settle(pilot, lambda: isinstance(app.screen, MembersScreen) and app.screen.is_ready)
        members = app.screen
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await fill(pilot, name="Oma \x1b[31m", relation="grandmother", birthday="1950-11-30")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: "Control" in field_error(app.screen, "name"))
        await fill(pilot, name="Oma [b]Ilse[/b]")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is members)
        await settle(pilot, lambda: rows(members) == [
            ("Oma [b]Ilse[/b]", "grandmother", "1950-11-30", "")
        ])  # fmt: skip
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is agenda)
        await settle(pilot, lambda: rows(agenda) == [
            ("Mon 30 Nov 2026", "all day", "Oma [b]Ilse[/b]'s birthday (76)", "Oma [b]Ilse[/b]", "",
                 "")
        ])  # fmt: skip


@pilot_test
async def test_a_new_event_typed_in_one_burst_gets_every_key(build_app, logged_in, backend):
    """`n Swim ⏎` sent at once: the form's choices load first, and the title's keys
    wait for it (the w of Swim used to open the week view, the rest made "im")."""
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await burst(pilot, "n", *"Swim", "tab", "tab", *"17:00", "enter")
        await settle(
            pilot,
            lambda: (
                app.screen is screen
                and bool(family_of(backend).agenda(logged_in, FIXED_NOW.date()))
            ),
        )
        events = family_of(backend).agenda(logged_in, FIXED_NOW.date())
        assert [(e.title, e.start.strftime("%H:%M")) for e in events] == [("Swim", "17:00")]


@pilot_test
async def test_days_for_a_repeat_that_is_not_weekly_are_refused(build_app, logged_in, backend):
    """On days typed while the event does not repeat weekly (none, monthly, or a rule
    the form keeps as it is) is refused next to the field, not dropped: the form
    stays open with what was typed, and nothing is saved until Weekly is chosen."""
    fam = family_of(backend)
    fam.add_event(logged_in, title="Club", day="2026-12-01", rule="FREQ=MONTHLY;BYMONTHDAY=1,15")
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        agenda = await open_agenda(pilot)
        form = await new_form(pilot)
        await fill(pilot, title="Swim", day="2026-11-24", days="mon,tue")
        for repeat in ("none", "monthly_day"):
            form.query_one("#repeat", Select).value = repeat
            await pilot.press("ctrl+s")
            await settle(pilot)  # the save's worker has ended: its answer is shown
            assert "weekly repeat" in field_error(form, "days")
            assert app.screen is form and value_of(form, "days") == "mon,tue"
        assert [e.title for e in fam.agenda(logged_in, FIXED_NOW.date())] == ["Club", "Club"]
        form.query_one("#repeat", Select).value = "weekly"
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is agenda)
        swims = [e.start for e in fam.agenda(logged_in, FIXED_NOW.date()) if e.title == "Swim"]
        assert [f"{d:%a %d}" for d in swims[:3]] == ["Tue 24", "Mon 30", "Tue 01"]
        await settle(pilot, lambda: "Club" in [r[2] for r in rows(agenda)])
        table_of(agenda).table.move_cursor(row=[r[2] for r in rows(agenda)].index("Club"))
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        form = app.screen
        assert form.query_one("#repeat", Select).value == KEEP_RULE
        await fill(pilot, days="fri")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: "weekly repeat" in field_error(form, "days"))
        assert app.screen is form


async def repeat_labels_shown(pilot, form) -> str:
    """The Repeats list opened as a person does (focus, space): the screen's text."""
    form.query_one("#repeat", Select).focus()
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()  # the focus's scroll into view
    await pilot.press("space")
    await settle(pilot, lambda: form.query_one("#repeat", Select).expanded)
    shown = " ".join(screen_text(pilot).split())
    await pilot.press("escape")  # closes the list, not the form
    await settle(pilot, lambda: not form.query_one("#repeat", Select).expanded)
    return shown


@pilot_test
async def test_monthly_repeat_labels_follow_the_date(build_app, logged_in, backend):
    """The monthly choices are named after the form's date when it opens (Sun 22 Nov:
    the 4th Sunday) and named anew when another date is typed (Thu 3 Dec: the 1st
    Thursday), the choice made staying chosen; the series saved follows the new date.
    The edit form does the same, its "Keep: …" choice first and kept chosen."""
    fam = family_of(backend)
    fam.add_event(logged_in, title="Club", day="2026-12-01", rule="FREQ=MONTHLY;BYMONTHDAY=1,15")
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        agenda = await open_agenda(pilot)
        form = await new_form(pilot)
        shown = await repeat_labels_shown(pilot, form)
        assert "same day (22)" in shown and "same weekday (4th Sunday)" in shown
        form.query_one("#repeat", Select).value = "monthly_nth"
        await fill(pilot, title="Book club", day="2026-12-03")
        await fill(pilot, day="2026-12-0")  # half typed: the names stay as they were
        await fill(pilot, day="2026-12-03")
        shown = await repeat_labels_shown(pilot, form)
        assert "same day (3)" in shown and "same weekday (1st Thursday)" in shown
        assert "last such weekday (last Thursday)" in shown and "4th Sunday" not in shown
        assert form.query_one("#repeat", Select).value == "monthly_nth"
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is agenda)
        found = fam.agenda(logged_in, FIXED_NOW.date(), 70)
        assert [f"{e.start:%d %b}" for e in found if e.title == "Book club"] == [
            "03 Dec", "07 Jan"
        ]  # fmt: skip
        await settle(pilot, lambda: "Club" in [r[2] for r in rows(agenda)])
        table_of(agenda).table.move_cursor(row=[r[2] for r in rows(agenda)].index("Club"))
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        form = app.screen
        await fill(pilot, day="2026-12-29")  # the 5th Tuesday, the last
        shown = await repeat_labels_shown(pilot, form)
        assert "Keep:" in shown and "same weekday (5th Tuesday)" in shown
        assert form.query_one("#repeat", Select).value == KEEP_RULE


@pilot_test
async def test_the_palette_opens_the_members_on_the_member_found(build_app, logged_in, backend):
    """A member found in the command palette opens the members list (over the agenda)
    with the cursor on them, not on the list's first row; enter there edits them and
    escape goes back to the agenda."""
    from dashboard_tui.family.ui.members import MembersScreen

    fam = family_of(backend)
    for name in ("Anna", "Ben", "Carla [b]x[/b]", "Dora"):
        fam.add_member(logged_in, name=name, relation="child")
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await showing("HomeScreen")(pilot)
        await run_command(pilot, "carla", "Member: Carla [b]x[/b]")
        await settle(pilot, lambda: isinstance(app.screen, MembersScreen) and app.screen.is_ready)
        members = app.screen
        assert [r[0] for r in rows(members)] == ["Anna", "Ben", "Carla [b]x[/b]", "Dora"]
        highlighted = table_of(members).highlighted
        assert highlighted is not None and highlighted[1].name == "Carla [b]x[/b]"
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        assert value_of(app.screen, "name") == "Carla [b]x[/b]"
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is members)
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, FamilyScreen) and app.screen.is_ready)


@pilot_test
async def test_the_palette_opens_the_agenda_on_the_event_found(build_app, logged_in, backend):
    """An event found in the command palette opens the agenda from its next
    occurrence (here months ahead, out of today's 30 days) with the cursor on it,
    not on the day's first row; enter there edits it."""
    fam = family_of(backend)
    fam.add_event(logged_in, title="Breakfast", day="2027-02-10", start="07:00")
    fam.add_event(logged_in, title="Dentist [b]x[/b]", day="2027-02-10", start="09:30",
                  rule="FREQ=YEARLY")  # fmt: skip
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await showing("HomeScreen")(pilot)
        await run_command(pilot, "dentist", "Event: Dentist [b]x[/b]")
        await settle(pilot, lambda: isinstance(app.screen, FamilyScreen) and app.screen.is_ready)
        agenda = app.screen
        assert "Agenda: Wed 10 Feb 2027 – Thu 11 Mar 2027" in screen_text(pilot)
        assert [r[2] for r in rows(agenda)] == ["Breakfast", "Dentist [b]x[/b]"]
        highlighted = table_of(agenda).highlighted
        assert highlighted is not None and highlighted[1].title == "Dentist [b]x[/b]"
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        assert value_of(app.screen, "title") == "Dentist [b]x[/b]"
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is agenda)
        await pilot.press("escape")  # the agenda is on the home screen, as when 4 opens it
        await settle(pilot, lambda: type(app.screen).__name__ == "HomeScreen")


@pilot_test
async def test_the_agenda_pages_its_thirty_days(build_app, logged_in, backend):
    """Four daily events make 120 occurrences in the 30 days: the first load shows
    one page of them (the first 100, in order) and paging down brings the next,
    after them in order, with the position counted over both."""
    from datetime import date, timedelta

    from dashboard_tui.family.ui.agenda import PAGE_SIZE

    clocks = ("07:00", "08:00", "09:00", "10:00")
    for at in clocks:
        family_of(backend).add_event(
            logged_in, title=f"Daily {at}", day="2026-11-22", start=at, rule="FREQ=DAILY",
            timezone="UTC",
        )  # fmt: skip
    first = date(2026, 11, 22)
    days = (first + timedelta(days=n) for n in range(30))
    window = [(f"{d:%a} {d.day:02} {d:%b %Y}", f"Daily {at}") for d in days for at in clocks]
    assert len(window) > PAGE_SIZE
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        agenda = await open_agenda(pilot)
        table = table_of(agenda)
        assert table.loaded_pages == range(1)
        assert [(r[0], r[2]) for r in rows(agenda)] == window[:PAGE_SIZE]
        assert f"1 of {PAGE_SIZE}+" in screen_text(pilot)
        for _ in range(PAGE_SIZE):  # a bound: page down until the next page is in
            if table.loaded_pages == range(2) and not table.loading:
                break
            await pilot.press("pagedown")
            await settle(pilot, loaded(table))
        assert [(r[0], r[2]) for r in rows(agenda)] == window
        await pilot.press("end")
        await settle(pilot, lambda: f"{len(window)} of {len(window)}" in screen_text(pilot))


@pilot_test
async def test_the_palette_finds_an_event_past_the_first_page(
    build_app, logged_in, backend, monkeypatch
):
    """With pages of two rows, the event found is the fourth on its day: the first
    page reaches it and the cursor is on it; paging on brings the rows after it."""
    from dashboard_tui.family.ui import agenda as agenda_module

    monkeypatch.setattr(agenda_module, "PAGE_SIZE", 2)
    fam = family_of(backend)
    for title, at in (("Breakfast", "07:00"), ("Coffee", "08:00"), ("Standup", "08:30"),
                      ("Dentist", "09:30"), ("Lunch", "12:00"), ("Dinner", "19:00")):  # fmt: skip
        fam.add_event(logged_in, title=title, day="2027-02-10", start=at)
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await showing("HomeScreen")(pilot)
        await run_command(pilot, "dentist", "Event: Dentist")
        await settle(pilot, lambda: isinstance(app.screen, FamilyScreen) and app.screen.is_ready)
        agenda = app.screen
        highlighted = table_of(agenda).highlighted
        assert highlighted is not None and highlighted[1].title == "Dentist"
        await pilot.press("end")
        await settle(pilot, lambda: [r[2] for r in rows(agenda)][-1:] == ["Dinner"])
        assert [r[2] for r in rows(agenda)] == [
            "Breakfast", "Coffee", "Standup", "Dentist", "Lunch", "Dinner"
        ]  # fmt: skip


def test_a_page_after_another_load_goes_on_after_its_last_row(logged_in, backend):
    """The loader keeps one load's occurrences; a page whose load was replaced (a
    reload since, with an event added before it) expands the window again and goes
    on after the row it ended on: nothing twice, nothing skipped."""
    from types import SimpleNamespace

    from dashboard_tui.family.ui.agenda import agenda_loader

    fam = family_of(backend)
    for at in ("07:00", "08:00"):
        fam.add_event(logged_in, title=f"Daily {at}", day="2026-11-22", start=at,
                      rule="FREQ=DAILY", timezone="UTC")  # fmt: skip
    screen = SimpleNamespace(first=None, event_id=None, shown_from=None)
    load = agenda_loader(backend, logged_in, screen)
    first = load(None, 3, "")
    assert [(r.cells[0], str(r.cells[2])) for r in first.rows] == [
        ("Sun 22 Nov 2026", "Daily 07:00"), ("Sun 22 Nov 2026", "Daily 08:00"),
        ("Mon 23 Nov 2026", "Daily 07:00"),
    ]  # fmt: skip
    kept = load(first.next_cursor, 3, "")
    fam.add_event(logged_in, title="Early", day="2026-11-22", start="06:00", timezone="UTC")
    load(None, 3, "")  # a reload: its occurrences replace the first load's
    again = load(first.next_cursor, 3, "")
    assert [r.key for r in again.rows] == [r.key for r in kept.rows]
    assert [(r.cells[0], str(r.cells[2])) for r in again.rows] == [
        ("Mon 23 Nov 2026", "Daily 08:00"), ("Tue 24 Nov 2026", "Daily 07:00"),
        ("Tue 24 Nov 2026", "Daily 08:00"),
    ]  # fmt: skip
    assert screen.shown_from.isoformat() == "2026-11-22"
