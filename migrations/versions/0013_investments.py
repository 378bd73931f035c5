"""finance investments: lots and prices

Revision ID: 0013_investments
Revises: 0012_finance_report_index
Create Date: 2026-11-30

- `investment_lots`: each buy or sell of a symbol in an investment account: the day,
  units in micro-units (1e-6), the price per whole unit and the fees in the account's
  minor units. Holdings (units, average cost, realised gain) are computed from them.
- `investment_prices`: a symbol's price per whole unit on a day, in minor units of a
  currency; one a symbol, currency and day.
- Both user-owned: the lot's owner key (account_id, user_id) to the account
  (migration 0006), and on PostgreSQL row-level security like every such table
  (migrations 0004/0007, 0008).

The older `investments` table (0001) is left as it is: nothing reads or writes it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_investments"
down_revision: str | Sequence[str] | None = "0012_finance_report_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWN = "(SELECT app_user_id())"
TABLES = ("investment_lots", "investment_prices")
PG_STATEMENTS = [
    statement
    for table in TABLES
    for statement in (
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY own ON {table} USING (user_id = {OWN}) WITH CHECK (user_id = {OWN})",
    )
]


def _owned(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=f"fk_{table}_user_id_users", ondelete="CASCADE"
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "investment_lots",
        *_owned("investment_lots"),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("symbol", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=4), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("units_micro", sa.BigInteger(), nullable=False),
        sa.Column("price_minor", sa.BigInteger(), nullable=False),
        sa.Column("fees_minor", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("kind IN ('buy', 'sell')", name=op.f("ck_investment_lots_kind")),
        sa.CheckConstraint("units_micro > 0", name=op.f("ck_investment_lots_units_micro")),
        sa.CheckConstraint("price_minor >= 0", name=op.f("ck_investment_lots_price_minor")),
        sa.CheckConstraint("fees_minor >= 0", name=op.f("ck_investment_lots_fees_minor")),
        sa.ForeignKeyConstraint(
            ["account_id", "user_id"],
            ["financial_accounts.id", "financial_accounts.user_id"],
            name="fk_investment_lots_account_id_financial_accounts",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_investment_lots_user_id", "investment_lots", ["user_id"])
    op.create_index(
        "ix_investment_lots_account_id_symbol_date",
        "investment_lots",
        ["account_id", "symbol", "date"],
    )
    op.create_table(
        "investment_prices",
        *_owned("investment_prices"),
        sa.Column("symbol", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("price_minor", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("price_minor >= 0", name=op.f("ck_investment_prices_price_minor")),
        sa.UniqueConstraint(
            "user_id",
            "symbol",
            "currency",
            "date",
            name="uq_investment_prices_user_id_symbol_currency_date",
        ),
    )
    op.create_index("ix_investment_prices_user_id", "investment_prices", ["user_id"])
    if op.get_bind().dialect.name != "sqlite":
        for statement in PG_STATEMENTS:
            op.execute(statement)


def downgrade() -> None:
    op.drop_table("investment_prices")  # indexes and policies go with them
    op.drop_table("investment_lots")
