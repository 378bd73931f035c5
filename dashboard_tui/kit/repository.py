"""Repositories are built for one authenticated user and only ever see that user's rows.

`ScopedRepository` holds the scope and the scoped select/get/add/delete helpers;
`EntityRepository[M]` gives every entity's routine queries once: `get`, `add`,
`delete`, a keyset `page` (with text search over the declared columns and, for lists
ordered by day, a date range) and `count`. A repository adds what is its entity's
own; it adds and flushes, never commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeAlias, TypeVar, overload

from sqlalchemy import Select, func, inspect, or_, select
from sqlalchemy.orm import Session

from dashboard_tui.kit.paging import split_page
from dashboard_tui.kit.query import NEWEST_FIRST, Keyset, contains
from dashboard_tui.models.shared import CatalogItem

M = TypeVar("M")
T0 = TypeVar("T0")
T1 = TypeVar("T1")
T2 = TypeVar("T2")
T3 = TypeVar("T3")
# A select of any columns: `Select[Any]` would be a select of exactly one.
AnySelect = Select[*tuple[Any, ...]]
if TYPE_CHECKING:
    from sqlalchemy import SQLColumnExpression

    # What `select` takes a typed column from: an entity, an attribute, an expression.
    _Col: TypeAlias = SQLColumnExpression[M] | type[M]


@dataclass(frozen=True)
class UserScope:
    """Who is acting. Comes from the login session, never from input."""

    user_id: uuid.UUID
    role: str = "member"
    # The SHA-256 of the session token or API key it acts by: each unit of work checks
    # it is still good (ended elsewhere, expired, account disabled). None only for
    # trusted local work (the admin CLI, restore) that holds no login.
    credential: str | None = field(default=None, repr=False, compare=False)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class ScopedRepository:
    """Base for per-user repositories: every query goes through `_select`/`_get`,
    which filter on the scope's user id."""

    def __init__(self, session: Session, scope: UserScope) -> None:
        self.session = session
        self.scope = scope

    # -- helpers for any model of this user ---------------------------------------------
    # Typed like SQLAlchemy's `select` for up to four columns, so that rows unpack into
    # their columns' types.
    @overload
    def _select(self, model: type[T0]) -> Select[T0]: ...
    @overload
    def _select(self, model: Any, c0: _Col[T0], /) -> Select[T0]: ...
    @overload
    def _select(self, model: Any, c0: _Col[T0], c1: _Col[T1], /) -> Select[T0, T1]: ...
    @overload
    def _select(
        self, model: Any, c0: _Col[T0], c1: _Col[T1], c2: _Col[T2], /
    ) -> Select[T0, T1, T2]: ...
    @overload
    def _select(
        self, model: Any, c0: _Col[T0], c1: _Col[T1], c2: _Col[T2], c3: _Col[T3], /
    ) -> Select[T0, T1, T2, T3]: ...
    @overload
    def _select(self, model: Any, *columns: Any) -> AnySelect: ...
    def _select(self, model: Any, *columns: Any) -> AnySelect:
        stmt = select(*columns) if columns else select(model)
        return stmt.where(model.user_id == self.scope.user_id)

    def _get(self, model: type[Any], row_id: uuid.UUID) -> Any:
        return self.session.scalars(self._select(model).where(model.id == row_id)).one_or_none()

    def _add(self, row: Any) -> Any:
        # Only a new row may be added: setting user_id on one loaded from the
        # database would hand it to this user.
        if not inspect(row).transient:
            raise LookupError("only a new row can be added")
        row.user_id = self.scope.user_id
        self.session.add(row)
        self.session.flush()
        return row

    def _delete(self, row: Any) -> None:
        # Defence in depth: a row loaded some other way still cannot cross users.
        if row.user_id != self.scope.user_id:
            raise LookupError("row not found for this user")
        self.session.delete(row)
        self.session.flush()


class SharedCatalogRepository(ScopedRepository):
    """Catalog rows of `kinds` as one user sees them: the shipped ones (user_id NULL,
    read-only) and the user's own; another user's own are never visible. An area's
    catalog (event types, activities, categories, foods) adds its own queries."""

    kinds: ClassVar[tuple[str, ...]]

    def _visible(self, *columns: Any) -> AnySelect:
        c = CatalogItem
        stmt = select(*columns) if columns else select(c)
        kind = c.kind == self.kinds[0] if len(self.kinds) == 1 else c.kind.in_(self.kinds)
        return stmt.where(kind, or_(c.user_id.is_(None), c.user_id == self.scope.user_id))

    def get(self, item_id: uuid.UUID) -> CatalogItem | None:
        return self.session.scalars(self._visible().where(CatalogItem.id == item_id)).one_or_none()

    def _listed(self) -> list[CatalogItem]:
        """All of them by name (any case); one's own first where a name is both: for
        short catalogs (event types, activities), which expose it as `listed`."""
        c = CatalogItem
        stmt = self._visible().order_by(func.lower(c.name), c.user_id.is_(None), c.id)
        return list(self.session.scalars(stmt))


class EntityRepository(ScopedRepository, Generic[M]):
    """The routine queries of one entity's `model`: declare the `keyset` its list is
    paged in and the `search` columns (attribute names) that `text` is looked for in."""

    model: ClassVar[Any] = None
    keyset: ClassVar[Keyset] = NEWEST_FIRST
    search: ClassVar[tuple[str, ...]] = ("name",)

    # -- the routine operations of `model` ----------------------------------------------
    def get(self, row_id: uuid.UUID) -> M | None:
        return self._get(self.model, row_id)

    def add(self, row: M) -> M:
        return self._add(row)

    def delete(self, row: M) -> None:
        self._delete(row)

    def page(
        self,
        *,
        limit: int,
        after: Any = None,
        text: str = "",
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> list[M]:
        """Up to `limit` rows in the keyset's order, after the key `after`."""
        stmt = self._filtered(self._select(self.model), text, date_from, date_to)
        if after is not None:
            stmt = stmt.where(self.keyset.after(self.model, after))
        stmt = stmt.order_by(*self.keyset.order_by(self.model)).limit(limit)
        return list(self.session.scalars(stmt))

    def keyset_page(
        self,
        *,
        limit: int,
        after: Any = None,
        text: str = "",
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> tuple[list[M], Any]:
        """`page`'s first `limit` rows and the cursor after them (None: the last page),
        in the keyset's own key, so a list's cursor always matches its order."""
        rows = self.page(
            limit=limit + 1, after=after, text=text, date_from=date_from, date_to=date_to
        )
        return split_page(rows, limit, self.keyset.key)

    def count(
        self, *, text: str = "", date_from: date | None = None, date_to: date | None = None
    ) -> int:
        stmt = self._filtered(self._select(self.model, func.count()), text, date_from, date_to)
        return self.session.scalar(stmt) or 0

    def _filtered(
        self, stmt: AnySelect, text: str, date_from: date | None, date_to: date | None
    ) -> AnySelect:
        model = self.model
        if text:
            stmt = stmt.where(or_(*(contains(getattr(model, c), text) for c in self.search)))
        if date_from is not None:
            stmt = stmt.where(model.date >= date_from)
        if date_to is not None:
            stmt = stmt.where(model.date <= date_to)
        return stmt
