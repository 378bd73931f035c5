"""SQL pieces every area's repository uses: text search and the two keyset orders
(newest first by day, and by name)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_

# (date, created_at, id): newest first, served by a (user_id, date) index.
DatedKey = tuple[date, datetime, uuid.UUID]
NameKey = tuple[str, uuid.UUID]  # (lower(name), id)


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """`column` contains `text`, case-insensitively on both engines (ASCII always; other
    letters where the engine's lower() folds them, and in their exact case always).
    LIKE wildcards in `text` are matched literally."""
    return or_(
        func.lower(column).like(f"%{escape_like(text.lower())}%", escape="\\"),
        column.like(f"%{escape_like(text)}%", escape="\\"),
    )


def dated_before(model: Any, key: DatedKey) -> ColumnElement[bool]:
    """Rows after `key` in newest-first (date, created_at, id) order."""
    day, created, row_id = key
    return and_(
        model.date <= day,  # the part an index on (user_id, date) can use
        or_(
            model.date < day,
            or_(model.created_at < created, and_(model.created_at == created, model.id < row_id)),
        ),
    )


def dated_key(row: Any) -> DatedKey:
    return (row.date, row.created_at, row.id)


def name_key(row: Any) -> NameKey:
    """The cursor of lists ordered by name (any case)."""
    return (row.name.lower(), row.id)


@dataclass(frozen=True)
class Keyset:
    """An order a list is paged in: its ORDER BY, the rows after a key, a row's key."""

    kind: str  # "dated" | "name"
    column: str = "name"  # "name": the column named (an event's is its title)

    def order_by(self, model: Any) -> tuple[Any, ...]:
        if self.kind == "dated":
            return (model.date.desc(), model.created_at.desc(), model.id.desc())
        return (func.lower(getattr(model, self.column)), model.id)

    def after(self, model: Any, key: Any) -> ColumnElement[bool]:
        if self.kind == "dated":
            return dated_before(model, key)
        name, row_id = key
        lower = func.lower(getattr(model, self.column))
        return or_(lower > name, and_(lower == name, model.id > row_id))

    def key(self, row: Any) -> Any:
        if self.kind == "dated":
            return dated_key(row)
        return (getattr(row, self.column).lower(), row.id)


NEWEST_FIRST = Keyset("dated")
BY_NAME = Keyset("name")
BY_TITLE = Keyset("name", "title")
