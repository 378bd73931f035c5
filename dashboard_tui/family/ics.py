"""iCalendar (RFC 5545) files and the family calendar, without the database: a file's
bytes → the series it holds (`read_calendar`), and series rows → a file (`write_calendar`).
family/ics_service.py stores and audits them.

Reading takes what other calendar programs write: a BOM, CRLF or LF, folded lines,
VTIMEZONE components and TZIDs (IANA names, Windows names such as "W. Europe Standard
Time", and a program's own names, matched to the IANA zone with the same offsets),
UTC and floating times (floating: the profile's zone), all-day dates (with or without
VALUE=DATE), RRULE, EXDATE, RDATE, changed occurrences (RECURRENCE-ID; with
RANGE=THISANDFUTURE the series is split there, as a "this and following" edit does)
and cancelled ones (STATUS:CANCELLED: a skipped date). What the calendar cannot hold
(to-dos, journal entries, alarms, attendees, a rule it cannot expand, ...) is counted
and named in the summary, never dropped silently. A file that is not iCalendar, or an
event without a start, stops the whole import: nothing of it is stored.

An event's member and type go out as X-DASHBOARD-MEMBER / X-DASHBOARD-TYPE (the exact
name, read back by this app) and as CATEGORIES (what Outlook, Thunderbird and Apple
Calendar show as tags). Not ATTENDEE: an attendee is an invitee with an e-mail address
a member does not have, and programs that see attendees turn the event into a meeting
and offer to mail "invitations" to it. Members' birthdays go out as yearly all-day
events marked X-DASHBOARD-BIRTHDAY, which an import matches to the member's details
instead of adding them as events (the agenda shows birthdays from members).

icalendar is imported by the functions that read or write a file, never when this
module is: start-up pays nothing for it."""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from dashboard_tui.kit import recurrence
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.recurrence import Series
from dashboard_tui.kit.validation import ALLOWED_FORMAT, NOTES_MAX, REFUSED_CATEGORIES

if TYPE_CHECKING:
    from dashboard_tui.models.family import Event

MAX_BYTES = 10 * 1024 * 1024  # a family's calendar of decades is far smaller
UID_MAX = 255
TITLE_MAX = 200
LOCATION_MAX = 200
NAME_MAX = 120  # a member's name, as the member form holds it
MEMBER_PROP = "X-DASHBOARD-MEMBER"
TYPE_PROP = "X-DASHBOARD-TYPE"
BIRTHDAY_PROP = "X-DASHBOARD-BIRTHDAY"
BIRTHDAY_CATEGORY = "Birthday"
UNTITLED = "Untitled event"
PRODID = "-//dashboard-tui//family calendar//EN"
# Properties an event row holds, or bookkeeping of the file itself (not lost).
KEPT = frozenset(
    {
        "UID", "DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "RDATE", "RECURRENCE-ID",
        "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS", "DTSTAMP", "CREATED",
        "LAST-MODIFIED", "SEQUENCE", "TRANSP",
        # Matched to members and event types by the service; what matches nothing is
        # named there.
        "CATEGORIES", MEMBER_PROP, TYPE_PROP, BIRTHDAY_PROP,
    }
)  # fmt: skip
# What a left-out property or component is called in the summary.
NAMES = {
    "VTODO": "to-dos (VTODO)",
    "VJOURNAL": "journal entries (VJOURNAL)",
    "VFREEBUSY": "free/busy blocks (VFREEBUSY)",
    "VALARM": "alarms (VALARM)",
    "ATTENDEE": "attendees (ATTENDEE)",
    "ORGANIZER": "organizers (ORGANIZER)",
    "CATEGORIES": "categories (CATEGORIES)",
    "URL": "links (URL)",
    "ATTACH": "attachments (ATTACH)",
    "CLASS": "privacy classes (CLASS)",
    "GEO": "map positions (GEO)",
    "PRIORITY": "priorities (PRIORITY)",
    "CONFERENCE": "video calls (CONFERENCE)",
}


class IcsError(ValueError):
    """The file cannot be read as iCalendar; nothing of it is imported."""


@dataclass(frozen=True)
class Tags:
    """Who and what an event of the file is for: the member's and the event type's
    names as this app writes them (X- properties; "" when absent), and the
    CATEGORIES any program writes (matched to members and types on import)."""

    member: str = ""
    event_type: str = ""
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Birthday:
    """A member's birthday as this app exports it: a yearly all-day event."""

    label: str  # the event's title, as the summary names it
    member: str
    born: date


@dataclass(frozen=True)
class Changed:
    """A changed occurrence of a series: its original start (the series' wall time
    or date, ISO) and where it is now (aware datetimes, or dates: end exclusive)."""

    recurrence_id: str
    title: str
    location: str
    notes: str
    start: datetime | date
    end: datetime | date
    timezone: str
    tags: Tags = Tags()


@dataclass(frozen=True)
class Incoming:
    """One series (or single event) of a file, as an event row holds it."""

    uid: str
    title: str
    location: str
    notes: str
    start: datetime | date  # naive wall time in `timezone`, or a date (all day)
    duration: timedelta
    timezone: str
    rrule: str | None = None
    exdates: tuple[str, ...] = ()
    rdates: tuple[str, ...] = ()
    changed: tuple[Changed, ...] = ()
    tags: Tags = Tags()

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    def series(self) -> Series:
        return Series(
            self.start,
            self.timezone,
            self.duration,
            rule=self.rrule,
            rdates=tuple(_from_iso(x) for x in self.rdates),
            exdates=tuple(_from_iso(x) for x in self.exdates),
        )


@dataclass
class Reading:
    """What a file held: the series to store, and what was left out and why."""

    events: list[Incoming] = field(default_factory=list)
    birthdays: list[Birthday] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (event, why)
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


# -- reading ---------------------------------------------------------------------------------
def read_calendar(data: bytes, floating: str) -> Reading:
    """A file's bytes → its series; `floating` is the zone floating times are read in
    (the profile's). An IcsError when the file cannot be read at all."""
    if len(data) > MAX_BYTES:
        raise IcsError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IcsError("the file is not UTF-8 text (RFC 5545 files are)") from None
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise IcsError("the file does not start with BEGIN:VCALENDAR: not an iCalendar file")
    from icalendar import Calendar

    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise IcsError(f"the file is not valid iCalendar: {exc}") from None
    reading = Reading()
    groups: dict[str, list[Any]] = {}
    for calendar in calendars:
        for component in calendar.subcomponents:
            name = str(component.name).upper()
            if name == "VTIMEZONE":
                continue
            if name != "VEVENT":
                reading.left_out[NAMES.get(name, f"{name} components")] += 1
                continue
            _check_parsed(component)
            uid = _uid(component)
            groups.setdefault(uid, []).append(component)
    for uid, components in groups.items():
        reading.events.extend(_series_of(uid, components, floating, reading))
    return reading


def _check_parsed(component: Any) -> None:
    if component.errors:
        prop, message = component.errors[0]
        raise IcsError(f"event {_label(component)}: {prop} cannot be read ({message})")
    if component.get("DTSTART") is None:
        raise IcsError(f"event {_label(component)} has no start (DTSTART)")


def _label(component: Any) -> str:
    summary = str(component.get("SUMMARY", "") or "")
    shown = "".join(ch for ch in summary if ch.isprintable())[:60]
    return repr(shown) if shown else f"UID {str(component.get('UID', '?'))[:60]!r}"


def _uid(component: Any) -> str:
    """The event's UID; one made from its start and title when it has none (so a
    re-import still finds it), and a digest when it is longer than a row holds."""
    uid = str(component.get("UID", "") or "").strip()
    if not uid:
        seed = f"{component.get('DTSTART').to_ical()!r}|{component.get('SUMMARY', '')}"
        return f"{hashlib.sha256(seed.encode()).hexdigest()[:32]}@import.dashboard-tui"
    if len(uid) > UID_MAX or not uid.isprintable():
        return f"sha256-{hashlib.sha256(uid.encode()).hexdigest()}"
    return uid


def _series_of(uid: str, components: list[Any], floating: str, reading: Reading) -> list[Incoming]:
    masters = [c for c in components if c.get("RECURRENCE-ID") is None]
    overrides = [c for c in components if c.get("RECURRENCE-ID") is not None]
    if not masters:
        for c in overrides:
            reading.skipped.append(
                (_label(c), "a changed occurrence of a series that is not in the file")
            )
        return []
    if len(masters) > 1:
        reading.skipped.append((_label(masters[0]), f"{len(masters)} events share the UID"))
        return []
    master = masters[0]
    _count_left_out(master, reading)
    if str(master.get("STATUS", "")).upper() == "CANCELLED":
        reading.skipped.append((_label(master), "cancelled (STATUS:CANCELLED)"))
        return []
    if master.get(BIRTHDAY_PROP) is not None:
        birthday = _birthday(master, reading)
        if birthday is not None:
            reading.birthdays.append(birthday)
            for override in overrides:
                reading.skipped.append((_label(override), "a changed birthday (it is yearly)"))
            return []
    try:
        event = _master(uid, master, floating, reading)
    except ValidationError as exc:
        reading.skipped.append((_label(master), "; ".join(exc.errors.values())))
        return []
    found = [event]
    # THISANDFUTURE last and in order: each splits the series then in force.
    overrides.sort(key=lambda c: (_is_future(c), _wall_key(c)))
    for override in overrides:
        _count_left_out(override, reading)
        current = found[-1]
        try:
            original = _as_series_moment(override.get("RECURRENCE-ID").dt, current, floating)
        except ValidationError as exc:
            reading.skipped.append((_label(override), "; ".join(exc.errors.values())))
            continue
        rid = _iso(original)
        if str(override.get("STATUS", "")).upper() == "CANCELLED":
            host = _host(found, original)
            found[found.index(host)] = replace(host, exdates=(*host.exdates, _iso(original)))
            continue
        try:
            changed = _changed(rid, override, current, floating, reading)
        except ValidationError as exc:
            reading.skipped.append((_label(override), "; ".join(exc.errors.values())))
            continue
        if _is_future(override):
            found[-1:] = _split(current, original, changed)
        else:
            host = _host(found, original)
            changed = replace(changed, recurrence_id=_iso(original))
            found[found.index(host)] = replace(host, changed=(*host.changed, changed))
    return found


def _is_future(component: Any) -> bool:
    rid = component.get("RECURRENCE-ID")
    return str(rid.params.get("RANGE", "")).upper() == "THISANDFUTURE"


def _wall_key(component: Any) -> str:
    value = component.get("RECURRENCE-ID").dt
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.isoformat()


def _host(found: list[Incoming], original: datetime | date) -> Incoming:
    """Which part of a split series an original start belongs to (the last part
    begun on or before it)."""
    wall = recurrence.wall_seconds(original)
    host = found[0]
    for part in found:
        if recurrence.wall_seconds(part.start) <= wall:
            host = part
    return host


def _count_left_out(component: Any, reading: Reading) -> None:
    for sub in component.subcomponents:
        name = str(sub.name).upper()
        reading.left_out[NAMES.get(name, f"{name} components")] += 1
    for name in component:
        upper = str(name).upper()
        if upper in KEPT:
            continue
        values = component.get(name)
        count = len(values) if isinstance(values, list) else 1
        what = NAMES.get(upper, f"other details ({upper})")
        reading.left_out[what] += count
    rrules = component.get("RRULE")
    if isinstance(rrules, list) and len(rrules) > 1:
        reading.left_out["second and later RRULEs of an event"] += len(rrules) - 1


def _master(uid: str, c: Any, floating: str, reading: Reading) -> Incoming:
    start_value = c.get("DTSTART").dt
    start, zone_name = _start(start_value, c.get("DTSTART").params, floating, reading)
    duration = _duration_of(c, start_value, start)
    rule = _rule(c, start)
    probe = Incoming(uid, "", "", "", start, duration, zone_name, rule)
    exdates = _dates(c, "EXDATE", probe, floating)
    rdates = _dates(c, "RDATE", probe, floating, reading)
    title, location, notes = _texts(c, reading)
    return Incoming(
        uid, title, location, notes, start, duration, zone_name, rule,
        tuple(sorted(set(exdates))), tuple(sorted(set(rdates) - {_iso(start)})),
        tags=_tags(c, reading),
    )  # fmt: skip


def _tags(c: Any, reading: Reading) -> Tags:
    categories: list[str] = []
    values = c.get("CATEGORIES")
    for prop in values if isinstance(values, list) else [values] if values is not None else []:
        for category in prop.cats:
            text = _clean(str(category), NAME_MAX, "categories", reading, one_line=True)
            if text:
                categories.append(text)
    return Tags(
        member=_x_text(c, MEMBER_PROP, "member names", reading),
        event_type=_x_text(c, TYPE_PROP, "event type names", reading),
        categories=tuple(dict.fromkeys(categories)),
    )


def _x_text(c: Any, name: str, what: str, reading: Reading) -> str:
    """An X- property's text: icalendar leaves an unknown property's value escaped."""
    value = c.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        reading.left_out[f"second and later {name} of an event"] += len(value) - 1
        value = value[0]
    return _clean(unescape_text(str(value)), NAME_MAX, what, reading, one_line=True)


def unescape_text(text: str) -> str:
    """RFC 5545 §3.3.11 TEXT unescaped in one pass: \\\\ \\; \\, \\n \\N (a backslash
    before anything else stays, as programs write it)."""
    out: list[str] = []
    chars = iter(text)
    for ch in chars:
        if ch != "\\":
            out.append(ch)
            continue
        nxt = next(chars, "")
        out.append({"n": "\n", "N": "\n", "\\": "\\", ";": ";", ",": ","}.get(nxt, ch + nxt))
    return "".join(out)


def _birthday(c: Any, reading: Reading) -> Birthday | None:
    """A birthday this app exported: its member and the date of birth (DTSTART)."""
    born = c.get("DTSTART").dt
    member = _x_text(c, BIRTHDAY_PROP, "member names", reading)
    if isinstance(born, datetime) or not member:
        reading.skipped.append((_label(c), "a birthday without a member or a date of birth"))
        return None
    return Birthday(_label(c), member, born)


def _start(
    value: datetime | date, params: Any, floating: str, reading: Reading
) -> tuple[datetime | date, str]:
    """DTSTART → (wall time or date, the zone the series repeats in)."""
    if not isinstance(value, datetime):
        return value, "UTC"
    if value.tzinfo is None:
        if params.get("TZID"):
            reading.note(f"zone {_safe(params['TZID'])!r} is unknown: its times read as {floating}")
        return value, floating
    name = _zone_name(value.tzinfo, str(params.get("TZID", "")), value, reading)
    return value.astimezone(recurrence.zone(name)).replace(tzinfo=None), name


def _zone_name(tz: tzinfo, tzid: str, near: datetime, reading: Reading) -> str:
    """An IANA name for a parsed zone: its own key (icalendar maps Windows names when
    the file has no VTIMEZONE of its own), the TZID as an IANA or Windows name, or the
    IANA zone whose offsets match the file's VTIMEZONE all year around `near`."""
    key = getattr(tz, "key", None)
    if isinstance(key, str) and key:
        return "UTC" if key in ("UTC", "Etc/UTC", "Z") else key
    named = _named_zone(tzid)
    if named is not None:
        return named
    found = _same_offsets(tz, near.year)
    if found is None:
        raise ValidationError.one("timezone", f"zone {_safe(tzid)!r} matches no known zone")
    reading.note(f"zone {_safe(tzid)!r} read as {found} (the same offsets)")
    return found


def _named_zone(tzid: str) -> str | None:
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    name = WINDOWS_TO_OLSON.get(tzid.strip('"'), tzid.strip('"'))
    try:
        recurrence.zone(name)
    except ValidationError:
        return None
    return name


def _same_offsets(tz: tzinfo, year: int) -> str | None:
    from zoneinfo import ZoneInfo, available_timezones

    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    probes = [
        datetime(y, m, d, 12) for y in (year, year + 1) for m in range(1, 13) for d in (1, 15)
    ]
    want = [tz.utcoffset(p) for p in probes]
    preferred = list(dict.fromkeys(WINDOWS_TO_OLSON.values()))
    for name in [*preferred, *sorted(available_timezones())]:
        try:
            candidate = ZoneInfo(name)
        except (ValueError, OSError, KeyError):
            continue
        if [candidate.utcoffset(p) for p in probes] == want:
            return name
    return None


def _as_series_moment(value: datetime | date, series: Incoming, floating: str) -> datetime | date:
    """A date-time of the file (EXDATE, RDATE, RECURRENCE-ID) as the series keeps its
    starts: a wall time in its zone, or a date."""
    if series.all_day:
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                return value.astimezone(UTC).date()
            return value.date()
        return value
    if not isinstance(value, datetime):
        assert isinstance(series.start, datetime)
        return datetime.combine(value, series.start.time())
    if value.tzinfo is None:
        if series.timezone != floating:
            return (
                value.replace(tzinfo=recurrence.zone(floating))
                .astimezone(recurrence.zone(series.timezone))
                .replace(tzinfo=None)
            )
        return value
    return value.astimezone(recurrence.zone(series.timezone)).replace(tzinfo=None)


def _dates(
    c: Any, name: str, series: Incoming, floating: str, reading: Reading | None = None
) -> list[str]:
    found = []
    values = c.get(name)
    for prop in values if isinstance(values, list) else [values] if values is not None else []:
        for item in prop.dts:
            value = item.dt
            if isinstance(value, tuple):  # a PERIOD: start and end (or duration)
                if reading is not None:
                    reading.left_out["ends of RDATE periods (the series' length is kept)"] += 1
                value = value[0]
            found.append(_iso(_as_series_moment(value, series, floating)))
    return found


def _duration_of(c: Any, start_value: datetime | date, start: datetime | date) -> timedelta:
    end = c.get("DTEND")
    if end is not None:
        end_value = end.dt
        if isinstance(start_value, datetime) and isinstance(end_value, datetime):
            if (start_value.tzinfo is None) != (end_value.tzinfo is None):
                end_value = end_value.replace(tzinfo=start_value.tzinfo)
            length = end_value - start_value
        elif not isinstance(start_value, datetime) and not isinstance(end_value, datetime):
            length = end_value - start_value
        else:
            length = timedelta(days=1) if not isinstance(start, datetime) else timedelta(0)
    elif c.get("DURATION") is not None:
        length = c.get("DURATION").dt
    else:  # RFC 5545 §3.6.1: a date lasts the day, a date-time no time at all
        length = timedelta(0) if isinstance(start, datetime) else timedelta(days=1)
    if length < timedelta(0):
        raise ValidationError.one("end", "it ends before it starts")
    if not isinstance(start, datetime):
        length = timedelta(days=max(1, length.days))
    return length


def _rule(c: Any, start: datetime | date) -> str | None:
    rules = c.get("RRULE")
    if rules is None:
        return None
    first = rules[0] if isinstance(rules, list) else rules
    text = first.to_ical().decode()
    try:
        checked = recurrence.check_event_rule(text)
        # dateutil is the judge of the rest (parts, values): expanded once here.
        recurrence.expand(
            Series(start, "UTC", rule=checked),
            datetime(2000, 1, 1, tzinfo=UTC),
            datetime(2000, 1, 2, tzinfo=UTC),
        )
    except ValidationError as exc:
        raise ValidationError.one(
            "rule", f"its repeat rule {_safe(text)[:80]!r} cannot be kept: {exc.errors['rule']}"
        ) from None
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        raise ValidationError.one(
            "rule", f"its repeat rule {_safe(text)[:80]!r} cannot be kept: {exc}"
        ) from None
    return checked


def _texts(c: Any, reading: Reading) -> tuple[str, str, str]:
    title = _clean(str(c.get("SUMMARY", "") or ""), TITLE_MAX, "titles", reading, one_line=True)
    if not title:
        title = UNTITLED
        reading.left_out[f"events without a title (called {UNTITLED!r})"] += 1
    location = _clean(
        str(c.get("LOCATION", "") or ""), LOCATION_MAX, "locations", reading, one_line=True
    )
    notes = _clean(str(c.get("DESCRIPTION", "") or ""), NOTES_MAX, "notes", reading)
    return title, location, notes


def _clean(text: str, limit: int, what: str, reading: Reading, *, one_line: bool = False) -> str:
    """Text of a file as an event keeps it: markup stays literal (it is data), the
    characters no field may hold (controls, bidi overrides, zero-width) go, a one-line
    field's line breaks become spaces; too long is cut. Each is named in the summary."""
    if one_line:
        text = " ".join(text.replace("\r", "\n").split("\n"))
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(
        ch
        for ch in text
        if ch in "\n\t"
        and not one_line
        or unicodedata.category(ch) not in REFUSED_CATEGORIES
        or ch in ALLOWED_FORMAT
    )
    if kept != text:
        reading.left_out[f"control or invisible characters removed from {what}"] += 1
    kept = kept.strip()
    if len(kept) > limit:
        reading.left_out[f"{what} cut to {limit} characters"] += 1
        kept = kept[:limit].rstrip()
    return kept


def _changed(rid: str, c: Any, series: Incoming, floating: str, reading: Reading) -> Changed:
    value = c.get("DTSTART").dt
    start, zone_name = _start(value, c.get("DTSTART").params, floating, reading)
    duration = _duration_of(c, value, start)
    title, location, notes = _texts(c, reading)
    if isinstance(start, datetime):
        begins: datetime | date = start.replace(tzinfo=recurrence.zone(zone_name))
        ends: datetime | date = begins + duration
    else:
        begins, ends = start, start + duration
    return Changed(rid, title, location, notes, begins, ends, zone_name, _tags(c, reading))


def _split(series: Incoming, original: datetime | date, changed: Changed) -> list[Incoming]:
    """RANGE=THISANDFUTURE: the series ends before `original`; a new one begins where
    the changed occurrence is, with its text and length, the same rule (COUNT what
    was left of it), and the later skipped, extra and changed dates moved as far as
    the occurrence moved (RFC 5545 §3.8.4.4)."""
    wall = recurrence.wall_seconds(original)
    new_start: datetime | date
    if isinstance(changed.start, datetime) and isinstance(series.start, datetime):
        new_start = changed.start.astimezone(recurrence.zone(series.timezone)).replace(tzinfo=None)
        length = changed.end - changed.start
    elif not isinstance(changed.start, datetime) and not isinstance(series.start, datetime):
        new_start, length = changed.start, changed.end - changed.start  # type: ignore[operator]
    else:
        new_start, length = original, series.duration
    shift = recurrence.wall_seconds(new_start) - wall

    def later(values: Iterable[str]) -> tuple[str, ...]:
        return tuple(
            _iso(_shifted(_from_iso(x), shift))
            for x in values
            if recurrence.wall_seconds(_from_iso(x)) >= wall
        )

    def earlier(values: Iterable[str]) -> tuple[str, ...]:
        return tuple(x for x in values if recurrence.wall_seconds(_from_iso(x)) < wall)

    parts = recurrence.parts_of(series.rrule) if series.rrule else {}
    bare = Series(series.start, series.timezone, timedelta(0), rule=series.rrule)
    probe = UTC if series.all_day else recurrence.zone(series.timezone)
    lo = recurrence.EPOCH + timedelta(seconds=recurrence.wall_seconds(series.start) - 86_400)
    hi = recurrence.EPOCH + timedelta(seconds=wall)
    before = [
        o
        for o in recurrence.expand(
            bare, lo.replace(tzinfo=probe), hi.replace(tzinfo=probe), floating=probe
        )
        if o.wall < wall
    ]
    old_parts, new_parts = dict(parts), dict(parts)
    if parts and before:
        if "COUNT" in parts:
            old_parts["COUNT"] = str(len(before))
            new_parts["COUNT"] = str(max(1, int(parts["COUNT"]) - len(before)))
        else:
            last = before[-1]
            old_parts["UNTIL"] = (
                f"{last.original:%Y%m%d}"
                if series.all_day
                else f"{datetime.fromtimestamp(last.at, UTC):%Y%m%dT%H%M%SZ}"
            )
    if "UNTIL" in new_parts and shift:
        new_parts.pop("UNTIL")  # kept from the file: its end moves with the series
        until = _until_of(parts["UNTIL"], series)
        new_parts["UNTIL"] = _until_text(_shifted(until, shift), series)
    old = replace(
        series,
        rrule=";".join(f"{k}={v}" for k, v in old_parts.items()) if old_parts else None,
        exdates=earlier(series.exdates),
        rdates=earlier(series.rdates),
        changed=tuple(
            ch
            for ch in series.changed
            if recurrence.wall_seconds(_from_iso(ch.recurrence_id)) < wall
        ),
    )
    moved = tuple(
        replace(ch, recurrence_id=later([ch.recurrence_id])[0])
        for ch in series.changed
        if recurrence.wall_seconds(_from_iso(ch.recurrence_id)) >= wall
    )
    new = Incoming(
        uid=_part_uid(series.uid, _iso(original)),
        title=changed.title,
        location=changed.location,
        notes=changed.notes,
        start=new_start,
        duration=length,
        timezone=series.timezone,
        rrule=";".join(f"{k}={v}" for k, v in new_parts.items()) if new_parts else None,
        exdates=later(series.exdates),
        rdates=later(series.rdates),
        changed=moved,
        tags=changed.tags if changed.tags != Tags() else series.tags,
    )
    if not before and not old.rdates:
        return [replace(new, uid=series.uid)]  # from the first occurrence: all of it
    return [old, new]


def _part_uid(uid: str, original: str) -> str:
    """The UID of the part of a series split at `original`: its own, so a re-import
    finds it, and under 256 characters."""
    text = f"{uid}/{original}"
    if len(text) > UID_MAX:
        return f"sha256-{hashlib.sha256(text.encode()).hexdigest()}"
    return text


def _until_of(text: str, series: Incoming) -> datetime | date:
    if len(text) == 8:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    moment = datetime.strptime(text[:15], "%Y%m%dT%H%M%S")
    if text.endswith("Z") and not series.all_day:
        zone_ = recurrence.zone(series.timezone)
        return moment.replace(tzinfo=UTC).astimezone(zone_).replace(tzinfo=None)
    return moment


def _until_text(value: datetime | date, series: Incoming) -> str:
    if not isinstance(value, datetime):
        return f"{value:%Y%m%d}"
    zone_ = recurrence.zone(series.timezone)
    return f"{value.replace(tzinfo=zone_).astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _shifted(value: datetime | date, seconds: int) -> datetime | date:
    if isinstance(value, datetime):
        return value + timedelta(seconds=seconds)
    return value + timedelta(days=seconds // 86_400)


def _iso(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0).isoformat()
    return value.isoformat()


def _from_iso(text: str) -> datetime | date:
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def _safe(text: object) -> str:
    return "".join(ch for ch in str(text) if ch.isprintable())


# -- writing -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Names:
    """What the export writes for the rows' ids: members' and event types' names, and
    the members whose birthdays go out as yearly events (id, name, date of birth)."""

    members: dict[Any, str] = field(default_factory=dict)
    types: dict[Any, str] = field(default_factory=dict)
    birthdays: tuple[tuple[Any, str, date], ...] = ()


def write_calendar(
    rows: Sequence[Event], changed: dict[Any, list[Event]], now: datetime, names: Names = Names()
) -> bytes:
    """Series rows (with their changed occurrences' rows) → an iCalendar file: each
    timed event in its own zone (TZID, with its VTIMEZONE), all-day ones as dates;
    then the members' birthdays."""
    from icalendar import Calendar
    from icalendar import Event as VEvent
    from icalendar.prop import vRecur

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for row in rows:
        assert row.uid is not None
        event = VEvent()
        event.add("uid", row.uid)
        event.add("dtstamp", now.astimezone(UTC))
        _add_times(event, row)
        _add_text(event, row)
        _add_tags(event, row, names)
        if row.rrule:
            event.add("rrule", vRecur.from_ical(row.rrule))
        for name, values in (("exdate", row.exdates), ("rdate", row.rdates)):
            if values:
                event.add(name, [_file_moment(_from_iso(v), row) for v in sorted(values)])
        calendar.add_component(event)
        for own in changed.get(row.id, []):
            if own.recurrence_id is None:
                continue
            override = VEvent()
            override.add("uid", row.uid)
            override.add("dtstamp", now.astimezone(UTC))
            override.add("recurrence-id", _file_moment(_from_iso(own.recurrence_id), row))
            _add_times(override, own)
            _add_text(override, own)
            _add_tags(override, own, names)
            calendar.add_component(override)
    for member_id, name, born in names.birthdays:
        calendar.add_component(_birthday_event(member_id, name, born, now))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _add_tags(event: Any, row: Event, names: Names) -> None:
    member = names.members.get(row.member_id, "") if row.member_id else ""
    kind = names.types.get(row.type_id, "") if row.type_id else ""
    if member:
        event[MEMBER_PROP] = _text(member)
    if kind:
        event[TYPE_PROP] = _text(kind)
    if member or kind:
        event["CATEGORIES"] = _text(kind, member)


def escape_text(text: str) -> str:
    """RFC 5545 §3.3.11 TEXT escaped. Done here, not by icalendar: its writer turns a
    typed backslash-N into a line break, and a name must come back as typed."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def _text(*values: str) -> Any:
    """A TEXT property's value (several: a list, as CATEGORIES), escaped as written."""
    from icalendar.prop import vUnknown

    return vUnknown(",".join(escape_text(v) for v in values if v))


def _birthday_event(member_id: Any, name: str, born: date, now: datetime) -> Any:
    """A birthday as calendar programs show one: yearly, all day, not busy."""
    from icalendar import Event as VEvent
    from icalendar.prop import vRecur

    event = VEvent()
    event.add("uid", f"birthday-{member_id}@dashboard-tui")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", born)
    event.add("dtend", born + timedelta(days=1))
    event.add("rrule", vRecur.from_ical(recurrence.birthday_rule(born)))
    event["SUMMARY"] = _text(f"{name}'s birthday")
    event.add("transp", "TRANSPARENT")
    event[BIRTHDAY_PROP] = _text(name)
    event["CATEGORIES"] = _text(BIRTHDAY_CATEGORY, name)
    return event


def _file_moment(value: datetime | date, row: Event) -> datetime | date:
    if isinstance(value, datetime) and not row.all_day:
        return value.replace(tzinfo=recurrence.zone(row.timezone))
    return value if not isinstance(value, datetime) else value.date()


def _add_times(event: Any, row: Event) -> None:
    if row.all_day:
        first = row.starts_at.astimezone(UTC).date()
        last = row.ends_at.astimezone(UTC).date() if row.ends_at else first + timedelta(days=1)
        event.add("dtstart", first)
        event.add("dtend", max(last, first + timedelta(days=1)))
        return
    zone_ = recurrence.zone(row.timezone)
    event.add("dtstart", row.starts_at.astimezone(zone_))
    event.add("dtend", (row.ends_at or row.starts_at).astimezone(zone_))


def _add_text(event: Any, row: Event) -> None:
    event["SUMMARY"] = _text(row.title)
    if row.location:
        event["LOCATION"] = _text(row.location)
    if row.notes:
        event["DESCRIPTION"] = _text(row.notes)
