"""The baseline for bench/startup.py: a bare Textual app with the widgets of our login
screen (Header, a title, two Inputs, a Button, Footer). It exits itself once its
first screen is mounted and painted, exactly like the app does under the bench hook."""

from textual.app import App, ComposeResult
from textual.widgets import Button, Footer, Header, Input, Static


class BareLogin(App):
    TITLE = "bare textual"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Log in")
        yield Input(placeholder="Email")
        yield Input(placeholder="Password", password=True)
        yield Button("Log in", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self.exit)


if __name__ == "__main__":
    BareLogin().run()
