"""The shipped USDA foods the nutrition tests log (ids from `catalog.food_id`, names
and values from the shipped catalog itself, never copied into the tests)."""

from __future__ import annotations

from functools import cache

from dashboard_tui.nutrition.catalog import ShippedFood, food_id, shipped_foods

OATS_NDB, MILK_NDB, BANANA_NDB, EGG_NDB = "20038", "01077", "09040", "01123"
OATS, MILK, BANANA, EGG = (food_id(n) for n in (OATS_NDB, MILK_NDB, BANANA_NDB, EGG_NDB))


@cache
def shipped(ndb: str) -> ShippedFood:
    """The catalog row of the shipped food with this NDB number."""
    return next(f for f in shipped_foods() if f.ndb == ndb)


def name_of(ndb: str) -> str:
    return shipped(ndb).name
