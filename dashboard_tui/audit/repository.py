"""Reading the audit history: one user's own rows, newest first, keyset-paged.

An admin scope sees, in addition, the auth and account events (`auth.*`, `user.*`)
of every user: approvals, disabled accounts, logins. Never another user's data
events. On PostgreSQL row-level security holds the same line: the unit of work must
set `role='admin'` for the admin view (Database.run(..., role=...)), and the policy
checks in the database that the user really is an active admin."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import defer

from dashboard_tui.kit.repository import ScopedRepository
from dashboard_tui.models.auth import User
from dashboard_tui.models.shared import AuditLog

# The events of other users an admin may read: account and login events only.
ADMIN_VIEW_AREAS = ("auth", "user")


def like_escape(text: str) -> str:
    """`text` as a literal inside a LIKE pattern (escape character: backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class AuditQuery:
    """Validated filters (the service parses what a person typed into this)."""

    area: str = ""  # the part of the action before its first dot: auth, settings, gym…
    action: str = ""  # a prefix of the action, case-insensitive
    since: datetime | None = None  # inclusive, UTC
    until: datetime | None = None  # exclusive, UTC
    text: str = ""  # in action, entity or entity id, case-insensitive
    entity: str = ""  # one kind of record (exact), with entity_id: one record's history
    entity_id: str = ""


@dataclass(frozen=True)
class AuditKey:
    """Where a page ends: the (at, seq, id) of its last row; the next page is older.
    seq keeps the rows of one transaction (one timestamp) in the order written;
    id makes the key unique across chains (an admin's view)."""

    at: datetime
    seq: int
    id: uuid.UUID


class AuditRepository(ScopedRepository):
    def _account_events(self) -> ColumnElement[bool]:
        return or_(*(AuditLog.action.like(f"{a}.%") for a in ADMIN_VIEW_AREAS))

    def _visible(self) -> ColumnElement[bool]:
        own = AuditLog.user_id == self.scope.user_id
        return or_(own, self._account_events()) if self.scope.is_admin else own

    def _others(self) -> ColumnElement[bool]:
        """Rows of anyone but this user, written so that both engines can use the
        (user_id, at) index (a `!=` or an OR with the own rows makes them scan)."""
        me = self.scope.user_id
        return or_(AuditLog.user_id < me, AuditLog.user_id > me, AuditLog.user_id.is_(None))

    def _filters(self, query: AuditQuery) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if query.area:
            conditions.append(AuditLog.action.like(f"{like_escape(query.area)}.%", escape="\\"))
        if query.action:
            conditions.append(AuditLog.action.ilike(f"{like_escape(query.action)}%", escape="\\"))
        if query.since is not None:
            conditions.append(AuditLog.at >= query.since)
        if query.until is not None:
            conditions.append(AuditLog.at < query.until)
        if query.entity:
            conditions.append(AuditLog.entity == query.entity)
        if query.entity_id:
            conditions.append(AuditLog.entity_id == query.entity_id)
        if query.text:
            pattern = f"%{like_escape(query.text)}%"
            conditions.append(
                or_(
                    AuditLog.action.ilike(pattern, escape="\\"),
                    AuditLog.entity.ilike(pattern, escape="\\"),
                    AuditLog.entity_id.ilike(pattern, escape="\\"),
                )
            )
        return conditions

    def _page(
        self, scope: ColumnElement[bool], query: AuditQuery, after: AuditKey | None, limit: int
    ) -> list[tuple[AuditLog, str | None]]:
        stmt = (
            select(AuditLog, User.email)
            .outerjoin(User, User.id == AuditLog.user_id)
            # The images name the record ("Set 3 of Bench press, …"); the hash is not shown.
            .options(defer(AuditLog.hash))
            .where(scope, *self._filters(query))
            .order_by(AuditLog.at.desc(), AuditLog.seq.desc(), AuditLog.id.desc())
            .limit(limit)
        )
        if after is not None:
            same_seq = and_(AuditLog.seq == after.seq, AuditLog.id < after.id)
            same_at = and_(AuditLog.at == after.at, or_(AuditLog.seq < after.seq, same_seq))
            stmt = stmt.where(or_(AuditLog.at < after.at, same_at))
        return [(row[0], row[1]) for row in self.session.execute(stmt)]

    def page(
        self, query: AuditQuery, after: AuditKey | None = None, limit: int = 100
    ) -> list[tuple[AuditLog, str | None]]:
        """Up to `limit` rows older than `after` (newest first), each with the email
        of the user whose history it is (None for events of no user, e.g. a failed
        login with an unknown email), with its before/after images.

        An admin's page is two indexed queries merged: their own rows, and everyone
        else's account events (one query with an OR would scan the whole table)."""
        rows = self._page(AuditLog.user_id == self.scope.user_id, query, after, limit)
        if self.scope.is_admin:
            others = and_(self._others(), self._account_events())
            rows += self._page(others, query, after, limit)
            # The engines order uuids as Python does (SQLite: fixed-width hex text).
            rows.sort(key=lambda r: (r[0].at, r[0].seq, r[0].id), reverse=True)
        return rows[:limit]

    def get(self, row_id: uuid.UUID) -> tuple[AuditLog, str | None] | None:
        """One row, if this scope may see it (own; for an admin also others'
        account events)."""
        row = self.session.execute(
            select(AuditLog, User.email)
            .outerjoin(User, User.id == AuditLog.user_id)
            .where(AuditLog.id == row_id, self._visible())
        ).first()
        return (row[0], row[1]) if row else None

    def record_exists(self, model: type[Any], row_id: uuid.UUID) -> bool:
        """Whether the record an entry concerns is still there, among this user's own
        rows (`model` has an id and a user_id column; User: one's own account)."""
        if model is User:
            condition = User.id == row_id if row_id == self.scope.user_id else false()
            return self.session.scalar(select(User.id).where(condition)) is not None
        return (
            self.session.scalar(self._select(model, model.id).where(model.id == row_id)) is not None
        )
