"""finance: one index that covers the report and budget sums

Revision ID: 0012_finance_report_index
Revises: 0011_rates
Create Date: 2026-11-30

finance/repository.income_expense_sums reads, of one user's transactions in one
currency over a range of days, only the date, whether it is a transfer, the
category and the amount. With them all in one index, in that order, the sums read
one index range and never the table (measured by bench/finance_reports.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012_finance_report_index"
down_revision: str | Sequence[str] | None = "0011_rates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["user_id", "currency", "date", "transfer_id", "category_id", "amount_minor"]


def upgrade() -> None:
    op.create_index("ix_transactions_report", "transactions", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_transactions_report", table_name="transactions")
