"""Garbage collection out of the way of what the person typed (issue 10, item 2).

Profiled, a full (generation 2) collection landed on about half of all key presses
and took 90-300 ms each: CPython starts one whenever enough objects have survived
younger collections, and by then the heap holds the whole app (Textual, SQLAlchemy,
every module imported). So, once the person has signed in:

- what exists then (modules, the app, the home screen) is frozen (`gc.freeze`): it
  lives as long as the app, and full collections no longer walk it;
- full collections no longer start on their own mid-key-press (generation 2's
  threshold raised far out of reach of a session's typing), and
- one runs when the person has not pressed a key for `QUIET_S` and no worker is
  busy (a screen still loading is not quiet), checked every `EVERY_S`, if anything
  has reached the old generation since the last.

Younger collections (generations 0 and 1) stay as CPython runs them: they are short.
What is frozen is never collected: freezing once, after the login screen is gone,
keeps that to what lives as long as the app anyway. Leaving the app undoes it all
(tests run many apps in one process)."""

from __future__ import annotations

import gc
import time
from typing import Any

QUIET_S = 1.0
EVERY_S = 2.0
# CPython's own first two; the third counts generation-1 collections between full
# ones (CPython's default is 10).
THRESHOLDS = (700, 10, 1_000_000)


class IdleCollector:
    def __init__(self) -> None:
        self.last_key = 0.0
        self.saved: tuple[int, int, int] | None = None
        self.timer: Any = None
        self.app: Any = None
        self.collections = 0  # the ones run here (tests read it)

    @property
    def started(self) -> bool:
        return self.saved is not None

    def start(self, app: Any) -> None:
        """After sign-in, once the login screen is gone. Once per app."""
        if self.started:
            return
        gc.collect()
        gc.freeze()
        self.app = app
        self.saved = gc.get_threshold()
        gc.set_threshold(*THRESHOLDS)
        self.timer = app.set_interval(EVERY_S, self.tick, name="idle gc")

    def key_pressed(self) -> None:
        self.last_key = time.monotonic()

    def busy(self) -> bool:
        return self.app is not None and any(not w.is_finished for w in self.app.workers)

    def tick(self) -> None:
        quiet = time.monotonic() - self.last_key >= QUIET_S and not self.busy()
        # get_count()[2]: generation-1 collections since the last full one, i.e.
        # whether anything new reached the old generation.
        if quiet and gc.get_count()[2] > 0:
            gc.collect()
            self.collections += 1

    def stop(self) -> None:
        if self.saved is None:
            return
        if self.timer is not None:
            self.timer.stop()
        gc.set_threshold(*self.saved)
        gc.unfreeze()
        self.saved = self.app = None
