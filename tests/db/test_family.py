"""The family services on both engines: members and birthdays in the agenda, single
and recurring events (kept in their own zone, shown in the profile's), skipping and
moving one occurrence, "this and following", edits of the whole series that keep the
changed occurrences still on it, the audit rows in human terms, hostile text kept as
typed. Today is 2026-11-22 (tests/support.FIXED_NOW)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from dashboard_tui.account.profile import ProfileService
from dashboard_tui.family import EVENT
from dashboard_tui.family.services import FamilyService
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.models.family import Event
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def fam(db, clock) -> FamilyService:
    return FamilyService(db, clock=clock, client=TEST_CLIENT)


def in_berlin(db, clock, login) -> None:
    ProfileService(db, clock=clock).update(
        login, weight_unit="kg", currency="EUR", timezone="Europe/Berlin", theme="textual-dark"
    )


def titles(db, entity_id=None) -> list[str]:
    with db.transaction(read_only=True) as s:
        stmt = select(AuditLog).where(AuditLog.entity == "event").order_by(AuditLog.seq)
        rows = list(s.scalars(stmt))
    return [EVENT.title_of(r.after or r.before) for r in rows]


def tuesdays(fam, ana, **kw):
    """Swimming every Tuesday 17:00-18:00 Berlin time from 6 January 2026."""
    return fam.add_event(
        ana, title="Swimming", day="2026-01-06", start="17:00", end="18:00",
        rule="FREQ=WEEKLY;BYDAY=TU", timezone="Europe/Berlin", **kw,
    )  # fmt: skip


def shown(items) -> list[str]:
    return [
        f"{i.start:%m-%d %H:%M}" if isinstance(i.start, datetime) else f"{i.start:%m-%d}"
        for i in items
    ]


def test_members_and_birthdays_in_the_agenda(fam, db, make_user):
    ana = make_user("Ana")
    leap = fam.add_member(ana, name="Lea", relation="child", birthday="2016-02-29", color="red")
    fam.add_member(ana, name="Max", relation="partner", birthday="1990-03-01")
    assert [m.name for m in fam.members(ana)] == ["Lea", "Max"]
    items = fam.agenda(ana, date(2027, 2, 27), days=4)
    # 2027 is a common year: Lea's 29 February birthday is shown on the 28th.
    assert [(i.title, i.start) for i in items] == [
        ("Lea's birthday (11)", date(2027, 2, 28)),
        ("Max's birthday (37)", date(2027, 3, 1)),
    ]
    fam.edit_member(ana, leap.id, name="Lea", relation="daughter", birthday="2016-02-29")
    fam.delete_member(ana, leap.id)
    assert [m.name for m in fam.members(ana)] == ["Max"]


def test_weekly_event_keeps_its_wall_time_and_shows_in_the_profiles_zone(fam, db, clock, make_user):
    ana = make_user("Ana")
    fam.add_event(
        ana, title="Call grandma", day="2026-03-03", start="09:00", end="09:30",
        rule="FREQ=WEEKLY", timezone="America/New_York",
    )  # fmt: skip
    in_berlin(db, clock, ana)
    items = fam.agenda(ana, date(2026, 3, 1), days=35)
    # New York moves its clocks on 8 March 2026, Berlin on 29 March: 15:00 in Berlin,
    # then 14:00 for three weeks, then 15:00 again; 09:00 in New York throughout.
    assert shown(items) == ["03-03 15:00", "03-10 14:00", "03-17 14:00", "03-24 14:00",
                            "03-31 15:00"]  # fmt: skip
    assert {i.start.astimezone(ZoneInfo("America/New_York")).hour for i in items} == {9}


def test_skip_and_move_one_occurrence(fam, db, clock, make_user):
    ana = make_user("Ana")
    in_berlin(db, clock, ana)
    swim = tuesdays(fam, ana)
    fam.skip(ana, swim.id, "2026-01-13T17:00:00")
    fam.move(ana, swim.id, "2026-01-20T17:00:00", day="2026-01-22", start="18:30")
    items = fam.agenda(ana, date(2026, 1, 5), days=30)
    assert shown(items) == ["01-06 17:00", "01-22 18:30", "01-27 17:00", "02-03 17:00"]
    moved = items[1]
    assert moved.moved and moved.original == "2026-01-20T17:00:00"
    assert moved.end.hour == 19 and moved.end.minute == 30  # the hour kept
    assert titles(db)[-2:] == [
        "Swimming, weekly on Tuesday: deleted 13 Jan only",
        "Swimming, weekly on Tuesday: moved 20 Jan only (now 22 Jan)",
    ]
    # Not an occurrence: refused.
    with pytest.raises(ValidationError):
        fam.skip(ana, swim.id, "2026-01-14T17:00:00")


def test_this_and_following_splits_the_series(fam, db, clock, make_user):
    ana = make_user("Ana")
    in_berlin(db, clock, ana)
    swim = tuesdays(fam, ana)
    fam.skip(ana, swim.id, "2026-02-10T17:00:00")  # a later skipped one goes along
    fam.move(ana, swim.id, "2026-01-13T17:00:00", day="2026-01-14")  # an earlier one stays
    new = fam.edit_event(
        ana, swim.id, scope="following", original="2026-01-27T17:00:00",
        start="18:00", title="Swimming (new pool)",
    )  # fmt: skip
    items = fam.agenda(ana, date(2026, 1, 5), days=42)
    assert [(f"{i.start:%m-%d %H:%M}", i.title) for i in items] == [
        ("01-06 17:00", "Swimming"),
        ("01-14 17:00", "Swimming"),
        ("01-20 17:00", "Swimming"),
        ("01-27 18:00", "Swimming (new pool)"),
        ("02-03 18:00", "Swimming (new pool)"),
        ("02-10 18:00", "Swimming (new pool)"),
    ]
    # The 18:00 series does not fall on 17:00 any more: the old skip no longer applies.
    with db.transaction(read_only=True) as s:
        old = s.get(Event, swim.id)
        # Its last occurrence, 20 January 17:00 in Berlin, in UTC (RFC 5545).
        assert old.rrule == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260120T160000Z"
        assert s.get(Event, new.id).exdates == []


def test_edit_all_keeps_changed_occurrences_still_on_the_series(fam, db, clock, make_user):
    ana = make_user("Ana")
    in_berlin(db, clock, ana)
    swim = tuesdays(fam, ana, location="Pool A")
    fam.edit_event(
        ana, swim.id, scope="this", original="2026-01-13T17:00:00", notes="bring goggles"
    )
    fam.move(ana, swim.id, "2026-01-20T17:00:00", day="2026-01-21")
    fam.edit_event(ana, swim.id, location="Pool B")  # all: both changes still on Tuesdays 17:00
    items = fam.agenda(ana, date(2026, 1, 12), days=14)
    assert [(shown([i])[0], i.location, i.notes) for i in items] == [
        ("01-13 17:00", "Pool A", "bring goggles"),
        ("01-21 17:00", "Pool A", ""),
    ]
    fam.edit_event(ana, swim.id, rule="FREQ=WEEKLY;BYDAY=WE")  # Tuesdays no more
    with db.transaction(read_only=True) as s:
        assert s.scalars(select(Event).where(Event.series_id == swim.id)).all() == []


def test_count_series_split_keeps_the_total(fam, db, make_user):
    ana = make_user("Ana")
    lessons = fam.add_event(
        ana, title="Piano", day="2026-01-05", start="16:00", rule="FREQ=WEEKLY;COUNT=6",
        timezone="UTC",
    )  # fmt: skip
    fam.edit_event(
        ana, lessons.id, scope="following", original="2026-01-19T16:00:00", start="15:00"
    )
    items = fam.agenda(ana, date(2026, 1, 1), days=60)
    assert shown(items) == ["01-05 16:00", "01-12 16:00", "01-19 15:00", "01-26 15:00",
                            "02-02 15:00", "02-09 15:00"]  # fmt: skip


def test_delete_scopes(fam, db, make_user):
    ana = make_user("Ana")
    swim = tuesdays(fam, ana)
    fam.delete_event(ana, swim.id, scope="following", original="2026-01-20T17:00:00")
    assert len(fam.agenda(ana, date(2026, 1, 1), days=60)) == 2
    fam.delete_event(ana, swim.id)
    assert fam.agenda(ana, date(2026, 1, 1), days=60) == []
    assert titles(db)[-2:] == [
        "Swimming, weekly on Tuesday, until 2026-01-13: deleted from 20 Jan on",
        "Swimming, weekly on Tuesday, until 2026-01-13",
    ]


def test_all_day_and_single_events(fam, db, clock, make_user):
    ana = make_user("Ana")
    in_berlin(db, clock, ana)
    fam.add_event(ana, title="School trip", day="2026-05-04")
    fam.add_event(ana, title="Dentist", day="2026-05-05", start="08:15", end="09:00")
    items = fam.agenda(ana, date(2026, 5, 4), days=2)
    assert [(i.title, i.all_day, shown([i])[0]) for i in items] == [
        ("School trip", True, "05-04"),
        ("Dentist", False, "05-05 08:15"),
    ]


def test_hostile_text_is_kept_as_typed(fam, db, make_user):
    ana = make_user("Ana")
    with pytest.raises(ValidationError):
        fam.add_event(ana, title="bell\x07", day="2026-05-04")
    made = fam.add_event(ana, title="[b]x[/b] [link=http://e]y[/link]", location="[red]z",
                         notes="a\nb", day="2026-05-04")  # fmt: skip
    assert made.title == "[b]x[/b] [link=http://e]y[/link]" and made.location == "[red]z"
    [item] = fam.agenda(ana, date(2026, 5, 4), days=1)
    assert (item.title, item.location, item.notes) == (made.title, "[red]z", "a\nb")


def test_another_user_sees_nothing(fam, db, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    swim = tuesdays(fam, ana)
    fam.add_member(ana, name="Lea", birthday="2016-02-29")
    assert fam.agenda(ben, date(2026, 1, 1), days=60) == []
    assert fam.members(ben) == []
    with pytest.raises(NotFound):
        fam.skip(ben, swim.id, "2026-01-13T17:00:00")
    assert len(fam.agenda(ana, date(2026, 1, 1), days=14)) == 2


# -- repeat choices, event types, colours, search, stored rules (calendar views) ------------
def test_repeat_choices_build_the_series_in_its_own_zone(fam, db, clock, make_user):
    """The form's choices: weekly Monday and Wednesday ending after 10 times; a monthly
    last Friday until a day (that day included, in the event's zone, written in UTC)."""
    from dashboard_tui.family.services import RepeatChoices

    ana = make_user("Ana")
    in_berlin(db, clock, ana)
    piano = fam.add_event(
        ana, title="Piano", day="2026-01-05", start="16:00",
        repeat=RepeatChoices("weekly", "1", "mon,wed", "after", "", "10"),
    )  # fmt: skip
    assert piano.rrule == "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10"
    assert piano.repeats == "weekly on Monday and Wednesday, 10 times"
    found = [i for i in fam.agenda(ana, date(2026, 1, 1), days=60) if i.title == "Piano"]
    assert len(found) == 10 and shown(found)[-1] == "02-04 16:00"
    club = fam.add_event(
        ana, title="Book club", day="2026-01-30", start="23:30", end="23:59",
        repeat=RepeatChoices("monthly_last", "1", "", "on", "2026-04-24"),
    )  # fmt: skip
    assert club.rrule == "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20260424T215959Z"
    assert club.repeats == "monthly on the last Friday, until 2026-04-24"
    found = [i for i in fam.agenda(ana, date(2026, 1, 1), days=150) if i.title == "Book club"]
    assert shown(found) == ["01-30 23:30", "02-27 23:30", "03-27 23:30", "04-24 23:30"]
    with pytest.raises(ValidationError) as caught:
        fam.add_event(ana, title="X", day="2026-01-05",
                      repeat=RepeatChoices("daily", "1", "", "after", "", "0"))  # fmt: skip
    assert "count" in caught.value.errors
    # Edit: all of the series, a new repeat; one occurrence cannot repeat.
    with pytest.raises(ValidationError) as caught:
        fam.edit_event(ana, piano.id, scope="this", original="2026-01-07T16:00:00",
                       repeat=RepeatChoices("daily"))  # fmt: skip
    assert "repeat" in caught.value.errors
    fam.edit_event(ana, piano.id, repeat=RepeatChoices("weekly", "2", "Mo We Fr"))
    assert fam.event(ana, piano.id).repeats == "every 2 weeks on Monday, Wednesday and Friday"
    assert "Piano, every 2 weeks on Monday, Wednesday and Friday" in titles(db)


def test_event_types_and_member_colours(fam, db, make_user):
    from dashboard_tui.db.catalog_seed import seed_id

    ana = make_user("Ana")
    types = {t.name: t.id for t in fam.event_types(ana)}
    assert {"Appointment", "Trip", "Birthday"} <= types.keys()
    assert types["Trip"] == seed_id("event_type", "Trip")
    lea = fam.add_member(ana, name="Lea", color=" Tomato ")
    assert lea.color == "tomato"
    with pytest.raises(ValidationError) as caught:
        fam.add_member(ana, name="Bo", color="[red]x")
    assert "colour name" in caught.value.errors["color"]
    assert fam.add_member(ana, name="Cy", color="#0A0").color == "#0a0"
    trip = fam.add_event(ana, title="Trip", day="2026-05-04", type_id=types["Trip"])
    assert trip.type_id == types["Trip"]
    fam.add_event(ana, title="Dentist", day="2026-05-04", member_id=lea.id,
                  type_id=types["Appointment"])  # fmt: skip
    items = {i.title: i for i in fam.agenda(ana, date(2026, 5, 4), days=1)}
    assert (items["Trip"].type_name, items["Trip"].color) == ("Trip", None)
    assert (items["Dentist"].type_name, items["Dentist"].color) == ("Appointment", "tomato")
    fam.edit_event(ana, trip.id, type_id=None)
    assert fam.event(ana, trip.id).type_id is None
    with pytest.raises(ValidationError) as caught:  # not an event type: an exercise
        fam.add_event(ana, title="X", day="2026-05-04", type_id=seed_id("exercise", "Back Squat"))
    assert "type" in caught.value.errors


def test_search_finds_members_and_series_of_one_user(fam, db, make_user):
    from dashboard_tui.family.search import search

    ana, ben = make_user("Ana"), make_user("Ben")
    fam.add_member(ana, name="Lea [b]x[/b]", relation="child")
    swim = tuesdays(fam, ana, location="Pool")
    fam.move(ana, swim.id, "2026-01-13T17:00:00", day="2026-01-14")  # its own row: not listed
    found = search(fam, ana, "swim")
    assert [(f.entity, f.id, f.title) for f in found] == [("event", swim.id, "Event: Swimming")]
    assert "weekly on Tuesday" in found[0].detail
    assert [f.title for f in search(fam, ana, "lea")] == ["Member: Lea [b]x[/b]"]
    assert search(fam, ben, "swim") == [] and search(fam, ben, "lea") == []


def test_stored_rules_draw_the_services_lines(fam, db, make_user):
    from dashboard_tui.kit.entity import load

    rules = load("dashboard_tui.family.rules:STORED_RULES")
    ana = make_user("Ana")

    def accepted(call) -> bool:
        try:
            call()
        except ValidationError:
            return False
        return True

    for color in ("teal", "#0a0", "tealish", "[b]x", "#12345"):
        by_service = accepted(lambda c=color: fam.add_member(ana, name="M", color=c))
        assert by_service == accepted(lambda c=color: rules["family_members"]({"color": c}))
    for title in ("ok", "", "bell\x07", "x" * 200, "x" * 201):
        by_service = accepted(lambda t=title: fam.add_event(ana, title=t, day="2026-05-04"))
        assert by_service == accepted(lambda t=title: rules["events"]({"title": t}))
    for rule in ("FREQ=WEEKLY;BYDAY=MO", "FREQ=SECONDLY", "FREQ=DAILY;COUNT=2;UNTIL=20260101"):
        by_service = accepted(
            lambda r=rule: fam.add_event(ana, title="R", day="2026-05-04", rule=r)
        )
        assert by_service == accepted(lambda r=rule: rules["events"]({"rrule": r}))
    assert not accepted(lambda: rules["events"]({"timezone": "Mars/Base"}))


def test_the_day_an_event_opens_on(fam, db, clock, make_user):
    """An event opened from the palette or the audit history is shown from its next
    occurrence (today is Sunday 22 Nov 2026), a skipped one passed over; a changed
    occurrence where it moved to; a series that is over on its last; one that starts
    years ahead on its first. Another user's is not found."""
    ana, ben = make_user("Ana"), make_user("Ben")
    in_berlin(db, clock, ana)
    swim = tuesdays(fam, ana)
    assert fam.day_to_show(ana, swim.id) == date(2026, 11, 24)
    fam.skip(ana, swim.id, "2026-11-24T17:00:00")
    fam.move(ana, swim.id, "2026-12-01T17:00:00", day="2026-12-03")
    assert fam.day_to_show(ana, swim.id) == date(2026, 12, 3)
    fam.move(ana, swim.id, "2026-12-08T17:00:00", day="2026-12-10")
    later = next(i for i in fam.agenda(ana, date(2026, 12, 10), days=1) if i.moved)
    assert later.changed_id is not None
    assert fam.day_to_show(ana, later.changed_id) == date(2026, 12, 10)
    spring = fam.add_event(ana, title="Spring", day="2026-03-01", rule="FREQ=DAILY;COUNT=3")
    assert fam.day_to_show(ana, spring.id) == date(2026, 3, 3)
    trip = fam.add_event(ana, title="Trip", day="2029-05-01", start="08:00")
    assert fam.day_to_show(ana, trip.id) == date(2029, 5, 1)
    with pytest.raises(NotFound):
        fam.day_to_show(ben, swim.id)
