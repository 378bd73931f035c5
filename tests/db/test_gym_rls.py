"""Every gym flow works as the PostgreSQL app role, held by row-level security (the
services pass the user to each unit of work), and the other user sees none of it."""

from __future__ import annotations

import pytest

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.gym.services import GymService
from dashboard_tui.kit.errors import NotFound
from tests.conftest import PASSWORD, TEST_CLIENT

SQUAT = seed_id("exercise", "Back Squat")


def test_every_gym_flow_works_as_the_app_role(role_db, passwords, clock):
    auth = role_db.auth(passwords, clock)
    ana = auth.register("Ana", "ana@example.com", PASSWORD, PASSWORD).login
    ben = auth.register("Ben", "ben@example.com", PASSWORD, PASSWORD).login
    gym = GymService(role_db.app, clock=clock, client=TEST_CLIENT)

    own = gym.catalog.create_exercise(ana, name="Ana's Press")
    assert gym.catalog.list_exercises(ana, text="press", page_size=100).rows
    gym.catalog.edit_exercise(ana, own.id, equipment="barbell")
    detail = gym.workouts.start_workout(ana, name="Legs")
    workout = detail.workout
    squat = gym.workouts.add_exercise(ana, workout.id, SQUAT)
    press = gym.workouts.add_exercise(ana, workout.id, own.id)
    logged = gym.sets.log_set(ana, squat.id, weight="100kg", reps=5)
    assert logged.new_records
    gym.sets.log_set(ana, press.id, weight="40kg", reps=8)
    gym.sets.edit_set(ana, logged.set.id, reps=6)
    gym.workouts.move_exercise(ana, press.id, -1)
    gym.workouts.finish_workout(ana, workout.id)
    template = gym.templates.save_workout_as_template(ana, workout.id, name="Legs plan")
    again = gym.workouts.start_workout(ana, template_id=template.template.id)
    assert again.exercises[1].previous.workout_id == workout.id
    gym.cardio.log_cardio(ana, activity="Running", duration="30m", distance="5km")
    assert gym.progress.records(ana, SQUAT).heaviest.value == 100_000
    assert gym.progress.weekly_summary(ana).this_week.sets == 2
    assert gym.progress.e1rm_series(ana, SQUAT)
    assert gym.workouts.list_workouts(ana, with_total=True).total == 2

    # Ben, as the app role too, reaches none of it
    assert gym.workouts.list_workouts(ben, with_total=True).total == 0
    assert gym.progress.record_board(ben) == ()
    assert gym.cardio.list_cardio(ben).rows == ()
    assert gym.catalog.list_exercises(ben, own_only=True).rows == ()
    with pytest.raises(NotFound):
        gym.workouts.get_workout(ben, workout.id)

    gym.sets.delete_set(ana, logged.set.id)
    gym.templates.delete_template(ana, template.template.id)
    gym.workouts.delete_workout(ana, again.workout.id)
    gym.workouts.delete_workout(ana, workout.id)
    gym.catalog.delete_exercise(ana, own.id)
    assert gym.progress.record_board(ana) == ()
