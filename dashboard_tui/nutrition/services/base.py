"""What every nutrition service shares: the unit of work with the area's
repositories, the parsing of what a person types (meal, energy, grams of a macro,
servings) and the ORM → DTO conversions."""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from dashboard_tui.db import audit_chain
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.kit.parsing import MAX_INPUT, parse_int
from dashboard_tui.kit.service import Service, UnitOfWork
from dashboard_tui.models.nutrition import MEAL_KINDS, FoodItem, Meal, NutritionGoal
from dashboard_tui.nutrition import MEAL_LABELS
from dashboard_tui.nutrition.log_dto import GoalInfo, LoggedItem, Totals
from dashboard_tui.nutrition.repository import (
    FoodItemRepository,
    GoalRepository,
    MealRepository,
    MealTemplateRepository,
)

MAX_KCAL = 20_000  # one entry or one goal
MAX_MACRO_G = 2_000
MEAL_ALIASES = {
    **{k: k for k in MEAL_KINDS},
    "snacks": "snack",
    "b": "breakfast",
    "l": "lunch",
    "d": "dinner",
    "s": "snack",
}
_GRAMS = re.compile(r"^\s*(\d{1,4})(?:[.,](\d{1,3}))?\s*(?:g)?\s*$", re.IGNORECASE)


class NutritionWork(UnitOfWork):
    @property
    def meals(self) -> MealRepository:
        return self.repo(MealRepository)

    @property
    def items(self) -> FoodItemRepository:
        return self.repo(FoodItemRepository)

    @property
    def goals(self) -> GoalRepository:
        return self.repo(GoalRepository)

    @property
    def templates(self) -> MealTemplateRepository:
        return self.repo(MealTemplateRepository)

    def meal(self, day: date, kind: str) -> Meal:
        """The meal of `day` and `kind`, made when first needed."""
        found = self.meals.find(day, kind)
        if found is None:
            found = self.meals.add(Meal(date=day, kind=kind, name="", notes=""))
        return found

    def item(self, item_id: uuid.UUID) -> tuple[FoodItem, Meal]:
        item = self.items.get(item_id)
        meal = self.meals.get(item.meal_id) if item is not None else None
        if item is None or meal is None:
            raise NotFound("That entry is gone (deleted elsewhere?).")
        return item, meal


class NutritionServiceBase(Service[NutritionWork]):
    uow_class = NutritionWork


# -- what a person types ----------------------------------------------------------------
def parse_kind(value: str, field: str = "kind") -> str:
    kind = MEAL_ALIASES.get(str(value).strip().lower())
    if kind is None:
        raise ValidationError.one(field, "Choose breakfast, lunch, dinner or snacks.")
    return kind


def parse_kcal(value: str | int, field: str = "kcal") -> int:
    return parse_int(value, field=field, lo=0, hi=MAX_KCAL, label="energy (kcal)")


def parse_macro(value: str | int | None, field: str) -> int | None:
    """Grams as typed ("12.5", "12,5", "12.5 g") → milligrams; empty: None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int):
        value = str(value)
    found = _GRAMS.match(value) if len(value) <= MAX_INPUT else None
    if found is None:
        raise ValidationError.one(field, f"Type grams, like 12.5 (0 to {MAX_MACRO_G}).")
    mg = int(found.group(1)) * 1000 + int((found.group(2) or "").ljust(3, "0"))
    if mg > MAX_MACRO_G * 1000:
        raise ValidationError.one(field, f"At most {MAX_MACRO_G} g.")
    return mg


def parse_servings(value: str, field: str = "servings") -> Decimal:
    """A number of servings: 1, 1.5, 0,5 (up to 2 decimals, more than 0, at most 100)."""
    text = str(value).strip().replace(",", ".")
    if not re.fullmatch(r"\d{1,3}(\.\d{1,2})?", text) or not 0 < Decimal(text) <= 100:
        raise ValidationError.one(field, "Type the servings eaten, like 1 or 1.5 (at most 100).")
    return Decimal(text)


def half_even(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def decimal_text(value: Decimal) -> str:
    """ "237.5" from Decimal("237.500"), "80" from Decimal("80.0")."""
    return f"{value.normalize():f}"


# -- ORM → DTO --------------------------------------------------------------------------
def totals_of(row: Any) -> Totals:
    return Totals(row.kcal, row.protein_mg, row.carbs_mg, row.fat_mg, row.fibre_mg)


def logged_item(item: FoodItem, meal: Meal) -> LoggedItem:
    return LoggedItem(
        id=item.id,
        meal_id=meal.id,
        date=meal.date,
        kind=meal.kind,
        food_id=item.catalog_item_id,
        name=item.name,
        amount=item.amount,
        grams=item.grams,
        totals=totals_of(item),
    )


def goal_info(row: NutritionGoal) -> GoalInfo:
    return GoalInfo(row.id, row.effective_from, row.kcal, row.protein_mg, row.carbs_mg, row.fat_mg)


def item_image(item: FoodItem, meal: Meal, **extra: Any) -> dict[str, Any]:
    """An item with its day and meal, for the audit history."""
    return {
        **audit_chain.snapshot(item),
        "date": meal.date.isoformat(),
        "meal": meal.kind,
        **extra,
    }


def meal_label(kind: str) -> str:
    return MEAL_LABELS[kind]
