"""Time logs on both engines: add, edit and delete with their audit rows in human
terms, an own activity made from a typed name, a day's 24 hours, the week's list and
report (exact totals, the previous week beside it) on the profile's week start,
hostile text kept as typed, and another user seeing none of it. Today is Sunday
2026-11-22 (tests/support.FIXED_NOW)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from dashboard_tui.account.profile import ProfileService
from dashboard_tui.family import ACTIVITY, TIME_LOG
from dashboard_tui.family.services import FamilyService
from dashboard_tui.family.time_logs import TimeLogService
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.models.family import TimeLog
from dashboard_tui.models.shared import AuditLog, CatalogItem
from tests.conftest import TEST_CLIENT

HOSTILE = "[b]x[/b] \\[red] $(rm -rf) <script>"


@pytest.fixture
def logs(db, clock) -> TimeLogService:
    return TimeLogService(db, clock=clock, client=TEST_CLIENT)


@pytest.fixture
def fam(db, clock) -> FamilyService:
    return FamilyService(db, clock=clock, client=TEST_CLIENT)


def audit_rows(db) -> list[AuditLog]:
    with db.transaction(read_only=True) as s:
        stmt = select(AuditLog).where(AuditLog.entity.in_(("time_log", "activity_type")))
        return list(s.scalars(stmt.order_by(AuditLog.seq)))


def titles(db) -> list[tuple[str, str]]:
    shown = []
    for row in audit_rows(db):
        entity = TIME_LOG if row.entity == "time_log" else ACTIVITY
        shown.append((row.action, entity.title_of(row.after or row.before)))
    return shown


def test_add_edit_delete_with_audit_in_human_terms(logs, fam, db, make_user):
    ana = make_user("Ana")
    anna = fam.add_member(ana, name="Anna", relation="child")
    log = logs.add_log(
        ana, member_id=anna.id, activity="reading", duration="1h30", day="2026-01-14"
    )
    # "reading" is the shipped "Reading": no own activity is made for it.
    assert (log.member, log.activity, log.day, log.minutes) == (
        "Anna", "Reading", date(2026, 1, 14), 90,
    )  # fmt: skip
    edited = logs.edit_log(
        ana, log.id, member_id=anna.id, activity="Reading", duration="1:45", day="2026-01-15",
        notes="chapter 3",
    )  # fmt: skip
    assert (edited.minutes, edited.day, edited.notes) == (105, date(2026, 1, 15), "chapter 3")
    # Saving it unchanged writes no audit row.
    logs.edit_log(
        ana, log.id, member_id=anna.id, activity="Reading", duration="105", day="2026-01-15",
        notes="chapter 3",
    )  # fmt: skip
    logs.delete_log(ana, log.id)
    with pytest.raises(NotFound):
        logs.get(ana, log.id)
    assert titles(db) == [
        ("family.time_log.created", "Reading, Anna, 1h 30m on 14 Jan"),
        ("family.time_log.edited", "Reading, Anna, 1h 45m on 15 Jan"),
        ("family.time_log.deleted", "Reading, Anna, 1h 45m on 15 Jan"),
    ]
    edit = audit_rows(db)[1]
    assert (edit.before["minutes"], edit.after["minutes"]) == (90, 105)
    assert edit.before["date"] == "2026-01-14"


def test_a_new_activity_name_becomes_ones_own_catalog_item(logs, db, make_user):
    ana = make_user("Ana")
    first = logs.add_log(ana, activity="Piano  ", duration="45m")
    again = logs.add_log(ana, activity="PIANO", duration="20", day="yesterday")
    assert first.activity_id == again.activity_id
    assert (first.activity, first.day, again.day) == (
        "Piano",
        date(2026, 11, 22),
        date(2026, 11, 21),
    )
    assert "Piano" in logs.activities(ana) and "Reading" in logs.activities(ana)
    with db.transaction(read_only=True) as s:
        own = s.scalars(select(CatalogItem).where(CatalogItem.user_id == ana.user.id)).one()
    assert (own.kind, own.name) == ("activity_type", "Piano")
    assert titles(db) == [
        ("family.activity.created", "Activity Piano"),
        ("family.time_log.created", "Piano, 45m on 22 Nov"),
        ("family.time_log.created", "Piano, 20m on 21 Nov"),
    ]


@pytest.mark.parametrize(
    ("field", "values", "message"),
    [
        ("duration", {"duration": "0"}, "longer than zero"),
        ("duration", {"duration": "-5m"}, "cannot be negative"),
        ("duration", {"duration": "25h"}, "24 hours"),
        ("duration", {"duration": "soon"}, "like 1h30"),
        ("activity", {"activity": "  "}, "required"),
        ("activity", {"activity": "Piano\u202e"}, "Control"),
        ("date", {"day": "14/01/2026"}, "2026-11-21"),
        ("notes", {"notes": "a\x1b[31mred"}, "Control"),
    ],
)
def test_refusals_name_the_field_and_keep_nothing(logs, db, make_user, field, values, message):
    ana = make_user("Ana")
    typed = {"activity": "Reading", "duration": "1h", "day": "today", **values}
    with pytest.raises(ValidationError) as refused:
        logs.add_log(ana, **typed)
    assert message in refused.value.errors[field]
    with db.transaction(read_only=True) as s:
        assert s.scalars(select(TimeLog)).all() == []
        assert s.scalars(select(CatalogItem).where(CatalogItem.user_id.is_not(None))).all() == []


def test_a_members_day_holds_24_hours(logs, fam, make_user):
    ana = make_user("Ana")
    anna = fam.add_member(ana, name="Anna")
    long = logs.add_log(ana, member_id=anna.id, activity="School", duration="20h")
    with pytest.raises(ValidationError) as refused:
        logs.add_log(ana, member_id=anna.id, activity="Play", duration="4h 30m")
    assert refused.value.errors["duration"] == (
        "20h 00m is logged already on 22 Nov: a day holds 24 hours, so at most 4h 00m more."
    )
    logs.add_log(ana, member_id=anna.id, activity="Play", duration="4h")  # exactly 24 h
    logs.add_log(ana, activity="Play", duration="2h")  # nobody's day is another one
    # An edit does not count the log itself twice.
    logs.edit_log(ana, long.id, member_id=anna.id, activity="School", duration="20h", day="today")
    with pytest.raises(ValidationError):
        logs.add_log(
            ana, member_id=fam.add_member(ana, name="Max").id, activity="x", duration="24h 1m"
        )


def test_the_week_and_its_report_on_the_profiles_week_start(logs, fam, db, clock, make_user):
    ana = make_user("Ana")
    anna, max_ = fam.add_member(ana, name="Anna"), fam.add_member(ana, name="Max")
    for member, activity, day, duration in [
        (anna, "Reading", "2026-11-16", "1h30"),  # Monday
        (anna, "Reading", "2026-11-22", "1:35"),  # Sunday (today)
        (max_, "Reading", "2026-11-18", "45m"),
        (max_, "Homework", "2026-11-19", "2h"),
        (None, "Chores", "2026-11-20", "1.5h"),
        (anna, "Homework", "2026-11-23", "30"),  # next Monday
        (anna, "Reading", "2026-11-10", "2h"),  # the week before
        (max_, "Piano", "2026-11-15", "25m"),  # the week before (its Sunday)
    ]:
        logs.add_log(ana, member_id=member and member.id, activity=activity, day=day,
                     duration=duration)  # fmt: skip

    week = logs.week(ana)
    assert (week.first, week.last, week.today) == (
        date(2026, 11, 16), date(2026, 11, 22), date(2026, 11, 22),
    )  # fmt: skip
    assert [(x.day.day, x.member, x.activity, x.minutes) for x in week.logs] == [
        (16, "Anna", "Reading", 90),
        (18, "Max", "Reading", 45),
        (19, "Max", "Homework", 120),
        (20, "", "Chores", 90),
        (22, "Anna", "Reading", 95),
    ]

    report = logs.report(ana)
    assert report.members == ("Anna", "Max", "Nobody")
    assert [(r.label, r.minutes, r.total, r.previous) for r in report.lines] == [
        ("Chores", (0, 0, 90), 90, 0),
        ("Homework", (0, 120, 0), 120, 0),
        ("Piano", (0, 0, 0), 0, 25),
        ("Reading", (185, 45, 0), 230, 120),
    ]
    assert (report.totals.minutes, report.totals.total, report.totals.previous) == (
        (185, 165, 90), 440, 145,
    )  # fmt: skip
    assert report.previous == (120, 25, 0)

    # Weeks from Sunday: today starts one, with Sunday's reading and Monday's homework.
    ProfileService(db, clock=clock).update(
        ana, weight_unit="kg", currency="EUR", timezone="UTC", theme="textual-dark", week_start=6
    )
    week = logs.week(ana)
    assert (week.first, week.last) == (date(2026, 11, 22), date(2026, 11, 28))
    assert [(x.day.day, x.activity, x.minutes) for x in week.logs] == [
        (22, "Reading", 95),
        (23, "Homework", 30),
    ]
    report = logs.report(ana, date(2026, 11, 25))
    assert (report.totals.total, report.totals.previous) == (
        125,
        25 + 90 + 45 + 120 + 90,
    )  # Piano on Sunday 15th


def test_hostile_text_is_kept_as_typed(logs, fam, make_user):
    ana = make_user("Ana")
    kid = fam.add_member(ana, name="[i]Kid[/i]")
    log = logs.add_log(ana, member_id=kid.id, activity=HOSTILE, duration="1h", notes=HOSTILE)
    assert (log.activity, log.notes, log.member) == (HOSTILE, HOSTILE, "[i]Kid[/i]")
    assert logs.report(ana).lines[0].label == HOSTILE


def test_another_user_sees_and_touches_nothing(logs, fam, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    anna = fam.add_member(ana, name="Anna")
    log = logs.add_log(ana, member_id=anna.id, activity="Ana's own", duration="1h")
    assert logs.week(ben).logs == ()
    assert [x.id for x in logs.search(ana, "own")] == [log.id]  # the palette's search
    assert [x.id for x in logs.search(ana, "anna")] == [log.id]
    assert logs.search(ben, "own") == [] and logs.search(ben, "Anna") == []
    assert logs.report(ben).lines == ()
    assert "Ana's own" not in logs.activities(ben)
    with pytest.raises(NotFound):
        logs.get(ben, log.id)
    with pytest.raises(NotFound):
        logs.delete_log(ben, log.id)
    with pytest.raises(NotFound):
        logs.edit_log(ben, log.id, activity="x", duration="1h", day="today")
    # Ben may not log time for Ana's member; his own "Ana's own" is a new item of his.
    with pytest.raises(ValidationError) as refused:
        logs.add_log(ben, member_id=anna.id, activity="Reading", duration="1h")
    assert "member" in refused.value.errors
    mine = logs.add_log(ben, activity="Ana's own", duration="1h")
    assert mine.activity_id != log.activity_id
    assert logs.get(ana, log.id).minutes == 60
