"""exchange rates: the person's own, for a net worth in their profile currency

Revision ID: 0011_rates
Revises: 0010_finance_import
Create Date: 2026-11-30

- `exchange_rates`: on a date, 1 unit of `from_currency` is `rate_num / rate_den` of
  `to_currency` — an exact fraction of integers (the typed decimal 1.0842 is
  10842 / 10000), never a float. One rate per pair and day for a user. On PostgreSQL
  row-level security like every user-owned table (migrations 0004/0007).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_rates"
down_revision: str | Sequence[str] | None = "0010_finance_import"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "exchange_rates"
OWN = "(SELECT app_user_id())"
PG_STATEMENTS = [
    f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY",
    f"ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY",
    f"CREATE POLICY own ON {TABLE} USING (user_id = {OWN}) WITH CHECK (user_id = {OWN})",
]


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("from_currency", sa.String(length=3), nullable=False),
        sa.Column("to_currency", sa.String(length=3), nullable=False),
        sa.Column("rate_num", sa.BigInteger(), nullable=False),
        sa.Column("rate_den", sa.BigInteger(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("from_currency <> to_currency", name=op.f("ck_exchange_rates_pair")),
        sa.CheckConstraint("rate_num > 0 AND rate_den > 0", name=op.f("ck_exchange_rates_rate")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_rates")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_exchange_rates_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint(
            "user_id",
            "from_currency",
            "to_currency",
            "date",
            name=op.f("uq_exchange_rates_user_id_from_currency_to_currency_date"),
        ),
    )
    op.create_index(op.f("ix_exchange_rates_user_id"), TABLE, ["user_id"])
    if op.get_bind().dialect.name != "sqlite":
        for statement in PG_STATEMENTS:
            op.execute(statement)


def downgrade() -> None:
    op.drop_table(TABLE)  # its index and policy go with it
