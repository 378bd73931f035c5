"""The baseline for bench/startup.py: a bare Textual app with the widgets of our login
screen (Header, a title, two Inputs, a Button, Footer). It exits itself once its
first screen is mounted and painted, exactly like the app does under the bench hook."""

import os
import time

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
        self.call_after_refresh(self.ready)

    def ready(self) -> None:
        # Same as dashboard_tui/benchhook.py: note the time, then exit.
        with open(os.environ["DASHBOARD_BENCH_READY_FILE"], "w", encoding="ascii") as fh:
            fh.write(repr(time.time()))
        self.exit()


if __name__ == "__main__":
    BareLogin().run()
