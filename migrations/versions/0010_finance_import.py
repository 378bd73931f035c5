"""finance import: CSV import profiles and payee rules

Revision ID: 0010_finance_import
Revises: 0009_schedules
Create Date: 2026-11-30

- `import_profiles`: a person's named ways to read a bank's CSV export (the mapping
  as JSON: delimiter, encoding, date format, decimal mark, columns, skipped lines,
  newest first, currency), one name once per person.
- `payee_rules`: "payee contains X → category Y", in order; the category reference
  is checked by the catalog trigger of migration 0006 (shipped or the same user's).
- Both are user-owned: on PostgreSQL row-level security like every such table
  (migrations 0004/0007, 0008).

Re-imports are recognised by `transactions.import_fingerprint` (UNIQUE with user_id
since 0001); no new column is needed for it.

On PostgreSQL the catalog check of `transactions.category_id` (migration 0006) fires
only for a row that has a category (`WHEN (NEW.category_id IS NOT NULL)`, as the
SQLite trigger always did): its function lets NULL pass anyway, and calling it cost a
100,000-row import a second.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_finance_import"
down_revision: str | Sequence[str] | None = "0009_schedules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWN = "(SELECT app_user_id())"
CATALOG_MESSAGE = (
    "payee_rules.category_id must refer to a shipped catalog item or to the same user's own"
)


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


SQLITE_TRIGGERS = [
    f"CREATE TRIGGER payee_rules_category_id_catalog_owner_{name} AFTER {event} "  # noqa: S608
    "ON payee_rules WHEN NEW.category_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
    "FROM catalog_items c WHERE c.id = NEW.category_id AND (c.user_id IS NULL OR "
    "c.user_id = NEW.user_id)) BEGIN SELECT RAISE(ABORT, "
    f"{_quoted('FOREIGN KEY constraint failed: ' + CATALOG_MESSAGE)}); END"
    for name, event in (("insert", "INSERT"), ("update", "UPDATE OF category_id, user_id"))
]
PG_TRANSACTIONS_TRIGGER = (
    "CREATE TRIGGER transactions_category_id_catalog_owner "
    "AFTER INSERT OR UPDATE OF category_id, user_id ON transactions FOR EACH ROW {when}"
    "EXECUTE FUNCTION catalog_ref_shipped_or_own('category_id')"
)
PG_STATEMENTS = [
    "DROP TRIGGER transactions_category_id_catalog_owner ON transactions",
    PG_TRANSACTIONS_TRIGGER.format(when="WHEN (NEW.category_id IS NOT NULL) "),
    "CREATE TRIGGER payee_rules_category_id_catalog_owner "
    "AFTER INSERT OR UPDATE OF category_id, user_id ON payee_rules "
    "FOR EACH ROW EXECUTE FUNCTION catalog_ref_shipped_or_own('category_id')",
    *(
        statement
        for table in ("import_profiles", "payee_rules")
        for statement in (
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
            f"CREATE POLICY own ON {table} USING (user_id = {OWN}) WITH CHECK (user_id = {OWN})",
        )
    ),
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
        "import_profiles",
        *_owned("import_profiles"),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.UniqueConstraint("user_id", "name", name="uq_import_profiles_user_id_name"),
    )
    op.create_index("ix_import_profiles_user_id", "import_profiles", ["user_id"])
    op.create_table(
        "payee_rules",
        *_owned("payee_rules"),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("contains", sa.String(length=200), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["catalog_items.id"],
            name="fk_payee_rules_category_id_catalog_items",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_payee_rules_user_id", "payee_rules", ["user_id"])
    op.create_index("ix_payee_rules_user_id_position", "payee_rules", ["user_id", "position"])
    for statement in SQLITE_TRIGGERS if _is_sqlite() else PG_STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    if not _is_sqlite():
        op.execute("DROP TRIGGER transactions_category_id_catalog_owner ON transactions")
        op.execute(PG_TRANSACTIONS_TRIGGER.format(when=""))
    op.drop_table("payee_rules")  # its triggers and policy go with it
    op.drop_table("import_profiles")
