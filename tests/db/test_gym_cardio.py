"""Cardio sessions: logged with an activity name or catalog exercise, derived pace and
speed, edited, deleted, paged, validated, audited. Both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.gym.services import GymService
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.kit.parsing import Exact, format_distance, format_pace
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT

ROWING = seed_id("exercise", "Rowing Machine")


@pytest.fixture
def gym(db, clock) -> GymService:
    return GymService(db, clock=clock, client=TEST_CLIENT)


def audit_rows(db, action: str) -> list[AuditLog]:
    with db.transaction(read_only=True) as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)))


def test_cardio_is_logged_edited_deleted_and_audited(gym, db, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    run = gym.cardio.log_cardio(
        ana, activity="running", duration="25:00", distance="5km", avg_hr="150", notes="[red]x"
    )
    assert run.activity_name == "Running" and run.activity_id == seed_id("exercise", "Running")
    assert (run.duration_s, run.distance_m, run.avg_hr, run.notes) == (1500, 5000, 150, "[red]x")
    assert (run.pace_s_per_km, run.speed_kmh, format_pace(run.pace_s_per_km)) == (
        300,
        12.0,
        "5:00 /km",
    )
    row = gym.cardio.log_cardio(ana, activity_id=ROWING, duration="12m", date="yesterday")
    assert (row.activity_name, row.pace_s_per_km, row.speed_kmh) == ("Rowing Machine", None, None)
    free = gym.cardio.log_cardio(
        ana, activity="Canicross with Rex", duration="1h", distance="3.1mi"
    )
    assert free.activity_id is None and free.distance_m == 4989
    assert free.pace_s_per_km == 722 and free.speed_kmh == 4.99

    edited = gym.cardio.edit_cardio(ana, run.id, distance="", avg_hr="", duration="30m")
    assert (edited.distance_m, edited.avg_hr, edited.duration_s) == (None, None, 1800)
    with pytest.raises(NotFound):
        gym.cardio.edit_cardio(ben, run.id, notes="mine now")
    with pytest.raises(NotFound):
        gym.cardio.delete_cardio(ben, run.id)
    gym.cardio.delete_cardio(ana, row.id)
    with pytest.raises(NotFound):
        gym.cardio.get_cardio(ana, row.id)

    created = audit_rows(db, "gym.cardio.created")
    assert len(created) == 3 and created[0].after["activity_name"] == "Running"
    (changed,) = audit_rows(db, "gym.cardio.edited")
    assert (changed.before["distance_m"], changed.after["distance_m"]) == (5000, None)
    (deleted,) = audit_rows(db, "gym.cardio.deleted")
    assert deleted.entity_id == str(row.id) and deleted.before["duration_s"] == 720


def test_cardio_input_is_validated_field_by_field(gym, make_user):
    ana = make_user("Ana")
    with pytest.raises(ValidationError) as err:
        gym.cardio.log_cardio(
            ana, activity="", duration="0", distance="5 parsecs", avg_hr="19", date="2030-01-01"
        )
    assert set(err.value.errors) == {"activity", "duration", "distance", "avg_hr", "date"}
    with pytest.raises(ValidationError) as err:
        gym.cardio.log_cardio(ana, activity="Run", duration="25h", avg_hr=251, distance="1001km")
    assert set(err.value.errors) == {"duration", "avg_hr", "distance"}
    run = gym.cardio.log_cardio(ana, activity="Run", duration="45")
    assert run.duration_s == 45 * 60
    with pytest.raises(ValidationError) as err:
        gym.cardio.edit_cardio(ana, run.id, duration="")
    assert set(err.value.errors) == {"duration"}


def test_cardio_pages_newest_first_and_filters(gym, make_user):
    ana = make_user("Ana")
    made = [
        gym.cardio.log_cardio(ana, activity=name, duration="20m", date=f"2026-11-{day:02d}")
        for day, name in [(3, "Swim"), (1, "Run"), (3, "Run"), (9, "Bike"), (1, "Walk")]
    ]
    rows, cursor = [], None
    while True:
        page = gym.cardio.list_cardio(ana, page_size=2, cursor=cursor)
        rows.extend(page.rows)
        if not page.has_more:
            break
        cursor = page.next_cursor
    assert [r.date.day for r in rows] == [9, 3, 3, 1, 1]
    assert sorted(r.id for r in rows) == sorted(m.id for m in made)
    assert [r.activity_name for r in gym.cardio.list_cardio(ana, text="RUN").rows] == ["Run"] * 2


def test_a_distance_shown_rounded_and_saved_as_shown_keeps_its_metres(gym, make_user):
    ana = make_user("Ana")
    run = gym.cardio.log_cardio(ana, activity="Running", duration="25:00", distance="5.123km")
    assert (run.distance_m, format_distance(run.distance_m)) == (5123, "5.12 km")
    for same in ("5.12 km", "5.12KM", Exact(5123)):  # as the edit form passes it back
        assert gym.cardio.edit_cardio(ana, run.id, distance=same).distance_m == 5123, same
    assert gym.cardio.edit_cardio(ana, run.id, distance="5.12").distance_m == 5120  # typed
