"""Snapshots of the nutrition screens and modals at 120x40 and 80x24: the day (three
meals, a goal with macros, a quick entry named like markup), the week, the goals, the
templates, the food picker with results and the quick-entry form. Update with
`pytest tests/ui/test_nutrition_snapshots.py --snapshot-update` and look at them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.pilot import Pilot

from dashboard_tui.nutrition.ui.picker import FoodPicker
from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.pilot_helpers import both_sizes, settle
from tests.ui.test_nutrition import BANANA, MILK, OATS, TODAY, nutrition_of, open_day
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture


@pytest.fixture
def eaten(logged_in, backend):
    nut = nutrition_of(backend)
    nut.goals.set_goal(
        logged_in, effective_from="2026-01-01", kcal=2200, protein="140", carbs="250", fat="70"
    )
    for days in range(0, 4):
        day = TODAY - timedelta(days=days)
        nut.log.add_food(logged_in, day=day, kind="breakfast", food_id=OATS, amount="80")
        nut.log.add_food(logged_in, day=day, kind="breakfast", food_id=MILK, amount="1 cup")
    nut.log.add_food(logged_in, day=TODAY, kind="lunch", food_id=BANANA, amount="118")
    nut.log.quick_add(
        logged_in, day=TODAY, kind="dinner", name="[b]Pizza[/b] night", kcal=850, fat="35"
    )
    nut.templates.save_meal(logged_in, day=TODAY, kind="breakfast", name="Porridge")
    nut.templates.save_meal(logged_in, day=TODAY, kind="lunch", name="Banana bread", servings="8")


def run(then=None):
    async def run_before(pilot: Pilot) -> None:
        await open_day(pilot)
        if then is not None:
            await then(pilot)
        await showing(type(pilot.app.screen).__name__)(pilot)

    return run_before


def press_until(key: str, name: str):
    async def go(pilot: Pilot) -> None:
        await pilot.press(key)
        await settle(
            pilot,
            lambda: (
                type(pilot.app.screen).__name__ == name
                and getattr(pilot.app.screen, "is_ready", True)
            ),
        )

    return go


async def picker(pilot: Pilot) -> None:
    await pilot.press("a")
    await settle(pilot, lambda: isinstance(pilot.app.screen, FoodPicker))
    await pilot.press(*"milk")
    await settle(pilot, lambda: pilot.app.screen.shown_for == "milk")
    hint = pilot.app.screen.query_one("#food-portions")
    await settle(pilot, lambda: "portions" in str(hint.content))


async def quick(pilot: Pilot) -> None:
    await pilot.press("Q")
    await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))


@both_sizes
def test_nutrition_day(snap_compare, eaten, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run())


@both_sizes
def test_nutrition_week(snap_compare, eaten, build_app, size):
    assert snap_compare(
        build_app(), terminal_size=size, run_before=run(press_until("w", "WeekScreen"))
    )


@both_sizes
def test_nutrition_goals(snap_compare, eaten, build_app, size):
    assert snap_compare(
        build_app(), terminal_size=size, run_before=run(press_until("G", "GoalsScreen"))
    )


@both_sizes
def test_nutrition_templates(snap_compare, eaten, build_app, size):
    assert snap_compare(
        build_app(), terminal_size=size, run_before=run(press_until("T", "TemplatesScreen"))
    )


@both_sizes
def test_nutrition_food_picker(snap_compare, eaten, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(picker))


@both_sizes
def test_nutrition_quick_entry(snap_compare, eaten, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(quick))
