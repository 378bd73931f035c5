"""Recurring dates from RFC 5545 recurrence rules: the engine that scheduled
transactions (finance) and, later, calendar events (family) share. UI-free and
area-free: rule text in, days out.

A rule is kept as the value of an iCalendar RRULE property, the `recur` of RFC 5545
§3.3.10 ("FREQ=MONTHLY;BYMONTHDAY=1"), beside a start day of its own (DTSTART is
never inside the text). The simple choices a form offers are built here
(`monthly_on_day`, `every_n_weeks`, `last_business_day`, `yearly_on`, `daily`); any
other rule a person types is checked by `parse_rule`. `describe` reads a rule back
in words ("every 2 weeks on Friday").

Days only: a rule repeats whole days (FREQ DAILY at the finest), so the times of
day of RFC 5545 (BYHOUR, BYMINUTE, BYSECOND) are refused.

python-dateutil's rrule expands the rules. It is imported when a rule is first
checked or expanded, never when this module is: start-up pays nothing for it."""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from itertools import chain, repeat
from typing import TYPE_CHECKING, NamedTuple

from dashboard_tui.kit.errors import ValidationError

if TYPE_CHECKING:
    from dateutil.rrule import rrule

RULE_MAX = 300  # characters of a rule's text
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
# The parts of RFC 5545 §3.3.10 a rule of days may have.
PARTS = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # date.weekday() order
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
BUSINESS_DAYS = "MO,TU,WE,TH,FR"
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
LATE_YEAR = 9599  # a rule is tried 400-799 years before 9999 (`_ever`)
_PART = re.compile(r"^[A-Z]+=[A-Z0-9,+\-]+$")


# -- building the simple choices ----------------------------------------------------------
def monthly_on_day(day: int, interval: int = 1) -> str:
    """Day `day` (1-31) of every month; in a month without it (day 31 in April), the
    month's last day, as a bill falls due then too."""
    if not 1 <= day <= 31:
        raise ValidationError.one("day", "Choose a day of the month from 1 to 31.")
    every = _interval(interval)
    if day <= 28:
        return f"FREQ=MONTHLY{every};BYMONTHDAY={day}"
    days = ",".join(str(d) for d in range(28, day + 1))
    return f"FREQ=MONTHLY{every};BYMONTHDAY={days};BYSETPOS=-1"


def every_n_weeks(weeks: int, weekdays: int | Sequence[int]) -> str:
    """Every `weeks` weeks on the given weekdays (0 Monday … 6 Sunday)."""
    days = [weekdays] if isinstance(weekdays, int) else list(weekdays)
    if not days or any(not 0 <= d <= 6 for d in days):
        raise ValidationError.one("weekday", "Choose a day of the week.")
    byday = ",".join(WEEKDAYS[d] for d in sorted(set(days)))
    return f"FREQ=WEEKLY{_interval(weeks, 'weeks')};BYDAY={byday}"


def last_business_day() -> str:
    """The last Monday-to-Friday of every month (holidays are not known)."""
    return f"FREQ=MONTHLY;BYDAY={BUSINESS_DAYS};BYSETPOS=-1"


def yearly_on(month: int, day: int) -> str:
    """Every year on one day ("14 March"); 29 February falls only in leap years."""
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2024, month)[1]:
        raise ValidationError.one("day", "Choose a day that exists in that month.")
    return f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}"


def daily(interval: int = 1) -> str:
    return f"FREQ=DAILY{_interval(interval, 'days')}"


def _interval(n: int, field: str = "interval") -> str:
    if not 1 <= n <= 99:
        raise ValidationError.one(field, "Choose from 1 to 99.")
    return "" if n == 1 else f";INTERVAL={n}"


# -- reading and checking a rule's text ----------------------------------------------------
def parts_of(text: str) -> dict[str, str]:
    """ "FREQ=MONTHLY;BYMONTHDAY=1" → {"FREQ": "MONTHLY", "BYMONTHDAY": "1"}; the text
    as `parse_rule` left it (no checks here)."""
    found = {}
    for part in text.split(";"):
        name, _, value = part.partition("=")
        found[name] = value
    return found


def parse_rule(text: str, field: str = "rule", dtstart: date = date(2000, 1, 1)) -> str:
    """A rule as typed ("rrule:freq=weekly; byday=fr", with or without the RRULE:
    name) → its canonical text ("FREQ=WEEKLY;BYDAY=FR"), or a ValidationError saying
    what is wrong. A rule that never yields a day from `dtstart` is refused."""
    if not isinstance(text, str) or len(text) > RULE_MAX:
        raise ValidationError.one(field, f"Write the rule in at most {RULE_MAX} characters.")
    squeezed = "".join(text.split()).upper().removeprefix("RRULE:").strip(";")
    if not squeezed:
        raise ValidationError.one(field, "Write a rule, e.g. FREQ=MONTHLY;BYMONTHDAY=1.")
    parts: dict[str, str] = {}
    for part in squeezed.split(";"):
        if not _PART.match(part):
            raise ValidationError.one(
                field, "Write the rule as NAME=VALUE parts separated by ';' (RFC 5545)."
            )
        name, _, value = part.partition("=")
        if name in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            raise ValidationError.one(field, "A rule repeats whole days: no times of day.")
        if name == "DTSTART":
            raise ValidationError.one(field, "The start day is a field of its own.")
        if name not in PARTS:
            raise ValidationError.one(field, f"{name} is not a part of a rule (RFC 5545).")
        if name in parts:
            raise ValidationError.one(field, f"{name} is given twice.")
        parts[name] = value
    freq = parts.get("FREQ")
    if freq is None:
        raise ValidationError.one(field, "A rule starts with FREQ (e.g. FREQ=MONTHLY).")
    if freq not in FREQUENCIES:
        raise ValidationError.one(field, "FREQ is DAILY, WEEKLY, MONTHLY or YEARLY.")
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValidationError.one(field, "Give COUNT or UNTIL, not both.")
    if "UNTIL" in parts and not re.fullmatch(r"\d{8}", parts["UNTIL"]):
        raise ValidationError.one(field, "UNTIL is a day: YYYYMMDD.")
    # FREQ first, as RFC 5545 writes its examples; the rest in the order typed.
    canonical = ";".join(f"{k}={v}" for k, v in {"FREQ": freq, **parts}.items())
    try:
        _rule(canonical, date(2000, 1, 1))
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValidationError.one(field, f"Not a rule dateutil can read: {exc}.") from None
    if not _ever(canonical, dtstart):
        raise ValidationError.one(field, "This rule never falls on any day.")
    return canonical


def _ever(text: str, dtstart: date) -> bool:
    """Whether the rule, from `dtstart`, yields a day at all. COUNT and UNTIL aside
    (they only end it). The Gregorian calendar repeats every 400 years (weekdays
    included), so the rule is tried from the same day moved whole 400-year cycles on,
    to the last centuries dateutil knows: a rule with no day stops at year 9999
    instead of searching for millions of days. Such a rule is refused."""
    parts = {k: v for k, v in parts_of(text).items() if k not in ("COUNT", "UNTIL")}
    cycles = max(0, (LATE_YEAR - dtstart.year) // 400)
    late = date(dtstart.year + 400 * cycles, dtstart.month, dtstart.day)
    rule = _rule(";".join(f"{k}={v}" for k, v in parts.items()), late)
    return next(iter(rule), None) is not None


@lru_cache(maxsize=256)
def _rule(text: str, dtstart: date) -> rrule:
    from dateutil.rrule import rrulestr

    # One RRULE value, no RDATE/EXDATE: an rrule, never an rruleset.
    return rrulestr(text, dtstart=datetime.combine(dtstart, time()), ignoretz=True)


# -- expanding ------------------------------------------------------------------------------
def occurrences(
    text: str, dtstart: date, *, start: date | None = None, end: date, limit: int = 10_000
) -> list[date]:
    """The rule's days from `start` (default its first) to `end`, both included, in
    order; at most `limit` of them."""
    found: list[date] = []
    for day in iterate(text, dtstart, start=start):
        if day > end or len(found) >= limit:
            break
        found.append(day)
    return found


def iterate(text: str, dtstart: date, *, start: date | None = None) -> Iterator[date]:
    """The rule's days on or after `start` (default: all of them), in order."""
    rule = _rule(text, dtstart)
    at = datetime.combine(max(start or dtstart, dtstart), time())
    for moment in rule.xafter(at, inc=True):
        yield moment.date()


def next_on_or_after(text: str, dtstart: date, day: date) -> date | None:
    """The first of the rule's days on or after `day`; None when it has ended."""
    return next(iterate(text, dtstart, start=day), None)


def next_after(text: str, dtstart: date, day: date) -> date | None:
    """The first of the rule's days after `day`; None when it has ended."""
    return next(iterate(text, dtstart, start=date.fromordinal(day.toordinal() + 1)), None)


# -- in words ----------------------------------------------------------------------------------
def describe(text: str) -> str:
    """A rule in words: "monthly on day 1", "every 2 weeks on Friday", "last business
    day of the month", "yearly on 14 March"; anything else as its parts read."""
    parts = parts_of(text)
    freq = parts.get("FREQ", "")
    n = int(parts.get("INTERVAL", "1") or 1)
    known = {k for k in parts if k not in ("COUNT", "UNTIL", "WKST")}
    said = _said(freq, n, parts, known)
    if said is None:
        return text
    if "COUNT" in parts:
        times = parts["COUNT"]
        said += ", once" if times == "1" else f", {times} times"
    if "UNTIL" in parts and re.fullmatch(r"\d{8}(T\d{6}Z?)?", parts["UNTIL"]):
        u = parts["UNTIL"]  # a day, or a moment (an event's): its day
        said += f", until {u[:4]}-{u[4:6]}-{u[6:8]}"
    return said


def _every(n: int, one: str, unit: str) -> str:
    return one if n == 1 else f"every {n} {unit}"


def _said(freq: str, n: int, parts: dict[str, str], known: set[str]) -> str | None:
    byday = parts.get("BYDAY", "")
    days = byday.split(",") if byday else []
    if freq == "DAILY" and known <= {"FREQ", "INTERVAL"}:
        return _every(n, "daily", "days")
    if freq == "WEEKLY" and known <= {"FREQ", "INTERVAL", "BYDAY"}:
        every = _every(n, "weekly", "weeks")
        if not days:
            return every
        if all(d in WEEKDAYS for d in days):
            return f"{every} on {_and([WEEKDAY_NAMES[WEEKDAYS.index(d)] for d in days])}"
        return None
    if freq == "MONTHLY":
        every = _every(n, "monthly", "months")
        month_days = parts.get("BYMONTHDAY", "")
        if known <= {"FREQ", "INTERVAL", "BYMONTHDAY"} and re.fullmatch(r"-?\d+", month_days):
            d = int(month_days)
            if d == -1:
                return f"{every} on the last day"
            return f"{every} on day {d}" if d > 0 else None
        if known == {"FREQ", "BYMONTHDAY", "BYSETPOS"} | ({"INTERVAL"} if n > 1 else set()):
            listed = month_days.split(",")
            if parts["BYSETPOS"] == "-1" and listed == [
                str(d) for d in range(28, len(listed) + 28)
            ]:
                return f"{every} on day {listed[-1]} (or the month's last day)"
        if known == {"FREQ", "BYDAY", "BYSETPOS"} and byday == BUSINESS_DAYS and n == 1:
            if parts["BYSETPOS"] == "-1":
                return "last business day of the month"
            if parts["BYSETPOS"] == "1":
                return "first business day of the month"
        if known <= {"FREQ", "INTERVAL", "BYDAY"} and len(days) == 1:
            m = re.fullmatch(r"([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)", days[0])
            if m and int(m.group(1)) in ORDINALS:
                day = WEEKDAY_NAMES[WEEKDAYS.index(m.group(2))]
                return f"{every} on the {ORDINALS[int(m.group(1))]} {day}"
        return None
    if freq == "YEARLY":
        every = _every(n, "yearly", "years")
        month, day = parts.get("BYMONTH", ""), parts.get("BYMONTHDAY", "")
        if known <= {"FREQ", "INTERVAL"}:
            return every
        if (
            known <= {"FREQ", "INTERVAL", "BYMONTH", "BYMONTHDAY"}
            and month.isdigit()
            and day.isdigit()
            and 1 <= int(month) <= 12
        ):
            return f"{every} on {int(day)} {calendar.month_name[int(month)]}"
    return None


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


# -- events: series of instants in a timezone ----------------------------------------------
# A calendar series (family events) repeats moments, not only days: RFC 5545's
# DTSTART with TZID, RRULE (times of day allowed), RDATE, EXDATE and overridden
# occurrences (RECURRENCE-ID). The rule is expanded in the series' own wall time, so
# a weekly 09:00 Europe/Berlin stays 09:00 there across DST; the instants come out
# aware (in that zone) and a view converts them to the profile's zone. A local time
# that does not exist (the spring gap) is read with the offset before the gap, and an
# ambiguous one (the autumn fold) as its first instance, as RFC 5545 §3.3.5 says.
# All-day series repeat dates; a date is "floating": it covers that day in whatever
# zone the viewer is in.
#
# Differences from dateutil's own rruleset, on purpose:
# - DTSTART is always the first occurrence (RFC 5545 §3.8.5.3), even when the rule
#   does not fall on it (dateutil drops it then); COUNT still counts the rule's own.
# - UNTIL in UTC ("…Z") is compared as the instant it is, in the series' zone.
# - A rule without COUNT is fast-forwarded near the window (whole periods of the
#   rule, which leave it unchanged) so a series started years ago costs what a new
#   one costs.
# Cost, not results: the common rules (daily, weekly, monthly and yearly on days of
# the month or nth weekdays) are not walked by dateutil but computed (`_plain`,
# `_calendar`), and wall times become instants a run of one UTC offset at a time
# (`_offsets`); tests/unit/test_recurrence_fast_paths.py holds them to dateutil.

Start = datetime | date  # a wall time (naive) of a timed series, or a date


@dataclass(frozen=True, slots=True)
class Moved:
    """An overridden occurrence: where it is now (aware datetimes or dates), and the
    caller's key for it (its row)."""

    start: datetime | date
    end: datetime | date
    key: object = None


@dataclass(frozen=True, slots=True)
class Series:
    """One recurring (or single) event as the engine sees it. `start` is the first
    occurrence: a naive wall time in `timezone`, or a date for an all-day series.
    `rdates`/`exdates` are starts of the same kind; `overrides` maps an original
    start to where that occurrence moved (or None: cancelled)."""

    start: Start
    timezone: str = "UTC"
    duration: timedelta = timedelta(0)
    rule: str | None = None
    rdates: tuple[Start, ...] = ()
    exdates: tuple[Start, ...] = ()
    overrides: Mapping[Start, Moved | None] = field(default_factory=dict)
    key: object = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)


class Occurrence(NamedTuple):
    """One occurrence. `wall` is its original start as wall-clock seconds (the
    series' zone; all-day: midnight), `at`/`until` where it is as UTC seconds since
    the epoch (the sort key): plain integers, cheap to make by the ten thousand.
    `zone` is the series' zone (all-day: the viewer's). The properties give the rest:
    `original` (the recurrence id: a naive wall time, or a date), `start`/`end` as
    aware datetimes in that zone, or dates for an all-day one (its end exclusive);
    `.start.astimezone(profile)` shows it in the profile's zone."""

    key: object
    wall: int
    all_day: bool
    at: int
    until: int
    zone: tzinfo
    moved: bool = False
    moved_key: object = None

    @property
    def original(self) -> Start:
        moment = EPOCH + timedelta(seconds=self.wall)
        return moment.date() if self.all_day else moment

    @property
    def start(self) -> datetime | date:
        return self._local(self.at)

    @property
    def end(self) -> datetime | date:
        return self._local(self.until)

    def _local(self, seconds: int) -> datetime | date:
        local = datetime.fromtimestamp(seconds, UTC).astimezone(self.zone)
        return local.date() if self.all_day else local


EPOCH = datetime(1970, 1, 1)  # naive: wall-clock seconds count from it
_EPOCH_DAY = EPOCH.toordinal()
DAY = 86_400


def wall_seconds(moment: Start) -> int:
    """A wall time (naive) or a date (its midnight) as seconds from EPOCH."""
    days = (moment.toordinal() - _EPOCH_DAY) * DAY
    if isinstance(moment, datetime):  # its fields are the wall time, aware or not
        return days + moment.hour * 3600 + moment.minute * 60 + moment.second
    return days


def _utc_seconds(moment: datetime | date, floating: tzinfo) -> int:
    if isinstance(moment, datetime):
        aware = moment if moment.tzinfo else moment.replace(tzinfo=floating)
    else:
        aware = datetime.combine(moment, time(), floating)
    return wall_seconds(aware.astimezone(UTC))


def zone(name: str) -> tzinfo:
    """An IANA zone by name ("Europe/Berlin"); a ValidationError for an unknown one."""
    return _zone(name)


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError.one("timezone", f"{name!r} is not a known timezone.") from None


def check_event_rule(text: str, field: str = "rule") -> str:
    """An event's rule as typed → canonical text; unlike a rule of days, times of day
    (BYHOUR, BYMINUTE, FREQ=HOURLY/MINUTELY) are allowed. SECONDLY is not."""
    if not isinstance(text, str) or len(text) > RULE_MAX:
        raise ValidationError.one(field, f"Write the rule in at most {RULE_MAX} characters.")
    squeezed = "".join(text.split()).upper().removeprefix("RRULE:").strip(";")
    parts = parts_of(squeezed) if squeezed else {}
    if parts.get("FREQ") not in (*FREQUENCIES, "HOURLY", "MINUTELY"):
        raise ValidationError.one(field, "FREQ is DAILY, WEEKLY, MONTHLY or YEARLY.")
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValidationError.one(field, "Give COUNT or UNTIL, not both.")
    canonical = ";".join(f"{k}={v}" for k, v in {"FREQ": parts["FREQ"], **parts}.items())
    try:
        _event_rule(canonical, datetime(2000, 1, 1), "UTC", False)
    except (ValueError, TypeError, OverflowError, KeyError) as exc:
        raise ValidationError.one(field, f"Not a rule dateutil can read: {exc}.") from None
    return canonical


def expand(
    series: Series,
    start: datetime,
    end: datetime,
    *,
    floating: tzinfo | None = None,
    limit: int = 100_000,
) -> list[Occurrence]:
    """The series' occurrences that overlap [start, end) (aware instants), in order.
    An all-day occurrence covers its dates in `floating` (the viewer's zone; UTC by
    default). A zero-length occurrence overlaps when it starts in the window."""
    floating = floating or UTC
    lo, hi = _utc_seconds(start, UTC), _utc_seconds(end, UTC)
    all_day = series.all_day
    if all_day:
        tz, span = floating, DAY * max(1, series.duration.days)
    else:
        tz = _zone(series.timezone)
        span = series.duration.days * DAY + series.duration.seconds
    stops, offsets = _offsets(tz, start.year - 1, end.year + 1)
    overrides = {wall_seconds(k): (k, v) for k, v in series.overrides.items()}
    key = series.key
    walls = _originals(series, start, end, tz)
    if overrides:
        walls = _without(walls, overrides)
    found: list[Occurrence] = []
    # Within a run of days of one offset, UTC seconds are wall seconds minus it, in the
    # walls' order: the window is a slice found by bisection, and the occurrences are
    # made by the thousand without a Python call each. A day the offset changes on is
    # asked for its times one by one.
    first, run = 0, bisect_right(stops, walls[0]) if walls else 0
    while first < len(walls):
        stop, offset = stops[run], offsets[run]
        run += 1
        after = bisect_left(walls, stop, first)
        if offset is None:
            for w in walls[first:after]:
                a = _ask(w, tz)
                if (lo - span < a < hi) if span else (lo <= a < hi):
                    found.append(Occurrence(key, w, all_day, a, a + span, tz))
        else:
            if span:
                i = bisect_right(walls, lo - span + offset, first, after)
            else:
                i = bisect_left(walls, lo + offset, first, after)
            kept = walls[i : bisect_left(walls, hi + offset, i, after)]
            ats = list(map(offset.__rsub__, kept))
            columns = zip(
                repeat(key),
                kept,
                repeat(all_day),
                ats,
                map(span.__add__, ats),
                repeat(tz),
                repeat(False),
                repeat(None),
            )
            found.extend(map(_new_tuple, repeat(Occurrence), columns))
        first = after
    if overrides:
        excluded = {wall_seconds(x) for x in series.exdates}
        for wall, (_, moved) in overrides.items():
            if moved is None or wall in excluded:
                continue
            at, until = _utc_seconds(moved.start, floating), _utc_seconds(moved.end, floating)
            if at < hi and (until > lo if until != at else at >= lo):
                if isinstance(moved.start, datetime):
                    day, zone_ = False, moved.start.tzinfo or floating
                else:
                    day, zone_ = True, floating
                insort(
                    found, Occurrence(key, wall, day, at, until, zone_, True, moved.key), key=_at
                )
    return found[:limit]


def _ask(wall: int, tz: tzinfo) -> int:
    moment = (EPOCH + timedelta(seconds=wall)).replace(tzinfo=tz)
    return wall_seconds(moment.astimezone(UTC))


def _at(occurrence: Occurrence) -> int:
    return occurrence.at


_new_tuple = tuple.__new__  # Occurrence's fields in order, with no Python frame per call
_FAR = 1 << 62  # wall seconds beyond any datetime


def _without(walls: list[int], removed: Collection[int]) -> list[int]:
    """Sorted `walls` (a list of the caller's own, changed) less `removed`: a few
    found by bisection, many by a filter."""
    if len(removed) > 16:
        return [w for w in walls if w not in removed]
    for wall in removed:
        i = bisect_left(walls, wall)
        if i < len(walls) and walls[i] == wall:
            del walls[i]
    return walls


@lru_cache(maxsize=64)
def _offsets(
    tz: tzinfo, first_year: int, last_year: int
) -> tuple[tuple[int, ...], tuple[int | None, ...]]:
    """The wall-time line cut into runs, in order: their ends (wall seconds,
    exclusive) and the UTC offset in seconds all through each, or None: over the years,
    runs of whole days the offset is the same all day long, and a run of None for
    each day the zone changes its offset on (and before and after the years), whose
    times are asked one by one. The zone is asked 366 times a year, once, instead of
    for every occurrence."""
    runs: list[tuple[int, int | None]] = []
    midnight = datetime(first_year, 1, 1)
    number = wall_seconds(midnight) // DAY
    runs.append((number * DAY, None))
    before = tz.utcoffset(midnight)
    one = timedelta(days=1)
    while midnight.year <= last_year:
        midnight += one
        after = tz.utcoffset(midnight)
        same = None if before is None or after != before else before.days * DAY + before.seconds
        if runs[-1][1] == same:
            runs[-1] = ((number + 1) * DAY, same)  # the run goes on
        else:
            runs.append(((number + 1) * DAY, same))
        number += 1
        before = after
    runs.append((_FAR, None))
    return tuple(r[0] for r in runs), tuple(r[1] for r in runs)


def _originals(series: Series, start: datetime, end: datetime, tz: tzinfo) -> list[int]:
    """Original starts as wall seconds, in order, whose occurrence may overlap the
    window (a day's margin each side; `expand` filters exactly), EXDATEs removed,
    duplicates once."""
    span = series.duration if series.duration > timedelta(0) else timedelta(0)
    lo = wall_seconds((start - span).astimezone(tz)) - DAY
    hi = wall_seconds(end.astimezone(tz)) + DAY
    first = series.start
    found: list[int] = []
    if series.rule:
        found = _walls(series.rule, _midnight(first), lo, hi, series.timezone, series.all_day)
    extras = [w for w in map(wall_seconds, (first, *series.rdates)) if lo <= w <= hi]
    if extras:
        have = set(found)
        extras = [x for x in extras if x not in have]
        if extras:
            found = sorted({*found, *extras})
    if series.exdates:
        found = _without(found, {wall_seconds(x) for x in series.exdates})
    return found


def _walls(text: str, dtstart: datetime, lo: int, hi: int, tzname: str, all_day: bool) -> list[int]:
    """The rule's wall times (seconds) in [lo, hi], in order: by arithmetic for the
    plain daily and weekly rules and the monthly and yearly ones on days of the month
    or nth weekdays (most of a family's), through dateutil for the rest."""
    plain = _plain(text, dtstart, tzname, all_day)
    if plain is not None:
        return _plain_walls(plain, wall_seconds(dtstart), lo, hi)
    months = _calendar(text, dtstart, tzname, all_day)
    if months is not None:
        return _calendar_walls(months, wall_seconds(dtstart), lo, hi)
    rule = _event_rule(text, dtstart, tzname, all_day)
    low = EPOCH + timedelta(seconds=lo)
    rule = _near(rule, text, dtstart, low, tzname, all_day)
    found = []
    for moment in rule.xafter(low, inc=True):
        seconds = wall_seconds(moment)
        if seconds > hi:
            break
        found.append(seconds)
    return found


class _Plain(NamedTuple):
    step: int  # days between periods: 1 or 7 times INTERVAL
    offsets: tuple[int, ...]  # days from a period's first day
    period0: int  # the first day of the first period (wall seconds of its midnight)
    until: int | None  # wall seconds


@lru_cache(maxsize=2048)
def _plain(text: str, dtstart: datetime, tzname: str, all_day: bool) -> _Plain | None:
    """A rule FREQ=DAILY or WEEKLY with at most INTERVAL, BYDAY of plain weekdays,
    WKST and UNTIL, as periods and offsets; None for any other rule."""
    parts = parts_of(text)
    if parts.get("FREQ") not in ("DAILY", "WEEKLY") or not set(parts) <= {
        "FREQ",
        "INTERVAL",
        "BYDAY",
        "WKST",
        "UNTIL",
    }:
        return None
    byday = parts.get("BYDAY", "")
    days = byday.split(",") if byday else []
    if any(d not in WEEKDAYS for d in days) or parts.get("WKST", "MO") not in WEEKDAYS:
        return None
    n = int(parts.get("INTERVAL", "1") or 1)
    until = wall_seconds(_until(parts["UNTIL"], tzname, all_day)) if "UNTIL" in parts else None
    d0 = dtstart.date()
    if parts["FREQ"] == "DAILY":
        if days:
            return None  # a filter on days: dateutil's
        return _Plain(n, (0,), wall_seconds(d0), until)
    wkst = WEEKDAYS.index(parts.get("WKST", "MO"))
    wanted = [WEEKDAYS.index(d) for d in days] or [d0.weekday()]
    offsets = tuple(sorted({(w - wkst) % 7 for w in wanted}))
    week0 = d0 - timedelta(days=(d0.weekday() - wkst) % 7)
    return _Plain(7 * n, offsets, wall_seconds(week0), until)


def _plain_walls(plain: _Plain, dtstart: int, lo: int, hi: int) -> list[int]:
    """Each weekday of the rule is a plain arithmetic progression: a range each,
    from its first moment at or after the floor, merged."""
    base = plain.period0 + dtstart % DAY
    step = plain.step * DAY
    last = min(plain.until, hi) if plain.until is not None else hi
    floor = max(lo, dtstart)
    progressions = []
    for offset in plain.offsets:
        first = base + offset * DAY
        progressions.append(
            range(first + step * max(0, -((first - floor) // step)), last + 1, step)
        )
    if len(progressions) == 1:
        return list(progressions[0])
    return sorted(chain.from_iterable(progressions))


class _Calendar(NamedTuple):
    yearly: bool  # a period is a year (its listed months), else one month
    step: int  # months between periods: INTERVAL, times 12 for a yearly rule
    origin: int  # the first period's first month: year * 12 + month - 1
    months: tuple[int, ...]  # the months (1-12) the days are in
    month_days: tuple[int, ...]  # BYMONTHDAY (a negative one counts from the end)
    weekdays: tuple[tuple[int, int], ...]  # BYDAY: (nth in the month, 0 = every; weekday)
    until: int | None  # wall seconds


@lru_cache(maxsize=2048)
def _calendar(text: str, dtstart: datetime, tzname: str, all_day: bool) -> _Calendar | None:
    """A rule FREQ=MONTHLY or YEARLY with at most INTERVAL, UNTIL, WKST, BYMONTH and
    one of BYMONTHDAY or BYDAY (every weekday, or its nth in the month) as months and
    days; None for any other rule (dateutil's). The defaults are dateutil's: without
    days, DTSTART's day (and, yearly, its month); a yearly nth weekday needs BYMONTH
    (without it the nth is of the year)."""
    parts = parts_of(text)
    freq = parts.get("FREQ")
    if freq not in ("MONTHLY", "YEARLY") or not set(parts) <= {
        "FREQ",
        "INTERVAL",
        "UNTIL",
        "WKST",
        "BYMONTH",
        "BYMONTHDAY",
        "BYDAY",
    }:
        return None
    if "BYMONTHDAY" in parts and "BYDAY" in parts:
        return None
    try:
        n = int(parts.get("INTERVAL", "1") or 1)
        months = (
            tuple(sorted({int(m) for m in parts["BYMONTH"].split(",")}))
            if "BYMONTH" in parts
            else ()
        )
        month_days = (
            tuple(int(d) for d in parts["BYMONTHDAY"].split(",")) if "BYMONTHDAY" in parts else ()
        )
    except ValueError:
        return None
    weekdays = []
    for day in parts["BYDAY"].split(",") if "BYDAY" in parts else ():
        m = re.fullmatch(r"([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)", day)
        if not m:
            return None
        weekdays.append((int(m.group(1) or 0), WEEKDAYS.index(m.group(2))))
    nth = {w[0] != 0 for w in weekdays}
    if (
        n < 1
        or not all(1 <= m <= 12 for m in months)
        or not all(1 <= abs(d) <= 31 for d in month_days)
        or len(nth) > 1  # dateutil wants a day both in the plain and the nth weekdays
        or (freq == "YEARLY" and nth == {True} and not months)
    ):
        return None
    if not month_days and not weekdays:
        month_days = (dtstart.day,)
        if freq == "YEARLY" and not months:
            months = (dtstart.month,)
    until = wall_seconds(_until(parts["UNTIL"], tzname, all_day)) if "UNTIL" in parts else None
    yearly = freq == "YEARLY"
    return _Calendar(
        yearly,
        n * 12 if yearly else n,
        dtstart.year * 12 + (0 if yearly else dtstart.month - 1),
        months or tuple(range(1, 13)),
        month_days,
        tuple(weekdays),
        until,
    )


_LAST_WALL = wall_seconds(datetime.max)


def _calendar_walls(cal: _Calendar, dtstart: int, lo: int, hi: int) -> list[int]:
    """The rule's wall times in [lo, hi]: the months of each period of the rule that
    overlaps it, and their days by arithmetic."""
    floor = max(lo, dtstart)
    last = min(hi, _LAST_WALL, _LAST_WALL if cal.until is None else cal.until)
    if floor > last:
        return []
    clock = dtstart % DAY
    first, final = (date.fromordinal(_EPOCH_DAY + w // DAY) for w in (floor, last))
    # From the period the floor is in (a yearly period is its year), or the first one.
    floor_month = first.year * 12 + (0 if cal.yearly else first.month - 1)
    month = cal.origin + cal.step * max(0, -((cal.origin - floor_month) // cal.step))
    stop = final.year * 12 + final.month - 1
    found: list[int] = []
    while month <= stop:
        year = month // 12
        for m in cal.months if cal.yearly else (month % 12 + 1,):
            if m not in cal.months:
                continue
            ordinal = date(year, m, 1).toordinal()
            base = (ordinal - _EPOCH_DAY - 1) * DAY + clock
            for day in _days(cal, (ordinal + 6) % 7, _month_length(year, m)):
                wall = base + day * DAY
                if floor <= wall <= last:
                    found.append(wall)
        month += cal.step
    return found


def _month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _days(cal: _Calendar, weekday1: int, length: int) -> list[int]:
    """The rule's days (1-31), in order, in a month `length` days long whose first
    day is weekday `weekday1` (Monday 0)."""
    if not cal.weekdays:
        days = {d if d > 0 else length + d + 1 for d in cal.month_days}
        return sorted(d for d in days if 1 <= d <= length)
    found: set[int] = set()
    for nth, weekday in cal.weekdays:
        first = 1 + (weekday - weekday1) % 7
        if nth == 0:
            found.update(range(first, length + 1, 7))
            continue
        if nth > 0:
            day = first + 7 * (nth - 1)
        else:
            day = length - (weekday1 + length - 1 - weekday) % 7 + 7 * (nth + 1)
        if 1 <= day <= length:
            found.add(day)
    return sorted(found)


def _midnight(day: Start) -> datetime:
    return day if isinstance(day, datetime) else datetime.combine(day, time())


@lru_cache(maxsize=2048)
def _event_rule(text: str, dtstart: datetime, tzname: str, all_day: bool) -> rrule:
    """The rule from `dtstart` (a naive wall time), its UNTIL made a wall time of the
    series' zone: a UTC UNTIL is converted, a date UNTIL lets its whole day in."""
    from dateutil.rrule import rrulestr

    parts = parts_of(text)
    until_text = parts.pop("UNTIL", None)
    rule = rrulestr(";".join(f"{k}={v}" for k, v in parts.items()), dtstart=dtstart)
    if until_text is None:
        return rule
    return rule.replace(until=_until(until_text, tzname, all_day))


def _until(text: str, tzname: str, all_day: bool) -> datetime:
    if re.fullmatch(r"\d{8}", text):
        day = date(int(text[:4]), int(text[4:6]), int(text[6:]))
        return datetime.combine(day, time.max)
    m = re.fullmatch(r"(\d{8})T(\d{6})(Z?)", text)
    if not m:
        raise ValueError(f"UNTIL {text!r} is neither a date nor a date-time")
    wall = datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
    if not m.group(3) or all_day:
        return wall
    return wall.replace(tzinfo=UTC).astimezone(_zone(tzname)).replace(tzinfo=None)


_PERIOD_DAYS = {"DAILY": 1, "WEEKLY": 7}


def _near(
    rule: rrule, text: str, dtstart: datetime, lo: datetime, tzname: str, all_day: bool
) -> rrule:
    """The same rule started from a later anchor, whole periods on, a little before
    `lo`: identical occurrences from there, without walking from a start years ago.
    Only for rules without COUNT (counting needs the walk), and only where moving the
    anchor by whole periods provably changes nothing."""
    parts = parts_of(text)
    if "COUNT" in parts or lo - dtstart < timedelta(days=60):
        return rule
    freq = parts["FREQ"]
    n = int(parts.get("INTERVAL", "1") or 1)
    if freq in _PERIOD_DAYS:
        step = _PERIOD_DAYS[freq] * n
        periods = ((lo - dtstart).days - 31) // step
        if periods <= 0:
            return rule
        return _event_rule(text, dtstart + timedelta(days=periods * step), tzname, all_day)
    if freq in ("MONTHLY", "YEARLY"):
        months = (lo.year - dtstart.year) * 12 + lo.month - dtstart.month - 1
        step = n * (12 if freq == "YEARLY" else 1)
        periods = months // step
        for k in range(periods, max(0, periods - 8), -1):  # the day may not exist there
            total = dtstart.month - 1 + k * step
            try:
                moved = dtstart.replace(year=dtstart.year + total // 12, month=total % 12 + 1)
            except ValueError:
                continue
            return _event_rule(text, moved, tzname, all_day)
    return rule


# -- birthdays ---------------------------------------------------------------------------------
def birthday_rule(born: date) -> str:
    """A birthday's yearly rule. Someone born on 29 February has it on 28 February in
    common years: still in their own month, and a day early rather than a day late
    (a birthday shown after it has passed is missed; a card can wait a day). In RFC
    5545 terms: the last of 28 and 29 February each year, so it exports as is."""
    if (born.month, born.day) == (2, 29):
        return "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1"
    return f"FREQ=YEARLY;BYMONTH={born.month};BYMONTHDAY={born.day}"


def age_on(born: date, day: date) -> int:
    """Whole years from `born` to `day`; a 29 February birthday counts on 28 February
    of a common year, as `birthday_rule` shows it."""
    years = day.year - born.year
    month_day = (born.month, born.day)
    if month_day == (2, 29) and not calendar.isleap(day.year):
        month_day = (2, 28)
    return years - ((day.month, day.day) < month_day)
