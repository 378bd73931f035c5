"""Keys in the order they were typed, each to where the one before it left focus.

Textual routes a key when the app reads it from its queue: to the widget focused at
that moment. A burst (a paste, a script, a fast typist: `n`, tab, tab, `abc` arrive
in one read) is routed all at once, before the first key's action has run: the `n`
that opens a form has not pushed it yet, so tab and `abc` go to the list below (or
to the form before its fields are mounted), and in the workout's log bar the `5`
after a tab still goes to the weight field. Pilot's `press` hides this, as it waits
for the app to be idle after every key.

`OrderedKeys` holds the keys that arrive while one is being handled, and lets the
next one go only when the one before has been handled to its end (stopped by a
widget, or bound at the app) and the screen it left is mounted and idle, so focus
moves made on mount or after a refresh have happened.
"""

from __future__ import annotations

import asyncio
from collections import deque

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen

# A bound, not a pause: a key whose handling never ends (a pump closing under it)
# must not hold every later key.
STEP_TIMEOUT = 2.0


async def processed(pump: MessagePump) -> bool:
    """True once `pump` has handled everything posted to it so far; False when it
    is closed (nothing more will reach it) or did not get there in time."""
    done = asyncio.Event()
    if not pump.call_later(done.set):
        return False
    try:
        await asyncio.wait_for(done.wait(), STEP_TIMEOUT)
    except TimeoutError:
        return False
    return True


async def screen_idle(screen: Screen) -> None:
    """Until `screen` is mounted and has run what it queued for after its refresh."""
    try:
        await asyncio.wait_for(screen._mounted_event.wait(), STEP_TIMEOUT)
    except TimeoutError:
        return
    done = asyncio.Event()
    if screen.call_after_refresh(done.set):
        try:
            await asyncio.wait_for(done.wait(), STEP_TIMEOUT)
        except TimeoutError:
            return


class OrderedKeys(App):
    """A mixin for the app (before App in the bases)."""

    _held_keys: deque[events.Key] | None = None
    _key_pump: asyncio.Task[None] | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and self._running:
            if self._held_keys is None:
                self._held_keys = deque()
            self._held_keys.append(event)
            if self._key_pump is None or self._key_pump.done():
                self._key_pump = asyncio.create_task(self._pump_keys(), name="ordered keys")
            return
        await super().on_event(event)

    def key_taken(self, key: events.Key) -> bool:
        """A hook for the app: True when it used `key` itself (a chord's second key)."""
        return False

    async def _pump_keys(self) -> None:
        held = self._held_keys
        while held:
            await self._deliver(held.popleft())

    async def _deliver(self, key: events.Key) -> None:
        """As Textual does (priority bindings, then the focused widget and up), then
        wait for every step of that route to be taken."""
        if not self.is_running or self.key_taken(key):
            return
        with self._context():
            node: MessagePump | None = self.focused or self.screen
            await super().on_event(key)
        while node is not None and key.is_forwarded:
            if not await processed(node):
                break
            if node is self:  # the app's own (non-priority) bindings have run
                break
            if isinstance(node, Screen):
                node = self  # a screen passes every key it did not stop on to the app
            elif key._stop_propagation:
                break
            else:
                node = node._parent
        await screen_idle(self.screen)
