"""Logging a day: add a food with an amount (its macros a snapshot taken now), a quick
entry (energy and optional macros, no food), edit, delete, move between meals, copy
a meal or a whole day; and the day and week as a person reads them.

Each action is one unit of work with its audit rows inside. A food is looked up
(FoodService) before the write starts: the catalog is read-only for this action."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from dashboard_tui.db.audit_chain import NO_CLIENT, ClientInfo
from dashboard_tui.db.uow import Database
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.kit.service import Actor
from dashboard_tui.kit.validation import clean_name
from dashboard_tui.models.base import utcnow
from dashboard_tui.models.nutrition import MEAL_KINDS, FoodItem, Meal
from dashboard_tui.nutrition import FOOD_ITEM, MEAL_LABELS
from dashboard_tui.nutrition.amounts import AmountError, macros_for, parse_amount
from dashboard_tui.nutrition.dto import Food
from dashboard_tui.nutrition.log_dto import DayView, LoggedItem, MealDay, Totals, WeekDay, WeekView
from dashboard_tui.nutrition.services.base import (
    NutritionServiceBase,
    NutritionWork,
    goal_info,
    half_even,
    item_image,
    logged_item,
    parse_kcal,
    parse_kind,
    parse_macro,
)
from dashboard_tui.nutrition.services.foods import FoodService

DateArg = str | date | None


class LogService(NutritionServiceBase):
    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], datetime] = utcnow,
        client: ClientInfo = NO_CLIENT,
    ) -> None:
        super().__init__(db, clock=clock, client=client)
        self.foods = FoodService(db, clock=clock, client=client)

    # -- reading ------------------------------------------------------------------------
    def day(self, login: Actor, day: DateArg = None) -> DayView:
        def work(uow: NutritionWork) -> DayView:
            when = uow.today if day is None or day == "" else uow.date(day)
            rows = uow.meals.items_between(when, when)
            meals = []
            for kind in MEAL_KINDS:
                items = tuple(logged_item(i, m) for m, i in rows if m.kind == kind)
                total = Totals()
                for x in items:
                    total = total.plus(x.totals)
                meals.append(MealDay(kind, MEAL_LABELS[kind], items, total))
            day_total = Totals()
            for meal in meals:
                day_total = day_total.plus(meal.totals)
            goal = uow.goals.on(when)
            return DayView(
                when, uow.today, tuple(meals), day_total, goal_info(goal) if goal else None
            )

        return self._read(login, work)

    def week(self, login: Actor, day: DateArg = None) -> WeekView:
        """The week holding `day` (from the profile's week start): each day's totals
        against its goal, and the average over the days with something logged."""

        def work(uow: NutritionWork) -> WeekView:
            start = uow.week_of(uow.today if day is None or day == "" else uow.date(day))
            sums = uow.meals.day_totals(start, start + timedelta(days=6))
            goals = sorted(uow.goals.history(), key=lambda g: g.effective_from)
            days = []
            for offset in range(7):
                when = start + timedelta(days=offset)
                goal = next((g for g in reversed(goals) if g.effective_from <= when), None)
                found = sums.get(when)
                totals = Totals(*found) if found else Totals()
                days.append(
                    WeekDay(when, totals, found is not None, goal_info(goal) if goal else None)
                )
            logged = [d for d in days if d.logged]
            n = len(logged)
            average = Totals()
            if n:
                whole = Totals()
                for d in logged:
                    whole = whole.plus(d.totals)
                average = Totals(
                    *(
                        half_even(Decimal(getattr(whole, f)) / n)
                        for f in ("kcal", "protein_mg", "carbs_mg", "fat_mg", "fibre_mg")
                    )
                )
            with_goal = [d.goal.kcal for d in logged if d.goal is not None]
            goal_avg = half_even(Decimal(sum(with_goal)) / len(with_goal)) if with_goal else None
            return WeekView(start, uow.today, tuple(days), average, n, goal_avg)

        return self._read(login, work)

    def get_item(self, login: Actor, item_id: uuid.UUID) -> LoggedItem:
        def work(uow: NutritionWork) -> LoggedItem:
            item, meal = uow.item(item_id)
            return logged_item(item, meal)

        return self._read(login, work)

    def meal_date(self, login: Actor, meal_id: uuid.UUID) -> date:
        def work(uow: NutritionWork) -> date:
            meal = uow.meals.get(meal_id)
            if meal is None:
                raise NotFound("That meal is gone (deleted elsewhere?).")
            return meal.date

        return self._read(login, work)

    # -- logging ------------------------------------------------------------------------
    def add_food(
        self, login: Actor, *, day: DateArg, kind: str, food_id: uuid.UUID, amount: str
    ) -> LoggedItem:
        """`amount` as typed ("150g", "1.5 cup", "2"): its grams and the food's macros
        for them are kept with the item (a snapshot: later catalog edits leave it)."""
        meal_kind = parse_kind(kind)
        food = self._food(login, food_id)
        row = self._food_row(food, amount)

        def work(uow: NutritionWork) -> LoggedItem:
            meal = uow.meal(uow.date(day or uow.today), meal_kind)
            row.meal_id = meal.id
            uow.items.add(row)
            uow.audit(FOOD_ITEM, "created", row.id, after=item_image(row, meal))
            return logged_item(row, meal)

        return self._write(login, work)

    def quick_add(
        self,
        login: Actor,
        *,
        day: DateArg,
        kind: str,
        name: str,
        kcal: str | int,
        protein: str | int | None = None,
        carbs: str | int | None = None,
        fat: str | int | None = None,
    ) -> LoggedItem:
        """Energy (and optionally macros, in grams) with no food: "Coffee, 40 kcal"."""
        meal_kind = parse_kind(kind)
        values = _quick_values(name, kcal, protein, carbs, fat)

        def work(uow: NutritionWork) -> LoggedItem:
            meal = uow.meal(uow.date(day or uow.today), meal_kind)
            row = FoodItem(meal_id=meal.id, catalog_item_id=None, grams=0, amount="", **values)
            uow.items.add(row)
            uow.audit(FOOD_ITEM, "created", row.id, after=item_image(row, meal))
            return logged_item(row, meal)

        return self._write(login, work)

    def edit_item(
        self,
        login: Actor,
        item_id: uuid.UUID,
        *,
        amount: str | None = None,
        name: str | None = None,
        kcal: str | int | None = None,
        protein: str | int | None = None,
        carbs: str | int | None = None,
        fat: str | int | None = None,
    ) -> LoggedItem:
        """A food's amount (its macros taken again for the new amount, from the catalog
        as it is now), or a quick entry's name and values."""
        current = self.get_item(login, item_id)
        changes: dict[str, Any]
        if current.quick:
            changes = _quick_values(
                current.name if name is None else name,
                current.totals.kcal if kcal is None else kcal,
                protein,
                carbs,
                fat,
            )
        else:
            if current.food_id is None:
                raise ValidationError.one(
                    "amount", "This food is gone from the catalog: delete it and log another."
                )
            food = self._food(login, current.food_id)
            fresh = self._food_row(food, current.amount if amount is None else amount)
            changes = {
                c: getattr(fresh, c)
                for c in ("amount", "grams", "kcal", "protein_mg", "carbs_mg", "fat_mg", "fibre_mg")
            }

        def work(uow: NutritionWork) -> LoggedItem:
            item, meal = uow.item(item_id)
            before = item_image(item, meal)
            for key, value in changes.items():
                setattr(item, key, value)
            uow.session.flush()
            uow.audit(FOOD_ITEM, "changed", item.id, before=before, after=item_image(item, meal))
            return logged_item(item, meal)

        return self._write(login, work)

    def delete_item(self, login: Actor, item_id: uuid.UUID) -> None:
        def work(uow: NutritionWork) -> None:
            item, meal = uow.item(item_id)
            before = item_image(item, meal)
            uow.items.delete(item)
            uow.audit(FOOD_ITEM, "deleted", item_id, before=before)

        self._write(login, work)

    def move_item(
        self, login: Actor, item_id: uuid.UUID, *, kind: str, day: DateArg = None
    ) -> LoggedItem:
        """To another meal of the same day (or of `day`)."""
        to_kind = parse_kind(kind)

        def work(uow: NutritionWork) -> LoggedItem:
            item, meal = uow.item(item_id)
            target = uow.meal(meal.date if not day else uow.date(day), to_kind)
            if target.id == meal.id:
                raise ValidationError.one("kind", f"It is in {MEAL_LABELS[to_kind]} already.")
            before = item_image(item, meal)
            item.meal_id = target.id
            uow.session.flush()
            uow.audit(FOOD_ITEM, "moved", item.id, before=before, after=item_image(item, target))
            return logged_item(item, target)

        return self._write(login, work)

    # -- copies ---------------------------------------------------------------------------
    def copy_meal(
        self,
        login: Actor,
        *,
        day: DateArg,
        kind: str,
        to_day: DateArg,
        to_kind: str | None = None,
    ) -> int:
        """Every item of a meal, snapshot and all, into another day's meal (the same
        meal unless `to_kind`); added to what is there. Returns how many."""
        from_kind = parse_kind(kind)
        target_kind = parse_kind(to_kind) if to_kind else from_kind

        def work(uow: NutritionWork) -> int:
            source_day = uow.date(day or uow.today)
            target_day = uow.date(to_day or uow.today, "to_day")
            if source_day == target_day and from_kind == target_kind:
                raise ValidationError.one("to_day", "Choose another day or another meal.")
            source = uow.meals.find(source_day, from_kind)
            items = uow.items.in_meal(source.id) if source else []
            return _copy(uow, items, source_day, target_day, target_kind)

        return self._write(login, work)

    def copy_day(self, login: Actor, *, day: DateArg, to_day: DateArg) -> int:
        """Every meal of `day` into the same meals of `to_day`. Returns how many items."""

        def work(uow: NutritionWork) -> int:
            source_day = uow.date(day or uow.today)
            target_day = uow.date(to_day or uow.today, "to_day")
            if source_day == target_day:
                raise ValidationError.one("to_day", "Choose another day.")
            count = 0
            for kind in MEAL_KINDS:
                source = uow.meals.find(source_day, kind)
                if source is not None:
                    items = uow.items.in_meal(source.id)
                    count += _copy(uow, items, source_day, target_day, kind)
            return count

        return self._write(login, work)

    # -- helpers --------------------------------------------------------------------------
    def _food(self, login: Actor, food_id: uuid.UUID) -> Food:
        try:
            return self.foods.get(login, food_id)
        except NotFound as error:
            raise ValidationError.one("food", "That food is not in the catalog.") from error

    @staticmethod
    def _food_row(food: Food, typed: str) -> FoodItem:
        try:
            amount = parse_amount(typed, food)
        except AmountError as error:
            raise ValidationError.one("amount", str(error)) from error
        macros = macros_for(food, amount.grams)
        return FoodItem(
            catalog_item_id=food.id,
            name=food.name,
            amount=amount.text(),
            grams=half_even(amount.grams),
            kcal=macros.kcal,
            protein_mg=macros.protein_mg,
            carbs_mg=macros.carbs_mg,
            fat_mg=macros.fat_mg,
            fibre_mg=macros.fibre_mg,
        )


def _quick_values(
    name: str,
    kcal: str | int,
    protein: str | int | None,
    carbs: str | int | None,
    fat: str | int | None,
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for key, call in (
        ("name", lambda: clean_name(name or "Quick entry")),
        ("kcal", lambda: parse_kcal(kcal)),
        ("protein_mg", lambda: parse_macro(protein, "protein") or 0),
        ("carbs_mg", lambda: parse_macro(carbs, "carbs") or 0),
        ("fat_mg", lambda: parse_macro(fat, "fat") or 0),
    ):
        try:
            values[key] = call()
        except ValidationError as error:
            errors.update(error.errors)
    if errors:
        raise ValidationError(errors)
    return {**values, "fibre_mg": 0}


COPIED = ("catalog_item_id", "name", "amount", "grams", "kcal", "protein_mg", "carbs_mg", "fat_mg")


def _copy(
    uow: NutritionWork, items: list[FoodItem], source_day: date, target_day: date, kind: str
) -> int:
    if not items:
        return 0
    meal: Meal = uow.meal(target_day, kind)
    for item in items:
        row = FoodItem(
            meal_id=meal.id, fibre_mg=item.fibre_mg, **{c: getattr(item, c) for c in COPIED}
        )
        uow.items.add(row)
        uow.audit(
            FOOD_ITEM,
            "created",
            row.id,
            after=item_image(row, meal, from_date=source_day.isoformat()),
        )
    return len(items)
