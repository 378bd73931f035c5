"""SQLite planner statistics: refreshed when a table has outgrown them, and then the
gym's joins follow workout → exercise → sets instead of every set of the person."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import insert, text

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.db.statistics import refresh_statistics, stale_tables
from dashboard_tui.models.gym import Exercise, ExerciseSet, Workout

SQUAT = seed_id("exercise", "Back Squat")


@pytest.fixture(params=["sqlite"])
def engine_name(request: pytest.FixtureRequest) -> str:
    return request.param


def bulk_history(db, user_id, workouts=60, sets_per_workout=40):
    with db.transaction(user_id=user_id) as s:
        for i in range(workouts):
            wid, eid = uuid.uuid4(), uuid.uuid4()
            day = date(2026, 1, 1) + timedelta(days=i)
            s.execute(insert(Workout).values(id=wid, user_id=user_id, name="W", date=day))
            s.execute(
                insert(Exercise).values(
                    id=eid, user_id=user_id, workout_id=wid, catalog_item_id=SQUAT, position=0
                )
            )
            s.execute(
                insert(ExerciseSet),
                [
                    dict(
                        id=uuid.uuid4(),
                        user_id=user_id,
                        exercise_id=eid,
                        position=n,
                        set_type="working",
                        weight_g=100_000,
                        reps=5,
                    )
                    for n in range(sets_per_workout)
                ],
            )


def plan_of(db, sql, **params):
    with db.engine.connect() as conn:
        return " / ".join(r[3] for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql), params))


DAILY = """SELECT workouts.date, count(exercise_sets.id) FROM exercise_sets
JOIN exercises ON exercises.id = exercise_sets.exercise_id
JOIN workouts ON workouts.id = exercises.workout_id
WHERE exercise_sets.user_id = :u AND exercises.user_id = :u AND workouts.user_id = :u
AND workouts.date BETWEEN :a AND :b GROUP BY workouts.date"""


def test_grown_tables_are_analysed_once_and_the_joins_follow_the_workouts(db, make_user):
    ana = make_user("Ana")
    bulk_history(db, ana.user.id)
    assert {"workouts", "exercises", "exercise_sets"} - set(stale_tables(db)) == {
        "workouts",
        "exercises",
    }  # 60 workouts and exercises are too few to matter; 2,400 sets are not
    u = ana.user.id.hex
    before = plan_of(db, DAILY, u=u, a="2026-01-01", b="2026-01-07")
    assert "ix_exercise_sets_user_id" in before  # every set of the person, per workout

    assert refresh_statistics(db) == ["exercise_sets"]
    after = plan_of(db, DAILY, u=u, a="2026-01-01", b="2026-01-07")
    assert "ix_exercise_sets_exercise_id_user_id" in after
    assert refresh_statistics(db) == []  # up to date: nothing to do
    bulk_history(db, ana.user.id, workouts=60)
    assert refresh_statistics(db) == ["exercise_sets"]  # doubled: analysed again
