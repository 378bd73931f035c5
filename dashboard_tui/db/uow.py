"""One user action = one unit of work = one transaction (DESIGN.md §1)."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Protocol, TypeVar

from sqlalchemy import Engine, or_, select, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from dashboard_tui.db.engine import describe, is_sqlite, make_engine
from dashboard_tui.models.auth import ApiKey, LoginSession, User
from dashboard_tui.models.base import utcnow

T = TypeVar("T")

# PostgreSQL serialization_failure and deadlock_detected: the whole unit is retried.
RETRYABLE_SQLSTATES = {"40001", "40P01"}
MAX_ATTEMPTS = 4
# SQLite: a unit that waited out the busy timeout (other processes kept the file's
# write lock; SQLite's waiting favours newcomers, so one waiter can lose many times
# over) is tried again whole, until this long has passed since its first try.
SQLITE_BUSY_RETRY_S = 30.0
SQLITE_BUSY = 5  # SQLITE_BUSY; its extended codes keep it in their low byte


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached or failed mid-action; nothing was kept."""


class OutcomeUnknown(DatabaseUnavailable):
    """The connection died after COMMIT was sent: the action may have been kept."""


class SessionEnded(RuntimeError):
    """The login an action runs under is gone: ended from another machine, expired,
    or its account disabled. Nothing of the action was kept."""

    def __init__(self) -> None:
        super().__init__(
            "Your session has ended (logged out elsewhere, expired, or the account was "
            "disabled). Please log in again."
        )


class Acting(Protocol):
    """Who a unit of work acts for (kit.repository.UserScope)."""

    @property
    def user_id(self) -> uuid.UUID: ...

    @property
    def credential(self) -> str | None: ...


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None)


def _sqlite_busy(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == SQLITE_BUSY


def _friendly(exc: DBAPIError) -> str:
    first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return first[:300]


class Database:
    """An engine and how to open units of work on it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_sqlite = is_sqlite(engine.url)
        self.description = describe(engine.url)
        self._sessions = sessionmaker(engine, expire_on_commit=False, autoflush=True)
        self._read_sessions = sessionmaker(
            engine.execution_options(sqlite_begin="DEFERRED"), expire_on_commit=False
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(make_engine(url))

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(
        self,
        *,
        user_id: uuid.UUID | None = None,
        read_only: bool = False,
        role: str | None = None,
        credential: str | None = None,
        now: datetime | None = None,
    ) -> Iterator[Session]:
        """Commit once at the end; roll back everything on any error. A write for a
        known user takes that user's lock first (see `lock_user`). With a
        `credential` (see UserScope.credential), the transaction then checks that it
        still belongs to `user_id` (SessionEnded if not)."""
        factory = self._read_sessions if read_only else self._sessions
        with factory() as session, session.begin():
            if user_id is not None and not read_only:
                self.lock_user(session, user_id)
            self.act_as(session, credential=credential, role=role)
            if credential is not None:
                self.check_credential(session, user_id, credential, now or utcnow())
            yield session

    def check_credential(
        self, session: Session, user_id: uuid.UUID | None, credential: str, now: datetime
    ) -> None:
        """One indexed lookup: the session (or API key) with this hash, unexpired, of
        an active user, is `user_id`'s."""
        live = (
            select(LoginSession.user_id)
            .join(User, User.id == LoginSession.user_id)
            .where(
                LoginSession.token_hash == credential,
                LoginSession.expires_at > now,
                User.status == "active",
            )
            .union_all(
                select(ApiKey.user_id)
                .join(User, User.id == ApiKey.user_id)
                .where(
                    ApiKey.key_hash == credential,
                    ApiKey.revoked_at.is_(None),
                    or_(ApiKey.expires_at.is_(None), ApiKey.expires_at > now),
                    User.status == "active",
                )
            )
        )
        if user_id is None or session.scalars(live).first() != user_id:
            raise SessionEnded()

    def act_as(
        self, session: Session, *, credential: str | None = None, role: str | None = None
    ) -> None:
        """Whose rows this transaction may touch. On PostgreSQL row-level security
        does not take the client's word for it: the transaction presents the SHA-256
        of the person's session token or API key, which the database's app_user_id()
        looks up (migration 0007); or one of the database's own functions (login,
        registration) grants the transaction its user. Transaction-local, so a pooled
        connection never carries it into the next one. `role` 'admin' opens the
        admin's audit view (the policy checks that the user really is an admin).
        SQLite has no roles: there the repositories' scoping is the wall."""
        if not self.is_sqlite:
            session.execute(
                text(
                    "SELECT set_config('app.credential', :credential, true), "
                    "set_config('app.role', :role, true)"
                ),
                {"credential": credential or "", "role": role or ""},
            )

    def run(
        self,
        work: Callable[[Session], T],
        *,
        user_id: uuid.UUID | None = None,
        read_only: bool = False,
        role: str | None = None,
        credential: str | None = None,
        now: datetime | None = None,
    ) -> T:
        """Run `work` in one transaction, retrying it whole on serialization failures,
        on a connection that died before the commit was sent, and (SQLite) on a
        database file kept busy past the busy timeout, for up to SQLITE_BUSY_RETRY_S."""
        started, attempt = time.monotonic(), 0
        while True:
            attempt += 1
            committing = False
            try:
                with self.transaction(
                    user_id=user_id,
                    read_only=read_only,
                    role=role,
                    credential=credential,
                    now=now,
                ) as session:
                    result = work(session)
                    session.flush()  # all but COMMIT is sent; a failure so far is retried
                    committing = True
                return result
            except DBAPIError as exc:
                if committing and exc.connection_invalidated and not read_only:
                    # COMMIT went out and no answer came back: the unit may be saved, and
                    # running it again could do it twice.
                    raise OutcomeUnknown(
                        "The connection was lost while saving: the change may or may not "
                        "have been saved. Check before doing it again."
                    ) from exc
                if self.is_sqlite and _sqlite_busy(exc):
                    waited = time.monotonic() - started
                    if waited < SQLITE_BUSY_RETRY_S:
                        # Nothing of the unit was kept; a random pause so that the
                        # waiters do not all come back at the same instant.
                        time.sleep(random.uniform(0, min(0.02 * 2**attempt, 0.5)))
                        continue
                    raise DatabaseUnavailable(
                        f"The database is busy: other programs kept it locked for "
                        f"{waited:.0f} s, so nothing was "
                        f"{'read' if read_only else 'saved'}. Try again in a moment."
                    ) from exc
                retry = _sqlstate(exc) in RETRYABLE_SQLSTATES or exc.connection_invalidated
                if retry and attempt < MAX_ATTEMPTS:
                    time.sleep(0.02 * 2**attempt)
                    continue
                if isinstance(exc, OperationalError) or exc.connection_invalidated:
                    raise DatabaseUnavailable(_friendly(exc)) from exc
                raise

    def lock_user(self, session: Session, user_id: uuid.UUID) -> None:
        """Hold this user's lock until the transaction ends (PostgreSQL; on SQLite
        BEGIN IMMEDIATE already lets one writer in at a time).

        One lock order for every unit, so none waits on another in a circle: the
        user's lock first, before any of their rows is read or locked; then, if
        needed, the system chain's audit lock; then rows. `transaction` takes it at
        the start of every write for a known user: one person's writes run one after
        another (they are small), so what is derived from several of their rows (the
        gym's records, set positions, the audit chain) is read and rewritten by one
        unit at a time. It is the audit chain's own lock (db/audit_chain.record
        locks chain str(user_id) under the same key), so taking it there again costs
        nothing. A unit that learns its user midway (an admin acting on someone, a
        reset by token) calls this before it touches that user's rows."""
        if not self.is_sqlite:
            session.execute(
                text("SELECT pg_advisory_xact_lock(hashtextextended(:chain, 0))"),
                {"chain": str(user_id)},
            )

    def run_as(
        self,
        acting: Acting,
        work: Callable[[Session], T],
        *,
        now: datetime | None = None,
        read_only: bool = False,
        role: str | None = None,
    ) -> T:
        """`run` for a signed-in person: their rows, their credential checked."""
        return self.run(
            work,
            user_id=acting.user_id,
            credential=acting.credential,
            now=now,
            read_only=read_only,
            role=role,
        )

    def ping(self) -> None:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except DBAPIError as exc:
            hint = ""
            if not self.is_sqlite and "does not exist" in str(exc.orig):
                url = self.engine.url
                hint = (
                    f" (create it first: createdb -h {url.host} -U {url.username} {url.database})"
                )
            raise DatabaseUnavailable(
                f"cannot connect to {self.description}: {_friendly(exc)}{hint}"
            ) from exc
