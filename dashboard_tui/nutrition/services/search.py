"""The nutrition records for the command palette: foods (the catalog's search),
templates and recipes by name, and a day typed as a date ("2026-03-03")."""

from __future__ import annotations

from datetime import date

from dashboard_tui.account.auth import Login
from dashboard_tui.kit.entity import Found
from dashboard_tui.nutrition import FOOD, MEAL, TEMPLATE, day_label
from dashboard_tui.nutrition.services import NutritionService

PER_KIND = 5


def search(nutrition: NutritionService, login: Login, text: str) -> list[Found]:
    found: list[Found] = []
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        day = None
    if day is not None:
        view = nutrition.log.day(login, day)
        for meal in view.meals:
            if meal.items:  # a day opens on its first meal with anything in it
                found.append(
                    Found(
                        MEAL.name,
                        meal.items[0].meal_id,
                        f"Day: {day_label(day)}",
                        f"{sum(len(m.items) for m in view.meals)} items · {view.totals.kcal} kcal",
                    )
                )
                break
    found += [
        Found(FOOD.name, f.id, f"Food: {f.name}", f"{f.kcal_per_100g} kcal per 100 g")
        for f in nutrition.foods.search(login, text, limit=PER_KIND)
    ]
    found += [
        Found(
            TEMPLATE.name,
            t.id,
            f"{'Recipe' if t.is_recipe else 'Template'}: {t.name}",
            f"{len(t.items)} foods" + (f" · makes {t.servings}" if t.servings else ""),
        )
        for t in nutrition.templates.list_templates(login, text=text)[:PER_KIND]
    ]
    return found
