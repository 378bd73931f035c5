"""The food catalog as one user sees it: the shipped foods (user_id NULL, read-only)
and the user's own; another user's own foods and portions are never visible.

Search compares the stored `search_key` (the name lowercased, accents stripped, in
Python when written): every typed word must start a word of the name, in any order.
Plain LIKE on ASCII-lowercase text gives the same rows on SQLite and PostgreSQL, and
the order (own, then recently eaten, then shipped; names starting with the first
word first; shorter names first; id) uses no collation, so it is the same too."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, case, func, or_, select

from dashboard_tui.kit.repository import AnySelect, SharedCatalogRepository
from dashboard_tui.models.food_catalog import FoodPortion
from dashboard_tui.models.nutrition import FoodItem, Meal
from dashboard_tui.models.shared import CatalogItem

FOOD = "food"
RECENT_POOL = 200  # recently eaten foods that rank first in search


class FoodRepository(SharedCatalogRepository):
    """Foods: the shipped catalog and the user's own (hidden ones too: old meals
    refer to them)."""

    kinds = (FOOD,)

    def get_many(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, CatalogItem]:
        if not ids:
            return {}
        rows: list[CatalogItem] = list(
            self.session.scalars(self._visible().where(CatalogItem.id.in_(list(ids))))
        )
        return {row.id: row for row in rows}

    def _recent_ids(self) -> AnySelect:
        """The person's most recently logged foods (a bounded pool)."""
        return (
            self._select(FoodItem, FoodItem.catalog_item_id)
            .where(FoodItem.catalog_item_id.is_not(None))
            .group_by(FoodItem.catalog_item_id)
            .order_by(func.max(FoodItem.created_at).desc(), FoodItem.catalog_item_id)
            .limit(RECENT_POOL)
        )

    def search(self, words: Sequence[str], *, limit: int) -> list[CatalogItem]:
        """Visible, not hidden foods whose name has a word starting with each of
        `words` (normalised), best first."""
        stmt = self._visible().where(CatalogItem.hidden.is_(False))
        for word in words:
            stmt = stmt.where(CatalogItem.search_key.like(f"% {word}%"))
        recent = self._recent_ids().subquery()
        rank = case(
            (CatalogItem.user_id.is_not(None), 0),
            (CatalogItem.id.in_(select(recent.c.catalog_item_id)), 1),
            else_=2,
        )
        starts = case((CatalogItem.search_key.like(f" {words[0]}%"), 0), else_=1)
        stmt = stmt.order_by(rank, starts, func.length(CatalogItem.search_key), CatalogItem.id)
        return list(self.session.scalars(stmt.limit(limit)))

    def own(self, *, limit: int, include_hidden: bool = False) -> list[CatalogItem]:
        """The person's own foods, newest first."""
        stmt = self._select(CatalogItem).where(CatalogItem.kind == FOOD)
        if not include_hidden:
            stmt = stmt.where(CatalogItem.hidden.is_(False))
        stmt = stmt.order_by(CatalogItem.created_at.desc(), CatalogItem.id)
        return list(self.session.scalars(stmt.limit(limit)))

    def recent(self, *, limit: int) -> list[uuid.UUID]:
        """Ids of the foods the person logged, the most recently logged first."""
        stmt = (
            self._select(FoodItem, FoodItem.catalog_item_id)
            .join(Meal, and_(Meal.id == FoodItem.meal_id, Meal.user_id == FoodItem.user_id))
            .where(FoodItem.catalog_item_id.is_not(None))
            .group_by(FoodItem.catalog_item_id)
            .order_by(
                func.max(Meal.date).desc(),
                func.max(FoodItem.created_at).desc(),
                FoodItem.catalog_item_id,
            )
            .limit(limit)
        )
        return [i for i in self.session.scalars(stmt) if i is not None]

    def frequent(self, *, since: date, limit: int) -> list[uuid.UUID]:
        """Ids of the foods logged most often on days from `since`, most first."""
        count = func.count(FoodItem.id)
        stmt = (
            self._select(FoodItem, FoodItem.catalog_item_id)
            .join(Meal, and_(Meal.id == FoodItem.meal_id, Meal.user_id == FoodItem.user_id))
            .where(FoodItem.catalog_item_id.is_not(None), Meal.date >= since)
            .group_by(FoodItem.catalog_item_id)
            .order_by(count.desc(), func.max(Meal.date).desc(), FoodItem.catalog_item_id)
            .limit(limit)
        )
        return [i for i in self.session.scalars(stmt) if i is not None]

    def portions(self, food_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[FoodPortion]]:
        """Each food's portions (shipped and the person's own), in order."""
        found: dict[uuid.UUID, list[FoodPortion]] = {i: [] for i in food_ids}
        if not food_ids:
            return found
        stmt = (
            select(FoodPortion)
            .where(
                FoodPortion.food_id.in_(list(food_ids)),
                or_(FoodPortion.user_id.is_(None), FoodPortion.user_id == self.scope.user_id),
            )
            .order_by(FoodPortion.food_id, FoodPortion.position, FoodPortion.name)
        )
        for row in self.session.scalars(stmt):
            found[row.food_id].append(row)
        return found

    def add(self, item: CatalogItem) -> CatalogItem:
        item.kind = FOOD
        return self._add(item)

    def replace_portions(self, food: CatalogItem, portions: Sequence[FoodPortion]) -> None:
        """The own food's portions become `portions` (in this order)."""
        if food.user_id != self.scope.user_id:
            raise LookupError("row not found for this user")
        for old in self.session.scalars(
            self._select(FoodPortion).where(FoodPortion.food_id == food.id)
        ):
            self.session.delete(old)
        self.session.flush()
        for i, portion in enumerate(portions):
            portion.food_id = food.id
            portion.position = i
            self._add(portion)
