"""The person's own account: password, login sessions, API keys, profile (units,
currency, timezone, theme, the day a week starts on)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static

from dashboard_tui.account import WEEKDAYS
from dashboard_tui.account.passwords import MAX_PASSWORD
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.ui.area import AreaCommand, AreaUI
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.widgets.confirm import ConfirmModal
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.form import (
    FormField,
    clear_field_errors,
    focus_next_empty,
    show_field_errors,
)
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.table import KeyTable
from dashboard_tui.widgets.text import SafeInput, literal, literal_text
from dashboard_tui.widgets.workers import message_for

if TYPE_CHECKING:
    from dashboard_tui.account.api_keys import ApiKeyInfo, ApiKeyService
    from dashboard_tui.account.auth import Login, SessionInfo
    from dashboard_tui.account.profile import ProfileInfo
    from dashboard_tui.ui.shell import Shell

PASSWORD_FIELDS = ("current_password", "new_password", "new_password_confirm")
THIS_SESSION = "● this session"


def sessions_ended(count: int) -> str:
    if count == 0:
        return "Password changed. No other session was open."
    if count == 1:
        return "Password changed. 1 other session was ended."
    return f"Password changed. {count} other sessions were ended."


def section(title: str, section_id: str) -> Vertical:
    box = Vertical(id=section_id, classes="settings-section")
    box.border_title = title
    return box


class SettingsScreen(DashboardScreen):
    BINDINGS = [
        Binding("escape", "app.go_home", "Home", id="settings.home"),
        Binding("ctrl+n", "change_password", "Change password", id="settings.change_password"),
        Binding("x", "end_session", "End session", id="settings.end_session"),
        Binding("d", "revoke_key", "Revoke key", id="settings.revoke_key"),
        Binding("ctrl+s", "save_profile", "Save profile", id="settings.save_profile"),
    ]

    AUTO_FOCUS = "#current_password"

    def __init__(self, *, focus_password: bool = False) -> None:
        super().__init__()
        self.focus_password_first = focus_password
        self.sessions: dict[str, SessionInfo] = {}
        self.api_keys: dict[str, ApiKeyInfo] = {}

    # -- layout -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield AppHeader()
        with VerticalScroll(id="settings") as scroll:
            scroll.can_focus = False  # focus goes to the fields; they scroll into view
            with Horizontal(id="settings-forms"):
                with section("Change password", "password-section"):
                    yield from self.password_fields()
                with section("Profile", "profile-section"):
                    yield from self.profile_fields(self.shell.profile)
            with section("Login sessions", "sessions-section"):
                yield KeyTable(id="sessions", cursor_type="row", zebra_stripes=True)
                yield Static(
                    "x ends the selected session (on another machine). "
                    "To end this one, log out with ctrl+l.",
                    classes="form-hint",
                    markup=False,
                )
            with section("API keys", "api-keys-section"):
                yield KeyTable(id="api-keys", cursor_type="row", zebra_stripes=True)
                yield Static(
                    "d revokes the selected key: scripts using it stop at once. Make a key "
                    "with: dashboard-tui apikey create NAME --email EMAIL (shown only then).",
                    classes="form-hint",
                    markup=False,
                )
        yield AppFooter()

    def password_fields(self) -> ComposeResult:
        labels = ("Current", "New", "New again")
        for field, label in zip(PASSWORD_FIELDS, labels, strict=True):
            yield FormField(
                label, SafeInput(id=field, password=True, max_length=MAX_PASSWORD), field=field
            )
        yield Static("", id="password-status", classes="form-status", markup=False)
        yield Button("Change password (ctrl+n)", id="password-button", compact=True)

    def profile_fields(self, profile: ProfileInfo | None) -> ComposeResult:
        # Imported here, not at the top: models pull in SQLAlchemy, which the app
        # must not import before its first screen is up. By now it is loaded.
        from dashboard_tui.models.shared import THEMES, WEIGHT_UNITS

        unit = profile.weight_unit if profile else WEIGHT_UNITS[0]
        theme = profile.theme if profile and profile.theme in THEMES else THEMES[0]
        yield FormField(
            "Weight unit",
            Select([(u, u) for u in WEIGHT_UNITS], value=unit, allow_blank=False, id="weight_unit"),
            field="weight_unit",
        )
        yield FormField(
            "Currency",
            SafeInput(profile.currency if profile else "", id="currency", max_length=8),
            field="currency",
        )
        yield FormField(
            "Timezone",
            SafeInput(profile.timezone if profile else "", id="timezone", max_length=64),
            field="timezone",
        )
        yield FormField(
            "Theme",
            Select([(t, t) for t in THEMES], value=theme, allow_blank=False, id="theme"),
            field="theme",
        )
        yield FormField(
            "Week starts on",
            Select(
                [(name, str(i)) for i, name in enumerate(WEEKDAYS)],
                value=str(profile.week_start if profile else 0),
                allow_blank=False,
                id="week_start",
            ),
            field="week_start",
        )
        yield Static("", id="profile-status", classes="form-status", markup=False)
        yield Button("Save profile (ctrl+s)", id="profile-button", compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#sessions", KeyTable)
        table.add_columns("Host", "Client", "Last seen", "")
        self.load_sessions(self.login)
        keys = self.query_one("#api-keys", KeyTable)
        keys.add_columns("Name", "Starts with", "Created", "Last used")
        self.load_keys(self.login)
        if self.focus_password_first:
            self.focus_password()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only with their table focused: in a text field "x" and "d" are typed. None
        # shows the key dimmed in the footer instead of hiding it.
        if action == "end_session":
            return True if self.table_focused("sessions") else None
        if action == "revoke_key":
            return True if self.table_focused("api-keys") else None
        return True

    def table_focused(self, table_id: str) -> bool:
        return isinstance(self.focused, KeyTable) and self.focused.id == table_id

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def focus_password(self) -> None:
        self.query_one("#current_password", Input).focus()

    def status(self, widget_id: str, message: str) -> None:
        self.query_one(widget_id, Static).update(literal(message))

    # -- sessions -----------------------------------------------------------------
    def load_sessions(self, login: Login) -> None:
        def call() -> list[SessionInfo]:
            return self.ctx.auth.list_sessions(login)

        self.run_call(call, self.load_sessions_done, group="sessions", exclusive=True)

    def load_sessions_done(self, sessions: list[SessionInfo]) -> None:
        table = self.query_one("#sessions", KeyTable)
        table.clear()
        self.sessions = {str(s.id): s for s in sessions}
        for s in sessions:
            table.add_row(
                literal_text(s.host),
                literal_text(s.client),
                self.local_time(s.last_seen_at),
                literal_text(THIS_SESSION if s.current else "", "bold"),
                key=str(s.id),
            )

    def local_time(self, moment: datetime) -> str:
        profile = self.shell.profile
        try:
            zone = ZoneInfo(profile.timezone) if profile else None
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if zone else moment.isoformat()

    def selected_session(self) -> SessionInfo | None:
        table = self.query_one("#sessions", KeyTable)
        if table.row_count == 0:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.sessions.get(str(row_key.value))

    def action_end_session(self) -> None:
        session = self.selected_session()
        if session is None:
            return
        if session.current:
            self.notify(
                "This is the session you are using. To end it, log out (ctrl+l).",
                severity="warning",
            )
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.end_session(self.login, session.id)

        prompt = f"End the login session on {session.host} ({session.client})?"
        self.app.push_screen(ConfirmModal(prompt), answered)

    def end_session(self, login: Login, session_id: uuid.UUID) -> None:
        def call() -> None:
            self.ctx.auth.end_session(login, session_id)

        self.run_call(
            call,
            self.end_session_done,
            failed=self.end_session_failed,
            group="end-session",
            exclusive=True,
        )

    def end_session_done(self, _: None) -> None:
        self.notify("Session ended.")
        self.load_sessions(self.login)

    def end_session_failed(self, error: BaseException) -> None:
        self.report_failure(error)
        self.load_sessions(self.login)  # it may have been ended elsewhere meanwhile

    # -- API keys -----------------------------------------------------------------
    def key_service(self) -> ApiKeyService:
        # Imported here: it pulls in SQLAlchemy (see profile_fields).
        from dashboard_tui.account.api_keys import ApiKeyService

        return self.ctx.services(ApiKeyService)

    def load_keys(self, login: Login) -> None:
        def call() -> list[ApiKeyInfo]:
            return self.key_service().list(login)

        self.run_call(call, self.load_keys_done, group="api-keys", exclusive=True)

    def load_keys_done(self, keys: list[ApiKeyInfo]) -> None:
        table = self.query_one("#api-keys", KeyTable)
        table.clear()
        self.api_keys = {str(k.id): k for k in keys}
        for k in keys:
            table.add_row(
                literal_text(k.name),
                literal_text(k.prefix + "…"),
                self.local_time(k.created_at),
                self.local_time(k.last_used_at) if k.last_used_at else "never",
                key=str(k.id),
            )

    def selected_key(self) -> ApiKeyInfo | None:
        table = self.query_one("#api-keys", KeyTable)
        if table.row_count == 0:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.api_keys.get(str(row_key.value))

    def action_revoke_key(self) -> None:
        key = self.selected_key()
        if key is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.revoke_key(self.login, key.id)

        prompt = (
            f"Revoke the API key {key.name} ({key.prefix}…)? Scripts using it stop working at once."
        )
        self.app.push_screen(ConfirmModal(prompt), answered)

    def revoke_key(self, login: Login, key_id: uuid.UUID) -> None:
        def call() -> ApiKeyInfo:
            return self.key_service().revoke(login, key_id)

        self.run_call(
            call,
            self.revoke_key_done,
            failed=self.revoke_key_failed,
            group="revoke-key",
            exclusive=True,
        )

    def revoke_key_done(self, key: ApiKeyInfo) -> None:
        self.notify(f"API key {key.name} revoked.", markup=False)
        self.load_keys(self.login)

    def revoke_key_failed(self, error: BaseException) -> None:
        self.report_failure(error)
        self.load_keys(self.login)  # it may have been revoked elsewhere meanwhile

    # -- password -----------------------------------------------------------------
    @on(Input.Submitted, "#password-section Input")
    def password_next_or_submit(self, event: Input.Submitted) -> None:
        if not focus_next_empty(self.query_one("#password-section"), event.input):
            self.action_change_password()

    @on(Button.Pressed, "#password-button")
    def action_change_password(self) -> None:
        if self.is_busy("password"):
            return
        values = [self.query_one(f"#{f}", Input).value for f in PASSWORD_FIELDS]
        self.status("#password-status", "Changing the password…")
        self.change_password(self.login, *values)

    def change_password(self, login: Login, current: str, new: str, confirm: str) -> None:
        def call() -> int:
            return self.ctx.auth.change_password(login, current, new, confirm)

        self.run_call(
            call,
            self.change_password_done,
            failed=self.change_password_failed,
            group="password",
            exclusive=True,
        )

    def change_password_done(self, ended: int) -> None:
        form = self.query_one("#password-section")
        clear_field_errors(form)
        for field in PASSWORD_FIELDS:
            self.query_one(f"#{field}", Input).value = ""
        self.status("#password-status", sessions_ended(ended))
        self.notify(sessions_ended(ended))
        self.load_sessions(self.login)

    def change_password_failed(self, error: BaseException) -> None:
        self.show_errors("#password-section", "#password-status", error)

    # -- profile ------------------------------------------------------------------
    @on(Button.Pressed, "#profile-button")
    @on(Input.Submitted, "#profile-section Input")
    def action_save_profile(self) -> None:
        if self.is_busy("profile"):
            return
        form = self.query_one("#profile-section")
        values = {f.field: f.value for f in form.query(FormField)}
        self.status("#profile-status", "Saving…")
        self.save_profile(self.login, values)

    def save_profile(self, login: Login, values: dict[str, str]) -> None:
        week_start = int(values.pop("week_start"))  # a choice of 0 … 6: always a number

        def call() -> ProfileInfo:
            return self.ctx.profiles.update(login, week_start=week_start, **values)

        self.run_call(
            call,
            self.save_profile_done,
            failed=self.save_profile_failed,
            group="profile",
            exclusive=True,
        )

    def save_profile_done(self, profile: ProfileInfo) -> None:
        clear_field_errors(self.query_one("#profile-section"))
        self.status("#profile-status", "Saved.")
        self.shell.profile_changed(profile)
        self.load_sessions_done(list(self.sessions.values()))  # times in the new timezone
        self.load_keys_done(list(self.api_keys.values()))

    def save_profile_failed(self, error: BaseException) -> None:
        self.show_errors("#profile-section", "#profile-status", error)

    def show_errors(self, form_id: str, status_id: str, error: BaseException) -> None:
        """Field errors next to their fields; anything else in the section's status."""
        form: Widget = self.query_one(form_id)
        if isinstance(error, ValidationError):
            self.status(status_id, " ".join(show_field_errors(form, error.errors).values()))
        else:
            clear_field_errors(form)
            self.status(status_id, message_for(error))


def open_settings(shell: Shell, view: str | None = None) -> None:
    """Settings over home; `view` "password" puts the cursor in the password form."""
    if shell.login is None:
        return
    focus_password = view == "password"
    if isinstance(shell.screen, SettingsScreen):
        if focus_password:
            shell.screen.focus_password()
        return
    shell.go_home()
    shell.push_screen(SettingsScreen(focus_password=focus_password))


AREA_UI = AreaUI(
    open=open_settings,
    # The account, its login sessions and its profile all live on the settings screen.
    open_record=lambda shell, entity, record_id: open_settings(shell),
    commands=(
        AreaCommand(
            "Change password",
            "Settings, at the password form; other sessions are ended",
            "password",
        ),
    ),
)
