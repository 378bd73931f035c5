"""scheduled transactions: recurring bills, income and transfers by an RFC 5545 rule

Revision ID: 0009_schedules
Revises: 0008_finance_core
Create Date: 2026-11-30

- `scheduled_transactions`: what to enter (account, payee, category, signed amount,
  notes; a transfer's target account) and when: an RFC 5545 RRULE value from a start
  day, and the next day due (the first not yet entered or skipped; NULL when the rule
  has ended). Owned like every table: owner keys (column, user_id) to the accounts
  (migration 0006), the catalog reference checked by the same trigger as every other
  one (shipped or own), and on PostgreSQL row-level security like every user-owned
  table (migrations 0004/0007).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_schedules"
down_revision: str | Sequence[str] | None = "0008_finance_core"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "scheduled_transactions"
OWN = "(SELECT app_user_id())"
CATALOG_MESSAGE = (
    "scheduled_transactions.category_id must refer to a shipped catalog item or to the "
    "same user's own"
)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# The catalog reference, as migration 0006 writes it for every other one.
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER scheduled_transactions_category_id_catalog_owner_{name} AFTER {event} "  # noqa: S608
    "ON scheduled_transactions WHEN NEW.category_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
    "FROM catalog_items c WHERE c.id = NEW.category_id AND (c.user_id IS NULL OR "
    "c.user_id = NEW.user_id)) BEGIN SELECT RAISE(ABORT, "
    f"{_quoted('FOREIGN KEY constraint failed: ' + CATALOG_MESSAGE)}); END"
    for name, event in (("insert", "INSERT"), ("update", "UPDATE OF category_id, user_id"))
]
PG_STATEMENTS = [
    "CREATE TRIGGER scheduled_transactions_category_id_catalog_owner "
    "AFTER INSERT OR UPDATE OF category_id, user_id ON scheduled_transactions "
    "FOR EACH ROW EXECUTE FUNCTION catalog_ref_shipped_or_own('category_id')",
    "ALTER TABLE scheduled_transactions ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE scheduled_transactions FORCE ROW LEVEL SECURITY",
    f"CREATE POLICY own ON scheduled_transactions USING (user_id = {OWN}) "
    f"WITH CHECK (user_id = {OWN})",
]


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("transfer_account_id", sa.Uuid(), nullable=True),
        sa.Column("payee", sa.String(length=200), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.Column("rrule", sa.String(length=300), nullable=False),
        sa.Column("dtstart", sa.Date(), nullable=False),
        sa.Column("next_due", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "amount_minor <> 0", name=op.f("ck_scheduled_transactions_amount_minor")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_transactions")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_scheduled_transactions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id", "user_id"],
            ["financial_accounts.id", "financial_accounts.user_id"],
            name=op.f("fk_scheduled_transactions_account_id_financial_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["transfer_account_id", "user_id"],
            ["financial_accounts.id", "financial_accounts.user_id"],
            name=op.f("fk_scheduled_transactions_transfer_account_id_financial_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["catalog_items.id"],
            name=op.f("fk_scheduled_transactions_category_id_catalog_items"),
            ondelete="SET NULL",
        ),
    )
    op.create_index(op.f("ix_scheduled_transactions_user_id"), TABLE, ["user_id"])
    op.create_index(op.f("ix_scheduled_transactions_account_id"), TABLE, ["account_id"])
    op.create_index(
        op.f("ix_scheduled_transactions_user_id_next_due"), TABLE, ["user_id", "next_due"]
    )
    for statement in SQLITE_TRIGGERS if _is_sqlite() else PG_STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.drop_table(TABLE)  # its indexes, triggers and policy go with it
