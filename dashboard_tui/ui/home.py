"""The start page after login: a greeting and the areas, reachable with 1..6."""

from __future__ import annotations

from typing import NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.text import literal


class Area(NamedTuple):
    name: str
    action: str | None  # an app action; None = not built yet


AREAS = (
    Area("Gym", "open_gym"),
    Area("Finance", None),
    Area("Nutrition", None),
    Area("Family", None),
    Area("Audit history", "open_audit"),
    Area("Settings", "open_settings"),
)


class AreaList(OptionList):
    BINDINGS = [
        Binding("enter", "select", "Open", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


def area_prompt(number: int, area: Area) -> Content:
    label = Content.assemble((f" {number} ", "bold"), f" {area.name}")
    if area.action is None:
        label = Content.assemble(label, ("  coming soon", "dim italic"))
    return label


class HomeScreen(DashboardScreen):
    BINDINGS = [
        Binding(str(number), f"open_area({number})", area.name)
        for number, area in enumerate(AREAS, start=1)
    ]

    def compose(self) -> ComposeResult:
        user = self.login.user
        yield Header()
        with Vertical(id="home"):
            yield Static(
                Content.assemble("Hello, ", literal(user.name, "bold"), "."), id="greeting"
            )
            role = "administrator" if user.role == "admin" else "member"
            yield Static(
                Content.assemble("Logged in as ", literal(user.email), f" ({role})."),
                id="signed-in-as",
            )
            yield AreaList(
                *(Option(area_prompt(n, a), id=str(n)) for n, a in enumerate(AREAS, start=1)),
                id="areas",
            )
        yield AppFooter()

    @on(OptionList.OptionSelected, "#areas")
    async def open_selected(self, event: OptionList.OptionSelected) -> None:
        await self.action_open_area(int(event.option.id or 0))

    async def action_open_area(self, number: int) -> None:
        await self.dashboard.action_open_area(number)
