"""What the food services hand the screens: plain frozen values (DESIGN.md §1).

Per-100 g values are integers: kcal, and macros in milligrams; None = not measured.
A portion's grams are exact (the source's two decimals). Eaten amounts give `Macros`,
integers whose day sums are exact."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Portion:
    name: str  # the word typed after a number: "cup", "large", "slice", "serving"
    label: str  # as shown: "1 cup, chopped (158.00 g)"
    grams: Decimal  # grams in ONE portion, exact to the source (Decimal("158.00"))


@dataclass(frozen=True)
class Food:
    id: uuid.UUID
    name: str  # readable: "Egg, whole, raw"
    own: bool  # the person's own food (editable); False = shipped (read-only)
    kcal_per_100g: int
    protein_mg_per_100g: int | None
    carbs_mg_per_100g: int | None
    fat_mg_per_100g: int | None
    fibre_mg_per_100g: int | None
    portions: tuple[Portion, ...]
    default_unit: str  # "g" or one of the portion names: what a bare number means
    source_id: str | None = None  # USDA NDB number as written, "01123"; None for own foods


@dataclass(frozen=True)
class Macros:
    """For an eaten amount; integers, exact sums."""

    kcal: int
    protein_mg: int
    carbs_mg: int
    fat_mg: int
    fibre_mg: int
