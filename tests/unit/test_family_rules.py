"""The event form's repeat choices ⇄ RRULE (family/services.py): every choice builds
a rule the engine accepts, reads in words, and reads back as the same choices; bad
input is refused naming its field. Colours: what a member's colour may be."""

from __future__ import annotations

from datetime import date

import pytest
from textual.color import Color

from dashboard_tui.family.palette import COLOR_NAMES, TYPE_COLORS, check_color, event_color
from dashboard_tui.family.services import (
    RepeatChoices,
    choices_from_rule,
    monthly_labels,
    parse_weekdays,
    rule_from_choices,
    rule_words,
)
from dashboard_tui.kit import recurrence
from dashboard_tui.kit.errors import ValidationError

MONDAY = date(2026, 1, 5)
LAST_FRIDAY = date(2026, 1, 30)  # also the 5th Friday of January 2026
SECOND_TUESDAY = date(2026, 1, 13)

CASES = [
    # (choices, start, all-day?, rule, words)
    (RepeatChoices("daily"), MONDAY, True, "FREQ=DAILY", "daily"),
    (RepeatChoices("daily", "3"), MONDAY, True, "FREQ=DAILY;INTERVAL=3", "every 3 days"),
    (RepeatChoices("weekly"), MONDAY, False, "FREQ=WEEKLY", "weekly"),
    (
        RepeatChoices("weekly", "2", "Mon, Wed"),
        MONDAY,
        False,
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE",
        "every 2 weeks on Monday and Wednesday",
    ),
    (
        RepeatChoices("weekly", "1", "Mon, Wed", "after", "", "10"),
        MONDAY,
        False,
        "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10",
        "weekly on Monday and Wednesday, 10 times",
    ),
    (RepeatChoices("monthly_day"), SECOND_TUESDAY, False, "FREQ=MONTHLY", "monthly on day 13"),
    (
        RepeatChoices("monthly_nth", "2"),
        SECOND_TUESDAY,
        False,
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU",
        "every 2 months on the second Tuesday",
    ),
    (
        RepeatChoices("monthly_last", "1", "", "after", "", "10"),
        LAST_FRIDAY,
        True,
        "FREQ=MONTHLY;BYDAY=-1FR;COUNT=10",
        "monthly on the last Friday, 10 times",
    ),
    (
        RepeatChoices("monthly_nth"),
        LAST_FRIDAY,
        True,
        "FREQ=MONTHLY;BYDAY=5FR",
        "monthly on the fifth Friday",
    ),
    (RepeatChoices("yearly"), MONDAY, True, "FREQ=YEARLY", "yearly"),
    (
        RepeatChoices("yearly", "1", "", "on", "2030-01-05"),
        MONDAY,
        True,
        "FREQ=YEARLY;UNTIL=20300105",
        "yearly, until 2030-01-05",
    ),
]


@pytest.mark.parametrize(("choices", "start", "all_day", "rule", "words"), CASES)
def test_each_choice_builds_a_rule_reads_in_words_and_reads_back(
    choices, start, all_day, rule, words
):
    built = rule_from_choices(choices, start, timezone="Europe/Berlin", all_day=all_day)
    assert built == rule
    assert recurrence.check_event_rule(built) == built
    assert rule_words(built, "Europe/Berlin", all_day, start) == words
    back = choices_from_rule(built, start, timezone="Europe/Berlin", all_day=all_day)
    assert back == choices
    assert rule_from_choices(back, start, timezone="Europe/Berlin", all_day=all_day) == built


def test_until_is_the_last_day_in_the_events_zone_included():
    """A timed series' UNTIL is that day's end in its zone, written in UTC (RFC 5545);
    read back (and in words) it is the day typed, even where UTC is a day ahead."""
    choices = RepeatChoices("weekly", "1", "", "on", "2026-03-02")
    rule = rule_from_choices(choices, MONDAY, timezone="America/New_York", all_day=False)
    assert rule == "FREQ=WEEKLY;UNTIL=20260303T045959Z"
    assert rule_words(rule, "America/New_York", False) == "weekly, until 2026-03-02"
    assert choices_from_rule(rule, MONDAY, timezone="America/New_York", all_day=False) == choices
    # The last Monday, at 21:00 there, is an occurrence.
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    ny = ZoneInfo("America/New_York")
    series = recurrence.Series(
        datetime(2026, 1, 5, 21, 0), "America/New_York", timedelta(hours=1), rule=rule
    )
    found = recurrence.expand(
        series, datetime(2026, 1, 1, tzinfo=ny), datetime(2026, 12, 31, tzinfo=ny)
    )
    assert [o.start.date() for o in found][-1] == date(2026, 3, 2)
    assert len(found) == 9


@pytest.mark.parametrize(
    ("choices", "start", "field", "says"),
    [
        (RepeatChoices("weekly", "1", "mon,funday"), MONDAY, "days", "not a day of the week"),
        (RepeatChoices("weekly", "1", "t"), MONDAY, "days", "not a day of the week"),
        (RepeatChoices("weekly", "1", "tu"), MONDAY, "days", "not one of them"),
        (RepeatChoices("weekly", "1", " , "), MONDAY, "days", "Choose the days"),
        (RepeatChoices("none", "1", "mon"), MONDAY, "days", "for a weekly repeat"),
        (RepeatChoices("monthly_day", "1", "mon,wed"), MONDAY, "days", "choose Weekly"),
        (RepeatChoices("none", "2"), MONDAY, "every", "Every is for a repeat"),
        (RepeatChoices("none", "1", "", "10 times"), MONDAY, "ends", "An end is for a repeat"),
        (RepeatChoices("none", "1", "", "2027-01-31"), MONDAY, "ends", "choose how it repeats"),
        (RepeatChoices("daily", "1", "", "on", "2025-12-31"), MONDAY, "until", "before the first"),
        (RepeatChoices("daily", "1", "", "on", "31/12/2026"), MONDAY, "until", "2026-11-21"),
        (RepeatChoices("daily", "1", "", "on", ""), MONDAY, "until", "last day"),
        (RepeatChoices("daily", "1", "", "after", "", "0"), MONDAY, "count", ""),
        (RepeatChoices("daily", "1", "", "after", "", "x"), MONDAY, "count", ""),
        (RepeatChoices("daily", "0"), MONDAY, "every", ""),
        (RepeatChoices("fortnightly"), MONDAY, "repeat", "how it repeats"),
        (RepeatChoices("monthly_last"), SECOND_TUESDAY, "repeat", "not the last Tuesday"),
        (RepeatChoices("daily", "1", "", "sometimes"), MONDAY, "ends", "never"),
    ],
)
def test_bad_choices_are_refused_next_to_their_field(choices, start, field, says):
    with pytest.raises(ValidationError) as caught:
        rule_from_choices(choices, start)
    assert field in caught.value.errors
    assert says in caught.value.errors[field]


def test_one_ends_field_reads_never_a_last_day_or_times():
    """The form's one Ends field; its messages name it."""
    from dashboard_tui.family.services import ends_text, settled

    def built(ends: str) -> str | None:
        return rule_from_choices(RepeatChoices("daily", ends=ends), MONDAY)

    assert built("") == built("never") == "FREQ=DAILY"
    assert built("10") == built("10 times") == built("after 10") == "FREQ=DAILY;COUNT=10"
    assert built("2026-02-01") == built("until 2026-02-01") == "FREQ=DAILY;UNTIL=20260201"
    for bad, says in (("0", "1"), ("2025-01-01", "before the first"), ("soon", "never")):
        with pytest.raises(ValidationError) as caught:
            built(bad)
        assert list(caught.value.errors) == ["ends"] and says in caught.value.errors["ends"]
    for _, start, all_day, rule, _ in CASES:
        shown = choices_from_rule(rule, start, timezone="UTC", all_day=all_day)
        assert shown is not None
        typed = RepeatChoices(shown.repeat, shown.every, shown.days, ends_text(shown))
        assert settled(typed) == shown
    assert settled(RepeatChoices("daily", ends="soon")) is None


def test_day_names_are_read_in_many_spellings():
    assert parse_weekdays("mon,wed,fri") == [0, 2, 4]
    assert parse_weekdays("Mo We Fr") == [0, 2, 4]
    assert parse_weekdays("Friday; tue. SUN") == [1, 4, 6]
    with pytest.raises(ValidationError) as caught:
        parse_weekdays("[b]mon[/b]")
    assert "'[b]mon[/b]'" in caught.value.errors["days"]


def test_rules_the_form_cannot_show_are_none():
    for rule in (
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "FREQ=MONTHLY;BYMONTHDAY=1,15",
        "FREQ=WEEKLY;BYDAY=TU",  # not on the start's weekday (a Monday)
        "FREQ=MONTHLY;BYDAY=3MO",  # the start is the first Monday
        "FREQ=WEEKLY;WKST=SU;INTERVAL=2",
        "FREQ=HOURLY",
    ):
        assert choices_from_rule(rule, MONDAY, timezone="UTC", all_day=False) is None, rule
    assert choices_from_rule(None, MONDAY) == RepeatChoices()


def test_monthly_labels_follow_the_start_day():
    assert monthly_labels(SECOND_TUESDAY) == {
        "monthly_day": "Monthly on the same day (13)",
        "monthly_nth": "Monthly on the same weekday (2nd Tuesday)",
        "monthly_last": "Monthly on the last such weekday (last Tuesday)",
    }
    assert monthly_labels(None)["monthly_nth"].startswith("Monthly on the same weekday")


def test_member_colours_are_names_textual_knows_or_hex():
    for name in COLOR_NAMES | set(TYPE_COLORS.values()):
        Color.parse(name)  # raises for a name Textual does not know
    assert set(TYPE_COLORS.values()) <= COLOR_NAMES
    assert check_color(" Teal ") == "teal"
    assert check_color("#FA0") == "#fa0"
    assert check_color("#12ab9F") == "#12ab9f"
    assert check_color("") is None
    for bad in ("#12345", "tealish", "[red]x", "\x1b[31m"):
        with pytest.raises(ValidationError) as caught:
            check_color(bad)
        assert "colour name" in caught.value.errors["color"]
    assert event_color("teal", "Trip") == "teal"
    assert event_color(None, "Trip") == TYPE_COLORS["Trip"]
    assert event_color(None, "") is None
