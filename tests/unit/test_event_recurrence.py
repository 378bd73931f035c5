"""kit/recurrence.py, calendar series: every example of RFC 5545 §3.8.5.3 with the
occurrence list the RFC states, DST in two zones, EXDATE/RDATE/overrides, all-day
series and the 29 February birthday.

The RFC's lists are pasted below as the RFC prints them ("(1997 9:00 AM EDT)
September 2-30;October 1-25") and read by `stated()`, a reader of that notation
only: a range "2-11" is every day between, an elision "8...24" continues the step of
the two numbers before it, a trailing "..." says the list goes on (then the engine's
first occurrences must be exactly the stated ones). The time and the zone's
abbreviation (EDT/EST) stated by the RFC are checked on every occurrence."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dashboard_tui.kit import recurrence
from dashboard_tui.kit.recurrence import Moved, Series, expand

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}


def stated(text: str) -> tuple[list[tuple[datetime, str]], bool]:
    """The RFC's "==>" block → ([(local wall time, zone abbreviation)], open-ended)."""
    found: list[tuple[datetime, str]] = []
    open_ended = False
    text = " ".join(text.split())
    for header, body in re.findall(r"\(([^)]*)\)\s*([^(]*)", text):
        h = re.fullmatch(r"(\d{4})(?: (\d+):(\d\d) (AM|PM))? (EDT|EST)", header.strip())
        assert h, header
        year, abbr = int(h.group(1)), h.group(5)
        hour = int(h.group(2) or 9) % 12 + (12 if h.group(4) == "PM" else 0)
        minute = int(h.group(3) or 0)
        body = body.strip()
        if body.endswith("..."):
            open_ended = True
            body = body.removesuffix("...").strip()
        for segment in filter(None, (s.strip() for s in body.split(";"))):
            month_name, _, items = segment.partition(" ")
            days: list[int] = []
            for item in (i.strip() for i in items.split(",")):
                if item.endswith("..."):  # "June 13..." or a lone "...": it goes on
                    open_ended = True
                    item = item.removesuffix("...")
                if not item:
                    continue
                if "..." in item:
                    a, b = (int(x) for x in item.split("..."))
                    step = days[-1] - days[-2]
                    days.extend(range(a, b + 1, step))
                elif "-" in item:
                    a, b = (int(x) for x in item.split("-"))
                    days.extend(range(a, b + 1))
                else:
                    days.append(int(item))
            month = MONTHS[month_name]
            found += [(datetime(year, month, d, hour, minute), abbr) for d in days]
    return found, open_ended


# (title, DTSTART, [RRULE, or the RFC's alternative RRULEs], EXDATE or None, "==>" block)
EXAMPLES = [
    (
        "Daily for 10 occurrences",
        "19970902T090000",
        ["FREQ=DAILY;COUNT=10"],
        None,
        "(1997 9:00 AM EDT) September 2-11",
    ),
    (
        "Daily until December 24, 1997",
        "19970902T090000",
        ["FREQ=DAILY;UNTIL=19971224T000000Z"],
        None,
        """(1997 9:00 AM EDT) September 2-30;October 1-25
        (1997 9:00 AM EST) October 26-31;November 1-30;December 1-23""",
    ),
    (
        "Every other day - forever",
        "19970902T090000",
        ["FREQ=DAILY;INTERVAL=2"],
        None,
        """(1997 9:00 AM EDT) September 2,4,6,8...24,26,28,30;
                              October 2,4,6...20,22,24
           (1997 9:00 AM EST) October 26,28,30;
                              November 1,3,5,7...25,27,29;
                              December 1,3,...""",
    ),
    (
        "Every 10 days, 5 occurrences",
        "19970902T090000",
        ["FREQ=DAILY;INTERVAL=10;COUNT=5"],
        None,
        """(1997 9:00 AM EDT) September 2,12,22;
                              October 2,12""",
    ),
    (
        "Every day in January, for 3 years",
        "19980101T090000",
        [
            "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA",
            "FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1",
        ],
        None,
        """(1998 9:00 AM EST)January 1-31
           (1999 9:00 AM EST)January 1-31
           (2000 9:00 AM EST)January 1-31""",
    ),
    (
        "Weekly for 10 occurrences",
        "19970902T090000",
        ["FREQ=WEEKLY;COUNT=10"],
        None,
        """(1997 9:00 AM EDT) September 2,9,16,23,30;October 7,14,21
           (1997 9:00 AM EST) October 28;November 4""",
    ),
    (
        "Weekly until December 24, 1997",
        "19970902T090000",
        ["FREQ=WEEKLY;UNTIL=19971224T000000Z"],
        None,
        """(1997 9:00 AM EDT) September 2,9,16,23,30;
                              October 7,14,21
           (1997 9:00 AM EST) October 28;
                              November 4,11,18,25;
                              December 2,9,16,23""",
    ),
    (
        "Every other week - forever",
        "19970902T090000",
        ["FREQ=WEEKLY;INTERVAL=2;WKST=SU"],
        None,
        """(1997 9:00 AM EDT) September 2,16,30;
                              October 14
           (1997 9:00 AM EST) October 28;
                              November 11,25;
                              December 9,23
           (1998 9:00 AM EST) January 6,20;
                              February 3, 17
           ...""",
    ),
    (
        "Weekly on Tuesday and Thursday for five weeks",
        "19970902T090000",
        [
            "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH",
            "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH",
        ],
        None,
        """(1997 9:00 AM EDT) September 2,4,9,11,16,18,23,25,30;
                              October 2""",
    ),
    (
        "Every other week on Monday, Wednesday, and Friday until December 24, 1997",
        "19970901T090000",
        ["FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR"],
        None,
        """(1997 9:00 AM EDT) September 1,3,5,15,17,19,29;
                              October 1,3,13,15,17
           (1997 9:00 AM EST) October 27,29,31;
                              November 10,12,14,24,26,28;
                              December 8,10,12,22""",
    ),
    (
        "Every other week on Tuesday and Thursday, for 8 occurrences",
        "19970902T090000",
        ["FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH"],
        None,
        """(1997 9:00 AM EDT) September 2,4,16,18,30;
                              October 2,14,16""",
    ),
    (
        "Monthly on the first Friday for 10 occurrences",
        "19970905T090000",
        ["FREQ=MONTHLY;COUNT=10;BYDAY=1FR"],
        None,
        """(1997 9:00 AM EDT) September 5;October 3
           (1997 9:00 AM EST) November 7;December 5
           (1998 9:00 AM EST) January 2;February 6;March 6;April 3
           (1998 9:00 AM EDT) May 1;June 5""",
    ),
    (
        "Monthly on the first Friday until December 24, 1997",
        "19970905T090000",
        ["FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR"],
        None,
        """(1997 9:00 AM EDT) September 5; October 3
           (1997 9:00 AM EST) November 7; December 5""",
    ),
    (
        "Every other month on the first and last Sunday of the month for 10 occurrences",
        "19970907T090000",
        ["FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU"],
        None,
        """(1997 9:00 AM EDT) September 7,28
           (1997 9:00 AM EST) November 2,30
           (1998 9:00 AM EST) January 4,25;March 1,29
           (1998 9:00 AM EDT) May 3,31""",
    ),
    (
        "Monthly on the second-to-last Monday of the month for 6 months",
        "19970922T090000",
        ["FREQ=MONTHLY;COUNT=6;BYDAY=-2MO"],
        None,
        """(1997 9:00 AM EDT) September 22;October 20
           (1997 9:00 AM EST) November 17;December 22
           (1998 9:00 AM EST) January 19;February 16""",
    ),
    (
        "Monthly on the third-to-the-last day of the month, forever",
        "19970928T090000",
        ["FREQ=MONTHLY;BYMONTHDAY=-3"],
        None,
        """(1997 9:00 AM EDT) September 28
           (1997 9:00 AM EST) October 29;November 28;December 29
           (1998 9:00 AM EST) January 29;February 26
           ...""",
    ),
    (
        "Monthly on the 2nd and 15th of the month for 10 occurrences",
        "19970902T090000",
        ["FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15"],
        None,
        """(1997 9:00 AM EDT) September 2,15;October 2,15
           (1997 9:00 AM EST) November 2,15;December 2,15
           (1998 9:00 AM EST) January 2,15""",
    ),
    (
        "Monthly on the first and last day of the month for 10 occurrences",
        "19970930T090000",
        ["FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1"],
        None,
        """(1997 9:00 AM EDT) September 30;October 1
           (1997 9:00 AM EST) October 31;November 1,30;December 1,31
           (1998 9:00 AM EST) January 1,31;February 1""",
    ),
    (
        "Every 18 months on the 10th thru 15th of the month for 10 occurrences",
        "19970910T090000",
        ["FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15"],
        None,
        """(1997 9:00 AM EDT) September 10,11,12,13,14,15
           (1999 9:00 AM EST) March 10,11,12,13""",
    ),
    (
        "Every Tuesday, every other month",
        "19970902T090000",
        ["FREQ=MONTHLY;INTERVAL=2;BYDAY=TU"],
        None,
        """(1997 9:00 AM EDT) September 2,9,16,23,30
           (1997 9:00 AM EST) November 4,11,18,25
           (1998 9:00 AM EST) January 6,13,20,27;March 3,10,17,24,31
           ...""",
    ),
    (
        "Yearly in June and July for 10 occurrences",
        "19970610T090000",
        ["FREQ=YEARLY;COUNT=10;BYMONTH=6,7"],
        None,
        """(1997 9:00 AM EDT) June 10;July 10
           (1998 9:00 AM EDT) June 10;July 10
           (1999 9:00 AM EDT) June 10;July 10
           (2000 9:00 AM EDT) June 10;July 10
           (2001 9:00 AM EDT) June 10;July 10""",
    ),
    (
        "Every other year on January, February, and March for 10 occurrences",
        "19970310T090000",
        ["FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3"],
        None,
        """(1997 9:00 AM EST) March 10
           (1999 9:00 AM EST) January 10;February 10;March 10
           (2001 9:00 AM EST) January 10;February 10;March 10
           (2003 9:00 AM EST) January 10;February 10;March 10""",
    ),
    (
        "Every third year on the 1st, 100th, and 200th day for 10 occurrences",
        "19970101T090000",
        ["FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200"],
        None,
        """(1997 9:00 AM EST) January 1
           (1997 9:00 AM EDT) April 10;July 19
           (2000 9:00 AM EST) January 1
           (2000 9:00 AM EDT) April 9;July 18
           (2003 9:00 AM EST) January 1
           (2003 9:00 AM EDT) April 10;July 19
           (2006 9:00 AM EST) January 1""",
    ),
    (
        "Every 20th Monday of the year, forever",
        "19970519T090000",
        ["FREQ=YEARLY;BYDAY=20MO"],
        None,
        """(1997 9:00 AM EDT) May 19
           (1998 9:00 AM EDT) May 18
           (1999 9:00 AM EDT) May 17
           ...""",
    ),
    (
        "Monday of week number 20, forever",
        "19970512T090000",
        ["FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO"],
        None,
        """(1997 9:00 AM EDT) May 12
           (1998 9:00 AM EDT) May 11
           (1999 9:00 AM EDT) May 17
           ...""",
    ),
    (
        "Every Thursday in March, forever",
        "19970313T090000",
        ["FREQ=YEARLY;BYMONTH=3;BYDAY=TH"],
        None,
        """(1997 9:00 AM EST) March 13,20,27
           (1998 9:00 AM EST) March 5,12,19,26
           (1999 9:00 AM EST) March 4,11,18,25
           ...""",
    ),
    (
        "Every Thursday, but only during June, July, and August, forever",
        "19970605T090000",
        ["FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8"],
        None,
        """(1997 9:00 AM EDT) June 5,12,19,26;July 3,10,17,24,31;
                              August 7,14,21,28
           (1998 9:00 AM EDT) June 4,11,18,25;July 2,9,16,23,30;
                              August 6,13,20,27
           (1999 9:00 AM EDT) June 3,10,17,24;July 1,8,15,22,29;
                              August 5,12,19,26
           ...""",
    ),
    (
        "Every Friday the 13th, forever",
        "19970902T090000",
        ["FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13"],
        "19970902T090000",
        """(1998 9:00 AM EST) February 13;March 13;November 13
           (1999 9:00 AM EDT) August 13
           (2000 9:00 AM EDT) October 13
           ...""",
    ),
    (
        "The first Saturday that follows the first Sunday of the month, forever",
        "19970913T090000",
        ["FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13"],
        None,
        """(1997 9:00 AM EDT) September 13;October 11
           (1997 9:00 AM EST) November 8;December 13
           (1998 9:00 AM EST) January 10;February 7;March 7
           (1998 9:00 AM EDT) April 11;May 9;June 13...
           ...""",
    ),
    (
        "Every 4 years, the first Tuesday after a Monday in November, forever",
        "19961105T090000",
        ["FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8"],
        None,
        """(1996 9:00 AM EST) November 5
            (2000 9:00 AM EST) November 7
            (2004 9:00 AM EST) November 2
            ...""",
    ),
    (
        "The third instance into the month of one of Tuesday, Wednesday, or Thursday, "
        "for the next 3 months",
        "19970904T090000",
        ["FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3"],
        None,
        """(1997 9:00 AM EDT) September 4;October 7
           (1997 9:00 AM EST) November 6""",
    ),
    (
        "The second-to-last weekday of the month",
        "19970929T090000",
        ["FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2"],
        None,
        """(1997 9:00 AM EDT) September 29
           (1997 9:00 AM EST) October 30;November 27;December 30
           (1998 9:00 AM EST) January 29;February 26;March 30
           ...""",
    ),
    (
        "WKST=MO",
        "19970805T090000",
        ["FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO"],
        None,
        "(1997 EDT) August 5,10,19,24",
    ),
    (
        "WKST=SU",
        "19970805T090000",
        ["FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU"],
        None,
        "(1997 EDT) August 5,17,19,31",
    ),
    (
        "An invalid date (February 30) is ignored",
        "20070115T090000",
        ["FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5"],
        None,
        """(2007 EST) January 15,30
           (2007 EST) February 15
           (2007 EDT) March 15,30""",
    ),
]

# The four examples the RFC states as times of one day:
# (title, DTSTART, RRULEs, the stated wall times on 2 September 1997 (EDT)).
TIMED_EXAMPLES = [
    # RFC 5545 prints UNTIL=19970902T170000Z here, which is 13:00 EDT and would end
    # the list at 12:00: an error in the RFC (the same example in RFC 2445 has it
    # too). The rule is written with the UNTIL that gives the stated list, 17:00 EDT;
    # `test_until_utc_is_an_instant` checks the printed UNTIL as the instant it is.
    (
        "Every 3 hours from 9:00 AM to 5:00 PM on a specific day",
        "19970902T090000",
        ["FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z"],
        "09:00,12:00,15:00",
        False,
    ),
    (
        "Every 15 minutes for 6 occurrences",
        "19970902T090000",
        ["FREQ=MINUTELY;INTERVAL=15;COUNT=6"],
        "09:00,09:15,09:30,09:45,10:00,10:15",
        False,
    ),
    (
        "Every hour and a half for 4 occurrences",
        "19970902T090000",
        ["FREQ=MINUTELY;INTERVAL=90;COUNT=4"],
        "09:00,10:30;12:00;13:30",
        False,
    ),
]
# "Every 20 minutes from 9:00 AM to 4:40 PM every day": the RFC states the day's
# first five and last three times, for 2 and 3 September, with "..." between.
TWENTY_MINUTES = [
    "FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40",
    "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16",
]
TWENTY_HEAD = "9:00,9:20,9:40,10:00,10:20"
TWENTY_TAIL = "16:00,16:20,16:40"


def wall(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%dT%H%M%S")


def ny_series(dtstart: str, rule: str, exdate: str | None = None) -> Series:
    return Series(
        wall(dtstart),
        "America/New_York",
        timedelta(hours=1),
        rule=rule,
        exdates=(wall(exdate),) if exdate else (),
    )


def cases():
    for title, dtstart, rules, exdate, block in EXAMPLES:
        for i, rule in enumerate(rules):
            yield pytest.param(dtstart, rule, exdate, block, id=f"{title} #{i + 1}")


@pytest.mark.parametrize(("dtstart", "rule", "exdate", "block"), list(cases()))
def test_rfc5545_examples(dtstart: str, rule: str, exdate: str | None, block: str) -> None:
    expected, open_ended = stated(block)
    first = wall(dtstart).replace(tzinfo=NY)
    end = datetime(2008, 1, 1, tzinfo=NY)  # past every stated list
    got = expand(ny_series(dtstart, rule, exdate), first, end)
    starts = [(o.start.replace(tzinfo=None), o.start.tzname()) for o in got]
    if open_ended:
        starts = starts[: len(expected)]
    assert starts == expected


@pytest.mark.parametrize(("title", "dtstart", "rules", "times", "_"), TIMED_EXAMPLES)
def test_rfc5545_timed_examples(title: str, dtstart: str, rules: list[str], times: str, _) -> None:
    expected = [
        datetime.combine(date(1997, 9, 2), datetime.strptime(t, "%H:%M").time())
        for t in re.split("[,;]", times)
    ]
    start = wall(dtstart).replace(tzinfo=NY)
    for rule in rules:
        got = expand(ny_series(dtstart, rule), start, start + timedelta(days=2))
        assert [o.start.replace(tzinfo=None) for o in got] == expected, title
        assert {o.start.tzname() for o in got} == {"EDT"}


@pytest.mark.parametrize("rule", TWENTY_MINUTES)
def test_rfc5545_every_20_minutes(rule: str) -> None:
    start = datetime(1997, 9, 2, 9, tzinfo=NY)
    got = expand(ny_series("19970902T090000", rule), start, start + timedelta(days=2))
    for day in (2, 3):
        times = [f"{o.start.hour}:{o.start.minute:02}" for o in got if o.start.day == day]
        assert times[:5] == TWENTY_HEAD.split(",")
        assert times[-3:] == TWENTY_TAIL.split(",")


def test_until_utc_is_an_instant() -> None:
    """UNTIL=19970902T170000Z (the RFC's printed text) is 13:00 in New York: nothing
    after that instant, everything before it."""
    start = datetime(1997, 9, 2, 9, tzinfo=NY)
    until = datetime(1997, 9, 2, 17, tzinfo=UTC)
    series = ny_series("19970902T090000", "FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z")
    got = expand(series, start, start + timedelta(days=1))
    assert got and all(o.start <= until for o in got)
    assert got[-1].start + timedelta(hours=3) > until


# -- DST: the wall time is kept in the series' zone ------------------------------------------
@pytest.mark.parametrize(
    ("tz", "before", "after"),
    [
        # Europe/Berlin: CET→CEST on 31 March 2024, CEST→CET on 27 October 2024.
        ("Europe/Berlin", date(2024, 3, 26), date(2024, 4, 2)),
        ("Europe/Berlin", date(2024, 10, 22), date(2024, 10, 29)),
        # America/New_York: EST→EDT on 10 March 2024, EDT→EST on 3 November 2024.
        ("America/New_York", date(2024, 3, 5), date(2024, 3, 12)),
        ("America/New_York", date(2024, 10, 29), date(2024, 11, 5)),
    ],
)
def test_weekly_nine_stays_nine_across_dst(tz: str, before: date, after: date) -> None:
    series = Series(
        datetime.combine(before, datetime.min.time()).replace(hour=9),
        tz,
        timedelta(hours=1),
        rule="FREQ=WEEKLY",
    )
    got = expand(series, datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC))
    first, second = got[0], got[1]
    assert (first.start.date(), second.start.date()) == (before, after)
    assert first.start.hour == second.start.hour == 9
    # The same wall time is a different instant: the offset changed by one hour.
    assert abs(first.start.utcoffset() - second.start.utcoffset()) == timedelta(hours=1)
    assert first.start.astimezone(UTC).hour != second.start.astimezone(UTC).hour


def test_shown_in_the_profiles_zone() -> None:
    """A weekly 09:00 in Berlin seen from New York: the two zones change on different
    Sundays in 2024 (New York 10 March, Berlin 31 March), so for three weeks Berlin's
    09:00 is 04:00 in New York instead of 03:00."""
    series = Series(
        datetime(2024, 3, 5, 9, 0), "Europe/Berlin", timedelta(hours=1), rule="FREQ=WEEKLY"
    )
    got = expand(series, datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 4, 6, tzinfo=UTC))
    shown = [o.start.astimezone(NY).strftime("%d %H:%M %Z") for o in got]
    assert shown == ["05 03:00 EST", "12 04:00 EDT", "19 04:00 EDT", "26 04:00 EDT", "02 03:00 EDT"]
    assert {o.start.strftime("%H:%M") for o in got} == {"09:00"}


def test_gap_and_fold_times() -> None:
    """02:30 on the spring-forward day does not exist in Berlin: read with the offset
    before the gap (RFC 5545 §3.3.5), i.e. 03:30 CEST. 02:30 on the autumn day exists
    twice: the first (CEST) one."""
    series = Series(
        datetime(2024, 3, 30, 2, 30),
        "Europe/Berlin",
        timedelta(minutes=30),
        rule="FREQ=DAILY;COUNT=2",
    )
    got = expand(series, datetime(2024, 3, 29, tzinfo=UTC), datetime(2024, 4, 2, tzinfo=UTC))
    gap = got[1].start.astimezone(UTC)
    assert gap == datetime(2024, 3, 31, 1, 30, tzinfo=UTC)
    assert gap.astimezone(BERLIN).strftime("%H:%M %Z") == "03:30 CEST"
    autumn = Series(datetime(2024, 10, 27, 2, 30), "Europe/Berlin", timedelta(minutes=30))
    [fold] = expand(autumn, datetime(2024, 10, 26, tzinfo=UTC), datetime(2024, 10, 28, tzinfo=UTC))
    assert fold.start.astimezone(UTC) == datetime(2024, 10, 27, 0, 30, tzinfo=UTC)


# -- exceptions -----------------------------------------------------------------------------
def tuesdays(**kw) -> Series:
    return Series(
        datetime(2025, 1, 7, 17, 0),
        "Europe/Berlin",
        timedelta(hours=1),
        rule="FREQ=WEEKLY;BYDAY=TU",
        key="swim",
        **kw,
    )


JAN = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC))


def test_exdate_rdate_and_moved() -> None:
    moved_to = datetime(2025, 1, 16, 18, 0, tzinfo=BERLIN)
    series = tuesdays(
        exdates=(datetime(2025, 1, 21, 17, 0),),
        rdates=(datetime(2025, 1, 25, 10, 0), datetime(2025, 1, 28, 17, 0)),  # one duplicate
        overrides={
            datetime(2025, 1, 14, 17, 0): Moved(moved_to, moved_to + timedelta(hours=1), "m")
        },
    )
    got = expand(series, *JAN)
    assert [(o.start.strftime("%d %H:%M"), o.moved) for o in got] == [
        ("07 17:00", False),
        ("16 18:00", True),
        ("25 10:00", False),
        ("28 17:00", False),
    ]
    assert got[1].original == datetime(2025, 1, 14, 17, 0) and got[1].moved_key == "m"


def test_cancelled_override_and_moved_into_window() -> None:
    """An override None cancels; one moved from outside the window into it shows."""
    inside = datetime(2025, 1, 30, 9, 0, tzinfo=BERLIN)
    series = tuesdays(
        overrides={
            datetime(2025, 1, 7, 17, 0): None,
            datetime(2025, 2, 4, 17, 0): Moved(inside, inside + timedelta(hours=1)),
        }
    )
    got = expand(series, *JAN)
    assert [o.start.day for o in got] == [14, 21, 28, 30]
    assert got[-1].original == datetime(2025, 2, 4, 17, 0)


def test_window_edges_and_overlap() -> None:
    """An occurrence overlapping the window's start is in it; one starting at its end
    is not."""
    series = Series(datetime(2025, 1, 1, 23, 0), "UTC", timedelta(hours=2), rule="FREQ=DAILY")
    got = expand(
        series, datetime(2025, 1, 2, 0, 0, tzinfo=UTC), datetime(2025, 1, 2, 23, 0, tzinfo=UTC)
    )
    assert [o.start.day for o in got] == [1]


def test_old_series_fast_forward_matches_the_walk() -> None:
    """A series started decades before the window gives the occurrences the plain
    dateutil walk gives (the fast-forward changes nothing but the cost)."""
    from dateutil.rrule import rrulestr

    rules = [
        "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,TH",
        "FREQ=MONTHLY;BYMONTHDAY=31",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=YEARLY",
        "FREQ=DAILY;INTERVAL=5",
        "FREQ=MONTHLY;INTERVAL=7;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR",
    ]
    for rule in rules:
        dtstart = datetime(1996, 2, 29, 8, 15)
        series = Series(dtstart, "America/New_York", timedelta(hours=1), rule=rule)
        lo, hi = datetime(2031, 5, 1, tzinfo=NY), datetime(2032, 5, 1, tzinfo=NY)
        walk = rrulestr(rule, dtstart=dtstart).between(
            lo.replace(tzinfo=None), hi.replace(tzinfo=None), inc=True
        )
        got = [o.start.replace(tzinfo=None) for o in expand(series, lo, hi)]
        assert got == walk, rule


# -- all-day and birthdays ------------------------------------------------------------------
def test_all_day_is_dates_in_the_viewers_zone() -> None:
    series = Series(date(2025, 3, 1), rule="FREQ=MONTHLY", duration=timedelta(days=1))
    got = expand(
        series, datetime(2025, 3, 1, tzinfo=NY), datetime(2025, 6, 1, tzinfo=NY), floating=NY
    )
    assert [(o.start, o.end, o.all_day) for o in got] == [
        (date(2025, m, 1), date(2025, m, 2), True) for m in (3, 4, 5)
    ]
    # Seen from Berlin, the window 00:00-00:00 New York time touches 1 June's date there.
    berlin = expand(
        series, datetime(2025, 3, 1, tzinfo=NY), datetime(2025, 6, 1, tzinfo=NY), floating=BERLIN
    )
    assert [o.start.month for o in berlin] == [3, 4, 5, 6]


def test_birthday_on_29_february() -> None:
    """Shown on 28 February in common years (see `recurrence.birthday_rule`), on the
    29th in leap years, with the age reached that year."""
    born = date(2004, 2, 29)
    series = Series(born, rule=recurrence.birthday_rule(born), duration=timedelta(days=1))
    got = expand(series, datetime(2023, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC))
    assert [o.start for o in got] == [
        date(2023, 2, 28),
        date(2024, 2, 29),
        date(2025, 2, 28),
        date(2026, 2, 28),
        date(2027, 2, 28),
        date(2028, 2, 29),
    ]
    assert [recurrence.age_on(born, o.start) for o in got] == [19, 20, 21, 22, 23, 24]
    ordinary = date(1990, 7, 14)
    assert recurrence.birthday_rule(ordinary) == "FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=14"
    assert recurrence.age_on(ordinary, date(2025, 7, 13)) == 34
    assert recurrence.age_on(ordinary, date(2025, 7, 14)) == 35


def test_event_rule_checked() -> None:
    assert recurrence.check_event_rule("rrule:freq=weekly; byday=tu") == "FREQ=WEEKLY;BYDAY=TU"
    for bad in ("", "FREQ=SECONDLY", "FREQ=DAILY;COUNT=2;UNTIL=20250101", "FREQ=DAILY;BYDAY=XX"):
        with pytest.raises(recurrence.ValidationError):
            recurrence.check_event_rule(bad)


def test_plain_rules_agree_with_dateutil() -> None:
    """The arithmetic path of plain daily and weekly rules gives what dateutil's own
    walk gives, over many rules (seeded): intervals, weekdays, week starts, an UNTIL,
    anchors long before and inside the window."""
    import random

    from dateutil.rrule import rrulestr

    rng = random.Random(5545)
    days = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
    for _ in range(300):
        anchor = datetime(2000, 1, 3, rng.randrange(24), rng.choice((0, 30)))
        anchor += timedelta(days=rng.randrange(0, 30 * 365))
        if rng.random() < 0.5:
            rule = "FREQ=DAILY" + (f";INTERVAL={rng.randrange(2, 9)}" if rng.random() < 0.6 else "")
        else:
            picked = sorted(rng.sample(days, rng.randrange(1, 5)), key=days.index)
            rule = f"FREQ=WEEKLY;INTERVAL={rng.randrange(1, 5)};BYDAY={','.join(picked)}"
            rule += f";WKST={rng.choice(days)}"
        if rng.random() < 0.3:
            until = anchor + timedelta(days=rng.randrange(1, 40 * 365))
            rule += f";UNTIL={until:%Y%m%dT%H%M%S}"
        series = Series(anchor, "UTC", timedelta(minutes=30), rule=rule)
        lo = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(-4000, 4000))
        hi = lo + timedelta(days=rng.randrange(1, 400))
        walk = [
            m
            for m in rrulestr(rule, dtstart=anchor).between(
                lo.replace(tzinfo=None) - timedelta(minutes=30),
                hi.replace(tzinfo=None),
                inc=True,
            )
            if lo.replace(tzinfo=None) - timedelta(minutes=30) < m < hi.replace(tzinfo=None)
        ]
        if anchor not in walk and lo.replace(tzinfo=None) - timedelta(
            minutes=30
        ) < anchor < hi.replace(tzinfo=None):
            walk = sorted({*walk, anchor})  # DTSTART is always an occurrence (RFC 5545)
        got = [o.start.replace(tzinfo=None) for o in expand(series, lo, hi)]
        assert got == walk, rule
