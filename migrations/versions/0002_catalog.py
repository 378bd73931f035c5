"""seed the shipped catalog (exercises, foods, categories, activity and event types)

Revision ID: 0002_catalog
Revises: 0001_initial
Create Date: 2026-11-22

The rows come from dashboard_tui/db/catalog_seed.py with deterministic ids, so the
downgrade deletes exactly them. Later catalog changes go in new migrations.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from dashboard_tui.db.catalog_seed import CATALOG, seed_id

revision: str = "0002_catalog"
down_revision: str | Sequence[str] | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHIPPED_AT = datetime(2026, 11, 22, tzinfo=UTC)

catalog_items = sa.table(
    "catalog_items",
    sa.column("id", sa.Uuid()),
    sa.column("user_id", sa.Uuid()),
    sa.column("kind", sa.String()),
    sa.column("name", sa.String()),
    sa.column("muscle_group", sa.String()),
    sa.column("equipment", sa.String()),
    sa.column("mode", sa.String()),
    sa.column("kcal_per_100g", sa.Integer()),
    sa.column("protein_mg_per_100g", sa.Integer()),
    sa.column("carbs_mg_per_100g", sa.Integer()),
    sa.column("fat_mg_per_100g", sa.Integer()),
    sa.column("attributes", sa.JSON()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)

_OPTIONAL = (
    "muscle_group",
    "equipment",
    "mode",
    "kcal_per_100g",
    "protein_mg_per_100g",
    "carbs_mg_per_100g",
    "fat_mg_per_100g",
)


def _shipped_at() -> datetime:
    # SQLite stores naive UTC (the app's UTCDateTime does the same).
    return SHIPPED_AT.replace(tzinfo=None) if op.get_bind().dialect.name == "sqlite" else SHIPPED_AT


def upgrade() -> None:
    at = _shipped_at()
    op.bulk_insert(
        catalog_items,
        [
            {
                "id": seed_id(str(item["kind"]), str(item["name"])),
                "user_id": None,
                "kind": item["kind"],
                "name": item["name"],
                **{key: item.get(key) for key in _OPTIONAL},
                "attributes": {},
                "created_at": at,
                "updated_at": at,
            }
            for item in CATALOG
        ],
    )


def downgrade() -> None:
    ids = [seed_id(str(item["kind"]), str(item["name"])) for item in CATALOG]
    op.execute(catalog_items.delete().where(catalog_items.c.id.in_(ids)))
