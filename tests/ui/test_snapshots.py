"""Snapshots of every screen (pytest-textual-snapshot). Deterministic: a fixed
clock, fixed names, a fixed client, and a database path relative to the test's own
folder so the header does not show a temporary path.

Update the baselines with `pytest tests/ui --snapshot-update` and look at them."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from dashboard_tui.account.auth import AuthService
from dashboard_tui.config import Settings
from dashboard_tui.db.audit_chain import ClientInfo
from tests.support import private_copy
from tests.ui.pilot_helpers import (
    ADA_EMAIL,
    PASSWORD,
    both_sizes,
    fill,
    no_cursor_blink,
    settle,
)


@pytest.fixture
def ui_settings(tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Overrides the conftest one: same migrated copy, reached by a relative URL."""
    monkeypatch.chdir(tmp_path)
    private_copy(sqlite_template, tmp_path / "dashboard.sqlite3")
    return Settings(database_url="sqlite:///dashboard.sqlite3")


def showing(screen_name: str, then=None):
    """run_before: wait until the named screen is up and its workers are done."""

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot, lambda: type(pilot.app.screen).__name__ == screen_name)
        if then is not None:
            await then(pilot)
        no_cursor_blink(pilot)

    return run_before


async def week_shown(pilot: Pilot) -> None:
    await settle(pilot, lambda: getattr(pilot.app.screen, "tiles", None) is not None)


@both_sizes
def test_login_screen(snap_compare, user, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=showing("LoginScreen"))


@both_sizes
def test_first_registration_screen(snap_compare, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=showing("RegisterScreen"))


@both_sizes
def test_registration_field_errors(snap_compare, build_app, size):
    async def submit_bad_input(pilot: Pilot) -> None:
        await fill(
            pilot,
            name="[b]Ada[/b]",
            email="ada at example",
            password="short",
            password_confirm="shorter",
        )
        await pilot.press("ctrl+s")
        await settle(pilot)

    run_before = showing("RegisterScreen", then=submit_bad_input)
    assert snap_compare(build_app(), terminal_size=size, run_before=run_before)


@both_sizes
def test_home_screen(snap_compare, logged_in, build_app, size):
    """A new account: every tile is a hint of how to start."""
    run_before = showing("HomeScreen", then=week_shown)
    assert snap_compare(build_app(), terminal_size=size, run_before=run_before)


@both_sizes
def test_home_screen_full_week(snap_compare, logged_in, backend, build_app, size):
    from tests.ui.test_home import a_full_week

    a_full_week(backend, logged_in)
    run_before = showing("HomeScreen", then=week_shown)
    assert snap_compare(build_app(), terminal_size=size, run_before=run_before)


# Serial: on a loaded machine a frame can be drawn between the sessions arriving and
# the table measuring them, and the header row then stays drawn at its old widths (a
# render cache in Textual's DataTable); seen under pytest-xdist, never alone.
@pytest.mark.serial
@both_sizes
def test_settings_screen(
    snap_compare, logged_in, backend, ui_settings, passwords, clock, build_app, size
):
    clock.advance(hours=2)
    laptop = AuthService(
        backend.db,
        ui_settings,
        passwords=passwords,
        clock=clock,
        client=ClientInfo("laptop", "dashboard-tui 0.1.0 (cli; Linux)"),
    )
    laptop.login(ADA_EMAIL, PASSWORD)
    clock.advance(minutes=30)

    async def open_settings(pilot: Pilot) -> None:
        await pilot.press("6")

        def both_sessions_listed() -> bool:  # no table until Settings is up
            return sum(t.row_count for t in pilot.app.screen.query("#sessions")) == 2

        await settle(pilot, both_sessions_listed)

    run_before = showing("HomeScreen", then=open_settings)
    assert snap_compare(build_app(), terminal_size=size, run_before=run_before)


@both_sizes
def test_help_screen(snap_compare, logged_in, build_app, size):
    async def open_help(pilot: Pilot) -> None:
        await pilot.press("question_mark")
        await settle(pilot)

    run_before = showing("HomeScreen", then=open_help)
    assert snap_compare(build_app(), terminal_size=size, run_before=run_before)
