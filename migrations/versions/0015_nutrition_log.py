"""nutrition log: the amount as typed, fibre, quick entries in templates, recipe yields

Revision ID: 0015_nutrition_log
Revises: 0014_food_catalog
Create Date: 2026-11-30

- `food_items.amount`: the amount as the person typed it ("1.5 cup", "150 g"), so an
  edit form shows it back; `grams` stays the integer for sums. Empty for a quick
  entry (no food). `food_items.fibre_mg`: the fibre of the snapshot.
- `meal_template_items.amount`: as typed, re-read against the catalog when the
  template is applied; `kcal`, `protein_mg`, `carbs_mg`, `fat_mg`: only for a quick
  entry saved in a template (no food to take them from), NULL otherwise.
- `meal_templates.servings`: a recipe's yield ("makes 4 servings"); NULL for a plain
  meal template (1 to 1000, checked by the service).

Only columns: the tables are user-owned already (row-level security from 0004).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_nutrition_log"
down_revision: str | Sequence[str] | None = "0014_food_catalog"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch): on SQLite a batch copy of the table would drop the
    # owner-key triggers of migration 0006.
    op.add_column(
        "food_items", sa.Column("amount", sa.String(40), nullable=False, server_default="")
    )
    op.add_column(
        "food_items", sa.Column("fibre_mg", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column(
        "meal_template_items", sa.Column("amount", sa.String(40), nullable=False, server_default="")
    )
    for column in ("kcal", "protein_mg", "carbs_mg", "fat_mg"):
        op.add_column("meal_template_items", sa.Column(column, sa.Integer(), nullable=True))
    op.add_column("meal_templates", sa.Column("servings", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("meal_templates", "servings")
    for column in ("fat_mg", "carbs_mg", "protein_mg", "kcal", "amount"):
        op.drop_column("meal_template_items", column)
    op.drop_column("food_items", "fibre_mg")
    op.drop_column("food_items", "amount")
