"""Sets and personal records: exact kg/lb input, bounds named by field, warm-ups never
counting, records recomputed on every edit and delete (checked against a brute-force
model over random edits), and audit rows for each change. Both engines."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.gym.dto import epley_g
from dashboard_tui.gym.services import GymService
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT

SQUAT = seed_id("exercise", "Back Squat")
PULLUP = seed_id("exercise", "Pull-up")


@pytest.fixture
def gym(db, clock) -> GymService:
    return GymService(db, clock=clock, client=TEST_CLIENT)


def audit_rows(db, action: str) -> list[AuditLog]:
    with db.transaction(read_only=True) as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)))


def new_exercise(gym, login, item=SQUAT, day="today"):
    workout = gym.workouts.start_workout(login, date=day).workout
    return gym.workouts.add_exercise(login, workout.id, item)


def test_kg_and_lb_input_is_stored_exactly_in_grams(gym, profiles, make_user):
    ana = make_user("Ana")
    squat = new_exercise(gym, ana)
    logged = [
        gym.sets.log_set(ana, squat.id, weight=w, reps=1).set.weight_g
        for w in ("100kg", "225lb", "102.5 kg", "102,5", "0.5 LB", "", "bw", "1000kg")
    ]
    assert logged == [100_000, 102_058, 102_500, 102_500, 227, None, None, 1_000_000]
    profiles.update(ana, weight_unit="lb", currency="EUR", timezone="UTC", theme="nord")
    in_lb = gym.sets.log_set(ana, squat.id, weight="100", reps=1).set
    assert in_lb.weight_g == 45_359  # 100 × 453.59237 g
    # editing with the text the form showed keeps the grams (no kg→lb→kg drift)
    first = gym.workouts.get_workout(ana, squat.workout_id).exercises[0].sets[0]
    kept = gym.sets.edit_set(ana, first.id, weight="220.5 lb", reps=2).set
    assert (kept.weight_g, kept.reps) == (100_000, 2)
    assert gym.sets.edit_set(ana, first.id, weight="220.5").set.weight_g == 100_017


def test_set_fields_are_bounded_and_each_error_names_its_field(gym, make_user):
    ana = make_user("Ana")
    squat = new_exercise(gym, ana)
    cases = [
        ({"weight": "1000.001kg", "reps": 1}, {"weight"}),
        ({"weight": "-5kg", "reps": 1}, {"weight"}),
        ({"weight": "5 stone", "reps": 1}, {"weight"}),
        ({"reps": 1001}, {"reps"}),
        ({"reps": "-1"}, {"reps"}),
        ({"reps": ""}, {"reps"}),
        ({"reps": 5, "rpe": "10.5"}, {"rpe"}),
        ({"reps": 5, "rpe": "7.3"}, {"rpe"}),
        ({"reps": 5, "rpe": "0.5"}, {"rpe"}),
        ({"reps": 5, "rir": 11}, {"rir"}),
        ({"reps": 5, "rpe": 8, "rir": 2}, {"rir"}),
        ({"reps": 5, "set_type": "superset"}, {"set_type"}),
        (
            {"weight": "x", "reps": "y", "rpe": "z", "set_type": "?"},
            {"weight", "reps", "rpe", "set_type"},
        ),
    ]
    for fields, errors in cases:
        with pytest.raises(ValidationError) as err:
            gym.sets.log_set(ana, squat.id, **fields)
        assert set(err.value.errors) == errors, fields
    assert gym.workouts.get_workout(ana, squat.workout_id).exercises[0].sets == ()

    s = gym.sets.log_set(ana, squat.id, reps=1, weight="100kg", rpe="9.5", set_type="F").set
    assert (s.reps, s.rpe, s.rir, s.set_type) == (1, 9.5, None, "failure")
    s = gym.sets.edit_set(ana, s.id, rir="2").set  # an RIR replaces the RPE
    assert (s.rpe, s.rir) == (None, 2)
    s = gym.sets.edit_set(ana, s.id, rpe=8, set_type="warm-up").set
    assert (s.rpe, s.rir, s.set_type) == (8.0, None, "warmup")
    s = gym.sets.edit_set(ana, s.id, rpe="").set
    assert (s.rpe, s.rir) == (None, None)


def test_reps_are_1_to_1000_for_sets_and_targets_and_the_message_says_so(gym, make_user):
    ana = make_user("Ana")
    squat = new_exercise(gym, ana)
    done = gym.sets.log_set(ana, squat.id, weight="100kg", reps=5).set
    template = gym.templates.create_template(ana, name="Legs").template
    target = gym.templates.add_template_exercise(ana, template.id, SQUAT, target_reps=5)
    planned = gym.workouts.start_workout(ana, template_id=template.id).exercises[0]

    def refused(reps) -> list[dict[str, str]]:
        attempts = [
            lambda: gym.sets.log_set(ana, squat.id, weight="100kg", reps=reps),
            lambda: gym.sets.log_set(ana, planned.id, reps=reps),  # fills the planned set
            lambda: gym.sets.edit_set(ana, done.id, reps=reps),
            lambda: gym.templates.add_template_exercise(ana, template.id, SQUAT, target_reps=reps),
            lambda: gym.templates.edit_template_exercise(ana, target.id, target_reps=reps),
        ]
        errors = []
        for attempt in attempts:
            with pytest.raises(ValidationError) as err:
                attempt()
            errors.append(err.value.errors)
        return errors

    must = "Reps must be a whole number from 1 to 1000."
    for reps in (0, "0", "-1", "2.5", "1,000", 1001, "ten"):
        assert refused(reps) == [{"reps": must}] * 3 + [{"target_reps": must}] * 2, reps
    empty = "Enter the reps: a whole number from 1 to 1000."
    assert refused("") == [{"reps": empty}] * 3 + [{"target_reps": empty}] * 2

    # nothing of it was written; the ends of the range are taken
    detail = gym.workouts.get_workout(ana, squat.workout_id)
    assert [s.reps for s in detail.exercises[0].sets] == [5]
    assert [e.target_reps for e in gym.templates.get_template(ana, template.id).exercises] == [5]
    planned_sets = gym.workouts.get_workout(ana, planned.workout_id).exercises[0].sets
    assert [(s.reps, s.completed) for s in planned_sets] == [(5, False)] * 3
    assert gym.sets.edit_set(ana, done.id, reps="1").set.reps == 1
    assert gym.sets.log_set(ana, planned.id, reps=" 1000 ").set.reps == 1000
    assert gym.templates.edit_template_exercise(ana, target.id, target_reps=1).target_reps == 1


def test_records_follow_logs_edits_and_deletes_and_ignore_warmups(gym, make_user):
    ana = make_user("Ana")
    squat = new_exercise(gym, ana)
    first = gym.sets.log_set(ana, squat.id, weight="100kg", reps=5)
    assert {r.kind for r in first.new_records} == {"heaviest", "e1rm", "rep_max", "volume"}
    warmup = gym.sets.log_set(ana, squat.id, weight="140kg", reps=3, set_type="warmup")
    assert warmup.new_records == ()
    second_warmup = gym.sets.log_set(ana, squat.id, weight="150kg", reps=1, set_type="warmup")
    assert second_warmup.new_records == ()
    eight = gym.sets.log_set(ana, squat.id, weight="90kg", reps=8)
    assert {(r.kind, r.reps) for r in eight.new_records} == {("rep_max", 8), ("volume", None)}

    rec = gym.progress.records(ana, SQUAT)
    assert "Epley" in rec.formula
    assert rec.heaviest.value == 100_000 and rec.heaviest.set_id == first.set.id
    assert rec.heaviest.workout_id == squat.workout_id
    assert rec.e1rm.value == epley_g(100_000, 5) == 116_667
    assert [(r.reps, r.value) for r in rec.rep_maxes] == [(5, 100_000), (8, 90_000)]
    assert (rec.best_reps_at(95_000), rec.best_reps_at(90_000), rec.best_reps_at(101_000)) == (
        5,
        8,
        None,
    )
    assert (rec.rep_max(3), rec.rep_max(6), rec.rep_max(9)) == (100_000, 90_000, None)
    assert rec.volume.value == 100_000 * 5 + 90_000 * 8

    # the record set is made lighter: the next best takes over
    gym.sets.edit_set(ana, first.set.id, weight="80kg")
    rec = gym.progress.records(ana, SQUAT)
    assert rec.heaviest.value == 90_000 and rec.heaviest.set_id == eight.set.id
    assert rec.e1rm.value == epley_g(90_000, 8) == 114_000
    assert [(r.reps, r.value) for r in rec.rep_maxes] == [(8, 90_000)]
    # the warm-up becomes a working set: now it counts
    assert gym.sets.edit_set(ana, warmup.set.id, set_type="working").new_records
    assert gym.progress.records(ana, SQUAT).heaviest.value == 140_000
    # a deleted set takes its records with it
    gym.sets.delete_set(ana, warmup.set.id)
    gym.sets.delete_set(ana, eight.set.id)
    rec = gym.progress.records(ana, SQUAT)
    assert (rec.heaviest.value, rec.volume.value) == (80_000, 400_000)
    assert [
        s.number for s in gym.workouts.get_workout(ana, squat.workout_id).exercises[0].sets
    ] == [1, 2]
    # unticking the only counted set leaves no records at all
    gym.sets.edit_set(ana, first.set.id, completed=False)
    rec = gym.progress.records(ana, SQUAT)
    assert (rec.heaviest, rec.e1rm, rec.volume, rec.rep_maxes) == (None, None, None, ())


def test_bodyweight_sets_give_rep_records_only(gym, make_user):
    ana = make_user("Ana")
    pullups = new_exercise(gym, ana, PULLUP)
    gym.sets.log_set(ana, pullups.id, reps=12)
    gym.sets.log_set(ana, pullups.id, reps=5, weight="20kg")
    rec = gym.progress.records(ana, PULLUP)
    assert [(r.reps, r.value) for r in rec.rep_maxes] == [(5, 20_000), (12, 0)]
    assert rec.best_reps_at(0) == 12 and rec.heaviest.value == 20_000
    assert rec.volume.value == 100_000  # bodyweight adds no volume


def test_set_changes_are_audited_with_before_and_after(gym, db, make_user):
    ana = make_user("Ana")
    squat = new_exercise(gym, ana)
    logged = gym.sets.log_set(ana, squat.id, weight="100kg", reps=5).set
    gym.sets.edit_set(ana, logged.id, reps=6)
    gym.sets.edit_set(ana, logged.id, reps=6)  # nothing changed: no audit row
    gym.sets.delete_set(ana, logged.id)
    (created,) = audit_rows(db, "gym.set.created")
    (edited,) = audit_rows(db, "gym.set.edited")
    (deleted,) = audit_rows(db, "gym.set.deleted")
    assert created.entity == "exercise_set" and created.entity_id == str(logged.id)
    assert created.before is None and created.after["weight_g"] == 100_000
    assert created.after["workout_id"] == str(squat.workout_id)
    assert (edited.before["reps"], edited.after["reps"]) == (5, 6)
    assert deleted.before["reps"] == 6 and deleted.after is None


def brute_force(sets: dict) -> dict:
    """Records straight from the definition, for comparison."""
    counted = [s for s in sets.values() if s["type"] != "warmup" and s["done"] and s["reps"]]
    weights = [s["w"] or 0 for s in counted]
    e1rms = [e for s in counted if (e := epley_g(s["w"], s["reps"]))]
    best: dict[int, int] = {}
    for s in counted:
        if s["reps"]:
            best[s["reps"]] = max(best.get(s["reps"], -1), s["w"] or 0)
    frontier = [
        (r, w) for r, w in sorted(best.items()) if all(w > w2 for r2, w2 in best.items() if r2 > r)
    ]
    volumes: dict = {}
    for s in counted:
        volumes[s["workout"]] = volumes.get(s["workout"], 0) + (s["w"] or 0) * s["reps"]
    return {
        "heaviest": max((w for w in weights if w > 0), default=None),
        "e1rm": max(e1rms, default=None),
        "rep_max": frontier,
        "volume": max((v for v in volumes.values() if v > 0), default=None),
    }


def stored(gym, login) -> dict:
    rec = gym.progress.records(login, SQUAT)
    return {
        "heaviest": rec.heaviest and rec.heaviest.value,
        "e1rm": rec.e1rm and rec.e1rm.value,
        "rep_max": [(r.reps, r.value) for r in rec.rep_maxes],
        "volume": rec.volume and rec.volume.value,
    }


def test_records_match_a_brute_force_model_over_random_edits(gym, make_user):
    ana = make_user("Ana")
    rng = random.Random(2026)
    exercises = [new_exercise(gym, ana, day=d) for d in ("2026-11-01", "2026-11-08", "today")]
    sets: dict = {}
    weights = ["", "60kg", "80kg", "100kg", "225lb", "100kg"]
    for _ in range(40):
        op = rng.choice(["log", "log", "log", "edit", "delete"]) if sets else "log"
        if op == "log":
            ex = rng.choice(exercises)
            w, reps = rng.choice(weights), rng.choice([1, 3, 5, 5, 8, 12, 15])
            kind = rng.choice(["working", "working", "warmup", "drop", "failure"])
            s = gym.sets.log_set(ana, ex.id, weight=w, reps=reps, set_type=kind).set
            sets[s.id] = {
                "w": s.weight_g,
                "reps": reps,
                "type": kind,
                "done": True,
                "workout": ex.workout_id,
            }
        elif op == "edit":
            set_id = rng.choice(list(sets))
            change = rng.choice(["weight", "reps", "type", "done"])
            if change == "weight":
                sets[set_id]["w"] = gym.sets.edit_set(
                    ana, set_id, weight=rng.choice(weights)
                ).set.weight_g
            elif change == "reps":
                sets[set_id]["reps"] = gym.sets.edit_set(
                    ana, set_id, reps=rng.choice([2, 5, 10])
                ).set.reps
            elif change == "type":
                sets[set_id]["type"] = gym.sets.edit_set(
                    ana, set_id, set_type=rng.choice(["w", "working"])
                ).set.set_type
            else:
                sets[set_id]["done"] = gym.sets.edit_set(
                    ana, set_id, completed=not sets[set_id]["done"]
                ).set.completed
        else:
            set_id = rng.choice(list(sets))
            gym.sets.delete_set(ana, set_id)
            del sets[set_id]
        assert stored(gym, ana) == brute_force(sets)
