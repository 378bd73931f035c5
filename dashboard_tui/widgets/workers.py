"""Service calls off the UI thread, results back on it (DESIGN.md §1).

`run_call(call, then, failed=…)` runs `call` in a thread worker; when it ends,
`then(result)` or `failed(error)` runs on the UI thread (default for a failure: a
notification). Typed callbacks, not methods found by name: a rename fails loudly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast, runtime_checkable

from textual.message import Message
from textual.worker import Worker, WorkerState, active_worker

from dashboard_tui.kit.errors import ServiceError

T = TypeVar("T")
CALL_WORKER = "call"


def message_for(error: BaseException) -> str:
    """A sentence a person can act on. Service errors already are one; anything
    else is a bug or an outage, named without a traceback."""
    if isinstance(error, ServiceError):
        return str(error)
    # Imported here: by the time a service call fails, SQLAlchemy is loaded anyway,
    # and app start-up must not pay for it.
    from dashboard_tui.db.uow import DatabaseUnavailable, SessionEnded

    if isinstance(error, SessionEnded):
        return str(error)
    if isinstance(error, DatabaseUnavailable):
        return f"The database is not available: {error}"
    # Not str(error): a database error's text can quote SQL parameters (a hash, an
    # email). The full error goes to the Textual log (report_failure).
    return f"Something went wrong ({type(error).__name__}). Please try again."


class SessionLost(Message):
    """A service call found its login gone (db.uow.SessionEnded): the app signs out,
    whatever screen or form asked (nothing of that call was kept)."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


def _is_session_ended(error: BaseException) -> bool:
    # By name, not isinstance: a failed call has loaded db.uow, a start-up has not.
    return type(error).__name__ == "SessionEnded" and type(error).__module__.endswith(".uow")


def leaving_no_trace(call: Callable[[], T]) -> Callable[[], T]:
    """`call` for a thread worker, leaving the pool thread as it found it. Textual sets
    its `active_worker` in the pool thread's own context (run_in_executor copies none)
    and never resets it, so each pool thread kept its last worker, that worker's
    function, and through it the screen that started it, closed or not (found by
    tests/ui/test_memory.py)."""

    def run() -> T:
        try:
            return call()
        finally:
            active_worker.set(cast(Worker[Any], None))

    return run


@runtime_checkable
class HoldsKeys(Protocol):
    """An app that can hold the keys typed after a save until it has ended
    (ui/keys.py OrderedKeys)."""

    def hold_keys(self) -> Callable[[], None]: ...


class ServiceCalls:
    """A mixin for screens and the app. Workers use exit_on_error=False, so a
    failure is never a crash."""

    def run_call(
        self,
        call: Callable[[], T],
        then: Callable[[T], object] | None = None,
        *,
        failed: Callable[[BaseException], object] | None = None,
        group: str = "write",
        exclusive: bool = False,
        hold_keys: bool = False,
    ) -> None:
        """`call` in a thread worker, one per group at a time. By default a second call
        while one runs is ignored, so a write is never sent twice; `exclusive` instead
        starts the new one and drops the older one's result (a newer filter wins).
        `hold_keys`: the keys typed after this one wait until `then` or `failed` has
        run (a form's save: the `n` typed after its enter is meant for the list the
        form closes onto, not for the form still on screen)."""
        if not exclusive and self.is_busy(group):
            return
        node = cast(Any, self)
        release = node.app.hold_keys() if hold_keys and isinstance(node.app, HoldsKeys) else None
        worker = node.run_worker(
            leaving_no_trace(call),
            name=CALL_WORKER,
            group=group,
            thread=True,
            exclusive=exclusive,
            exit_on_error=False,
        )
        node.__dict__.setdefault("_call_handlers", {})[worker] = (then, failed, release)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker, state = event.worker, event.state
        if worker.name != CALL_WORKER:
            return
        if state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        handlers = cast(Any, self).__dict__.get("_call_handlers", {})
        then, failed, release = handlers.pop(worker, (None, None, None))
        try:
            if state is WorkerState.SUCCESS and then is not None:
                then(worker.result)
            elif state is WorkerState.ERROR and worker.error is not None:
                if _is_session_ended(worker.error):
                    cast(Any, self).app.post_message(SessionLost(message_for(worker.error)))
                    return
                (failed or self.report_failure)(worker.error)
        finally:
            if release is not None:
                release()

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
