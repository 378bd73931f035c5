"""the food catalog: USDA foods, portions, search key, own foods

Revision ID: 0014_food_catalog
Revises: 0013_investments
Create Date: 2026-11-30

- `catalog_items` gains the food columns search and the catalog need as real columns
  rather than keys of the `attributes` JSON: typed, indexable, the same on both
  engines, checked by the model/migration comparison: `fibre_mg_per_100g` (NULL = not
  measured), `source_id` (the USDA NDB number as written, "01123"), `search_key` (the
  name lowercased with accents stripped, computed in Python when written, indexed with
  kind), `default_unit` ("g" or a portion name) and `hidden` (never offered in search;
  kept for the meals and templates that refer to the food).
- A unique index on `catalog_items (id, user_id)`: what the owner key of an own
  portion refers to.
- `food_portions`: household measures of a food ("1 cup" = 158.00 g, kept exactly as
  integer hundredths of a gram). Shipped ones have user_id NULL; an own portion belongs
  to the same person's own food (owner key). On PostgreSQL row-level security: a person
  reads and writes their own rows and reads the shipped ones, like `catalog_items`.
- The shipped foods of dashboard_tui/nutrition/catalog/usda_foods.tsv (derived from
  the USDA National Nutrient Database for Standard Reference) are inserted with ids
  from their NDB numbers, with their portions, in batches (executemany).
- The ~70 shipped foods of 0002 have no USDA source: they are retired (hidden = true),
  kept because meals and templates may refer to them, never offered in search.

Downgrade removes exactly that: the inserted foods (references to them from meals and
templates are set to NULL first, as their keys' ON DELETE would), the table, the
indexes and the columns (with them the retirement of the 0002 foods).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from dashboard_tui.nutrition.catalog import food_id, portion_id, search_key, shipped_foods

revision: str = "0014_food_catalog"
down_revision: str | Sequence[str] | None = "0013_investments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHIPPED_AT = datetime(2026, 11, 30, tzinfo=UTC)
OWN = "(SELECT app_user_id())"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


CATALOG_MESSAGE = (
    "food_portions.food_id must refer to a shipped catalog item or to the same user's own"
)
SQLITE_TRIGGERS = [
    # The catalog reference, as migration 0006 writes it for every other one.
    f"CREATE TRIGGER food_portions_food_id_catalog_owner_{name} AFTER {event} "  # noqa: S608
    "ON food_portions WHEN NEW.food_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
    "FROM catalog_items c WHERE c.id = NEW.food_id AND (c.user_id IS NULL OR "
    "c.user_id = NEW.user_id)) BEGIN SELECT RAISE(ABORT, "
    + _quoted("FOREIGN KEY constraint failed: " + CATALOG_MESSAGE)
    + "); END"
    for name, event in (("insert", "INSERT"), ("update", "UPDATE OF food_id, user_id"))
]
SQLITE_TRIGGER_NAMES = (
    "food_portions_food_id_catalog_owner_insert",
    "food_portions_food_id_catalog_owner_update",
)
PG_STATEMENTS = [
    "CREATE TRIGGER food_portions_food_id_catalog_owner "
    "AFTER INSERT OR UPDATE OF food_id, user_id ON food_portions "
    "FOR EACH ROW EXECUTE FUNCTION catalog_ref_shipped_or_own('food_id')",
    "ALTER TABLE food_portions ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE food_portions FORCE ROW LEVEL SECURITY",
    f"CREATE POLICY own ON food_portions USING (user_id = {OWN}) WITH CHECK (user_id = {OWN})",
    "CREATE POLICY shipped ON food_portions FOR SELECT USING (user_id IS NULL)",
]
COLUMNS = ("fibre_mg_per_100g", "source_id", "search_key", "default_unit", "hidden")

catalog_items = sa.table(
    "catalog_items",
    sa.column("id", sa.Uuid()),
    sa.column("user_id", sa.Uuid()),
    sa.column("kind", sa.String()),
    sa.column("name", sa.String()),
    sa.column("kcal_per_100g", sa.Integer()),
    sa.column("protein_mg_per_100g", sa.Integer()),
    sa.column("carbs_mg_per_100g", sa.Integer()),
    sa.column("fat_mg_per_100g", sa.Integer()),
    sa.column("fibre_mg_per_100g", sa.Integer()),
    sa.column("source_id", sa.String()),
    sa.column("search_key", sa.String()),
    sa.column("default_unit", sa.String()),
    sa.column("hidden", sa.Boolean()),
    sa.column("attributes", sa.JSON()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
food_portions = sa.table(
    "food_portions",
    sa.column("id", sa.Uuid()),
    sa.column("user_id", sa.Uuid()),
    sa.column("food_id", sa.Uuid()),
    sa.column("name", sa.String()),
    sa.column("label", sa.String()),
    sa.column("centigrams", sa.Integer()),
    sa.column("position", sa.SmallInteger()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
REFERRERS = (("food_items", "catalog_item_id"), ("meal_template_items", "catalog_item_id"))


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _shipped_at() -> datetime:
    # SQLite stores naive UTC (the app's UTCDateTime does the same).
    return SHIPPED_AT.replace(tzinfo=None) if _is_sqlite() else SHIPPED_AT


# A database whose tables belong to the role that runs the app (the old one-role
# setup) holds its owner to row-level security too (FORCE), and that role cannot see
# every row nor write shipped ones: as 0004/0008, FORCE is lifted inside this
# migration's transaction for its data changes.
FORCED_SQL = (
    "SELECT c.relname FROM pg_class c WHERE c.oid = to_regclass(:t) "
    "AND c.relforcerowsecurity AND row_security_active(c.oid) "
    "AND pg_has_role(current_user, c.relowner, 'USAGE')"
)
DATA_TABLES = ("catalog_items", "food_portions", "food_items", "meal_template_items")


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


def upgrade() -> None:
    op.add_column("catalog_items", sa.Column("fibre_mg_per_100g", sa.Integer(), nullable=True))
    op.add_column("catalog_items", sa.Column("source_id", sa.String(length=16), nullable=True))
    op.add_column("catalog_items", sa.Column("search_key", sa.String(length=255), nullable=True))
    op.add_column("catalog_items", sa.Column("default_unit", sa.String(length=24), nullable=True))
    op.add_column(
        "catalog_items",
        sa.Column("hidden", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.create_index("ix_catalog_items_kind_search_key", "catalog_items", ["kind", "search_key"])
    op.create_table(
        "food_portions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("food_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=24), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("centigrams", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_food_portions"),
        sa.CheckConstraint("centigrams > 0", name=op.f("ck_food_portions_centigrams")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_food_portions_user_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["food_id"],
            ["catalog_items.id"],
            name="fk_food_portions_food_id_catalog_items",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("food_id", "name", name="uq_food_portions_food_id_name"),
    )
    op.create_index("ix_food_portions_user_id", "food_portions", ["user_id"])
    if _is_sqlite():
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        for statement in PG_STATEMENTS:
            op.execute(statement)
    with _owner_sees_every_row():
        _insert_foods()
    if _is_sqlite():
        op.execute("ANALYZE catalog_items")
        op.execute("ANALYZE food_portions")


def _insert_foods() -> None:
    bind = op.get_bind()
    # The 0002 foods: no USDA source. Retired, not deleted (meals may refer to them).
    bind.execute(
        catalog_items.update()
        .where(catalog_items.c.kind == "food", catalog_items.c.user_id.is_(None))
        .values(hidden=True)
    )
    at = _shipped_at()
    foods = shipped_foods()
    bind.execute(
        catalog_items.insert(),
        [
            {
                "id": food_id(f.ndb),
                "user_id": None,
                "kind": "food",
                "name": f.name,
                "kcal_per_100g": f.kcal,
                "protein_mg_per_100g": f.protein_mg,
                "carbs_mg_per_100g": f.carbs_mg,
                "fat_mg_per_100g": f.fat_mg,
                "fibre_mg_per_100g": f.fibre_mg,
                "source_id": f.ndb,
                "search_key": search_key(f.name),
                "default_unit": "g",
                "hidden": False,
                "attributes": {},
                "created_at": at,
                "updated_at": at,
            }
            for f in foods
        ],
    )
    bind.execute(
        food_portions.insert(),
        [
            {
                "id": portion_id(f.ndb, p.name),
                "user_id": None,
                "food_id": food_id(f.ndb),
                "name": p.name,
                "label": p.label,
                "centigrams": int(p.grams * 100),
                "position": i,
                "created_at": at,
                "updated_at": at,
            }
            for f in foods
            for i, p in enumerate(f.portions)
        ],
    )


def downgrade() -> None:
    ids = [food_id(f.ndb) for f in shipped_foods()]
    bind = op.get_bind()
    with _owner_sees_every_row():
        for table, column in REFERRERS:
            t = sa.table(table, sa.column(column, sa.Uuid()))
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                bind.execute(t.update().where(t.c[column].in_(chunk)).values({column: None}))
        if _is_sqlite():
            for name in SQLITE_TRIGGER_NAMES:
                op.execute(f"DROP TRIGGER {name}")
        op.drop_table("food_portions")  # its index, trigger and policies go with it
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            bind.execute(catalog_items.delete().where(catalog_items.c.id.in_(chunk)))
    op.drop_index("ix_catalog_items_kind_search_key", table_name="catalog_items")
    for column in reversed(COLUMNS):
        op.drop_column("catalog_items", column)
