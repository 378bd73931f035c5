"""The family members and events of one user (kit/repository.py); adds and flushes,
never commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_

from dashboard_tui.kit.query import BY_NAME, BY_TITLE
from dashboard_tui.kit.repository import EntityRepository
from dashboard_tui.models.family import Event, FamilyMember


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
