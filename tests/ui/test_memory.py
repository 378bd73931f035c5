"""An app left open all day keeps what is on screen, not every screen it ever showed
(issue 10, item 2): a closed screen is freed, and the app's own watchers do not pile up
(Textual's Header left one per screen on the app's title: widgets/header.py)."""

from __future__ import annotations

import gc
import weakref

from dashboard_tui.finance.ui.area import FinanceScreen
from dashboard_tui.gym.ui.area import GymScreen
from dashboard_tui.ui.home import HomeScreen
from dashboard_tui.ui.idle_gc import QUIET_S, THRESHOLDS, IdleCollector
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
        gc.collect()
        alive = [type(ref()).__name__ for ref in closed if ref() is not None]
        assert alive == []
        assert watchers[0] == watchers[-1]
        assert watchers[0].get("title", 0) <= 1  # the home screen's header, if any
        assert {GymScreen, FinanceScreen}.isdisjoint(type(s) for s in app.screen_stack)


# -- collections out of the way of typing (ui/idle_gc.py) ---------------------------------
@pilot_test
async def test_after_sign_in_the_heap_is_frozen_and_full_collections_wait_for_quiet(
    build_app, logged_in
):
    before = gc.get_threshold()
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, HomeScreen) and app.collector.started)
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[2] == THRESHOLDS[2]
        assert [t.name for t in app._timers if t.name == "idle gc"] == ["idle gc"]
    # Leaving the app gives the process back as it was.
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_idle_collection_runs_only_when_no_key_came_for_a_while() -> None:
    collector = IdleCollector()
    gc.collect(1)  # something reached the old generation
    collector.key_pressed()
    collector.tick()
    assert collector.collections == 0  # a key just now: not while typing
    collector.last_key -= QUIET_S
    collector.tick()
    assert collector.collections == 1
    assert gc.get_count()[2] == 0
    collector.tick()
    assert collector.collections == 1  # nothing new since: nothing to do
