"""A row in every user-owned table for any user, built from the models, so a table
added later is seeded (and so checked by the RLS tests) without anyone listing it."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime

from sqlalchemy import CheckConstraint, Connection

from dashboard_tui.models import all_metadata


def _filler(column, table):
    """A value that satisfies NOT NULL, IN (...) checks and unique keys."""
    for check in table.constraints:
        if isinstance(check, CheckConstraint) and str(check.sqltext).startswith(
            f"{column.name} IN ("
        ):
            return re.search(r"'([^']*)'", str(check.sqltext)).group(1)
    kind = getattr(column.type, "impl", column.type).python_type  # UTCDateTime: its impl
    if kind is str:
        return uuid.uuid4().hex[: min(getattr(column.type, "length", None) or 32, 32)]
    if kind is bool:
        return False
    if kind is int:
        return 1
    if kind is datetime:
        return datetime.now(UTC)
    if kind is date:
        return date(2026, 1, 1)
    if kind is dict:
        return {}
    if kind is uuid.UUID:
        return uuid.uuid4()
    raise AssertionError(f"no filler for {table.name}.{column.name} ({kind})")


def seed_every_table(conn: Connection, user_id: uuid.UUID) -> dict[str, uuid.UUID]:
    """At least one row per table with a user_id, parents first (a row the services
    already made is kept: profiles are one per user). Returns table -> a row id."""
    made: dict[str, uuid.UUID] = {}
    for table in all_metadata().sorted_tables:
        if "user_id" not in table.c:
            continue
        existing = conn.scalar(
            table.select().with_only_columns(table.c.id).where(table.c.user_id == user_id).limit(1)
        )
        if existing is not None:
            made[table.name] = existing
            continue
        values = {"id": uuid.uuid4(), "user_id": user_id}
        for column in table.columns:
            if column.name in values or column.nullable or column.default is not None:
                continue
            fk = next(iter(column.foreign_keys), None)
            values[column.name] = made[fk.column.table.name] if fk else _filler(column, table)
        conn.execute(table.insert().values(values))
        made[table.name] = values["id"]
    return made
