"""Repositories are built for one authenticated user and only ever see that user's rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, inspect, select
from sqlalchemy.orm import Session

M = TypeVar("M")


@dataclass(frozen=True)
class UserScope:
    """Who is acting. Comes from the login session, never from input."""

    user_id: uuid.UUID
    role: str = "member"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class UserScopedRepository:
    """Base for per-user repositories: every query goes through `_select`/`_get`,
    which filter on the scope's user id. Repositories add/flush, never commit."""

    def __init__(self, session: Session, scope: UserScope) -> None:
        self.session = session
        self.scope = scope

    def _select(self, model: type[M], *columns: Any) -> Select[Any]:
        stmt = select(*columns) if columns else select(model)
        return stmt.where(model.user_id == self.scope.user_id)  # type: ignore[attr-defined]

    def _get(self, model: type[M], row_id: uuid.UUID) -> M | None:
        return self.session.scalars(
            self._select(model).where(model.id == row_id)  # type: ignore[attr-defined]
        ).one_or_none()

    def _add(self, row: M) -> M:
        # Only a new row may be added: setting user_id on one loaded from the
        # database would hand it to this user.
        if not inspect(row).transient:
            raise LookupError("only a new row can be added")
        row.user_id = self.scope.user_id  # type: ignore[attr-defined]
        self.session.add(row)
        self.session.flush()
        return row

    def _delete(self, row: object) -> None:
        # Defence in depth: a row loaded some other way still cannot cross users.
        if row.user_id != self.scope.user_id:  # type: ignore[attr-defined]
            raise LookupError("row not found for this user")
        self.session.delete(row)
        self.session.flush()
