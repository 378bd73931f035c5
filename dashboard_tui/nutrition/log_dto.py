"""What the nutrition log's services hand out: frozen values, never ORM rows.
Energy in kcal, macros in milligrams, amounts in grams: integers, so sums are exact."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date as Date


@dataclass(frozen=True)
class Totals:
    kcal: int = 0
    protein_mg: int = 0
    carbs_mg: int = 0
    fat_mg: int = 0
    fibre_mg: int = 0

    def plus(self, other: Totals) -> Totals:
        return Totals(
            self.kcal + other.kcal,
            self.protein_mg + other.protein_mg,
            self.carbs_mg + other.carbs_mg,
            self.fat_mg + other.fat_mg,
            self.fibre_mg + other.fibre_mg,
        )


@dataclass(frozen=True)
class LoggedItem:
    id: uuid.UUID
    meal_id: uuid.UUID
    date: Date
    kind: str  # breakfast / lunch / dinner / snack
    food_id: uuid.UUID | None  # None: a quick entry, or a food gone from the catalog
    name: str
    amount: str  # as typed: "1.5 cup", "80 g"; "" for a quick entry
    grams: int
    totals: Totals  # the snapshot taken when logged

    @property
    def quick(self) -> bool:
        return self.amount == ""


@dataclass(frozen=True)
class MealDay:
    kind: str
    label: str  # "Snacks"
    items: tuple[LoggedItem, ...]
    totals: Totals


@dataclass(frozen=True)
class GoalInfo:
    id: uuid.UUID
    effective_from: Date
    kcal: int
    protein_mg: int | None
    carbs_mg: int | None
    fat_mg: int | None


@dataclass(frozen=True)
class DayView:
    date: Date
    today: Date
    meals: tuple[MealDay, ...]  # always the four, in order
    totals: Totals
    goal: GoalInfo | None  # in effect that day


@dataclass(frozen=True)
class WeekDay:
    date: Date
    totals: Totals
    logged: bool  # anything eaten that day
    goal: GoalInfo | None


@dataclass(frozen=True)
class WeekView:
    start: Date  # the profile's week start
    today: Date
    days: tuple[WeekDay, ...]  # seven
    average: Totals  # over the days with something logged, rounded half-even
    logged_days: int
    average_goal_kcal: int | None  # over the same days, those with a goal


@dataclass(frozen=True)
class TemplateItemInfo:
    id: uuid.UUID
    food_id: uuid.UUID | None
    name: str
    amount: str  # as typed; "" for a quick entry
    grams: int
    # A quick entry's own values; None for a food (the catalog's at apply time).
    kcal: int | None
    protein_mg: int | None = None
    carbs_mg: int | None = None
    fat_mg: int | None = None


@dataclass(frozen=True)
class TemplateInfo:
    id: uuid.UUID
    name: str
    kind: str
    servings: int | None  # a recipe's yield; None: a plain meal template
    items: tuple[TemplateItemInfo, ...]

    @property
    def is_recipe(self) -> bool:
        return self.servings is not None
