"""Shown at once while the database is opened (and migrated) in a worker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from dashboard_tui.widgets.text import literal


class StartupScreen(Screen):
    def __init__(self, database: str) -> None:
        super().__init__()
        self.database = database

    def compose(self) -> ComposeResult:
        yield Header()
        with Middle(), Center():
            yield Static(literal(f"Opening {self.database}…"), id="startup-message")
        yield Footer()
