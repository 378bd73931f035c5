"""Calls to PostgreSQL's account functions (migration 0007).

On PostgreSQL the app role cannot read password hashes, create accounts or sessions,
or change anyone's status: registration, login, password reset and the admin actions
are database functions that do exactly their job and write their own audit rows
where the caller cannot (a failed login, an admin's change to another account).
SQLite has no roles; there auth.py does the same steps itself."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from dashboard_tui.db.audit_chain import ClientInfo

INSUFFICIENT_PRIVILEGE = "42501"
UNIQUE_VIOLATION = "23505"


def sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None)


def has_users(session: Session) -> bool:
    return bool(session.scalar(text("SELECT app_has_users()")))


@dataclass(frozen=True)
class Registered:
    user_id: uuid.UUID
    role: str
    status: str


def register(
    session: Session,
    *,
    email: str,
    name: str,
    password_hash: str,
    pending: bool,
    role: str | None,
    by_admin: bool,
    at: datetime,
) -> Registered:
    """The account and its credential; the transaction then acts as the new user.
    `by_admin` counts only when the database sees a real admin (or maintenance)."""
    row = session.execute(
        text("SELECT * FROM app_register(:email, :name, :hash, :pending, :role, :by_admin, :at)"),
        {
            "by_admin": by_admin,
            "email": email,
            "name": name,
            "hash": password_hash,
            "pending": pending,
            "role": role or "member",
            "at": at,
        },
    ).one()
    return Registered(row.user_id, row.role, row.status)


def open_session(
    session: Session, *, token_hash: str, expires: datetime, client: ClientInfo, at: datetime
) -> uuid.UUID:
    """A session for the transaction's own (just registered) user."""
    return session.execute(
        text("SELECT app_open_session(:hash, :expires, :host, :client, :at)"),
        {
            "hash": token_hash,
            "expires": expires,
            "host": client.host,
            "client": client.client,
            "at": at,
        },
    ).scalar_one()


def storable(text_: str) -> str:
    """`text_` as PostgreSQL text can hold it: controls and lone surrogates (which no
    stored email has: clean_email refuses them) written out as \\uXXXX, so a login
    typed with one matches nobody and its audit row says what was typed."""
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in {"Cc", "Cs"} else ch for ch in text_
    )


def login_salt(session: Session, email: str, default_prefix: str) -> tuple[str, int]:
    row = session.execute(
        text("SELECT * FROM app_login_salt(:email, :default)"),
        {"email": storable(email), "default": default_prefix},
    ).one()
    return row.prefix, row.hash_len


def login(
    session: Session,
    *,
    email: str,
    proof: str,
    token_hash: str,
    expires: datetime,
    client: ClientInfo,
    at: datetime,
) -> Any:
    """One row: outcome 'ok' | 'failed' | 'locked' | 'refused', and the user's fields."""
    return session.execute(
        text("SELECT * FROM app_login(:email, :proof, :hash, :expires, :host, :client, :at)"),
        {
            "email": storable(email),
            "proof": proof,
            "hash": token_hash,
            "expires": expires,
            "host": client.host,
            "client": client.client,
            "at": at,
        },
    ).one()


def change_password(session: Session, proof: str, new_hash: str) -> bool:
    return bool(
        session.scalar(
            text("SELECT app_change_password(:proof, :new)"), {"proof": proof, "new": new_hash}
        )
    )


def reset_password(
    session: Session, *, token_hash: str, new_hash: str, client: ClientInfo, at: datetime
) -> Any | None:
    return session.execute(
        text("SELECT * FROM app_reset_password(:hash, :new, :host, :client, :at)"),
        {
            "hash": token_hash,
            "new": new_hash,
            "host": client.host,
            "client": client.client,
            "at": at,
        },
    ).first()


def admin_change(
    session: Session,
    *,
    email: str,
    action: str,
    client: ClientInfo,
    at: datetime,
    actor: uuid.UUID,
    token_hash: str | None = None,
    token_expires: datetime | None = None,
) -> Any:
    """One row: outcome 'ok' | 'unknown' | 'not_pending' | 'self', and the account.
    `actor` counts only on a maintenance connection; otherwise the database knows
    the admin from the credential the transaction presents."""
    return session.execute(
        text(
            "SELECT * FROM app_admin_change(:email, :action, :hash, :expires, :host, "
            ":client, :at, :actor)"
        ),
        {
            "actor": actor,
            "email": email,
            "action": action,
            "hash": token_hash,
            "expires": token_expires,
            "host": client.host,
            "client": client.client,
            "at": at,
        },
    ).one()
