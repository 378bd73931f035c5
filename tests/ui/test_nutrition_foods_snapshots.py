"""Snapshots of the food catalog screen (a search as typed: own food first, then the
shipped USDA foods) and the own-food form, at 120x40 and 80x24, on fixed data. Update
with `pytest tests/ui/test_nutrition_foods_snapshots.py --snapshot-update` and look
at them."""

from __future__ import annotations

from textual.pilot import Pilot

from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.finance_helpers import rows
from tests.ui.pilot_helpers import both_sizes, burst, settle
from tests.ui.test_nutrition_foods import foods_of, open_foods
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture


async def catalog_searched(pilot: Pilot) -> None:
    foods = await open_foods(pilot)
    await pilot.press("slash")
    await burst(pilot, *"chicken breast", "enter")
    await settle(pilot, lambda: foods.table.filter_text == "chicken breast")
    await settle(pilot, lambda: not foods.table.loading and len(rows(foods)) > 3)
    await showing("FoodCatalogScreen")(pilot)


async def own_food_form(pilot: Pilot) -> None:
    await open_foods(pilot)
    await pilot.press("n")
    await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))
    await showing("FormModal")(pilot)


@both_sizes
def test_nutrition_food_catalog_search(snap_compare, logged_in, build_app, backend, size):
    foods_of(backend).add_own(logged_in, name="Chicken breast, my marinade", kcal="150")
    assert snap_compare(build_app(), terminal_size=size, run_before=catalog_searched)


@both_sizes
def test_nutrition_own_food_form(snap_compare, logged_in, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=own_food_form)
