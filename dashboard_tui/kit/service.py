"""A service and the handle each of its units of work gets.

A service method is one user action = one unit of work = one transaction (DESIGN.md
§1). It hands a function to `_write` (or `_read`), which runs it in a transaction
with a `UnitOfWork`: the session, who acts, now, where from, the person's profile
(weight unit, timezone, week start, today) and the audit call. Named so it is never
confused with a weight unit."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard_tui.db import audit_chain
from dashboard_tui.db.audit_chain import NO_CLIENT, ClientInfo
from dashboard_tui.db.uow import Database
from dashboard_tui.kit.entity import Entity
from dashboard_tui.kit.parsing import parse_date, today_in
from dashboard_tui.kit.repository import ScopedRepository, UserScope
from dashboard_tui.models.base import utcnow
from dashboard_tui.models.shared import Profile

T = TypeVar("T")
R = TypeVar("R", bound=ScopedRepository)
W = TypeVar("W", bound="UnitOfWork")


class Actor(Protocol):
    """Who acts: a login (account.auth.Login) or anything with its scope."""

    @property
    def scope(self) -> UserScope: ...


class UnitOfWork:
    """One action's transaction, as its service sees it."""

    def __init__(self, session: Session, actor: Actor, now: datetime, client: ClientInfo):
        self.session = session
        self.scope = actor.scope
        self.now = now
        self.client = client
        self._repositories: dict[type, Any] = {}

    def repo(self, cls: type[R]) -> R:
        """The repository `cls` for this person, one per unit of work."""
        found = self._repositories.get(cls)
        if found is None:
            found = self._repositories[cls] = cls(self.session, self.scope)
        return found

    # -- the person's profile ---------------------------------------------------------
    @cached_property
    def _profile(self) -> tuple[str, str, int]:
        row = self.session.scalars(
            select(Profile).where(Profile.user_id == self.scope.user_id)
        ).one_or_none()
        return (row.weight_unit, row.timezone, row.week_start) if row else ("kg", "UTC", 0)

    @property
    def weight_unit(self) -> str:
        return self._profile[0]

    @property
    def timezone(self) -> str:
        return self._profile[1]

    @property
    def week_start(self) -> int:
        return self._profile[2]

    @cached_property
    def today(self) -> date:
        return today_in(self.now, self.timezone)

    def week_of(self, day: date) -> date:
        """The first day of `day`'s week, honouring the profile's week start."""
        return day - timedelta(days=(day.weekday() - self.week_start) % 7)

    def optional_date(self, value: str | date | None, field: str = "date") -> date | None:
        """Like `date`, but None or "" is no date (an open end of a range)."""
        # Defined above `date`: below it, a type checker reads `date` as that method.
        return None if value is None or value == "" else self.date(value, field)

    def date(self, value: str | date, field: str = "date") -> date:
        return parse_date(value, today=self.today, field=field)

    # -- the audit row ---------------------------------------------------------------
    def audit(
        self,
        entity: Entity,
        verb: str,
        entity_id: uuid.UUID,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """One audit row, `<area>.<noun>.<verb>`, in this transaction."""
        audit_chain.record(
            self.session,
            action=entity.action(verb),
            at=self.now,
            client=self.client,
            user_id=self.scope.user_id,
            entity=entity.name,
            entity_id=entity_id,
            before=before,
            after=after,
        )

    def audit_user(self, action: str, *, after: dict[str, Any]) -> None:
        """One audit row about the person's data as a whole (an import, an export),
        on their user record, in this transaction."""
        audit_chain.record(
            self.session,
            action=action,
            at=self.now,
            client=self.client,
            user_id=self.scope.user_id,
            entity="user",
            entity_id=self.scope.user_id,
            after=after,
        )


class Service(Generic[W]):
    """What every service holds: the database, the clock (injectable in tests) and
    where the actions come from (for the audit rows). `uow_class` is the UnitOfWork
    its actions get (an area's subclass adds its repositories)."""

    # mypy cannot see that the default suits every W (W is bound to UnitOfWork).
    uow_class: type[W] = UnitOfWork  # type: ignore[assignment]

    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], datetime] = utcnow,
        client: ClientInfo = NO_CLIENT,
    ) -> None:
        self.db = db
        self.clock = clock
        self.client = client

    def _write(self, actor: Actor, work: Callable[[W], T]) -> T:
        now = self.clock()
        return self.db.run_as(
            actor.scope, lambda s: work(self.uow_class(s, actor, now, self.client)), now=now
        )

    def _read(self, actor: Actor, work: Callable[[W], T]) -> T:
        now = self.clock()
        return self.db.run_as(
            actor.scope,
            lambda s: work(self.uow_class(s, actor, now, self.client)),
            now=now,
            read_only=True,
        )
