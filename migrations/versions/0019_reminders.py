"""reminders that fire, and notifications that point at them

Revision ID: 0019_reminders
Revises: 0018_finance_month_totals
Create Date: 2026-12-01

- `reminders.before_minutes`: a reminder N minutes before an event (before each
  occurrence of a series); `due_at` then holds the next due time.
- `reminders.snoozed_until`: when a snoozed reminder is due instead.
- `reminders.fired_for`: the due time it last fired for, so it fires once per due
  time, across restarts too.
- `reminders` gets UNIQUE (id, user_id) for the owner key below (0006's pattern).
- `notifications.reminder_id`: the reminder that fired, an owner key
  (reminder_id, user_id) -> reminders (id, user_id), ON DELETE CASCADE (a deleted
  reminder's notifications go with it); `notifications.missed`: it fired late, for a
  time while the app was closed; an index (user_id, created_at) for the newest-first list.

Both tables already have row-level security (0004). SQLite rebuilds both tables to
add the constraints (batch mode); neither has triggers to make again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision: str = "0019_reminders"
down_revision: str | Sequence[str] | None = "0018_finance_month_totals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("reminders", "notifications")


def _batch(table: str):
    sqlite = op.get_bind().dialect.name == "sqlite"
    return op.batch_alter_table(table, recreate="always" if sqlite else "never")


# As 0016: a database whose tables belong to the app's own role (the old one-role
# setup) holds that owner to row-level security too (FORCE), and checking the new keys
# under the policies recursed through app_user_id(); FORCE is lifted inside this
# migration's transaction while the keys are made. Table names are the frozen list.
FORCED_SQL = (
    "SELECT c.relname FROM pg_class c WHERE c.oid = to_regclass(:table) "
    "AND c.relforcerowsecurity AND row_security_active(c.oid) "
    "AND pg_has_role(current_user, c.relowner, 'USAGE')"
)


@contextmanager
def _owner_sees_every_row() -> Iterator[None]:
    bind = op.get_bind()
    lifted = []
    if bind.dialect.name != "sqlite":
        for table in TABLES:
            if bind.scalar(sa.text(FORCED_SQL), {"table": table}) is not None:
                op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
                lifted.append(table)
    yield
    for table in lifted:
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def upgrade() -> None:
    with _owner_sees_every_row():
        with _batch("reminders") as batch:
            batch.add_column(sa.Column("before_minutes", sa.Integer(), nullable=True))
            batch.add_column(sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True))
            batch.add_column(sa.Column("fired_for", sa.DateTime(timezone=True), nullable=True))
            batch.create_unique_constraint("uq_reminders_id_user_id", ["id", "user_id"])
        with _batch("notifications") as batch:
            batch.add_column(sa.Column("reminder_id", sa.Uuid(), nullable=True))
            batch.add_column(
                sa.Column("missed", sa.Boolean(), nullable=False, server_default=sa.false())
            )
            batch.create_foreign_key(
                "fk_notifications_reminder_id_reminders",
                "reminders",
                ["reminder_id", "user_id"],
                ["id", "user_id"],
                ondelete="CASCADE",
            )
            batch.create_index("ix_notifications_reminder_id", ["reminder_id"])
            batch.create_index("ix_notifications_user_id_created_at", ["user_id", "created_at"])


def downgrade() -> None:
    with _owner_sees_every_row():
        with _batch("notifications") as batch:
            batch.drop_index("ix_notifications_user_id_created_at")
            batch.drop_index("ix_notifications_reminder_id")
            batch.drop_constraint("fk_notifications_reminder_id_reminders", type_="foreignkey")
            batch.drop_column("missed")
            batch.drop_column("reminder_id")
        with _batch("reminders") as batch:
            batch.drop_constraint("uq_reminders_id_user_id", type_="unique")
            batch.drop_column("fired_for")
            batch.drop_column("snoozed_until")
            batch.drop_column("before_minutes")
