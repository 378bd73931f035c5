"""Workout templates: create/edit/delete with their exercises and targets, reorder,
save a finished workout as a template, every change audited. Both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.gym.services import GymService
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.kit.forms import kept
from dashboard_tui.kit.parsing import format_weight
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT

SQUAT = seed_id("exercise", "Back Squat")
BENCH = seed_id("exercise", "Barbell Bench Press")
DIP = seed_id("exercise", "Dip")


@pytest.fixture
def gym(db, clock) -> GymService:
    return GymService(db, clock=clock, client=TEST_CLIENT)


def audit_rows(db, action: str) -> list[AuditLog]:
    with db.transaction(read_only=True) as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)))


def test_templates_are_created_edited_reordered_deleted_and_audited(gym, db, make_user):
    ana = make_user("Ana")
    detail = gym.templates.create_template(ana, name="Push <A>", notes="Mon")
    tid = detail.template.id
    assert (detail.template.name, detail.exercises) == ("Push <A>", ())
    bench = gym.templates.add_template_exercise(
        ana, tid, BENCH, target_sets=5, target_reps=5, target_weight="80kg"
    )
    dip = gym.templates.add_template_exercise(ana, tid, DIP)
    assert (dip.target_sets, dip.target_reps, dip.target_weight_g) == (3, 10, None)
    assert gym.templates.move_template_exercise(ana, dip.id, -1) == 0
    edited = gym.templates.edit_template_exercise(ana, bench.id, target_reps="3", target_weight="")
    assert (edited.target_sets, edited.target_reps, edited.target_weight_g) == (5, 3, None)
    gym.templates.edit_template(ana, tid, name="Push A")

    got = gym.templates.get_template(ana, tid)
    assert got.template.name == "Push A" and got.template.exercise_count == 2
    assert [(e.name, e.position) for e in got.exercises] == [("Dip", 0), ("Barbell Bench Press", 1)]
    assert gym.templates.list_templates(ana).rows == (got.template,)

    assert gym.templates.template_of(ana, dip.id) == tid  # the audit history's jump
    assert gym.templates.template_of(make_user("Ben"), dip.id) is None
    gym.templates.remove_template_exercise(ana, dip.id)
    assert gym.templates.template_of(ana, dip.id) is None
    assert [e.position for e in gym.templates.get_template(ana, tid).exercises] == [0]
    workout = gym.workouts.start_workout(ana, template_id=tid).workout
    gym.templates.delete_template(ana, tid)
    with pytest.raises(NotFound):
        gym.templates.get_template(ana, tid)
    assert gym.workouts.get_workout(ana, workout.id).workout.template_id is None

    assert audit_rows(db, "gym.template.created")[0].after["name"] == "Push <A>"
    (renamed,) = audit_rows(db, "gym.template.edited")
    assert (renamed.before["name"], renamed.after["name"]) == ("Push <A>", "Push A")
    assert len(audit_rows(db, "gym.template_exercise.created")) == 2
    (target,) = audit_rows(db, "gym.template_exercise.edited")
    assert (target.before["target_reps"], target.after["target_reps"]) == (5, 3)
    assert len(audit_rows(db, "gym.template_exercise.moved")) == 1
    assert audit_rows(db, "gym.template_exercise.deleted")[0].before["catalog_item_id"] == str(DIP)
    (deleted,) = audit_rows(db, "gym.template.deleted")
    assert deleted.before["name"] == "Push A" and deleted.after is None
    assert [e["catalog_item_id"] for e in deleted.before["exercises"]] == [str(BENCH)]


def test_template_input_is_validated(gym, make_user):
    ana = make_user("Ana")
    with pytest.raises(ValidationError) as err:
        gym.templates.create_template(ana, name="", notes="\x07")
    assert set(err.value.errors) == {"name", "notes"}
    tid = gym.templates.create_template(ana, name="T").template.id
    with pytest.raises(ValidationError) as err:
        gym.templates.add_template_exercise(
            ana, tid, tid, target_sets=0, target_reps="ten", target_weight="2000kg"
        )
    assert set(err.value.errors) == {"exercise", "target_sets", "target_reps", "target_weight"}


def test_a_workout_is_saved_as_a_template(gym, make_user):
    ana = make_user("Ana")
    workout = gym.workouts.start_workout(ana, name="Monday").workout
    squat = gym.workouts.add_exercise(ana, workout.id, SQUAT)
    dip = gym.workouts.add_exercise(ana, workout.id, DIP)
    gym.sets.log_set(ana, squat.id, weight="60kg", reps=10, set_type="warmup")
    for weight, reps in (("100kg", 5), ("105kg", 3), ("100kg", 5)):
        gym.sets.log_set(ana, squat.id, weight=weight, reps=reps)
    gym.workouts.finish_workout(ana, workout.id)

    saved = gym.templates.save_workout_as_template(ana, workout.id)
    assert saved.template.name == "Monday"
    assert [(e.name, e.target_sets, e.target_reps, e.target_weight_g) for e in saved.exercises] == [
        ("Back Squat", 3, 3, 105_000),
        ("Dip", 1, 10, None),
    ]
    again = gym.workouts.start_workout(ana, template_id=saved.template.id)
    assert [len(e.sets) for e in again.exercises] == [3, 1]
    assert [e.previous and e.previous.workout_id for e in again.exercises] == [workout.id, None]
    assert dip.id != again.exercises[1].id


@pytest.mark.parametrize(
    ("unit", "typed", "grams", "shown"),
    [("kg", "225lb", 102_058, "102.06 kg"), ("lb", "100kg", 100_000, "220.5 lb")],
)
def test_a_weight_shown_rounded_and_logged_as_shown_keeps_its_grams(
    gym, profiles, make_user, unit, typed, grams, shown
):
    """225 lb is 102058 g, shown as 102.06 kg, which read back is 102060 g: logged as
    shown, a set from a template must keep 102058 g and break no record."""
    ana = make_user("Ana")
    profiles.update(ana, weight_unit=unit, currency="EUR", timezone="UTC", theme="nord")
    monday = gym.workouts.start_workout(ana, name="Monday", date="yesterday").workout
    squat = gym.workouts.add_exercise(ana, monday.id, SQUAT)
    for _ in range(2):
        assert gym.sets.log_set(ana, squat.id, weight=typed, reps=5).set.weight_g == grams
    template = gym.templates.save_workout_as_template(ana, monday.id)
    assert [(e.target_sets, e.target_weight_g) for e in template.exercises] == [(2, grams)]

    today = gym.workouts.start_workout(ana, template_id=template.template.id)
    exercise = today.exercises[0]  # the template is copied in grams, not through text
    assert [(s.weight_g, s.completed) for s in exercise.sets] == [(grams, False)] * 2
    assert format_weight(exercise.sets[0].weight_g, unit) == shown
    # the planned set's weight typed as it is shown
    first = gym.sets.log_set(ana, exercise.id, weight=shown, reps=5)
    assert (first.set.weight_g, first.new_records) == (grams, ())
    # the log bar's weight as filled (kit/forms.kept: the exact grams behind the text)
    second = gym.sets.log_set(ana, exercise.id, weight=kept(shown, shown, grams), reps=5)
    assert (second.set.weight_g, second.new_records) == (grams, ())
    detail = gym.workouts.get_workout(ana, today.workout.id)
    assert [(s.weight_g, s.completed) for s in detail.exercises[0].sets] == [(grams, True)] * 2
    assert gym.progress.records(ana, SQUAT).heaviest.workout_id == monday.id

    # a target edited with its weight as shown keeps it too
    target = template.exercises[0].id
    as_shown = gym.templates.edit_template_exercise(ana, target, target_weight=shown.upper())
    assert as_shown.target_weight_g == grams
