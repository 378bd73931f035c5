"""The nutrition log's queries, each scoped to one person: meals (made on demand per
day and kind), what was eaten in them, goals, meal templates and their items."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func

from dashboard_tui.kit.query import BY_NAME, NEWEST_FIRST
from dashboard_tui.kit.repository import EntityRepository, ScopedRepository
from dashboard_tui.models.nutrition import (
    FoodItem,
    Meal,
    MealTemplate,
    MealTemplateItem,
    NutritionGoal,
)

# What a day's totals sum: energy and macros, integers of a fixed unit.
SUMMED = ("kcal", "protein_mg", "carbs_mg", "fat_mg", "fibre_mg")


class MealRepository(EntityRepository[Meal]):
    model = Meal
    keyset = NEWEST_FIRST
    search = ("name",)

    def find(self, day: date, kind: str) -> Meal | None:
        stmt = self._select(Meal).where(Meal.date == day, Meal.kind == kind)
        return self.session.scalars(stmt.order_by(Meal.created_at, Meal.id)).first()

    def on_days(self, first: date, last: date) -> list[Meal]:
        stmt = self._select(Meal).where(Meal.date >= first, Meal.date <= last)
        return list(self.session.scalars(stmt.order_by(Meal.date, Meal.created_at, Meal.id)))

    def items_between(self, first: date, last: date) -> list[tuple[Meal, FoodItem]]:
        """Every item eaten from `first` to `last`, with its meal, in the order logged."""
        stmt = (
            self._select(Meal, Meal, FoodItem)
            .join(FoodItem, FoodItem.meal_id == Meal.id)
            .where(Meal.date >= first, Meal.date <= last, FoodItem.user_id == self.scope.user_id)
            .order_by(Meal.date, FoodItem.created_at, FoodItem.id)
        )
        return [(meal, item) for meal, item in self.session.execute(stmt).all()]

    def day_totals(self, first: date, last: date) -> dict[date, tuple[int, ...]]:
        """Per day with anything eaten: the sums of SUMMED, in the database (exact)."""
        sums = [func.sum(getattr(FoodItem, c)) for c in SUMMED]
        stmt = (
            self._select(Meal, Meal.date, *sums)
            .join(FoodItem, FoodItem.meal_id == Meal.id)
            .where(Meal.date >= first, Meal.date <= last, FoodItem.user_id == self.scope.user_id)
            .group_by(Meal.date)
        )
        return {row[0]: tuple(int(v or 0) for v in row[1:]) for row in self.session.execute(stmt)}


class FoodItemRepository(EntityRepository[FoodItem]):
    model = FoodItem
    keyset = BY_NAME
    search = ("name",)

    def in_meal(self, meal_id: uuid.UUID) -> list[FoodItem]:
        stmt = self._select(FoodItem).where(FoodItem.meal_id == meal_id)
        return list(self.session.scalars(stmt.order_by(FoodItem.created_at, FoodItem.id)))


class GoalRepository(ScopedRepository):
    """Effective-dated goals: the one for a day is the latest from on or before it."""

    def get(self, goal_id: uuid.UUID) -> NutritionGoal | None:
        return self._get(NutritionGoal, goal_id)

    def on(self, day: date) -> NutritionGoal | None:
        stmt = self._select(NutritionGoal).where(NutritionGoal.effective_from <= day)
        return self.session.scalars(stmt.order_by(NutritionGoal.effective_from.desc())).first()

    def history(self) -> list[NutritionGoal]:
        stmt = self._select(NutritionGoal).order_by(NutritionGoal.effective_from.desc())
        return list(self.session.scalars(stmt))

    def add(self, row: NutritionGoal) -> NutritionGoal:
        return self._add(row)

    def delete(self, row: NutritionGoal) -> None:
        self._delete(row)


class MealTemplateRepository(EntityRepository[MealTemplate]):
    model = MealTemplate
    keyset = BY_NAME
    search = ("name",)

    def items(self, template_id: uuid.UUID) -> list[MealTemplateItem]:
        stmt = self._select(MealTemplateItem).where(MealTemplateItem.template_id == template_id)
        return list(
            self.session.scalars(stmt.order_by(MealTemplateItem.created_at, MealTemplateItem.id))
        )

    def add_item(self, row: MealTemplateItem) -> MealTemplateItem:
        return self._add(row)
