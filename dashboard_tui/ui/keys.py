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
moves made on mount or after a refresh have happened. A form's save holds the keys
after it (`hold_keys`) until it has ended: `n`, "Main", enter, `n`, "Savings", enter
makes two accounts, where the second `n` used to reach the form still saving and
"Savings" the list below it as commands.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen

# A bound, not a pause: a key whose handling never ends (a pump closing under it)
# must not hold every later key.
STEP_TIMEOUT = 2.0
# A save may take long (an import); past this bound, a save that never reported back
# (its screen closed under it) must not hold the keyboard.
HOLD_TIMEOUT = 30.0


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
    """Until `screen` is mounted, has handled what was posted to it (ScreenResume,
    which focuses its first field: a key let go before it reached no field) and has
    run what it queued for after its refresh."""
    try:
        await asyncio.wait_for(screen._mounted_event.wait(), STEP_TIMEOUT)
    except TimeoutError:
        return
    if not await processed(screen):
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
    _key_holds = 0
    _holds_lifted: asyncio.Event | None = None

    def hold_keys(self) -> Callable[[], None]:
        """Keys typed from now on wait until the returned release is called (once;
        more calls do nothing)."""
        self._key_holds += 1
        released = False

        def release() -> None:
            nonlocal released
            if released:
                return
            released = True
            self._key_holds = max(0, self._key_holds - 1)  # 0 already if timed out
            if not self._key_holds and self._holds_lifted is not None:
                self._holds_lifted.set()

        return release

    async def _until_holds_lifted(self) -> None:
        if not self._key_holds:
            return
        self._holds_lifted = lifted = asyncio.Event()
        try:
            await asyncio.wait_for(lifted.wait(), HOLD_TIMEOUT)
        except TimeoutError:
            self._key_holds = 0
        finally:
            self._holds_lifted = None

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
                # Stopped below the screen; the app may still have it on its way
                # (seen: an `n` bound on the screen let the next key go before its
                # form was pushed), and waiting on an idle app costs nothing.
                await processed(self)
                break
            else:
                node = node._parent
        await screen_idle(self.screen)
        if self._key_holds:
            await self._until_holds_lifted()
            await screen_idle(self.screen)
