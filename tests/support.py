"""Test doubles that are not a database: an in-memory keyring and a settable clock;
and a private copy of a database file."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from keyring.backend import KeyringBackend

FIXED_NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


class MemoryKeyring(KeyringBackend):
    """A real keyring backend (priority > 0) that keeps secrets in a dict."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class FakeClock:
    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now


def let_time_pass(db, clock: FakeClock, **delta: float) -> None:
    """Time passes for the app and, on PostgreSQL, for the database too: there
    session expiry, reset-token expiry and login locks are the server's clock
    (migration 0007), which a test cannot move, so the stored instants move back by
    the same amount instead. `db` must see every row (superuser or owner)."""
    clock.advance(**delta)
    if db.is_sqlite:
        return
    from sqlalchemy import text

    with db.engine.begin() as conn:
        shift = {"d": timedelta(**delta)}
        conn.execute(text("UPDATE sessions SET expires_at = expires_at - :d"), shift)
        conn.execute(text("UPDATE verification_tokens SET expires_at = expires_at - :d"), shift)
        conn.execute(text("UPDATE users SET locked_until = locked_until - :d"), shift)


def gym_of(ctx):  # an AppContext's gym services
    from dashboard_tui.gym.services import GymService

    return ctx.services(GymService)


def history_of(ctx):  # an AppContext's audit history
    from dashboard_tui.audit.history import AuditHistoryService

    return ctx.services(AuditHistoryService)


def private_copy(source: Path, target: Path) -> Path:
    """A copy of a database file, private (0600) as the app makes one: a plain copy
    gets the umask's mode, which the app reports at start-up (a toast on the screen)."""
    shutil.copyfile(source, target)
    target.chmod(0o600)
    return target
