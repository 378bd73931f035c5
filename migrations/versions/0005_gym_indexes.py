"""gym: composite (foreign key, user_id) indexes for the per-user gym queries

Revision ID: 0005_gym_indexes
Revises: 0004_row_level_security
Create Date: 2026-11-23

Every gym query filters each joined table on user_id too (the repositories' scoping,
kept even where the parent row already decides it). With single-column indexes
PostgreSQL then often scans all of the user's exercise_sets through ix_*_user_id and
hashes them (30-50 ms at 100k sets, growing with the history) instead of following
exercise → sets. Indexes that lead with the foreign key and carry user_id serve both
the join and the filter, and still back the foreign keys (cascades, RESTRICT checks),
so they replace the single-column foreign-key indexes.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005_gym_indexes"
down_revision: str | Sequence[str] | None = "0004_row_level_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, the single-column index replaced, its column); the new one is ix_<table>_<column>_user_id
CHANGES = (
    ("exercise_sets", "ix_exercise_sets_exercise_id", "exercise_id"),
    ("exercises", "ix_exercises_workout_id", "workout_id"),
    ("exercises", "ix_exercises_catalog_item_id", "catalog_item_id"),
)


def upgrade() -> None:
    for table, old, column in CHANGES:
        op.create_index(f"ix_{table}_{column}_user_id", table, [column, "user_id"])
        op.drop_index(old, table_name=table)


def downgrade() -> None:
    for table, old, column in CHANGES:
        op.create_index(old, table, [column])
        op.drop_index(f"ix_{table}_{column}_user_id", table_name=table)
