"""Reminders and notifications on both engines, on a fixed clock (tests/support
FIXED_NOW, Sunday 2026-11-22 09:00 UTC): a reminder fires once per due time, a
snoozed one fires again, one due while the app was closed fires as missed, a reminder
before a weekly series fires before each occurrence; done, snooze, read, the audit
rows in human terms; hostile text kept as typed; offsets parsed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from dashboard_tui.account.profile import ProfileService
from dashboard_tui.family import REMINDER
from dashboard_tui.family.reminders import ReminderService, offset_text, parse_offset
from dashboard_tui.family.services import FamilyService
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.notifications import NotificationService
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT

HOSTILE = "[b]x[/b] \x1b[31mred \u202eevil"


@pytest.fixture
def rem(db, clock) -> ReminderService:
    return ReminderService(db, clock=clock, client=TEST_CLIENT)


@pytest.fixture
def notes(db, clock) -> NotificationService:
    return NotificationService(db, clock=clock, client=TEST_CLIENT)


def in_berlin(db, clock, login) -> None:
    ProfileService(db, clock=clock).update(
        login, weight_unit="kg", currency="EUR", timezone="Europe/Berlin", theme="textual-dark"
    )


def audit_titles(db) -> list[str]:
    with db.transaction(read_only=True) as s:
        stmt = select(AuditLog).where(AuditLog.entity == "reminder").order_by(AuditLog.seq)
        return [REMINDER.title_of(r.after or r.before) for r in s.scalars(stmt)]


def test_offsets_parse_and_print():
    assert [parse_offset(t) for t in ("15m", "2h", "1d", "1h30", "45", "1d 2h")] == [
        15, 120, 1440, 90, 45, 1560,
    ]  # fmt: skip
    assert [offset_text(m) for m in (15, 120, 1440, 90, 1560)] == [
        "15m",
        "2h",
        "1d",
        "1h30",
        "1d2h",
    ]
    for bad in ("", "soon", "2x", "-5m", "999d"):
        with pytest.raises(ValidationError):
            parse_offset(bad)


def test_a_reminder_fires_once_then_snoozed_fires_again_then_done(rem, notes, db, clock, make_user):
    ana = make_user("Ana")
    in_berlin(db, clock, ana)
    made = rem.add_reminder(ana, title="Call the dentist", day="2026-11-22", at="10:30")
    assert made.due == datetime(2026, 11, 22, 9, 30, tzinfo=UTC)  # 10:30 in Berlin
    assert rem.fire_due(ana) == []  # not due yet
    clock.advance(minutes=30)
    fired = rem.fire_due(ana)
    assert [(f.title, f.missed) for f in fired] == [("Call the dentist", False)]
    assert rem.fire_due(ana) == []  # once per due time
    clock.advance(minutes=5)
    assert rem.fire_due(ana) == []
    assert notes.unread(ana) == 1
    assert [r.overdue for r in rem.reminders(ana)] == [True]

    snoozed = rem.snooze(ana, made.id, "10m")
    assert snoozed.due == clock.now + timedelta(minutes=10)
    assert snoozed.snoozed and not snoozed.overdue
    clock.advance(minutes=9)
    assert rem.fire_due(ana) == []
    clock.advance(minutes=1)
    assert [f.title for f in rem.fire_due(ana)] == ["Call the dentist"]  # again
    assert rem.fire_due(ana) == []
    assert notes.unread(ana) == 2

    rem.done(ana, made.id)
    assert rem.reminders(ana) == []
    clock.advance(days=2)
    assert rem.fire_due(ana) == []
    assert audit_titles(db)[-1].startswith("Call the dentist")
    assert len(audit_titles(db)) == 3  # created, snoozed, done


def test_snooze_to_tomorrow_is_nine_in_the_profiles_zone(rem, db, clock, make_user):
    ana = make_user("Ana")
    in_berlin(db, clock, ana)
    made = rem.add_reminder(ana, title="Bins", day="2026-11-22", at="08:00")
    after = rem.snooze(ana, made.id, "tomorrow")
    assert f"{after.due:%Y-%m-%d %H:%M %Z}" == "2026-11-23 09:00 CET"
    with pytest.raises(ValidationError):
        rem.snooze(ana, made.id, "forever")


def test_missed_ones_fire_as_missed_and_only_once(rem, notes, db, clock, make_user):
    ana = make_user("Ana")
    for n in range(3):
        rem.add_reminder(ana, title=f"Task {n}", day="2026-11-23", at=f"0{n + 6}:00")
    clock.advance(days=2)  # the app was closed meanwhile
    fired = rem.fire_due(ana, missed=True)
    assert [(f.title, f.missed) for f in fired] == [
        ("Task 0", True), ("Task 1", True), ("Task 2", True),
    ]  # fmt: skip
    assert rem.fire_due(ana, missed=True) == []  # a restart does not fire them again
    page = notes.page(ana)
    assert [n.missed for n in page.rows] == [True, True, True]
    assert all(n.body.startswith("Missed: it was due") for n in page.rows)
    assert notes.mark_read(ana, page.rows[0].id) == 2
    assert notes.mark_all_read(ana) == 0
    assert all(n.read for n in notes.page(ana).rows)


def test_before_each_occurrence_of_a_weekly_series(rem, notes, db, clock, make_user):
    ana = make_user("Ana")
    in_berlin(db, clock, ana)
    fam = FamilyService(db, clock=clock, client=TEST_CLIENT)
    swim = fam.add_event(
        ana, title="Swimming", day="2026-11-03", start="17:00", end="18:00",
        rule="FREQ=WEEKLY;BYDAY=TU", timezone="Europe/Berlin",
    )  # fmt: skip
    made = rem.add_reminder(ana, before="1h", event_id=swim.id)
    assert made.title == "Swimming" and made.repeats
    # The next Tuesday, 24 Nov: 16:00 Berlin = 15:00 UTC.
    assert made.due == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    fired_at = []
    for _ in range(3):  # three weeks, a check every three hours
        for _ in range(7 * 8):
            clock.advance(hours=3)
            if rem.fire_due(ana):
                fired_at.append(f"{clock.now:%m-%d %H:%M}")
    assert fired_at == ["11-24 15:00", "12-01 15:00", "12-08 15:00"]
    bodies = [n.body for n in notes.page(ana).rows]
    assert bodies[0] == "Swimming starts Tue 8 Dec 2026 17:00 Europe/Berlin."
    # Done on an upcoming one skips that occurrence: the next one is a week later.
    nxt = rem.reminders(ana)[0].due
    after = rem.done(ana, made.id)
    assert (after.due - nxt).days == 7 and not after.done
    assert "done for" in audit_titles(db)[-1]


def test_reminders_of_a_deleted_event_go_with_it(rem, notes, db, clock, make_user):
    ana = make_user("Ana")
    fam = FamilyService(db, clock=clock, client=TEST_CLIENT)
    once = fam.add_event(ana, title="Party", day="2026-11-22", start="10:00")
    made = rem.add_reminder(ana, before="15m", event_id=once.id)
    clock.advance(minutes=45)
    assert [f.title for f in rem.fire_due(ana)] == ["Party"]
    assert rem.fire_due(ana) == []  # a single event: nothing follows
    assert rem.reminders(ana)[0].id == made.id
    fam.delete_event(ana, once.id)
    assert rem.reminders(ana) == []
    assert notes.page(ana).rows == []  # its notifications went with it


def test_bad_input_and_hostile_text(rem, db, clock, make_user):
    ana = make_user("Ana")
    for kwargs, field in (
        ({"title": "", "day": "2026-11-22", "at": "10:00"}, "title"),
        ({"title": "x", "day": "", "at": "10:00"}, "day"),
        ({"title": "x", "day": "22.11.", "at": "10:00"}, "day"),
        ({"title": "x", "day": "2026-11-22", "at": "25:00"}, "at"),
    ):
        with pytest.raises(ValidationError) as caught:
            rem.add_reminder(ana, **kwargs)
        assert field in caught.value.errors
    try:
        made = rem.add_reminder(ana, title=HOSTILE, day="2026-11-22", at="10:00", notes=HOSTILE)
    except ValidationError as refused:  # refused with a message is fine too
        assert refused.errors
        return
    assert "[b]x[/b]" in made.title
    edited = rem.edit_reminder(ana, made.id, title="Plain", day="2026-11-23", at="08:00")
    assert edited.title == "Plain" and f"{edited.due:%d %H}" == "23 08"
    rem.delete_reminder(ana, made.id)
    assert rem.reminders(ana) == []


def test_another_user_cannot_touch_or_see_a_reminder(rem, notes, db, clock, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    made = rem.add_reminder(ana, title="Secret", day="2026-11-22", at="09:30")
    clock.advance(hours=1)
    assert rem.fire_due(ben) == []
    assert rem.reminders(ben) == []
    with pytest.raises(Exception):  # noqa: B017 - NotFound, whatever its wording
        rem.done(ben, made.id)
    assert [f.title for f in rem.fire_due(ana)] == ["Secret"]
    assert notes.unread(ben) == 0 and notes.unread(ana) == 1
    note = notes.page(ana).rows[0]
    assert notes.mark_read(ben, note.id) == 0
    assert notes.unread(ana) == 1
