"""Reconcile mode of the register (R): the statement's end balance and date are
asked first; then space ticks or unticks a row (the cleared rows up to the statement
date start ticked), the difference between the statement and the reconciled + ticked
balance is shown as one ticks, f finishes only when it is zero (the ticked rows
become reconciled in one audited service call), and escape leaves with nothing
changed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from dashboard_tui.finance.dto import ReconcileStart, TransactionInfo
from dashboard_tui.finance.ui.base import money

TICK = "✓"


@dataclass
class Reconciling:
    """One reconcile under way (owned by the UI thread; a register loader reads
    `ticked` only to mark rows)."""

    start: ReconcileStart
    statement_minor: int
    ticked: dict[uuid.UUID, int] = field(default_factory=dict)  # id → amount_minor

    @classmethod
    def begin(cls, start: ReconcileStart, statement_minor: int) -> Reconciling:
        return cls(start, statement_minor, dict(start.cleared))

    @property
    def statement_date(self) -> date:
        return self.start.statement_date

    @property
    def reached_minor(self) -> int:
        """The reconciled balance with the ticked rows."""
        return self.start.reconciled_balance_minor + sum(self.ticked.values())

    @property
    def difference_minor(self) -> int:
        return self.statement_minor - self.reached_minor

    def refusal(self, t: TransactionInfo) -> str | None:
        """Why this row cannot be ticked, or None."""
        if t.account_id != self.start.account_id:  # pragma: no cover - one register
            return "That transaction is in another account."
        if t.locked:
            return "That transaction is reconciled already."
        if t.date > self.statement_date:
            return (
                f"That transaction ({t.date.isoformat()}) is after the statement date "
                f"({self.statement_date.isoformat()})."
            )
        return None

    def toggle(self, t: TransactionInfo) -> bool:
        """Tick or untick; True when it is ticked now."""
        if t.id in self.ticked:
            del self.ticked[t.id]
            return False
        self.ticked[t.id] = t.amount_minor
        return True

    def bar_text(self) -> str:
        c = self.start.currency
        n = len(self.ticked)
        rows = f"{n} ticked" if n != 1 else "1 ticked"
        head = (
            f"Reconciling to the statement of {self.statement_date.isoformat()}: "
            f"{money(self.statement_minor, c)} · {rows}, reaching {money(self.reached_minor, c)}"
        )
        if self.difference_minor == 0:
            return f"{head} · difference 0: f finishes · escape cancels"
        return (
            f"{head} · difference {money(self.difference_minor, c)} · space ticks · escape cancels"
        )
