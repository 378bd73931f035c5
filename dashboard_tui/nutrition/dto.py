"""STAND-IN (nutrition-day) for nutrition-foods' food DTOs: the names of the
contract (/tmp/nutrition_contract.md), replaced wholesale at merge."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Portion:
    name: str
    label: str
    grams: Decimal


@dataclass(frozen=True)
class Food:
    id: uuid.UUID
    name: str
    own: bool
    kcal_per_100g: int
    protein_mg_per_100g: int | None
    carbs_mg_per_100g: int | None
    fat_mg_per_100g: int | None
    fibre_mg_per_100g: int | None
    portions: tuple[Portion, ...]
    default_unit: str
    source_id: str | None = None


@dataclass(frozen=True)
class Macros:
    kcal: int
    protein_mg: int
    carbs_mg: int
    fat_mg: int
    fibre_mg: int
