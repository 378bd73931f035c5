"""The start page after login: a greeting and the areas, each on its key."""

from __future__ import annotations

from typing import NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dashboard_tui.kit import registry
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.ui.help import live_bindings
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.text import literal


class HomeArea(NamedTuple):
    key: str
    name: str  # its key's binding id is home.area_<name> (a remappable key)
    title: str
    summary: str


def home_areas() -> list[HomeArea]:
    """Every area with a key, in key order."""
    areas = [HomeArea(a.key, a.name, a.title, a.summary) for a in registry.areas() if a.key]
    return sorted(areas, key=lambda a: a.key)


class AreaList(OptionList):
    BINDINGS = [
        Binding("enter", "select", "Open", show=False, id="home.open"),
        Binding("j", "cursor_down", "Down", show=False, id="home.down"),
        Binding("k", "cursor_up", "Up", show=False, id="home.up"),
    ]


def area_binding_id(area: HomeArea) -> str:
    return f"home.area_{area.name}"  # public: [keys] in config.toml names it


def area_prompt(area: HomeArea, shown_key: str | None = None) -> Content:
    """`shown_key`: the key as mapped by [keys] in config.toml (default: its digit)."""
    label = Content.assemble((f" {shown_key or area.key} ", "bold"), f" {area.title}")
    return Content.assemble(label, (f"  {area.summary}", "dim"))


class HomeScreen(DashboardScreen):
    BINDINGS = [
        Binding(a.key, f"open_area({a.key!r})", a.title, id=area_binding_id(a))
        for a in home_areas()
    ]

    def compose(self) -> ComposeResult:
        user = self.login.user
        yield AppHeader()
        with Vertical(id="home"):
            yield Static(
                Content.assemble("Hello, ", literal(user.name, "bold"), "."), id="greeting"
            )
            role = "administrator" if user.role == "admin" else "member"
            yield Static(
                Content.assemble("Logged in as ", literal(user.email), f" ({role})."),
                id="signed-in-as",
            )
            keys = self.area_keys()
            options = (Option(area_prompt(a, keys.get(a.key)), id=a.key) for a in home_areas())
            yield AreaList(*options, id="areas")
        yield AppFooter()

    def area_keys(self) -> dict[str, str]:
        """Area digit -> the keys that open it here, when [keys] moved them."""
        if not self.app._keymap:
            return {}
        digit_of = {area_binding_id(a): a.key for a in home_areas()}
        found: dict[str, list[str]] = {}
        for bindings in live_bindings(self).key_to_bindings.values():
            for binding in bindings:
                if binding.id in digit_of:
                    shown = self.app.get_key_display(binding)
                    found.setdefault(digit_of[binding.id], []).append(shown)
        return {digit: "/".join(shown) for digit, shown in found.items()}

    @on(OptionList.OptionSelected, "#areas")
    async def open_selected(self, event: OptionList.OptionSelected) -> None:
        await self.action_open_area(event.option.id or "")

    async def action_open_area(self, key: str) -> None:
        await self.app.run_action(f"app.open_area({key!r})")
