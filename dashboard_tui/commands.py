"""Command palette entries (ctrl+p), after posting's Provider: one per action, each
also on a key shown in the footer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from dashboard_tui.app import DashboardApp


class Command(NamedTuple):
    name: str
    run: Callable[[], object]
    help: str


class DashboardCommands(Provider):
    @property
    def dashboard(self) -> DashboardApp:
        return cast("DashboardApp", self.app)

    def commands(self) -> list[Command]:
        app = self.dashboard
        found = []
        if app.login is not None:
            found += [
                Command("Home", app.action_go_home, "The greeting and the areas (1..6)"),
                Command(
                    "Settings", app.action_open_settings, "Password, login sessions, units, theme"
                ),
                Command(
                    "Change password",
                    app.action_change_password,
                    "Settings, at the password form; other sessions are ended",
                ),
                Command(
                    "Log out",
                    app.action_logout,
                    "End this session and forget the stored login (ctrl+l)",
                ),
            ]
        found += [
            Command("Help", app.action_help, "Every key of the current screen (? or f1)"),
            Command("Quit", app.action_quit, "Leave dashboard-tui (ctrl+q)"),
        ]
        return found

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.run, help=command.help)
