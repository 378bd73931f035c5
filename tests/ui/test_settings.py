"""Settings: password change, login sessions, API keys, profile."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Select, Static

from dashboard_tui.account.api_keys import ApiKeyService, KeyRefused
from dashboard_tui.account.auth import AuthService
from dashboard_tui.account.ui.settings import SettingsScreen
from dashboard_tui.db.audit_chain import ClientInfo
from dashboard_tui.kit.errors import AuthError
from dashboard_tui.ui.home import HomeScreen
from dashboard_tui.widgets.confirm import ConfirmModal
from tests.ui.pilot_helpers import (
    ADA_EMAIL,
    PASSWORD,
    SIZE,
    fill,
    pilot_test,
    run_command,
    screen_text,
    settle,
)

NEW_PASSWORD = "a much newer passphrase"


@pytest.fixture
def laptop(backend, ui_settings, passwords, clock, logged_in):
    """Ada is also logged in on another machine."""
    auth = AuthService(
        backend.db,
        ui_settings,
        passwords=passwords,
        clock=clock,
        client=ClientInfo("[b]laptop[/b]", "dashboard-tui cli"),
    )
    return auth.login(ADA_EMAIL, PASSWORD)


async def open_settings(pilot):
    await settle(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    await pilot.press("6")
    await settle(pilot, lambda: isinstance(pilot.app.screen, SettingsScreen))
    return pilot.app.screen


def field_error(screen, field):
    return str(screen.query_one(f"#field-{field} .form-field--error", Static).render())


def session_hosts(screen):
    table = screen.query_one("#sessions", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


@pilot_test
async def test_change_password_ends_other_sessions_and_the_new_one_works(
    laptop, build_app, backend
):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_settings(pilot)
        assert sorted(session_hosts(screen)) == ["[b]laptop[/b]", "test-host"]  # literal
        assert "● this session" in screen_text(pilot)
        await fill(
            pilot,
            current_password=PASSWORD,
            new_password=NEW_PASSWORD,
            new_password_confirm=NEW_PASSWORD,
        )
        await pilot.press("ctrl+n")
        await settle(pilot, lambda: session_hosts(screen) == ["test-host"])
        status = str(screen.query_one("#password-status", Static).render())
        assert status == "Password changed. 1 other session was ended."
        assert all(
            screen.query_one(f"#{f}", Input).value == ""
            for f in ("current_password", "new_password", "new_password_confirm")
        )
    assert backend.auth.resume(laptop.token) is None
    assert backend.auth.login(ADA_EMAIL, NEW_PASSWORD).user.email == ADA_EMAIL
    with pytest.raises(AuthError):
        backend.auth.login(ADA_EMAIL, PASSWORD)


@pilot_test
async def test_password_errors_sit_next_to_their_fields_and_keep_the_input(logged_in, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_settings(pilot)
        await fill(
            pilot,
            current_password="wrong password",
            new_password=NEW_PASSWORD,
            new_password_confirm=NEW_PASSWORD,
        )
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert field_error(screen, "current_password") == "The current password is not right."
        assert screen.query_one("#new_password", Input).value == NEW_PASSWORD
        await fill(pilot, current_password=PASSWORD, new_password_confirm="something else")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert field_error(screen, "current_password") == ""
        assert field_error(screen, "new_password_confirm") == "The two passwords do not match."


@pilot_test
async def test_x_ends_another_session_after_confirming(laptop, build_app, backend):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_settings(pilot)
        table = screen.query_one("#sessions", DataTable)
        table.focus()
        current_row = session_hosts(screen).index("test-host")
        table.move_cursor(row=current_row)
        await pilot.press("x")  # this session: refused, use logout
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal)
        assert "To end it, log out" in screen_text(pilot)

        table.move_cursor(row=1 - current_row)
        await pilot.press("x")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        prompt = str(app.screen.query_one("#confirm-prompt", Static).render())
        assert prompt == "End the login session on [b]laptop[/b] (dashboard-tui cli)?"
        await pilot.press("n")
        await settle(pilot, lambda: app.screen is screen)
        assert len(session_hosts(screen)) == 2

        await pilot.press("x")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await settle(pilot, lambda: session_hosts(screen) == ["test-host"])
    assert backend.auth.resume(laptop.token) is None


@pilot_test
async def test_profile_saves_applies_the_theme_and_shows_field_errors(
    logged_in, build_app, backend
):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#theme", Select).value = "nord"
        screen.query_one("#weight_unit", Select).value = "lb"
        await fill(pilot, currency="[b]EURO", timezone="Mars/Olympus")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "ISO 4217" in field_error(screen, "currency")
        assert "IANA timezone" in field_error(screen, "timezone")
        assert screen.query_one("#currency", Input).value == "[b]EURO"  # kept
        assert app.theme != "nord"

        await fill(pilot, currency="gbp", timezone="Europe/Madrid")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert field_error(screen, "currency") == ""
        assert app.theme == "nord"
        assert str(screen.query_one("#profile-status", Static).render()) == "Saved."
    profile = backend.profiles.get(logged_in)
    assert (profile.currency, profile.timezone, profile.weight_unit, profile.theme) == (
        "GBP",
        "Europe/Madrid",
        "lb",
        "nord",
    )


@pilot_test
async def test_the_profile_theme_is_applied_after_login(logged_in, build_app, backend):
    backend.profiles.update(
        logged_in, weight_unit="kg", currency="EUR", timezone="UTC", theme="gruvbox"
    )
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.theme == "gruvbox"


@pilot_test
async def test_change_password_from_the_palette_focuses_the_form(logged_in, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, HomeScreen))
        await run_command(pilot, "change password", "Change password")
        await settle(pilot, lambda: isinstance(app.screen, SettingsScreen))
        assert app.focused is app.screen.query_one("#current_password", Input)


def key_names(screen):
    table = screen.query_one("#api-keys", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


@pilot_test
async def test_d_revokes_an_api_key_after_confirming(logged_in, build_app, backend):
    keys = backend.services(ApiKeyService)
    keys.create(logged_in, "[b]nightly[/b]")
    spare = keys.create(logged_in, "spare")
    keys.authenticate(spare.key)  # used once: its row says when
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_settings(pilot)
        await settle(pilot, lambda: len(key_names(screen)) == 2)
        assert key_names(screen) == ["[b]nightly[/b]", "spare"]  # literal
        table = screen.query_one("#api-keys", DataTable)
        row = [str(c) for c in table.get_row_at(1)]
        assert row[1] == spare.key[:12] + "…" and row[3] != "never"
        assert str(table.get_row_at(0)[3]) == "never"

        await pilot.press("d")  # typed into the focused password field, not a revoke
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal)

        table.focus()
        table.move_cursor(row=1)
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        prompt = str(app.screen.query_one("#confirm-prompt", Static).render())
        assert prompt.startswith(f"Revoke the API key spare ({spare.key[:12]}…)?")
        await pilot.press("n")
        await settle(pilot, lambda: app.screen is screen)
        assert len(key_names(screen)) == 2

        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await settle(pilot, lambda: key_names(screen) == ["[b]nightly[/b]"])
        assert "API key spare revoked." in screen_text(pilot)
    with pytest.raises(KeyRefused):
        keys.authenticate(spare.key)
    assert [k.name for k in keys.list(logged_in)] == ["[b]nightly[/b]"]


@pilot_test
async def test_the_week_start_chosen_in_settings_starts_the_family_month_and_week(
    logged_in, build_app, backend
):
    """Sunday chosen and saved; the family month grid then starts on Sunday (November
    2026 begins on one, so its first cell is the 1st, not Monday 26 October) and the
    week view shows Sunday 22 Nov (today) to Saturday 28 Nov."""
    from dashboard_tui.family.ui.month import MonthScreen
    from dashboard_tui.family.ui.week import WeekScreen
    from tests.ui.finance_helpers import rows
    from tests.ui.test_family import open_agenda

    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#week_start", Select).value == "0"  # Monday by default
        screen.query_one("#week_start", Select).value = "6"
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: "Saved." in str(screen.query_one("#profile-status").render()))
        assert backend.profiles.get(logged_in).week_start == 6
        await pilot.press("escape")
        await open_agenda(pilot)
        await pilot.press("m")
        await settle(pilot, lambda: isinstance(app.screen, MonthScreen) and app.screen.is_ready)
        month = app.screen
        table = month.table.table
        assert [str(c.label) for c in table.columns.values()][:2] == ["Sun", "Mon"]
        first_week = rows(month)[0]
        assert [cell.split()[0] for cell in first_week] == [str(d) for d in range(1, 8)]
        await pilot.press("escape")
        await pilot.press("w")
        await settle(pilot, lambda: isinstance(app.screen, WeekScreen) and app.screen.is_ready)
        assert str(app.screen.week.first) == "2026-11-22"
        assert "Sun 22" in screen_text(pilot)
