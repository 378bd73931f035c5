"""PostgreSQL going away while a person logs a set: a notification, not a crash;
what was typed stays; nothing half-written; the same key works once the server is
back. The outage is a relay in front of the real server (tests/crash/pgproxy.py)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from dashboard_tui.account.token_store import MemoryTokenStore
from dashboard_tui.app import make_app
from dashboard_tui.config import Settings
from dashboard_tui.context import open_context
from tests.conftest import TEST_CLIENT
from tests.crash.pgproxy import CuttingProxy
from tests.support import gym_of
from tests.ui.gym_helpers import open_workout, seed_workout, value_of
from tests.ui.pilot_helpers import (
    ADA,
    ADA_EMAIL,
    PASSWORD,
    SIZE,
    fill,
    pilot_test,
    screen_text,
    settle,
)

# A relay cuts every connection mid-use: run alone (`-m serial`) with the PostgreSQL
# fault tests (tests/crash), away from other tests' load on the server.
pytestmark = pytest.mark.serial


@pytest.fixture(params=["postgresql"])
def engine_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def proxy(db_url):
    url = make_url(db_url)
    relay = CuttingProxy(url.host or "127.0.0.1", url.port or 5432)
    yield relay
    relay.close()


@pytest.fixture
def direct(db_url, passwords, clock):
    ctx = open_context(
        Settings(database_url=db_url),
        passwords=passwords,
        clock=clock,
        token_store=MemoryTokenStore(),
        client=TEST_CLIENT,
    )
    yield ctx
    ctx.close()


@pilot_test
async def test_a_set_logged_while_postgresql_is_away_is_kept_and_sent_later(
    db_url, proxy, direct, passwords, clock
):
    login = direct.auth.register(ADA, ADA_EMAIL, PASSWORD, PASSWORD).login
    workout_id = seed_workout(direct, login, "Bench", "today", {"Barbell Bench Press": []})
    store = MemoryTokenStore()
    store.set(login.token)
    via = make_url(db_url).set(host="127.0.0.1", port=proxy.port)
    settings = Settings(database_url=via.render_as_string(hide_password=False))
    app = make_app(
        settings, passwords=passwords, clock=clock, token_store=store, client=TEST_CLIENT
    )
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_workout(pilot, workout_id)
        await pilot.press("l")
        await fill(pilot, weight="100kg", reps="5")
        await pilot.press("enter")
        await settle(pilot, lambda: "1/1 sets" in screen_text(pilot))

        app.clear_notifications()
        proxy.go_down()
        await fill(pilot, weight="102.5kg", reps="4")
        await pilot.press("enter")
        await settle(pilot, lambda: bool(app._notifications))
        message = next(iter(app._notifications)).message
        assert message.startswith("The database is not available")
        assert app.is_running
        assert (value_of(app.screen, "weight"), value_of(app.screen, "reps")) == ("102.5kg", "4")
        assert gym_of(direct).workouts.get_workout(login, workout_id).set_count == 1

        proxy.come_back()
        app.clear_notifications()
        await pilot.press("enter")  # the same key, once the server is back
        await settle(pilot, lambda: "2/2 sets" in screen_text(pilot))

    detail = gym_of(direct).workouts.get_workout(login, workout_id)
    assert [(s.weight_g, s.reps) for s in detail.exercises[0].sets] == [(100_000, 5), (102_500, 4)]
