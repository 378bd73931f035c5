"""STAND-IN (nutrition-day) for nutrition-foods' FoodService: the signatures of the
contract over the catalog's foods (a LIKE on the name, no portions). Replaced
wholesale at merge."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import Select, func, or_, select

from dashboard_tui.kit.errors import NotFound
from dashboard_tui.kit.query import contains
from dashboard_tui.kit.service import Actor, Service, UnitOfWork
from dashboard_tui.models.nutrition import FoodItem
from dashboard_tui.models.shared import CatalogItem
from dashboard_tui.nutrition.dto import Food


def _food(row: CatalogItem) -> Food:
    return Food(
        id=row.id,
        name=row.name,
        own=row.user_id is not None,
        kcal_per_100g=row.kcal_per_100g or 0,
        protein_mg_per_100g=row.protein_mg_per_100g,
        carbs_mg_per_100g=row.carbs_mg_per_100g,
        fat_mg_per_100g=row.fat_mg_per_100g,
        fibre_mg_per_100g=None,
        portions=(),
        default_unit="g",
    )


def _visible(uow: UnitOfWork) -> Select[CatalogItem]:
    return select(CatalogItem).where(
        CatalogItem.kind == "food",
        or_(CatalogItem.user_id.is_(None), CatalogItem.user_id == uow.scope.user_id),
    )


class FoodService(Service[UnitOfWork]):
    def search(self, login: Actor, text: str, *, limit: int = 20) -> tuple[Food, ...]:
        if not text.strip():
            return self.recent(login, limit=limit)

        def work(uow: UnitOfWork) -> tuple[Food, ...]:
            stmt = _visible(uow)
            for word in text.split():
                stmt = stmt.where(contains(CatalogItem.name, word))
            stmt = stmt.order_by(func.lower(CatalogItem.name), CatalogItem.id).limit(limit)
            return tuple(_food(r) for r in uow.session.scalars(stmt))

        return self._read(login, work)

    def get(self, login: Actor, food_id: uuid.UUID) -> Food:
        def work(uow: UnitOfWork) -> Food:
            row = uow.session.scalars(_visible(uow).where(CatalogItem.id == food_id)).first()
            if row is None:
                raise NotFound("That food is not in the catalog.")
            return _food(row)

        return self._read(login, work)

    def _logged(self, login: Actor, limit: int, *, by_count: bool) -> tuple[Food, ...]:
        def work(uow: UnitOfWork) -> tuple[Food, ...]:
            item = FoodItem.catalog_item_id
            stmt = select(item).where(FoodItem.user_id == uow.scope.user_id, item.is_not(None))
            if by_count:
                since = uow.now - timedelta(days=90)
                stmt = stmt.where(FoodItem.created_at >= since).group_by(item)
                stmt = stmt.order_by(func.count().desc(), func.max(FoodItem.created_at).desc())
            else:
                stmt = stmt.group_by(item).order_by(func.max(FoodItem.created_at).desc())
            ids = list(uow.session.scalars(stmt.limit(limit)))
            rows = {
                r.id: r for r in uow.session.scalars(_visible(uow).where(CatalogItem.id.in_(ids)))
            }
            return tuple(_food(rows[i]) for i in ids if i in rows)

        return self._read(login, work)

    def recent(self, login: Actor, *, limit: int = 10) -> tuple[Food, ...]:
        return self._logged(login, limit, by_count=False)

    def frequent(self, login: Actor, *, limit: int = 10) -> tuple[Food, ...]:
        return self._logged(login, limit, by_count=True)
