"""The family's tile on the home screen (kit/tile.py): today's and the coming days'
events and birthdays, and the reminders that are due. Read through the family's own
services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dashboard_tui.family import EVENT, MEMBER, REMINDER
from dashboard_tui.family.dto import AgendaItem
from dashboard_tui.family.reminders import ReminderService
from dashboard_tui.family.services import FamilyService
from dashboard_tui.kit.tile import Tile, TileLine, hint, more

AHEAD_DAYS = 7  # today and the six days after it
SHOWN_EVENTS = 4
SHOWN_REMINDERS = 2


def day_of(item: AgendaItem) -> date:
    return item.start.date() if isinstance(item.start, datetime) else item.start


def when(item: AgendaItem, today: date) -> str:
    """ "Today 17:00", "Tue 01" (all day)."""
    day, start = day_of(item), item.start
    label = "Today" if day == today else f"{day:%a %d}"
    return label if item.all_day or not isinstance(start, datetime) else f"{label} {start:%H:%M}"


def agenda_line(item: AgendaItem, today: date) -> TileLine:
    text = f"{when(item, today)} {item.title}"
    if item.birthday_age is not None:  # a member's birthday: its event_id is the member's
        return TileLine.record(text, MEMBER.name, item.event_id)
    return TileLine.record(text, EVENT.name, item.event_id)


def tile(ctx: Any, login: Any) -> Tile:
    family = ctx.services(FamilyService)
    today = family.today(login)
    agenda = family.agenda(login, today, AHEAD_DAYS)
    due = [r for r in ctx.services(ReminderService).reminders(login) if r.overdue]
    if not agenda and not due:
        return hint("family", "Family", "Nothing in the next 7 days: 4 then n adds an event.")
    on_today = sum(1 for item in agenda if day_of(item) == today)
    birthdays = sum(1 for item in agenda if item.birthday_age is not None)
    lines = [
        TileLine(f"Today {on_today} · {AHEAD_DAYS} days {len(agenda)} · birthdays {birthdays}")
    ]
    lines += [agenda_line(item, today) for item in agenda[:SHOWN_EVENTS]]
    if extra := more(SHOWN_EVENTS, len(agenda), "event"):
        lines.append(TileLine(extra))
    lines.append(TileLine(f"Reminders due: {len(due)}", view="reminders"))
    lines += [
        TileLine.record(f"Due {r.due:%a %d %H:%M} {r.title}", REMINDER.name, r.id)
        for r in due[:SHOWN_REMINDERS]
    ]
    return Tile("family", "Family", tuple(lines))
