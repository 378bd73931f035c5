"""kit/recurrence.py: RFC 5545 rules expanded by python-dateutil, checked against the
examples of RFC 5545 §3.8.5.3 that apply to rules of whole days. The expected dates
are written out from the RFC's text, not computed.

Two differences from the RFC's examples, both by design: times of day are not kept
(a rule repeats days), so an UNTIL given there as a UTC moment is written as the last
day it lets in (19971224T000000Z is the evening of 23 December in New York, the
examples' zone); and the start day only anchors the rule: it is an occurrence only
when the rule falls on it (the RFC counts DTSTART always, hence its EXDATE in the
Friday-the-13th example)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dashboard_tui.kit import recurrence
from dashboard_tui.kit.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]


def d(y: int, m: int, day: int) -> date:
    return date(y, m, day)


def days(year: int, month: int, *listed: int) -> list[date]:
    return [date(year, month, x) for x in listed]


def expand(rule: str, start: date, n: int | None = None, end: date = date(2010, 1, 1)):
    found = recurrence.occurrences(recurrence.parse_rule(rule, dtstart=start), start, end=end)
    return found if n is None else found[:n]


# (RFC text, RRULE, DTSTART, how many to compare (None: all; a forever rule: the
# RFC's listed ones), the RFC's dates)
RFC_EXAMPLES = [
    (
        "Daily for 10 occurrences",
        "FREQ=DAILY;COUNT=10",
        d(1997, 9, 2),
        None,
        days(1997, 9, *range(2, 12)),
    ),
    (
        "Daily until December 24, 1997",
        "FREQ=DAILY;UNTIL=19971223",
        d(1997, 9, 2),
        None,
        days(1997, 9, *range(2, 31))
        + days(1997, 10, *range(1, 32))
        + days(1997, 11, *range(1, 31))
        + days(1997, 12, *range(1, 24)),
    ),
    (
        "Every other day - forever",
        "FREQ=DAILY;INTERVAL=2",
        d(1997, 9, 2),
        47,
        days(1997, 9, *range(2, 31, 2))
        + days(1997, 10, *range(2, 31, 2))
        + days(1997, 11, *range(1, 30, 2))
        + days(1997, 12, *range(1, 4, 2)),
    ),
    (
        "Every 10 days, 5 occurrences",
        "FREQ=DAILY;INTERVAL=10;COUNT=5",
        d(1997, 9, 2),
        None,
        days(1997, 9, 2, 12, 22) + days(1997, 10, 2, 12),
    ),
    (
        "Every day in January, for 3 years (yearly form)",
        "FREQ=YEARLY;UNTIL=20000131;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA",
        d(1998, 1, 1),
        None,
        [date(y, 1, x) for y in (1998, 1999, 2000) for x in range(1, 32)],
    ),
    (
        "Every day in January, for 3 years (daily form)",
        "FREQ=DAILY;UNTIL=20000131;BYMONTH=1",
        d(1998, 1, 1),
        None,
        [date(y, 1, x) for y in (1998, 1999, 2000) for x in range(1, 32)],
    ),
    (
        "Weekly for 10 occurrences",
        "FREQ=WEEKLY;COUNT=10",
        d(1997, 9, 2),
        None,
        days(1997, 9, 2, 9, 16, 23, 30) + days(1997, 10, 7, 14, 21, 28) + days(1997, 11, 4),
    ),
    (
        "Weekly until December 24, 1997",
        "FREQ=WEEKLY;UNTIL=19971223",
        d(1997, 9, 2),
        None,
        days(1997, 9, 2, 9, 16, 23, 30)
        + days(1997, 10, 7, 14, 21, 28)
        + days(1997, 11, 4, 11, 18, 25)
        + days(1997, 12, 2, 9, 16, 23),
    ),
    (
        "Every other week - forever",
        "FREQ=WEEKLY;INTERVAL=2;WKST=SU",
        d(1997, 9, 2),
        13,
        days(1997, 9, 2, 16, 30)
        + days(1997, 10, 14, 28)
        + days(1997, 11, 11, 25)
        + days(1997, 12, 9, 23)
        + days(1998, 1, 6, 20)
        + days(1998, 2, 3, 17),
    ),
    (
        "Weekly on Tuesday and Thursday for five weeks (UNTIL)",
        "FREQ=WEEKLY;UNTIL=19971006;WKST=SU;BYDAY=TU,TH",
        d(1997, 9, 2),
        None,
        days(1997, 9, 2, 4, 9, 11, 16, 18, 23, 25, 30) + days(1997, 10, 2),
    ),
    (
        "Weekly on Tuesday and Thursday for five weeks (COUNT)",
        "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH",
        d(1997, 9, 2),
        None,
        days(1997, 9, 2, 4, 9, 11, 16, 18, 23, 25, 30) + days(1997, 10, 2),
    ),
    (
        "Every other week on Monday, Wednesday, and Friday until December 24, 1997",
        "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971223;WKST=SU;BYDAY=MO,WE,FR",
        d(1997, 9, 1),
        None,
        days(1997, 9, 1, 3, 5, 15, 17, 19, 29)
        + days(1997, 10, 1, 3, 13, 15, 17, 27, 29, 31)
        + days(1997, 11, 10, 12, 14, 24, 26, 28)
        + days(1997, 12, 8, 10, 12, 22),
    ),
    (
        "Every other week on Tuesday and Thursday, for 8 occurrences",
        "FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH",
        d(1997, 9, 2),
        None,
        days(1997, 9, 2, 4, 16, 18, 30) + days(1997, 10, 2, 14, 16),
    ),
    (
        "Monthly on the first Friday for 10 occurrences",
        "FREQ=MONTHLY;COUNT=10;BYDAY=1FR",
        d(1997, 9, 5),
        None,
        [d(1997, 9, 5), d(1997, 10, 3), d(1997, 11, 7), d(1997, 12, 5), d(1998, 1, 2)]
        + [d(1998, 2, 6), d(1998, 3, 6), d(1998, 4, 3), d(1998, 5, 1), d(1998, 6, 5)],
    ),
    (
        "Monthly on the first Friday until December 24, 1997",
        "FREQ=MONTHLY;UNTIL=19971223;BYDAY=1FR",
        d(1997, 9, 5),
        None,
        [d(1997, 9, 5), d(1997, 10, 3), d(1997, 11, 7), d(1997, 12, 5)],
    ),
    (
        "Every other month on the first and last Sunday of the month for 10 occurrences",
        "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU",
        d(1997, 9, 7),
        None,
        days(1997, 9, 7, 28)
        + days(1997, 11, 2, 30)
        + days(1998, 1, 4, 25)
        + days(1998, 3, 1, 29)
        + days(1998, 5, 3, 31),
    ),
    (
        "Monthly on the second-to-last Monday of the month for 6 months",
        "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO",
        d(1997, 9, 22),
        None,
        [d(1997, 9, 22), d(1997, 10, 20), d(1997, 11, 17), d(1997, 12, 22)]
        + [d(1998, 1, 19), d(1998, 2, 16)],
    ),
    (
        "Monthly on the third-to-the-last day of the month, forever",
        "FREQ=MONTHLY;BYMONTHDAY=-3",
        d(1997, 9, 28),
        6,
        [d(1997, 9, 28), d(1997, 10, 29), d(1997, 11, 28), d(1997, 12, 29)]
        + [d(1998, 1, 29), d(1998, 2, 26)],
    ),
    (
        "Monthly on the 2nd and 15th of the month for 10 occurrences",
        "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15",
        d(1997, 9, 2),
        None,
        days(1997, 9, 2, 15)
        + days(1997, 10, 2, 15)
        + days(1997, 11, 2, 15)
        + days(1997, 12, 2, 15)
        + days(1998, 1, 2, 15),
    ),
    (
        "Monthly on the first and last day of the month for 10 occurrences",
        "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1",
        d(1997, 9, 30),
        None,
        days(1997, 9, 30)
        + days(1997, 10, 1, 31)
        + days(1997, 11, 1, 30)
        + days(1997, 12, 1, 31)
        + days(1998, 1, 1, 31)
        + days(1998, 2, 1),
    ),
    (
        "Every 18 months on the 10th thru 15th of the month for 10 occurrences",
        "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15",
        d(1997, 9, 10),
        None,
        days(1997, 9, 10, 11, 12, 13, 14, 15) + days(1999, 3, 10, 11, 12, 13),
    ),
    (
        "Every Tuesday, every other month",
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=TU",
        d(1997, 9, 2),
        18,
        days(1997, 9, 2, 9, 16, 23, 30)
        + days(1997, 11, 4, 11, 18, 25)
        + days(1998, 1, 6, 13, 20, 27)
        + days(1998, 3, 3, 10, 17, 24, 31),
    ),
    (
        "Yearly in June and July for 10 occurrences",
        "FREQ=YEARLY;COUNT=10;BYMONTH=6,7",
        d(1997, 6, 10),
        None,
        [date(y, m, 10) for y in range(1997, 2002) for m in (6, 7)],
    ),
    (
        "Every other year on January, February, and March for 10 occurrences",
        "FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3",
        d(1997, 3, 10),
        None,
        [d(1997, 3, 10)] + [date(y, m, 10) for y in (1999, 2001, 2003) for m in (1, 2, 3)],
    ),
    (
        "Every third year on the 1st, 100th, and 200th day for 10 occurrences",
        "FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200",
        d(1997, 1, 1),
        None,
        [d(1997, 1, 1), d(1997, 4, 10), d(1997, 7, 19), d(2000, 1, 1), d(2000, 4, 9)]
        + [d(2000, 7, 18), d(2003, 1, 1), d(2003, 4, 10), d(2003, 7, 19), d(2006, 1, 1)],
    ),
    (
        "Every 20th Monday of the year, forever",
        "FREQ=YEARLY;BYDAY=20MO",
        d(1997, 5, 19),
        3,
        [d(1997, 5, 19), d(1998, 5, 18), d(1999, 5, 17)],
    ),
    (
        "Monday of week number 20, forever",
        "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
        d(1997, 5, 12),
        3,
        [d(1997, 5, 12), d(1998, 5, 11), d(1999, 5, 17)],
    ),
    (
        "Every Thursday in March, forever",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=TH",
        d(1997, 3, 13),
        11,
        days(1997, 3, 13, 20, 27) + days(1998, 3, 5, 12, 19, 26) + days(1999, 3, 4, 11, 18, 25),
    ),
    (
        "Every Thursday, but only during June, July, and August, forever",
        "FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8",
        d(1997, 6, 5),
        13,
        days(1997, 6, 5, 12, 19, 26)
        + days(1997, 7, 3, 10, 17, 24, 31)
        + days(1997, 8, 7, 14, 21, 28),
    ),
    (
        "Every Friday the 13th, forever",
        "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
        d(1997, 9, 2),
        5,
        [d(1998, 2, 13), d(1998, 3, 13), d(1998, 11, 13), d(1999, 8, 13), d(2000, 10, 13)],
    ),
    (
        "The first Saturday that follows the first Sunday of the month, forever",
        "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13",
        d(1997, 9, 13),
        10,
        [d(1997, 9, 13), d(1997, 10, 11), d(1997, 11, 8), d(1997, 12, 13), d(1998, 1, 10)]
        + [d(1998, 2, 7), d(1998, 3, 7), d(1998, 4, 11), d(1998, 5, 9), d(1998, 6, 13)],
    ),
    (
        "U.S. Presidential Election day: every 4 years, the first Tuesday after a Monday "
        "in November",
        "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
        d(1996, 11, 5),
        3,
        [d(1996, 11, 5), d(2000, 11, 7), d(2004, 11, 2)],
    ),
    (
        "The third instance into the month of one of Tuesday, Wednesday, or Thursday, "
        "for the next 3 months",
        "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3",
        d(1997, 9, 4),
        None,
        [d(1997, 9, 4), d(1997, 10, 7), d(1997, 11, 6)],
    ),
    (
        "The second-to-last weekday of the month",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2",
        d(1997, 9, 29),
        7,
        [d(1997, 9, 29), d(1997, 10, 30), d(1997, 11, 27), d(1997, 12, 30)]
        + [d(1998, 1, 29), d(1998, 2, 26), d(1998, 3, 30)],
    ),
    (
        "WKST: every other week on Tuesday and Sunday, weeks from Monday",
        "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
        d(1997, 8, 5),
        None,
        days(1997, 8, 5, 10, 19, 24),
    ),
    (
        "WKST: the same, weeks from Sunday",
        "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
        d(1997, 8, 5),
        None,
        days(1997, 8, 5, 17, 19, 31),
    ),
    (
        "An invalid date (February 30) is ignored",
        "FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5",
        d(2007, 1, 15),
        None,
        [d(2007, 1, 15), d(2007, 1, 30), d(2007, 2, 15), d(2007, 3, 15), d(2007, 3, 30)],
    ),
]


@pytest.mark.parametrize(
    ("rule", "start", "n", "expected"),
    [example[1:] for example in RFC_EXAMPLES],
    ids=[example[0] for example in RFC_EXAMPLES],
)
def test_rfc_5545_examples(rule, start, n, expected):
    """A rule that goes on forever is compared over the first days the RFC lists."""
    assert n is None or len(expected) == n
    assert expand(rule, start, n) == expected


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40",  # every 20 minutes
        "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16",
        "FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z",
    ],
)
def test_the_rfc_examples_with_times_of_day_are_refused(rule):
    with pytest.raises(ValidationError) as refused:
        recurrence.parse_rule(rule)
    assert set(refused.value.errors) == {"rule"}


def test_the_simple_choices_build_rules_that_read_back_in_words():
    cases = [
        (recurrence.monthly_on_day(1), "FREQ=MONTHLY;BYMONTHDAY=1", "monthly on day 1"),
        (
            recurrence.every_n_weeks(2, 4),
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
            "every 2 weeks on Friday",
        ),
        (
            recurrence.every_n_weeks(1, [3, 1]),
            "FREQ=WEEKLY;BYDAY=TU,TH",
            "weekly on Tuesday and Thursday",
        ),
        (
            recurrence.last_business_day(),
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "last business day of the month",
        ),
        (recurrence.yearly_on(3, 14), "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=14", "yearly on 14 March"),
        (recurrence.daily(3), "FREQ=DAILY;INTERVAL=3", "every 3 days"),
        (
            recurrence.monthly_on_day(31),
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1",
            "monthly on day 31 (or the month's last day)",
        ),
    ]
    for built, text, words in cases:
        assert built == text
        assert recurrence.parse_rule(built) == text  # canonical already
        assert recurrence.describe(text) == words
    assert recurrence.describe("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3") == (
        "monthly on the last Friday, 3 times"
    )
    assert recurrence.describe("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20261231") == (
        "every 2 weeks on Tuesday and Thursday, until 2026-12-31"
    )
    # a rule no phrase fits reads as itself
    assert (
        recurrence.describe("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO")
        == "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO"
    )


def test_the_choices_fall_on_the_right_days():
    # day 31 falls on each month's last day when it is shorter; Feb 2028 is a leap one
    assert recurrence.occurrences(
        recurrence.monthly_on_day(31), d(2027, 12, 1), end=d(2028, 4, 30)
    ) == [d(2027, 12, 31), d(2028, 1, 31), d(2028, 2, 29), d(2028, 3, 31), d(2028, 4, 30)]
    # the last business day: 2026-05-31 is a Sunday, 2026-10-31 a Saturday
    assert recurrence.occurrences(
        recurrence.last_business_day(), d(2026, 5, 1), end=d(2026, 10, 31)
    ) == [
        d(2026, 5, 29),
        d(2026, 6, 30),
        d(2026, 7, 31),
        d(2026, 8, 31),
        d(2026, 9, 30),
        d(2026, 10, 30),
    ]
    # every 2 weeks on Friday from a Wednesday: the first Friday, then every other
    assert recurrence.occurrences(
        recurrence.every_n_weeks(2, 4), d(2026, 11, 18), end=d(2026, 12, 31)
    ) == [d(2026, 11, 20), d(2026, 12, 4), d(2026, 12, 18)]
    rule = recurrence.monthly_on_day(1)
    assert recurrence.next_on_or_after(rule, d(2026, 1, 1), d(2026, 3, 1)) == d(2026, 3, 1)
    assert recurrence.next_after(rule, d(2026, 1, 1), d(2026, 3, 1)) == d(2026, 4, 1)
    assert (
        recurrence.next_after("FREQ=MONTHLY;BYMONTHDAY=1;COUNT=2", d(2026, 1, 1), d(2026, 2, 1))
        is None
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Write a rule"),
        ("BYDAY=MO", "starts with FREQ"),
        ("FREQ=SECONDLY", "FREQ is DAILY"),
        ("FREQ=WEEKLY;BYDAY=XX", "dateutil"),
        ("FREQ=WEEKLY;X-NAME=1", "NAME=VALUE"),
        ("FREQ=WEEKLY;FOO=1", "FOO is not a part"),
        ("FREQ=WEEKLY;FREQ=DAILY", "twice"),
        ("FREQ=DAILY;COUNT=2;UNTIL=20260101", "not both"),
        ("FREQ=DAILY;UNTIL=20260101T000000Z", "UNTIL is a day"),
        ("DTSTART:20260101\nRRULE:FREQ=DAILY", "NAME=VALUE"),
        ("FREQ=DAILY;DTSTART=20260101", "start day is a field"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never falls"),
        ("FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31", "never falls"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6", "never falls"),
        ("FREQ=DAILY;" + "BYMONTHDAY=1," * 40, "at most"),
        ("FREQ=DAILY\x1b[2J", "NAME=VALUE"),
    ],
)
def test_bad_rules_are_refused_with_a_reason(typed, message):
    with pytest.raises(ValidationError, match=message):
        recurrence.parse_rule(typed)


def test_a_rule_is_read_in_any_case_with_or_without_its_name():
    assert recurrence.parse_rule(" rrule: freq=weekly; byday=fr ;") == "FREQ=WEEKLY;BYDAY=FR"
    assert recurrence.parse_rule("BYDAY=FR;FREQ=WEEKLY") == "FREQ=WEEKLY;BYDAY=FR"


def test_importing_the_engine_or_the_app_does_not_load_dateutil():
    code = (
        "import sys, dashboard_tui.app, dashboard_tui.kit.recurrence, "
        "dashboard_tui.finance.services, dashboard_tui.finance.ui.schedules\n"
        "print('dateutil' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "False"
