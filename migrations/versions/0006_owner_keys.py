"""owner keys: no row may point at another user's row

Revision ID: 0006_owner_keys
Revises: 0005_gym_indexes
Create Date: 2026-11-24

Foreign keys ignore row-level security: before this revision the database accepted,
from user A, an exercise in B's workout or a cardio session on B's own catalog item.
B deleting that workout then deleted A's row, and B deleting the catalog item failed
on A's reference. Now the database refuses such a row, on both engines.

Between two user-owned tables (the pairs are listed below, frozen; a later table adds
its own keys in its own migration) the reference is a composite key
(parent_id, user_id) -> parent (id, user_id), so the parent must be the same user's.
Each parent gets UNIQUE (id, user_id) for it to refer to. (The auth and shared
tables refer only to users, their owner, and the catalog.)

- ON DELETE CASCADE references: the composite key replaces the single-column one, with
  the same name and action.
- ON DELETE SET NULL references: SET NULL on a composite key would null user_id too
  (NOT NULL), and PostgreSQL's column list `SET NULL (col)` has no SQLite form. So the
  single-column key keeps the action, and a second, composite key checks the owner.
  It is DEFERRABLE INITIALLY DEFERRED: checked at commit, after the action has nulled
  the reference. (Checked immediately, PostgreSQL runs both keys' triggers in the
  order of their names, and the check could come before the action.)
- References to catalog_items: shipped rows have user_id NULL, and a key with a NULL
  column is not checked at all (MATCH SIMPLE), so a composite key cannot express
  "shipped or the same user's". A trigger per reference does, on both engines: the
  item must exist with user_id NULL or the row's own user_id. The rule is written
  as "must be found", not "must not be another user's", so that under PostgreSQL's
  row-level security, where another user's item is invisible to the app role, it still
  refuses. Its error is a foreign key error (SQLSTATE 23503; on SQLite the text starts
  with "FOREIGN KEY constraint failed"), like the keys it stands in for. A catalog
  item's owner never changes (another trigger), as a composite key's parent could
  not change owner under its children either.

Existing rows that already point at another user's row make the upgrade refuse, with
the rows listed, and nothing changed: which of the two rows is wrong is a person's
call. On PostgreSQL the check must see every row: run it as the owner role of `db
create-roles` (BYPASSRLS) or a superuser, as every migration is.

PostgreSQL: ALTER TABLE in place, so the row-level security policies stay.
SQLite: adding keys rebuilds the tables (batch mode, recreate="always": data, indexes
and named CHECKs are copied). migrate.py runs migrations on SQLite with foreign keys
off (a rebuild's DROP TABLE would otherwise run the ON DELETE actions of the dropped
table's children) and a foreign_key_check before the commit. A rebuild drops the
table's triggers: a later migration that rebuilds a table with a catalog reference
must create its trigger again (tests/db/test_owner_keys.py checks every catalog
reference has one).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from alembic.util import CommandError

revision: str = "0006_owner_keys"
down_revision: str | Sequence[str] | None = "0005_gym_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (child, column, parent): the composite key replaces the column's ON DELETE CASCADE key.
CASCADE_KEYS = (
    ("exercises", "workout_id", "workouts"),
    ("exercise_sets", "exercise_id", "exercises"),
    ("workout_template_exercises", "template_id", "workout_templates"),
    ("credit_cards", "account_id", "financial_accounts"),
    ("transactions", "account_id", "financial_accounts"),
    ("investments", "account_id", "financial_accounts"),
    ("food_items", "meal_id", "meals"),
    ("meal_template_items", "template_id", "meal_templates"),
    ("reminders", "event_id", "events"),
)
# (child, column, parent): the column's ON DELETE SET NULL key stays; a deferred
# composite key is added beside it.
SET_NULL_KEYS = (
    ("workouts", "template_id", "workout_templates"),
    ("workout_progress", "set_id", "exercise_sets"),
    ("events", "member_id", "family_members"),
    ("time_logs", "member_id", "family_members"),
)
# (child, column) -> catalog_items: shipped (user_id NULL) or the row's user's own.
CATALOG_REFS = (
    ("exercises", "catalog_item_id"),
    ("workout_progress", "catalog_item_id"),
    ("workout_template_exercises", "catalog_item_id"),
    ("cardio_sessions", "activity_id"),
    ("transactions", "category_id"),
    ("budgets", "category_id"),
    ("food_items", "catalog_item_id"),
    ("meal_template_items", "catalog_item_id"),
    ("events", "type_id"),
    ("time_logs", "activity_id"),
)
# Every table whose keys change, parents before their children (PostgreSQL needs a
# parent's UNIQUE (id, user_id) before a key may refer to it).
TABLES = (
    "workout_templates",
    "workouts",
    "exercises",
    "exercise_sets",
    "workout_progress",
    "workout_template_exercises",
    "financial_accounts",
    "credit_cards",
    "transactions",
    "investments",
    "meals",
    "food_items",
    "meal_templates",
    "meal_template_items",
    "family_members",
    "events",
    "reminders",
    "time_logs",
)
PARENTS = frozenset(parent for _, _, parent in (*CASCADE_KEYS, *SET_NULL_KEYS))
LISTED = 20  # bad rows named in the refusal; the rest are counted


def _refs_message(table: str, column: str) -> str:
    return f"{table}.{column} must refer to a shipped catalog item or to the same user's own"


OWNER_FIXED_MESSAGE = "a catalog item's owner (catalog_items.user_id) never changes"


def _quoted(text: str) -> str:
    """An SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _cascade_name(table: str, column: str, parent: str) -> str:
    return f"fk_{table}_{column}_{parent}"  # the naming convention's, for both keys


def _check_name(table: str, column: str, parent: str) -> str:
    return f"fk_{table}_{column}_user_id_{parent}"


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


# -- refuse rows that already point at another user's row --------------------------------
def _crossing_rows() -> tuple[int, list[str]]:
    """How many rows point at another user's row, and the first LISTED of them. A
    shipped catalog row (user_id NULL) never counts: NULL <> x is not true."""
    bind = op.get_bind()
    total, listed = 0, []
    refs = [(t, c, p) for t, c, p in (*CASCADE_KEYS, *SET_NULL_KEYS)]
    refs += [(t, c, "catalog_items") for t, c in CATALOG_REFS]
    for table, column, parent in refs:
        child = sa.table(
            table, sa.column("id", sa.Uuid()), sa.column(column, sa.Uuid()), sa.column("user_id")
        )
        target = sa.table(parent, sa.column("id", sa.Uuid()), sa.column("user_id"))
        crossing = (
            sa.select(child.c.id, child.c[column])
            .join(target, target.c.id == child.c[column])
            .where(target.c.user_id != child.c.user_id)
        )
        total += bind.scalar(sa.select(sa.func.count()).select_from(crossing.subquery())) or 0
        for row_id, ref in bind.execute(crossing.order_by(child.c.id).limit(LISTED)):
            listed.append(f"{table} {row_id} ({column} -> {parent} {ref})")
    return total, listed[:LISTED]


def _refuse_crossing_rows() -> None:
    total, listed = _crossing_rows()
    if not total:
        return
    more = f"; and {total - len(listed)} more" if total > len(listed) else ""
    raise CommandError(
        f"0006_owner_keys: {total} row(s) point at another user's row, so the database "
        "was left unchanged. Delete them, or point them at a row of their own user, "
        f"then upgrade again: {'; '.join(listed)}{more}"
    )


# -- catalog triggers ---------------------------------------------------------------------
def _sqlite_catalog_triggers(table: str, column: str) -> list[str]:
    # Names from the frozen lists above, never from input.
    found = (
        f"NEW.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM catalog_items c "  # noqa: S608
        f"WHERE c.id = NEW.{column} AND (c.user_id IS NULL OR c.user_id = NEW.user_id))"
    )
    message = _quoted(f"FOREIGN KEY constraint failed: {_refs_message(table, column)}")
    name = f"{table}_{column}_catalog_owner"
    return [
        f"CREATE TRIGGER {name}_{event.split()[0].lower()} AFTER {event} ON {table} "
        f"WHEN {found} BEGIN SELECT RAISE(ABORT, {message}); END"
        for event in ("INSERT", f"UPDATE OF {column}, user_id")
    ]


SQLITE_OWNER_FIXED = (
    "CREATE TRIGGER catalog_items_owner_fixed AFTER UPDATE OF user_id ON catalog_items "
    "WHEN OLD.user_id IS NOT NEW.user_id BEGIN SELECT RAISE(ABORT, "
    f"{_quoted(f'FOREIGN KEY constraint failed: {OWNER_FIXED_MESSAGE}')}); END"
)

# The table is found through a fixed search_path with pg_temp last: a role that may
# create temporary tables must not shadow catalog_items with one of its own. Runs as
# the caller, so row-level security applies: another user's item is not found.
# AFTER the row is written, like PostgreSQL's own key checks: a write that row-level
# security refuses is refused by it (42501) first.
PG_CATALOG_REF = """
CREATE FUNCTION catalog_ref_shipped_or_own() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {schema}, pg_temp
AS $$
DECLARE
    item uuid := (to_jsonb(NEW) ->> TG_ARGV[0])::uuid;
BEGIN
    IF item IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM catalog_items c
        WHERE c.id = item AND (c.user_id IS NULL OR c.user_id = NEW.user_id)
    ) THEN
        RAISE EXCEPTION '%.% must refer to a shipped catalog item or to the same user''s own',
            TG_TABLE_NAME, TG_ARGV[0]
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$
"""
PG_OWNER_FIXED = f"""
CREATE FUNCTION catalog_owner_fixed() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION {_quoted(OWNER_FIXED_MESSAGE)}
        USING ERRCODE = 'foreign_key_violation';
END
$$
"""


def _create_catalog_triggers() -> None:
    if _is_sqlite():
        for table, column in CATALOG_REFS:
            for statement in _sqlite_catalog_triggers(table, column):
                op.execute(statement)
        op.execute(SQLITE_OWNER_FIXED)
        return
    schema = op.get_bind().scalar(sa.text("SELECT quote_ident(current_schema())"))
    op.execute(PG_CATALOG_REF.format(schema=schema))
    for table, column in CATALOG_REFS:
        op.execute(
            f"CREATE TRIGGER {table}_{column}_catalog_owner "
            f"AFTER INSERT OR UPDATE OF {column}, user_id ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION catalog_ref_shipped_or_own('{column}')"
        )
    op.execute(PG_OWNER_FIXED)
    op.execute(
        "CREATE TRIGGER catalog_items_owner_fixed AFTER UPDATE OF user_id ON catalog_items "
        "FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id) "
        "EXECUTE FUNCTION catalog_owner_fixed()"
    )


def _drop_catalog_triggers() -> None:
    if _is_sqlite():
        for table, column in CATALOG_REFS:
            for event in ("insert", "update"):
                op.execute(f"DROP TRIGGER {table}_{column}_catalog_owner_{event}")
        op.execute("DROP TRIGGER catalog_items_owner_fixed")
        return
    for table, column in CATALOG_REFS:
        op.execute(f"DROP TRIGGER {table}_{column}_catalog_owner ON {table}")
    op.execute("DROP TRIGGER catalog_items_owner_fixed ON catalog_items")
    op.execute("DROP FUNCTION catalog_ref_shipped_or_own()")
    op.execute("DROP FUNCTION catalog_owner_fixed()")


# -- keys -------------------------------------------------------------------------------
def _batch(table: str):
    # SQLite cannot add a key to a table: copy it into a new one. PostgreSQL alters in
    # place (a copy would lose the row-level security policies).
    return op.batch_alter_table(table, recreate="always" if _is_sqlite() else "never")


def upgrade() -> None:
    _refuse_crossing_rows()
    for table in TABLES:
        with _batch(table) as batch:
            if table in PARENTS:
                batch.create_unique_constraint(f"uq_{table}_id_user_id", ["id", "user_id"])
            for child, column, parent in CASCADE_KEYS:
                if child == table:
                    name = _cascade_name(table, column, parent)
                    batch.drop_constraint(name, type_="foreignkey")
                    batch.create_foreign_key(
                        name, parent, [column, "user_id"], ["id", "user_id"], ondelete="CASCADE"
                    )
            for child, column, parent in SET_NULL_KEYS:
                if child == table:
                    batch.create_foreign_key(
                        _check_name(table, column, parent),
                        parent,
                        [column, "user_id"],
                        ["id", "user_id"],
                        deferrable=True,
                        initially="DEFERRED",
                    )
    _create_catalog_triggers()


def downgrade() -> None:
    _drop_catalog_triggers()
    for table in reversed(TABLES):
        with _batch(table) as batch:
            for child, column, parent in SET_NULL_KEYS:
                if child == table:
                    batch.drop_constraint(_check_name(table, column, parent), type_="foreignkey")
            for child, column, parent in CASCADE_KEYS:
                if child == table:
                    name = _cascade_name(table, column, parent)
                    batch.drop_constraint(name, type_="foreignkey")
                    batch.create_foreign_key(name, parent, [column], ["id"], ondelete="CASCADE")
            if table in PARENTS:
                batch.drop_constraint(f"uq_{table}_id_user_id", type_="unique")
