"""The exercise catalog: shipped + own, search and paging, own entries editable and
deletable unless in use, every change audited. Both engines, through the services."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.gym.services import GymService
from dashboard_tui.gym.services.base import InUse
from dashboard_tui.kit.errors import NotFound, PermissionDenied, ValidationError
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT

SQUAT = seed_id("exercise", "Back Squat")
RUNNING = seed_id("exercise", "Running")


@pytest.fixture
def gym(db, clock) -> GymService:
    return GymService(db, clock=clock, client=TEST_CLIENT)


def audit_rows(db, action: str) -> list[AuditLog]:
    with db.transaction(read_only=True) as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)))


def all_pages(fetch, size: int) -> list:
    rows, cursor, pages = [], None, 0
    while True:
        page = fetch(page_size=size, cursor=cursor)
        rows.extend(page.rows)
        pages += 1
        assert len(page.rows) <= size
        if page.next_cursor is None:
            return rows
        cursor = page.next_cursor
        assert pages < 1000


def test_search_pages_and_filters_shipped_and_own_exercises(gym, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    mine = gym.catalog.create_exercise(
        ana, name="Zercher [b]Squat[/b]", muscle_group="Legs", equipment="barbell"
    )
    gym.catalog.create_exercise(ben, name="Ben's 100% Squat", mode="mobility")

    everything = all_pages(lambda **kw: gym.catalog.list_exercises(ana, **kw), 7)
    names = [e.name for e in everything]
    # every row once, in the order of one big page (the engine's collation of lower(name))
    assert everything == list(gym.catalog.list_exercises(ana, page_size=500).rows)
    assert len(set(e.id for e in everything)) == len(everything) > 50
    assert mine in everything and "Ben's 100% Squat" not in names
    assert all(e.shipped for e in everything if e.id != mine.id) and not mine.shipped
    assert mine.name == "Zercher [b]Squat[/b]" and mine.muscle_group == "legs"

    squats = gym.catalog.list_exercises(ana, text="sQuAt", page_size=100).rows
    assert {"Back Squat", "Front Squat", "Zercher [b]Squat[/b]"} <= {e.name for e in squats}
    assert all("squat" in e.name.lower() for e in squats)
    # LIKE wildcards are literal: '%' matches only a real '%'
    assert gym.catalog.list_exercises(ana, text="%", page_size=100).rows == ()
    assert [e.name for e in gym.catalog.list_exercises(ben, text="0% s").rows] == [
        "Ben's 100% Squat"
    ]
    assert gym.catalog.list_exercises(ana, text="_", page_size=100).rows == ()
    cardio = gym.catalog.list_exercises(ana, mode="cardio", page_size=100).rows
    assert RUNNING in {e.id for e in cardio} and all(e.mode == "cardio" for e in cardio)
    assert gym.catalog.list_exercises(ana, own_only=True).rows == (mine,)


def test_own_exercises_are_created_edited_deleted_and_audited(gym, db, make_user):
    ana = make_user("Ana")
    press = gym.catalog.create_exercise(ana, name="Landmine Press", equipment="barbell")
    edited = gym.catalog.edit_exercise(ana, press.id, name="Landmine press", mode="Strength")
    assert edited.name == "Landmine press" and edited.equipment == "barbell"
    gym.catalog.delete_exercise(ana, press.id)
    with pytest.raises(NotFound):
        gym.catalog.get_exercise(ana, press.id)

    (created,) = audit_rows(db, "gym.catalog.created")
    (changed,) = audit_rows(db, "gym.catalog.edited")
    (deleted,) = audit_rows(db, "gym.catalog.deleted")
    assert created.entity == "catalog_item" and created.entity_id == str(press.id)
    assert created.before is None and created.after["name"] == "Landmine Press"
    assert changed.before["name"] == "Landmine Press" and changed.after["name"] == "Landmine press"
    assert deleted.before["name"] == "Landmine press" and deleted.after is None


def test_shipped_exercises_are_read_only_and_bad_input_names_the_field(gym, make_user):
    ana = make_user("Ana")
    with pytest.raises(PermissionDenied):
        gym.catalog.edit_exercise(ana, SQUAT, name="Squat!")
    with pytest.raises(PermissionDenied):
        gym.catalog.delete_exercise(ana, SQUAT)
    with pytest.raises(ValidationError) as err:
        gym.catalog.create_exercise(
            ana, name="back squat", muscle_group="x" * 41, equipment="\x1b[31m", mode="yoga"
        )
    assert set(err.value.errors) == {"name", "muscle_group", "equipment", "mode"}
    with pytest.raises(ValidationError) as err:
        gym.catalog.create_exercise(ana, name="Evil\u202eName")
    assert set(err.value.errors) == {"name"}


def test_an_exercise_in_use_cannot_be_deleted(gym, make_user):
    ana = make_user("Ana")
    sled = gym.catalog.create_exercise(ana, name="Sled Push", mode="cardio")
    workout = gym.workouts.start_workout(ana, name="Conditioning").workout
    exercise = gym.workouts.add_exercise(ana, workout.id, sled.id)
    template = gym.templates.create_template(ana, name="Plan").template
    row = gym.templates.add_template_exercise(ana, template.id, sled.id)
    with pytest.raises(InUse) as err:
        gym.catalog.delete_exercise(ana, sled.id)
    assert "1 workout and 1 template" in str(err.value)

    gym.workouts.remove_exercise(ana, exercise.id)
    gym.templates.remove_template_exercise(ana, row.id)
    # a cardio session only links to it; the session keeps its copy of the name
    session = gym.cardio.log_cardio(ana, activity="sled push", duration="10m")
    assert session.activity_id == sled.id and session.activity_name == "Sled Push"
    gym.catalog.delete_exercise(ana, sled.id)
    after = gym.cardio.get_cardio(ana, session.id)
    assert after.activity_id is None and after.activity_name == "Sled Push"


def test_another_users_own_exercise_is_out_of_reach(gym, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    mine = gym.catalog.create_exercise(ana, name="Ana's Curl")
    with pytest.raises(NotFound):
        gym.catalog.get_exercise(ben, mine.id)
    with pytest.raises(NotFound):
        gym.catalog.edit_exercise(ben, mine.id, name="taken")
    with pytest.raises(NotFound):
        gym.catalog.delete_exercise(ben, mine.id)
    workout = gym.workouts.start_workout(ben).workout
    with pytest.raises(ValidationError) as err:
        gym.workouts.add_exercise(ben, workout.id, mine.id)
    assert set(err.value.errors) == {"exercise"}
    # the same name is free for Ben: names are unique per person (with the shipped ones)
    assert gym.catalog.create_exercise(ben, name="Ana's Curl").name == "Ana's Curl"
