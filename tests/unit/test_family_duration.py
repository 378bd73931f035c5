"""The quick entry of time spent (kit/parsing.parse_minutes): every form a person
types, in whole minutes, and the refusals with what to write instead; and how the
minutes read back (format_minutes)."""

from __future__ import annotations

import pytest

from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.parsing import format_minutes, parse_minutes


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("1h30", 90),
        ("1h 30m", 90),
        ("1h30m", 90),
        ("1 h 30 min", 90),
        ("45m", 45),
        ("45 min", 45),
        ("45 minutes", 45),
        ("90", 90),  # a bare number is minutes
        ("1:30", 90),  # hours:minutes
        ("0:05", 5),
        ("2h", 120),
        ("2 hours", 120),
        ("1hr", 60),
        ("1.5h", 90),
        ("1,5h", 90),  # either decimal mark
        ("0.25h", 15),
        ("1.1h", 66),
        ("2.5", 3),  # minutes, rounded half-up
        ("24h", 24 * 60),
        ("23:59", 23 * 60 + 59),
        (" 1H30 ", 90),
        (75, 75),
    ],
)
def test_every_form(typed, minutes):
    assert parse_minutes(typed) == minutes


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", "Enter a duration longer than zero."),
        ("0m", "Enter a duration longer than zero."),
        ("0:00", "Enter a duration longer than zero."),
        ("0.2m", "Enter a duration longer than zero."),  # rounds to no minute
        ("-5m", "A duration cannot be negative."),
        ("-1h", "A duration cannot be negative."),
        ("25h", "At most 24 hours in a day."),
        ("24h 1m", "At most 24 hours in a day."),
        ("1441", "At most 24 hours in a day."),
        ("1h75", "After the hours, minutes go up to 59 (1h30)."),
        ("1:75", "After the colon, minutes go up to 59 (1:30)."),
        ("", "Enter how long. Use a duration like 1h30, 45m, 90 (minutes) or 1:30."),
        ("soon", "Use a duration like 1h30, 45m, 90 (minutes) or 1:30."),
        ("h", "Use a duration like 1h30, 45m, 90 (minutes) or 1:30."),
        ("30m 1h", "Use a duration like 1h30, 45m, 90 (minutes) or 1:30."),
        ("1:30:00", "Use a duration like 1h30, 45m, 90 (minutes) or 1:30."),
        ("1.5.5h", "Use a duration like 1h30, 45m, 90 (minutes) or 1:30."),
        ("[b]1h[/b]", "Use a duration like 1h30, 45m, 90 (minutes) or 1:30."),
        ("1h\x1b[31m", "Use a duration like 1h30, 45m, 90 (minutes) or 1:30."),
        ("1,500", "Write 1500 or 1.5: a comma followed by three digits could be either."),
        ("9" * 41, "That is too long for a number."),
    ],
)
def test_refusals_say_what_to_write(typed, message):
    with pytest.raises(ValidationError) as refused:
        parse_minutes(typed, field="duration")
    assert refused.value.errors == {"duration": message}


def test_a_smaller_limit_names_itself():
    with pytest.raises(ValidationError) as refused:
        parse_minutes("2h", most=90)
    assert refused.value.errors == {"duration": "At most 1h 30m."}


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(0, "0m"), (5, "5m"), (59, "59m"), (60, "1h 00m"), (185, "3h 05m"), (1440, "24h 00m")],
)
def test_format_minutes(minutes, shown):
    assert format_minutes(minutes) == shown
    if minutes:
        assert parse_minutes(shown) == minutes  # what is shown reads back the same


def test_the_time_log_forms_fields_take_what_the_service_accepts():
    """Each field of the log's form takes as many characters as its check."""
    from dashboard_tui.family.ui.time_logs import time_log_form
    from dashboard_tui.kit.parsing import MAX_INPUT
    from dashboard_tui.kit.validation import NAME_MAX, NOTES_MAX

    limits = {f.name: f.max_length for f in time_log_form([], None).fields}
    assert limits == {
        "member": 0,  # a choice list
        "activity": NAME_MAX,  # family/time_logs.py: clean_text(max_len=NAME_MAX)
        "day": MAX_INPUT,
        "duration": MAX_INPUT,
        "notes": NOTES_MAX,
    }
    with pytest.raises(ValidationError) as refused:
        parse_minutes("1" * (MAX_INPUT + 1))
    assert "too long" in refused.value.errors["duration"]
