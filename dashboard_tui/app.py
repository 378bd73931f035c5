"""DashboardApp: start-up, who is logged in, which screen is shown, global keys.

Start-up speed: the login form is the first screen, up before the database stack
(SQLAlchemy, psycopg, keyring, argon2) is even imported. A worker then opens the
database through `dashboard_tui.context` and decides: no account yet → registration,
a remembered login → home, otherwise the form stays (a login typed meanwhile waits
for the database and then goes ahead).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from dashboard_tui.account.signin import SignedIn, complete_sign_in
from dashboard_tui.account.ui.login import LoginScreen
from dashboard_tui.account.ui.register import RegisterScreen
from dashboard_tui.benchhook import bench_exit_if_requested
from dashboard_tui.config import ConfigError, RegistrationMode, Settings
from dashboard_tui.kit import registry
from dashboard_tui.kit.entity import Area, load
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.ui.error import StartupErrorScreen
from dashboard_tui.ui.help import HelpScreen, KeyHelp, keys_of
from dashboard_tui.ui.home import HomeScreen, home_areas
from dashboard_tui.ui.idle_gc import IdleCollector
from dashboard_tui.ui.keys import OrderedKeys
from dashboard_tui.ui.palette import DashboardCommands, RecordSearch, ScreenCommands
from dashboard_tui.ui.shell import OpenArea, OpenRecord
from dashboard_tui.widgets.confirm import ConfirmModal
from dashboard_tui.widgets.text import clean
from dashboard_tui.widgets.workers import ServiceCalls, SessionLost, message_for

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.account.profile import ProfileInfo
    from dashboard_tui.context import AppContext
    from dashboard_tui.ui.area import AreaUI

DEFAULT_THEME = "textual-dark"
GO_TO_SECONDS = 1.0  # g, then the area's key within this
# How often what is due fires (reminders): a minute's precision is what they promise.
ALERTS_SECONDS = 25.0
ContextFactory = Callable[[], "AppContext"]


@dataclass(frozen=True)
class Opened:
    """What the start-up worker found."""

    ctx: AppContext
    has_users: bool
    signed_in: SignedIn | None  # a stored token was still valid


def database_hint(url: str) -> str:
    """A secret-free name for the start-up screen, before SQLAlchemy is loaded
    (the context's own label replaces it once the database is open)."""
    try:
        if url.startswith("sqlite"):
            return f"SQLite {url.partition(':///')[2] or ':memory:'}"
        parts = urlsplit(url)
        user = f"{parts.username}@" if parts.username else ""
        port = f":{parts.port}" if parts.port else ""
        return f"PostgreSQL {user}{parts.hostname or 'localhost'}{port}{parts.path}"
    except ValueError:  # a malformed URL: the worker will say what is wrong with it
        return "the database"


def startup_problem(error: BaseException) -> str:
    """The message for the start-up error screen: the error's own words when it is
    one of ours (they are written for a person), else its type too."""
    from dashboard_tui.db.engine import DatabaseURLError
    from dashboard_tui.db.uow import DatabaseUnavailable

    if isinstance(error, DatabaseURLError | DatabaseUnavailable | ConfigError):
        return str(error)
    return f"{type(error).__name__}: {error}"


class DashboardApp(OrderedKeys, ServiceCalls, App[None]):
    """The shell (ui/shell.py's Shell): who is signed in, the areas, global keys."""

    CSS_PATH = "app.tcss"
    TITLE = "dashboard-tui"
    COMMANDS = {DashboardCommands, ScreenCommands, RecordSearch}
    # Screens get "-narrow" below 100 columns (app.tcss stacks side-by-side parts there).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("f1", "help", "Help", id="app.help"),
        # Hidden from the footer: inside a text field "?" is typed, f1 always works.
        Binding("question_mark", "help", "Help", show=False, id="app.help"),
        # q is a letter: not a priority binding, so a text field types it.
        Binding("q", "back_or_quit", "Back (quits from home)", show=False, id="app.back_or_quit"),
        # Textual's ctrl+c only says how to quit; here it quits, after asking (a
        # reflexive ctrl+c must not lose an open form). A text field copies with it.
        Binding("ctrl+c", "quit_asking", "Quit (asks first)", show=False, id="app.quit_asking"),
        Binding("ctrl+l", "logout", "Log out", id="app.logout"),
        # The areas, from any screen after login: g, then the area's key. Bare digits
        # only on the home screen (its list): elsewhere a digit typed where a field was
        # expected jumped away from the workout.
        Binding("g", "go_to", "Go to area (g, then its number)", show=False, id="app.go_to"),
        Binding("ctrl+t", "notifications", "Notifications", show=False, id="app.notifications"),
    ]

    def __init__(self, settings: Settings, context_factory: ContextFactory) -> None:
        super().__init__()
        self.settings = settings
        self.context_factory = context_factory
        self.ctx: AppContext | None = None
        self.login: Login | None = None
        self.profile: ProfileInfo | None = None
        self.database_label = database_hint(settings.resolved_database_url)
        self.go_to_until = 0.0  # after g: the next key until then names an area
        self.last_email = ""  # the login form offers it again after a logout
        self.keymap_problems: list[str] = []  # [keys] in config.toml, checked at start
        if settings.keys:
            self.set_keymap(dict(settings.keys))
        self.collector = IdleCollector()
        self.unread = 0  # notifications not read yet, shown in the header
        self.alerts_timer: Timer | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.collector.key_pressed()
        await super().on_event(event)

    # -- start-up -----------------------------------------------------------------
    def on_mount(self) -> None:
        self.update_header()
        self.push_screen(self.login_screen(opening=True))
        # After the first paint: the worker's imports hold the GIL for a while.
        self.call_after_refresh(self.first_screen_painted)

    def first_screen_painted(self) -> None:
        bench_exit_if_requested(self, "first-screen")
        self.open_database()

    def open_database(self) -> None:
        def call() -> Opened:
            if self.settings.keys:
                # Here, after the first paint: the check imports every screen (about
                # 1.3 s, much of it SQLAlchemy and the services, which the database
                # needs next anyway), and must not delay the login form.
                from dashboard_tui.ui.keymap import check_keymap

                where = str(self.settings.config_path or "the config file")
                problems = check_keymap(self.settings.keys, where)
                if problems:
                    raise ConfigError(problems)
            ctx = self.context_factory()
            try:
                has_users = ctx.auth.has_users()
                token = ctx.token_store.get() if has_users else None
                login = ctx.auth.resume(token) if token else None
                if token and login is None:
                    ctx.token_store.delete()  # expired or ended elsewhere: forget it
                signed_in = complete_sign_in(ctx, login) if login else None
            except BaseException:
                ctx.close()
                raise
            return Opened(ctx, has_users, signed_in)

        self.run_call(
            call,
            self.open_database_done,
            failed=self.open_database_failed,
            group="startup",
            exclusive=True,
        )

    def open_database_done(self, opened: Opened) -> None:
        self.ctx = opened.ctx
        self.database_label = opened.ctx.database_label
        self.update_header()
        if opened.ctx.notice:
            self.notify(opened.ctx.notice, severity="warning", timeout=12, markup=False)
        if opened.ctx.permission_warning:
            warning = opened.ctx.permission_warning
            text = clean(warning[:1].upper() + warning[1:])
            self.notify(text, severity="warning", timeout=20, markup=False)
        if not opened.has_users:
            self.show_registration(first_account=True)
        elif opened.signed_in:
            self.signed_in(opened.signed_in)
        elif isinstance(self.screen, LoginScreen):
            self.screen.database_opened()
        else:
            self.show_login()
        self.call_after_refresh(bench_exit_if_requested, self, "ready")
        self.refresh_statistics(opened.ctx)

    def refresh_statistics(self, ctx: AppContext) -> None:
        """SQLite's planner statistics, off the UI thread (db/statistics.py says why).
        Quiet on failure: the app works without them, only slower on a big history."""

        def call() -> None:
            from dashboard_tui.db.statistics import refresh_statistics

            try:
                analysed = refresh_statistics(ctx.db)
            except Exception as exc:  # logged; nothing the person can do
                self.log.warning(f"statistics not refreshed: {exc!r}")
            else:
                if analysed:
                    self.log.info(f"statistics refreshed: {', '.join(analysed)}")

        self.run_call(call, group="statistics")

    def open_database_failed(self, error: BaseException) -> None:
        where = self.settings.config_path or "the config file"
        if isinstance(error, ConfigError):  # the [keys] table (nothing else is left to check)
            self.keymap_problems = list(error.problems)
            self.show_only(
                StartupErrorScreen(
                    "The [keys] table could not be used.",
                    "\n".join(error.problems),
                    f"Fix the lines of [keys] in {where} (dashboard-tui keys lists every "
                    "action id), then start again. q quits.",
                )
            )
            return
        self.show_only(
            StartupErrorScreen(
                "The database could not be opened.",
                startup_problem(error),
                f"Check database_url in {where} or DASHBOARD_DATABASE_URL, then start again.",
            )
        )

    def on_unmount(self) -> None:
        self.collector.stop()
        if self.ctx is not None:
            self.ctx.close()

    # -- who is logged in -----------------------------------------------------------
    def signed_in(self, signed_in: SignedIn, message: str | None = None) -> None:
        self.login, self.profile = signed_in.login, signed_in.profile
        self.apply_theme(signed_in.profile.theme)
        self.update_header()
        self.show_only(HomeScreen())
        # Once the login screen is gone: what lives then lives as long as the app.
        self.call_after_refresh(self.collector.start, self)
        if message:
            self.notify(message, markup=False)
        if signed_in.warning:
            self.notify(signed_in.warning, severity="warning", markup=False)
        self.start_alerts()

    # -- what is due fires (reminders), and the unread count ------------------------------
    def start_alerts(self) -> None:
        """After login: what came due while the app was closed fires now, as missed;
        then every ALERTS_SECONDS what comes due, in a worker (never the UI thread)."""
        if self.alerts_timer is not None:
            self.alerts_timer.stop()
        self.alerts_timer = self.set_interval(ALERTS_SECONDS, self.check_alerts)
        self.check_alerts(missed=True)

    def stop_alerts(self) -> None:
        if self.alerts_timer is not None:
            self.alerts_timer.stop()
            self.alerts_timer = None
        self.unread = 0

    def check_alerts(self, *, missed: bool = False) -> None:
        login = self.login
        if login is None or self.ctx is None:
            return
        ctx = self.ctx

        def call() -> tuple[list[Any], int]:
            from dashboard_tui.kit.notifications import NotificationService

            fired = []
            for area in registry.areas():
                if area.alerts:
                    fired += ctx.services(load(area.alerts)).fire_due(login, missed=missed)
            return fired, ctx.services(NotificationService).unread(login)

        def failed(error: BaseException) -> None:  # the next round tries again
            self.log.warning(f"alerts not checked: {error!r}")

        self.run_call(call, self.alerts_checked, failed=failed, group="alerts")

    def alerts_checked(self, result: tuple[list[Any], int]) -> None:
        fired, unread = result
        if self.login is None:
            return
        missed = [f for f in fired if f.missed]
        if len(missed) > 1:
            self.notify(
                f"{len(missed)} missed reminders: ctrl+t lists them.",
                title="Missed",
                severity="warning",
                timeout=15,
                markup=False,
            )
        for f in [f for f in fired if not f.missed or len(missed) == 1]:
            what = "Missed: " if f.missed else ""
            self.notify(clean(f"{what}{f.title}"), title="Reminder", timeout=30, markup=False)
        self.unread_changed(unread)

    def unread_changed(self, count: int) -> None:
        if count != self.unread:
            self.unread = count
            self.update_header()

    def action_notifications(self) -> None:
        from dashboard_tui.ui.notifications import NotificationsScreen

        if self.login is not None and not isinstance(self.screen, NotificationsScreen):
            self.push_screen(NotificationsScreen())

    @property
    def weight_unit(self) -> str:
        """The profile's kg or lb, for showing and reading weights."""
        return self.profile.weight_unit if self.profile else "kg"

    def profile_changed(self, profile: ProfileInfo) -> None:
        self.profile = profile
        self.apply_theme(profile.theme)
        self.notify("Settings saved.")

    def apply_theme(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name

    def update_header(self) -> None:
        # Header renders the sub-title as plain Content; clean() also drops controls.
        who = clean(self.login.user.name) if self.login else ""
        bypass = self.ctx.security_warning if self.ctx else None
        rls = f"RLS bypassed ({bypass})" if bypass else ""
        unread = f"✉ {self.unread}" if self.unread and self.login else ""
        parts = (unread, who, self.database_label, rls)
        self.sub_title = " · ".join(part for part in parts if part)

    def action_logout(self) -> None:
        """Asks first: ctrl+l is also the key many press to redraw the terminal."""
        if self.login is None or self.is_busy("logout") or isinstance(self.screen, ConfirmModal):
            return

        def answered(yes: bool | None) -> None:
            if yes and self.login is not None and not self.is_busy("logout"):
                self.log_out(self.login)

        self.push_screen(ConfirmModal("Log out?", default=True), answered)

    def log_out(self, login: Login) -> None:
        def call() -> str | None:
            """Ends the session row, then forgets the token even if that failed: on
            this machine the person asked to be logged out."""
            problem = None
            try:
                self.require_ctx().auth.logout(login)
            except Exception as exc:  # reported, and the local logout goes on
                problem = message_for(exc)
            self.require_ctx().token_store.delete()
            return problem

        self.run_call(call, self.log_out_done, group="logout", exclusive=True)

    @on(SessionLost)
    def session_lost(self, message: SessionLost) -> None:
        """The login ended elsewhere, expired or was disabled: back to the login
        screen, the stored token forgotten (it is worthless now)."""
        if self.login is None:
            return  # a second call failing the same way: already handled
        self.run_call(self.require_ctx().token_store.delete, group="logout", exclusive=True)
        self.log_out_done(None, reason=message.reason)

    def log_out_done(self, problem: str | None, *, reason: str = "You are logged out.") -> None:
        if self.login is not None:
            self.last_email = self.login.user.email
        self.login = self.profile = None
        self.stop_alerts()
        self.theme = DEFAULT_THEME
        self.update_header()
        self.show_login(message=reason)
        if problem:
            self.notify(
                f"Logged out here, but the session was not ended on the server: {problem}",
                severity="warning",
                markup=False,
            )

    def require_ctx(self) -> AppContext:
        if self.ctx is None:
            raise RuntimeError("the database is not open yet")
        return self.ctx

    # -- navigation ---------------------------------------------------------------
    def show_only(self, screen: Screen[Any]) -> None:
        """Replace every screen (modals too) with `screen`: after login or logout,
        nothing of the previous state stays reachable with escape."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(screen)

    def login_screen(self, message: str | None = None, *, opening: bool = False) -> LoginScreen:
        can_register = self.settings.registration is not RegistrationMode.CLOSED
        opening_note = f"Opening {self.database_label}…" if opening else None
        return LoginScreen(
            can_register=can_register,
            message=message,
            opening=opening_note,
            email=self.last_email,
        )

    def show_login(self, message: str | None = None) -> None:
        self.show_only(self.login_screen(message))

    def show_registration(self, *, first_account: bool) -> None:
        self.show_only(RegisterScreen(first_account=first_account))

    def go_home(self) -> None:
        if self.login is not None and not isinstance(self.screen, HomeScreen):
            self.show_only(HomeScreen())

    def action_go_home(self) -> None:
        self.go_home()

    # -- the areas, through the registry ---------------------------------------------
    def area_ui(self, area: Area) -> AreaUI | None:
        return load(area.ui) if area.ui else None

    def open_area(self, name: str, view: str | None = None) -> None:
        area = registry.area(name)
        area_ui = self.area_ui(area) if area is not None else None
        if area_ui is not None and self.login is not None:
            area_ui.open(self, view)

    async def action_open_area(self, key: str) -> None:
        """The area on `key` (as listed on the home screen)."""
        if self.login is None:
            return
        area = next((a for a in registry.areas() if a.key == key), None)
        if area is not None:
            self.open_area(area.name)

    def action_go_to(self) -> None:
        """The first key of the g chord: the next key, within a second, picks the area."""
        self.go_to_until = time.monotonic() + GO_TO_SECONDS

    def key_taken(self, key: events.Key) -> bool:
        """The key after g: an area's key opens it; another character only ends the
        chord (with a hint); a control key (ctrl+q, escape…) ends it and does its job."""
        if not self.go_to_until:
            return False
        pending, self.go_to_until = self.go_to_until, 0.0
        if time.monotonic() > pending or not key.is_printable:
            return False
        keys = [a.key for a in home_areas()]
        if key.character in keys:
            self.call_later(self.action_open_area, key.character)
        else:
            shown = ", ".join(f"{a.key} {a.title}" for a in home_areas())
            self.notify(f"g then an area's number: {shown}.", markup=False)
        return True

    # -- leaving ------------------------------------------------------------------------
    async def action_back_or_quit(self) -> None:
        """q: what escape does on this screen (back, close, cancel); from the top
        (home, or the login form) it quits."""
        screen = self.screen
        if isinstance(screen, HomeScreen | LoginScreen | StartupErrorScreen):
            self.exit()
            return
        for binding in screen._bindings.key_to_bindings.get("escape", ()):
            await self.run_action(binding.action, screen)
            return
        if len(self.screen_stack) > 2:
            self.pop_screen()

    def action_quit_asking(self) -> None:
        if isinstance(self.screen, ConfirmModal):
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmModal("Quit dashboard-tui?", default=True), answered)

    @on(OpenArea)
    def area_asked_for(self, message: OpenArea) -> None:
        self.open_area(message.area, message.view)

    @on(OpenRecord)
    def record_asked_for(self, message: OpenRecord) -> None:
        """Any screen's "show me this record": the entity's area opens it."""
        if self.login is None:
            return
        entity = registry.entities().get(message.entity)
        area = registry.area(entity.area) if entity is not None else None
        area_ui = self.area_ui(area) if area is not None else None
        if area_ui is None:
            what = entity.label if entity is not None else message.entity
            self.notify(clean(f"Going to a {what} is not available yet."), markup=False)
            return
        area_ui.open_record(self, message.entity, message.record_id)

    def action_help(self) -> None:
        screen = self.screen
        if not isinstance(screen, HelpScreen):
            name = type(screen).__name__.removesuffix("Screen") or "App"
            keys = keys_of(screen)
            if self.check_action("go_to", ()):  # the chord's second keys, one line each
                keys += [KeyHelp(f"g {a.key}", a.title, True) for a in home_areas()]
            self.push_screen(HelpScreen(name, keys))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("logout", "notifications"):
            return self.login is not None  # False also hides it from the footer
        if action in ("open_area", "go_to"):
            # Logged in, on an area's screen: not on the login form, not in a modal.
            screen = self.screen
            return (
                self.login is not None
                and isinstance(screen, DashboardScreen)
                and not isinstance(screen, LoginScreen | RegisterScreen)
            )
        return True


class SettingsErrorApp(App[None]):
    """Only the start-up error screen: the settings could not be used."""

    CSS_PATH = "app.tcss"
    TITLE = "dashboard-tui"

    def __init__(self, error: ConfigError) -> None:
        super().__init__()
        self.error = error

    def on_mount(self) -> None:
        self.push_screen(
            StartupErrorScreen(
                "The settings could not be used.",
                "\n".join(self.error.problems),
                "Each line names the file, variable or flag and the key: fix them, then "
                "start again. q quits.",
            )
        )


def make_app(
    settings: Settings, *, context_factory: ContextFactory | None = None, **context_kwargs: Any
) -> DashboardApp:
    """The app on `settings`. Tests pass context_kwargs for open_context (passwords,
    clock, token_store, client) or a whole context_factory."""
    if context_factory is None:

        def context_factory() -> AppContext:
            from dashboard_tui.context import open_context  # heavy: see the module docstring

            return open_context(settings, **context_kwargs)

    return DashboardApp(settings, context_factory)
