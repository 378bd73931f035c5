"""The family members and events of one user (kit/repository.py); adds and flushes,
never commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select

from dashboard_tui.kit.query import BY_NAME, BY_TITLE
from dashboard_tui.kit.repository import AnySelect, EntityRepository, ScopedRepository
from dashboard_tui.models.family import Event, FamilyMember
from dashboard_tui.models.shared import CatalogItem

EVENT_TYPE = "event_type"


class MemberRepository(EntityRepository[FamilyMember]):
    model = FamilyMember
    keyset = BY_NAME
    search = ("name", "relation", "notes")

    def listed(self) -> list[FamilyMember]:
        m = FamilyMember
        return list(self.session.scalars(self._select(m).order_by(func.lower(m.name), m.id)))


class EventRepository(EntityRepository[Event]):
    model = Event
    keyset = BY_TITLE
    search = ("title", "location", "notes")

    def series_before(self, end: datetime, start: datetime) -> list[Event]:
        """Series (and single events) that may have an occurrence in [start, end):
        every recurring one begun before `end`, and single ones overlapping it (their
        end, or their start when they have none, after a day before `start`: all-day
        ones end at the next midnight, which the expansion checks exactly)."""
        e = Event
        stmt = self._select(e).where(
            e.series_id.is_(None),
            e.starts_at < end,
            or_(
                e.rrule.is_not(None),
                func.coalesce(e.ends_at, e.starts_at) >= start,
                e.all_day.is_(True),
            ),
        )
        return list(self.session.scalars(stmt.order_by(e.starts_at, e.id)))

    def overrides_of(self, series_ids: Sequence[uuid.UUID]) -> list[Event]:
        """The changed occurrences (own rows) of these series."""
        if not series_ids:
            return []
        e = Event
        stmt = self._select(e).where(e.series_id.in_(list(series_ids)))
        return list(self.session.scalars(stmt.order_by(e.starts_at, e.id)))


class EventTypeRepository(ScopedRepository):
    """The catalog's event types as one user sees them: shipped (user_id NULL) and
    the user's own; another user's own are never visible."""

    def _visible(self, *columns: Any) -> AnySelect:
        stmt = select(*columns) if columns else select(CatalogItem)
        return stmt.where(
            CatalogItem.kind == EVENT_TYPE,
            or_(CatalogItem.user_id.is_(None), CatalogItem.user_id == self.scope.user_id),
        )

    def get(self, item_id: uuid.UUID) -> CatalogItem | None:
        return self.session.scalars(self._visible().where(CatalogItem.id == item_id)).one_or_none()

    def listed(self) -> list[CatalogItem]:
        c = CatalogItem
        return list(self.session.scalars(self._visible().order_by(func.lower(c.name), c.id)))
