"""Strong/Hevy import into the gym (services/importer.py), both engines: names
matched and remembered, unmatched names stop the whole file, a re-import adds
nothing, a failure keeps nothing, records recomputed, one audit row; the own CSV
export reads back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.gym.import_csv import parse
from dashboard_tui.gym.services import GymService
from dashboard_tui.gym.services.importer import CREATE, Unmatched
from dashboard_tui.gym.ui.format import set_brief
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.models.gym import ExerciseSet, GymImportName, Workout
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT

DATA = Path(__file__).parent.parent / "data" / "gym_import"
PLANK = seed_id("exercise", "Plank")
RUNNING = seed_id("exercise", "Running")
DEADLIFT = seed_id("exercise", "Deadlift")


@pytest.fixture
def gym(db, clock) -> GymService:
    return GymService(db, clock=clock, client=TEST_CLIENT)


def read(name: str, fmt: str = "strong", **kw):
    return parse((DATA / name).read_bytes(), fmt, **kw)


def count(db, model, user) -> int:
    with db.transaction(read_only=True) as s:
        stmt = select(func.count()).select_from(model).where(model.user_id == user.user.id)
        return s.scalar(stmt)


def test_review_matches_by_name_and_import_remembers_choices(gym, db, make_user):
    ana = make_user("Ana")
    parsed = read("strong_semicolon_units.csv")
    review = {m.name: m.catalog_item_id for m in gym.imports.review(ana, parsed)}
    assert review["Plank"] == PLANK and review["Running"] == RUNNING
    assert review["Bench Press (Barbell)"] is None and review["Squat (Barbell)"] is None

    with pytest.raises(Unmatched) as caught:
        gym.imports.import_file(ana, parsed)
    assert set(caught.value.names) == {"Bench Press (Barbell)", "Squat (Barbell)"}
    assert count(db, Workout, ana) == 0  # nothing went in

    bench = seed_id("exercise", "Barbell Bench Press")
    summary = gym.imports.import_file(
        ana,
        parsed,
        choices={"bench press (barbell)": bench, "Squat  (Barbell)": CREATE},
        source="strong.csv",
    )
    assert (summary.workouts_added, summary.workouts_skipped, summary.sets_added) == (2, 0, 5)
    assert summary.exercises_created == ("Squat (Barbell)",)
    assert summary.records_changed > 0
    assert count(db, GymImportName, ana) == 2
    # remembered: the next review matches both names without asking
    again = {m.name: (m.catalog_item_id, m.remembered) for m in gym.imports.review(ana, parsed)}
    assert again["Bench Press (Barbell)"] == (bench, True)
    assert again["Squat (Barbell)"][1] is True
    # a name remembered for Ana is nothing to Ben
    ben = make_user("Ben")
    assert {m.name for m in gym.imports.review(ben, parsed) if m.catalog_item_id is None} == {
        "Bench Press (Barbell)",
        "Squat (Barbell)",
    }


def test_stored_rows_records_and_audit(gym, db, make_user):
    ana = make_user("Ana")
    gym.imports.import_file(ana, read("strong_semicolon_units.csv"), create_unmatched=True)
    page = gym.workouts.list_workouts(ana)
    push = next(w for w in page.rows if w.name == "Push Day")
    detail = gym.workouts.get_workout(ana, push.id, with_previous=False)
    assert detail.workout.started_at == datetime(2021, 3, 1, 7, 30, tzinfo=UTC)  # profile UTC
    assert detail.workout.duration_s == 3900 and detail.workout.notes == "felt strong"
    names = [e.name for e in detail.exercises]
    assert names == ["Bench Press (Barbell)", "Plank", "Running"]
    with db.transaction(read_only=True) as s:
        timed = s.execute(
            select(ExerciseSet.duration_s, ExerciseSet.distance_m)
            .where(ExerciseSet.user_id == ana.user.id, ExerciseSet.duration_s.is_not(None))
            .order_by(ExerciseSet.duration_s)
        ).all()
        assert [tuple(r) for r in timed] == [(60, None), (1500, 5000)]
        audit = s.scalars(select(AuditLog).where(AuditLog.action == "gym.workouts.imported")).one()
        assert audit.after["workouts_added"] == 2 and audit.after["sets_added"] == 5
    # the workout screen's set text shows time and distance sets as such
    briefs = [set_brief(s, "kg") for e in detail.exercises for s in e.sets]
    assert briefs == ["60 kg × 10", "80 kg × 5", "1:00", "5 km in 25:00"]
    records = gym.progress.records(ana, detail.exercises[0].catalog_item_id)
    assert records.heaviest is not None and records.heaviest.value == 80_000


def test_reimporting_the_same_file_adds_nothing(gym, db, make_user):
    ana = make_user("Ana")
    parsed = read("hevy_kg.csv", "hevy")
    first = gym.imports.import_file(ana, parsed, create_unmatched=True)
    sets = count(db, ExerciseSet, ana)
    second = gym.imports.import_file(ana, read("hevy_kg.csv", "hevy"))
    assert (first.workouts_added, second.workouts_added, second.workouts_skipped) == (2, 0, 2)
    assert second.sets_added == 0 and count(db, ExerciseSet, ana) == sets == 6
    # another person importing the same file gets their own copy
    ben = make_user("Ben")
    assert gym.imports.import_file(ben, parsed, create_unmatched=True).workouts_added == 2


def test_a_failure_midway_keeps_nothing(gym, db, make_user):
    ana = make_user("Ana")
    parsed = read("hevy_lbs.csv", "hevy")
    plank = next(m for m in gym.imports.review(ana, parsed) if m.name == "Plank")
    assert plank.catalog_item_id == PLANK
    ben = make_user("Ben")
    bens_own = gym.catalog.create_exercise(ben, name="Ben's squat")
    # Ben's own exercise is not Ana's to map to: the import fails after it created
    # "Squat (Barbell)" (first in the file) and remembered it, and none of that stays
    with pytest.raises(ValidationError):
        gym.imports.import_file(
            ana,
            parsed,
            choices={"Squat (Barbell)": CREATE, "Treadmill Walk": bens_own.id},
        )
    assert count(db, Workout, ana) == 0
    assert count(db, GymImportName, ana) == 0
    assert gym.catalog.list_exercises(ana, text="Squat (Barbell)").rows == ()


def test_the_own_export_reads_back_as_the_same_workouts(gym, db, make_user):
    ana = make_user("Ana")
    gym.imports.import_file(ana, read("strong_comma_no_unit.csv", unit="kg"), create_unmatched=True)
    text = gym.imports.export_csv(ana)
    assert text.splitlines()[0].startswith("Date,Workout Name,Duration,Exercise Name,Set Order")
    back = parse(text, "strong")
    (workout,) = back.workouts
    assert workout.start == datetime(2023, 1, 5, 18, 10, 33)
    deadlift, pull_up = workout.exercises
    assert [(s.set_type, s.weight_g, s.reps) for s in deadlift.sets] == [
        ("warmup", 60_000, 5),
        ("working", 102_500, 5),
        ("drop", 80_000, 8),
    ]
    assert (pull_up.sets[0].set_type, pull_up.sets[0].rpe_x10) == ("failure", 90)
    # and importing the export of an import adds nothing
    assert gym.imports.import_file(ana, back).workouts_added == 0


def test_the_export_keeps_spreadsheets_from_running_names_as_formulas(gym, make_user):
    ana = make_user("Ana")
    text = (
        "title,start_time,exercise_title,exercise_notes,set_type,weight_kg,reps\n"
        '"=HYPERLINK(1)","13 Jan 2024, 09:30",@Bench,"-slow",normal,50,5\n'
    )
    gym.imports.import_file(ana, parse(text, "hevy"), create_unmatched=True)
    row = gym.imports.export_csv(ana).splitlines()[1]
    assert "'=HYPERLINK(1)" in row and ",'@Bench," in row and ",'-slow," in row
    (workout,) = parse(gym.imports.export_csv(ana), "strong").workouts
    assert (workout.name, workout.exercises[0].name, workout.exercises[0].notes) == (
        "=HYPERLINK(1)",
        "@Bench",
        "-slow",
    )


def test_import_works_as_the_app_role_and_ben_sees_none_of_it(role_db, passwords, clock):
    """On PostgreSQL under row-level security: the import, its remembered names and
    its export are Ana's alone, and Ana's own exercise is no one else's to map to."""
    from tests.conftest import PASSWORD

    auth = role_db.auth(passwords, clock)
    ana = auth.register("Ana", "ana@example.com", PASSWORD, PASSWORD).login
    ben = auth.register("Ben", "ben@example.com", PASSWORD, PASSWORD).login
    gym = GymService(role_db.app, clock=clock, client=TEST_CLIENT)
    parsed = read("hevy_kg.csv", "hevy")
    done = gym.imports.import_file(ana, parsed, create_unmatched=True)
    assert done.workouts_added == 2
    assert gym.imports.import_file(ana, parsed).workouts_added == 0
    assert "Upper A" in gym.imports.export_csv(ana)
    assert gym.imports.export_csv(ben).count("\n") == 1  # the header alone
    assert all(not m.remembered for m in gym.imports.review(ben, parsed))
    anas = next(m for m in gym.imports.review(ana, parsed) if m.remembered)
    with pytest.raises(ValidationError):
        gym.imports.import_file(ben, parsed, choices={anas.name: anas.catalog_item_id})
