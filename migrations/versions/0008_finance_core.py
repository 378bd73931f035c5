"""finance core: split transactions, tags, stored balances, register indexes, categories

Revision ID: 0008_finance_core
Revises: 0007_trust_no_client
Create Date: 2026-11-30

- `transaction_splits`: the parts of a split transaction (category, amount, memo),
  owned like every table (composite key (transaction_id, user_id) -> transactions,
  so a part is always its transaction's user's; migration 0006), its catalog
  reference checked by the same trigger as every other one (shipped or own), and on
  PostgreSQL row-level security like every user-owned table (migrations 0004/0007).
- The parts add up to the whole, checked by the database:
  PostgreSQL: deferred constraint triggers on both tables, checked at commit, so a
  unit of work may change parts and amount in any order.
  SQLite has no deferred triggers, and a check on each part's write would refuse
  every edit halfway (two parts in, the third not yet). So there the check runs when
  the transaction's own row is updated: the services write the parts, then update
  the row (its updated_at at least) last, in the same transaction; the trigger
  refuses that update if the parts do not add up. A part written alone by raw SQL is
  not checked on SQLite until its transaction is next updated.
- `financial_accounts.balance_minor`: opening balance + the account's transactions,
  kept by the services (filled here for existing rows), so a register page starts
  from a known balance without summing the account.
- `transactions.tags`; indexes for the register (account, date order) and payee
  completion; UNIQUE (id, user_id) on transactions for the parts' owner key, as a
  unique index (SQLite adds it in place; a constraint would rebuild the table and
  drop its catalog trigger).
- Shipped categories gain a level beneath the flat ones of 0002 (`Housing:Rent`),
  from db/catalog_seed.CATEGORY_HIERARCHY; the downgrade deletes exactly them.

Columns are added with ALTER TABLE on both engines (no SQLite rebuild), so the
triggers of 0006 stay.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from dashboard_tui.db.catalog_seed import CATEGORY_HIERARCHY, seed_id

revision: str = "0008_finance_core"
down_revision: str | Sequence[str] | None = "0007_trust_no_client"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHIPPED_AT = datetime(2026, 11, 30, tzinfo=UTC)
OWN = "(SELECT app_user_id())"
SPLITS_MESSAGE = "a split transaction's parts must add up to its amount"
CATALOG_MESSAGE = (
    "transaction_splits.category_id must refer to a shipped catalog item or to the same user's own"
)

catalog_items = sa.table(
    "catalog_items",
    sa.column("id", sa.Uuid()),
    sa.column("user_id", sa.Uuid()),
    sa.column("kind", sa.String()),
    sa.column("name", sa.String()),
    sa.column("attributes", sa.JSON()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# -- SQLite triggers (names and texts fixed here, never from input) ------------------
SQLITE_TRIGGERS = [
    # The catalog reference: as migration 0006 writes it for every other one.
    *(
        f"CREATE TRIGGER transaction_splits_category_id_catalog_owner_{name} AFTER {event} "  # noqa: S608
        "ON transaction_splits WHEN NEW.category_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
        "FROM catalog_items c WHERE c.id = NEW.category_id AND (c.user_id IS NULL OR "
        "c.user_id = NEW.user_id)) BEGIN SELECT RAISE(ABORT, "
        f"{_quoted('FOREIGN KEY constraint failed: ' + CATALOG_MESSAGE)}); END"
        for name, event in (("insert", "INSERT"), ("update", "UPDATE OF category_id, user_id"))
    ),
    "CREATE TRIGGER transactions_splits_add_up AFTER UPDATE ON transactions "  # noqa: S608
    "WHEN EXISTS (SELECT 1 FROM transaction_splits s WHERE s.transaction_id = NEW.id) "
    "AND (SELECT sum(s.amount_minor) FROM transaction_splits s "
    "WHERE s.transaction_id = NEW.id) <> NEW.amount_minor "
    f"BEGIN SELECT RAISE(ABORT, {_quoted('CHECK constraint failed: ' + SPLITS_MESSAGE)}); END",
]
SQLITE_TRIGGER_NAMES = (
    "transaction_splits_category_id_catalog_owner_insert",
    "transaction_splits_category_id_catalog_owner_update",
    "transactions_splits_add_up",
)

# -- PostgreSQL -----------------------------------------------------------------------
# Runs as the caller (row-level security applies: the rows are the caller's own), with
# a fixed search_path so a temporary table cannot stand in for transactions.
PG_SPLITS_ADD_UP = f"""
CREATE FUNCTION transaction_splits_add_up() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {{schema}}, pg_temp
AS $$
DECLARE
    ids uuid[];
BEGIN
    IF TG_TABLE_NAME = 'transactions' THEN
        ids := ARRAY[NEW.id];
    ELSIF TG_OP = 'DELETE' THEN
        ids := ARRAY[OLD.transaction_id];
    ELSIF TG_OP = 'UPDATE' THEN
        ids := ARRAY[NEW.transaction_id, OLD.transaction_id];
    ELSE
        ids := ARRAY[NEW.transaction_id];
    END IF;
    IF EXISTS (
        SELECT 1 FROM transactions t
        JOIN transaction_splits s ON s.transaction_id = t.id
        WHERE t.id = ANY (ids)
        GROUP BY t.id, t.amount_minor
        HAVING sum(s.amount_minor) <> t.amount_minor
    ) THEN
        RAISE EXCEPTION {_quoted(SPLITS_MESSAGE)} USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$
"""  # noqa: S608
PG_STATEMENTS = [
    "CREATE TRIGGER transaction_splits_category_id_catalog_owner "
    "AFTER INSERT OR UPDATE OF category_id, user_id ON transaction_splits "
    "FOR EACH ROW EXECUTE FUNCTION catalog_ref_shipped_or_own('category_id')",
    "CREATE CONSTRAINT TRIGGER transactions_splits_add_up "
    "AFTER UPDATE OF amount_minor ON transactions DEFERRABLE INITIALLY DEFERRED "
    "FOR EACH ROW EXECUTE FUNCTION transaction_splits_add_up()",
    "CREATE CONSTRAINT TRIGGER transaction_splits_add_up "
    "AFTER INSERT OR UPDATE OR DELETE ON transaction_splits DEFERRABLE INITIALLY DEFERRED "
    "FOR EACH ROW EXECUTE FUNCTION transaction_splits_add_up()",
    "ALTER TABLE transaction_splits ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE transaction_splits FORCE ROW LEVEL SECURITY",
    f"CREATE POLICY own ON transaction_splits USING (user_id = {OWN}) WITH CHECK (user_id = {OWN})",
]


# A database whose tables belong to the role that runs the app (the old one-role
# setup, before `db create-roles`) holds its owner to row-level security too (FORCE),
# and that role cannot see every row, nor write shipped ones. As migration 0004 says,
# such a migration lifts FORCE inside its own transaction for its data changes.
FORCED_SQL = (
    "SELECT c.relname FROM pg_class c WHERE c.oid = to_regclass(:t) "
    "AND c.relforcerowsecurity AND row_security_active(c.oid) "
    "AND pg_has_role(current_user, c.relowner, 'USAGE')"
)
DATA_TABLES = ("financial_accounts", "transactions", "catalog_items")


@contextmanager
def _owner_sees_every_row() -> Iterator[None]:
    lifted = []
    if not _is_sqlite():
        bind = op.get_bind()
        lifted = [t for t in DATA_TABLES if bind.scalar(sa.text(FORCED_SQL), {"t": t})]
    for table in lifted:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    yield
    for table in lifted:
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def _shipped_at() -> datetime:
    return SHIPPED_AT.replace(tzinfo=None) if _is_sqlite() else SHIPPED_AT


def upgrade() -> None:
    op.add_column(
        "financial_accounts",
        sa.Column("balance_minor", sa.BigInteger(), nullable=False, server_default="0"),
    )
    with _owner_sees_every_row():
        op.execute(
            "UPDATE financial_accounts SET balance_minor = opening_balance_minor + coalesce(("
            "SELECT sum(t.amount_minor) FROM transactions t "
            "WHERE t.account_id = financial_accounts.id), 0)"
        )
    op.add_column(
        "transactions",
        sa.Column("tags", sa.String(length=400), nullable=False, server_default=""),
    )
    op.create_index(
        "ix_transactions_account_id_date",
        "transactions",
        ["account_id", "date", "created_at", "id"],
    )
    op.create_index("ix_transactions_user_id_payee", "transactions", ["user_id", "payee"])
    op.create_index("uq_transactions_id_user_id", "transactions", ["id", "user_id"], unique=True)
    op.create_table(
        "transaction_splits",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("transaction_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_transaction_splits"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_transaction_splits_user_id_users",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["transaction_id", "user_id"],
            ["transactions.id", "transactions.user_id"],
            name="fk_transaction_splits_transaction_id_transactions",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["catalog_items.id"],
            name="fk_transaction_splits_category_id_catalog_items",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_transaction_splits_user_id", "transaction_splits", ["user_id"])
    op.create_index(
        "ix_transaction_splits_transaction_id", "transaction_splits", ["transaction_id"]
    )
    if _is_sqlite():
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        schema = op.get_bind().scalar(sa.text("SELECT quote_ident(current_schema())"))
        op.execute(PG_SPLITS_ADD_UP.format(schema=schema))
        for statement in PG_STATEMENTS:
            op.execute(statement)
    at = _shipped_at()
    with _owner_sees_every_row():
        _ship_categories(at)


def _ship_categories(at: datetime) -> None:
    op.bulk_insert(
        catalog_items,
        [
            {
                "id": seed_id(str(item["kind"]), str(item["name"])),
                "user_id": None,
                "kind": item["kind"],
                "name": item["name"],
                "attributes": {},
                "created_at": at,
                "updated_at": at,
            }
            for item in CATEGORY_HIERARCHY
        ],
    )


def downgrade() -> None:
    ids = [seed_id(str(item["kind"]), str(item["name"])) for item in CATEGORY_HIERARCHY]
    with _owner_sees_every_row():
        op.execute(catalog_items.delete().where(catalog_items.c.id.in_(ids)))
    if _is_sqlite():
        op.execute("DROP TRIGGER transactions_splits_add_up")
    else:
        op.execute("DROP TRIGGER transactions_splits_add_up ON transactions")
    op.drop_table("transaction_splits")  # its own triggers and policy go with it
    if not _is_sqlite():
        op.execute("DROP FUNCTION transaction_splits_add_up()")
    op.drop_index("uq_transactions_id_user_id", table_name="transactions")
    op.drop_index("ix_transactions_user_id_payee", table_name="transactions")
    op.drop_index("ix_transactions_account_id_date", table_name="transactions")
    with op.batch_alter_table("transactions", recreate="never") as batch:
        batch.drop_column("tags")
    with op.batch_alter_table("financial_accounts", recreate="never") as batch:
        batch.drop_column("balance_minor")
