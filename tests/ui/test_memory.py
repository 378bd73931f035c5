"""An app left open all day keeps what is on screen, not every screen it ever showed
(issue 10, item 2): a closed screen is freed, and the app's own watchers do not pile up
(Textual's Header left one per screen on the app's title: widgets/header.py)."""

from __future__ import annotations

import gc
import weakref

from dashboard_tui.finance.ui.area import FinanceScreen
from dashboard_tui.gym.ui.area import GymScreen
from dashboard_tui.ui.home import HomeScreen
from dashboard_tui.ui.idle_gc import QUIET_S, IdleCollector
from tests.ui.finance_helpers import open_finance
from tests.ui.gym_helpers import open_gym
from tests.ui.pilot_helpers import SIZE, pilot_test, settle


def app_watchers(app) -> dict[str, int]:
    return {name: len(found) for name, found in getattr(app, "__watchers", {}).items()}


@pilot_test
async def test_closed_screens_are_freed_and_leave_no_watchers(build_app, logged_in):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        closed: list[weakref.ref] = []
        watchers: list[dict[str, int]] = []
        for _ in range(3):
            for open_area in (open_gym, open_finance):
                closed.append(weakref.ref(await open_area(pilot)))
                await pilot.press("escape")
                await settle(pilot, lambda: isinstance(app.screen, HomeScreen))
            watchers.append(app_watchers(app))

        # The collection a pause brings (ui/idle_gc.py): one may have come while a
        # screen was open and froze it; the next unfreezes and frees it.
        await settle(pilot)
        app.collector.collect()
        alive = [type(ref()).__name__ for ref in closed if ref() is not None]
        assert alive == []
        assert watchers[0] == watchers[-1]
        assert watchers[0].get("title", 0) <= 1  # the home screen's header, if any
        assert {GymScreen, FinanceScreen}.isdisjoint(type(s) for s in app.screen_stack)


# -- collections out of the way of typing (ui/idle_gc.py) ---------------------------------
@pilot_test
async def test_after_sign_in_the_heap_is_collected_and_frozen_until_the_app_ends(
    build_app, logged_in
):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, HomeScreen) and app.collector.started)
        assert gc.get_freeze_count() > 0
        assert [t.name for t in app._timers if t.name == "idle gc"] == ["idle gc"]
    assert gc.get_freeze_count() == 0  # leaving the app gives the process back as it was


def test_the_quiet_collection_waits_for_a_pause_and_frees_what_was_frozen() -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only a full collection frees it

    collector = IdleCollector()
    try:
        node = Node()
        ref = weakref.ref(node)
        collector.collect()
        assert gc.get_freeze_count() > 0  # node among them
        del node
        gc.collect()
        assert ref() is not None  # frozen: a collection CPython starts does not free it
        [Node() for _ in range(2000)]  # enough for a younger collection to count
        collector.key_pressed()
        collector.tick()
        assert collector.collections == 1  # a key just now: not while typing
        collector.last_key -= QUIET_S
        collector.tick()
        assert collector.collections == 2
        assert ref() is None  # unfrozen first, then collected
        collector.tick()
        assert collector.collections == 2  # nothing new since: nothing to do
    finally:
        gc.unfreeze()
