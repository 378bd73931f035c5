"""Progress: the per-session e1RM series, weekly volume (honouring the profile's week
start), the weekly summary against last week, the record board. Both engines."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.gym.dto import WeekStats
from dashboard_tui.gym.services import GymService
from dashboard_tui.kit.errors import ValidationError
from tests.conftest import TEST_CLIENT

SQUAT = seed_id("exercise", "Back Squat")
BENCH = seed_id("exercise", "Barbell Bench Press")
NOV = 11


@pytest.fixture
def gym(db, clock) -> GymService:
    return GymService(db, clock=clock, client=TEST_CLIENT)


@pytest.fixture
def history(gym, make_user):
    """Three workouts and two cardio sessions around today (Sunday 2026-11-22)."""
    ana = make_user("Ana")
    make_user("Ben")  # a second user whose data never shows up
    plan = {
        "2026-11-10": [(SQUAT, [("60kg", 10, "warmup"), ("100kg", 5, "working")])],
        "2026-11-16": [(SQUAT, [("110kg", 3, "working"), ("100kg", 5, "drop")])],
        "2026-11-22": [(SQUAT, [("90kg", 15, "working")]), (BENCH, [("60kg", 10, "failure")])],
    }
    for day, exercises in plan.items():
        workout = gym.workouts.start_workout(ana, date=day).workout
        for item, sets in exercises:
            exercise = gym.workouts.add_exercise(ana, workout.id, item)
            for weight, reps, kind in sets:
                gym.sets.log_set(ana, exercise.id, weight=weight, reps=reps, set_type=kind)
    template = gym.templates.create_template(ana, name="planned only").template
    gym.templates.add_template_exercise(ana, template.id, SQUAT, target_weight="200kg")
    gym.workouts.start_workout(ana, template_id=template.id, date="2026-11-21")  # planned sets
    gym.cardio.log_cardio(ana, activity="Run", duration="30m", distance="5km", date="2026-11-21")
    gym.cardio.log_cardio(ana, activity="Row", duration="20m", date="2026-11-15")
    return ana


def test_the_e1rm_series_has_each_sessions_best(gym, history):
    points = gym.progress.e1rm_series(history, SQUAT)
    assert [(p.date, p.e1rm_g) for p in points] == [
        (date(2026, NOV, 10), 116_667),  # 100 kg × 5
        (date(2026, NOV, 16), 121_000),  # 110 kg × 3 beats 100 × 5; 15 reps give none
    ]
    assert [p.date.day for p in gym.progress.e1rm_series(history, SQUAT, since="2026-11-11")] == [
        16
    ]
    assert gym.progress.e1rm_series(history, BENCH)[0].e1rm_g == 80_000


def test_weekly_volume_and_summary_honour_the_week_start(gym, profiles, history):
    weeks = gym.progress.weekly_volume(history, weeks=3)
    assert [(w.week_start.day, w.sets, w.volume_g) for w in weeks] == [
        (2, 0, 0),
        (9, 1, 500_000),
        (16, 4, 830_000 + 1_350_000 + 600_000),
    ]
    squat_only = gym.progress.weekly_volume(history, weeks=1, catalog_item_id=SQUAT)
    assert [(w.sets, w.volume_g) for w in squat_only] == [(3, 2_180_000)]
    summary = gym.progress.weekly_summary(history)
    assert summary.this_week == WeekStats(date(2026, NOV, 16), 3, 4, 2_780_000, 1, 1800, 5000)
    assert summary.last_week == WeekStats(date(2026, NOV, 9), 1, 1, 500_000, 1, 1200, 0)

    profiles.update(
        history, weight_unit="kg", currency="EUR", timezone="UTC", theme="nord", week_start=6
    )
    summary = gym.progress.weekly_summary(history)
    assert summary.this_week == WeekStats(date(2026, NOV, 22), 1, 2, 1_950_000, 0, 0, 0)
    assert summary.last_week == WeekStats(date(2026, NOV, 15), 2, 2, 830_000, 2, 3000, 5000)
    assert [w.week_start.day for w in gym.progress.weekly_volume(history, weeks=2)] == [15, 22]
    with pytest.raises(ValidationError):
        gym.progress.weekly_volume(history, weeks=0)


def test_the_record_board_lists_each_exercise(gym, history):
    board = {r.name: r for r in gym.progress.record_board(history)}
    assert set(board) == {"Back Squat", "Barbell Bench Press"}
    squat = board["Back Squat"]
    assert squat.heaviest.value == 110_000 and squat.heaviest.achieved_on == date(2026, NOV, 16)
    assert squat.volume.value == 1_350_000 and squat.volume.achieved_on == date(2026, NOV, 22)
    assert [(r.reps, r.value) for r in squat.rep_maxes] == [
        (3, 110_000),
        (5, 100_000),
        (15, 90_000),
    ]
    assert board["Barbell Bench Press"].e1rm.value == 80_000
