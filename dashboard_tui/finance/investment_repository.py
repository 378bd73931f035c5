"""The investment lots and prices of one user (kit/repository.py): list, get, add,
delete; adds and flushes, never commits (migration 0013)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func

from dashboard_tui.kit.repository import ScopedRepository
from dashboard_tui.models.finance import InvestmentLot, InvestmentPrice


class InvestmentRepository(ScopedRepository):
    # -- lots ----------------------------------------------------------------------------
    def lots(self, account_id: uuid.UUID, symbol: str | None = None) -> list[InvestmentLot]:
        """An account's lots (of one symbol), oldest first; on one day buys first."""
        lot = InvestmentLot
        stmt = self._select(lot).where(lot.account_id == account_id)
        if symbol is not None:
            stmt = stmt.where(lot.symbol == symbol)
        stmt = stmt.order_by(lot.symbol, lot.date, lot.kind, lot.created_at, lot.id)
        return list(self.session.scalars(stmt))

    def get_lot(self, lot_id: uuid.UUID) -> InvestmentLot | None:
        found: InvestmentLot | None = self._get(InvestmentLot, lot_id)
        return found

    def add_lot(self, row: InvestmentLot) -> InvestmentLot:
        added: InvestmentLot = self._add(row)
        return added

    def delete_lot(self, row: InvestmentLot) -> None:
        self._delete(row)

    # -- prices --------------------------------------------------------------------------
    def price_on(self, symbol: str, currency: str, day: date) -> InvestmentPrice | None:
        p = InvestmentPrice
        stmt = self._select(p).where(p.symbol == symbol, p.currency == currency, p.date == day)
        return self.session.scalars(stmt).first()

    def latest_prices(self, currency: str, symbols: list[str]) -> dict[str, InvestmentPrice]:
        """Each symbol's newest price in `currency`."""
        if not symbols:
            return {}
        p = InvestmentPrice
        newest = (
            self._select(p, p.symbol, func.max(p.date).label("day"))
            .where(p.currency == currency, p.symbol.in_(symbols))
            .group_by(p.symbol)
        )
        found = {}
        for symbol, day in self.session.execute(newest):
            row = self.price_on(symbol, currency, day)
            if row is not None:
                found[symbol] = row
        return found

    def add_price(self, row: InvestmentPrice) -> InvestmentPrice:
        added: InvestmentPrice = self._add(row)
        return added

    def all_lots(self) -> list[InvestmentLot]:
        """Every lot of the user (the export)."""
        return list(self.session.scalars(self._select(InvestmentLot)))

    def all_prices(self) -> list[InvestmentPrice]:
        """Every price of the user, oldest first (the export)."""
        p = InvestmentPrice
        stmt = self._select(p).order_by(p.date, p.symbol, p.currency)
        return list(self.session.scalars(stmt))
