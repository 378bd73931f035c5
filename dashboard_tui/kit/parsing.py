"""Parsing what a person types into exact values, and formatting them back.

One place for every area: dates (`today`, `yesterday`, `2026-11-21`, relative to the
injected clock in the profile's timezone), weights (`100kg`, `225lb`, `102.5 kg`, or a
bare number in the profile's unit → integer grams), durations (`45m`, `1h30m`,
`1:05:00`, `90s` → seconds), distances (`5km`, `3.1mi`, `800m` → metres), and the
small numbers of a logged set. Every parser raises ValidationError naming the field.

Exactness: user strings go through Decimal, never float, and are rounded half-up to
the stored unit (1 lb = 453.59237 g exactly, 1 mi = 1609.344 m exactly).

One rule for every decimal typed (weights, distances, durations, RPE): `.` or `,` is
the decimal mark (`102,5` is 102.5), and a number that could be read two ways is
refused with a way to write it instead of being guessed: a comma followed by exactly
three digits (`1,500` is 1500 to some and 1.5 to others), both marks in one number
(`1,500.5`), repeated separators (`1.500.000`) and digits grouped by spaces (`1 500`).
A dot followed by three digits stays a decimal point (`2.125 kg`, `3.125 mi`).

What is shown rounded (102058 g is "102.06 kg") parses back to a different value
(102060 g): a form that got such a value back unchanged passes `Exact(stored)`
instead of its text (kit/forms.kept), and the parsers take that as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Literal, overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dashboard_tui.kit.errors import ValidationError

GRAMS_PER_KG = Decimal(1000)
GRAMS_PER_LB = Decimal("453.59237")
METRES_PER_MILE = Decimal("1609.344")
MAX_WEIGHT_G = 1_000_000  # 1000 kg
MAX_DISTANCE_M = 1_000_000  # 1000 km
MAX_DURATION_S = 24 * 3600
MIN_DATE = date(1900, 1, 1)
MAX_INPUT = 40  # longer than any number anyone types; refused before the regex

_WEIGHT_UNITS = {"kg": "kg", "kgs": "kg", "lb": "lb", "lbs": "lb"}
_BODYWEIGHT = {"", "bw", "bodyweight", "body weight", "-"}
# What may be meant as one number: digits and marks, spaces between digits included
# (`1 500`), so that `_decimal` sees the whole of it and can say why it is refused.
_NUMBER = r"([\d.,]+(?:\s+[\d.,]+)*)"
_WEIGHT_RE = re.compile(rf"^{_NUMBER}\s*([a-z]*)$")
_DISTANCE_RE = re.compile(rf"^{_NUMBER}\s*([a-z]*)$")
_PLAIN_RE = re.compile(r"\d+(?:[.,]\d+)?|[.,]\d+")
# `1,500`: 1500 or 1.5. Not `0,500`, which no one writes for 500.
_COMMA_THOUSANDS_RE = re.compile(r"(\d*[1-9]\d*),(\d{3})")
# `1 500`, `1,500.5`, `1.500,5`, `1,500,000`: groups of three (one separator
# throughout), then maybe a decimal mark and a fraction.
_GROUPED_RE = re.compile(r"(\d{1,3}(\s+|[.,])\d{3}(?:\2\d{3})*)(?:([.,])(\d+))?")
_CLOCK_RE = re.compile(r"^(\d+):(\d{1,2})(?::(\d{1,2}))?$")
_HMS_RE = re.compile(
    r"^(?:(?P<h>[\d.,]+)\s*(?:h|hr|hrs|hour|hours))?\s*"
    r"(?:(?P<m>[\d.,]+)\s*(?:m|min|mins|minute|minutes))?\s*"
    r"(?:(?P<s>\d+)\s*(?:s|sec|secs|second|seconds))?$"
)
_DISTANCE_UNITS = {
    "km": Decimal(1000),
    "k": Decimal(1000),
    "m": Decimal(1),
    "mi": METRES_PER_MILE,
    "mile": METRES_PER_MILE,
    "miles": METRES_PER_MILE,
}


@dataclass(frozen=True)
class Exact:
    """A quantity in its stored unit (grams, metres) as the database holds it: what a
    form showed rounded and got back unchanged. Taken as it is, range checks aside, so
    a value shown rounded is never written back as a different one (DESIGN.md §5)."""

    value: int


# -- helpers -----------------------------------------------------------------------
def _text(value: object, field: str) -> str:
    text = str(value).strip().lower()
    if len(text) > MAX_INPUT:
        raise ValidationError.one(field, "That is too long for a number.")
    return text


def _decimal(raw: str, field: str, bad: str) -> Decimal:
    """The one reading of a typed decimal (the rule in the module's docstring).
    `bad` is the parser's own message, for what is not a number at all."""
    if _PLAIN_RE.fullmatch(raw) and not _COMMA_THOUSANDS_RE.fullmatch(raw):
        return Decimal(raw.replace(",", "."))
    raise ValidationError.one(field, _two_ways(raw) or bad)


def _two_ways(raw: str) -> str | None:
    """How to write a number that could be read two ways; None when `raw` is not one
    of those shapes (then it is simply not a number)."""
    comma = _COMMA_THOUSANDS_RE.fullmatch(raw)
    if comma:
        whole, part = comma.groups()
        return (
            f"Write {int(whole + part)} or {_trim(Decimal(f'{whole}.{part}'))}: "
            "a comma followed by three digits could be either."
        )
    grouped = _GROUPED_RE.fullmatch(raw)
    if grouped is None:
        if "," in raw and "." in raw:
            return "Use one decimal mark, . or , (not both), and no thousands separators."
        return None
    groups, separator, mark, fraction = grouped.groups()
    if mark == separator:
        return None  # 1,500,5: not a number in any reading
    digits = re.sub(r"\D", "", groups)
    if separator.isspace():
        number = f"{int(digits)}.{fraction}" if fraction else str(int(digits))
        return f"Write {number}: no spaces inside a number (they could split it in two)."
    if fraction:
        return f"Write {int(digits)}.{fraction}: one decimal mark and no thousands separators."
    return f"Write {int(digits)}: no thousands separators."


def _within(amount: int, most: int, field: str, too_much: str) -> int:
    if amount > most:
        raise ValidationError.one(field, too_much)
    if amount < 0:  # only an Exact can be: no text parses to a negative amount
        raise ValidationError.one(field, "It cannot be negative.")
    return amount


def _round(value: Decimal) -> int:
    # quantize raises InvalidOperation when the whole number has more digits than the
    # context's precision (28): 30 nines typed into a 40-character weight field. With
    # room for any MAX_INPUT digits times a unit, the range check says "At most …".
    with localcontext() as context:
        context.prec = 2 * MAX_INPUT
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _trim(value: Decimal) -> str:
    """'100.00' → '100', '102.50' → '102.5' (no exponent notation)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _add_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


# -- dates ---------------------------------------------------------------------------
def today_in(now: datetime, timezone: str) -> date:
    """The person's calendar day at `now` (an aware datetime) in their timezone."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return now.astimezone(zone).date()


def max_date(today: date) -> date:
    return _add_year(today)


def parse_date(value: str | date, *, today: date, field: str = "date") -> date:
    """`today`/`t`, `yesterday`/`y`, or `YYYY-MM-DD`; from 1900 to a year from today."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        day = value
    else:
        text = _text(value, field)
        if text in {"today", "t", ""}:
            day = today
        elif text in {"yesterday", "y"}:
            day = today - timedelta(days=1)
        else:
            try:
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                    raise ValueError(text)
                day = date.fromisoformat(text)
            except ValueError:
                raise ValidationError.one(
                    field, "Use a date like 2026-11-21, or today / yesterday."
                ) from None
    if day < MIN_DATE:
        raise ValidationError.one(field, "Dates before 1900 are not accepted.")
    if day > max_date(today):
        raise ValidationError.one(field, "That is more than a year from today.")
    return day


# -- weights -------------------------------------------------------------------------
def parse_weight(
    value: str | Exact | None,
    *,
    unit: str,
    field: str = "weight",
    required: bool = False,
) -> int | None:
    """Exact grams from `100kg`, `225 lb`, `102,5` (in `unit`, the profile's kg|lb).
    Empty, `bw` or `bodyweight` is None (no added weight) unless `required`. An
    `Exact` is grams already."""
    if isinstance(value, Exact):
        return _within(value.value, MAX_WEIGHT_G, field, "At most 1000 kg (2204 lb).")
    text = "" if value is None else _text(value, field)
    if text in _BODYWEIGHT:
        if required:
            raise ValidationError.one(field, "Enter a weight, e.g. 100kg or 225lb.")
        return None
    bad = "Use a weight like 100, 102.5kg or 225lb."
    match = _WEIGHT_RE.match(text)
    given_unit = _WEIGHT_UNITS.get(match.group(2) or unit) if match else None
    if match is None or given_unit is None:
        raise ValidationError.one(field, bad)
    amount = _decimal(match.group(1), field, bad)
    grams = _round(amount * (GRAMS_PER_KG if given_unit == "kg" else GRAMS_PER_LB))
    return _within(grams, MAX_WEIGHT_G, field, "At most 1000 kg (2204 lb).")


def weight_in(grams: int, unit: str) -> Decimal:
    """Grams as a Decimal amount of kg (2 places) or lb (1 place), rounded half-up."""
    if unit == "lb":
        return (Decimal(grams) / GRAMS_PER_LB).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return (Decimal(grams) / GRAMS_PER_KG).quantize(Decimal("0.01"), ROUND_HALF_UP)


def format_weight(grams: int | None, unit: str, *, suffix: bool = True) -> str:
    """'100 kg', '102.5 kg', '220.5 lb'; None (bodyweight) is 'BW'. The text parses
    back to the same grams in kg, and to within 0.05 lb in lb."""
    if grams is None:
        return "BW"
    text = _trim(weight_in(grams, unit))
    return f"{text} {unit}" if suffix else text


def format_volume(gram_reps: int, unit: str) -> str:
    """A training volume (sum of grams × reps) as whole kg or lb: '12,345 kg'."""
    per = GRAMS_PER_LB if unit == "lb" else GRAMS_PER_KG
    return f"{_round(Decimal(gram_reps) / per):,} {unit}"


# -- durations and distances -------------------------------------------------------------
def parse_duration(
    value: str | int | None,
    *,
    field: str = "duration",
    required: bool = True,
    min_s: int = 0,
) -> int | None:
    """Seconds from `45m`, `1h30m`, `1.5h`, `90s`, `1:05:00` (h:mm:ss), `45:00` (m:ss);
    a bare number is minutes. At most 24 hours."""
    if isinstance(value, int) and not isinstance(value, bool):
        seconds = value * 60
    else:
        text = "" if value is None else _text(value, field)
        if not text:
            if required:
                raise ValidationError.one(field, "Enter a duration, e.g. 45m or 1:05:00.")
            return None
        seconds = _duration_seconds(text, field)
    if seconds > MAX_DURATION_S:
        raise ValidationError.one(field, "At most 24 hours.")
    if seconds < min_s:
        raise ValidationError.one(field, "Enter a duration longer than zero.")
    return seconds


def _duration_seconds(text: str, field: str) -> int:
    message = "Use a duration like 45m, 1h30m, 90s or 1:05:00."
    bad = ValidationError.one(field, message)
    if re.fullmatch(_NUMBER, text):  # a bare number is minutes
        return _round(_decimal(text, field, message) * 60)
    clock = _CLOCK_RE.match(text)
    if clock:
        a, b, c = clock.groups()
        if c is None:  # m:ss
            h, m, s = 0, int(a), int(b)
        else:  # h:mm:ss
            h, m, s = int(a), int(b), int(c)
            if m >= 60:
                raise bad
        if s >= 60:
            raise bad
        return h * 3600 + m * 60 + s
    parts = _HMS_RE.match(text)
    if parts is None or not any(parts.groupdict().values()):
        raise bad
    hours, minutes = (_decimal(parts.group(k) or "0", field, message) for k in ("h", "m"))
    return _round(hours * 3600 + minutes * 60 + int(parts.group("s") or 0))


def format_duration(seconds: int | None) -> str:
    """'1:05:00' or '45:00' (m:ss); '' for None."""
    if seconds is None:
        return ""
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def parse_distance(
    value: str | Exact | None, *, field: str = "distance", required: bool = False
) -> int | None:
    """Metres from `5km`, `5k`, `3.1mi`, `800m`; a bare number is km. At most 1000 km.
    An `Exact` is metres already."""
    if isinstance(value, Exact):
        return _within(value.value, MAX_DISTANCE_M, field, "At most 1000 km.")
    text = "" if value is None else _text(value, field)
    if not text:
        if required:
            raise ValidationError.one(field, "Enter a distance, e.g. 5km or 3.1mi.")
        return None
    bad = "Use a distance like 5km, 3.1mi or 800m."
    match = _DISTANCE_RE.match(text)
    factor = _DISTANCE_UNITS.get(match.group(2) or "km") if match else None
    if match is None or factor is None:
        raise ValidationError.one(field, bad)
    metres = _round(_decimal(match.group(1), field, bad) * factor)
    return _within(metres, MAX_DISTANCE_M, field, "At most 1000 km.")


def format_distance(metres: int | None) -> str:
    """'800 m', '5 km', '5.12 km'; '' for None."""
    if metres is None:
        return ""
    if metres < 1000:
        return f"{metres} m"
    km = (Decimal(metres) / 1000).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{_trim(km)} km"


def format_pace(seconds_per_km: int | None) -> str:
    """'5:30 /km'; '' when there is no pace (no distance)."""
    if seconds_per_km is None:
        return ""
    return f"{format_duration(seconds_per_km)} /km"


# -- small numbers -------------------------------------------------------------------
@overload
def parse_int(
    value: str | int | None,
    *,
    field: str,
    lo: int,
    hi: int,
    required: Literal[True] = True,
    label: str = "",
) -> int: ...
@overload
def parse_int(
    value: str | int | None, *, field: str, lo: int, hi: int, required: bool, label: str = ""
) -> int | None: ...
def parse_int(
    value: str | int | None,
    *,
    field: str,
    lo: int,
    hi: int,
    required: bool = True,
    label: str = "",
) -> int | None:
    """A whole number between lo and hi (inclusive); empty is None unless required.
    With `label` (what the number counts: "reps"), each message names it: "Reps must
    be a whole number from 1 to 1000." A mark (`2.5`, `1,000`) or a sign (`-1`) is
    refused, never rounded or read as something else."""
    span = f"a whole number from {lo} to {hi}"
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError.one(
                field, f"Enter the {label}: {span}." if label else "This field is required."
            )
        return None
    wrong = f"{label[:1].upper()}{label[1:]} must be {span}." if label else f"Enter {span}."
    if isinstance(value, bool):
        raise ValidationError.one(field, wrong)
    if isinstance(value, int):
        number = value
    else:
        text = _text(value, field)
        if not re.fullmatch(r"\d+", text):
            raise ValidationError.one(field, wrong)
        number = int(text)
    if not lo <= number <= hi:
        raise ValidationError.one(field, wrong)
    return number


def parse_rpe(value: str | float | int | None, *, field: str = "rpe") -> int | None:
    """RPE 1–10 in steps of 0.5, returned ×10 (8.5 → 85); empty is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    message = "Enter an RPE from 1 to 10 in steps of 0.5 (e.g. 8 or 8.5)."
    try:
        if isinstance(value, str):
            amount = _decimal(_text(value, field), field, message)
        else:
            amount = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError.one(field, message) from None
    x10 = amount * 10
    if (
        not x10.is_finite()
        or x10 != x10.to_integral_value()
        or int(x10) % 5
        or not (10 <= x10 <= 100)
    ):
        raise ValidationError.one(field, message)
    return int(x10)


# -- time spent, in whole minutes ------------------------------------------------------
MAX_MINUTES = 24 * 60  # a day
_MINUTES_RE = re.compile(
    r"^(?:(?P<h>[\d.,]+)\s*(?:h|hr|hrs|hour|hours))?\s*"
    r"(?:(?P<m>[\d.,]+)\s*(?:m|min|mins|minute|minutes)?)?$"
)
_HOURS_CLOCK_RE = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_minutes(
    value: str | int | None, *, field: str = "duration", most: int = MAX_MINUTES
) -> int:
    """Whole minutes of time spent from `1h30`, `1h 30m`, `45m`, `90` (a bare number is
    minutes), `1:30` (hours:minutes), `2h`, `1.5h`; rounded half-up to the minute.
    More than zero and at most `most` (a day)."""
    example = "Use a duration like 1h30, 45m, 90 (minutes) or 1:30."
    if isinstance(value, int) and not isinstance(value, bool):
        minutes = value
    else:
        text = "" if value is None else _text(value, field)
        if not text:
            raise ValidationError.one(field, f"Enter how long. {example}")
        if text.startswith("-"):
            raise ValidationError.one(field, "A duration cannot be negative.")
        minutes = _minutes(text, field, example)
    if minutes <= 0:
        raise ValidationError.one(field, "Enter a duration longer than zero.")
    if minutes > most:
        limit = "24 hours in a day" if most == MAX_MINUTES else format_minutes(most)
        raise ValidationError.one(field, f"At most {limit}.")
    return minutes


def _minutes(text: str, field: str, example: str) -> int:
    clock = _HOURS_CLOCK_RE.match(text)
    if clock:
        hours, minutes = int(clock.group(1)), int(clock.group(2))
        if minutes >= 60:
            raise ValidationError.one(field, "After the colon, minutes go up to 59 (1:30).")
        return hours * 60 + minutes
    parts = _MINUTES_RE.match(text)
    if parts is None or not (parts.group("h") or parts.group("m")):
        raise ValidationError.one(field, example)
    whole = _decimal(parts.group("h") or "0", field, example)
    part = _decimal(parts.group("m") or "0", field, example)
    if parts.group("h") and part >= 60:
        raise ValidationError.one(field, "After the hours, minutes go up to 59 (1h30).")
    return _round(whole * 60 + part)


def format_minutes(minutes: int) -> str:
    """'3h 05m', '45m' under an hour, '0m' for none."""
    hours, rest = divmod(int(minutes), 60)
    return f"{hours}h {rest:02d}m" if hours else f"{rest}m"
