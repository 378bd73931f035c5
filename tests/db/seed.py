"""A row in every user-owned table for any user, built from the models, so a table
added later is seeded (and so checked by the RLS tests) without anyone listing it."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime

from sqlalchemy import CheckConstraint, Connection, inspect
from sqlalchemy import column as plain_column
from sqlalchemy import table as plain_table

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


def seed_every_table(
    conn: Connection, user_id: uuid.UUID, *, as_of_schema: bool = False
) -> dict[str, uuid.UUID]:
    """At least one row per table with a user_id, parents first (a row the services
    already made is kept: profiles are one per user). Returns table -> a row id.

    `as_of_schema`: the database is at an older revision (a migration's test): only
    its tables and columns are written, their defaults filled in here."""
    made: dict[str, uuid.UUID] = {}
    found = inspect(conn) if as_of_schema else None
    for table in all_metadata().sorted_tables:
        if "user_id" not in table.c:
            continue
        names = None
        if found is not None:
            if not found.has_table(table.name):
                continue
            names = {c["name"] for c in found.get_columns(table.name)}
        existing = conn.scalar(
            table.select().with_only_columns(table.c.id).where(table.c.user_id == user_id).limit(1)
        )
        if existing is not None:
            made[table.name] = existing
            continue
        values = {"id": uuid.uuid4(), "user_id": user_id}
        for col in table.columns:
            if col.name in values or col.nullable or (names is not None and col.name not in names):
                continue
            if col.default is not None:
                if names is not None:  # Core fills defaults only for the model's table
                    arg = col.default.arg  # type: ignore[attr-defined]
                    values[col.name] = arg(None) if callable(arg) else arg
                continue
            fk = next(iter(col.foreign_keys), None)
            value = made[fk.column.table.name] if fk else _filler(col, table)
            # Two short random texts may come out equal (3 hex digits: 1 in 4,096), and a
            # check may want them apart (an exchange rate's two currencies).
            # (A fixed filler, an IN (...) check's first value, stays as it is.)
            for _ in range(8):
                if fk or not isinstance(value, str) or value not in values.values():
                    break
                value = _filler(col, table)
            values[col.name] = value
        target = (
            table
            if names is None
            else plain_table(
                table.name,
                *(plain_column(c.name, c.type) for c in table.columns if c.name in names),
            )
        )
        conn.execute(target.insert().values(values))
        made[table.name] = values["id"]
    return made
