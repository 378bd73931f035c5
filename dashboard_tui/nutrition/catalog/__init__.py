"""The shipped food catalog: `usda_foods.tsv`, derived from the USDA National Nutrient
Database for Standard Reference by scripts/derive_usda_foods.py (public domain).

Plain data, no SQLAlchemy: migration 0014 inserts these foods with deterministic ids
(`food_id`), so its downgrade deletes exactly them."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

from dashboard_tui.db.catalog_seed import CATALOG_NAMESPACE

ATTRIBUTION = "USDA National Nutrient Database for Standard Reference"
DATA_FILE = "usda_foods.tsv"


@dataclass(frozen=True)
class ShippedPortion:
    name: str
    label: str
    grams: Decimal  # as written in the source: Decimal("158.00")


@dataclass(frozen=True)
class ShippedFood:
    ndb: str  # as written: "01123"
    name: str
    kcal: int
    protein_mg: int | None
    carbs_mg: int | None
    fat_mg: int | None
    fibre_mg: int | None
    portions: tuple[ShippedPortion, ...]


def food_id(ndb: str) -> uuid.UUID:
    """The stable id of the shipped food with this NDB number (never changes with its name)."""
    return uuid.uuid5(CATALOG_NAMESPACE, f"food:usda-sr:{ndb}")


def portion_id(ndb: str, name: str) -> uuid.UUID:
    return uuid.uuid5(CATALOG_NAMESPACE, f"food-portion:usda-sr:{ndb}:{name}")


def _mg(field: str) -> int | None:
    return None if field == "" else int(field)


def parse(text: str) -> tuple[ShippedFood, ...]:
    foods = []
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("ndb\t"):
            continue
        ndb, name, kcal, protein, carbs, fat, fibre, portions = line.split("\t")
        foods.append(
            ShippedFood(
                ndb=ndb,
                name=name,
                kcal=int(kcal),
                protein_mg=_mg(protein),
                carbs_mg=_mg(carbs),
                fat_mg=_mg(fat),
                fibre_mg=_mg(fibre),
                portions=tuple(
                    ShippedPortion(n, label, Decimal(grams))
                    for n, label, grams in (p.split("|") for p in portions.split(";") if p)
                ),
            )
        )
    return tuple(foods)


def data_text() -> str:
    return resources.files(__name__).joinpath(DATA_FILE).read_text(encoding="utf-8")


def shipped_foods() -> tuple[ShippedFood, ...]:
    """Every shipped food, in NDB order."""
    return parse(data_text())


_FOLDED = str.maketrans({"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})


def search_words(text: str) -> list[str]:
    """The words of `text` as search compares them: case folded, accents stripped
    ("Crème brûlée" → ["creme", "brulee"]), anything but letters and digits a gap."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_FOLDED))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return "".join(ch if ch.isalnum() else " " for ch in plain).split()


def search_key(name: str) -> str:
    """The stored search column of a food name: its words between spaces
    (" creme brulee "), so a word prefix is `LIKE '% brul%'` on both engines."""
    return (" " + " ".join(search_words(name)) + " ")[:255]
