"""The food catalog screen by keyboard (Pilot, on the real app with the screen pushed:
the nutrition area's registration comes with the nutrition-day branch), checked
through the services on the same database, SQLite and PostgreSQL: n adds an own food
per serving with portions (a refused value keeps what was typed), / searches as you
type (accents ignored), e on a shipped food says it is read-only, e edits an own food
from what was typed, d hides it after a confirm. Snapshots: test_nutrition_foods_snapshots.py."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from textual.pilot import Pilot

from dashboard_tui.config import Settings
from dashboard_tui.models.shared import AuditLog
from dashboard_tui.nutrition.services.foods import FoodService
from dashboard_tui.nutrition.ui.foods import FoodCatalogScreen
from dashboard_tui.ui.home import HomeScreen
from dashboard_tui.widgets.confirm import ConfirmModal
from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.finance_helpers import loaded, rows, table_of
from tests.ui.gym_helpers import field_error, value_of
from tests.ui.pilot_helpers import SIZE, burst, fill, pilot_test, screen_text, settle


@pytest.fixture
def ui_settings(db_url: str) -> Settings:
    """These journeys run on both engines (db_url is parametrized)."""
    return Settings(database_url=db_url)


def foods_of(ctx) -> FoodService:
    return ctx.services(FoodService)


async def open_foods(pilot: Pilot) -> FoodCatalogScreen:
    app = pilot.app
    await settle(pilot, lambda: isinstance(app.screen, HomeScreen))
    app.push_screen(FoodCatalogScreen())
    await settle(pilot, lambda: isinstance(app.screen, FoodCatalogScreen) and app.screen.is_ready)
    return app.screen


@pilot_test
async def test_add_search_edit_and_hide_an_own_food(build_app, logged_in, backend):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        foods = await open_foods(pilot)
        assert "No own foods yet" in screen_text(pilot)
        assert "USDA National Nutrient Database for Standard Reference" in screen_text(pilot)

        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await fill(pilot, name="Crème brûlée [b]x[/b]", kcal="300", protein="4,5")
        await fill(pilot, portions="ramekin 120")  # no "=": refused next to the field
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: "name=grams" in field_error(app.screen, "portions"))
        assert value_of(app.screen, "protein") == "4,5"  # what was typed stays
        await fill(pilot, portions="ramekin=120", default_unit="ramekin")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is foods)
        await settle(pilot, lambda: rows(foods) and rows(foods)[0][0] == "Crème brûlée [b]x[/b]")
        assert rows(foods)[0][1:] == ("300", "4.5 g", "—", "—", "—", "own")

        # search as you type: accents and case ignored, shipped foods follow
        await pilot.press("slash")
        await burst(pilot, *"CREME")
        await settle(pilot, lambda: foods.table.filter_text == "CREME" and not foods.table.loading)
        await settle(pilot, lambda: rows(foods)[0][0] == "Crème brûlée [b]x[/b]")
        assert all(r[6].startswith("USDA ") for r in rows(foods)[1:])
        await pilot.press("escape")  # clears the search
        await settle(pilot, lambda: foods.table.filter_text == "" and not foods.table.loading)

        # a shipped food is read-only
        await pilot.press("slash")
        await burst(pilot, *"egg whole raw fresh", "enter")
        await settle(pilot, lambda: rows(foods) and rows(foods)[0][0] == "Egg, whole, raw, fresh")
        await pilot.press("e")
        await settle(pilot, lambda: "cannot be changed" in screen_text(pilot))
        assert app.screen is foods
        foods.table.set_filter("")
        await settle(pilot, loaded(table_of(foods)))
        await settle(pilot, lambda: rows(foods)[0][0] == "Crème brûlée [b]x[/b]")
        foods.table.focus()

        # edit: the form shows what was typed
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        assert value_of(app.screen, "protein") == "4,5"
        assert value_of(app.screen, "portions") == "ramekin=120"
        await fill(pilot, kcal="280")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is foods and rows(foods)[0][1] == "280")

        # hide after a confirm: kept, marked, no longer found by search
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await settle(pilot, lambda: app.screen is foods and rows(foods)[0][6] == "own, hidden")
    login = logged_in
    assert foods_of(backend).search(login, "creme brulee") == ()
    with backend.db.transaction(read_only=True) as s:
        actions = list(
            s.scalars(
                select(AuditLog.action)
                .where(AuditLog.action.like("nutrition.food.%"))
                .order_by(AuditLog.seq)
            )
        )
    assert actions == ["nutrition.food.created", "nutrition.food.edited", "nutrition.food.hidden"]
