"""The nutrition area: a day of meals (breakfast, lunch, dinner, snacks) and what
was eaten in them, quick entries, copies of a meal or a day, meal templates and
recipes, effective-dated goals and a week view.

This module is the area's whole declaration (kit/entity.py says what feeds from it).
It stays light: the services and the screens are named by import path and loaded
when first needed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from dashboard_tui.kit.entity import Area, Entity, Reading, Show
from dashboard_tui.nutrition.food_entity import FOOD  # the catalog's own foods

MODELS = "dashboard_tui.models.nutrition"
REPOSITORIES = "dashboard_tui.nutrition.repository"
MEAL_LABELS = {"breakfast": "Breakfast", "lunch": "Lunch", "dinner": "Dinner", "snack": "Snacks"}


def day_label(value: Any) -> str:
    """ "3 Mar 2026" from a date or its ISO text."""
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{day.day} {day.strftime('%b')} {day.year}"


def meal_label(kind: Any) -> str:
    return MEAL_LABELS.get(str(kind), str(kind))


def grams_text(value: Any, reading: Reading) -> str:
    """Milligrams as grams: 12500 → "12.5 g"."""
    if value is None or value == "":
        return "—"
    whole, rest = divmod(int(value), 1000)
    return f"{whole}.{rest:03d}".rstrip("0").rstrip(".") + " g"


def kcal_text(value: Any, reading: Reading) -> str:
    return "—" if value is None or value == "" else f"{value} kcal"


def meal_text(value: Any, reading: Reading) -> str:
    return meal_label(value)


def item_title(image: Mapping[str, Any]) -> str:
    """ "Lunch, 3 Mar 2026: Oats 80 g (304 kcal)"."""
    amount = f" {image['amount']}" if image.get("amount") else ""
    return (
        f"{meal_label(image['meal'])}, {day_label(image['date'])}: "
        f"{image['name']}{amount} ({image['kcal']} kcal)"
    )


def meal_title(image: Mapping[str, Any]) -> str:
    return f"{meal_label(image['kind'])}, {day_label(image['date'])}"


def goal_title(image: Mapping[str, Any]) -> str:
    """ "Goal from 1 Mar 2026: 2200 kcal"."""
    return f"Goal from {day_label(image['effective_from'])}: {image['kcal']} kcal"


def template_title(image: Mapping[str, Any]) -> str:
    kind = "Recipe" if image.get("servings") else "Template"
    return f"{kind} {image['name']}"


MEAL = Entity(
    "meal",
    "nutrition",
    "meal",
    "Meal",
    f"{MODELS}:Meal",
    fields=(Show("date", "Date"), Show("kind", "Meal", meal_text)),
    title=meal_title,
    repository=f"{REPOSITORIES}:MealRepository",
)
FOOD_ITEM = Entity(
    "food_item",
    "nutrition",
    "item",
    "Food eaten",
    f"{MODELS}:FoodItem",
    fields=(
        Show("date", "Date"),
        Show("meal", "Meal", meal_text),
        Show("name", "Food"),
        Show("amount", "Amount"),
        Show("kcal", "Energy", kcal_text),
        Show("protein_mg", "Protein", grams_text),
        Show("carbs_mg", "Carbohydrate", grams_text),
        Show("fat_mg", "Fat", grams_text),
        Show("from_date", "Copied from"),
        Show("template", "From template"),
    ),
    title=item_title,
    repository=f"{REPOSITORIES}:FoodItemRepository",
)
GOAL = Entity(
    "nutrition_goal",
    "nutrition",
    "goal",
    "Nutrition goal",
    f"{MODELS}:NutritionGoal",
    fields=(
        Show("effective_from", "From"),
        Show("kcal", "Energy", kcal_text),
        Show("protein_mg", "Protein", grams_text),
        Show("carbs_mg", "Carbohydrate", grams_text),
        Show("fat_mg", "Fat", grams_text),
    ),
    title=goal_title,
)
TEMPLATE = Entity(
    "meal_template",
    "nutrition",
    "template",
    "Meal template",
    f"{MODELS}:MealTemplate",
    fields=(
        Show("name", "Name"),
        Show("kind", "Meal", meal_text),
        Show("servings", "Makes servings"),
        Show("items", "Foods"),
    ),
    title=template_title,
    repository=f"{REPOSITORIES}:MealTemplateRepository",
)
AREA = Area(
    "nutrition",
    "Nutrition",
    entities=(MEAL, FOOD_ITEM, GOAL, TEMPLATE, FOOD),
    key="3",
    summary="Meals, foods, goals",
    audit_groups={"nutrition": "Nutrition"},
    services="dashboard_tui.nutrition.services:NutritionService",
    search="dashboard_tui.nutrition.services.search:search",
    ui="dashboard_tui.nutrition.ui.navigate:AREA_UI",
    week="dashboard_tui.nutrition.week:tile",
)
