"""event uid: the iCalendar UID of a series or single event

Revision ID: 0017_event_uid
Revises: 0016_family_calendar
Create Date: 2026-12-01

- `events.uid` (RFC 5545 UID, at most 255 characters, NULL allowed): a re-import of
  the same .ics file finds the event it made instead of adding it twice, and an export
  writes the same UID every time. Unique per person, (user_id, uid). A changed
  occurrence shares its series' UID in a file (its RECURRENCE-ID tells it apart), so
  its own row keeps uid NULL: NULLs are distinct on both engines, so a plain unique
  constraint does it, no partial index.

`events` already has row-level security (0004) and its owner keys (0006, 0016).
SQLite rebuilds the table to add the constraint, which drops its triggers: the
catalog guard of `events.type_id` is created again, as 0016 does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision: str = "0017_event_uid"
down_revision: str | Sequence[str] | None = "0016_family_calendar"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The table rebuild, trigger and FORCE handling are 0016's, copied: a migration is
# frozen once shipped, so it does not import another.
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
        batch.add_column(sa.Column("uid", sa.String(length=255), nullable=True))
        batch.create_unique_constraint("uq_events_user_id_uid", ["user_id", "uid"])
    _sqlite_triggers()


def downgrade() -> None:
    with _owner_sees_every_row(), _batch() as batch:
        batch.drop_constraint("uq_events_user_id_uid", type_="unique")
        batch.drop_column("uid")
    _sqlite_triggers()
