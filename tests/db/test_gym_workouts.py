"""Workouts: start (ad hoc or from a template), edit, finish, delete with the whole
before-image, exercises added/removed/reordered, the previous-session hint, palette
search and keyset paging. Both engines, through the services."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.gym.repository.workouts import WorkoutRepository
from dashboard_tui.gym.services import GymService
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.models.gym import Exercise, ExerciseSet
from dashboard_tui.models.shared import AuditLog
from tests.conftest import PASSWORD, TEST_CLIENT
from tests.support import gym_of

SQUAT = seed_id("exercise", "Back Squat")
BENCH = seed_id("exercise", "Barbell Bench Press")
ROW = seed_id("exercise", "Barbell Row")
TODAY = date(2026, 11, 22)  # tests.support.FIXED_NOW, 09:00 UTC
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)


@pytest.fixture
def gym(db, clock) -> GymService:
    return GymService(db, clock=clock, client=TEST_CLIENT)


def audit_rows(db, action: str) -> list[AuditLog]:
    with db.transaction(read_only=True) as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)))


def test_a_workout_is_started_edited_finished_and_audited(gym, db, profiles, clock, make_user):
    ana = make_user("Ana")
    # 09:00 UTC is still the 21st in Honolulu: "today" is the person's day
    profiles.update(
        ana, weight_unit="kg", currency="EUR", timezone="Pacific/Honolulu", theme="nord"
    )
    detail = gym.workouts.start_workout(ana)
    workout = detail.workout
    assert (workout.name, workout.date, detail.exercises) == ("Workout", TODAY - timedelta(1), ())
    assert workout.started_at == clock.now and not workout.finished
    assert gym.workouts.active_workout(ana) == workout

    edited = gym.workouts.edit_workout(
        ana, workout.id, name="Push [i]day[/i]", date="yesterday", notes="felt\tgood\nreally"
    )
    assert (edited.name, edited.date, edited.notes) == (
        "Push [i]day[/i]",
        TODAY - timedelta(2),
        "felt\tgood\nreally",
    )
    clock.advance(minutes=75)
    finished = gym.workouts.finish_workout(ana, workout.id)
    assert finished.ended_at == clock.now and finished.duration_s == 75 * 60
    assert gym.workouts.active_workout(ana) is None
    with pytest.raises(ValidationError):
        gym.workouts.finish_workout(ana, workout.id)
    assert gym.workouts.edit_workout(ana, workout.id, duration="1:05:00").duration_s == 3900
    assert gym.workouts.edit_workout(ana, workout.id, duration="").duration_s is None

    (created,) = audit_rows(db, "gym.workout.created")
    assert created.entity == "workout" and created.entity_id == str(workout.id)
    assert created.after["name"] == "Workout" and created.after["exercises"] == []
    edits = audit_rows(db, "gym.workout.edited")
    assert len(edits) == 3
    assert {(e.before["name"], e.after["name"]) for e in edits} >= {("Workout", "Push [i]day[/i]")}
    (done,) = audit_rows(db, "gym.workout.finished")
    assert done.before["ended_at"] is None and done.after["duration_s"] == 4500


def test_workout_input_is_validated_field_by_field(gym, make_user):
    ana = make_user("Ana")
    with pytest.raises(ValidationError) as err:
        gym.workouts.start_workout(ana, name="x" * 121, date="1899-12-31", notes="\x00")
    assert set(err.value.errors) == {"name", "date", "notes"}
    for bad in ("2027-11-23", "tomorrowish", "2026-02-30", "22/11/2026"):
        with pytest.raises(ValidationError) as err:
            gym.workouts.start_workout(ana, date=bad)
        assert set(err.value.errors) == {"date"}
    assert gym.workouts.start_workout(ana, date="2027-11-22").workout.date == date(2027, 11, 22)
    workout = gym.workouts.start_workout(ana, date="2026-01-05").workout
    assert workout.started_at is None  # logged after the fact: not live
    with pytest.raises(ValidationError) as err:
        gym.workouts.edit_workout(ana, workout.id, duration="25h", name=" ")
    assert set(err.value.errors) == {"duration", "name"}
    assert gym.workouts.finish_workout(ana, workout.id, duration="50m").duration_s == 3000


def test_exercises_are_added_removed_and_reordered(gym, db, make_user):
    ana = make_user("Ana")
    workout = gym.workouts.start_workout(ana, name="Full body").workout
    squat, bench, row = (gym.workouts.add_exercise(ana, workout.id, i) for i in (SQUAT, BENCH, ROW))
    assert (squat.position, bench.position, row.position) == (0, 1, 2)
    assert squat.name == "Back Squat" and squat.muscle_group == "legs"

    assert gym.workouts.move_exercise(ana, row.id, -5) == 0
    assert gym.workouts.move_exercise(ana, squat.id, +1) == 2
    order = [e.name for e in gym.workouts.get_workout(ana, workout.id).exercises]
    assert order == ["Barbell Row", "Barbell Bench Press", "Back Squat"]

    gym.sets.log_set(ana, bench.id, weight="60kg", reps=8)
    gym.workouts.edit_exercise(ana, bench.id, notes="pause reps")
    gym.workouts.remove_exercise(ana, bench.id)
    exercises = gym.workouts.get_workout(ana, workout.id).exercises
    assert [(e.name, e.position) for e in exercises] == [("Barbell Row", 0), ("Back Squat", 1)]
    assert gym.progress.records(ana, BENCH).heaviest is None

    moves = audit_rows(db, "gym.exercise.moved")
    assert len(moves) == 2 and moves[0].before["position"] == 2 and moves[0].after["position"] == 0
    (removed,) = audit_rows(db, "gym.exercise.deleted")
    assert removed.before["notes"] == "pause reps" and removed.before["sets"][0]["reps"] == 8
    assert len(audit_rows(db, "gym.exercise.created")) == 3
    (noted,) = audit_rows(db, "gym.exercise.edited")
    assert noted.before["notes"] == "" and noted.after["notes"] == "pause reps"


def test_deleting_a_workout_cascades_and_keeps_the_before_image(gym, db, make_user):
    ana = make_user("Ana")
    workout = gym.workouts.start_workout(ana, name="Legs").workout
    squat = gym.workouts.add_exercise(ana, workout.id, SQUAT)
    gym.sets.log_set(ana, squat.id, weight="100kg", reps=5)
    gym.sets.log_set(ana, squat.id, weight="110kg", reps=3)
    assert gym.progress.records(ana, SQUAT).heaviest.value == 110_000

    gym.workouts.delete_workout(ana, workout.id)
    with pytest.raises(NotFound):
        gym.workouts.get_workout(ana, workout.id)
    with db.transaction(read_only=True) as s:
        assert s.scalar(select(func.count()).select_from(Exercise)) == 0
        assert s.scalar(select(func.count()).select_from(ExerciseSet)) == 0
    assert gym.progress.records(ana, SQUAT).heaviest is None

    (deleted,) = audit_rows(db, "gym.workout.deleted")
    assert deleted.entity_id == str(workout.id) and deleted.after is None
    (exercise,) = deleted.before["exercises"]
    assert deleted.before["name"] == "Legs" and exercise["catalog_item_id"] == str(SQUAT)
    assert [(s["weight_g"], s["reps"]) for s in exercise["sets"]] == [(100_000, 5), (110_000, 3)]


def test_a_template_workout_has_planned_sets_that_count_once_logged(gym, make_user):
    ana = make_user("Ana")
    template = gym.templates.create_template(ana, name="Strength A").template
    gym.templates.add_template_exercise(
        ana, template.id, SQUAT, target_sets=3, target_reps=5, target_weight="100kg"
    )
    gym.templates.add_template_exercise(ana, template.id, ROW, target_sets="2", target_reps="8")
    detail = gym.workouts.start_workout(ana, template_id=template.id)
    assert detail.workout.name == "Strength A" and detail.workout.template_id == template.id
    squat, row = detail.exercises
    assert [(s.weight_g, s.reps, s.completed) for s in squat.sets] == [(100_000, 5, False)] * 3
    assert [(s.weight_g, s.reps) for s in row.sets] == [(None, 8)] * 2
    assert detail.set_count == 0 and detail.volume_g == 0
    assert gym.progress.records(ana, SQUAT).heaviest is None

    # logging fills the planned sets first, then appends
    first = gym.sets.log_set(ana, squat.id, weight="102.5", reps=5)
    assert first.set.id == squat.sets[0].id and first.set.completed
    done = gym.sets.edit_set(ana, squat.sets[1].id, completed=True)
    assert done.set.weight_g == 100_000 and done.set.completed
    for _ in range(2):
        gym.sets.log_set(ana, squat.id, weight="100", reps=5)
    sets = gym.workouts.get_workout(ana, detail.workout.id).exercises[0].sets
    assert [(s.number, s.weight_g, s.completed) for s in sets] == [
        (1, 102_500, True),
        (2, 100_000, True),
        (3, 100_000, True),
        (4, 100_000, True),
    ]
    summary = gym.workouts.list_workouts(ana).rows[0]
    assert (summary.exercise_count, summary.set_count) == (2, 4)
    assert summary.volume_g == (102_500 + 3 * 100_000) * 5

    with pytest.raises(ValidationError) as err:
        gym.workouts.start_workout(ana, template_id=detail.workout.id)
    assert set(err.value.errors) == {"template"}


def test_the_previous_session_hint_is_the_latest_earlier_one_done(gym, db, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    old = gym.workouts.start_workout(ana, date="2026-11-01").workout
    old_squat = gym.workouts.add_exercise(ana, old.id, SQUAT)
    gym.sets.log_set(ana, old_squat.id, weight="60kg", reps=10, set_type="w")
    gym.sets.log_set(ana, old_squat.id, weight="100kg", reps=5)
    skipped = gym.workouts.start_workout(ana, date="2026-11-08").workout
    gym.workouts.add_exercise(ana, skipped.id, SQUAT)  # added, nothing done
    later = gym.workouts.start_workout(ana, date="2026-11-20").workout
    gym.sets.log_set(ana, gym.workouts.add_exercise(ana, later.id, SQUAT).id, weight="1", reps=1)
    ben_w = gym.workouts.start_workout(ben, date="2026-11-10").workout
    gym.sets.log_set(ben, gym.workouts.add_exercise(ben, ben_w.id, SQUAT).id, weight="9", reps=9)

    current = gym.workouts.start_workout(ana, date="2026-11-15").workout
    squat = gym.workouts.add_exercise(ana, current.id, SQUAT)
    hint = squat.previous
    assert hint.workout_id == old.id and hint.date == date(2026, 11, 1)
    assert [(s.set_type, s.weight_g, s.reps) for s in hint.sets] == [
        ("warmup", 60_000, 10),
        ("working", 100_000, 5),
    ]
    assert gym.sets.previous_session(ana, squat.id) == hint
    assert gym.workouts.get_workout(ana, current.id).exercises[0].previous == hint
    assert gym.workouts.add_exercise(ana, current.id, BENCH).previous is None
    assert gym.workouts.get_workout(ana, old.id).exercises[0].previous is None

    # the hint looks at the recent workouts first, then further back one by one
    with db.transaction(read_only=True, user_id=ana.user.id) as s:
        repo = WorkoutRepository(s, ana.scope)
        key = (date(2026, 11, 15), FAR_FUTURE, uuid.UUID(int=0))
        for recent in (1, 2, 30):
            found = repo.latest_sessions([SQUAT, BENCH, SQUAT], before=key, recent=recent)
            assert {k: w.id for k, (w, _) in found.items()} == {SQUAT: old.id}, recent

    first = gym.workouts.exercise_history(ana, SQUAT, page_size=3)
    rest = gym.workouts.exercise_history(ana, SQUAT, page_size=3, cursor=first.next_cursor)
    dates = [s.date.day for s in first.rows + rest.rows]
    assert dates == [20, 15, 8, 1] and rest.next_cursor is None


def test_paging_returns_every_workout_once_in_order(gym, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    rng = random.Random(7)
    days = [TODAY - timedelta(days=rng.randrange(0, 40)) for _ in range(23)]
    made = {}
    for i, day in enumerate(days):
        name = f"Session {i} {'push' if i % 3 == 0 else 'pull'}"
        made[gym.workouts.start_workout(ana, name=name, date=day).workout.id] = (day, name)
    gym.workouts.start_workout(ben, name="Ben push", date=TODAY)

    def collect(size, **kw):
        rows, cursor = [], None
        while True:
            page = gym.workouts.list_workouts(ana, page_size=size, cursor=cursor, **kw)
            assert len(page.rows) <= size
            rows.extend(page.rows)
            if not page.has_more:
                return rows
            cursor = page.next_cursor

    for size in (1, 4, 23, 50):
        rows = collect(size)
        assert [r.id for r in rows] == [r.id for r in collect(100)]
        assert sorted(r.id for r in rows) == sorted(made)
        assert [r.date for r in rows] == sorted(days, reverse=True)
    pushes = collect(5, text="PUSH")
    assert sorted(r.id for r in pushes) == sorted(k for k, v in made.items() if "push" in v[1])
    first = gym.workouts.list_workouts(ana, page_size=5, text="push", with_total=True)
    assert first.total == len(pushes) == 8
    week = collect(3, date_from=TODAY - timedelta(days=6), date_to="today")
    assert sorted(r.id for r in week) == sorted(
        k for k, v in made.items() if v[0] >= TODAY - timedelta(6)
    )
    with pytest.raises(ValidationError):
        gym.workouts.list_workouts(ana, page_size=0)


def test_palette_search_by_name_or_date(gym, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    legs = gym.workouts.start_workout(ana, name="Heavy Legs", date="2026-10-03").workout
    today = gym.workouts.start_workout(ana, name="Arms").workout
    yesterday = gym.workouts.start_workout(ana, name="Back", date="yesterday").workout
    gym.workouts.start_workout(ben, name="Heavy Legs", date="2026-10-03")

    assert gym.workouts.search_workouts(ana, "heavy") == (legs,)
    assert gym.workouts.search_workouts(ana, "2026-10-03") == (legs,)
    assert gym.workouts.search_workouts(ana, "2026-10") == (legs,)
    assert gym.workouts.search_workouts(ana, "today") == (today,)
    assert gym.workouts.search_workouts(ana, "yesterday") == (yesterday,)
    assert [w.name for w in gym.workouts.search_workouts(ana, "2026")] == [
        "Arms",
        "Back",
        "Heavy Legs",
    ]
    assert gym.workouts.search_workouts(ana, "2026", limit=1) == (today,)
    assert gym.workouts.search_workouts(ana, "  ") == ()
    assert gym.workouts.search_workouts(ana, "[b]%_") == ()


def test_another_users_workout_is_out_of_reach(gym, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    workout = gym.workouts.start_workout(ana, name="Mine").workout
    squat = gym.workouts.add_exercise(ana, workout.id, SQUAT)
    logged = gym.sets.log_set(ana, squat.id, weight="100kg", reps=5).set
    for attempt in (
        lambda: gym.workouts.get_workout(ben, workout.id),
        lambda: gym.workouts.edit_workout(ben, workout.id, name="Ben's"),
        lambda: gym.workouts.delete_workout(ben, workout.id),
        lambda: gym.workouts.add_exercise(ben, workout.id, SQUAT),
        lambda: gym.workouts.remove_exercise(ben, squat.id),
        lambda: gym.sets.log_set(ben, squat.id, reps=1),
        lambda: gym.sets.edit_set(ben, logged.id, reps=1),
        lambda: gym.sets.delete_set(ben, logged.id),
    ):
        with pytest.raises(NotFound):
            attempt()
    assert gym.workouts.list_workouts(ben).rows == ()
    assert gym.workouts.search_workouts(ben, "Mine") == ()
    assert gym.progress.records(ben, SQUAT).heaviest is None
    assert gym.workouts.get_workout(ana, workout.id).exercises[0].sets == (logged,)
    # the audit history's jump finds the workout of a set or exercise: Ana's only
    assert gym.workouts.workout_of(ana, "exercise_set", logged.id) == workout.id
    assert gym.workouts.workout_of(ana, "exercise", squat.id) == workout.id
    assert gym.workouts.workout_of(ben, "exercise_set", logged.id) is None
    assert gym.workouts.workout_of(ben, "exercise", squat.id) is None


def test_the_app_context_builds_the_gym_service_on_first_use(settings, passwords, clock):
    from dashboard_tui.account.token_store import MemoryTokenStore
    from dashboard_tui.context import open_context

    ctx = open_context(settings, passwords=passwords, clock=clock, token_store=MemoryTokenStore())
    try:
        assert not ctx._services  # not built at start-up
        login = ctx.auth.register("Gym Ctx", "ctx@example.com", PASSWORD, PASSWORD).login
        started = gym_of(ctx).workouts.start_workout(login, name="Push")
        assert gym_of(ctx) is gym_of(ctx)
        assert [w.id for w in gym_of(ctx).workouts.list_workouts(login).rows] == [
            started.workout.id
        ]
    finally:
        ctx.close()
