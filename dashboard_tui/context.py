"""Start-up wiring: settings → database (migrated) → services → token store.

Everything heavy (SQLAlchemy engine, psycopg, Alembic, keyring, argon2) is imported
from here, which the TUI calls in a worker after its first screen is up."""

from __future__ import annotations

import platform
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

from dashboard_tui import __version__, paths
from dashboard_tui.account.auth import AuthService
from dashboard_tui.account.passwords import Passwords
from dashboard_tui.account.profile import ProfileService
from dashboard_tui.account.token_store import TokenStore, choose_token_store
from dashboard_tui.config import Settings
from dashboard_tui.db import migrate
from dashboard_tui.db.audit_chain import NO_CLIENT, ClientInfo
from dashboard_tui.db.engine import sqlite_permission_warning
from dashboard_tui.db.roles import rls_bypassed
from dashboard_tui.db.uow import Database
from dashboard_tui.models.base import utcnow


class AreaServices(Protocol):
    """What an area's services class is built with (kit.service.Service's arguments)."""

    def __init__(
        self, db: Database, *, clock: Callable[[], datetime], client: ClientInfo
    ) -> None: ...


S = TypeVar("S", bound=AreaServices)


def default_client(kind: str = "tui") -> ClientInfo:
    return ClientInfo(
        host=socket.gethostname(),
        client=f"dashboard-tui {__version__} ({kind}; {platform.system()})",
    )


@dataclass
class AppContext:
    settings: Settings
    db: Database
    auth: AuthService
    profiles: ProfileService
    token_store: TokenStore
    notice: str | None  # said once: e.g. the login will not be remembered
    # PostgreSQL: why row-level security does not hold here (e.g. "superuser"), shown
    # in the header for as long as the app runs like that.
    security_warning: str | None = None
    # SQLite: the database file or folder is open to other users (said once).
    permission_warning: str | None = None
    clock: Callable[[], datetime] = utcnow
    client: ClientInfo = NO_CLIENT
    _services: dict[type, Any] = field(default_factory=dict, repr=False)

    @property
    def database_label(self) -> str:
        return self.db.description

    def services(self, cls: type[S]) -> S:
        """An area's services (e.g. GymService), built on first use: they stay off
        the start-up path. One per class for this open database."""
        found = self._services.get(cls)
        if found is None:
            found = self._services[cls] = cls(self.db, clock=self.clock, client=self.client)
        return found

    def close(self) -> None:
        self.db.dispose()


def open_context(
    settings: Settings,
    *,
    passwords: Passwords | None = None,
    clock: Callable[[], datetime] = utcnow,
    token_store: TokenStore | None = None,
    client: ClientInfo | None = None,
    migrate_schema: bool = True,
) -> AppContext:
    """Raises DatabaseURLError / DatabaseUnavailable with a message for a person."""
    db = Database.from_url(settings.resolved_database_url)
    try:
        db.ping()
        if migrate_schema:
            migrate.ensure_current(db)
        security_warning = rls_bypassed(db)  # one small query, PostgreSQL only
        permission_warning = sqlite_permission_warning(db.engine.url)
    except BaseException:
        db.dispose()
        raise
    client = client or default_client()
    notice = None
    if token_store is None:
        choice = choose_token_store(
            db.engine.url.render_as_string(hide_password=True),
            remember_insecurely=settings.remember_insecurely,
            file_path=paths.insecure_token_file(),
        )
        token_store, notice = choice.store, choice.notice
    return AppContext(
        settings=settings,
        db=db,
        auth=AuthService(db, settings, passwords=passwords, clock=clock, client=client),
        profiles=ProfileService(db, clock=clock, client=client),
        token_store=token_store,
        notice=notice,
        security_warning=security_warning,
        permission_warning=permission_warning,
        clock=clock,
        client=client,
    )
