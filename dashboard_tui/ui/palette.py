"""Command palette entries (ctrl+p), after posting's Provider: one per action, each
also on a key shown in the footer.

Three providers: `DashboardCommands` (navigation and the app's own actions),
`ScreenCommands` (every action of the current screen, from its bindings and those of
the focused widget, like posting's), and `RecordSearch` (the person's records: each
area registers a search with `@record_search`; it runs in a thread and returns
`RecordHit`s). Everything that can hold user text is shown literally."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from dashboard_tui.ui.help import declared_here
from dashboard_tui.widgets.text import clean, shorten

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from dashboard_tui.account.auth import Login
    from dashboard_tui.app import DashboardApp
    from dashboard_tui.context import AppContext

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
        found = []
        if app.login is not None:
            found += [
                Command("Home", app.action_go_home, "The greeting and the areas (1..6)"),
                Command("Gym", app.action_open_gym, "Workouts, templates, cardio, records (1)"),
                Command(
                    "Gym: exercises",
                    lambda: app.action_open_gym("exercises"),
                    "The exercise catalog: shipped and your own",
                ),
                Command(
                    "Gym: personal records",
                    lambda: app.action_open_gym("records"),
                    "Heaviest set, best e1RM and volume per exercise",
                ),
                Command("Gym: cardio", lambda: app.action_open_gym("cardio"), "Cardio sessions"),
                Command(
                    "Gym: templates", lambda: app.action_open_gym("templates"), "Workout templates"
                ),
                Command(
                    "Audit history",
                    app.action_open_audit,
                    "Every change and login, with before and after (5)",
                ),
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
        for key, bindings in node._bindings.key_to_bindings.items():
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
        found = []
        for item in screen_actions(screen):

            async def run(node: DOMNode = item.node, action: str = item.action) -> None:
                await self.app.run_action(action, node)

            help_text = Content(f"{where}: {item.key}").stylize("dim")
            found.append((Content(item.name), run, help_text))
        return found

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
class RecordHit(NamedTuple):
    """One record found by an area's search: shown literally; `open` runs on the UI
    thread with the app (e.g. `lambda app: app.open_audit(entry)`)."""

    title: str
    detail: str
    open: Callable[[DashboardApp], object]


# (ctx, login, text, timezone name) -> hits; runs in a worker thread, so it may block.
RecordSearchFn = Callable[["AppContext", "Login", str, str], list[RecordHit]]
RECORD_SEARCHES: list[RecordSearchFn] = []


def record_search(search: RecordSearchFn) -> RecordSearchFn:
    """Register an area's search for the command palette (a decorator)."""
    if search not in RECORD_SEARCHES:
        RECORD_SEARCHES.append(search)
    return search


def hit_text(text: str) -> str:
    text = clean(text)
    return shorten(text, MAX_HIT_TEXT)


class RecordSearch(Provider):
    """The person's own records, found by every registered area search."""

    @property
    def dashboard(self) -> DashboardApp:
        return cast("DashboardApp", self.app)

    async def search(self, query: str) -> Hits:
        app = self.dashboard
        query = query.strip()
        if app.login is None or app.ctx is None or len(query) < MIN_SEARCH:
            return
        ctx, login = app.ctx, app.login
        zone = app.profile.timezone if app.profile else "UTC"
        for search in list(RECORD_SEARCHES):
            try:
                hits = await asyncio.to_thread(search, ctx, login, query, zone)
            except Exception as exc:  # noqa: BLE001 - a failed search is no crash
                app.log.error(f"record search failed: {exc!r}")
                continue
            for rank, hit in enumerate(hits):
                title = hit_text(hit.title)
                help_text = Content(hit_text(hit.detail)).stylize("dim")

                def run(open_it: Callable[[DashboardApp], object] = hit.open) -> None:
                    open_it(app)

                score = 0.5 - rank * 0.01  # after close command matches, in search order
                yield Hit(score, Content(title), run, title, help_text)  # type: ignore[arg-type]
