"""Meal templates and recipes. A template is a meal saved under a name; applied to a
day's meal, its foods are logged with the catalog's values at that moment (the model's
rule). A recipe is a template with a yield ("makes 4 servings"): logged by servings,
each ingredient is that fraction of its amount, exact until each item's macros are
rounded (once, half-even)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from dashboard_tui.db import audit_chain
from dashboard_tui.db.audit_chain import NO_CLIENT, ClientInfo
from dashboard_tui.db.uow import Database
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.kit.parsing import parse_int
from dashboard_tui.kit.service import Actor
from dashboard_tui.kit.validation import clean_name
from dashboard_tui.models.base import utcnow
from dashboard_tui.models.nutrition import FoodItem, MealTemplate, MealTemplateItem
from dashboard_tui.nutrition import FOOD_ITEM, TEMPLATE
from dashboard_tui.nutrition.amounts import AmountError, macros_for, parse_amount
from dashboard_tui.nutrition.dto import Food
from dashboard_tui.nutrition.log_dto import TemplateInfo, TemplateItemInfo
from dashboard_tui.nutrition.services.base import (
    NutritionServiceBase,
    NutritionWork,
    decimal_text,
    half_even,
    item_image,
    parse_kind,
    parse_servings,
)
from dashboard_tui.nutrition.services.foods import FoodService

MAX_YIELD = 1000


def parse_yield(value: str | int | None) -> int | None:
    return parse_int(
        value, field="servings", lo=1, hi=MAX_YIELD, required=False, label="servings it makes"
    )


def template_info(row: MealTemplate, items: list[MealTemplateItem]) -> TemplateInfo:
    return TemplateInfo(
        row.id,
        row.name,
        row.kind,
        row.servings,
        tuple(
            TemplateItemInfo(
                i.id,
                i.catalog_item_id,
                i.name,
                i.amount,
                i.grams,
                i.kcal,
                i.protein_mg,
                i.carbs_mg,
                i.fat_mg,
            )
            for i in items
        ),
    )


def template_image(row: MealTemplate, items: list[MealTemplateItem]) -> dict[str, Any]:
    return {
        **audit_chain.snapshot(row),
        "items": ", ".join(f"{i.name} {i.amount}".strip() for i in items),
    }


class TemplateService(NutritionServiceBase):
    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], datetime] = utcnow,
        client: ClientInfo = NO_CLIENT,
    ) -> None:
        super().__init__(db, clock=clock, client=client)
        self.foods = FoodService(db, clock=clock, client=client)

    def save_meal(
        self,
        login: Actor,
        *,
        day: str | date | None,
        kind: str,
        name: str,
        servings: str | int | None = None,
    ) -> TemplateInfo:
        """The meal of `day` and `kind` as a template `name` (a recipe when `servings`,
        the yield, is given)."""
        meal_kind = parse_kind(kind)
        errors: dict[str, str] = {}
        try:
            clean = clean_name(name)
        except ValidationError as error:
            errors.update(error.errors)
        try:
            yields = parse_yield(servings)
        except ValidationError as error:
            errors.update(error.errors)
        if errors:
            raise ValidationError(errors)

        def work(uow: NutritionWork) -> TemplateInfo:
            meal = uow.meals.find(uow.date(day or uow.today), meal_kind)
            items = uow.items.in_meal(meal.id) if meal else []
            if not items:
                raise ValidationError.one("name", "This meal is empty: nothing to save.")
            _unique(uow, clean)
            row = uow.templates.add(MealTemplate(name=clean, kind=meal_kind, servings=yields))
            saved = [
                uow.templates.add_item(
                    MealTemplateItem(
                        template_id=row.id,
                        catalog_item_id=i.catalog_item_id,
                        name=i.name,
                        grams=i.grams,
                        amount=i.amount,
                        **_quick(i),
                    )
                )
                for i in items
            ]
            uow.audit(TEMPLATE, "created", row.id, after=template_image(row, saved))
            return template_info(row, saved)

        return self._write(login, work)

    def list_templates(self, login: Actor, *, text: str = "") -> tuple[TemplateInfo, ...]:
        def work(uow: NutritionWork) -> tuple[TemplateInfo, ...]:
            rows = uow.templates.page(limit=500, text=text)
            return tuple(template_info(r, uow.templates.items(r.id)) for r in rows)

        return self._read(login, work)

    def get_template(self, login: Actor, template_id: uuid.UUID) -> TemplateInfo:
        def work(uow: NutritionWork) -> TemplateInfo:
            row = _template(uow, template_id)
            return template_info(row, uow.templates.items(row.id))

        return self._read(login, work)

    def edit_template(
        self, login: Actor, template_id: uuid.UUID, *, name: str, servings: str | int | None
    ) -> TemplateInfo:
        """Rename it, or set or clear its yield (a recipe, or a plain template again)."""
        clean = clean_name(name)
        yields = parse_yield(servings)

        def work(uow: NutritionWork) -> TemplateInfo:
            row = _template(uow, template_id)
            items = uow.templates.items(row.id)
            if clean.lower() != row.name.lower():
                _unique(uow, clean)
            before = template_image(row, items)
            row.name, row.servings = clean, yields
            uow.session.flush()
            uow.audit(TEMPLATE, "changed", row.id, before=before, after=template_image(row, items))
            return template_info(row, items)

        return self._write(login, work)

    def delete_template(self, login: Actor, template_id: uuid.UUID) -> None:
        def work(uow: NutritionWork) -> None:
            row = _template(uow, template_id)
            before = template_image(row, uow.templates.items(row.id))
            uow.templates.delete(row)
            uow.audit(TEMPLATE, "deleted", template_id, before=before)

        self._write(login, work)

    def apply(
        self,
        login: Actor,
        template_id: uuid.UUID,
        *,
        day: str | date | None,
        kind: str | None = None,
        servings: str | None = None,
    ) -> int:
        """Log the template into `day`'s meal (the template's own meal unless `kind`).
        A recipe takes `servings` (default 1): each ingredient × servings / yield.
        Returns how many items were logged."""
        info = self.get_template(login, template_id)
        meal_kind = parse_kind(kind or info.kind)
        eaten = parse_servings(servings or "1")
        factor = eaten / info.servings if info.servings else eaten
        foods: dict[uuid.UUID, Food] = {}
        for item in info.items:
            if item.food_id is not None and item.food_id not in foods:
                with contextlib.suppress(NotFound):  # hidden or gone since: left out
                    foods[item.food_id] = self.foods.get(login, item.food_id)
        rows = [r for r in (_applied(i, foods, factor) for i in info.items) if r is not None]

        def work(uow: NutritionWork) -> int:
            meal = uow.meal(uow.date(day or uow.today), meal_kind)
            for row in rows:
                row.meal_id = meal.id
                uow.items.add(row)
                uow.audit(
                    FOOD_ITEM, "created", row.id, after=item_image(row, meal, template=info.name)
                )
            return len(rows)

        return self._write(login, work)


def _template(uow: NutritionWork, template_id: uuid.UUID) -> MealTemplate:
    row = uow.templates.get(template_id)
    if row is None:
        raise NotFound("That template is gone (deleted elsewhere?).")
    return row


def _unique(uow: NutritionWork, name: str) -> None:
    taken = [r for r in uow.templates.page(limit=50, text=name) if r.name.lower() == name.lower()]
    if taken:
        raise ValidationError.one("name", "You have a template with this name already.")


def _quick(item: FoodItem) -> dict[str, int | None]:
    if item.amount:
        return {"kcal": None, "protein_mg": None, "carbs_mg": None, "fat_mg": None}
    return {
        "kcal": item.kcal,
        "protein_mg": item.protein_mg,
        "carbs_mg": item.carbs_mg,
        "fat_mg": item.fat_mg,
    }


def _applied(
    item: TemplateItemInfo, foods: dict[uuid.UUID, Food], factor: Decimal
) -> FoodItem | None:
    """The food item a template's item logs, `factor` of it: a food with the catalog's
    values now; a quick entry with its own."""
    if not item.amount:
        return _quick_row(item, factor)
    food = foods.get(item.food_id) if item.food_id else None
    if food is None:
        return None
    try:
        grams = parse_amount(item.amount, food).grams
    except AmountError:  # its portion is gone since: the grams it was saved with
        grams = Decimal(item.grams)
    eaten = grams * factor
    macros = macros_for(food, eaten)
    amount = item.amount if factor == 1 else f"{decimal_text(round(eaten, 1))} g"
    return FoodItem(
        catalog_item_id=food.id,
        name=food.name,
        amount=amount,
        grams=half_even(eaten),
        kcal=macros.kcal,
        protein_mg=macros.protein_mg,
        carbs_mg=macros.carbs_mg,
        fat_mg=macros.fat_mg,
        fibre_mg=macros.fibre_mg,
    )


def _quick_row(item: TemplateItemInfo, factor: Decimal) -> FoodItem:
    def part(value: int | None) -> int:
        return half_even(Decimal(value or 0) * factor)

    return FoodItem(
        catalog_item_id=None,
        name=item.name,
        amount="",
        grams=0,
        kcal=part(item.kcal),
        protein_mg=part(item.protein_mg),
        carbs_mg=part(item.carbs_mg),
        fat_mg=part(item.fat_mg),
        fibre_mg=0,
    )
