"""The family services: members (a birthday is a yearly occurrence with the age) and
calendar events. An event is a single one or a series (an RFC 5545 rule, extra and
skipped dates); kit/recurrence.py expands it in its own timezone and the agenda shows
the occurrences in the profile's. A changed occurrence is a row of its own pointing
at its series and the original start it replaces (`recurrence_id`).

Editing or deleting a series' occurrence names the scope:
- "this": that occurrence only (a change makes or updates its own row; a delete
  skips it: an EXDATE, and its own row goes);
- "following": that one and the later ones: the series ends before it (UNTIL, or
  COUNT cut) and a new series starts there with the change; the later changed
  occurrences and skipped dates move to the new series;
- "all": the whole series. Changed occurrences are kept, unless they no longer fall
  on the series (their original start is not one of its occurrences any more).
Every change is one audit row, in human terms ("Swimming, weekly on Tuesday: moved 14
Jan only")."""

from __future__ import annotations

import calendar
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from dashboard_tui.db import audit_chain
from dashboard_tui.family import EVENT, MEMBER
from dashboard_tui.family.dto import AgendaItem, EventInfo, EventTypeInfo, MemberInfo
from dashboard_tui.family.palette import check_color
from dashboard_tui.family.repository import (
    EventRepository,
    EventTypeRepository,
    MemberRepository,
)
from dashboard_tui.kit import recurrence
from dashboard_tui.kit.edit import need
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.recurrence import Moved, Series
from dashboard_tui.kit.service import Actor, Service, UnitOfWork
from dashboard_tui.kit.validation import clean_notes, clean_text
from dashboard_tui.models.family import Event, FamilyMember
from dashboard_tui.models.shared import CatalogItem

TITLE_MAX = 200
LOCATION_MAX = 200
RELATION_MAX = 40
COLOR_MAX = 16
SCOPES = ("this", "following", "all")
# What the relation field suggests (free text: any other is fine).
RELATIONS = ("partner", "child", "parent", "sibling", "grandparent", "grandchild", "friend")
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)
# How far ahead an event's next occurrence is looked for when it is opened: two years
# (a biennial series' next one); past that, its last one is shown.
SOON_DAYS = 731
_KEEP: Any = object()


# -- typed fields ----------------------------------------------------------------------------
def parse_day(value: str | date, field: str = "date") -> date:
    """A calendar day: YYYY-MM-DD (or a date), 1900 to 2199."""
    day: date | None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = str(value).strip()
        try:
            day = date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            day = None
    if day is None:
        raise ValidationError.one(field, "Use a date like 2026-11-21.")
    if not EARLIEST <= day <= LATEST:
        raise ValidationError.one(field, "Choose a date from 1900 to 2199.")
    return day


def parse_clock(value: str | time, field: str = "time") -> time:
    """A time of day: 9, 9:30, 09:30 or 21:05."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    text = str(value).strip()
    hours, _, minutes = text.partition(":")
    if hours.isdigit() and (minutes.isdigit() or not minutes) and len(minutes) in (0, 2):
        h, m = int(hours), int(minutes or 0)
        if 0 <= h <= 23 and 0 <= m <= 59:
            return time(h, m)
    raise ValidationError.one(field, "Use a time like 09:30 (24-hour clock).")


def iso(original: datetime | date) -> str:
    """A recurrence id: the wall time ("2025-01-14T17:00:00") or the date."""
    if isinstance(original, datetime):
        return original.replace(tzinfo=None, microsecond=0).isoformat()
    return original.isoformat()


def from_iso(text: str) -> datetime | date:
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def new_uid() -> str:
    """An event's RFC 5545 UID, made once so every export of it repeats it."""
    return f"{uuid.uuid4()}@dashboard-tui"


def _short(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"  # "14 Jan", whatever the locale's %d


def simple_rule(repeat: str, every: str | int = 1) -> str | None:
    """A form's choice → its RRULE: "none", "daily", "weekly" (on the start's
    weekday), "monthly" (on the start's day of the month), "yearly"; every N."""
    from dashboard_tui.kit.parsing import parse_int

    choice = str(repeat or "none").strip().lower()
    if choice == "none":
        return None
    freq = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "yearly": "YEARLY"}
    if choice not in freq:
        raise ValidationError.one("repeat", "Choose how it repeats.")
    n = parse_int(every or 1, field="every", lo=1, hi=99, label="Every")
    return f"FREQ={freq[choice]}" + (f";INTERVAL={n}" if n > 1 else "")


# -- repeat choices (the event form) ⇄ RRULE --------------------------------------------------
REPEAT_KINDS = ("none", "daily", "weekly", "monthly_day", "monthly_nth", "monthly_last", "yearly")
ENDS = ("never", "on", "after")
COUNT_MAX = 999
_DAY_WORDS = tuple(n.lower() for n in recurrence.WEEKDAY_NAMES)
_NTH = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th"}


@dataclass(frozen=True)
class RepeatChoices:
    """How an event repeats, as the form's fields hold it (text as typed): `repeat`
    one of REPEAT_KINDS, `every` N, `days` the weekly days ("mon,wed,fri", "Mo We
    Fr"; empty: the start's weekday), `ends` never / on `until` (a date, that day
    included, in the event's zone) / after `count` times."""

    repeat: str = "none"
    every: str = "1"
    days: str = ""
    ends: str = "never"
    until: str = ""
    count: str = ""


def nth_weekday(day: date) -> tuple[int, bool]:
    """Which of its month's weekdays `day` is (1-5), and whether it is the last one."""
    last = calendar.monthrange(day.year, day.month)[1]
    return (day.day - 1) // 7 + 1, day.day + 7 > last


def monthly_labels(day: date | None) -> dict[str, str]:
    """The monthly choices, named from the form's first day as Google Calendar does
    ("on the same weekday (2nd Tuesday)"). All three are offered whatever the day
    (the date may be changed after): the rule is built from the date saved, and a
    "last" one is refused when that day is not its month's last such weekday."""
    if day is None:
        return {
            "monthly_day": "Monthly on the same day",
            "monthly_nth": "Monthly on the same weekday (e.g. 2nd Tuesday)",
            "monthly_last": "Monthly on the last such weekday (e.g. last Friday)",
        }
    n, _ = nth_weekday(day)
    weekday = recurrence.WEEKDAY_NAMES[day.weekday()]
    return {
        "monthly_day": f"Monthly on the same day ({day.day})",
        "monthly_nth": f"Monthly on the same weekday ({_NTH[n]} {weekday})",
        "monthly_last": f"Monthly on the last such weekday (last {weekday})",
    }


def parse_weekdays(text: str, field: str = "days") -> list[int]:
    """ "mon,wed,fri", "Mo We Fr", "Monday, tue" → [0, 2, 4] (0 Monday). A day is
    any start of its English name of two letters or more."""
    found: set[int] = set()
    for word in text.replace(",", " ").replace(";", " ").split():
        token = word.strip(".").lower()
        hits = [i for i, name in enumerate(_DAY_WORDS) if name.startswith(token)]
        if len(token) < 2 or len(hits) != 1:
            raise ValidationError.one(
                field, f"{word[:20]!r} is not a day of the week: write e.g. mon,wed,fri."
            )
        found.add(hits[0])
    return sorted(found)


def check_days_fit(choices: RepeatChoices) -> None:
    """Weekly days typed for a repeat that is not weekly are refused, not dropped: the
    person meant something the rule would not do."""
    if choices.days.strip() and (choices.repeat or "").strip().lower() != "weekly":
        raise ValidationError.one(
            "days", "Days are for a weekly repeat: choose Weekly, or empty this field."
        )


def _check_nothing_repeats(choices: RepeatChoices) -> None:
    """Every N or an end typed for an event that does not repeat is refused, not
    dropped (as the days are): the person meant a series."""
    if (choices.every or "1").strip() not in ("", "1"):
        raise ValidationError.one(
            "every", "Every is for a repeat: choose how it repeats, or leave it at 1."
        )
    if (choices.ends or "").strip().lower() not in ("", "never"):
        raise ValidationError.one(
            "ends", "An end is for a repeat: choose how it repeats, or empty this field."
        )


def _until_part(until: date, zone_name: str, all_day: bool) -> str:
    """UNTIL for the last day `until` (included): a date for an all-day series; for a
    timed one, the end of that day in its zone as UTC (RFC 5545 wants UTC there)."""
    if all_day:
        return f"{until:%Y%m%d}"
    end_of_day = datetime.combine(until, time(23, 59, 59), recurrence.zone(zone_name))
    return f"{end_of_day.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def until_day(text: str, zone_name: str, all_day: bool) -> date | None:
    """The last day (in the series' zone) an UNTIL value lets in; None: unreadable."""
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?", text)
    if not m:
        return None
    day = date(int(m[1]), int(m[2]), int(m[3]))
    if m[4] is None or all_day or not m[7]:
        return day
    moment = datetime(day.year, day.month, day.day, int(m[4]), int(m[5]), int(m[6]), tzinfo=UTC)
    return moment.astimezone(recurrence.zone(zone_name)).date()


def rule_from_choices(
    choices: RepeatChoices, start: date, *, timezone: str = "UTC", all_day: bool = True
) -> str | None:
    """The form's repeat choices for a series starting on `start` → its RRULE (None:
    it does not repeat), checked by the engine; a ValidationError names the field."""
    from dashboard_tui.kit.parsing import parse_int

    kind = (choices.repeat or "none").strip().lower()
    if kind not in REPEAT_KINDS:
        raise ValidationError.one("repeat", "Choose how it repeats.")
    check_days_fit(choices)
    if kind == "none":
        _check_nothing_repeats(choices)
        return None
    n = parse_int(choices.every or 1, field="every", lo=1, hi=99, label="Every")
    parts = [f"FREQ={kind.split('_')[0].upper()}"]
    if n > 1:
        parts.append(f"INTERVAL={n}")
    weekday = recurrence.WEEKDAYS[start.weekday()]
    if kind == "weekly":
        days = parse_weekdays(choices.days) if choices.days.strip() else [start.weekday()]
        if days != [start.weekday()]:
            parts.append("BYDAY=" + ",".join(recurrence.WEEKDAYS[d] for d in days))
        if not days:
            raise ValidationError.one("days", "Choose the days, e.g. mon,wed,fri.")
        if start.weekday() not in days:
            raise ValidationError.one(
                "days", f"The first day ({start:%A}) is not one of them: add it or move the date."
            )
    elif kind == "monthly_nth":
        parts.append(f"BYDAY={nth_weekday(start)[0]}{weekday}")
    elif kind == "monthly_last":
        if not nth_weekday(start)[1]:
            raise ValidationError.one(
                "repeat", f"{start:%A} {start.day} is not the last {start:%A} of its month."
            )
        parts.append(f"BYDAY=-1{weekday}")
    ends, until, count, ends_field = _ends(choices)
    if ends == "on":
        field = ends_field or "until"
        last = parse_day(until, field) if until.strip() else None
        if last is None:
            raise ValidationError.one(field, "Give the last day, like 2026-12-31.")
        if last < start:
            raise ValidationError.one(field, f"The last day is before the first ({start}).")
        parts.append("UNTIL=" + _until_part(last, timezone, all_day))
    elif ends == "after":
        field = ends_field or "count"
        times = parse_int(count, field=field, lo=1, hi=COUNT_MAX, label="Times")
        parts.append(f"COUNT={times}")
    return recurrence.check_event_rule(";".join(parts))


_TIMES = re.compile(r"(?:after\s+)?(\d+)\s*(?:times?|x)?")
_LAST_DAY = re.compile(r"(?:until\s+|on\s+)?(\S+)")


def _ends(choices: RepeatChoices) -> tuple[str, str, str, str]:
    """(ends, until, count, the field a message about them names: "" for their own).
    The form's one Ends field may hold it all: "never", a last day ("2027-03-31",
    "until 2027-03-31") or a number of times ("10", "10 times", "after 10")."""
    text = (choices.ends or "never").strip().lower()
    if text in ENDS:
        return text, choices.until, choices.count, ""
    if m := _TIMES.fullmatch(text):
        return "after", "", m[1], "ends"
    if "-" in text and (m := _LAST_DAY.fullmatch(text)):
        return "on", m[1], "", "ends"
    raise ValidationError.one(
        "ends", "Write never, a last day (2027-03-31) or a number of times (10)."
    )


def ends_text(choices: RepeatChoices) -> str:
    """The form's Ends field for the choices: "" (never), "2027-03-31" or "10 times"."""
    if choices.ends == "on":
        return choices.until
    if choices.ends == "after":
        return f"{choices.count} times"
    return ""


def settled(choices: RepeatChoices) -> RepeatChoices | None:
    """The choices with one Ends field read into ends/until/count (None: unreadable),
    so that what the form shows and what it got back compare equal."""
    try:
        ends, until, count, _ = _ends(choices)
    except ValidationError:
        return None
    return RepeatChoices(choices.repeat, choices.every, choices.days, ends, until, count)


def choices_from_rule(
    rule: str | None, start: date, *, timezone: str = "UTC", all_day: bool = True
) -> RepeatChoices | None:
    """A series' RRULE → the form's choices that build it again from `start`; None
    when the form cannot show it (BYSETPOS, several month days, a rule not on its
    start's weekday…): the form then keeps it as it is."""
    if not rule:
        return RepeatChoices()
    parts = recurrence.parts_of(rule)
    freq = parts.pop("FREQ", "")
    every = parts.pop("INTERVAL", "1") or "1"
    ends, until, count = "never", "", ""
    if "UNTIL" in parts:
        last = until_day(parts.pop("UNTIL"), timezone, all_day)
        if last is None:
            return None
        ends, until = "on", last.isoformat()
    if "COUNT" in parts:
        ends, count = "after", parts.pop("COUNT")
    if not every.isdigit() or not 1 <= int(every) <= 99 or count and not count.isdigit():
        return None
    weekday = recurrence.WEEKDAYS[start.weekday()]
    on_start = {"BYMONTH": str(start.month), "BYMONTHDAY": str(start.day)}
    byday = parts.pop("BYDAY", None)
    kind: str | None = None
    days = ""
    if freq == "DAILY" and not parts and byday is None:
        kind = "daily"
    elif freq == "WEEKLY" and not parts:
        listed = byday.split(",") if byday else [weekday]
        if all(d in recurrence.WEEKDAYS for d in listed) and weekday in listed:
            kind = "weekly"
            if listed != [weekday]:
                ordered = sorted(recurrence.WEEKDAYS.index(d) for d in set(listed))
                days = ", ".join(recurrence.WEEKDAY_NAMES[d][:3] for d in ordered)
    elif freq == "MONTHLY" and byday is None and parts in ({}, {"BYMONTHDAY": str(start.day)}):
        kind = "monthly_day"
    elif freq == "MONTHLY" and not parts and byday is not None:
        nth, is_last = nth_weekday(start)
        if byday == f"{nth}{weekday}":
            kind = "monthly_nth"
        elif byday == f"-1{weekday}" and is_last:
            kind = "monthly_last"
    elif freq == "YEARLY" and byday is None and parts in ({}, on_start):
        kind = "yearly"
    if kind is None:
        return None
    return RepeatChoices(kind, every, days, ends, until, count)


def rule_words(
    rule: str | None, timezone: str = "UTC", all_day: bool = True, start: date | None = None
) -> str:
    """A series' rule in words, its UNTIL as the last day in the series' own zone; a
    monthly rule that follows its start's day says which ("monthly on day 14")."""
    if not rule:
        return ""
    parts = recurrence.parts_of(rule)
    if start is not None and parts.get("FREQ") == "MONTHLY" and not {"BYDAY", "BYMONTHDAY",
        "BYSETPOS", "BYMONTH", "BYYEARDAY", "BYWEEKNO"} & parts.keys():  # fmt: skip
        parts["BYMONTHDAY"] = str(start.day)
    if "UNTIL" in parts:
        last = until_day(parts["UNTIL"], timezone, all_day)
        if last is not None:
            parts["UNTIL"] = f"{last:%Y%m%d}"
    return recurrence.describe(";".join(f"{k}={v}" for k, v in parts.items()))


# -- the unit of work -----------------------------------------------------------------------
class FamilyWork(UnitOfWork):
    @property
    def members(self) -> MemberRepository:
        return self.repo(MemberRepository)

    @property
    def events(self) -> EventRepository:
        return self.repo(EventRepository)

    def member(self, member_id: uuid.UUID | None) -> FamilyMember | None:
        if member_id is None:
            return None
        row = self.members.get(member_id)
        if row is None:
            raise ValidationError.one("member", "Choose one of your family members.")
        return row

    @property
    def zone(self) -> tzinfo:
        return recurrence.zone(self.timezone)

    @property
    def types(self) -> EventTypeRepository:
        return self.repo(EventTypeRepository)

    def event_type(self, type_id: uuid.UUID | None) -> CatalogItem | None:
        if type_id is None:
            return None
        row = self.types.get(type_id)
        if row is None:
            raise ValidationError.one("type", "Choose one of the event types.")
        return row


# -- rows → engine, DTOs, audit images --------------------------------------------------------
def _wall(row: Event) -> datetime | date:
    """A row's start as its series sees it: a wall time in its zone, or a date."""
    if row.all_day:
        return row.starts_at.astimezone(UTC).date()
    return row.starts_at.astimezone(recurrence.zone(row.timezone)).replace(tzinfo=None)


def _local(row: Event) -> tuple[datetime | date, datetime | date]:
    """A row's start and end: aware in its zone, or dates (end exclusive)."""
    if row.all_day:
        first = row.starts_at.astimezone(UTC).date()
        last = row.ends_at.astimezone(UTC).date() if row.ends_at else first + timedelta(days=1)
        return first, max(last, first + timedelta(days=1))
    tz = recurrence.zone(row.timezone)
    begins = row.starts_at.astimezone(tz)
    return begins, (row.ends_at or row.starts_at).astimezone(tz)


def _duration(row: Event) -> timedelta:
    if row.ends_at is None:
        return timedelta(days=1) if row.all_day else timedelta(0)
    return row.ends_at - row.starts_at


def series_of(row: Event, changed: Sequence[Event] = ()) -> Series:
    overrides: dict[datetime | date, Moved | None] = {}
    for own in changed:
        if own.recurrence_id is None:
            continue
        start, end = _local(own)
        overrides[from_iso(own.recurrence_id)] = Moved(start, end, own.id)
    return Series(
        _wall(row),
        row.timezone,
        _duration(row),
        rule=row.rrule,
        rdates=tuple(from_iso(x) for x in row.rdates or ()),
        exdates=tuple(from_iso(x) for x in row.exdates or ()),
        overrides=overrides,
        key=row.id,
    )


def repeats(row: Event) -> str:
    return rule_words(row.rrule, row.timezone, row.all_day, _day_of(_wall(row)))


def event_info(row: Event) -> EventInfo:
    start, end = _local(row)
    return EventInfo(
        id=row.id,
        title=row.title,
        all_day=row.all_day,
        start=start,
        end=end,
        timezone=row.timezone,
        rrule=row.rrule,
        repeats=repeats(row),
        member_id=row.member_id,
        location=row.location,
        notes=row.notes,
        series_id=row.series_id,
        recurrence_id=row.recurrence_id,
        type_id=row.type_id,
    )


def member_info(row: FamilyMember) -> MemberInfo:
    return MemberInfo(row.id, row.name, row.relation, row.birthday, row.color, row.notes)


def _when(row: Event) -> str:
    start, end = _local(row)
    if isinstance(start, datetime) and isinstance(end, datetime):
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} {row.timezone}"
    return f"{start} (all day)"


def event_image(uow: FamilyWork, row: Event, change: str = "") -> dict[str, Any]:
    member = uow.members.get(row.member_id) if row.member_id else None
    image = {
        **audit_chain.snapshot(row),
        "when": _when(row),
        "repeats": repeats(row),
        "member": member.name if member is not None else "",
    }
    if change:
        image["change"] = change
    return image


# -- the service ---------------------------------------------------------------------------------
class FamilyService(Service[FamilyWork]):
    uow_class = FamilyWork

    # -- members -------------------------------------------------------------------------
    def members(self, actor: Actor) -> list[MemberInfo]:
        return self._read(actor, lambda uow: [member_info(r) for r in uow.members.listed()])

    def add_member(
        self,
        actor: Actor,
        *,
        name: str,
        relation: str = "",
        birthday: str | date | None = None,
        color: str | None = None,
        notes: str = "",
    ) -> MemberInfo:
        values = _member_values(name, relation, birthday, color, notes)

        def work(uow: FamilyWork) -> MemberInfo:
            row = uow.members.add(FamilyMember(**values))
            uow.audit(MEMBER, "created", row.id, after=audit_chain.snapshot(row))
            return member_info(row)

        return self._write(actor, work)

    def edit_member(
        self,
        actor: Actor,
        member_id: uuid.UUID,
        *,
        name: str,
        relation: str = "",
        birthday: str | date | None = None,
        color: str | None = None,
        notes: str = "",
    ) -> MemberInfo:
        values = _member_values(name, relation, birthday, color, notes)

        def work(uow: FamilyWork) -> MemberInfo:
            row = need(uow.members.get(member_id), "family member")
            before = audit_chain.snapshot(row)
            for key, value in values.items():
                setattr(row, key, value)
            uow.session.flush()
            after = audit_chain.snapshot(row)
            if any(before.get(k) != v for k, v in after.items() if k != "updated_at"):
                uow.audit(MEMBER, "edited", row.id, before=before, after=after)
            return member_info(row)

        return self._write(actor, work)

    def delete_member(self, actor: Actor, member_id: uuid.UUID) -> None:
        """Their events stay (no member any more)."""

        def work(uow: FamilyWork) -> None:
            row = need(uow.members.get(member_id), "family member")
            before = audit_chain.snapshot(row)
            uow.members.delete(row)
            uow.audit(MEMBER, "deleted", member_id, before=before)

        self._write(actor, work)

    # -- events -------------------------------------------------------------------------
    def add_event(
        self,
        actor: Actor,
        *,
        title: str,
        day: str | date,
        start: str | time | None = None,
        end: str | time | None = None,
        rule: str | None = None,
        member_id: uuid.UUID | None = None,
        location: str = "",
        notes: str = "",
        timezone: str | None = None,
        repeat: RepeatChoices | None = None,
        type_id: uuid.UUID | None = None,
    ) -> EventInfo:
        """A single event or a series. No `start`: all day. `end` a time the same day
        (the next day when earlier than `start`); none: an hour. `timezone` defaults
        to the profile's; the series repeats in it. `repeat`: the form's choices (the
        rule is built from them in the event's zone), instead of a `rule`'s text.
        `type_id`: an event type of the catalog (kind event_type)."""
        text = _event_text(title, location, notes)
        first = parse_day(day)
        begins = parse_clock(start, "start") if start is not None and start != "" else None
        ends = parse_clock(end, "end") if end is not None and end != "" else None
        checked = recurrence.check_event_rule(rule) if rule else None

        def work(uow: FamilyWork) -> EventInfo:
            uow.member(member_id)
            uow.event_type(type_id)
            row = Event(
                **text,
                member_id=member_id,
                type_id=type_id,
                rrule=checked,
                exdates=[],
                rdates=[],
                uid=new_uid(),
            )
            _place(row, first, begins, ends, timezone or uow.timezone)
            if repeat is not None:
                row.rrule = rule_from_choices(
                    repeat, first, timezone=row.timezone, all_day=row.all_day
                )
            uow.events.add(row)
            uow.audit(EVENT, "created", row.id, after=event_image(uow, row))
            return event_info(row)

        return self._write(actor, work)

    def search(
        self, actor: Actor, text: str, *, limit: int = 5
    ) -> tuple[list[MemberInfo], list[EventInfo]]:
        """Members and events (series and single ones, not their changed
        occurrences) whose text contains `text`, for the command palette."""

        def work(uow: FamilyWork) -> tuple[list[MemberInfo], list[EventInfo]]:
            members = uow.members.page(limit=limit, text=text)
            events = [r for r in uow.events.page(limit=limit * 4, text=text) if not r.series_id]
            return [member_info(m) for m in members], [event_info(e) for e in events[:limit]]

        return self._read(actor, work)

    def event_types(self, actor: Actor) -> list[EventTypeInfo]:
        """The event types the form suggests: the catalog's shipped ones and own ones."""
        return self._read(
            actor, lambda uow: [EventTypeInfo(t.id, t.name) for t in uow.types.listed()]
        )

    def today(self, actor: Actor) -> date:
        """Today in the profile's timezone."""
        return self._read(actor, lambda uow: uow.today)

    def week_of(self, actor: Actor, day: date | None = None) -> date:
        """The first day (the profile's week start) of `day`'s week; None: this week."""
        return self._read(actor, lambda uow: uow.week_of(day or uow.today))

    def event(self, actor: Actor, event_id: uuid.UUID) -> EventInfo:
        return self._read(actor, lambda uow: event_info(need(uow.events.get(event_id), "event")))

    def day_to_show(self, actor: Actor, event_id: uuid.UUID) -> date:
        """The day (the profile's zone) to open an event on (the palette, the audit
        history): its next occurrence from today; for one that is over, its last; a
        changed occurrence's own row: where it moved to."""

        def work(uow: FamilyWork) -> date:
            row = need(uow.events.get(event_id), "event")
            series = _series_row(uow, event_id)
            tz, today = uow.zone, uow.today
            recurring = bool(series.rrule or series.rdates)
            expanded = series_of(series, uow.events.overrides_of([series.id]) if recurring else ())

            def days(first: date, last: date) -> list[date]:
                start = datetime.combine(first, time(), tz)
                end = datetime.combine(last, time(), tz)
                return [
                    _day_of(o.start.astimezone(tz) if isinstance(o.start, datetime) else o.start)
                    for o in recurrence.expand(expanded, start, end, floating=tz)
                    if row is series or o.moved_key == row.id
                ]

            first = _day_of(_wall(series)) - timedelta(days=1)  # a day either side of a zone
            soon = days(today, today + timedelta(days=SOON_DAYS))
            if soon:
                return soon[0]
            if first > today:  # starts later than that: its first (skipped ones aside)
                later = days(first, first + timedelta(days=SOON_DAYS))
                return later[0] if later else today
            over = days(first, today)
            return over[-1] if over else today

        return self._read(actor, work)

    def agenda(
        self, actor: Actor, first: date, days: int = 30, *, birthdays: bool = True
    ) -> list[AgendaItem]:
        """Every occurrence from `first` for `days` days (the profile's zone), in order:
        events, changed occurrences where they moved to, and members' birthdays."""

        def work(uow: FamilyWork) -> list[AgendaItem]:
            tz = uow.zone
            start = datetime.combine(first, time(), tz)
            end = datetime.combine(first + timedelta(days=days), time(), tz)
            rows = uow.events.series_before(end.astimezone(UTC), start.astimezone(UTC))
            changed: dict[uuid.UUID, list[Event]] = {}
            for own in uow.events.overrides_of([r.id for r in rows if r.rrule or r.rdates]):
                changed.setdefault(own.series_id, []).append(own)  # type: ignore[arg-type]
            members = {m.id: m for m in uow.members.listed()}
            types = {t.id: t.name for t in uow.types.listed()}
            found: list[tuple[int, AgendaItem]] = []
            for row in rows:
                own_rows = {r.id: r for r in changed.get(row.id, [])}
                # What the series' occurrences share, read once for all of them.
                fields = _item_fields(row, row, members, types)
                for occ in recurrence.expand(
                    series_of(row, list(own_rows.values())), start, end, floating=tz
                ):
                    key = occ.moved_key
                    shown = own_rows.get(key) if isinstance(key, uuid.UUID) else None
                    if shown is not None:
                        moved = _item_fields(row, shown, members, types)
                        found.append((occ.at, _item(moved, shown, occ, tz)))
                    else:
                        found.append((occ.at, _item(fields, row, occ, tz)))
            if birthdays:
                found += _birthdays(members.values(), start, end, tz)
            found.sort(key=lambda pair: (pair[0], pair[1].title.lower()))
            return [item for _, item in found]

        return self._read(actor, work)

    # -- one occurrence, the following ones, or all --------------------------------------------
    def skip(self, actor: Actor, event_id: uuid.UUID, original: str) -> None:
        """Delete one occurrence of a series ("this")."""
        self.delete_event(actor, event_id, scope="this", original=original)

    def delete_event(
        self, actor: Actor, event_id: uuid.UUID, *, scope: str = "all", original: str | None = None
    ) -> None:
        _scope(scope, original)

        def work(uow: FamilyWork) -> None:
            row = _series_row(uow, event_id)
            first = original is not None and original == iso(_wall(row))
            if scope == "all" or not (row.rrule or row.rdates) or scope == "following" and first:
                before = event_image(uow, row)
                uow.events.delete(row)  # its changed occurrences go with it
                uow.audit(EVENT, "deleted", row.id, before=before)
                return
            assert original is not None
            moment = _occurrence_of(uow, row, original)
            before = event_image(uow, row)
            if scope == "this":
                own = _own_row(uow, row, original)
                if own is not None:
                    uow.events.delete(own)
                row.exdates = sorted({*(row.exdates or []), original})
                change = f"deleted {_short(_day_of(moment))} only"
            else:
                _end_before(uow, row, moment)
                change = f"deleted from {_short(_day_of(moment))} on"
            uow.session.flush()
            uow.audit(EVENT, "edited", row.id, before=before, after=event_image(uow, row, change))

        self._write(actor, work)

    def edit_event(
        self,
        actor: Actor,
        event_id: uuid.UUID,
        *,
        scope: str = "all",
        original: str | None = None,
        title: str = _KEEP,
        day: str | date = _KEEP,
        start: str | time | None = _KEEP,
        end: str | time | None = _KEEP,
        rule: str | None = _KEEP,
        member_id: uuid.UUID | None = _KEEP,
        location: str = _KEEP,
        notes: str = _KEEP,
        repeat: RepeatChoices = _KEEP,
        type_id: uuid.UUID | None = _KEEP,
    ) -> EventInfo:
        """Change an event; for a series, `scope` says which occurrences (see the
        module's notes) and `original` which one ("this"/"following"). Fields left
        out keep their value; `start=None` makes it all day. The returned event is
        the row changed: the series, the changed occurrence's own row, or the new
        series that "following" starts."""
        _scope(scope, original)
        if scope == "this" and (repeat is not _KEEP or rule is not _KEEP):
            raise ValidationError.one(
                "repeat", "One occurrence does not repeat: choose this and following, or all."
            )
        changes = {
            k: v
            for k, v in dict(
                title=title, day=day, start=start, end=end, rule=rule, member_id=member_id,
                location=location, notes=notes, repeat=repeat, type_id=type_id,
            ).items()
            if v is not _KEEP
        }  # fmt: skip

        def work(uow: FamilyWork) -> EventInfo:
            row = _series_row(uow, event_id)
            recurring = bool(row.rrule or row.rdates)
            if scope == "all" or not recurring:
                if "day" in changes and original and recurring:
                    # The day typed is the occurrence's: the series moves as far.
                    typed = changes["day"]
                    assert isinstance(typed, str | date)
                    moved_by = parse_day(typed) - _day_of(from_iso(original))
                    changes["day"] = _day_of(_wall(row)) + moved_by
                before = event_image(uow, row)
                _apply(uow, row, changes, _wall(row))
                _drop_strays(uow, row)
                uow.audit(EVENT, "edited", row.id, before=before, after=event_image(uow, row))
                return event_info(row)
            assert original is not None
            moment = _occurrence_of(uow, row, original)
            if scope == "this":
                return _change_one(uow, row, original, moment, changes)
            return _split(uow, row, original, moment, changes)

        return self._write(actor, work)

    def move(
        self, actor: Actor, event_id: uuid.UUID, original: str, *, day: str | date,
        start: str | time | None = _KEEP, end: str | time | None = _KEEP,
    ) -> EventInfo:  # fmt: skip
        """Move one occurrence of a series ("this") to another day (and time)."""
        if start is _KEEP:
            return self.edit_event(actor, event_id, scope="this", original=original, day=day)
        if end is _KEEP:
            return self.edit_event(
                actor, event_id, scope="this", original=original, day=day, start=start
            )
        return self.edit_event(
            actor, event_id, scope="this", original=original, day=day, start=start, end=end
        )


# -- helpers of the use cases --------------------------------------------------------------------
def _member_values(
    name: str, relation: str, birthday: str | date | None, color: str | None, notes: str
) -> dict[str, Any]:
    return {
        "name": clean_text("name", name, max_len=120),
        "relation": clean_text("relation", relation or "", max_len=RELATION_MAX, required=False),
        "birthday": parse_day(birthday, "birthday") if birthday else None,
        "color": check_color(clean_text("color", color or "", max_len=COLOR_MAX, required=False)),
        "notes": clean_notes(notes or ""),
    }


def _event_text(title: str, location: str, notes: str) -> dict[str, str]:
    return {
        "title": clean_text("title", title, max_len=TITLE_MAX),
        "location": clean_text("location", location or "", max_len=LOCATION_MAX, required=False),
        "notes": clean_notes(notes or ""),
    }


def _scope(scope: str, original: str | None) -> None:
    if scope not in SCOPES:
        raise ValidationError.one("scope", "Choose this occurrence, this and following, or all.")
    if scope != "all" and not original:
        raise ValidationError.one("scope", "Say which occurrence.")


def _place(row: Event, first: date, begins: time | None, ends: time | None, timezone: str) -> None:
    """Set a row's start, end, all-day and zone from the form's day and times."""
    if begins is None:
        row.all_day, row.timezone = True, "UTC"
        row.starts_at = datetime.combine(first, time(), UTC)
        row.ends_at = row.starts_at + timedelta(days=1)
        return
    tz = recurrence.zone(timezone)
    row.all_day, row.timezone = False, timezone
    row.starts_at = datetime.combine(first, begins, tz).astimezone(UTC)
    last = datetime.combine(first, ends, tz) if ends is not None else None
    if last is not None and last.replace(tzinfo=None) <= datetime.combine(first, begins):
        last = datetime.combine(first + timedelta(days=1), ends, tz)  # type: ignore[arg-type]
    row.ends_at = last.astimezone(UTC) if last is not None else row.starts_at + timedelta(hours=1)


def _series_row(uow: FamilyWork, event_id: uuid.UUID) -> Event:
    """The series an id names (a changed occurrence's id names its series)."""
    row = need(uow.events.get(event_id), "event")
    if row.series_id is not None:
        row = need(uow.events.get(row.series_id), "event")
    return row


def _occurrence_of(uow: FamilyWork, row: Event, original: str) -> datetime | date:
    """The original start `original` names, checked to be one of the series'."""
    try:
        moment = from_iso(original)
    except ValueError:
        raise ValidationError.one("original", "That is not an occurrence of this event.") from None
    series = series_of(row)
    wall = recurrence.wall_seconds(moment)
    probe_tz = UTC if row.all_day else recurrence.zone(row.timezone)
    around = recurrence.EPOCH + timedelta(seconds=wall)
    lo = (around - timedelta(days=2)).replace(tzinfo=probe_tz)
    hi = (around + timedelta(days=2)).replace(tzinfo=probe_tz)
    if not any(o.wall == wall for o in recurrence.expand(series, lo, hi, floating=probe_tz)):
        raise ValidationError.one("original", "That is not an occurrence of this event.")
    return moment


def _day_of(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _own_row(uow: FamilyWork, row: Event, original: str) -> Event | None:
    return next((r for r in uow.events.overrides_of([row.id]) if r.recurrence_id == original), None)


def _apply(uow: FamilyWork, row: Event, changes: dict[str, Any], base: datetime | date) -> None:
    """Apply form changes to `row`, whose current start is `base` (a wall time or a
    date): text, member, rule, and day/times (kept where not given)."""
    if {"title", "location", "notes"} & changes.keys():
        text = _event_text(
            changes.get("title", row.title),
            changes.get("location", row.location),
            changes.get("notes", row.notes),
        )
        row.title, row.location, row.notes = text["title"], text["location"], text["notes"]
    if "member_id" in changes:
        uow.member(changes["member_id"])
        row.member_id = changes["member_id"]
    if "type_id" in changes:
        uow.event_type(changes["type_id"])
        row.type_id = changes["type_id"]
    if "rule" in changes:
        rule = changes["rule"]
        row.rrule = recurrence.check_event_rule(rule) if rule else None
    if {"day", "start", "end"} & changes.keys():
        first = parse_day(changes["day"]) if "day" in changes else _day_of(base)
        if "start" in changes:
            begins = parse_clock(changes["start"], "start") if changes["start"] else None
        else:
            begins = base.time() if isinstance(base, datetime) else None
        old_start, old_end = _local(row)
        if "end" in changes:
            ends = parse_clock(changes["end"], "end") if changes["end"] else None
        elif isinstance(old_end, datetime) and begins is not None:
            ends = (datetime.combine(first, begins) + _duration(row)).time()
        else:
            ends = None
        _place(row, first, begins, ends, row.timezone if not row.all_day else uow.timezone)
    if "repeat" in changes:  # after the day and times: the rule is built from them
        row.rrule = rule_from_choices(
            changes["repeat"], _day_of(_wall(row)), timezone=row.timezone, all_day=row.all_day
        )
    uow.session.flush()


def _drop_strays(uow: FamilyWork, row: Event) -> None:
    """After a series changed: its changed occurrences and skipped dates that no longer
    fall on it go (an occurrence moved from a Tuesday the series no longer has)."""
    changed = uow.events.overrides_of([row.id])
    if not changed and not row.exdates:
        return
    originals = [from_iso(x) for x in [*(r.recurrence_id or "" for r in changed), *row.exdates]]
    if not originals:
        return
    bare = series_of(row)
    bare = Series(bare.start, bare.timezone, bare.duration, bare.rule, bare.rdates, key=row.id)
    probe_tz = UTC if row.all_day else recurrence.zone(row.timezone)
    walls = [recurrence.wall_seconds(o) for o in originals]
    lo = recurrence.EPOCH + timedelta(seconds=min(walls) - 86_400)
    hi = recurrence.EPOCH + timedelta(seconds=max(walls) + 86_400)
    on = {
        o.wall
        for o in recurrence.expand(
            bare, lo.replace(tzinfo=probe_tz), hi.replace(tzinfo=probe_tz), floating=probe_tz
        )
    }
    for own in changed:
        if own.recurrence_id and recurrence.wall_seconds(from_iso(own.recurrence_id)) not in on:
            uow.events.delete(own)
    row.exdates = [x for x in row.exdates if recurrence.wall_seconds(from_iso(x)) in on]
    uow.session.flush()


def _change_one(
    uow: FamilyWork, row: Event, original: str, moment: datetime | date, changes: dict[str, Any]
) -> EventInfo:
    """One occurrence changed: its own row (made from the series the first time)."""
    own = _own_row(uow, row, original)
    before = event_image(uow, row)
    if own is None:
        own = Event(
            title=row.title,
            location=row.location,
            notes=row.notes,
            member_id=row.member_id,
            type_id=row.type_id,
            timezone=row.timezone,
            all_day=row.all_day,
            rrule=None,
            exdates=[],
            rdates=[],
            series_id=row.id,
            recurrence_id=original,
        )
        if isinstance(moment, datetime):
            tz = recurrence.zone(row.timezone)
            own.starts_at = moment.replace(tzinfo=tz).astimezone(UTC)
        else:
            own.starts_at = datetime.combine(moment, time(), UTC)
        own.ends_at = own.starts_at + _duration(row)
        uow.events.add(own)
    _apply(uow, own, changes, _wall(own))
    moved = _wall(own) != moment
    what = "moved" if moved else "changed"
    change = f"{what} {_short(_day_of(moment))} only"
    if moved:
        change += (
            f" (now {_short(_day_of(_wall(own)))})"
            if _day_of(_wall(own)) != _day_of(moment)
            else ""
        )
    uow.audit(EVENT, "edited", row.id, before=before, after=event_image(uow, row, change))
    return event_info(own)


def _end_before(uow: FamilyWork, row: Event, moment: datetime | date) -> int:
    """End the series with its last occurrence before `moment`: UNTIL that occurrence
    (in UTC, as RFC 5545 wants with a zone; a date for an all-day series), or COUNT
    cut to the occurrences before it; its changed occurrences and dates from `moment`
    on go. Returns how many occurrences of its rule it keeps (0: none was before)."""
    parts = recurrence.parts_of(row.rrule) if row.rrule else {}
    wall = recurrence.wall_seconds(moment)
    probe_tz = UTC if row.all_day else recurrence.zone(row.timezone)
    bare = Series(_wall(row), row.timezone, timedelta(0), rule=row.rrule)
    lo = datetime.combine(_day_of(_wall(row)), time(), probe_tz) - timedelta(days=1)
    hi = (recurrence.EPOCH + timedelta(seconds=wall)).replace(tzinfo=probe_tz)
    before = [o for o in recurrence.expand(bare, lo, hi, floating=probe_tz) if o.wall < wall]
    if parts and before:
        if "COUNT" in parts:
            parts["COUNT"] = str(len(before))
        else:
            last = before[-1]
            parts["UNTIL"] = (
                f"{last.original:%Y%m%d}"
                if row.all_day
                else f"{datetime.fromtimestamp(last.at, UTC):%Y%m%dT%H%M%SZ}"
            )
        row.rrule = ";".join(f"{k}={v}" for k, v in parts.items())
    row.rdates = [x for x in row.rdates if recurrence.wall_seconds(from_iso(x)) < wall]
    row.exdates = [x for x in row.exdates if recurrence.wall_seconds(from_iso(x)) < wall]
    for own in uow.events.overrides_of([row.id]):
        if own.recurrence_id and recurrence.wall_seconds(from_iso(own.recurrence_id)) >= wall:
            uow.events.delete(own)
    uow.session.flush()
    return len(before)


def _split(
    uow: FamilyWork, row: Event, original: str, moment: datetime | date, changes: dict[str, Any]
) -> EventInfo:
    """ "This and following": the series ends before `moment`, a new one starts there
    with the changes; the later changed occurrences and skipped dates move to it."""
    if recurrence.wall_seconds(moment) == recurrence.wall_seconds(_wall(row)):
        # From the first occurrence on: that is the whole series.
        before = event_image(uow, row)
        _apply(uow, row, changes, _wall(row))
        _drop_strays(uow, row)
        uow.audit(EVENT, "edited", row.id, before=before, after=event_image(uow, row))
        return event_info(row)
    wall = recurrence.wall_seconds(moment)
    later_own = [
        r
        for r in uow.events.overrides_of([row.id])
        if r.recurrence_id and recurrence.wall_seconds(from_iso(r.recurrence_id)) >= wall
    ]
    later_ex = [x for x in row.exdates if recurrence.wall_seconds(from_iso(x)) >= wall]
    later_rd = [x for x in row.rdates if recurrence.wall_seconds(from_iso(x)) >= wall]
    parts = recurrence.parts_of(row.rrule) if row.rrule else {}
    before = event_image(uow, row)
    new = Event(
        title=row.title,
        location=row.location,
        notes=row.notes,
        member_id=row.member_id,
        type_id=row.type_id,
        timezone=row.timezone,
        all_day=row.all_day,
        rrule=row.rrule,
        exdates=later_ex,
        rdates=later_rd,
        uid=new_uid(),
    )
    if isinstance(moment, datetime):
        new.starts_at = moment.replace(tzinfo=recurrence.zone(row.timezone)).astimezone(UTC)
    else:
        new.starts_at = datetime.combine(moment, time(), UTC)
    new.ends_at = new.starts_at + _duration(row)
    for own in later_own:  # kept aside: _end_before deletes the later ones
        uow.session.expunge(own)
    kept = _end_before(uow, row, moment)
    if "COUNT" in parts:
        left = int(parts["COUNT"]) - kept
        parts["COUNT"] = str(max(left, 1))
        new.rrule = ";".join(f"{k}={v}" for k, v in parts.items())
    uow.events.add(new)
    for own in later_own:  # re-pointed at the new series (same original starts)
        uow.session.add(own)
    uow.session.flush()
    for own in later_own:
        own.series_id = new.id
    uow.session.flush()
    _apply(uow, new, changes, _wall(new))
    _drop_strays(uow, new)
    change = f"changed from {_short(_day_of(moment))} on"
    uow.audit(EVENT, "edited", row.id, before=before, after=event_image(uow, row, change))
    uow.audit(EVENT, "created", new.id, after=event_image(uow, new, change))
    return event_info(new)


def _item_fields(
    series: Event, row: Event, members: dict, types: dict[uuid.UUID, str]
) -> dict[str, Any]:
    """An agenda item's fields that are the same for every occurrence shown from
    `row` (the series, or a changed occurrence's own row) of `series`."""
    member = members.get(row.member_id) if row.member_id else None
    return {
        "event_id": series.id,
        "title": row.title,
        "member_id": row.member_id,
        "member": member.name if member is not None else "",
        "location": row.location,
        "notes": row.notes,
        "repeats": repeats(series),
        "timezone": series.timezone,
        "rule": series.rrule,
        "series_start": _day_of(_wall(series)),
        "type_id": row.type_id,
        "type_name": types.get(row.type_id, "") if row.type_id else "",
        "color": member.color if member is not None else None,
    }


def _item(fields: dict[str, Any], row: Event, occ: recurrence.Occurrence, tz: tzinfo) -> AgendaItem:
    start: datetime | date
    end: datetime | date
    if occ.all_day:
        start, end = occ.start, occ.end
    else:  # the instants straight in the profile's zone, not through the series' own
        start, end = datetime.fromtimestamp(occ.at, tz), datetime.fromtimestamp(occ.until, tz)
    return AgendaItem(
        **fields,
        original=iso(occ.original),
        all_day=occ.all_day,
        start=start,
        end=end,
        moved=occ.moved,
        changed_id=row.id if occ.moved else None,
    )


def _birthdays(
    members: Any, start: datetime, end: datetime, tz: tzinfo
) -> list[tuple[int, AgendaItem]]:
    found = []
    for m in members:
        if m.birthday is None:
            continue
        series = Series(
            m.birthday, rule=recurrence.birthday_rule(m.birthday), duration=timedelta(days=1)
        )
        for occ in recurrence.expand(series, start, end, floating=tz):
            age = recurrence.age_on(m.birthday, occ.start)
            item = AgendaItem(
                event_id=m.id,
                original=iso(occ.original),
                title=f"{m.name}'s birthday" + (f" ({age})" if age > 0 else ""),
                all_day=True,
                start=occ.start,
                end=occ.end,
                member_id=m.id,
                member=m.name,
                location="",
                notes="",
                repeats="yearly",
                birthday_age=age,
                color=m.color,
            )
            found.append((occ.at, item))
    return found
