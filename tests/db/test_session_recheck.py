"""A running app re-checks its login on every unit of work (issue 9, items 6-7): a
session ended elsewhere, expired, or of a disabled account stops working at once,
and nothing of the refused action is kept. Reset tokens: only the newest works."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dashboard_tui.db.uow import SessionEnded
from dashboard_tui.gym.services import GymService
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.models.gym import Workout
from tests.conftest import PASSWORD, TEST_CLIENT
from tests.support import let_time_pass


def workouts(db) -> int:
    with db.transaction(read_only=True) as s:
        return s.scalar(select(func.count()).select_from(Workout)) or 0


@pytest.fixture
def gym(db, clock):
    return GymService(db, clock=clock, client=TEST_CLIENT)


def test_a_session_ended_from_another_machine_stops_at_once(auth, db, gym, make_user):
    ana = make_user("Ana")
    laptop = auth.login("ana@example.com", PASSWORD)
    gym.workouts.start_workout(laptop, name="Before")
    auth.end_session(ana, laptop.session_id)  # from the other machine
    with pytest.raises(SessionEnded):
        gym.workouts.start_workout(laptop, name="After")
    with pytest.raises(SessionEnded):
        gym.workouts.list_workouts(laptop)
    assert workouts(db) == 1  # nothing of the refused write was kept
    gym.workouts.start_workout(ana, name="Still works here")
    assert workouts(db) == 2


def test_a_disabled_account_stops_at_once(auth, db, gym, make_user):
    admin = make_user("Ana")
    ben = make_user("Ben")
    gym.workouts.start_workout(ben, name="Mine")
    auth.disable(admin.scope, "ben@example.com")
    with pytest.raises(SessionEnded):
        gym.workouts.start_workout(ben, name="After")
    auth.enable(admin.scope, "ben@example.com")
    with pytest.raises(SessionEnded):  # enabling again does not bring sessions back
        gym.workouts.list_workouts(ben)
    assert workouts(db) == 1


def test_an_expired_session_stops_at_once(auth, db, gym, clock, settings, make_user):
    ana = make_user("Ana")
    gym.workouts.start_workout(ana, name="Fresh")
    let_time_pass(db, clock, days=settings.session_absolute_days, seconds=1)
    with pytest.raises(SessionEnded):
        gym.workouts.list_workouts(ana)


def test_an_admin_action_needs_the_admins_live_session(auth, make_user):
    admin = make_user("Ana")
    make_user("Ben")
    auth.logout(admin)
    with pytest.raises(SessionEnded):
        auth.disable(admin.scope, "ben@example.com")
    assert auth.login("ben@example.com", PASSWORD).user.status == "active"


def test_logging_out_an_ended_session_is_quiet(auth, make_user):
    ana = make_user("Ana")
    other = auth.login("ana@example.com", PASSWORD)
    auth.end_session(other, ana.session_id)
    auth.logout(ana)  # nothing left to end: no error


def test_only_the_newest_reset_token_works(auth, make_user):
    admin = make_user("Ana")
    make_user("Ben")
    first = auth.issue_reset_token(admin.scope, "ben@example.com")
    second = auth.issue_reset_token(admin.scope, "ben@example.com")
    with pytest.raises(ValidationError, match="unknown, used or expired"):
        auth.reset_password(first, "a new password 1", "a new password 1")
    auth.reset_password(second, "a new password 2", "a new password 2")
    assert auth.login("ben@example.com", "a new password 2")


def test_changing_the_password_revokes_reset_tokens(auth, make_user):
    admin = make_user("Ana")
    make_user("Ben")
    out = auth.issue_reset_token(admin.scope, "ben@example.com")
    login = auth.login("ben@example.com", PASSWORD)
    auth.change_password(login, PASSWORD, "a new password 4", "a new password 4")
    with pytest.raises(ValidationError, match="unknown, used or expired"):
        auth.reset_password(out, "a new password 5", "a new password 5")
    assert auth.login("ben@example.com", "a new password 4")
