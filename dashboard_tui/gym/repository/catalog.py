"""The exercise catalog as one user sees it: the shipped rows (user_id NULL, read-only)
and the user's own. Another user's own rows are never visible."""

from __future__ import annotations

import uuid

from sqlalchemy import and_, func, or_

from dashboard_tui.kit.query import contains
from dashboard_tui.kit.repository import SharedCatalogRepository
from dashboard_tui.models.gym import CardioSession, Exercise, WorkoutTemplateExercise
from dashboard_tui.models.shared import CatalogItem

EXERCISE = "exercise"


class CatalogRepository(SharedCatalogRepository):
    kinds = (EXERCISE,)

    def page(
        self,
        *,
        limit: int,
        after: tuple[str, uuid.UUID] | None = None,
        text: str = "",
        mode: str | None = None,
        own_only: bool = False,
    ) -> list[CatalogItem]:
        """Visible exercises ordered by (lower(name), id), after the keyset `after`."""
        key = func.lower(CatalogItem.name)
        stmt = self._visible()
        if text:
            stmt = stmt.where(contains(CatalogItem.name, text))
        if mode:
            stmt = stmt.where(CatalogItem.mode == mode)
        if own_only:
            stmt = stmt.where(CatalogItem.user_id == self.scope.user_id)
        if after is not None:
            stmt = stmt.where(or_(key > after[0], and_(key == after[0], CatalogItem.id > after[1])))
        return list(self.session.scalars(stmt.order_by(key, CatalogItem.id).limit(limit)))

    def find_by_name(self, name: str) -> list[CatalogItem]:
        """Visible exercises with this name, ignoring (ASCII) case."""
        same = or_(func.lower(CatalogItem.name) == name.lower(), CatalogItem.name == name)
        return list(self.session.scalars(self._visible().where(same).limit(10)))

    def add(self, item: CatalogItem) -> CatalogItem:
        item.kind = EXERCISE
        return self._add(item)

    def delete(self, item: CatalogItem) -> None:
        self._delete(item)  # refuses shipped rows (user_id NULL) and other users' rows

    def usage(self, item_id: uuid.UUID) -> dict[str, int]:
        """How many of this user's workouts, templates and cardio sessions use the item."""
        counts = {}
        for label, model, column, counted in (
            ("workouts", Exercise, Exercise.catalog_item_id, Exercise.workout_id),
            (
                "templates",
                WorkoutTemplateExercise,
                WorkoutTemplateExercise.catalog_item_id,
                WorkoutTemplateExercise.template_id,
            ),
            ("cardio", CardioSession, CardioSession.activity_id, CardioSession.id),
        ):
            stmt = self._select(model, func.count(func.distinct(counted))).where(column == item_id)
            counts[label] = self.session.scalar(stmt) or 0
        return counts
