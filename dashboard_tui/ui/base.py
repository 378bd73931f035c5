"""What every screen after start-up shares: the app context, the login, and one
way to get a service call's result (or failure) back onto the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from dashboard_tui.kit.errors import ServiceError

T = TypeVar("T")

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.app import DashboardApp
    from dashboard_tui.context import AppContext


def message_for(error: BaseException) -> str:
    """A sentence a person can act on. Service errors already are one; anything
    else is a bug or an outage, named without a traceback."""
    if isinstance(error, ServiceError):
        return str(error)
    # Imported here: by the time a service call fails, SQLAlchemy is loaded anyway,
    # and app start-up must not pay for it.
    from dashboard_tui.db.uow import DatabaseUnavailable

    if isinstance(error, DatabaseUnavailable):
        return f"The database is not available: {error}"
    # Not str(error): a database error's text can quote SQL parameters (a hash, an
    # email). The full error goes to the Textual log (report_failure).
    return f"Something went wrong ({type(error).__name__}). Please try again."


class WorkerResults:
    """Thread workers return their result; Textual then posts Worker.StateChanged to
    the node that started them, on the UI thread. This routes it by worker name:
    `<name>_done(result)` on success, `<name>_failed(error)` on error (default: a
    notification). Workers use exit_on_error=False, so a failure is never a crash."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name == "call":
            self._call_finished(worker, event.state)
        elif event.state is WorkerState.SUCCESS:
            done = getattr(self, f"{worker.name}_done", None)
            if done is not None:
                done(worker.result)
        elif event.state is WorkerState.ERROR and worker.error is not None:
            failed = getattr(self, f"{worker.name}_failed", self.report_failure)
            failed(worker.error)

    def run_call(
        self,
        call: Callable[[], T],
        then: Callable[[T], object] | None = None,
        *,
        group: str = "write",
    ) -> None:
        """A service call in a thread worker (one per group at a time: a second key
        press while it runs is ignored, so a write is never sent twice); `then(result)`
        runs on the UI thread, a failure is a notification."""
        if self.is_busy(group):
            return
        node = cast(Any, self)
        worker = node.run_worker(call, name="call", group=group, thread=True, exit_on_error=False)
        node.__dict__.setdefault("_then", {})[worker] = then

    def _call_finished(self, worker: Worker, state: WorkerState) -> None:
        if state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        then = cast(Any, self).__dict__.get("_then", {}).pop(worker, None)
        if state is WorkerState.SUCCESS and then is not None:
            then(worker.result)
        elif state is WorkerState.ERROR and worker.error is not None:
            self.report_failure(worker.error)

    def is_busy(self, group: str) -> bool:
        """A worker of this group, started here, is still running: a second submit
        would repeat a write (thread workers cannot really be cancelled)."""
        return any(
            w.node is self and w.group == group and not w.is_finished
            for w in cast(Any, self).app.workers
        )

    def report_failure(self, error: BaseException) -> None:
        node = cast(Any, self)
        node.log.error(f"worker failed: {error!r}")
        node.notify(message_for(error), severity="error", markup=False, timeout=8)


class DashboardScreen(WorkerResults, Screen):
    @property
    def dashboard(self) -> DashboardApp:
        return cast("DashboardApp", self.app)

    @property
    def ctx(self) -> AppContext:
        return self.dashboard.require_ctx()

    @property
    def login(self) -> Login:
        login = self.dashboard.login
        if login is None:  # screens behind the login are only shown with one
            raise RuntimeError("no login")
        return login

    # -- the shapes every area's screens share ---------------------------------------
    def open_form(
        self,
        title: str,
        fields: Any,
        save: Callable[[dict[str, str]], T],
        then: Callable[[T], object],
        *,
        note: str = "",
    ) -> None:
        """A FormModal; `then(result)` once it saved (not when cancelled)."""
        from dashboard_tui.widgets.form_modal import FormModal

        def closed(result: T | None) -> None:
            if result is not None:
                then(result)

        self.app.push_screen(FormModal(title, fields, save, note=note), closed)

    def ask_then_run(self, prompt: str, call: Callable[[], T], then: Callable[[T], object]) -> None:
        """Yes/no first; on yes the call runs in a worker, then `then(result)`."""
        from dashboard_tui.widgets.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_call(call, then)

        self.app.push_screen(ConfirmModal(prompt), answered)
