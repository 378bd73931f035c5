"""What every screen after start-up shares: the shell, the app context, the login,
service calls in workers, and the form and confirm shapes every area uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from textual._styles_cache import StylesCache
from textual.screen import Screen

from dashboard_tui.widgets.workers import ServiceCalls

T = TypeVar("T")
R = TypeVar("R")
V = TypeVar("V")

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext
    from dashboard_tui.kit.forms import FormSpec
    from dashboard_tui.ui.shell import Shell
    from dashboard_tui.widgets.form_modal import FormModal


class DashboardScreen(ServiceCalls, Screen):
    def _on_unmount(self) -> None:
        # Textual's StylesCache.get_inner_outer is an lru_cache(1024) of a method: its
        # keys hold the widgets' style caches, and with them their rendered lines, long
        # after the widgets are gone. Filled by closed screens it held ~19 MiB (6 rounds
        # of the gym screens, bench/gym_screens.py memory_rounds); emptied when a screen
        # closes, it refills with two colours per widget on screen.
        StylesCache.get_inner_outer.cache_clear()

    @property
    def shell(self) -> Shell:
        return cast("Shell", self.app)

    @property
    def ctx(self) -> AppContext:
        return self.shell.require_ctx()

    @property
    def login(self) -> Login:
        login = self.shell.login
        if login is None:  # screens behind the login are only shown with one
            raise RuntimeError("no login")
        return login

    # -- the shapes every area's screens share ---------------------------------------
    def open_form(
        self,
        title: str,
        spec: FormSpec[R, V],
        record: R | None,
        save: Callable[[V], T],
        then: Callable[[T], object],
        *,
        note: str = "",
        modal: Callable[..., FormModal[R, V, tuple[T]]] | None = None,
    ) -> None:
        """The spec's new form (record None) or edit form; `then(result)` once it
        saved (not when cancelled), also when the save returns None. `modal`: a
        FormModal subclass (or a partial of one) for a form that reacts as it is filled."""
        from dashboard_tui.widgets.form_modal import FormModal

        def saved(values: V) -> tuple[T]:
            return (save(values),)  # never None: None is what a cancelled form gives

        def closed(result: tuple[T] | None) -> None:
            if result is not None:
                then(result[0])

        form = (modal or FormModal)(title, spec, record, saved, note=note)
        self.app.push_screen(form, closed)

    def ask_then_run(
        self,
        prompt: str,
        call: Callable[[], T],
        then: Callable[[T], object],
        *,
        failed: Callable[[BaseException], object] | None = None,
    ) -> None:
        """Yes/no first; on yes the call runs in a worker, then `then(result)` (or
        `failed(error)`: by default the failure is reported as usual)."""
        from dashboard_tui.widgets.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_call(call, then, failed=failed)

        self.app.push_screen(ConfirmModal(prompt), answered)
