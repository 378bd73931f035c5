"""Time logs: minutes a family member (or nobody in particular) spent on an activity
on a day, and the weekly report per member and activity.

An activity is a catalog activity type: a shipped one, or the person's own, made the
first time they type a name that is not in the catalog (matched in any case, so
"reading" is the shipped "Reading"). The duration is typed the quick way (`1h30`,
`45m`, `1:30`, kit/parsing.parse_minutes) and kept in whole minutes; a member's day
holds at most 24 hours. Weeks start on the profile's week start. Every change is one
audit row in human terms ("Reading, Anna, 1h 30m on 14 Jan")."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from dashboard_tui.db import audit_chain
from dashboard_tui.family import ACTIVITY, TIME_LOG
from dashboard_tui.family.dto import ReportLine, TimeLogInfo, TimeWeek, WeekReport
from dashboard_tui.family.repository import ActivityRepository, TimeLogRepository
from dashboard_tui.family.services import FamilyService, FamilyWork
from dashboard_tui.kit.edit import Form, apply_edit, need
from dashboard_tui.kit.entity import Found
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.parsing import MAX_MINUTES, format_minutes, parse_minutes
from dashboard_tui.kit.service import Actor, Service
from dashboard_tui.kit.validation import NAME_MAX, clean_notes, clean_text
from dashboard_tui.models.family import TimeLog
from dashboard_tui.models.shared import CatalogItem

NOBODY = "Nobody"  # the report's column for time logged for no member


class TimeLogWork(FamilyWork):
    @property
    def time_logs(self) -> TimeLogRepository:
        return self.repo(TimeLogRepository)

    @property
    def activities(self) -> ActivityRepository:
        return self.repo(ActivityRepository)


def _day_text(day: date) -> str:
    return f"{day.day} {day:%b}"  # "14 Jan", whatever the locale's %d


def _info(row: TimeLog, member: str | None, activity: str | None) -> TimeLogInfo:
    return TimeLogInfo(
        row.id,
        row.date,
        row.member_id,
        member or "",
        row.activity_id,
        activity or "",
        row.minutes,
        row.notes,
    )


def _names(uow: TimeLogWork, row: TimeLog) -> tuple[str, str]:
    member = uow.members.get(row.member_id) if row.member_id else None
    activity = uow.activities.get(row.activity_id) if row.activity_id else None
    return (member.name if member else "", activity.name if activity else "")


def _image(uow: TimeLogWork, row: TimeLog) -> dict[str, Any]:
    member, activity = _names(uow, row)
    return {**audit_chain.snapshot(row), "member": member, "activity": activity}


def _activity(uow: TimeLogWork, typed: str) -> CatalogItem:
    """The catalog activity of this name (shipped or own), or a new own one."""
    name = clean_text("activity", typed, max_len=NAME_MAX)
    found = uow.activities.named(name)
    if found is not None:
        return found
    row = uow.activities.add(CatalogItem(name=name))
    uow.audit(ACTIVITY, "created", row.id, after=audit_chain.snapshot(row))
    return row


def _values(
    uow: TimeLogWork,
    member_id: uuid.UUID | None,
    activity: str,
    day: str | date,
    duration: str | int,
    notes: str,
    editing: uuid.UUID | None = None,
) -> dict[str, Any]:
    """The checked values of a log (every field's message at once); an own activity
    is made only when all of them are good."""
    form = Form()
    form.take(uow.member, member_id)
    name = form.take(clean_text, "activity", activity, max_len=NAME_MAX)
    on = form.take(uow.date, day)
    minutes = form.take(parse_minutes, duration)
    text = form.take(clean_notes, notes)
    form.done()
    already = uow.time_logs.minutes_on(on, member_id, excluding=editing)
    if already + minutes > MAX_MINUTES:
        room = MAX_MINUTES - already
        raise ValidationError.one(
            "duration",
            f"{format_minutes(already)} is logged already on {_day_text(on)}: "
            f"a day holds 24 hours, so at most {format_minutes(room)} more.",
        )
    return {
        "member_id": member_id,
        "activity_id": _activity(uow, name).id,
        "date": on,
        "minutes": minutes,
        "notes": text,
    }


def _weekly(
    rows: Sequence[tuple[TimeLog, str | None, str | None]],
) -> dict[tuple[str, str], int]:
    """(activity, member) → minutes."""
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for row, member, activity in rows:
        sums[(activity or "", member or NOBODY)] += row.minutes
    return sums


def build_report(
    first: date,
    this: Sequence[tuple[TimeLog, str | None, str | None]],
    before: Sequence[tuple[TimeLog, str | None, str | None]],
) -> WeekReport:
    """The week's minutes per activity (rows) and member (columns), with totals and
    the previous week's beside them. Members and activities with time in either week
    are shown; members by name, "Nobody" last; activities by name."""
    now, then = _weekly(this), _weekly(before)
    keys = set(now) | set(then)
    named = sorted({m for _, m in keys if m != NOBODY}, key=str.casefold)
    members = (*named, *([NOBODY] if any(m == NOBODY for _, m in keys) else []))
    activities = sorted({a for a, _ in keys}, key=str.casefold)

    def line(label: str, minutes: Callable[[str], int], total: int, previous: int) -> ReportLine:
        return ReportLine(label, tuple(minutes(m) for m in members), total, previous)

    lines = tuple(
        line(
            a or "(deleted activity)",
            lambda m, a=a: now.get((a, m), 0),  # type: ignore[misc]
            sum(v for (x, _), v in now.items() if x == a),
            sum(v for (x, _), v in then.items() if x == a),
        )
        for a in activities
    )

    def per_member(sums: dict[tuple[str, str], int], member: str) -> int:
        return sum(v for (_, m), v in sums.items() if m == member)

    totals = line("Total", lambda m: per_member(now, m), sum(now.values()), sum(then.values()))
    previous = tuple(per_member(then, m) for m in members)
    return WeekReport(first, first + timedelta(days=6), members, lines, totals, previous)


class TimeLogService(Service[TimeLogWork]):
    uow_class = TimeLogWork

    def week(self, actor: Actor, day: date | None = None) -> TimeWeek:
        """The logs of the week holding `day` (today when None)."""

        def work(uow: TimeLogWork) -> TimeWeek:
            first = uow.week_of(day or uow.today)
            last = first + timedelta(days=6)
            logs = tuple(_info(*found) for found in uow.time_logs.between(first, last))
            return TimeWeek(first, last, uow.today, logs)

        return self._read(actor, work)

    def report(self, actor: Actor, day: date | None = None) -> WeekReport:
        """The week holding `day` (today when None), beside the week before it."""

        def work(uow: TimeLogWork) -> WeekReport:
            first = uow.week_of(day or uow.today)
            this = uow.time_logs.between(first, first + timedelta(days=6))
            before = uow.time_logs.between(first - timedelta(days=7), first - timedelta(days=1))
            return build_report(first, this, before)

        return self._read(actor, work)

    def activities(self, actor: Actor) -> list[str]:
        """The activity names a log suggests: shipped and own, by name."""

        def work(uow: TimeLogWork) -> list[str]:
            seen: dict[str, str] = {}
            for row in uow.activities.listed():
                seen.setdefault(row.name.casefold(), row.name)
            return list(seen.values())

        return self._read(actor, work)

    def search(self, actor: Actor, text: str, limit: int = 8) -> list[TimeLogInfo]:
        """The newest logs whose activity, member or notes contain `text`."""
        needle = text.strip()[:NAME_MAX]

        def work(uow: TimeLogWork) -> list[TimeLogInfo]:
            return [_info(*found) for found in uow.time_logs.matching(needle, limit)]

        return self._read(actor, work) if needle else []

    def get(self, actor: Actor, log_id: uuid.UUID) -> TimeLogInfo:
        def work(uow: TimeLogWork) -> TimeLogInfo:
            row = need(uow.time_logs.get(log_id), "time log")
            return _info(row, *_names(uow, row))

        return self._read(actor, work)

    def add_log(
        self,
        actor: Actor,
        *,
        activity: str,
        duration: str | int,
        day: str | date = "today",
        member_id: uuid.UUID | None = None,
        notes: str = "",
    ) -> TimeLogInfo:
        def work(uow: TimeLogWork) -> TimeLogInfo:
            values = _values(uow, member_id, activity, day, duration, notes)
            row = uow.time_logs.add(TimeLog(**values))
            uow.audit(TIME_LOG, "created", row.id, after=_image(uow, row))
            return _info(row, *_names(uow, row))

        return self._write(actor, work)

    def edit_log(
        self,
        actor: Actor,
        log_id: uuid.UUID,
        *,
        activity: str,
        duration: str | int,
        day: str | date,
        member_id: uuid.UUID | None = None,
        notes: str = "",
    ) -> TimeLogInfo:
        def work(uow: TimeLogWork) -> TimeLogInfo:
            row = need(uow.time_logs.get(log_id), "time log")
            values = _values(uow, member_id, activity, day, duration, notes, editing=row.id)
            apply_edit(uow, TIME_LOG, row, values, lambda r: _image(uow, r))
            return _info(row, *_names(uow, row))

        return self._write(actor, work)

    def delete_log(self, actor: Actor, log_id: uuid.UUID) -> None:
        def work(uow: TimeLogWork) -> None:
            row = need(uow.time_logs.get(log_id), "time log")
            before = _image(uow, row)
            uow.time_logs.delete(row)
            uow.audit(TIME_LOG, "deleted", log_id, before=before)

        self._write(actor, work)


def search(family: FamilyService, actor: Actor, text: str) -> list[Found]:
    """Time logs for the command palette (the family area's record search)."""
    logs = TimeLogService(family.db, clock=family.clock, client=family.client)
    return [
        Found(
            TIME_LOG.name,
            x.id,
            f"Time log: {', '.join(p for p in (x.activity, x.member) if p)}",
            f"{format_minutes(x.minutes)} on {x.day.isoformat()}",
        )
        for x in logs.search(actor, text)
    ]
