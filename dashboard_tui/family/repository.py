"""The family members, events and time logs of one user (kit/repository.py); adds and flushes,
never commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select

from dashboard_tui.kit.query import BY_NAME, BY_TITLE, NEWEST_FIRST, contains
from dashboard_tui.kit.repository import EntityRepository, SharedCatalogRepository
from dashboard_tui.models.family import Event, FamilyMember, TimeLog
from dashboard_tui.models.shared import AuditLog, CatalogItem

EVENT_TYPE = "event_type"
ACTIVITY_TYPE = "activity_type"  # the catalog kind of time logs' activities


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

    def latest_changes(self, actions: Sequence[str], prefix: str) -> dict[str, str]:
        """Each event's newest "change" starting with `prefix` in its audit rows with
        these actions (id as text → e.g. "imported from family.ics"): where an
        imported event last came from, without a column of its own. The person's own
        rows only; a family's history is thousands of rows at most."""
        a = AuditLog
        stmt = (
            select(a.entity_id, a.after)
            .where(a.user_id == self.scope.user_id, a.action.in_(list(actions)))
            .order_by(a.seq)
        )
        found: dict[str, str] = {}
        for entity_id, after in self.session.execute(stmt):
            change = after.get("change") if isinstance(after, dict) else None
            if isinstance(entity_id, str) and isinstance(change, str) and change.startswith(prefix):
                found[entity_id] = change
        return found


class EventTypeRepository(SharedCatalogRepository):
    """The catalog's event types: shipped and the user's own."""

    kinds = (EVENT_TYPE,)

    def listed(self) -> list[CatalogItem]:
        return self._listed()


class TimeLogRepository(EntityRepository[TimeLog]):
    """Time logs, listed by day; `between` names each log's member and activity."""

    model = TimeLog
    keyset = NEWEST_FIRST
    search = ("notes",)

    def between(self, first: date, last: date) -> list[tuple[TimeLog, str | None, str | None]]:
        """The logs from `first` to `last` (inclusive) with their member's and their
        activity's names (None: nobody, or an activity gone)."""
        t, m, c = TimeLog, FamilyMember, CatalogItem
        stmt = (
            self._select(t, t, m.name, c.name)
            .outerjoin(m, and_(m.id == t.member_id, m.user_id == t.user_id))
            .outerjoin(c, c.id == t.activity_id)  # shipped or this user's (owner keys)
            .where(t.date >= first, t.date <= last)
            .order_by(t.date, func.lower(func.coalesce(m.name, "")), func.lower(c.name), t.id)
        )
        return [(row, member, activity) for row, member, activity in self.session.execute(stmt)]

    def matching(self, text: str, limit: int) -> list[tuple[TimeLog, str | None, str | None]]:
        """The newest logs whose activity, member or notes contain `text`, with names."""
        t, m, c = TimeLog, FamilyMember, CatalogItem
        stmt = (
            self._select(t, t, m.name, c.name)
            .outerjoin(m, and_(m.id == t.member_id, m.user_id == t.user_id))
            .outerjoin(c, c.id == t.activity_id)
            .where(or_(contains(c.name, text), contains(m.name, text), contains(t.notes, text)))
            .order_by(t.date.desc(), t.created_at.desc(), t.id.desc())
            .limit(limit)
        )
        return [(row, member, activity) for row, member, activity in self.session.execute(stmt)]

    def minutes_on(
        self, day: date, member_id: uuid.UUID | None, excluding: uuid.UUID | None = None
    ) -> int:
        """The minutes logged for a member (None: nobody) on a day, but one log's."""
        t = TimeLog
        stmt = self._select(t, func.coalesce(func.sum(t.minutes), 0)).where(
            t.date == day,
            t.member_id.is_(None) if member_id is None else t.member_id == member_id,
        )
        if excluding is not None:
            stmt = stmt.where(t.id != excluding)
        return int(self.session.scalar(stmt) or 0)


class ActivityRepository(SharedCatalogRepository):
    """The activity types one user sees: the shipped ones and their own."""

    kinds = (ACTIVITY_TYPE,)

    def listed(self) -> list[CatalogItem]:
        return self._listed()

    def named(self, name: str) -> CatalogItem | None:
        """The visible activity of this name, ignoring (ASCII) case; one's own first."""
        c = CatalogItem
        same = or_(func.lower(c.name) == name.lower(), c.name == name)
        stmt = self._visible().where(same).order_by(c.user_id.is_(None), c.id).limit(1)
        return self.session.scalars(stmt).first()

    def add(self, item: CatalogItem) -> CatalogItem:
        item.kind = ACTIVITY_TYPE
        return self._add(item)
