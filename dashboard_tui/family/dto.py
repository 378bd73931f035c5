"""What the family services hand out: plain frozen values, no ORM rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class MemberInfo:
    id: uuid.UUID
    name: str
    relation: str
    birthday: date | None
    color: str | None
    notes: str


@dataclass(frozen=True)
class EventInfo:
    id: uuid.UUID
    title: str
    all_day: bool
    start: datetime | date  # the first occurrence: aware in `timezone`, or a date
    end: datetime | date
    timezone: str
    rrule: str | None
    repeats: str  # the rule in words, "" for a single event
    member_id: uuid.UUID | None
    location: str
    notes: str
    series_id: uuid.UUID | None = None  # set on a changed occurrence's own row
    recurrence_id: str | None = None
    type_id: uuid.UUID | None = None  # an event type of the catalog


@dataclass(frozen=True)
class AgendaItem:
    """One occurrence as a view lists it, in the profile's zone."""

    event_id: uuid.UUID  # the series (or single event)
    original: str  # its recurrence id (ISO wall time or date): what edits name
    title: str
    all_day: bool
    start: datetime | date  # aware in the profile's zone, or a date
    end: datetime | date
    member_id: uuid.UUID | None
    member: str
    location: str
    notes: str
    repeats: str
    timezone: str = "UTC"  # the event's own zone (its times are typed in it)
    moved: bool = False  # a changed occurrence (its own row: `changed_id`)
    changed_id: uuid.UUID | None = None
    birthday_age: int | None = None  # a member's birthday: the age reached
    rule: str | None = None  # the series' RRULE (the edit form reads its choices back)
    series_start: date | None = None  # the series' first day (in its own zone)
    type_id: uuid.UUID | None = None
    type_name: str = ""  # the event type's name ("Appointment"), "" for none
    color: str | None = None  # the member's colour (a Textual colour name or #hex)


@dataclass(frozen=True)
class EventTypeInfo:
    """An event type of the catalog (shipped, or the person's own)."""

    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class TimeLogInfo:
    """Time a member (or nobody in particular) spent on an activity on a day."""

    id: uuid.UUID
    day: date
    member_id: uuid.UUID | None
    member: str  # "" for nobody
    activity_id: uuid.UUID | None
    activity: str  # "" when its own activity was deleted
    minutes: int
    notes: str


@dataclass(frozen=True)
class TimeWeek:
    """One week's time logs (by day, then member and activity), the week starting on
    the profile's week start."""

    first: date
    last: date
    today: date
    logs: tuple[TimeLogInfo, ...]


@dataclass(frozen=True)
class ReportLine:
    """One activity's minutes in a week's report, per member (the report's columns),
    its week's total and the previous week's."""

    label: str
    minutes: tuple[int, ...]
    total: int
    previous: int


@dataclass(frozen=True)
class WeekReport:
    first: date
    last: date
    members: tuple[str, ...]  # the columns: members with time in either week; "Nobody"
    lines: tuple[ReportLine, ...]  # one per activity, by name
    totals: ReportLine  # per member this week; the week's total and the previous one's
    previous: tuple[int, ...]  # per member, the previous week
