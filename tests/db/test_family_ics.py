"""iCalendar import and export on both engines, with files imitating Google Calendar,
Outlook (Windows zone names, CRLF, BOM) and Thunderbird/Apple (VTIMEZONE of their
own, floating times) in tests/data/ics: what goes in, what the summary names as left
out, re-imports that add nothing, "this and future" overrides, cancelled occurrences,
hostile text kept as data, a broken file leaving nothing, export → import giving the
same occurrences, and the audit rows."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from dashboard_tui.account.profile import ProfileService
from dashboard_tui.family import EVENT
from dashboard_tui.family.ics import IcsError
from dashboard_tui.family.ics_service import IcsService
from dashboard_tui.family.services import FamilyService
from dashboard_tui.models.family import Event
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT

FILES = Path(__file__).parent.parent / "data" / "ics"
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def ics(db, clock) -> IcsService:
    return IcsService(db, clock=clock, client=TEST_CLIENT)


@pytest.fixture
def fam(db, clock) -> FamilyService:
    return FamilyService(db, clock=clock, client=TEST_CLIENT)


def in_berlin(db, clock, login) -> None:
    ProfileService(db, clock=clock).update(
        login, weight_unit="kg", currency="EUR", timezone="Europe/Berlin", theme="textual-dark"
    )


def data(name: str) -> bytes:
    return (FILES / name).read_bytes()


def rows(db) -> int:
    with db.transaction(read_only=True) as s:
        return int(s.scalar(select(func.count()).select_from(Event)) or 0)


def audit_titles(db, action: str) -> list[str]:
    with db.transaction(read_only=True) as s:
        stmt = select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.seq)
        return [EVENT.title_of(r.after or r.before) for r in s.scalars(stmt)]


def occurrences(fam, who, first=date(2025, 1, 1), days=365) -> list[tuple]:
    return [
        (i.title, i.start, i.end, i.all_day, i.location, i.notes)
        for i in fam.agenda(who, first, days, birthdays=False)
    ]


def shown(fam, who, title: str, first=date(2025, 1, 1), days=120) -> list[str]:
    return [
        f"{i.start:%m-%d %H:%M}" if isinstance(i.start, datetime) else f"{i.start:%m-%d}"
        for i in fam.agenda(who, first, days, birthdays=False)
        if i.title.startswith(title)
    ]


def test_a_google_file_goes_in_with_its_moved_skipped_and_cancelled_dates(
    ics, fam, db, clock, make_user
):
    ana = make_user("Ana")
    in_berlin(db, clock, ana)
    summary = ics.import_ics(ana, data("google.ics"), file_name="google.ics")
    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 0)
    assert summary.changed_occurrences == 1
    # 14 Jan moved to the 16th at 18:00; 21 Jan skipped (EXDATE); 28 Jan cancelled.
    assert shown(fam, ana, "Swimming", days=40) == [
        "01-07 17:00", "01-16 18:00", "02-04 17:00",
    ]  # fmt: skip
    items = fam.agenda(ana, date(2025, 1, 7), 1, birthdays=False)
    assert items[0].location == "Stadtbad Mitte, Berlin"  # \, unescaped
    assert "goggles and a snack. The pool closes early on holidays; check" in items[0].notes
    (trip,) = [i for i in fam.agenda(ana, date(2025, 2, 1), 30) if i.title == "Trip to Hamburg"]
    assert (trip.all_day, trip.start, trip.end) == (True, date(2025, 2, 14), date(2025, 2, 16))
    # 09:00 UTC is 10:00 in Berlin, the profile's zone.
    assert shown(fam, ana, "Call", first=date(2025, 3, 1), days=1) == ["03-01 10:00"]
    lines = summary.lines()
    assert lines[0].startswith("3 events added, 0 updated from the file, 0 already")
    for named in ("alarms (VALARM)", "attendees (ATTENDEE)", "organizers (ORGANIZER)"):
        assert any(named in line and line.startswith("left out: 1 ×") for line in lines)
    assert audit_titles(db, "family.event.created") == [
        "Swimming, weekly on Tuesday: imported from google.ics",
        "Trip to Hamburg: imported from google.ics",
        "Call with the school: imported from google.ics",
    ]


def test_outlook_windows_zones_bom_crlf_and_this_and_future(ics, fam, db, clock, make_user):
    ana = make_user("Ana")
    in_berlin(db, clock, ana)
    summary = ics.import_ics(ana, data("outlook.ics"), file_name="outlook.ics")
    assert summary.created == 4  # the school run split in two at the THISANDFUTURE
    with db.transaction(read_only=True) as s:
        zones = set(s.scalars(select(Event.timezone).where(Event.all_day.is_(False))))
    assert zones == {"Europe/Berlin"}  # "W. Europe Standard Time", by its Windows name
    # Last business day of the month at 16:00 Berlin time, 6 times.
    assert shown(fam, ana, "Pay", days=365) == [
        "01-31 16:00", "02-28 16:00", "03-31 16:00", "04-30 16:00", "05-30 16:00",
        "06-30 16:00",
    ]  # fmt: skip
    runs = [
        (i.title, f"{i.start:%m-%d %H:%M}")
        for i in fam.agenda(ana, date(2025, 2, 24), 40, birthdays=False)
        if i.title.startswith("School")
    ]
    assert runs == [
        ("School run", "02-25 07:30"),
        ("School run", "02-27 07:30"),
        ("School run (new timetable)", "03-04 08:00"),
        ("School run (new timetable)", "03-06 08:00"),
        ("School run (new timetable)", "03-11 08:00"),
        ("School run (new timetable)", "03-13 08:00"),
        ("School run (new timetable)", "03-18 08:00"),
        ("School run (new timetable)", "03-20 08:00"),
        ("School run (new timetable)", "03-25 08:00"),  # UNTIL moved with the series
    ]
    # DTSTART:20190101 without VALUE=DATE is a date: all day, every year.
    assert shown(fam, ana, "New Year", first=date(2026, 12, 31), days=2) == ["01-01"]
    left = dict(summary.left_out)
    assert left["privacy classes (CLASS)"] == 1 and left["priorities (PRIORITY)"] == 1
    assert left["other details (X-MICROSOFT-CDO-BUSYSTATUS)"] == 1


def test_thunderbird_own_zone_names_floating_times_and_what_is_left_out(
    ics, fam, db, clock, make_user
):
    ana = make_user("Ana")
    in_berlin(db, clock, ana)
    summary = ics.import_ics(ana, data("thunderbird.ics"), file_name="tb.ics")
    assert summary.created == 3
    assert shown(fam, ana, "Piano", first=date(2025, 3, 1), days=31) == [
        "03-03 15:30", "03-17 15:30", "03-25 15:30",  # the 25th: its RDATE
    ]  # fmt: skip
    # A custom VTIMEZONE name is matched to an IANA zone with the same offsets.
    assert any("Mitteleuropäische Zeit" in n and "same offsets" in n for n in summary.notes)
    # 09:00 New York is 15:00 in Berlin (14:00 the week US summer time started early).
    assert shown(fam, ana, "Call grandma", first=date(2025, 3, 1), days=16) == [
        "03-02 15:00", "03-09 14:00",
    ] + ["03-16 14:00"]  # fmt: skip
    assert shown(fam, ana, "Family breakfast", first=date(2025, 3, 9), days=1) == ["03-09 09:30"]
    left = dict(summary.left_out)
    assert left["to-dos (VTODO)"] == 1 and left["journal entries (VJOURNAL)"] == 1
    assert left["categories (CATEGORIES)"] == 1 and left["links (URL)"] == 1
    assert summary.skipped == (
        (
            "'Too often'",
            "its repeat rule 'FREQ=SECONDLY' cannot be kept: FREQ is DAILY, WEEKLY, "
            "MONTHLY or YEARLY.",
        ),
    )
    assert any(line.startswith("not imported: 'Too often'") for line in summary.lines())


def test_importing_the_same_file_twice_adds_nothing_and_a_changed_file_updates(
    ics, fam, db, clock, make_user
):
    ana = make_user("Ana")
    in_berlin(db, clock, ana)
    first = ics.import_ics(ana, data("google.ics"), file_name="google.ics")
    count = rows(db)
    again = ics.import_ics(ana, data("google.ics"), file_name="google.ics")
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert rows(db) == count
    assert len(audit_titles(db, "family.event.edited")) == 0
    changed = data("google.ics").replace(b"SUMMARY:Trip to Hamburg", b"SUMMARY:Trip to Kiel")
    changed = changed.replace(b"20250116T180000", b"20250116T190000")
    third = ics.import_ics(ana, changed, file_name="google.ics")
    assert (third.created, third.updated, third.unchanged) == (0, 2, 1)
    assert rows(db) == count
    assert shown(fam, ana, "Trip to Hamburg", first=date(2025, 2, 1), days=30) == []
    assert shown(fam, ana, "Trip to Kiel", first=date(2025, 2, 1), days=30) == ["02-14"]
    assert shown(fam, ana, "Swimming", days=20) == ["01-07 17:00", "01-16 19:00"]
    assert audit_titles(db, "family.event.edited") == [
        "Swimming, weekly on Tuesday: imported from google.ics",
        "Trip to Kiel: imported from google.ics",
    ]


def test_a_dry_run_counts_and_writes_nothing(ics, db, make_user):
    ana = make_user("Ana")
    summary = ics.import_ics(ana, data("outlook.ics"), dry_run=True)
    assert summary.created == 4 and summary.dry_run
    assert summary.lines()[0].startswith("4 events would be added")
    assert rows(db) == 0 and audit_titles(db, "family.event.created") == []


def test_export_then_import_gives_the_same_occurrences(ics, fam, db, clock, make_user):
    ana, bea = make_user("Ana"), make_user("Bea")
    for who in (ana, bea):
        in_berlin(db, clock, who)
    for name in ("google.ics", "outlook.ics", "thunderbird.ics", "hostile.ics"):
        ics.import_ics(ana, data(name), file_name=name)
    made = fam.add_event(
        ana, title="Dentist", day="2025-05-05", start="08:15", end="09:00",
        rule="FREQ=MONTHLY;BYDAY=1MO;COUNT=4", timezone="America/New_York",
    )  # fmt: skip
    fam.move(ana, made.id, "2025-06-02T08:15:00", day="2025-06-03", start="10:00")
    fam.skip(ana, made.id, "2025-07-07T08:15:00")
    exported = ics.export_ics(ana)
    assert exported.events == rows(db) - exported.changed_occurrences
    assert exported.data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"BEGIN:VTIMEZONE\r\nTZID:America/New_York" in exported.data
    summary = ics.import_ics(bea, exported.data, file_name="export.ics")
    assert summary.skipped == () and summary.left_out == ()
    for first in (date(2019, 1, 1), date(2025, 1, 1), date(2026, 1, 1)):
        assert occurrences(fam, bea, first) == occurrences(fam, ana, first)
    assert len(occurrences(fam, ana)) > 100
    # Exporting again writes the same UIDs (a re-import elsewhere finds them).
    again = ics.export_ics(ana)
    uids = sorted(line for line in exported.data.split(b"\r\n") if line.startswith(b"UID:"))
    assert uids == sorted(line for line in again.data.split(b"\r\n") if line.startswith(b"UID:"))
    assert ics.import_ics(ana, again.data).unchanged == exported.events
    with db.transaction(read_only=True) as s:
        exports = list(s.scalars(select(AuditLog).where(AuditLog.action == "family.exported")))
    assert len(exports) == 2 and exports[0].after["events"] == exported.events


def test_new_events_get_a_uid_and_changed_occurrences_none(fam, db, make_user):
    ana = make_user("Ana")
    made = fam.add_event(ana, title="Run", day="2026-11-23", start="07:00", rule="FREQ=DAILY")
    fam.move(ana, made.id, "2026-11-24T07:00:00", day="2026-11-24", start="08:00")
    fam.edit_event(ana, made.id, scope="following", original="2026-11-26T07:00:00", title="Jog")
    with db.transaction(read_only=True) as s:
        found = [(r.title, r.series_id is None, r.uid) for r in s.scalars(select(Event))]
    series = [uid for _, top, uid in found if top]
    assert len(series) == 2 and all(u and u.endswith("@dashboard-tui") for u in series)
    assert len(set(series)) == 2
    assert [uid for _, top, uid in found if not top] == [None]


def test_hostile_text_is_kept_as_data(ics, fam, db, make_user):
    ana = make_user("Ana")
    summary = ics.import_ics(ana, data("hostile.ics"))
    assert summary.created == 2
    items = fam.agenda(ana, date(2025, 3, 10), 2, birthdays=False)
    title = items[0].title
    assert title.startswith("[b]Bold[/b] [31mred[0m evil ; , \\ $(rm -rf ~)")
    assert "\x1b" not in title and "\u202e" not in title
    assert items[0].location == "<script>alert(1)</script> second line"
    assert items[0].notes.startswith("[link=https://evil.example]click[/link]\nline two")
    assert "\u200b" not in items[0].notes
    assert len(items[1].title) == 200
    left = dict(summary.left_out)
    assert left["control or invisible characters removed from titles"] == 1
    assert left["control or invisible characters removed from notes"] == 1
    assert left["titles cut to 200 characters"] == 1


def test_a_broken_file_leaves_nothing(ics, db, make_user):
    ana = make_user("Ana")
    with pytest.raises(IcsError, match="'A broken start': DTSTART cannot be read"):
        ics.import_ics(ana, data("broken.ics"))
    with pytest.raises(IcsError, match="not an iCalendar file"):
        ics.import_ics(ana, b"Date,Amount\n2025-01-01,3\n")
    with pytest.raises(IcsError, match="not UTF-8"):
        ics.import_ics(ana, b"BEGIN:VCALENDAR\r\nSUMMARY:\xff\xfe\r\n")
    assert rows(db) == 0 and audit_titles(db, "family.event.created") == []


# -- members, event types and birthdays in the file ----------------------------------------------
# Names that need iCalendar escaping (, ; \ and a line's colon), markup, a shell line
# and right-to-left letters: each must come back as typed. (Control and bidi
# characters cannot be in a member's name: the member form refuses them.)
HOSTILE_NAMES = ("[b]Lea[/b] $(rm -rf ~)", 'Smith, Jo; "J\\N" \\ a:b', "אבא")


def with_members(fam, who, names=HOSTILE_NAMES) -> dict[str, object]:
    made = {name: fam.add_member(who, name=name) for name in names}
    made["Max"] = fam.add_member(who, name="Max", birthday="2016-02-29")
    return {name: m.id for name, m in made.items()}


def type_id(fam, who, name: str):
    return next(t.id for t in fam.event_types(who) if t.name == name)


def whose(fam, who, first=date(2025, 1, 1), days=365) -> list[tuple]:
    return [
        (i.title, i.start, i.end, i.all_day, i.member, i.type_name)
        for i in fam.agenda(who, first, days, birthdays=True)
    ]


def test_members_types_and_birthdays_survive_export_then_import(ics, fam, db, clock, make_user):
    ana, bea = make_user("Ana"), make_user("Bea")
    for who in (ana, bea):
        in_berlin(db, clock, who)
    ids = with_members(fam, ana)
    lea, jo, dad = HOSTILE_NAMES
    swim = fam.add_event(
        ana, title="Swimming", day="2025-01-07", start="17:00", end="18:00",
        rule="FREQ=WEEKLY;COUNT=6", member_id=ids[lea], type_id=type_id(fam, ana, "Sports game"),
    )  # fmt: skip
    # One occurrence is someone else's (its own row, its own member).
    fam.edit_event(ana, swim.id, scope="this", original="2025-01-14T17:00:00", member_id=ids[jo])
    # A typed backslash-N stays two characters (icalendar alone would write a line break).
    fam.add_event(ana, title="Trip \\N; a,b", day="2025-02-14", member_id=ids[dad])
    fam.add_event(ana, title="Nobody's", day="2025-03-01", type_id=type_id(fam, ana, "Trip"))
    exported = ics.export_ics(ana)
    assert exported.birthdays == 1
    text = exported.data.decode()
    # Other programs show CATEGORIES; this app reads its own X- properties back.
    assert 'X-DASHBOARD-MEMBER:Smith\\, Jo\\; "J\\\\N" \\\\ a:b\r\n' in text
    assert "CATEGORIES:Sports game,[b]Lea[/b] $(rm -rf ~)\r\n" in text
    assert "X-DASHBOARD-BIRTHDAY:Max\r\n" in text
    assert "RRULE:FREQ=YEARLY;BYMONTHDAY=28,29;BYMONTH=2;BYSETPOS=-1\r\n" in text
    assert "ATTENDEE" not in text

    # The same members at Bea's, one typed in other case: matched without it.
    with_members(fam, bea, names=(lea.upper(), jo, dad))
    summary = ics.import_ics(bea, exported.data, file_name="export.ics")
    assert (summary.skipped, summary.left_out) == ((), ())
    assert summary.notes == ("1 birthdays already in members' details (not events)",)
    for first in (date(2025, 1, 1), date(2028, 1, 1)):
        theirs = [(*x[:4], x[4].casefold(), x[5]) for x in whose(fam, bea, first)]
        assert theirs == [(*x[:4], x[4].casefold(), x[5]) for x in whose(fam, ana, first)]
    swims = [(i.start.day, i.member) for i in fam.agenda(bea, date(2025, 1, 7), 14) if i.title]
    assert swims[:2] == [(7, lea.upper()), (14, jo)]
    # Max's birthday is his details' (28 Feb in a common year), not a second event.
    assert [i.title for i in fam.agenda(bea, date(2025, 2, 28), 1)] == ["Max's birthday (9)"]
    with db.transaction(read_only=True) as s:
        assert s.scalar(select(func.count()).where(Event.title.like("%birthday%"))) == 0
    assert ics.import_ics(bea, exported.data).unchanged == exported.events


def test_names_that_match_no_member_are_named_and_nothing_is_created(
    ics, fam, db, clock, make_user
):
    ana, cara = make_user("Ana"), make_user("Cara")
    ids = with_members(fam, ana)
    lea = HOSTILE_NAMES[0]
    fam.add_event(ana, title="Swim", day="2025-01-07", start="17:00", member_id=ids[lea])
    exported = ics.export_ics(ana).data
    summary = ics.import_ics(cara, exported, file_name="export.ics")
    assert summary.created == 1
    assert dict(summary.left_out) == {f"member {lea!r} (no member of that name here)": 1}
    assert f"left out: 1 × member {lea!r} (no member of that name here)" in summary.lines()
    assert summary.skipped == (
        ('"Max\'s birthday"', "a birthday of 'Max': no member of that name here"),
    )
    assert fam.members(cara) == []
    (swim,) = fam.agenda(cara, date(2025, 1, 7), 1)
    assert swim.member == ""
    # Once the member exists, the same file gives the event its member.
    fam.add_member(cara, name=lea, birthday="2016-03-01")
    fam.add_member(cara, name="Max", birthday="2016-03-01")
    again = ics.import_ics(cara, exported, file_name="export.ics")
    assert (again.created, again.updated, again.left_out) == (0, 1, ())
    assert [i.member for i in fam.agenda(cara, date(2025, 1, 7), 1, birthdays=False)] == [lea]
    assert again.skipped == (
        (
            '"Max\'s birthday"',
            "a birthday (2016-02-29) comes from the member's details, and 'Max' has "
            "2016-03-01 here",
        ),
    )


OTHER_PROGRAM = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r
BEGIN:VEVENT\r
UID:tagged-1@example.com\r
DTSTART;VALUE=DATE:20250510\r
SUMMARY:Tagged\r
CATEGORIES:lea,Trip,Work\r
X-DASHBOARD-MEMBER:\xe2\x80\xaeLea\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tagged-2@example.com\r
DTSTART;VALUE=DATE:20250511\r
SUMMARY:Only categories\r
CATEGORIES:LEA\r
CATEGORIES:trip\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_categories_of_other_programs_match_members_and_types(ics, fam, make_user):
    ana = make_user("Ana")
    fam.add_member(ana, name="Lea")
    summary = ics.import_ics(ana, OTHER_PROGRAM)
    assert summary.created == 2
    # The bidi override goes (named), the name left matches; "Work" is no one's.
    assert dict(summary.left_out) == {
        "categories (CATEGORIES)": 1,
        "control or invisible characters removed from member names": 1,
    }
    got = [(i.title, i.member, i.type_name) for i in fam.agenda(ana, date(2025, 5, 10), 2)]
    assert got == [("Tagged", "Lea", "Trip"), ("Only categories", "Lea", "Trip")]


def test_a_reimport_keeps_events_no_longer_in_the_file_and_names_them(ics, fam, db, make_user):
    ana = make_user("Ana")
    ics.import_ics(ana, data("google.ics"), file_name="google.ics")
    ics.import_ics(ana, data("outlook.ics"), file_name="outlook.ics")
    fam.add_event(ana, title="Made here", day="2025-02-01")
    count = rows(db)
    start = data("google.ics").index(b"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250214")
    end = data("google.ics").index(b"END:VEVENT", start) + len(b"END:VEVENT\r\n")
    without_trip = data("google.ics")[:start] + data("google.ics")[end:]
    assert b"Trip to Hamburg" not in without_trip
    # Edited in the app since: still the file's event.
    (trip,) = [i for i in fam.agenda(ana, date(2025, 2, 14), 1) if i.title == "Trip to Hamburg"]
    fam.edit_event(ana, trip.event_id, title="Trip to Hamburg & Kiel")
    for dry_run in (True, False):
        summary = ics.import_ics(ana, without_trip, file_name="google.ics", dry_run=dry_run)
        assert summary.kept == ("'Trip to Hamburg & Kiel' (2025-02-14)",)
        assert "kept, no longer in the file: 'Trip to Hamburg & Kiel' (2025-02-14)" in (
            summary.lines()
        )
    assert rows(db) == count
    # Another file's events, and the ones made here, are not this file's.
    assert ics.import_ics(ana, without_trip, file_name="other.ics").kept == ()
    assert ics.import_ics(ana, data("outlook.ics"), file_name="outlook.ics").kept == ()
