"""Input parsing and formatting (services/parsing.py): exact, bounded, and every
error names its field."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dashboard_tui.gym.dto import CardioInfo, epley_g
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.parsing import (
    MAX_INPUT,
    Exact,
    format_distance,
    format_duration,
    format_pace,
    format_volume,
    format_weight,
    parse_date,
    parse_distance,
    parse_duration,
    parse_int,
    parse_rpe,
    parse_weight,
    today_in,
)

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("  Today ", TODAY),
        ("t", TODAY),
        ("", TODAY),
        ("yesterday", date(2026, 11, 21)),
        ("y", date(2026, 11, 21)),
        ("2026-11-21", date(2026, 11, 21)),
        ("1900-01-01", date(1900, 1, 1)),
        ("2027-11-22", date(2027, 11, 22)),
        (date(2020, 2, 29), date(2020, 2, 29)),
        (datetime(2020, 2, 29, 23, 0, tzinfo=UTC), date(2020, 2, 29)),
    ],
)
def test_dates_parse_relative_to_today(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1899-12-31",
        "2027-11-23",
        "2026-13-01",
        "2026-02-30",
        "21/11/2026",
        "2026-1-5",
        "x" * 500,
        "\x00",
    ],
)
def test_bad_dates_name_the_field(text):
    with pytest.raises(ValidationError) as err:
        parse_date(text, today=TODAY, field="when")
    assert set(err.value.errors) == {"when"}


def test_a_year_from_a_leap_day_is_the_28th():
    assert parse_date("2025-02-28", today=date(2024, 2, 29)) == date(2025, 2, 28)
    with pytest.raises(ValidationError):
        parse_date("2025-03-01", today=date(2024, 2, 29))


def test_today_is_the_persons_day_in_their_timezone():
    now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    assert today_in(now, "UTC") == TODAY
    assert today_in(now, "Pacific/Honolulu") == date(2026, 11, 21)
    assert today_in(datetime(2026, 11, 22, 23, 30, tzinfo=UTC), "Asia/Tokyo") == date(2026, 11, 23)
    assert today_in(now, "Not/A_Zone") == TODAY


@pytest.mark.parametrize(
    ("text", "unit", "grams"),
    [
        ("100kg", "lb", 100_000),
        ("100 KG", "lb", 100_000),
        ("102.5 kg", "kg", 102_500),
        ("102,5", "kg", 102_500),
        (".5kg", "kg", 500),
        ("100", "kg", 100_000),
        ("100", "lb", 45_359),  # 45 359.237 g
        ("225lb", "kg", 102_058),  # 102 058.283 25 g
        ("225 lbs", "kg", 102_058),
        ("2.5lb", "kg", 1_134),  # 1 133.980 925 g
        ("0", "kg", 0),
        ("1000kg", "kg", 1_000_000),
        ("2204.62lb", "kg", 999_999),  # 999 998.8 g, rounded half-up
        ("0.0005kg", "kg", 1),  # 0.5 g rounds up
        ("0.0004kg", "kg", 0),
    ],
)
def test_weights_become_exact_grams(text, unit, grams):
    assert parse_weight(text, unit=unit) == grams


@pytest.mark.parametrize("text", ["", "  ", "bw", "BW", "bodyweight", None])
def test_no_weight_is_bodyweight(text):
    assert parse_weight(text, unit="kg") is None
    with pytest.raises(ValidationError):
        parse_weight(text, unit="kg", required=True)


@pytest.mark.parametrize(
    "text",
    ["-5", "1000.001kg", "2205lb", "5 stone", "1e3", "abc", "10kg10", "1" * 60, "NaN", "½kg"],
)
def test_bad_weights_name_the_field(text):
    with pytest.raises(ValidationError) as err:
        parse_weight(text, unit="kg", field="target_weight")
    assert set(err.value.errors) == {"target_weight"}


@pytest.mark.parametrize(
    ("grams", "unit", "text"),
    [
        (100_000, "kg", "100 kg"),
        (102_500, "kg", "102.5 kg"),
        (1_250, "kg", "1.25 kg"),
        (100_000, "lb", "220.5 lb"),
        (102_058, "lb", "225 lb"),
        (45_359, "lb", "100 lb"),
        (0, "kg", "0 kg"),
        (None, "kg", "BW"),
    ],
)
def test_weights_format_in_the_profile_unit(grams, unit, text):
    assert format_weight(grams, unit) == text


def test_formatted_weights_parse_back():
    for grams in range(0, 100_000, 997):
        assert abs(parse_weight(format_weight(grams, "kg"), unit="lb") - grams) <= 5
        assert parse_weight(format_weight(grams * 10, "kg"), unit="lb") == grams * 10
        assert abs(parse_weight(format_weight(grams, "lb"), unit="kg") - grams) <= 23  # 0.05 lb
    assert format_weight(102_500, "kg", suffix=False) == "102.5"
    assert format_volume(2_780_000, "kg") == "2,780 kg"
    assert format_volume(2_780_000, "lb") == "6,129 lb"


def test_an_exact_value_is_taken_as_stored_within_the_same_bounds():
    assert parse_weight(Exact(102_058), unit="kg") == 102_058  # not 102.06 kg read back
    assert parse_distance(Exact(5_123)) == 5_123
    for bad in (Exact(1_000_001), Exact(-1)):
        with pytest.raises(ValidationError) as err:
            parse_weight(bad, unit="kg", field="w")
        assert set(err.value.errors) == {"w"}
    with pytest.raises(ValidationError):
        parse_distance(Exact(1_000_001))


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45m", 2700),
        ("45 min", 2700),
        ("45", 2700),
        ("1.5", 90),
        ("90s", 90),
        ("1h", 3600),
        ("1h30m", 5400),
        ("1h 30m 15s", 5415),
        ("1.5h", 5400),
        ("1:05:00", 3900),
        ("45:00", 2700),
        ("0:45", 45),
        ("24h", 86400),
        (45, 2700),
    ],
)
def test_durations_become_seconds(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text", ["", "25h", "1:60:00", "1:00:60", "45:60", "m", "h1", "-5m", "1:2:3:4"]
)
def test_bad_durations_name_the_field(text):
    with pytest.raises(ValidationError) as err:
        parse_duration(text, field="duration")
    assert set(err.value.errors) == {"duration"}


def test_optional_and_positive_durations():
    assert parse_duration("", required=False) is None
    with pytest.raises(ValidationError):
        parse_duration("0", min_s=1)
    assert [format_duration(s) for s in (None, 45, 2700, 3900, 86400)] == [
        "",
        "0:45",
        "45:00",
        "1:05:00",
        "24:00:00",
    ]


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("5km", 5000),
        ("5 K", 5000),
        ("5", 5000),
        ("5.25", 5250),
        ("800m", 800),
        ("3.1mi", 4989),  # 4 988.966 4 m
        ("26.2 miles", 42165),
        ("1000km", 1_000_000),
        ("", None),
    ],
)
def test_distances_become_metres(text, metres):
    assert parse_distance(text) == metres


@pytest.mark.parametrize("text", ["1001km", "5 parsecs", "-1km", "km", "5km5"])
def test_bad_distances_name_the_field(text):
    with pytest.raises(ValidationError) as err:
        parse_distance(text)
    assert set(err.value.errors) == {"distance"}


DURATION = (parse_duration, {})
DISTANCE = (parse_distance, {})
WEIGHT_KG = (parse_weight, {"unit": "kg"})
RPE = (parse_rpe, {})


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        # a comma followed by three digits: a thousands separator, or a decimal comma
        (WEIGHT_KG, "1,500kg", "Write 1500 or 1.5: a comma followed by three digits"),
        (WEIGHT_KG, "12,345 lb", "Write 12345 or 12.345:"),
        (DISTANCE, "1,500m", "Write 1500 or 1.5:"),
        (DURATION, "1,500", "Write 1500 or 1.5:"),
        (DURATION, "1,250h", "Write 1250 or 1.25:"),
        (RPE, "8,500", "Write 8500 or 8.5:"),
        # both marks, or the same one repeated: thousands separators
        (WEIGHT_KG, "1,500.5kg", "Write 1500.5: one decimal mark and no thousands separators"),
        (WEIGHT_KG, "1.500,5", "Write 1500.5: one decimal mark"),
        (DISTANCE, "1,000,000m", "Write 1000000: no thousands separators"),
        (WEIGHT_KG, "1.500.000", "Write 1500000: no thousands separators"),
        (WEIGHT_KG, "1.5,5", "Use one decimal mark, . or , (not both)"),
        # digits grouped by spaces (a no-break space too)
        (WEIGHT_KG, "1 500kg", "Write 1500: no spaces inside a number"),
        (WEIGHT_KG, "1\u00a0500,5 kg", "Write 1500.5: no spaces inside a number"),
        (DURATION, "1 500", "Write 1500: no spaces"),
        (DISTANCE, "1 000 m", "Write 1000: no spaces"),
    ],
)
def test_a_number_that_reads_two_ways_is_refused_with_how_to_write_it(parse, text, message):
    parser, kwargs = parse
    with pytest.raises(ValidationError) as err:
        parser(text, field="x", **kwargs)
    assert err.value.errors["x"].startswith(message), err.value.errors


@pytest.mark.parametrize(
    ("parse", "text", "value"),
    [
        (WEIGHT_KG, "102,5", 102_500),
        (WEIGHT_KG, "1,50kg", 1_500),  # two digits: only a decimal comma
        (WEIGHT_KG, "1,5000kg", 1_500),  # four
        (WEIGHT_KG, "0,500", 500),  # no one writes 500 as 0,500
        (WEIGHT_KG, ",5", 500),
        (WEIGHT_KG, "2.125 kg", 2_125),  # a dot is the decimal point, digits or not
        (DISTANCE, "3.125mi", 5_029),
        (DISTANCE, "1,5km", 1_500),
        (DURATION, "1,5h", 5_400),  # the same rule in every parser
        (DURATION, "2,5 min", 150),
        (DURATION, "1,5", 90),
        (RPE, "8,5", 85),
    ],
)
def test_a_decimal_comma_is_read_the_same_everywhere(parse, text, value):
    parser, kwargs = parse
    assert parser(text, **kwargs) == value


@pytest.mark.parametrize(
    ("parse", "text"),
    [(WEIGHT_KG, "1 5"), (WEIGHT_KG, "1,500,5"), (DURATION, "1..5h"), (DISTANCE, "5,km")],
)
def test_what_is_no_number_at_all_gets_the_fields_own_message(parse, text):
    parser, kwargs = parse
    with pytest.raises(ValidationError) as err:
        parser(text, field="x", **kwargs)
    assert err.value.errors["x"].startswith("Use a "), err.value.errors


def test_distance_and_pace_formatting():
    assert [format_distance(m) for m in (None, 800, 5000, 5125, 42195)] == [
        "",
        "800 m",
        "5 km",
        "5.13 km",
        "42.2 km",
    ]
    assert format_pace(330) == "5:30 /km" and format_pace(None) == ""


def test_pace_and_speed_are_derived():
    def session(duration_s, distance_m):
        return CardioInfo(None, TODAY, None, "Run", duration_s, distance_m, None, "")

    assert (session(1500, 5000).pace_s_per_km, session(1500, 5000).speed_kmh) == (300, 12.0)
    assert session(3600, 4989).pace_s_per_km == 722
    assert (session(1500, None).pace_s_per_km, session(1500, None).speed_kmh) == (None, None)


def test_small_numbers_rpe_and_epley():
    assert parse_int("12", field="reps", lo=0, hi=1000) == 12
    assert parse_int("", field="rir", lo=0, hi=10, required=False) is None
    for bad in ("1001", "-1", "1.5", "x", True):
        with pytest.raises(ValidationError) as err:
            parse_int(bad, field="reps", lo=0, hi=1000)
        assert set(err.value.errors) == {"reps"}
    # with a label, each message says what is wrong with which number
    for bad in ("0", "-1", "2.5", "1,000", "1001", 0, True):
        with pytest.raises(ValidationError) as err:
            parse_int(bad, field="reps", lo=1, hi=1000, label="reps")
        assert err.value.errors == {"reps": "Reps must be a whole number from 1 to 1000."}
    with pytest.raises(ValidationError) as err:
        parse_int(" ", field="reps", lo=1, hi=1000, label="reps")
    assert err.value.errors == {"reps": "Enter the reps: a whole number from 1 to 1000."}
    assert [parse_rpe(v) for v in ("8", "8.5", "8,5", 10, 1.0, "", None)] == [
        80,
        85,
        85,
        100,
        10,
        None,
        None,
    ]
    for bad in ("0.5", "10.5", "7.3", "x", "nan", "inf", 7.25):
        with pytest.raises(ValidationError) as err:
            parse_rpe(bad)
        assert set(err.value.errors) == {"rpe"}
    assert epley_g(100_000, 1) == 100_000
    assert epley_g(100_000, 5) == 116_667
    assert epley_g(100_000, 12) == 140_000
    assert epley_g(100_000, 13) is None and epley_g(None, 5) is None and epley_g(100_000, 0) is None


@pytest.mark.parametrize(
    ("parse", "message"),
    [
        (lambda v: parse_weight(v, unit="lb"), "At most 1000 kg (2204 lb)."),
        (parse_distance, "At most 1000 km."),
        (parse_duration, "At most 24 hours."),
    ],
    ids=["weight", "distance", "duration"],
)
def test_a_number_as_long_as_the_field_takes_is_refused_not_a_crash(parse, message):
    # More digits than Decimal's default precision (28) once made quantize raise
    # InvalidOperation: an unexpected error for a field that takes MAX_INPUT characters.
    for digits in (29, MAX_INPUT):
        with pytest.raises(ValidationError) as err:
            parse("9" * digits)
        assert list(err.value.errors.values()) == [message]
