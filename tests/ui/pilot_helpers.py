"""Waiting for workers and reading the terminal in Pilot tests."""

from __future__ import annotations

import asyncio
import functools
import io
import time
import unicodedata
from collections.abc import Awaitable, Callable

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input

PASSWORD = "correct horse battery"
ADA, ADA_EMAIL = "Ada Lovelace", "ada@example.com"
SIZE = (120, 40)
# A bound, not a wait: generous, as the suite runs in parallel on a loaded machine.
TIMEOUT = 30.0


def pilot_test(test: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async test on a fresh event loop (no async pytest plugin needed;
    fixtures still arrive by name through functools.wraps)."""

    @functools.wraps(test)
    def run(*args: object, **kwargs: object) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def settle(
    pilot: Pilot, until: Callable[[], bool] = lambda: True, timeout: float = TIMEOUT
) -> None:
    """Let thread workers finish and their results reach the screen, until `until()`."""
    deadline = time.monotonic() + timeout

    def check_time() -> None:
        if time.monotonic() > deadline:
            busy = [w.name for w in pilot.app.workers if not w.is_finished]
            raise AssertionError(f"timed out; screen is {pilot.app.screen!r}, workers {busy}")

    while True:
        # Polled rather than workers.wait_for_complete(), which re-raises a worker's
        # error: the app reports those itself, and tests look at what it shows.
        while any(not w.is_finished for w in pilot.app.workers):
            check_time()
            await asyncio.sleep(0.01)
        await pilot.pause()
        if until() and not any(not w.is_finished for w in pilot.app.workers):
            await pilot.pause()
            return
        check_time()


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = TIMEOUT) -> None:
    """Until `condition()`, letting the app run, without waiting for its workers (for
    a test that holds one on purpose, or an app on its way out)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            shown = " ".join(screen_text(pilot).split()) if pilot.app.return_code is None else ""
            raise AssertionError(f"timed out waiting for {condition!r}; the screen: {shown}")
        if pilot.app.return_code is None:
            await pilot.pause(0.01)  # also lays the screen out anew: what screen_text reads
        else:  # exiting: no screen to lay out
            await asyncio.sleep(0.01)


def palette_highlights(pilot: Pilot, text: str) -> Callable[[], bool]:
    """The command palette is open and its highlighted hit (what enter runs) shows `text`."""
    from textual.command import CommandList, CommandPalette

    def check() -> bool:
        screen = pilot.app.screen
        if not isinstance(screen, CommandPalette):
            return False
        option = screen.query_one(CommandList).highlighted_option
        return option is not None and text in str(option.prompt)

    return check


async def run_command(pilot: Pilot, query: str, hit: str) -> None:
    """Open the command palette, type `query`, wait until `hit` is highlighted, run it."""
    from textual.command import CommandPalette

    await pilot.press("ctrl+p")
    await settle(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await pilot.press(*query)
    await settle(pilot, palette_highlights(pilot, hit))  # the palette searches in a worker
    await pilot.press("enter")


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    """Focus a field and type into it key by key, as a person would."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    await pilot.press(*text)


async def fill(pilot: Pilot, **values: str) -> None:
    """Set fields by id at once (typing key by key is slow; one journey does that)."""
    for field_id, text in values.items():
        pilot.app.screen.query_one(f"#{field_id}", Input).value = text
    await pilot.pause()


def screen_text(pilot: Pilot) -> str:
    """The characters on the terminal now (what a person reads, markup and all)."""
    app = pilot.app
    console = Console(
        width=app.size.width,
        height=app.size.height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def no_cursor_blink(pilot: Pilot) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


async def burst(pilot: Pilot, *keys: str) -> None:
    """Keys as a paste, a script or a fast typist sends them: all in the app's queue
    before the first is handled (Pilot's press waits for the app to be idle after
    each key, which hides keys routed before the one before them took effect)."""
    from textual import events
    from textual.app import _character_to_key, _get_unicode_name_from_key
    from textual.keys import REPLACED_KEYS

    app = pilot.app
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            char: str | None = unicodedata.lookup(
                _get_unicode_name_from_key(REPLACED_KEYS.get(key, key))
            )
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app.post_message(event)
    await settle(pilot, lambda: keys_handled(app))


def keys_handled(app: object) -> bool:
    """No key held or on its way (ui/keys.py OrderedKeys)."""
    pump = getattr(app, "_key_pump", None)
    return not getattr(app, "_held_keys", None) and (pump is None or pump.done())


# The main screens are snapshot at the size the app is designed for and at 80x24,
# where nothing needed may be off screen (issue 10).
both_sizes = pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x40", "80x24"])
