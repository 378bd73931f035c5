"""Command palette entries (ctrl+p), after posting's Provider: one per action, each
also on a key shown in the footer.

Three providers: `DashboardCommands` (the areas and their views, from the area
registry, and the app's own actions), `ScreenCommands` (every action of the current
screen, from its bindings and those of the focused widget, like posting's), and
`RecordSearch` (the person's records: each area declares a search; it runs in a
thread). Everything that can hold user text is shown literally."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from dashboard_tui.kit import registry
from dashboard_tui.kit.entity import load
from dashboard_tui.ui.help import declared_here, live_bindings
from dashboard_tui.ui.shell import OpenRecord
from dashboard_tui.widgets.text import clean, shorten

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from dashboard_tui.app import DashboardApp

MIN_SEARCH = 2  # characters before the palette searches records
MAX_HIT_TEXT = 90  # characters of a record title or detail in the palette (one line)
# Moving a cursor one step is a key's job, not a command's: left out of the palette.
CURSOR_MOVES = frozenset(
    {"cursor_up", "cursor_down", "cursor_left", "cursor_right", "scroll_up", "scroll_down"}
)


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
        keys = partial(app_keys, app)
        found = []
        if app.login is not None:
            found.append(Command("Home", app.action_go_home, "The greeting and the areas"))
            for area in registry.areas():
                area_ui = app.area_ui(area)
                if area_ui is None:
                    continue
                key = f" ({keys('go_to')} {area.key})" if area.key else ""
                found.append(
                    Command(area.title, partial(app.open_area, area.name), area.summary + key)
                )
                found += [
                    Command(c.name, partial(app.open_area, area.name, c.view), c.help)
                    for c in area_ui.commands
                ]
            found.append(
                Command(
                    "Notifications",
                    app.action_notifications,
                    f"What the app told you, newest first; reminders that fired "
                    f"({keys('notifications')})",
                )
            )
            found.append(
                Command(
                    "Log out",
                    app.action_logout,
                    f"End this session and forget the stored login ({keys('logout')})",
                )
            )
        found += [
            Command("Help", app.action_help, f"Every key of the current screen ({keys('help')})"),
            Command(
                "Quit",
                app.action_quit,
                f"Leave dashboard-tui ({keys('quit')}; {keys('back_or_quit')} from home)",
            ),
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


def app_keys(app: DashboardApp, action: str) -> str:
    """The app's keys for `action` as they are now ([keys] in config.toml applied),
    as the footer writes them: "f1 or ?"."""
    shown = [
        binding.key_display or app.get_key_display(binding)
        for bindings in live_bindings(app).key_to_bindings.values()
        for binding in bindings
        if binding.action == action
    ]
    return " or ".join(dict.fromkeys(shown)) or "no key"


# -- the current screen's actions --------------------------------------------------------
class ScreenAction(NamedTuple):
    name: str
    key: str
    node: DOMNode
    action: str


def screen_actions(screen: Any) -> list[ScreenAction]:
    """The enabled actions of `screen`, then of its focused widget's chain (not the
    app's: DashboardCommands has those), one per action, with their keys."""
    app = screen.app
    focused = screen.focused
    chain: list[DOMNode] = list(focused.ancestors_with_self) if focused is not None else []
    nodes = [screen] + [n for n in chain if n is not app and n is not screen]
    found: dict[tuple[int, str], ScreenAction] = {}
    for node in nodes:
        for key, bindings in live_bindings(node).key_to_bindings.items():
            for binding in bindings:
                wanted = binding.description and (binding.show or declared_here(node, binding))
                if (
                    not wanted
                    or binding.action in CURSOR_MOVES
                    or binding.action.startswith("app.")
                ):
                    continue
                if not app._check_action_state(binding.action, node):
                    continue  # disabled here and now
                slot = (id(node), binding.action)
                display = binding.key_display or app.get_key_display(Binding(key, binding.action))
                if slot in found:
                    old = found[slot]
                    found[slot] = old._replace(key=f"{old.key} / {display}")
                else:
                    found[slot] = ScreenAction(binding.description, display, node, binding.action)
    return list(found.values())


class ScreenCommands(Provider):
    """Every action of the current screen, named as in its footer and help."""

    def commands(self) -> list[tuple[Content, Callable[[], Any], Content]]:
        screen = self.screen
        where = type(screen).__name__.removesuffix("Screen")
        found: list[tuple[Content, Callable[[], Any], Content]] = []
        for item in screen_actions(screen):

            async def run(node: DOMNode = item.node, action: str = item.action) -> None:
                await self.app.run_action(action, node)

            help_text = Content(f"{where}: {item.key}").stylize("dim")
            found.append((Content(item.name), run, help_text))
        return found

    # Hit.help is annotated `str | None`, but Textual renders it with
    # Content.from_markup, which takes Content as is: the ignores below are for that.
    async def discover(self) -> Hits:
        for name, run, help_text in self.commands():
            yield DiscoveryHit(name, run, text=name.plain, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text in self.commands():
            score = matcher.match(name.plain)
            if score > 0:
                yield Hit(score, literal_highlight(matcher, name.plain), run, name.plain, help_text)  # type: ignore[arg-type]


def literal_highlight(matcher: Any, candidate: str) -> Content:
    """Matcher.highlight, without reading `candidate` as markup."""
    text = clean(candidate)
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


# -- searching the person's records -------------------------------------------------------
def hit_text(text: str) -> str:
    text = clean(text)
    return shorten(text, MAX_HIT_TEXT)


class RecordSearch(Provider):
    """The person's own records, found by every area's declared search (kit/entity.py);
    choosing one posts OpenRecord, which its area opens."""

    @property
    def dashboard(self) -> DashboardApp:
        return cast("DashboardApp", self.app)

    async def search(self, query: str) -> Hits:
        app = self.dashboard
        query = query.strip()
        if app.login is None or app.ctx is None or len(query) < MIN_SEARCH:
            return
        ctx, login = app.ctx, app.login
        for area in registry.areas():
            if area.search is None or area.services is None:
                continue
            try:
                search, services = load(area.search), ctx.services(load(area.services))
                found = await asyncio.to_thread(search, services, login, query)
            except Exception as exc:  # a failed search is no crash
                app.log.error(f"record search failed: {exc!r}")
                continue
            for rank, hit in enumerate(found):
                title = hit_text(hit.title)
                help_text = Content(hit_text(hit.detail)).stylize("dim")
                message = OpenRecord(hit.entity, hit.id)
                score = 0.5 - rank * 0.01  # after close command matches, in search order
                command = partial(app.post_message, message)
                yield Hit(score, Content(title), command, title, help_text)  # type: ignore[arg-type]
