"""The rows a payee rule offered on re-categorising may change (finance/services/
rule_offers.py): one account's imported rows, always for one user."""

from __future__ import annotations

import uuid

from sqlalchemy import exists, or_, select

from dashboard_tui.kit.repository import ScopedRepository
from dashboard_tui.models.finance import Transaction, TransactionSplit


class RuleOfferRepository(ScopedRepository):
    def like_rows(
        self,
        account_id: uuid.UUID,
        categories: tuple[uuid.UUID | None, ...],
        skip: uuid.UUID,
    ) -> list[tuple[uuid.UUID, str]]:
        """(id, payee) of the account's imported rows in one of `categories` (None:
        uncategorised), not `skip`, not reconciled, no transfer leg, no split. The
        payee is matched by the caller, case-folded as the import's rules match it
        (SQLite's lower() folds ASCII only)."""
        named = [c for c in categories if c is not None]
        which = [Transaction.category_id.in_(named)] if named else []
        if None in categories:
            which.append(Transaction.category_id.is_(None))
        if not which:
            return []
        split = exists(
            select(TransactionSplit.id).where(
                TransactionSplit.transaction_id == Transaction.id,
                TransactionSplit.user_id == Transaction.user_id,
            )
        )
        stmt = self._select(Transaction, Transaction.id, Transaction.payee).where(
            Transaction.account_id == account_id,
            Transaction.import_fingerprint.is_not(None),
            Transaction.id != skip,
            Transaction.transfer_id.is_(None),
            Transaction.status != "reconciled",
            or_(*which),
            ~split,
        )
        return [(r[0], r[1]) for r in self.session.execute(stmt)]

    def rows(self, ids: list[uuid.UUID]) -> list[Transaction]:
        if not ids:
            return []
        stmt = self._select(Transaction).where(Transaction.id.in_(ids))
        return list(self.session.scalars(stmt.order_by(Transaction.date, Transaction.id)))
