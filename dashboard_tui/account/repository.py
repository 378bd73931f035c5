"""Auth data access. `UserDirectory` is the one unscoped repository: logging in has
to find a user by email before any scope exists. Only the auth service and the admin
CLI use it; everything a logged-in person reaches goes through a scoped repository."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Delete, case, delete, func, select

from dashboard_tui.kit.repository import ScopedRepository
from dashboard_tui.models.auth import Account, ApiKey, LoginSession, User, VerificationToken


class UserDirectory:
    def __init__(self, session) -> None:
        self.session = session

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(User)) or 0

    def by_email(self, email: str) -> User | None:
        # clean_email never lets a control character or a lone surrogate in, so such an
        # email (a login typed with one) matches nobody; and it must not reach the query:
        # PostgreSQL refuses NUL in text and neither engine can encode a lone surrogate.
        if any(unicodedata.category(ch) in {"Cc", "Cs"} for ch in email):
            return None
        return self.session.scalars(select(User).where(User.email == email)).one_or_none()

    def by_id(self, user_id: uuid.UUID) -> User | None:
        return self.session.get(User, user_id)

    def existing(self, user_id: uuid.UUID) -> User:
        """A user known to be there (read earlier in this transaction, or the target of
        a foreign key); NoResultFound if not."""
        return self.session.get_one(User, user_id)

    def lock_for_update(self, user: User) -> User:
        """Re-read the row FOR UPDATE (PostgreSQL) so failure counters do not race."""
        return self.session.scalars(select(User).where(User.id == user.id).with_for_update()).one()

    def add(self, user: User) -> User:
        self.session.add(user)
        self.session.flush()
        return user

    def first_admin(self) -> User | None:
        """The oldest admin, preferring an active one (the admin CLI acts as it)."""
        inactive_last = case((User.status == "active", 0), else_=1)
        return self.session.scalars(
            select(User)
            .where(User.role == "admin")
            .order_by(inactive_last, User.created_at)
            .limit(1)
        ).first()

    def all(self) -> list[User]:
        return list(self.session.scalars(select(User).order_by(User.created_at, User.email)))

    def credential(self, user_id: uuid.UUID) -> Account | None:
        return self.session.scalars(
            select(Account).where(Account.user_id == user_id, Account.provider == "credential")
        ).one_or_none()

    def set_credential(self, user: User, password_hash: str) -> Account:
        account = self.credential(user.id)
        if account is None:
            account = Account(
                user_id=user.id, provider="credential", provider_account_id=str(user.id)
            )
            self.session.add(account)
        account.password_hash = password_hash
        self.session.flush()
        return account

    def session_by_token_hash(self, token_hash: str) -> LoginSession | None:
        return self.session.scalars(
            select(LoginSession).where(LoginSession.token_hash == token_hash)
        ).one_or_none()

    def api_key_by_hash(self, key_hash: str) -> ApiKey | None:
        """Before anyone is known: the key is the proof (on PostgreSQL the
        transaction presents its hash, so only that key's owner's rows are visible)."""
        return self.session.scalars(select(ApiKey).where(ApiKey.key_hash == key_hash)).one_or_none()

    def add_login_session(self, row: LoginSession) -> LoginSession:
        self.session.add(row)
        self.session.flush()
        return row

    def add_token(self, row: VerificationToken) -> VerificationToken:
        self.session.add(row)
        self.session.flush()
        return row

    def revoke_reset_tokens(self, user_id: uuid.UUID, *, keep: uuid.UUID | None = None) -> int:
        """Delete the user's password-reset tokens (all, or all but `keep`, the one
        being used, which stays as the record of its use)."""
        stmt = delete(VerificationToken).where(
            VerificationToken.user_id == user_id, VerificationToken.purpose == "password_reset"
        )
        if keep is not None:
            stmt = stmt.where(VerificationToken.id != keep)
        result = cast("CursorResult[*tuple[Any, ...]]", self.session.execute(stmt))
        return result.rowcount or 0

    def token_by_hash(self, token_hash: str, purpose: str) -> VerificationToken | None:
        return self.session.scalars(
            select(VerificationToken).where(
                VerificationToken.token_hash == token_hash, VerificationToken.purpose == purpose
            )
        ).one_or_none()


class LoginSessionRepository(ScopedRepository):
    """The logged-in user's own sessions."""

    def list(self) -> list[LoginSession]:
        return list(
            self.session.scalars(
                self._select(LoginSession).order_by(LoginSession.last_seen_at.desc())
            )
        )

    def get(self, session_id: uuid.UUID) -> LoginSession | None:
        return self._get(LoginSession, session_id)

    def delete(self, row: LoginSession) -> None:
        self._delete(row)

    def delete_others(self, keep_id: uuid.UUID | None) -> int:
        stmt = delete(LoginSession).where(LoginSession.user_id == self.scope.user_id)
        if keep_id is not None:
            stmt = stmt.where(LoginSession.id != keep_id)
        return self._deleted(stmt)

    def delete_expired(self, now: datetime, idle_cutoff: datetime) -> int:
        stmt = delete(LoginSession).where(
            LoginSession.user_id == self.scope.user_id,
            (LoginSession.expires_at <= now) | (LoginSession.last_seen_at <= idle_cutoff),
        )
        return self._deleted(stmt)

    def _deleted(self, stmt: Delete) -> int:
        """Run a DELETE and say how many rows it removed. Session.execute's stubs type
        every result as Result; a DML statement's is a CursorResult, which has rowcount."""
        result = cast("CursorResult[*tuple[Any, ...]]", self.session.execute(stmt))
        return result.rowcount or 0


class ApiKeyRepository(ScopedRepository):
    """The signed-in person's API keys. A revoked key stays as the record of its
    revocation; only the live ones are listed, and their names are unique."""

    def live(self) -> list[ApiKey]:
        return list(
            self.session.scalars(
                self._select(ApiKey)
                .where(ApiKey.revoked_at.is_(None))
                .order_by(ApiKey.created_at, ApiKey.name)
            )
        )

    def live_named(self, name: str) -> ApiKey | None:
        return self.session.scalars(
            self._select(ApiKey).where(ApiKey.name == name, ApiKey.revoked_at.is_(None))
        ).first()

    def get(self, key_id: uuid.UUID) -> ApiKey | None:
        return self._get(ApiKey, key_id)

    def add(self, row: ApiKey) -> ApiKey:
        return self._add(row)
