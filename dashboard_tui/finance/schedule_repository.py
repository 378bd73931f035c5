"""The scheduled transactions of one user (kit/repository.py): list, get, add,
delete; adds and flushes, never commits."""

from __future__ import annotations

import uuid

from sqlalchemy import func

from dashboard_tui.kit.repository import ScopedRepository
from dashboard_tui.models.finance import ScheduledTransaction


class ScheduleRepository(ScopedRepository):
    def get(self, schedule_id: uuid.UUID) -> ScheduledTransaction | None:
        found: ScheduledTransaction | None = self._get(ScheduledTransaction, schedule_id)
        return found

    def listed(self, *, active_only: bool = False) -> list[ScheduledTransaction]:
        """Next due first (ended ones last), then by payee."""
        s = ScheduledTransaction
        stmt = self._select(s)
        if active_only:
            stmt = stmt.where(s.active.is_(True), s.next_due.is_not(None))
        stmt = stmt.order_by(s.next_due.is_(None), s.next_due, func.lower(s.payee), s.id)
        return list(self.session.scalars(stmt))

    def add(self, row: ScheduledTransaction) -> ScheduledTransaction:
        added: ScheduledTransaction = self._add(row)
        return added

    def delete(self, row: ScheduledTransaction) -> None:
        self._delete(row)
