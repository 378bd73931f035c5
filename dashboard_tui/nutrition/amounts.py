"""STAND-IN (nutrition-day) for nutrition-foods' amount parsing: grams only ("150g",
"150 g", a bare number). The names of the contract; replaced wholesale at merge."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from dashboard_tui.nutrition.dto import Food, Macros

MAX_GRAMS = Decimal(10_000)
_AMOUNT = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*(g)?\s*$", re.IGNORECASE)


class AmountError(ValueError):
    """str(e) is the message shown next to the field."""


@dataclass(frozen=True)
class Amount:
    quantity: Decimal
    unit: str
    grams: Decimal

    def text(self) -> str:
        return f"{self.quantity.normalize():f} {self.unit}"


def parse_amount(text: str, food: Food) -> Amount:
    found = _AMOUNT.match(text or "")
    if found is None:
        raise AmountError("Type an amount in grams, like 150g.")
    try:
        quantity = Decimal(found.group(1).replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits digits only
        raise AmountError("Type an amount in grams, like 150g.") from error
    if quantity <= 0 or quantity > MAX_GRAMS:
        raise AmountError(f"Type more than 0 g and at most {MAX_GRAMS} g.")
    return Amount(quantity, "g", quantity)


def _scaled(per_100g: int | None, grams: Decimal) -> int:
    if per_100g is None:
        return 0
    return int((Decimal(per_100g) * grams / 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def macros_for(food: Food, grams: Decimal) -> Macros:
    return Macros(
        _scaled(food.kcal_per_100g, grams),
        _scaled(food.protein_mg_per_100g, grams),
        _scaled(food.carbs_mg_per_100g, grams),
        _scaled(food.fat_mg_per_100g, grams),
        _scaled(food.fibre_mg_per_100g, grams),
    )
