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
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time
from functools import lru_cache
from typing import TYPE_CHECKING

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
    if "UNTIL" in parts and len(parts["UNTIL"]) == 8:
        u = parts["UNTIL"]
        said += f", until {u[:4]}-{u[4:6]}-{u[6:]}"
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
