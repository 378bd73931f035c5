"""Notifications: what the app told the person (a reminder fired, later other areas'
news), kept in `notifications` so the list and the header's unread count outlive
the toast. Any area writes them through `notify` inside its own unit of work.

Reading one or all is not audited: it changes nothing the person made or owns (it is
the app's own bookkeeping of what was seen), and an audit row per glance would bury
the history of real changes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import and_, func, or_, update

from dashboard_tui.kit.repository import ScopedRepository
from dashboard_tui.kit.service import Actor, Service, UnitOfWork
from dashboard_tui.kit.tile import Tile, TileLine
from dashboard_tui.kit.tile import hint as hint_tile
from dashboard_tui.models.shared import Notification

TITLE_MAX = 200


@dataclass(frozen=True)
class NotificationInfo:
    id: uuid.UUID
    kind: str
    title: str
    body: str
    created_at: datetime
    read: bool
    missed: bool
    reminder_id: uuid.UUID | None


@dataclass(frozen=True)
class Fired:
    """One notification an area's timer check made (what its toast says)."""

    title: str
    missed: bool


class Alerting(Protocol):
    """What an area declares as its `alerts` (kit/entity.py Area): the shell's timer
    asks it, in a worker, to fire what is due. `missed`: the first check after login,
    so what is due fired while the app was closed."""

    def fire_due(self, actor: Actor, *, missed: bool) -> list[Fired]: ...


def notification_info(row: Notification) -> NotificationInfo:
    return NotificationInfo(
        row.id,
        row.kind,
        row.title,
        row.body,
        row.created_at,
        row.read_at is not None,
        row.missed,
        row.reminder_id,
    )


class NotificationRepository(ScopedRepository):
    def get(self, row_id: uuid.UUID) -> Notification | None:
        return self._get(Notification, row_id)

    def add(self, row: Notification) -> Notification:
        return self._add(row)

    def newest(self, limit: int, after: tuple[datetime, uuid.UUID] | None) -> list[Notification]:
        """Newest first, keyset-paged on (created_at, id)."""
        n = Notification
        stmt = self._select(n)
        if after is not None:
            at, row_id = after
            stmt = stmt.where(or_(n.created_at < at, and_(n.created_at == at, n.id < row_id)))
        stmt = stmt.order_by(n.created_at.desc(), n.id.desc()).limit(limit)
        return list(self.session.scalars(stmt))

    def unread(self) -> int:
        n = Notification
        return self.session.scalar(self._select(n, func.count()).where(n.read_at.is_(None))) or 0

    def mark_all_read(self, now: datetime) -> None:
        n = Notification
        self.session.execute(
            update(n)
            .where(n.user_id == self.scope.user_id, n.read_at.is_(None))
            .values(read_at=now)
            .execution_options(synchronize_session=False)
        )


def notify(
    uow: UnitOfWork,
    title: str,
    *,
    kind: str = "info",
    body: str = "",
    missed: bool = False,
    reminder_id: uuid.UUID | None = None,
) -> Notification:
    """A notification for the person, inside the caller's unit of work."""
    row = Notification(
        kind=kind,
        title=title[:TITLE_MAX],
        body=body,
        created_at=uow.now,
        missed=missed,
        reminder_id=reminder_id,
    )
    return uow.repo(NotificationRepository).add(row)


@dataclass(frozen=True)
class NotificationPage:
    rows: list[NotificationInfo]
    cursor: tuple[datetime, uuid.UUID] | None  # None: the last page


class NotificationService(Service[UnitOfWork]):
    def unread(self, actor: Actor) -> int:
        return self._read(actor, lambda uow: uow.repo(NotificationRepository).unread())

    def page(
        self, actor: Actor, limit: int = 100, after: tuple[datetime, uuid.UUID] | None = None
    ) -> NotificationPage:
        def work(uow: UnitOfWork) -> NotificationPage:
            rows = uow.repo(NotificationRepository).newest(limit + 1, after)
            more = len(rows) > limit
            rows = rows[:limit]
            cursor = (rows[-1].created_at, rows[-1].id) if more and rows else None
            return NotificationPage([notification_info(r) for r in rows], cursor)

        return self._read(actor, work)

    def mark_read(self, actor: Actor, notification_id: uuid.UUID) -> int:
        """Marks one read; returns the unread count after it."""

        def work(uow: UnitOfWork) -> int:
            repo = uow.repo(NotificationRepository)
            row = repo.get(notification_id)
            if row is not None and row.read_at is None:
                row.read_at = uow.now
                uow.session.flush()
            return repo.unread()

        return self._write(actor, work)

    def mark_all_read(self, actor: Actor) -> int:
        def work(uow: UnitOfWork) -> int:
            repo = uow.repo(NotificationRepository)
            repo.mark_all_read(uow.now)
            return repo.unread()

        return self._write(actor, work)


SHOWN_UNREAD = 3


def week_tile(ctx: Any, login: Actor) -> Tile:
    """The home screen's tile of what the app told the person and they have not read
    (kit/tile.py); every line opens the notifications list (ctrl+t)."""
    service = ctx.services(NotificationService)
    unread = service.unread(login)
    if not unread:
        return hint_tile(
            "notifications",
            "Notifications",
            "Nothing unread: due reminders show up here.",
            action="notifications",
        )
    newest = [n for n in service.page(login, limit=SHOWN_UNREAD * 4).rows if not n.read]
    lines = [TileLine(f"Unread: {unread}", action="notifications")]
    lines += [TileLine(n.title, action="notifications") for n in newest[:SHOWN_UNREAD]]
    return Tile("notifications", "Notifications", tuple(lines))
