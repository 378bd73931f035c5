"""Reminders: standalone (a title and a due time) or N minutes before an event, before
each occurrence of a series. The offset is stored on the reminder, never a copy per
occurrence: `due_at` is the next due time, moved on to the following occurrence when
it fires (kit/recurrence.py expands the series, as the agenda does).

A reminder is due at `snoozed_until` when snoozed, else at `due_at`. It fires once
per due time: `fired_for` keeps the due time it last fired for, so a restart does not
fire it again. Firing writes a notification (kit/notifications.py); the shell's timer
asks for it every half minute in a worker, and once after login with `missed=True`
(what came due while the app was closed).

Done: a standalone reminder is finished; an event's reminder is done for this
occurrence (it moves on to the next one; finished when there is none). Snooze: 10
minutes, an hour, or tomorrow at 09:00 in the profile's timezone.

Firing is not audited: it changes nothing the person decided (only the app's record
of what it already said); creating, editing, deleting, done and snooze are."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, or_

from dashboard_tui.db import audit_chain
from dashboard_tui.family import REMINDER
from dashboard_tui.family.services import FamilyWork, parse_clock, parse_day, series_of
from dashboard_tui.kit import recurrence
from dashboard_tui.kit.edit import need
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.notifications import Fired, notify
from dashboard_tui.kit.query import BY_TITLE
from dashboard_tui.kit.repository import EntityRepository
from dashboard_tui.kit.service import Actor, Service
from dashboard_tui.kit.validation import clean_notes, clean_text
from dashboard_tui.models.family import Event, Reminder

TITLE_MAX = 200
OFFSET_MAX_MINUTES = 60 * 24 * 366  # a year before: further is not a reminder any more
SNOOZES = {"10m": timedelta(minutes=10), "1h": timedelta(hours=1)}
TOMORROW = "tomorrow"
TOMORROW_AT = time(9, 0)
HORIZON = timedelta(days=800)  # how far ahead an event's next occurrence is looked for
_OFFSET = re.compile(r"(\d+)\s*([dhm])")


# -- typed fields ----------------------------------------------------------------------
def parse_offset(text: str, field: str = "before") -> int:
    """How long before an event, in minutes: "15m", "2h", "1d", "1h30", "1d 2h" (a
    bare number is minutes)."""
    squeezed = str(text or "").strip().lower().replace(" ", "")
    if squeezed.isdigit():
        squeezed += "m"
    if squeezed.endswith(tuple("0123456789")) and "h" in squeezed:
        squeezed += "m"  # "1h30"
    parts = _OFFSET.findall(squeezed)
    if not squeezed or "".join(f"{n}{u}" for n, u in parts) != squeezed:
        raise ValidationError.one(field, "Say how long before: 15m, 2h, 1d or 1h30.")
    minutes = sum(int(n) * {"d": 1440, "h": 60, "m": 1}[u] for n, u in parts)
    if not 0 <= minutes <= OFFSET_MAX_MINUTES:
        raise ValidationError.one(field, "Choose at most a year before.")
    return minutes


def offset_text(minutes: int) -> str:
    """15 → "15m", 90 → "1h30", 1440 → "1d": what the form shows and parses back."""
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    text = (f"{days}d" if days else "") + (f"{hours}h" if hours else "")
    if mins:
        text += f"{mins:02}" if hours and not days else f"{mins}m"
    return text or "0m"


# -- what the service hands out ------------------------------------------------------------
@dataclass(frozen=True)
class ReminderInfo:
    id: uuid.UUID
    title: str
    notes: str
    due: datetime  # when it is due now (snoozed: the snooze's end), the profile's zone
    event_id: uuid.UUID | None
    event_title: str
    before_minutes: int | None
    snoozed: bool
    done: bool
    overdue: bool  # due, and not done
    repeats: bool  # before each occurrence of a series


class ReminderRepository(EntityRepository[Reminder]):
    model = Reminder
    keyset = BY_TITLE
    search = ("title", "notes")

    def open_ones(self, limit: int) -> list[Reminder]:
        """Not done, soonest due first (snoozed ones at their snooze's end)."""
        r = Reminder
        rows = self.session.scalars(
            self._select(r).where(r.done_at.is_(None)).order_by(r.due_at, r.id).limit(limit)
        )
        return sorted(rows, key=lambda row: (_due(row), row.id))

    def due(self, now: datetime) -> list[Reminder]:
        """Not done and due by `now` (fired or not: the caller checks `fired_for`)."""
        r = Reminder
        stmt = self._select(r).where(
            r.done_at.is_(None),
            or_(and_(r.snoozed_until.is_(None), r.due_at <= now), r.snoozed_until <= now),
        )
        return list(self.session.scalars(stmt.order_by(r.due_at, r.id)))


class ReminderWork(FamilyWork):
    @property
    def reminders(self) -> ReminderRepository:
        return self.repo(ReminderRepository)

    def event_row(self, event_id: uuid.UUID) -> Event:
        row = self.events.get(event_id)
        if row is not None and row.series_id is not None:  # a changed occurrence's series
            row = self.events.get(row.series_id)
        if row is None:
            raise ValidationError.one("event", "That event is not there any more.")
        return row


def _due(row: Reminder) -> datetime:
    return row.snoozed_until or row.due_at


def _next_due(uow: ReminderWork, event: Event, minutes: int, after: datetime) -> datetime | None:
    """The first due time after `after`: an occurrence's start minus `minutes`. An
    all-day occurrence starts at midnight in the profile's zone."""
    offset = timedelta(minutes=minutes)
    changed = uow.events.overrides_of([event.id]) if event.rrule or event.rdates else []
    series = series_of(event, changed)
    lo = after + offset
    for occ in recurrence.expand(series, lo - timedelta(days=2), lo + HORIZON, floating=uow.zone):
        due = datetime.fromtimestamp(occ.at, UTC) - offset
        if due > after:
            return due
    return None


def reminder_info(uow: ReminderWork, row: Reminder, event: Event | None = None) -> ReminderInfo:
    if event is None and row.event_id is not None:
        event = uow.events.get(row.event_id)
    due = _due(row)
    return ReminderInfo(
        id=row.id,
        title=row.title,
        notes=row.notes,
        due=due.astimezone(uow.zone),
        event_id=row.event_id,
        event_title=event.title if event is not None else "",
        before_minutes=row.before_minutes,
        snoozed=row.snoozed_until is not None,
        done=row.done_at is not None,
        overdue=row.done_at is None and due <= uow.now,
        repeats=bool(event is not None and (event.rrule or event.rdates)),
    )


def _when(uow: ReminderWork, moment: datetime) -> str:
    local = moment.astimezone(uow.zone)
    return f"{local:%a} {local.day} {local:%b %Y} {local:%H:%M} {uow.timezone}"


def reminder_image(uow: ReminderWork, row: Reminder, change: str = "") -> dict[str, Any]:
    event = uow.events.get(row.event_id) if row.event_id else None
    image = {
        **audit_chain.snapshot(row),
        "due": _when(uow, row.due_at),
        "before": f"{offset_text(row.before_minutes)} before" if row.before_minutes else "",
        "event": event.title if event is not None else "",
        "snoozed": _when(uow, row.snoozed_until) if row.snoozed_until else "",
        "done": "yes" if row.done_at else "",
    }
    if change:
        image["change"] = change
    return image


@dataclass(frozen=True)
class _Values:
    title: str
    notes: str
    due: datetime | None  # standalone
    before: int | None  # before an event


class ReminderService(Service[ReminderWork]):
    uow_class = ReminderWork

    # -- reading -----------------------------------------------------------------------
    def reminders(self, actor: Actor, limit: int = 500) -> list[ReminderInfo]:
        """Not done: overdue first, then upcoming, soonest first."""

        def work(uow: ReminderWork) -> list[ReminderInfo]:
            return [reminder_info(uow, r) for r in uow.reminders.open_ones(limit)]

        return self._read(actor, work)

    def reminder(self, actor: Actor, reminder_id: uuid.UUID) -> ReminderInfo:
        return self._read(
            actor, lambda uow: reminder_info(uow, need(uow.reminders.get(reminder_id), "reminder"))
        )

    # -- writing -----------------------------------------------------------------------
    def add_reminder(
        self,
        actor: Actor,
        *,
        title: str = "",
        day: str | date = "",
        at: str | time = "",
        before: str = "",
        event_id: uuid.UUID | None = None,
        notes: str = "",
    ) -> ReminderInfo:
        """Standalone: `title`, `day` and `at` (the profile's zone). Before an event:
        `event_id` and `before` ("15m", "2h", "1d"); the title defaults to the event's."""

        def work(uow: ReminderWork) -> ReminderInfo:
            event = uow.event_row(event_id) if event_id is not None else None
            values = _values(uow, title, day, at, before, notes, event)
            row = Reminder(title=values.title, notes=values.notes, event_id=None)
            _schedule(uow, row, values, event)
            uow.reminders.add(row)
            uow.audit(REMINDER, "created", row.id, after=reminder_image(uow, row))
            return reminder_info(uow, row, event)

        return self._write(actor, work)

    def edit_reminder(
        self,
        actor: Actor,
        reminder_id: uuid.UUID,
        *,
        title: str,
        day: str | date = "",
        at: str | time = "",
        before: str = "",
        notes: str = "",
    ) -> ReminderInfo:
        """The same fields as adding (an event's reminder keeps its event); a new due
        time ends a snooze, and the reminder fires again at it."""

        def work(uow: ReminderWork) -> ReminderInfo:
            row = need(uow.reminders.get(reminder_id), "reminder")
            event = uow.event_row(row.event_id) if row.event_id is not None else None
            values = _values(uow, title, day, at, before, notes, event)
            before_image = reminder_image(uow, row)
            row.title, row.notes = values.title, values.notes
            old = (None if event else row.due_at, row.before_minutes)
            if (values.due, values.before) != old:
                _schedule(uow, row, values, event)
            uow.session.flush()
            after = reminder_image(uow, row)
            if any(before_image.get(k) != v for k, v in after.items() if k != "updated_at"):
                uow.audit(REMINDER, "edited", row.id, before=before_image, after=after)
            return reminder_info(uow, row, event)

        return self._write(actor, work)

    def delete_reminder(self, actor: Actor, reminder_id: uuid.UUID) -> None:
        def work(uow: ReminderWork) -> None:
            row = need(uow.reminders.get(reminder_id), "reminder")
            before = reminder_image(uow, row)
            uow.reminders.delete(row)
            uow.audit(REMINDER, "deleted", reminder_id, before=before)

        self._write(actor, work)

    def done(self, actor: Actor, reminder_id: uuid.UUID) -> ReminderInfo:
        """Done with the due time the list shows: a snoozed one's snooze ends; an
        event's reminder moves on to its next occurrence (finished when none
        follows); a standalone one is finished."""

        def work(uow: ReminderWork) -> ReminderInfo:
            row = need(uow.reminders.get(reminder_id), "reminder")
            before = reminder_image(uow, row)
            event = uow.event_row(row.event_id) if row.event_id is not None else None
            change = "done"
            if event is not None and row.before_minutes is not None:
                shown = _due(row)
                if row.snoozed_until is None and row.due_at > uow.now:
                    nxt = _next_due(uow, event, row.before_minutes, row.due_at)
                    row.fired_for, row.due_at = row.due_at, nxt or row.due_at
                    if nxt is None:
                        row.done_at = uow.now
                row.snoozed_until = None
                if row.done_at is None and row.due_at <= uow.now:
                    row.done_at = uow.now  # its last occurrence has passed
                if row.done_at is None:
                    change = f"done for {_when(uow, shown)}"
            else:
                row.done_at, row.snoozed_until = uow.now, None
            uow.session.flush()
            after = reminder_image(uow, row, change)
            uow.audit(REMINDER, "done", row.id, before=before, after=after)
            return reminder_info(uow, row, event)

        return self._write(actor, work)

    def snooze(self, actor: Actor, reminder_id: uuid.UUID, how: str) -> ReminderInfo:
        """`how`: "10m", "1h" or "tomorrow" (09:00 in the profile's zone)."""
        if how not in (*SNOOZES, TOMORROW):
            raise ValidationError.one("snooze", "Snooze for 10 minutes, an hour, or to tomorrow.")

        def work(uow: ReminderWork) -> ReminderInfo:
            row = need(uow.reminders.get(reminder_id), "reminder")
            before = reminder_image(uow, row)
            if how == TOMORROW:
                day = uow.today + timedelta(days=1)
                until = datetime.combine(day, TOMORROW_AT, uow.zone).astimezone(UTC)
            else:
                until = uow.now + SNOOZES[how]
            row.snoozed_until, row.done_at = until, None
            uow.session.flush()
            change = f"snoozed until {_when(uow, until)}"
            after = reminder_image(uow, row, change)
            uow.audit(REMINDER, "snoozed", row.id, before=before, after=after)
            return reminder_info(uow, row)

        return self._write(actor, work)

    # -- firing ------------------------------------------------------------------------
    def fire_due(self, actor: Actor, *, missed: bool = False) -> list[Fired]:
        """Every reminder due by now that has not fired for its due time: a
        notification each; an event's reminder moves on to its next occurrence.
        The usual round finds nothing: it reads only, so an app left open does not
        take the person's write lock every ALERTS_SECONDS."""

        def pending(uow: ReminderWork) -> bool:
            return any(row.fired_for != _due(row) for row in uow.reminders.due(uow.now))

        if not self._read(actor, pending):
            return []

        def work(uow: ReminderWork) -> list[Fired]:
            fired: list[Fired] = []
            for row in uow.reminders.due(uow.now):
                due = _due(row)
                if row.fired_for == due:
                    continue
                event = uow.events.get(row.event_id) if row.event_id else None
                body = _body(uow, row, event, due, missed)
                notify(
                    uow, row.title, kind="reminder", body=body, missed=missed, reminder_id=row.id
                )
                fired.append(Fired(row.title, missed))
                row.fired_for = due
                if event is not None and row.before_minutes is not None:
                    row.snoozed_until = None
                    if row.due_at <= uow.now:
                        nxt = _next_due(uow, event, row.before_minutes, uow.now)
                        row.due_at = nxt or row.due_at
                if _due(row) <= uow.now:  # no next one: it stays fired for what is due
                    row.fired_for = _due(row)
            uow.session.flush()
            return fired

        return self._write(actor, work)


def _body(
    uow: ReminderWork, row: Reminder, event: Event | None, due: datetime, missed: bool
) -> str:
    lines = []
    if missed:
        lines.append(f"Missed: it was due {_when(uow, due)}.")
    if event is not None and row.before_minutes is not None:
        starts = row.due_at + timedelta(minutes=row.before_minutes)
        lines.append(f"{event.title} starts {_when(uow, starts)}.")
    if row.notes:
        lines.append(row.notes)
    return "\n".join(lines)


def _values(
    uow: ReminderWork,
    title: str,
    day: str | date,
    at: str | time,
    before: str,
    notes: str,
    event: Event | None,
) -> _Values:
    cleaned_notes = clean_notes(notes or "")
    if event is not None:
        minutes = parse_offset(before)
        text = clean_text("title", title or event.title, max_len=TITLE_MAX)
        return _Values(text, cleaned_notes, None, minutes)
    text = clean_text("title", title, max_len=TITLE_MAX)
    if not day:
        raise ValidationError.one("day", "Say on which day (YYYY-MM-DD).")
    first = parse_day(day, "day")
    clock = parse_clock(at, "at") if at else TOMORROW_AT
    due = datetime.combine(first, clock, uow.zone).astimezone(UTC)
    return _Values(text, cleaned_notes, due, None)


def _schedule(uow: ReminderWork, row: Reminder, values: _Values, event: Event | None) -> None:
    """Set the due time (a new one: not fired for it, not snoozed)."""
    row.snoozed_until, row.done_at, row.fired_for = None, None, None
    if event is None or values.before is None:
        row.due_at = values.due  # type: ignore[assignment]
        row.before_minutes = None
        return
    row.event_id, row.before_minutes = event.id, values.before
    nxt = _next_due(uow, event, values.before, uow.now - timedelta(microseconds=1))
    if nxt is None:
        raise ValidationError.one("before", "That event has no occurrence ahead to remind of.")
    row.due_at = nxt
