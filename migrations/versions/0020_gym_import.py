"""gym import: Strong/Hevy exports brought in

Revision ID: 0020_gym_import
Revises: 0019_reminders
Create Date: 2026-12-01

- `workouts.import_key`: the hash of an imported workout's start and name, UNIQUE
  per person (an index, so SQLite need not rebuild the table), so a re-import of the
  same file adds nothing;
- `exercises.superset`: exercises of a workout done as one superset share a number;
- `exercise_sets.duration_s` / `distance_m`: time and distance sets (a plank, a run
  inside a workout);
- `gym_import_names`: a person's "name in the other app → catalog exercise", kept for
  the next import. User-owned: on PostgreSQL row-level security like every such table
  (0004/0010), and its catalog reference checked by migration 0006's trigger function
  (a shipped exercise or the same person's own), a SQLite trigger there.

Only nullable columns are added (no rebuild, so the tables' triggers stay as they are).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_gym_import"
down_revision: str | Sequence[str] | None = "0019_reminders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "gym_import_names"
OWN = "(SELECT app_user_id())"
MESSAGE = (
    "gym_import_names.catalog_item_id must refer to a shipped catalog item or to the "
    "same user's own"
)
SQL_MESSAGE = MESSAGE.replace("'", "''")  # a quote inside an SQL string literal
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER {TABLE}_catalog_item_id_catalog_owner_{name} AFTER {event} "  # noqa: S608
    f"ON {TABLE} WHEN NOT EXISTS (SELECT 1 FROM catalog_items c "
    "WHERE c.id = NEW.catalog_item_id AND (c.user_id IS NULL OR c.user_id = NEW.user_id)) "
    f"BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: {SQL_MESSAGE}'); END"
    for name, event in (("insert", "INSERT"), ("update", "UPDATE OF catalog_item_id, user_id"))
]
PG_STATEMENTS = [
    f"CREATE TRIGGER {TABLE}_catalog_item_id_catalog_owner "
    f"AFTER INSERT OR UPDATE OF catalog_item_id, user_id ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION catalog_ref_shipped_or_own('catalog_item_id')",
    f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY",
    f"ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY",
    f"CREATE POLICY own ON {TABLE} USING (user_id = {OWN}) WITH CHECK (user_id = {OWN})",
]


def upgrade() -> None:
    op.add_column("workouts", sa.Column("import_key", sa.String(length=64), nullable=True))
    op.create_index(
        "ix_workouts_user_id_import_key", "workouts", ["user_id", "import_key"], unique=True
    )
    op.add_column("exercises", sa.Column("superset", sa.SmallInteger(), nullable=True))
    op.add_column("exercise_sets", sa.Column("duration_s", sa.Integer(), nullable=True))
    op.add_column("exercise_sets", sa.Column("distance_m", sa.Integer(), nullable=True))
    op.create_table(
        TABLE,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("catalog_item_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{TABLE}"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=f"fk_{TABLE}_user_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["catalog_item_id"],
            ["catalog_items.id"],
            name=f"fk_{TABLE}_catalog_item_id_catalog_items",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("user_id", "name_key", name=f"uq_{TABLE}_user_id_name_key"),
    )
    op.create_index(f"ix_{TABLE}_user_id", TABLE, ["user_id"])
    op.create_index(f"ix_{TABLE}_catalog_item_id", TABLE, ["catalog_item_id"])
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_TRIGGERS if sqlite else PG_STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.drop_table(TABLE)  # its triggers and policy go with it
    with op.batch_alter_table("exercise_sets", recreate="never") as batch:
        batch.drop_column("distance_m")
        batch.drop_column("duration_s")
    with op.batch_alter_table("exercises", recreate="never") as batch:
        batch.drop_column("superset")
    op.drop_index("ix_workouts_user_id_import_key", table_name="workouts")
    with op.batch_alter_table("workouts", recreate="never") as batch:
        batch.drop_column("import_key")
