"""family calendar: changed occurrences and extra dates of a series

Revision ID: 0016_family_calendar
Revises: 0015_nutrition_log
Create Date: 2026-12-01

- `events.series_id`: a changed occurrence is a row of its own pointing at its series
  (owner key (series_id, user_id) to the series' (id, user_id), ON DELETE CASCADE: it
  goes with its series), and `events.recurrence_id` the original start it replaces,
  the series' wall time in ISO 8601 (RFC 5545 RECURRENCE-ID); one row per original
  start of a series.
- `events.rdates`: extra occurrences of a series (RFC 5545 RDATE), ISO 8601 like
  `exdates`.

`events` already has row-level security (migration 0004) and its owner keys (0006).
SQLite rebuilds the table to add the key, which drops its triggers: the catalog
guard of `events.type_id` (0006) is created again, the same statements.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision: str = "0016_family_calendar"
down_revision: str | Sequence[str] | None = "0015_nutrition_log"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _batch():
    sqlite = op.get_bind().dialect.name == "sqlite"
    return op.batch_alter_table("events", recreate="always" if sqlite else "never")


# The guard 0006 made for events.type_id (a shipped catalog item or the same user's
# own), as 0006 wrote it for SQLite; its message says which reference it is.
_FOUND = (
    "NEW.type_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM catalog_items c "
    "WHERE c.id = NEW.type_id AND (c.user_id IS NULL OR c.user_id = NEW.user_id))"
)
_MESSAGE = (
    "'FOREIGN KEY constraint failed: events.type_id must refer to a shipped catalog "
    "item or to the same user''s own'"
)
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER events_type_id_catalog_owner_{event.split()[0].lower()} AFTER {event} "
    f"ON events WHEN {_FOUND} BEGIN SELECT RAISE(ABORT, {_MESSAGE}); END"
    for event in ("INSERT", "UPDATE OF type_id, user_id")
]


def _sqlite_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


# A database whose tables belong to the role that runs the app (the old one-role
# setup) holds its owner to row-level security too (FORCE): checking the new self
# key reads events under its policy, whose app_user_id() reads users under theirs,
# and so on until PostgreSQL's stack gives out. As 0014, FORCE is lifted inside this
# migration's transaction while the key is made.
FORCED_SQL = (
    "SELECT c.relname FROM pg_class c WHERE c.oid = to_regclass('events') "
    "AND c.relforcerowsecurity AND row_security_active(c.oid) "
    "AND pg_has_role(current_user, c.relowner, 'USAGE')"
)


@contextmanager
def _owner_sees_every_row() -> Iterator[None]:
    bind = op.get_bind()
    lifted = bind.dialect.name != "sqlite" and bind.scalar(sa.text(FORCED_SQL)) is not None
    if lifted:
        op.execute("ALTER TABLE events NO FORCE ROW LEVEL SECURITY")
    yield
    if lifted:
        op.execute("ALTER TABLE events FORCE ROW LEVEL SECURITY")


def upgrade() -> None:
    with _owner_sees_every_row(), _batch() as batch:
        batch.add_column(sa.Column("rdates", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("series_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("recurrence_id", sa.String(length=32), nullable=True))
        batch.create_foreign_key(
            "fk_events_series_id_events",
            "events",
            ["series_id", "user_id"],
            ["id", "user_id"],
            ondelete="CASCADE",
        )
        batch.create_unique_constraint(
            "uq_events_series_id_recurrence_id", ["series_id", "recurrence_id"]
        )
        batch.create_index("ix_events_series_id", ["series_id"])
    if op.get_bind().dialect.name != "sqlite":  # SQLite keeps the default: harmless
        op.alter_column("events", "rdates", server_default=None)
    _sqlite_triggers()


def downgrade() -> None:
    with _owner_sees_every_row(), _batch() as batch:
        batch.drop_index("ix_events_series_id")
        batch.drop_constraint("uq_events_series_id_recurrence_id", type_="unique")
        batch.drop_constraint("fk_events_series_id_events", type_="foreignkey")
        batch.drop_column("recurrence_id")
        batch.drop_column("series_id")
        batch.drop_column("rdates")
    _sqlite_triggers()
