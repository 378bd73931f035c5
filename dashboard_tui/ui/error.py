"""The database (or the configuration) cannot be used: say why, plainly, and quit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle, Vertical
from textual.screen import Screen
from textual.widgets import Static

from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.text import literal

EXIT_CODE = 2  # what the command line returns after this screen


class StartupErrorScreen(Screen):
    BINDINGS = [Binding("q", "quit", "Quit", id="error.quit")]

    def __init__(self, title: str, message: str, hint: str) -> None:
        super().__init__()
        self.title_text, self.message, self.hint = title, message, hint

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Middle(), Center(), Vertical(id="error-box"):
            yield Static(literal(self.title_text, "bold"), id="error-title")
            # The message may quote a URL, a path or a server's words: never markup.
            yield Static(literal(self.message), id="error-message")
            yield Static(literal(self.hint), id="error-hint")
        yield AppFooter()

    def action_quit(self) -> None:
        self.app.exit(return_code=EXIT_CODE)
