"""Create an account. The very first one on a database becomes its admin; later ones
follow the registration setting (open, approval, closed)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Button, Input, Static

from dashboard_tui.account.passwords import MAX_PASSWORD
from dashboard_tui.account.signin import SignedIn, complete_sign_in
from dashboard_tui.config import RegistrationMode
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.validation import MAX_EMAIL, NAME_MAX
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.form import (
    FormField,
    clear_field_errors,
    focus_next_empty,
    show_field_errors,
)
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.text import SafeInput, literal
from dashboard_tui.widgets.workers import message_for

FIRST_ACCOUNT_NOTE = (
    "No account exists on this database yet. The first account becomes its "
    "administrator: it can later approve, add and disable other accounts."
)
APPROVAL_NOTE = "New accounts wait for an administrator's approval before they can log in."


class RegisterScreen(DashboardScreen):
    BINDINGS = [
        Binding("ctrl+s", "submit", "Create account", id="register.create"),
        Binding("escape", "back", "Back to login", id="register.back"),
    ]

    def __init__(self, *, first_account: bool) -> None:
        super().__init__()
        self.first_account = first_account

    def compose(self) -> ComposeResult:
        mode = self.shell.settings.registration
        yield AppHeader()
        with Center(), Vertical(id="register-form", classes="form-box"):
            title = "Create the first account" if self.first_account else "Create an account"
            yield Static(title, classes="form-title")
            if self.first_account:
                yield Static(FIRST_ACCOUNT_NOTE, classes="form-note", markup=False)
            elif mode is RegistrationMode.APPROVAL:
                yield Static(APPROVAL_NOTE, classes="form-note", markup=False)
            yield FormField("Name", SafeInput(id="name", max_length=NAME_MAX), field="name")
            yield FormField("Email", SafeInput(id="email", max_length=MAX_EMAIL), field="email")
            yield FormField(
                "Password",
                SafeInput(
                    id="password",
                    password=True,
                    max_length=MAX_PASSWORD,
                    placeholder="at least 10 characters",
                ),
                field="password",
            )
            yield FormField(
                "Password again",
                SafeInput(id="password_confirm", password=True, max_length=MAX_PASSWORD),
                field="password_confirm",
            )
            yield Static("", id="register-error", classes="form-error", markup=False)
            yield Button("Create account", id="register-button", variant="primary", compact=True)
        yield AppFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return not self.first_account  # nobody could log in yet
        return True

    def action_back(self) -> None:
        if not self.first_account:
            self.shell.show_login()

    @on(Input.Submitted)
    def next_or_submit(self, event: Input.Submitted) -> None:
        if not focus_next_empty(self.query_one("#register-form"), event.input):
            self.action_submit()

    @on(Button.Pressed, "#register-button")
    def action_submit(self) -> None:
        if self.is_busy("register"):
            return
        values = {
            name: self.query_one(f"#{name}", Input).value
            for name in ("name", "email", "password", "password_confirm")
        }
        self.query_one("#register-error", Static).update("Creating the account…")
        ctx = self.ctx

        def call() -> tuple[str, SignedIn | None]:
            result = ctx.auth.register(
                values["name"], values["email"], values["password"], values["password_confirm"]
            )
            signed_in = complete_sign_in(ctx, result.login) if result.login else None
            return result.message, signed_in

        self.run_call(
            call, self.register_done, failed=self.register_failed, group="register", exclusive=True
        )

    def register_done(self, result: tuple[str, SignedIn | None]) -> None:
        message, signed_in = result
        if signed_in is None:  # approval mode: the account waits for an admin
            self.shell.show_login(message=message)
        else:
            self.shell.signed_in(signed_in, message=message)

    def register_failed(self, error: BaseException) -> None:
        form = self.query_one("#register-form")
        if isinstance(error, ValidationError):
            text = " ".join(show_field_errors(form, error.errors).values())
        else:
            clear_field_errors(form)
            text = message_for(error)
        self.query_one("#register-error", Static).update(literal(text))
