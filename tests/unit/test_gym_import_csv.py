"""The Strong/Hevy CSV reader (gym/import_csv.py) on files of our own making in each
layout the apps have shipped (tests/data/gym_import/): delimiters, quoting, units in
a column, in the header or absent (then asked), durations, locale dates, set types,
supersets, notes, distance and time sets; bad rows named by line."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard_tui.gym.import_csv import (
    ImportFileError,
    UnitNeeded,
    choose_date_format,
    name_key,
    parse,
    parse_number,
    parse_seconds,
)

DATA = Path(__file__).parent.parent / "data" / "gym_import"


def read(name: str, fmt: str, **kw: str) -> object:
    return parse((DATA / name).read_bytes(), fmt, **kw)


def test_strong_semicolon_layout_with_unit_columns() -> None:
    parsed = read("strong_semicolon_units.csv", "strong")
    push, legs = parsed.workouts
    assert (push.start, push.name, push.duration_s, push.notes) == (
        datetime(2021, 3, 1, 7, 30),
        "Push Day",
        3900,
        "felt strong",
    )
    bench, plank, run = push.exercises
    assert [(s.weight_g, s.reps, s.rpe_x10) for s in bench.sets] == [
        (60_000, 10, None),
        (80_000, 5, 85),
    ]
    assert bench.notes == "paused reps"
    assert [(s.weight_g, s.reps, s.seconds) for s in plank.sets] == [(None, None, 60)]
    assert [(s.distance_m, s.seconds) for s in run.sets] == [(5000, 1500)]
    squat = legs.exercises[0].sets[0]
    assert squat.weight_g == 102_058  # 225 lb in grams, rounded
    assert legs.duration_s == 45 * 60
    assert parsed.set_count == 5


def test_strong_comma_layout_asks_the_unit_then_reads_set_types() -> None:
    with pytest.raises(UnitNeeded):
        read("strong_comma_no_unit.csv", "strong")
    parsed = read("strong_comma_no_unit.csv", "strong", unit="kg")
    (workout,) = parsed.workouts
    assert workout.start == datetime(2023, 1, 5, 18, 10, 33)  # 6:10:33 PM, iOS's \u202f
    assert workout.duration_s == 45 * 60
    deadlift, pull_up = workout.exercises
    # the Rest Timer row is not a set
    assert [(s.set_type, s.weight_g, s.reps) for s in deadlift.sets] == [
        ("warmup", 60_000, 5),
        ("working", 102_500, 5),  # "102,5": a comma locale's decimal mark
        ("drop", 80_000, 8),
    ]
    (last,) = pull_up.sets
    assert (last.set_type, last.weight_g, last.reps, last.rpe_x10) == ("failure", None, 12, 90)
    assert pull_up.notes == "last one, slow"


def test_units_in_the_header_and_seconds_as_duration() -> None:
    parsed = read("strong_header_unit.csv", "strong")
    (workout,) = parsed.workouts
    assert parsed.weight_unit == "lb"
    assert workout.start == datetime(2022, 2, 14, 9, 15)  # d.m.Y
    assert workout.duration_s == 3900
    press, cycling = workout.exercises
    assert press.sets[0].weight_g == 43_091  # 95 lb
    assert (cycling.sets[0].distance_m, cycling.sets[0].seconds) == (16_093, 1800)  # 10 mi


def test_hevy_kg_with_supersets_set_types_and_a_run() -> None:
    parsed = read("hevy_kg.csv", "hevy")
    upper, cardio = parsed.workouts
    assert (upper.start, upper.end, upper.duration_s) == (
        datetime(2024, 1, 13, 9, 30),
        datetime(2024, 1, 13, 10, 40),
        70 * 60,
    )
    assert upper.notes == "Good session"
    bench, row, raise_ = upper.exercises
    assert (bench.superset, row.superset, raise_.superset) == (0, 0, None)
    assert [s.set_type for s in bench.sets] == ["warmup", "working"]
    assert bench.sets[1].weight_g == 82_500 and bench.sets[1].rpe_x10 == 80
    assert row.notes == "elbows in"
    assert [s.set_type for s in raise_.sets] == ["drop", "failure"]
    run = cardio.exercises[0].sets[0]
    assert (run.distance_m, run.seconds, run.weight_g, run.reps) == (5200, 1860, None, None)


def test_hevy_lbs_and_miles_with_us_dates() -> None:
    parsed = read("hevy_lbs.csv", "hevy")
    (lower,) = parsed.workouts
    assert lower.start == datetime(2024, 1, 15, 18, 5)
    squat, plank, walk = lower.exercises
    assert squat.sets[0].weight_g == 102_058
    assert plank.sets[0].seconds == 90
    assert walk.sets[0].distance_m == 2414  # 1.5 mi


def test_a_bad_cell_is_named_by_line_and_column() -> None:
    with pytest.raises(ImportFileError) as caught:
        read("strong_bad_row.csv", "strong")
    assert caught.value.line == 3
    assert str(caught.value).startswith("Line 3: Weight:")


def test_the_wrong_format_is_named() -> None:
    with pytest.raises(ImportFileError, match="looks like a Hevy export"):
        read("hevy_kg.csv", "strong")


def test_user_text_with_control_characters_is_refused_by_line() -> None:
    text = (
        "title,start_time,exercise_title,set_type,weight_kg,reps\n"
        'A,"13 Jan 2024, 09:30",Bench\x1b[31m,normal,50,5\n'
    )
    with pytest.raises(ImportFileError, match="^Line 2: exercise_title"):
        parse(text, "hevy")


def test_set_notes_joined_past_the_notes_limit_are_refused_by_line() -> None:
    note = "x" * 3000
    text = (
        "title,start_time,exercise_title,exercise_notes,set_type,weight_kg,reps\n"
        f'A,"13 Jan 2024, 09:30",Bench,{note}a,normal,50,5\n'
        f'A,"13 Jan 2024, 09:30",Bench,{note}b,normal,50,5\n'
    )
    with pytest.raises(ImportFileError, match="^Line 3: exercise_notes"):
        parse(text, "hevy")


def test_rows_of_one_workout_further_down_still_join_it() -> None:
    text = (
        "title,start_time,exercise_title,set_type,weight_kg,reps\n"
        'A,"13 Jan 2024, 09:30",Bench,normal,50,5\n'
        'B,"14 Jan 2024, 09:30",Squat,normal,80,5\n'
        'a,"13 Jan 2024, 09:30",Row,normal,40,8\n'
    )
    first, second = parse(text, "hevy").workouts
    assert [e.name for e in first.exercises] == ["Bench", "Row"]
    assert [e.name for e in second.exercises] == ["Squat"]


def test_day_month_ambiguity_is_refused_unless_named() -> None:
    cells = [(2, "03/04/2024 10:00"), (3, "05/06/2024 10:00")]
    with pytest.raises(ImportFileError, match="day/month"):
        choose_date_format(cells)
    assert choose_date_format(cells, "%m/%d/%Y %H:%M") == "%m/%d/%Y %H:%M"
    assert choose_date_format([(2, "13/04/2024 10:00")]) == "%d/%m/%Y %H:%M"


def test_names_compare_in_any_case_and_spacing() -> None:
    assert name_key("  Bench  PRESS (barbell) ") == name_key("bench press (Barbell)")


@given(st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False))
def test_numbers_read_with_either_decimal_mark(value: Decimal) -> None:
    text = f"{value:.2f}"
    assert parse_number(text) == Decimal(text)
    assert parse_number(text.replace(".", ",")) == Decimal(text)


@given(st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
def test_durations_read_as_hours_minutes_seconds_or_seconds(h: int, m: int, s: int) -> None:
    total = h * 3600 + m * 60 + s
    assert parse_seconds(str(total)) == total
    spelled = " ".join(f"{n}{u}" for n, u in ((h, "h"), (m, "m"), (s, "s")) if n)
    assert parse_seconds(spelled) == (total if spelled else None)


@pytest.mark.parametrize("bad", ["1x", "h", "5 m 3", "-5"])
def test_bad_durations_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_seconds(bad)
