"""A running app whose login is ended elsewhere goes back to the login screen with a
clear message at its next action, and forgets the dead token (issue 9, item 6)."""

from __future__ import annotations

from dashboard_tui.account.ui.login import LoginScreen
from dashboard_tui.ui.home import HomeScreen
from tests.support import gym_of
from tests.ui.pilot_helpers import ADA_EMAIL, PASSWORD, SIZE, pilot_test, screen_text, settle


def on(app, screen_type):
    return lambda: isinstance(app.screen, screen_type)


@pilot_test
async def test_a_session_ended_elsewhere_returns_to_login(
    logged_in, backend, build_app, token_store
):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, on(app, HomeScreen))
        elsewhere = backend.auth.login(ADA_EMAIL, PASSWORD)
        backend.auth.end_session(elsewhere, logged_in.session_id)
        await pilot.press("1")  # the gym: its first page is a service call
        await settle(pilot, on(app, LoginScreen))
        assert "Your session has ended" in screen_text(pilot)
        assert app.login is None
        assert token_store.get() is None
    # nothing was written by the refused call
    assert gym_of(backend).workouts.list_workouts(elsewhere, with_total=True).total == 0
