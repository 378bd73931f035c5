"""kit/recurrence.py's fast paths against plain dateutil: `expand` does daily and
weekly rules, monthly and yearly ones on days of the month or nth weekdays, and the
UTC instants of whole days of one offset by arithmetic (see `_plain`, `_calendar`,
`_offsets`). Here random rules, starts, windows, zones (with DST, a southern one, a
day-skipping one) and skipped dates are expanded both by `expand` and by the plain
reading of the RFC written out below: dateutil walks the rule from DTSTART, DTSTART
is always an occurrence, each wall time is made an instant by zoneinfo one by one
(a time in the spring gap with the offset before it, a doubled one as its first),
and an occurrence is kept when it overlaps the window. They must agree exactly."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard_tui.kit.recurrence import Series, expand

ZONES = ("Europe/Berlin", "America/New_York", "UTC", "Australia/Sydney", "Pacific/Apia")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
EPOCH = datetime(1970, 1, 1)


def some(draw, values, at_most: int) -> str:
    picked = draw(st.lists(st.sampled_from(values), min_size=1, max_size=at_most, unique=True))
    return ",".join(str(v) for v in picked)


@st.composite
def rules(draw) -> str:
    freq = draw(st.sampled_from(("DAILY", "WEEKLY", "MONTHLY", "YEARLY")))
    parts = [f"FREQ={freq}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 14))}")
    days = draw(st.sampled_from(("none", "weekdays", "nth", "month days")))
    if days == "weekdays" or (days != "none" and freq in ("DAILY", "WEEKLY")):
        parts.append(f"BYDAY={some(draw, DAYS, 4)}")
    elif days == "nth":
        nth = [f"{n}{d}" for n in (1, 2, 3, 4, 5, -1, -2, -5) for d in DAYS]
        parts.append(f"BYDAY={some(draw, nth, 3)}")
    elif days == "month days":
        parts.append(f"BYMONTHDAY={some(draw, [*range(1, 32), -1, -2, -30, -31], 3)}")
    if freq in ("MONTHLY", "YEARLY") and draw(st.booleans()):
        parts.append(f"BYMONTH={some(draw, range(1, 13), 3)}")
    if draw(st.integers(0, 9)) == 0:
        parts.append(f"WKST={draw(st.sampled_from(DAYS))}")
    if draw(st.integers(0, 9)) == 0:  # rules only dateutil expands
        parts.append(draw(st.sampled_from(("BYSETPOS=-1", "BYSETPOS=1,2", "COUNT=40"))))
    elif draw(st.integers(0, 3)) == 0:
        until = datetime(2000, 1, 1) + timedelta(minutes=draw(st.integers(0, 40 * 525_600)))
        parts.append(
            f"UNTIL={until:%Y%m%d}" if until.minute % 2 else f"UNTIL={until:%Y%m%dT%H%M%S}"
        )
    return ";".join(parts)


def plain_reading(series: Series, start: datetime, end: datetime, floating: tzinfo) -> list:
    """(original wall time, start, end as UTC instants) of every occurrence that
    overlaps [start, end), in wall-time order."""
    all_day = not isinstance(series.start, datetime)
    tz = floating if all_day else ZoneInfo(series.timezone)
    span = timedelta(days=max(1, series.duration.days)) if all_day else series.duration
    dtstart = series.start if not all_day else datetime.combine(series.start, time())
    text = series.rule or ""
    # dateutil reads a date UNTIL as its midnight; RFC 5545 lets that whole day in.
    text = ";".join(
        f"{p}T235959" if p.startswith("UNTIL=") and len(p) == 14 else p for p in text.split(";")
    )
    margin = span + timedelta(days=2)
    walls = set(
        rrulestr(text, dtstart=dtstart).between(
            start.astimezone(tz).replace(tzinfo=None) - margin,
            end.astimezone(tz).replace(tzinfo=None) + margin,
            inc=True,
        )
    )
    walls = sorted(
        (walls | {dtstart})
        - {
            datetime.combine(x, time()) if not isinstance(x, datetime) else x
            for x in series.exdates
        }
    )
    found = []
    for wall in walls:
        at = wall.replace(tzinfo=tz).astimezone(UTC)
        if at < end and (at + span > start if span else at >= start):
            found.append((wall, at, at + span))
    return found


@st.composite
def cases(draw):
    all_day = draw(st.integers(0, 4)) == 0
    first = datetime(1998, 1, 1) + timedelta(minutes=15 * draw(st.integers(0, 35 * 35_040)))
    rule = draw(rules())
    skipped = tuple(
        first + timedelta(days=d) for d in draw(st.lists(st.integers(0, 6000), max_size=4))
    )
    if all_day:
        series = Series(
            first.date(),
            rule=rule,
            duration=timedelta(days=draw(st.integers(1, 3))),
            exdates=tuple(s.date() for s in skipped),
        )
    else:
        series = Series(
            first,
            draw(st.sampled_from(ZONES)),
            timedelta(minutes=draw(st.sampled_from((0, 30, 60, 600, 3000)))),
            rule=rule,
            exdates=skipped,
        )
    viewer = ZoneInfo(draw(st.sampled_from(ZONES)))
    start = (first + timedelta(hours=draw(st.integers(-2000, 12 * 8766)))).replace(tzinfo=viewer)
    end = start + timedelta(hours=draw(st.integers(1, 800 * 24)))
    return series, start, end, viewer


@settings(max_examples=400, deadline=None)
@given(cases())
def test_expand_agrees_with_dateutil_read_plainly(case) -> None:
    series, start, end, viewer = case
    got = [
        (
            o.original
            if isinstance(o.original, datetime)
            else datetime.combine(o.original, time()),
            datetime.fromtimestamp(o.at, UTC),
            datetime.fromtimestamp(o.until, UTC),
        )
        for o in expand(series, start, end, floating=viewer)
    ]
    assert got == plain_reading(series, start, end, viewer)


def test_window_edges_are_exact_on_the_arithmetic_path() -> None:
    """A daily 09:00-10:00 in Berlin: an occurrence ending exactly at the window's
    start is out, one starting exactly at its end is out, one starting at its start
    is in; a zero-length one at the start is in (the bisection's bounds)."""
    berlin = ZoneInfo("Europe/Berlin")
    hour = Series(datetime(2020, 1, 1, 9), "Europe/Berlin", timedelta(hours=1), rule="FREQ=DAILY")
    point = Series(datetime(2020, 1, 1, 9), "Europe/Berlin", rule="FREQ=DAILY")
    start, end = datetime(2026, 7, 1, 10, tzinfo=berlin), datetime(2026, 7, 3, 9, tzinfo=berlin)
    assert [o.start for o in expand(hour, start, end)] == [datetime(2026, 7, 2, 9, tzinfo=berlin)]
    start = datetime(2026, 7, 1, 9, tzinfo=berlin)
    assert [o.start.day for o in expand(hour, start, end)] == [1, 2]
    assert [o.start.day for o in expand(point, start, end)] == [1, 2]
