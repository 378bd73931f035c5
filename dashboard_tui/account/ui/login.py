"""Email and password. Every refusal shows the same one message (the service makes
sure it never says which part was wrong).

It is also the app's first screen, shown while the database is still opening: a
login submitted before then is kept and sent once the app calls database_opened()."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Button, Input, Static

from dashboard_tui.account.passwords import MAX_PASSWORD
from dashboard_tui.account.signin import SignedIn, complete_sign_in
from dashboard_tui.kit.validation import MAX_EMAIL
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.form import FormField, focus_next_empty
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.text import SafeInput, literal
from dashboard_tui.widgets.workers import message_for


class LoginScreen(DashboardScreen):
    BINDINGS = [Binding("ctrl+r", "register", "Create account", id="login.register")]

    def __init__(
        self,
        *,
        can_register: bool,
        message: str | None = None,
        opening: str | None = None,
        email: str = "",
    ) -> None:
        super().__init__()
        self.email = email  # the last login's, after a logout: only the password is asked
        self.can_register = can_register
        self.message = message  # e.g. "Account created; waiting for approval"
        self.opening = opening  # set while the database is still being opened
        self.waiting_submit = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Center(), Vertical(id="login-form", classes="form-box"):
            yield Static("Log in", classes="form-title")
            if self.message:
                yield Static(literal(self.message), id="login-message", classes="form-note")
            yield FormField(
                "Email", SafeInput(self.email, id="email", max_length=MAX_EMAIL), field="email"
            )
            yield FormField(
                "Password",
                SafeInput(id="password", password=True, max_length=MAX_PASSWORD),
                field="password",
            )
            yield Static(
                literal(self.opening or ""), id="login-error", classes="form-error", markup=False
            )
            yield Button("Log in", id="login-button", variant="primary", compact=True)
            hint = (
                "No account yet? Press ctrl+r to create one."
                if self.can_register
                else "New accounts are added by an admin."
            )
            yield Static(hint, classes="form-hint", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        if self.email:
            self.query_one("#password", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "register":
            return self.can_register
        return True

    def database_opened(self) -> None:
        self.opening = None
        if self.waiting_submit:
            self.waiting_submit = False
            self.submit()
        else:
            self.query_one("#login-error", Static).update("")

    def action_register(self) -> None:
        if self.can_register and self.opening is None:
            self.shell.show_registration(first_account=False)

    @on(Input.Submitted)
    def next_or_submit(self, event: Input.Submitted) -> None:
        if not focus_next_empty(self.query_one("#login-form"), event.input):
            self.submit()

    @on(Button.Pressed, "#login-button")
    def submit(self) -> None:
        if self.is_busy("login"):  # one at a time: a second attempt would open a second session
            return
        if self.opening is not None:
            self.waiting_submit = True
            self.query_one("#login-error", Static).update(
                literal(f"{self.opening} You will be logged in as soon as it is open.")
            )
            return
        email = self.query_one("#email", Input).value
        password = self.query_one("#password", Input).value
        self.query_one("#login-error", Static).update("Logging in…")
        self.log_in(email, password)

    def log_in(self, email: str, password: str) -> None:
        def call() -> SignedIn:
            return complete_sign_in(self.ctx, self.ctx.auth.login(email, password))

        self.run_call(
            call, self.log_in_done, failed=self.log_in_failed, group="login", exclusive=True
        )

    def log_in_done(self, signed_in: SignedIn) -> None:
        self.shell.signed_in(signed_in)

    def log_in_failed(self, error: BaseException) -> None:
        self.query_one("#login-error", Static).update(literal(message_for(error)))
        password = self.query_one("#password", Input)
        password.value = ""
        password.focus()
