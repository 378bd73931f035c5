"""The nutrition area by keyboard: log a typical meal of three foods in under 40
keys (counted), a refused amount keeps what was typed, a quick entry, copy yesterday,
apply a template, change the goal from a day and see the days before keep theirs,
hostile text shown literally; the palette finds a day; f opens the food catalog, the
picker shows the highlighted food's portions, help names the food values' source."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from dashboard_tui.nutrition.amounts import AmountError, parse_amount
from dashboard_tui.nutrition.catalog import ATTRIBUTION
from dashboard_tui.nutrition.services import NutritionService
from dashboard_tui.nutrition.ui.day import DayScreen
from dashboard_tui.nutrition.ui.foods import FoodCatalogScreen
from dashboard_tui.nutrition.ui.goals import GoalsScreen
from dashboard_tui.nutrition.ui.picker import FoodPicker
from dashboard_tui.nutrition.ui.templates import TemplatesScreen
from dashboard_tui.nutrition.ui.week import WeekScreen
from dashboard_tui.ui.help import ABOUT
from dashboard_tui.widgets.form_modal import FormModal
from tests.nutrition_support import (
    BANANA,
    BANANA_NDB,
    MILK,
    MILK_NDB,
    OATS,
    OATS_NDB,
    name_of,
)
from tests.support import FIXED_NOW
from tests.ui.pilot_helpers import SIZE, burst, pilot_test, run_command, screen_text, settle

OATS_NAME, MILK_NAME, BANANA_NAME = (name_of(n) for n in (OATS_NDB, MILK_NDB, BANANA_NDB))
TODAY = FIXED_NOW.date()
YESTERDAY = TODAY - timedelta(days=1)


def nutrition_of(ctx) -> NutritionService:
    return ctx.services(NutritionService)


class Keys:
    """Presses keys and counts them."""

    def __init__(self, pilot: Pilot) -> None:
        self.pilot, self.count = pilot, 0

    async def press(self, *keys: str) -> None:
        self.count += len(keys)
        await self.pilot.press(*keys)


def day_screen(pilot: Pilot) -> DayScreen:
    screen = pilot.app.screen
    assert isinstance(screen, DayScreen)
    return screen


def ready(pilot: Pilot):
    return lambda: isinstance(pilot.app.screen, DayScreen) and pilot.app.screen.is_ready


async def open_day(pilot: Pilot) -> None:
    await settle(pilot, lambda: type(pilot.app.screen).__name__ == "HomeScreen")
    await pilot.press("3")
    await settle(pilot, ready(pilot))


def picker_for(pilot: Pilot, text: str):
    return lambda: isinstance(pilot.app.screen, FoodPicker) and pilot.app.screen.shown_for == text


async def add(keys: Keys, pilot: Pilot, search: str, amount: str) -> None:
    await keys.press("a")
    await settle(pilot, picker_for(pilot, ""))
    await keys.press(*search)
    await settle(pilot, picker_for(pilot, search))
    await keys.press("enter")
    await keys.press(*amount)
    await keys.press("enter")
    await settle(pilot, ready(pilot))


@pilot_test
async def test_a_typical_meal_of_three_foods_in_under_40_keys(backend, logged_in, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_day(pilot)
        keys = Keys(pilot)
        await keys.press("down")  # from Breakfast to Lunch
        # with the whole USDA catalog: enough of each name that the food comes first
        await add(keys, pilot, "oats", "80")
        await add(keys, pilot, "milk 3", "1 cup")  # a portion: the catalog's cup of milk
        await add(keys, pilot, "banana", "118")
        assert keys.count < 40, keys.count
        day = nutrition_of(backend).log.day(logged_in, TODAY)
        lunch = day.meals[1]
        assert [(i.name, i.amount) for i in lunch.items] == [
            (OATS_NAME, "80 g"),
            (MILK_NAME, "1 cup"),
            (BANANA_NAME, "118 g"),
        ]
        milk = nutrition_of(backend).foods.get(logged_in, MILK)
        assert lunch.items[1].grams == round(parse_amount("1 cup", milk).grams)
        text = screen_text(pilot)
        assert f"Eaten {day.totals.kcal} kcal" in text and BANANA_NAME in text


@pilot_test
async def test_a_food_and_its_amount_typed_in_one_burst_log_what_was_meant(
    backend, logged_in, build_app
):
    """`a oats ⏎ 80 ⏎ a banana ⏎ 118 ⏎` sent at once, before any search is back:
    the enter picks the first food of "oats" once it is found, and the 80 typed
    meanwhile goes to its amount, not onto the search text."""
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_day(pilot)
        await burst(pilot, "a", *"oats", "enter", *"80", "enter")
        await burst(pilot, "a", *"banana", "enter", *"118", "enter")
        await settle(
            pilot, lambda: len(nutrition_of(backend).log.day(logged_in, TODAY).meals[0].items) == 2
        )
        await settle(pilot, ready(pilot))
        items = nutrition_of(backend).log.day(logged_in, TODAY).meals[0].items
        assert [(i.name, i.amount) for i in items] == [(OATS_NAME, "80 g"), (BANANA_NAME, "118 g")]


@pilot_test
async def test_a_refused_amount_says_why_and_keeps_what_was_typed(backend, logged_in, build_app):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_day(pilot)
        await pilot.press("a")
        await settle(pilot, picker_for(pilot, ""))
        await pilot.press(*"oats")
        await settle(pilot, picker_for(pilot, "oats"))
        await pilot.press("enter", *"-1g", "enter")
        oats = nutrition_of(backend).foods.get(logged_in, OATS)
        with pytest.raises(AmountError) as why:
            parse_amount("-1g", oats)
        await settle(pilot, lambda: str(why.value) in screen_text(pilot))
        assert pilot.app.screen.query_one("#amount", Input).value == "-1g"
        assert nutrition_of(backend).log.day(logged_in, TODAY).totals.kcal == 0
        await pilot.press("escape")
        await settle(pilot, ready(pilot))


@pilot_test
async def test_quick_entry_copy_yesterday_and_a_template(backend, logged_in, build_app):
    nut = nutrition_of(backend)
    nut.log.add_food(logged_in, day=YESTERDAY, kind="breakfast", food_id=OATS, amount="80")
    nut.log.add_food(logged_in, day=YESTERDAY, kind="dinner", food_id=MILK, amount="200")
    nut.templates.save_meal(logged_in, day=YESTERDAY, kind="breakfast", name="Porridge")
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_day(pilot)
        await pilot.press("Q")
        await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))
        screen = pilot.app.screen
        screen.query_one("#name", Input).value = "Coffee"
        screen.query_one("#kcal", Input).value = "40"
        await pilot.press("enter")
        await settle(pilot, ready(pilot))
        assert nut.log.day(logged_in, TODAY).totals.kcal == 40
        await pilot.press("y")  # yesterday into today, one key
        await settle(pilot, lambda: "2 items copied" in screen_text(pilot))
        past = nut.log.day(logged_in, YESTERDAY).totals.kcal
        assert nut.log.day(logged_in, TODAY).totals.kcal == past + 40
        await pilot.press("T")
        await settle(pilot, lambda: isinstance(pilot.app.screen, TemplatesScreen))
        await settle(pilot, lambda: pilot.app.screen.is_ready)
        await pilot.press("a")
        await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))
        await pilot.press("enter")
        await settle(pilot, lambda: "Logged 1 food." in screen_text(pilot))
        await pilot.press("escape")
        await settle(pilot, ready(pilot))
        breakfast = nut.log.day(logged_in, TODAY).meals[0]
        assert [i.name for i in breakfast.items] == [
            "Coffee",  # the quick entry, on the highlighted meal
            OATS_NAME,  # copied from yesterday
            OATS_NAME,  # the template
        ]


@pilot_test
async def test_a_goal_from_a_day_leaves_the_days_before_theirs(backend, logged_in, build_app):
    nut = nutrition_of(backend)
    nut.goals.set_goal(logged_in, effective_from="2026-01-01", kcal=2000)
    nut.log.quick_add(logged_in, day=YESTERDAY, kind="lunch", name="Lunch", kcal=500)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_day(pilot)
        await pilot.press("G")
        await settle(pilot, lambda: isinstance(pilot.app.screen, GoalsScreen))
        await pilot.press("a")
        await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))
        screen = pilot.app.screen
        assert screen.query_one("#effective_from", Input).value == TODAY.isoformat()
        screen.query_one("#kcal", Input).value = "1800"
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(pilot.app.screen, GoalsScreen))
        await settle(pilot, lambda: "1800" in screen_text(pilot))
        await pilot.press("escape")
        await settle(pilot, ready(pilot))
        assert "goal 1800 kcal" in screen_text(pilot)
        await pilot.press("left_square_bracket")
        await settle(
            pilot, lambda: day_screen(pilot).day == YESTERDAY and "goal 2000" in screen_text(pilot)
        )
        assert "1500 kcal left" in screen_text(pilot)
        await pilot.press("w")
        await settle(
            pilot, lambda: isinstance(pilot.app.screen, WeekScreen) and pilot.app.screen.is_ready
        )
        assert "Average of 1 logged days: 500 kcal" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot, ready(pilot))


HOSTILE = "[b]Bold[/b] \x1b[31m"


@pilot_test
async def test_hostile_text_is_shown_literally_or_refused(backend, logged_in, build_app):
    nut = nutrition_of(backend)
    nut.log.quick_add(logged_in, day=TODAY, kind="snack", name="[red]Cake[/red] $x", kcal=300)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_day(pilot)
        assert "[red]Cake[/red] $x" in screen_text(pilot)
        await pilot.press("a")
        await settle(pilot, picker_for(pilot, ""))
        await pilot.press(*"[b]zqx")
        await settle(pilot, picker_for(pilot, "[b]zqx"))
        assert "No food matches." in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot, ready(pilot))
        await pilot.press("Q")
        await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))
        pilot.app.screen.query_one("#name", Input).value = HOSTILE
        pilot.app.screen.query_one("#kcal", Input).value = "1"
        await pilot.press("enter")
        await settle(pilot, lambda: "Control or invisible" in screen_text(pilot))
        await pilot.press("escape")


@pilot_test
async def test_the_palette_finds_a_day(backend, logged_in, build_app):
    nut = nutrition_of(backend)
    nut.log.add_food(logged_in, day="2026-03-03", kind="dinner", food_id=BANANA, amount="100")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_day(pilot)
        await run_command(pilot, "2026-03-03", "Day: 3 Mar 2026")
        await settle(
            pilot, lambda: ready(pilot)() and day_screen(pilot).day.isoformat() == "2026-03-03"
        )
        assert BANANA_NAME in screen_text(pilot)


@pilot_test
async def test_edit_shows_the_amount_as_typed_then_move_and_delete(backend, logged_in, build_app):
    nut = nutrition_of(backend)
    nut.log.add_food(logged_in, day=TODAY, kind="breakfast", food_id=OATS, amount="80")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_day(pilot)
        await pilot.press("down", "e")  # the oats, under Breakfast
        await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))
        field = pilot.app.screen.query_one("#amount", Input)
        assert field.value == "80 g"
        field.value = "0.5 cup"  # a portion of the catalog's oats
        await pilot.press("enter")
        await settle(pilot, ready(pilot))
        item = nut.log.day(logged_in, TODAY).meals[0].items[0]
        half_cup = parse_amount("0.5 cup", nut.foods.get(logged_in, OATS)).grams
        assert (item.amount, item.grams) == ("0.5 cup", round(half_cup))
        await pilot.press("m")
        await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))
        await pilot.press("ctrl+s")  # the first other meal: lunch (enter opens the list)
        await settle(pilot, ready(pilot))
        assert [len(m.items) for m in nut.log.day(logged_in, TODAY).meals] == [0, 1, 0, 0]
        await settle(pilot, lambda: day_screen(pilot).highlighted()[1] is not None)
        await pilot.press("d")
        await settle(pilot, lambda: type(pilot.app.screen).__name__ == "ConfirmModal")
        await pilot.press("y")
        await settle(pilot, ready(pilot))
        assert nut.log.day(logged_in, TODAY).totals.kcal == 0


@pilot_test
async def test_f_opens_the_food_catalog_and_the_picker_shows_portions(
    backend, logged_in, build_app
):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_day(pilot)
        await pilot.press("f")  # own foods are reachable from the day
        await settle(
            pilot,
            lambda: isinstance(pilot.app.screen, FoodCatalogScreen) and pilot.app.screen.is_ready,
        )
        await pilot.press("escape")
        await settle(pilot, ready(pilot))
        await pilot.press("a", *"oats")
        await settle(pilot, picker_for(pilot, "oats"))
        oats = nutrition_of(backend).foods.get(logged_in, OATS)
        cup = next(p for p in oats.portions if p.name == "cup")
        hint = f"portions 1 cup = {cup.grams.normalize():f} g"
        await settle(pilot, lambda: hint in screen_text(pilot))
        await pilot.press("escape")
        await settle(pilot, ready(pilot))


@pilot_test
async def test_help_names_the_source_of_the_food_values(backend, logged_in, build_app):
    assert ATTRIBUTION in ABOUT and "public domain" in ABOUT
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_day(pilot)
        await pilot.press("question_mark")
        await settle(pilot, lambda: type(pilot.app.screen).__name__ == "HelpScreen")
        about = pilot.app.screen.query_one("#help-about", Static)
        assert str(about.content) == ABOUT
        await pilot.press("escape")
        await settle(pilot, ready(pilot))
