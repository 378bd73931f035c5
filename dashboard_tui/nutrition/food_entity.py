"""The food's audit declaration: how an own food's audit images read in human terms
(grams, not the stored milligrams). The nutrition AREA lists `FOOD` among its
entities (nutrition-day's package, at merge)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from dashboard_tui.kit.entity import Entity, Reading, Show, as_text


def grams_from_mg(value: Any, reading: Reading) -> str:
    if value is None or value == "":
        return "—"
    return f"{Decimal(int(value)) / 1000:f} g"


def kcal(value: Any, reading: Reading) -> str:
    return "—" if value is None else f"{value} kcal"


def portions(value: Any, reading: Reading) -> str:
    if not value:
        return "—"
    return ", ".join(f"1 {p['name']} = {p['grams']} g" for p in value)


def food_title(image: Mapping[str, Any]) -> str:
    return f"Food {image.get('name', '')}".strip()


FOOD = Entity(
    "food",
    "nutrition",
    "food",
    "Food",
    "dashboard_tui.models.shared:CatalogItem",
    fields=(
        Show("name", "Name"),
        Show("kcal_per_100g", "Energy per 100 g", kcal),
        Show("protein_mg_per_100g", "Protein per 100 g", grams_from_mg),
        Show("carbs_mg_per_100g", "Carbohydrate per 100 g", grams_from_mg),
        Show("fat_mg_per_100g", "Fat per 100 g", grams_from_mg),
        Show("fibre_mg_per_100g", "Fibre per 100 g", grams_from_mg),
        Show("default_unit", "Default unit"),
        Show("portions", "Portions", portions),
        Show("hidden", "Hidden", as_text),
    ),
    title=food_title,
)
