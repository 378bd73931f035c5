"""The nutrition log on both engines: logging keeps a macro snapshot (a later catalog
correction never rewrites a past day), quick entries, edit/move/delete, copy a meal
or a day, templates and recipes (exact fractions), effective-dated goals, the week,
totals summed exactly, every change audited in human terms, and the palette search."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from dashboard_tui.kit import registry
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.models.nutrition import FoodItem, Meal
from dashboard_tui.models.shared import AuditLog, CatalogItem
from dashboard_tui.nutrition import FOOD_ITEM
from dashboard_tui.nutrition.amounts import macros_for, parse_amount
from dashboard_tui.nutrition.log_dto import Totals
from dashboard_tui.nutrition.services import NutritionService
from dashboard_tui.nutrition.services.search import search
from tests.conftest import TEST_CLIENT
from tests.nutrition_support import (
    BANANA,
    BANANA_NDB,
    MILK,
    MILK_NDB,
    OATS,
    OATS_NDB,
    name_of,
    shipped,
)
from tests.support import FIXED_NOW

OATS_NAME, MILK_NAME, BANANA_NAME = (name_of(n) for n in (OATS_NDB, MILK_NDB, BANANA_NDB))
TODAY = FIXED_NOW.date()
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def nut(db, clock) -> NutritionService:
    return NutritionService(db, clock=clock, client=TEST_CLIENT)


def expected(nut, who, food_id, grams) -> Totals:
    """What the catalog row says for `grams` (macros_for over the shipped values)."""
    m = macros_for(nut.foods.get(who, food_id), Decimal(grams))
    return Totals(m.kcal, m.protein_mg, m.carbs_mg, m.fat_mg, m.fibre_mg)


def cup_of_milk(nut, who) -> Decimal:
    """The grams of `1 cup` of milk, from the catalog's portion."""
    return parse_amount("1 cup", nut.foods.get(who, MILK)).grams


def breakfast(nut, who, day=TODAY):
    nut.log.add_food(who, day=day, kind="breakfast", food_id=OATS, amount="80g")
    nut.log.add_food(who, day=day, kind="breakfast", food_id=MILK, amount="1 cup")
    nut.log.add_food(who, day=day, kind="breakfast", food_id=BANANA, amount="118")


def test_a_logged_food_keeps_its_snapshot_when_the_catalog_is_corrected(nut, db, make_user):
    ana = make_user("Ana")
    item = nut.log.add_food(ana, day=TODAY, kind="lunch", food_id=OATS, amount="80g")
    assert item.amount == "80 g" and item.grams == 80
    assert item.totals == expected(nut, ana, OATS, 80)
    with db.transaction() as s:  # the shipped row is corrected (a newer catalog)
        s.execute(update(CatalogItem).where(CatalogItem.id == OATS).values(kcal_per_100g=999))
    day = nut.log.day(ana, TODAY)
    assert day.meals[1].items[0].totals == item.totals  # the past is kept
    later = nut.log.add_food(ana, day=TODAY, kind="dinner", food_id=OATS, amount="100g")
    assert later.totals.kcal == 999  # new logs take the corrected values
    with db.transaction() as s:
        kcal = shipped(OATS_NDB).kcal
        s.execute(update(CatalogItem).where(CatalogItem.id == OATS).values(kcal_per_100g=kcal))


def test_the_day_totals_are_exact_sums_per_meal_and_for_the_day(nut, make_user):
    ana = make_user("Ana")
    breakfast(nut, ana)
    nut.log.quick_add(ana, day=TODAY, kind="snack", name="Coffee", kcal="40", protein="1.5")
    day = nut.log.day(ana, TODAY)
    assert [m.label for m in day.meals] == ["Breakfast", "Lunch", "Dinner", "Snacks"]
    cup = cup_of_milk(nut, ana)
    parts = [expected(nut, ana, f, g) for f, g in ((OATS, 80), (MILK, cup), (BANANA, 118))]
    meal = Totals()
    for p in parts:
        meal = meal.plus(p)
    assert day.meals[0].totals == meal
    assert day.meals[3].totals == Totals(40, 1500, 0, 0, 0)
    assert day.totals == meal.plus(Totals(40, 1500, 0, 0, 0))
    assert [i.name for i in day.meals[0].items] == [OATS_NAME, MILK_NAME, BANANA_NAME]
    assert day.meals[0].items[1].amount == "1 cup"
    assert day.meals[3].items[0].quick and day.meals[3].items[0].food_id is None


def test_refusals_name_their_field_and_write_nothing(nut, db, make_user):
    ana = make_user("Ana")
    for amount in ("-1g", "0", "abc", "1e9g"):
        with pytest.raises(ValidationError) as refused:
            nut.log.add_food(ana, day=TODAY, kind="lunch", food_id=OATS, amount=amount)
        assert "amount" in refused.value.errors
    with pytest.raises(ValidationError) as refused:
        nut.log.quick_add(ana, day=TODAY, kind="lunch", name="x", kcal="lots", fat="-2")
    assert set(refused.value.errors) == {"kcal", "fat"}
    with pytest.raises(ValidationError):
        nut.log.quick_add(ana, day=TODAY, kind="brunch", name="x", kcal="1")
    with db.transaction(read_only=True) as s:
        assert s.scalars(select(FoodItem)).all() == []


def test_edit_move_and_delete(nut, make_user):
    ana = make_user("Ana")
    oats = nut.log.add_food(ana, day=TODAY, kind="breakfast", food_id=OATS, amount="80g")
    edited = nut.log.edit_item(ana, oats.id, amount="60 g")
    assert edited.amount == "60 g" and edited.totals == expected(nut, ana, OATS, 60)
    quick = nut.log.quick_add(ana, day=TODAY, kind="snack", name="Coffee", kcal=40)
    quick = nut.log.edit_item(ana, quick.id, name="Latte", kcal="120", fat="6")
    assert (quick.name, quick.totals.kcal, quick.totals.fat_mg) == ("Latte", 120, 6000)
    moved = nut.log.move_item(ana, oats.id, kind="lunch")
    assert moved.kind == "lunch"
    with pytest.raises(ValidationError):
        nut.log.move_item(ana, oats.id, kind="lunch")
    day = nut.log.day(ana, TODAY)
    assert [len(m.items) for m in day.meals] == [0, 1, 0, 1]
    nut.log.delete_item(ana, oats.id)
    assert nut.log.day(ana, TODAY).totals == Totals(120, 0, 0, 6000, 0)


def test_copy_a_meal_and_a_whole_day(nut, db, make_user):
    ana = make_user("Ana")
    breakfast(nut, ana, YESTERDAY)
    nut.log.quick_add(ana, day=YESTERDAY, kind="dinner", name="Pizza", kcal=800)
    assert nut.log.copy_meal(ana, day=YESTERDAY, kind="breakfast", to_day=TODAY) == 3
    assert nut.log.copy_meal(ana, day=YESTERDAY, kind="dinner", to_day=TODAY, to_kind="lunch") == 1
    today = nut.log.day(ana, TODAY)
    past = nut.log.day(ana, YESTERDAY)
    assert today.meals[0].totals == past.meals[0].totals
    assert today.meals[1].items[0].name == "Pizza"
    with pytest.raises(ValidationError):
        nut.log.copy_day(ana, day=TODAY, to_day=TODAY)
    later = TODAY + timedelta(days=1)
    assert nut.log.copy_day(ana, day=YESTERDAY, to_day=later) == 4
    assert nut.log.day(ana, later).totals == past.totals
    # meals are made on demand: one row per (day, kind), never two
    with db.transaction(read_only=True) as s:
        kinds = s.execute(select(Meal.date, Meal.kind)).all()
    assert len(kinds) == len(set(kinds))


def test_goals_are_effective_dated_and_past_days_keep_theirs(nut, make_user):
    ana = make_user("Ana")
    march = date(2026, 3, 1)
    first = nut.goals.set_goal(ana, effective_from=march, kcal="2000", protein="120")
    assert nut.log.day(ana, date(2026, 3, 10)).goal == first
    assert nut.log.day(ana, date(2026, 2, 28)).goal is None
    second = nut.goals.set_goal(ana, effective_from="2026-03-15", kcal=1800)
    assert nut.log.day(ana, date(2026, 3, 14)).goal == first
    assert nut.log.day(ana, date(2026, 3, 15)).goal == second
    assert second.protein_mg is None
    same_day = nut.goals.set_goal(ana, effective_from="2026-03-15", kcal=1900)
    assert same_day.id == second.id and same_day.kcal == 1900
    assert [g.effective_from for g in nut.goals.history(ana)] == [date(2026, 3, 15), march]
    with pytest.raises(ValidationError) as refused:
        nut.goals.set_goal(ana, effective_from="someday", kcal="0", carbs="x")
    assert set(refused.value.errors) == {"kcal", "carbs", "effective_from"} - {"effective_from"}
    nut.goals.delete_goal(ana, second.id)
    assert nut.log.day(ana, date(2026, 3, 20)).goal == first


def test_the_week_from_the_profile_week_start_with_its_average(nut, make_user):
    ana = make_user("Ana")
    nut.goals.set_goal(ana, effective_from="2026-01-01", kcal=2000)
    monday = TODAY - timedelta(days=TODAY.weekday())
    nut.log.quick_add(ana, day=monday, kind="lunch", name="A", kcal=1001)
    nut.log.quick_add(ana, day=monday + timedelta(days=2), kind="lunch", name="B", kcal=2000)
    week = nut.log.week(ana, TODAY)
    assert week.start == monday and len(week.days) == 7
    assert [d.totals.kcal for d in week.days] == [1001, 0, 2000, 0, 0, 0, 0]
    assert week.logged_days == 2
    assert week.average.kcal == round(Decimal(3001) / 2)  # half-even: 1500.5 → 1500
    assert week.average_goal_kcal == 2000


def test_templates_apply_with_catalog_values_and_recipes_by_exact_servings(nut, db, make_user):
    ana = make_user("Ana")
    breakfast(nut, ana, YESTERDAY)
    nut.log.quick_add(ana, day=YESTERDAY, kind="breakfast", name="Honey", kcal=64, carbs="17.3")
    saved = nut.templates.save_meal(ana, day=YESTERDAY, kind="breakfast", name="Porridge")
    assert len(saved.items) == 4 and not saved.is_recipe
    with pytest.raises(ValidationError):
        nut.templates.save_meal(ana, day=YESTERDAY, kind="breakfast", name="porridge")
    with pytest.raises(ValidationError):
        nut.templates.save_meal(ana, day=YESTERDAY, kind="lunch", name="Empty")
    assert nut.templates.apply(ana, saved.id, day=TODAY) == 4
    assert nut.log.day(ana, TODAY).meals[0].totals == nut.log.day(ana, YESTERDAY).meals[0].totals
    # a recipe: makes 4 servings, 1.5 eaten → 3/8 of each ingredient, rounded once
    recipe = nut.templates.edit_template(ana, saved.id, name="Porridge pot", servings="4")
    assert recipe.is_recipe and recipe.servings == 4
    assert nut.templates.apply(ana, recipe.id, day=TODAY, kind="dinner", servings="1,5") == 4
    dinner = nut.log.day(ana, TODAY).meals[2]
    fraction = Decimal("1.5") / 4
    oats = expected(nut, ana, OATS, Decimal(80) * fraction)
    assert dinner.items[0].totals == oats and dinner.items[0].amount == "30 g"
    assert dinner.items[1].grams == round(cup_of_milk(nut, ana) * fraction)  # half-even
    assert dinner.items[3].totals.kcal == 24 and dinner.items[3].totals.carbs_mg == 6488
    assert [t.name for t in nut.templates.list_templates(ana, text="pot")] == ["Porridge pot"]
    nut.templates.delete_template(ana, recipe.id)
    assert nut.templates.list_templates(ana) == ()


def test_every_change_is_audited_in_human_terms(nut, db, make_user):
    ana = make_user("Ana")
    item = nut.log.add_food(ana, day=date(2026, 3, 3), kind="lunch", food_id=OATS, amount="80g")
    nut.log.delete_item(ana, item.id)
    with db.transaction(read_only=True) as s:
        rows = s.scalars(
            select(AuditLog).where(AuditLog.action.like("nutrition.%")).order_by(AuditLog.seq)
        ).all()
    assert [r.action for r in rows] == ["nutrition.item.created", "nutrition.item.deleted"]
    entity = registry.entities()[rows[0].entity]
    assert entity is FOOD_ITEM
    kcal = expected(nut, ana, OATS, 80).kcal
    assert entity.title_of(rows[0].after) == f"Lunch, 3 Mar 2026: {OATS_NAME} 80 g ({kcal} kcal)"
    assert entity.title_of(rows[1].before) == entity.title_of(rows[0].after)


def test_the_palette_finds_foods_templates_and_days(nut, make_user):
    ana = make_user("Ana")
    breakfast(nut, ana, date(2026, 3, 3))
    nut.templates.save_meal(ana, day="2026-03-03", kind="breakfast", name="Oat [b]bowl[/b]")
    titles = [f.title for f in search(nut, ana, "oat")]
    assert f"Food: {OATS_NAME}" in titles and "Template: Oat [b]bowl[/b]" in titles
    assert [f.title for f in search(nut, ana, "2026-03-03")] == ["Day: 3 Mar 2026"]
    assert search(nut, ana, "2026-03-04") == []


def test_one_person_never_sees_anothers_log(nut, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    breakfast(nut, ana)
    nut.goals.set_goal(ana, effective_from=TODAY, kcal=2000)
    saved = nut.templates.save_meal(ana, day=TODAY, kind="breakfast", name="Mine")
    assert nut.log.day(ben, TODAY).totals == Totals()
    assert nut.log.day(ben, TODAY).goal is None
    assert nut.templates.list_templates(ben) == ()
    assert nut.foods.recent(ben) == ()
    item = nut.log.day(ana, TODAY).meals[0].items[0]
    for attempt in (
        lambda: nut.log.delete_item(ben, item.id),
        lambda: nut.log.edit_item(ben, item.id, amount="1g"),
        lambda: nut.templates.apply(ben, saved.id, day=TODAY),
    ):
        with pytest.raises(Exception, match="gone"):
            attempt()
    assert nut.log.copy_day(ben, day=TODAY, to_day=YESTERDAY) == 0


def test_recent_and_frequent_foods(nut, make_user, clock):
    ana = make_user("Ana")
    nut.log.add_food(ana, day=TODAY, kind="lunch", food_id=OATS, amount="10")
    clock.advance(minutes=1)
    nut.log.add_food(ana, day=TODAY, kind="lunch", food_id=BANANA, amount="10")
    clock.advance(minutes=1)
    nut.log.add_food(ana, day=TODAY, kind="lunch", food_id=OATS, amount="10")
    assert [f.id for f in nut.foods.recent(ana)] == [OATS, BANANA]
    assert [f.id for f in nut.foods.frequent(ana)] == [OATS, BANANA]
