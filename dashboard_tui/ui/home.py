"""The start page after login: a greeting, the areas, each on its key, and this week
at a glance: one tile per area that declares one (kit/tile.py), and the unread
notifications. The tiles load in one worker after the first paint, so login stays
fast; every line of a tile opens the screen or record it sums up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dashboard_tui.kit import registry
from dashboard_tui.kit.entity import load
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.ui.help import live_bindings
from dashboard_tui.ui.shell import OpenArea, OpenRecord
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.text import literal
from dashboard_tui.widgets.workers import message_for

if TYPE_CHECKING:
    from dashboard_tui.kit.tile import Tile, TileLine

# The shell's own tile, after the areas' (the notifications are no area's).
NOTIFICATIONS_TILE = "dashboard_tui.kit.notifications:week_tile"


class HomeArea(NamedTuple):
    key: str
    name: str  # its key's binding id is home.area_<name> (a remappable key)
    title: str
    summary: str


def home_areas() -> list[HomeArea]:
    """Every area with a key, in key order."""
    areas = [HomeArea(a.key, a.name, a.title, a.summary) for a in registry.areas() if a.key]
    return sorted(areas, key=lambda a: a.key)


class HomeList(OptionList):
    """The home screen's lists (the areas, each tile): one set of keys for all."""

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


def week_tiles() -> list[str]:
    """Import paths of the tile functions: each area's that has one, in the registry's
    order, then the notifications'."""
    return [a.week for a in registry.areas() if a.week] + [NOTIFICATIONS_TILE]


def load_tiles(ctx: Any, login: Any, paths: list[str]) -> list[Tile]:
    """Every tile, in a worker. One area's failure costs only its own tile (an ended
    login session ends them all: the shell then asks to log in again)."""
    from dashboard_tui.db.uow import SessionEnded
    from dashboard_tui.kit.tile import Tile, TileLine

    tiles = []
    for path in paths:
        try:
            tiles.append(load(path)(ctx, login))
        except SessionEnded:
            raise
        except Exception as error:  # a broken area must not blank the whole home
            area = path.split(".")[1] if path.count(".") > 1 else path
            line = TileLine(f"{area.title()} could not be read. {message_for(error)}")
            tiles.append(Tile(area, area.title(), (line,), empty=True))
    return tiles


class AreaList(HomeList):
    """The areas, each on its key."""


class TileList(HomeList):
    """One area's tile: its lines, each opening what it sums up (enter)."""

    def __init__(self, tile: Tile) -> None:
        options = [Option(literal(line.text), id=str(i)) for i, line in enumerate(tile.lines)]
        super().__init__(*options, classes="tile -empty" if tile.empty else "tile")
        self.tile = tile
        self.border_title = tile.title

    def selected_line(self) -> TileLine | None:
        index = self.highlighted
        return self.tile.lines[index] if index is not None else None


class HomeScreen(DashboardScreen):
    BINDINGS = [
        Binding(a.key, f"open_area({a.key!r})", a.title, id=area_binding_id(a))
        for a in home_areas()
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tiles: list[Tile] | None = None  # None until loaded (tests wait on it)
        # The tiles on show are this visit's: false from leaving until they are read
        # again on coming back (bench/home.py times that, as the areas' `is_ready`).
        self.is_ready = False

    def compose(self) -> ComposeResult:
        user = self.login.user
        yield AppHeader()
        # Narrow: the whole page scrolls (the focused list or tile is kept in view).
        with VerticalScroll(id="home", can_focus=False):
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
            yield Static("This week: loading…", id="week-status")
            yield Container(id="tiles")
        yield AppFooter()

    def on_mount(self) -> None:
        # After the first paint: the areas' services load in the worker, not before it.
        self.call_after_refresh(self.load_week)

    def on_screen_suspend(self) -> None:
        self.is_ready = False

    def on_screen_resume(self) -> None:
        if self.tiles is not None:  # back from an area: what changed there shows
            self.load_week()

    def load_week(self) -> None:
        ctx, login, paths = self.ctx, self.login, week_tiles()
        self.run_call(
            lambda: load_tiles(ctx, login, paths),
            lambda tiles: self.call_later(self.show_tiles, tiles),  # (then is not awaited)
            group="week",
        )

    async def show_tiles(self, tiles: list[Tile]) -> None:
        box = self.query_one("#tiles", Container)
        focused = self.focused
        where = (focused.tile.area, focused.highlighted) if isinstance(focused, TileList) else None
        await box.remove_children()
        lists = [TileList(tile) for tile in tiles]
        await box.mount_all(lists)
        self.query_one("#week-status", Static).update("This week")
        for tile_list in lists:
            if where is not None and tile_list.tile.area == where[0]:
                tile_list.focus()
                tile_list.highlighted = where[1]
        self.tiles = tiles
        self.is_ready = True

    @on(OptionList.OptionSelected, ".tile")
    async def open_line(self, event: OptionList.OptionSelected) -> None:
        tile_list = event.option_list
        if not isinstance(tile_list, TileList):
            return
        line = tile_list.tile.lines[event.option_index]
        await self.jump(tile_list.tile, line)

    async def jump(self, tile: Tile, line: TileLine) -> None:
        """Where a tile's line leads: an app action, a record, or the area at a view."""
        if line.action is not None:
            await self.app.run_action(f"app.{line.action}")
        elif line.entity is not None and line.record_id is not None:
            self.app.post_message(OpenRecord(line.entity, line.record_id))
        else:
            self.app.post_message(OpenArea(tile.area, line.view))

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
