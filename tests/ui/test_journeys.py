"""Pilot journeys through the real app on a temporary SQLite database."""

from __future__ import annotations

from textual.widgets import Input, Static

from dashboard_tui.account.auth import GENERIC_LOGIN_ERROR
from dashboard_tui.account.ui.login import LoginScreen
from dashboard_tui.account.ui.register import RegisterScreen
from dashboard_tui.app import make_app
from dashboard_tui.config import RegistrationMode
from dashboard_tui.ui.help import HelpScreen
from dashboard_tui.ui.home import HomeScreen
from dashboard_tui.widgets.confirm import ConfirmModal
from tests.conftest import TEST_CLIENT
from tests.ui.pilot_helpers import (
    ADA,
    ADA_EMAIL,
    PASSWORD,
    SIZE,
    fill,
    pilot_test,
    run_command,
    screen_text,
    settle,
    type_into,
    wait_until,
)


def on(app, screen_type):
    return lambda: isinstance(app.screen, screen_type)


@pilot_test
async def test_first_account_registers_and_is_greeted(
    empty_settings, build_app, token_store, passwords, clock
):
    app = build_app(empty_settings)  # a new file: the app creates and migrates it
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, on(app, RegisterScreen))
        assert "The first account becomes its" in screen_text(pilot)
        await type_into(pilot, "#name", ADA)
        await type_into(pilot, "#email", ADA_EMAIL)
        await fill(pilot, password=PASSWORD, password_confirm=PASSWORD)
        app.screen.query_one("#password_confirm", Input).focus()
        await pilot.press("enter")
        await settle(pilot, on(app, HomeScreen))
        text = screen_text(pilot)
        assert "Hello, Ada Lovelace." in text
        assert "ada@example.com (administrator)" in text
        assert app.login.user.role == "admin"
        assert app.login.token == token_store.get()


@pilot_test
async def test_restart_opens_home_without_the_password(user, build_app, token_store):
    first = build_app()
    async with first.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, on(first, LoginScreen))
        await fill(pilot, email=ADA_EMAIL, password=PASSWORD)
        await pilot.press("enter")
        await settle(pilot, on(first, HomeScreen))
    assert token_store.get()

    second = build_app()  # same database, same token store
    async with second.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, on(second, HomeScreen))
        assert "Hello, Ada Lovelace." in screen_text(pilot)
        assert second.login.user.email == ADA_EMAIL


@pilot_test
async def test_logout_returns_to_login_and_forgets_the_token(
    logged_in, build_app, token_store, backend
):
    token = token_store.get()
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, on(app, HomeScreen))
        await pilot.press("ctrl+l")
        await settle(pilot, on(app, ConfirmModal))
        await pilot.press("y")
        await settle(pilot, on(app, LoginScreen))
        assert "You are logged out." in screen_text(pilot)
        assert app.login is None
        assert "Ada Lovelace" not in app.sub_title
    assert token_store.get() is None
    assert backend.auth.resume(token) is None  # the session row is gone too


@pilot_test
async def test_log_out_from_the_command_palette(logged_in, build_app, token_store):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, on(app, HomeScreen))
        await run_command(pilot, "log out", "Log out")
        await settle(pilot, on(app, ConfirmModal))
        await pilot.press("enter")  # yes is the focused answer here
        await settle(pilot, on(app, LoginScreen))
    assert token_store.get() is None


@pilot_test
async def test_wrong_password_and_unknown_email_get_the_same_one_message(user, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, on(app, LoginScreen))
        error = app.screen.query_one("#login-error", Static)
        for email, password in ((ADA_EMAIL, "not the password"), ("nobody@example.com", PASSWORD)):
            await fill(pilot, email=email, password=password)
            await pilot.press("enter")
            await settle(pilot)
            assert str(error.render()) == GENERIC_LOGIN_ERROR
            assert app.screen.query_one("#email", Input).value == email  # kept
            assert app.screen.query_one("#password", Input).value == ""  # cleared
        assert isinstance(app.screen, LoginScreen)
        assert screen_text(pilot).count(GENERIC_LOGIN_ERROR) == 1


@pilot_test
async def test_markup_in_a_name_is_shown_literally(backend, build_app, token_store):
    name = "[b]x[/b] [/] [@click=app.quit]q[/]"
    login = backend.auth.register(name, "mark@example.com", PASSWORD, PASSWORD).login
    token_store.set(login.token)
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, on(app, HomeScreen))
        text = screen_text(pilot)
        assert f"Hello, {name}." in text  # the greeting
        assert f"dashboard-tui — {name} · SQLite" in text  # the header
        # The name is text: no cell of the greeting carries a click action...
        greeting = app.screen.query_one("#greeting").region
        cells = [(x, greeting.y) for x in range(greeting.x, greeting.right)]
        assert not any("@click" in app.screen.get_style_at(x, y).meta for x, y in cells)
        # ...so clicking it does nothing. pilot.click returns once the greeting has
        # handled the click, and a [@click=app.quit] would have set the return code.
        assert await pilot.click("#greeting", offset=(40, 0))
        assert app.is_running and app.return_code is None


@pilot_test
async def test_registration_errors_sit_next_to_their_fields_and_keep_the_input(
    user, build_app, backend
):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, on(app, LoginScreen))
        await pilot.press("ctrl+r")
        await settle(pilot, on(app, RegisterScreen))
        await fill(
            pilot,
            name="[b]Bob[/b]",
            email="not-an-email",
            password="short",
            password_confirm="short",
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        email_error = app.screen.query_one("#field-email .form-field--error", Static)
        password_error = app.screen.query_one("#field-password .form-field--error", Static)
        assert "does not look like an email" in str(email_error.render())
        assert "at least 10 characters" in str(password_error.render())
        assert app.screen.query_one("#name", Input).value == "[b]Bob[/b]"
        assert app.screen.query_one("#email", Input).value == "not-an-email"
        await fill(pilot, email=ADA_EMAIL, password=PASSWORD, password_confirm=PASSWORD)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "already exists" in str(email_error.render())
        assert str(password_error.render()) == ""
        await fill(pilot, email="bob@example.com")
        await pilot.press("ctrl+s")
        await settle(pilot, on(app, HomeScreen))
        assert "Hello, [b]Bob[/b]." in screen_text(pilot)
        assert app.login.user.role == "member"


@pilot_test
async def test_approval_mode_says_the_account_waits_and_returns_to_login(
    user, build_app, ui_settings, token_store
):
    settings = ui_settings.with_overrides(registration=RegistrationMode.APPROVAL)
    app = build_app(settings)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, on(app, LoginScreen))
        await pilot.press("ctrl+r")
        await settle(pilot, on(app, RegisterScreen))
        assert "wait for an administrator's approval" in screen_text(pilot)
        await fill(
            pilot, name="Bob", email="bob@example.com", password=PASSWORD, password_confirm=PASSWORD
        )
        await pilot.press("ctrl+s")
        await settle(pilot, on(app, LoginScreen))
        assert "An admin must approve it" in screen_text(pilot)
        await fill(pilot, email="bob@example.com", password=PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert "waiting for an admin's approval" in screen_text(pilot)
    assert token_store.get() is None


@pilot_test
async def test_closed_registration_offers_no_way_to_register(user, build_app, ui_settings):
    app = build_app(ui_settings.with_overrides(registration=RegistrationMode.CLOSED))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, on(app, LoginScreen))
        assert "New accounts are added by an admin." in screen_text(pilot)
        assert "Create account" not in screen_text(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)


@pilot_test
async def test_home_number_keys_open_each_area_and_settings(logged_in, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, on(app, HomeScreen))
        await pilot.press("4")
        await settle(pilot, lambda: type(app.screen).__name__ == "FamilyScreen")
        await pilot.press("g", "3")
        await settle(pilot, lambda: type(app.screen).__name__ == "DayScreen")
        await pilot.press("escape")
        await settle(pilot, on(app, HomeScreen))
        await pilot.press("1")
        await settle(pilot, lambda: type(app.screen).__name__ == "GymScreen")
        await pilot.press("g", "6")
        await settle(pilot)
        assert type(app.screen).__name__ == "SettingsScreen"
        await pilot.press("escape")
        await settle(pilot, on(app, HomeScreen))


@pilot_test
async def test_help_lists_the_screen_keys_and_the_global_ones(logged_in, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, on(app, HomeScreen))
        await pilot.press("question_mark")
        await settle(pilot, on(app, HelpScreen))
        assert "Keys: Home" in screen_text(pilot)
        parts = app.screen.query(".help-heading, .help-keys")
        text = " ".join(" ".join(str(w.render()) for w in parts).split())
        for line in (
            "On this screen 1 Gym",
            "6 Settings",
            "↓ / j Down",
            "Everywhere ^q Quit",
            "f1 / ? Help",
            "^l Log out",
        ):
            assert line in text, line
        assert "Focus Next" not in text  # Textual's own hidden keys stay hidden
        await pilot.press("escape")
        await settle(pilot, on(app, HomeScreen))


@pilot_test
async def test_no_keyring_notice_is_shown_once(user, ui_settings, passwords, clock):
    from dataclasses import replace

    from dashboard_tui.context import open_context

    def factory():
        return replace(
            open_context(ui_settings, passwords=passwords, clock=clock),
            notice="No OS keyring [b]here[/b].",
        )

    app = make_app(ui_settings, context_factory=factory)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, on(app, LoginScreen))
        assert screen_text(pilot).count("No OS keyring [b]here[/b].") == 1


@pilot_test
async def test_the_login_form_comes_first_and_a_login_typed_early_waits_for_the_database(
    user, ui_settings, passwords, clock, token_store
):
    """The form is up before the database is open; submitting then is kept and sent
    as soon as it opens."""
    import threading

    from dashboard_tui.context import open_context

    release = threading.Event()

    def slow_open():
        release.wait(10)
        return open_context(
            ui_settings,
            passwords=passwords,
            clock=clock,
            token_store=token_store,
            client=TEST_CLIENT,
        )

    app = make_app(ui_settings, context_factory=slow_open)
    async with app.run_test(size=SIZE) as pilot:
        # Not settle(): that waits for workers, and the one opening the database is held.
        await wait_until(pilot, on(app, LoginScreen))
        assert app.ctx is None
        await fill(pilot, email=ADA_EMAIL, password=PASSWORD)
        app.screen.query_one("#password", Input).focus()
        await pilot.press("enter")
        # The note itself, not the screen's text: it wraps where the database's path
        # (longer under pytest-xdist) happens to end.
        note = app.screen.query_one("#login-error", Static)
        await wait_until(pilot, lambda: "You will be logged in as soon" in str(note.render()))
        assert app.ctx is None  # still held: the login waits for it
        release.set()
        await settle(pilot, lambda: on(app, HomeScreen))
    assert token_store.get() is not None
