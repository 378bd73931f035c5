"""Garbage collection out of the way of what the person typed (issue 10, item 2).

Profiled, a full (generation 2) collection landed on about half of all key presses
and took 90-300 ms each: it walks every object the app holds (Textual, SQLAlchemy,
every module imported, the screen on show), nearly all of it alive and staying.

So, once the person has signed in and whenever they stop typing (no key for
`QUIET_S` and no worker busy, checked every `EVERY_S`), one full collection runs
over everything, and what survives it is frozen (`gc.freeze`): the collections
CPython starts on its own while keys arrive then walk only what was made since that
quiet moment. Before each quiet collection the heap is unfrozen, so a screen closed
since is collected then: nothing frozen stays frozen for longer than until the next
pause. CPython's own thresholds are kept, so memory stays bounded even when nobody
pauses (bench/gym_screens.py presses keys back to back: there the collections still
land on presses, on a smaller heap). Leaving the app unfreezes (tests run many apps
in one process)."""

from __future__ import annotations

import gc
import time
from typing import Any

QUIET_S = 1.0
EVERY_S = 2.0


class IdleCollector:
    def __init__(self) -> None:
        self.last_key = 0.0
        self.app: Any = None
        self.timer: Any = None
        self.collections = 0  # the quiet ones run here (tests read it)

    @property
    def started(self) -> bool:
        return self.app is not None

    def start(self, app: Any) -> None:
        """After sign-in, once the login screen is gone. Once per app."""
        if self.started:
            return
        self.app = app
        self.collect()
        self.timer = app.set_interval(EVERY_S, self.tick, name="idle gc")

    def key_pressed(self) -> None:
        self.last_key = time.monotonic()

    def busy(self) -> bool:
        return self.app is not None and any(not w.is_finished for w in self.app.workers)

    def tick(self) -> None:
        quiet = time.monotonic() - self.last_key >= QUIET_S and not self.busy()
        # Something new since the last quiet collection: younger generations counted
        # allocations, or a younger collection moved survivors on.
        if quiet and any(gc.get_count()[1:]):
            self.collect()

    def collect(self) -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.collections += 1

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        if self.app is not None:
            gc.unfreeze()
        self.app = self.timer = None
