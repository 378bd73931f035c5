"""Accounts and login sessions (DESIGN.md §4): registration, login with per-account
backoff, resume from a stored token, logout, password change and reset, admin actions."""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.exc import DBAPIError

from dashboard_tui.account import pg_auth
from dashboard_tui.account.passwords import MAX_PASSWORD, Passwords, check_new_password
from dashboard_tui.account.profile_repository import ProfileRepository
from dashboard_tui.account.repository import LoginSessionRepository, UserDirectory
from dashboard_tui.config import RegistrationMode, Settings
from dashboard_tui.db import audit_chain
from dashboard_tui.db.audit_chain import NO_CLIENT, ClientInfo
from dashboard_tui.db.uow import Database, SessionEnded
from dashboard_tui.kit.errors import (
    AuthError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from dashboard_tui.kit.repository import UserScope
from dashboard_tui.kit.validation import NAME_MAX, clean_email, clean_text
from dashboard_tui.models.auth import LoginSession, User, VerificationToken
from dashboard_tui.models.base import utcnow

GENERIC_LOGIN_ERROR = "Email or password is not right."
FREE_FAILURES = 5  # failures before the backoff starts
MAX_LOCK = timedelta(minutes=15)
RESET_TOKEN_TTL = timedelta(hours=24)
TOKEN_BYTES = 32  # 256 bits


RESET_TOKEN_REFUSED = "This reset token is unknown, used or expired."  # noqa: S105 - a message
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,200}")  # what secrets.token_urlsafe makes


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_token_shaped(token: str) -> bool:
    """Anything else (a typo, stray bytes, a lone surrogate) cannot be ours."""
    return TOKEN_RE.fullmatch(token) is not None


@dataclass(frozen=True)
class UserInfo:
    id: uuid.UUID
    email: str
    name: str
    role: str
    status: str

    @classmethod
    def of(cls, user: User) -> UserInfo:
        return cls(user.id, user.email, user.name, user.role, user.status)

    @property
    def scope(self) -> UserScope:
        return UserScope(self.id, self.role)


@dataclass(frozen=True)
class Login:
    """A logged-in user. `credential` is the SHA-256 of the session token, which
    every unit of work presents; the token itself is set only right after
    login/registration (to be stored in the keyring)."""

    user: UserInfo
    session_id: uuid.UUID
    credential: str = field(repr=False)
    token: str | None = field(default=None, repr=False)

    @property
    def scope(self) -> UserScope:
        return UserScope(self.user.id, self.user.role, self.credential)


class SignedIn(Protocol):
    """Whoever a per-user action runs for: a `Login` (a session) or an API key's
    user (account.api_keys.KeyLogin). Both present their credential in `scope`."""

    @property
    def user(self) -> UserInfo: ...

    @property
    def scope(self) -> UserScope: ...


@dataclass(frozen=True)
class Registration:
    user: UserInfo
    login: Login | None  # None when the account waits for approval
    message: str


@dataclass(frozen=True)
class SessionInfo:
    id: uuid.UUID
    host: str
    client: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    current: bool


def lock_duration(failures: int) -> timedelta | None:
    """No lock for the first few failures, then 30 s doubling up to 15 minutes."""
    if failures < FREE_FAILURES:
        return None
    return min(timedelta(seconds=30 * 2 ** (failures - FREE_FAILURES)), MAX_LOCK)


class AuthService:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        passwords: Passwords | None = None,
        clock: Callable[[], datetime] = utcnow,
        client: ClientInfo = NO_CLIENT,
    ) -> None:
        self.db = db
        self.settings = settings
        self.passwords = passwords or Passwords()
        self.clock = clock
        self.client = client

    # -- helpers ---------------------------------------------------------------
    def _audit(self, session, action: str, user_id, **kw) -> None:
        audit_chain.record(
            session, action=action, at=self.clock(), client=self.client, user_id=user_id, **kw
        )

    def _open_session(self, session, user: User) -> Login:
        now = self.clock()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        credential = hash_token(token)
        expires = now + timedelta(days=self.settings.session_absolute_days)
        if not self.db.is_sqlite:
            session_id = pg_auth.open_session(
                session, token_hash=credential, expires=expires, client=self.client, at=now
            )
            session.refresh(user)
            return Login(UserInfo.of(user), session_id, credential, token)
        row = UserDirectory(session).add_login_session(
            LoginSession(
                user_id=user.id,
                token_hash=credential,
                created_at=now,
                last_seen_at=now,
                expires_at=expires,
                host=self.client.host[:255],
                client=self.client.client[:255],
            )
        )
        user.last_login_at = now
        return Login(UserInfo.of(user), row.id, credential, token)

    # -- queries -----------------------------------------------------------------
    def has_users(self) -> bool:
        if not self.db.is_sqlite:  # the app role sees no one's account before login
            return self.db.run(pg_auth.has_users, read_only=True)
        return self.db.run(lambda s: UserDirectory(s).count() > 0, read_only=True)

    def local_admin(self) -> UserScope | None:
        """Who the admin CLI acts as: whoever runs it on the database host is trusted
        like the database owner, so it borrows the first admin (active ones first).
        None when there is no admin yet."""

        def work(session) -> UserScope | None:
            user = UserDirectory(session).first_admin()
            return user_id_scope(user) if user else None

        return self.db.run(work, read_only=True)

    # -- registration -----------------------------------------------------------
    def register(
        self,
        name: str,
        email: str,
        password: str,
        password_confirm: str,
        *,
        by_admin: UserScope | None = None,
        role: str | None = None,
        start_session: bool = True,
    ) -> Registration:
        """The first account becomes an admin. Later ones follow the registration
        mode, unless an admin adds them (CLI), which is always allowed.
        `start_session=False` (the CLI creating the first admin) logs nobody in: no
        session row would be held by anyone."""
        errors: dict[str, str] = {}
        for check in (
            lambda: clean_text("name", name, max_len=NAME_MAX),
            lambda: clean_email(email),
            lambda: check_new_password(password, password_confirm),
        ):
            try:
                check()
            except ValidationError as exc:
                errors.update(exc.errors)
        if errors:
            raise ValidationError(errors)
        name, email = clean_text("name", name, max_len=NAME_MAX), clean_email(email)
        password_hash = self.passwords.hash(password)

        taken = ValidationError.one("email", "An account with this email already exists.")

        def work(session) -> Registration:
            users = UserDirectory(session)
            if by_admin is not None and by_admin.credential is not None:
                # PostgreSQL: the database checks the admin behind this (app_register).
                self.db.act_as(session, credential=by_admin.credential)
            first = not (pg_auth.has_users(session) if not self.db.is_sqlite else users.count())
            mode = self.settings.registration
            if not first and by_admin is None and mode is RegistrationMode.CLOSED:
                raise PermissionDenied("Registration is closed: ask an admin to add you.")
            pending = not first and by_admin is None and mode is RegistrationMode.APPROVAL
            if self.db.is_sqlite:
                if users.by_email(email) is not None:
                    raise taken
                user = users.add(
                    User(
                        email=email,
                        name=name,
                        role="admin" if first else (role or "member"),
                        status="pending" if pending else "active",
                    )
                )
                users.set_credential(user, password_hash)
            else:
                # The account, its credential, and this transaction acting as it.
                try:
                    made = pg_auth.register(
                        session,
                        email=email,
                        name=name,
                        password_hash=password_hash,
                        pending=pending,
                        role=role,
                        by_admin=by_admin is not None,
                        at=self.clock(),
                    )
                except DBAPIError as exc:
                    if pg_auth.sqlstate(exc) == pg_auth.UNIQUE_VIOLATION:
                        raise taken from None
                    raise
                user = users.existing(made.user_id)
            ProfileRepository(session, UserScope(user.id, user.role)).get_or_create()
            self._audit(
                session,
                "user.register",
                user.id,
                actor_id=by_admin.user_id if by_admin else user.id,
                entity="user",
                entity_id=user.id,
                after=audit_chain.snapshot(user),
            )
            if pending:
                return Registration(
                    UserInfo.of(user),
                    None,
                    "Account created. An admin must approve it before you can log in.",
                )
            login = None if by_admin or not start_session else self._open_session(session, user)
            if login:
                self._audit(
                    session, "auth.login", user.id, entity="session", entity_id=login.session_id
                )
            return Registration(UserInfo.of(user), login, "Account created.")

        return self.db.run(work)

    # -- login / resume / logout --------------------------------------------------
    def login(self, email: str, password: str) -> Login:
        if len(password) > MAX_PASSWORD or len(email) > 254:
            raise AuthError(GENERIC_LOGIN_ERROR)
        email = email.strip().lower()
        if not self.db.is_sqlite:
            return self._login_pg(email, password)

        def lookup(session):
            user = UserDirectory(session).by_email(email)
            if user is None:
                return None
            cred = UserDirectory(session).credential(user.id)
            # No password yet (imported from an export made with an API key, which
            # leaves the hash behind): nothing typed is right, as for an unknown email.
            if cred is None or cred.password_hash is None:
                return None
            return (user.id, user.locked_until, cred.password_hash)

        found = self.db.run(lookup, read_only=True)
        now = self.clock()
        if found is None:
            self.passwords.burn_dummy(password)
            self.db.run(
                lambda s: self._audit(
                    s, "auth.login_failed", None, after={"email": email[:254], "reason": "unknown"}
                )
            )
            raise AuthError(GENERIC_LOGIN_ERROR)
        user_id, locked_until, stored = found
        if locked_until and locked_until > now:
            self.passwords.burn_dummy(password)
            raise AuthError(_locked_message(locked_until - now))
        ok = self.passwords.verify(stored, password)
        new_hash = (
            self.passwords.hash(password) if ok and self.passwords.needs_rehash(stored) else None
        )

        def finish(session) -> Login | UserInfo | None:
            users = UserDirectory(session)
            user = users.lock_for_update(users.existing(user_id))
            if not ok:
                user.failed_logins += 1
                lock = lock_duration(user.failed_logins)
                user.locked_until = now + lock if lock else None
                self._audit(
                    session,
                    "auth.login_failed",
                    user.id,
                    entity="user",
                    entity_id=user.id,
                    after={"failed_logins": user.failed_logins, "locked_until": user.locked_until},
                )
                return None
            user.failed_logins, user.locked_until = 0, None
            if new_hash:
                users.set_credential(user, new_hash)
            if user.status != "active":
                self._audit(
                    session,
                    "auth.login_refused",
                    user.id,
                    entity="user",
                    entity_id=user.id,
                    after={"status": user.status},
                )
                return UserInfo.of(user)
            login = self._open_session(session, user)
            self._audit(
                session,
                "auth.login",
                user.id,
                entity="session",
                entity_id=login.session_id,
                after={"rehashed": bool(new_hash)},
            )
            return login

        return _login_result(self.db.run(finish, user_id=user_id))

    def _proof(self, email: str, password: str) -> str:
        """PostgreSQL: the argon2 string of `password` under the salt the database gives
        out for `email` (app_login_salt); the database compares it ("" never matches)."""
        prefix, hash_len = self.db.run(
            lambda s: pg_auth.login_salt(s, email, self.passwords.salt_prefix()), read_only=True
        )
        return self.passwords.prove(password, prefix, hash_len)

    def _login_pg(self, email: str, password: str) -> Login:
        """The database compares (app_login): it gives out the salt, never the hash,
        and keeps the failure count and the lock on its own clock."""
        proof = self._proof(email, password)
        stale = bool(proof) and self.passwords.needs_rehash(proof)
        new_hash = self.passwords.hash(password) if stale else None
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = self.clock()

        def work(session) -> Login | UserInfo | str | None:
            row = pg_auth.login(
                session,
                email=email,
                proof=proof,
                token_hash=hash_token(token),
                expires=now + timedelta(days=self.settings.session_absolute_days),
                client=self.client,
                at=now,
            )
            if row.outcome == "locked":
                return _locked_message(timedelta(seconds=row.wait_seconds - 1))
            if row.outcome == "failed":
                return None
            user = UserInfo(row.user_id, email, row.name, row.role, row.status)
            if row.outcome == "refused":
                return user
            if new_hash:  # the transaction acts as the user now (app_login's grant)
                pg_auth.change_password(session, proof, new_hash)
            self._audit(
                session,
                "auth.login",
                user.id,
                entity="session",
                entity_id=row.session_id,
                after={"rehashed": bool(new_hash)},
            )
            return Login(user, row.session_id, hash_token(token), token)

        result = self.db.run(work)
        if isinstance(result, str):
            raise AuthError(result)
        return _login_result(result)

    def resume(self, token: str) -> Login | None:
        """A stored token → the login it belongs to, if still valid (idle and absolute
        expiry, active user). Touches last_seen."""
        if not is_token_shaped(token):
            return None
        token_hash = hash_token(token)
        now = self.clock()
        idle = timedelta(days=self.settings.session_idle_days)

        def work(session) -> Login | None:
            users = UserDirectory(session)
            self.db.act_as(session, credential=token_hash)  # PostgreSQL: see act_as
            row = users.session_by_token_hash(token_hash)
            if row is None:
                return None
            user = users.by_id(row.user_id)
            if (
                row.expires_at <= now
                or row.last_seen_at + idle <= now
                or user is None
                or user.status != "active"
            ):
                session.delete(row)
                return None
            row.last_seen_at = now
            return Login(UserInfo.of(user), row.id, token_hash)

        return self.db.run(work)

    def logout(self, login: Login) -> None:
        def work(session) -> None:
            # The audit row first: on PostgreSQL the session being ended is what lets
            # this transaction write to the user's chain at all.
            self._audit(
                session, "auth.logout", login.user.id, entity="session", entity_id=login.session_id
            )
            repo = LoginSessionRepository(session, login.scope)
            row = repo.get(login.session_id)
            if row is not None:
                repo.delete(row)

        # Ended already (elsewhere, expired, disabled): nothing is left to end.
        with contextlib.suppress(SessionEnded):
            self.db.run_as(login.scope, work, now=self.clock())

    # -- the user's own account ---------------------------------------------------
    def change_password(self, login: Login, current: str, new: str, confirm: str) -> int:
        """Returns how many other sessions were ended."""
        check_new_password(new, confirm, field="new_password")

        if len(current) > MAX_PASSWORD:
            raise ValidationError.one("current_password", "The current password is not right.")
        if self.db.is_sqlite:
            stored = self.db.run_as(
                login.scope,
                lambda s: getattr(
                    UserDirectory(s).credential(login.user.id), "password_hash", None
                ),
                now=self.clock(),
                read_only=True,
            )
            # No password was ever set: none is right.
            right = stored is not None and self.passwords.verify(stored, current)
            proof = ""
        else:
            proof = self._proof(login.user.email, current)
            right = bool(proof)  # the database compares, in the same transaction
        wrong = ValidationError.one("current_password", "The current password is not right.")
        if not right:
            raise wrong
        new_hash = self.passwords.hash(new)

        def work(session) -> int:
            users = UserDirectory(session)
            if self.db.is_sqlite:
                users.set_credential(users.existing(login.user.id), new_hash)
                users.revoke_reset_tokens(login.user.id)
            elif not pg_auth.change_password(session, proof, new_hash):
                raise wrong  # (it revokes the reset tokens itself)
            ended = LoginSessionRepository(session, login.scope).delete_others(login.session_id)
            self._audit(
                session,
                "auth.password_changed",
                login.user.id,
                entity="user",
                entity_id=login.user.id,
                after={"other_sessions_ended": ended},
            )
            return ended

        return self.db.run_as(login.scope, work, now=self.clock())

    def list_sessions(self, login: Login) -> list[SessionInfo]:
        def work(session) -> list[SessionInfo]:
            return [
                SessionInfo(
                    r.id,
                    r.host,
                    r.client,
                    r.created_at,
                    r.last_seen_at,
                    r.expires_at,
                    r.id == login.session_id,
                )
                for r in LoginSessionRepository(session, login.scope).list()
            ]

        return self.db.run_as(login.scope, work, now=self.clock(), read_only=True)

    def end_session(self, login: Login, session_id: uuid.UUID) -> None:
        def work(session) -> None:
            repo = LoginSessionRepository(session, login.scope)
            row = repo.get(session_id)
            if row is None:
                raise NotFound("That session does not exist (any more).")
            before = audit_chain.snapshot(row)
            repo.delete(row)
            self._audit(
                session,
                "auth.session_ended",
                login.user.id,
                entity="session",
                entity_id=session_id,
                before=before,
            )

        self.db.run_as(login.scope, work, now=self.clock())

    # -- admin ------------------------------------------------------------------
    def _admin_change(
        self,
        admin: UserScope,
        email: str,
        action: str,
        change: Callable[[object, User], None],
        *,
        token: str | None = None,
    ) -> UserInfo:
        if not admin.is_admin:
            raise PermissionDenied("Only an admin can do this.")
        email = clean_email(email)
        now = self.clock()
        if not self.db.is_sqlite:
            return self._admin_change_pg(admin, email, action, token, now)

        def work(session) -> UserInfo:
            if admin.credential is not None:  # an admin's session (not the local CLI)
                self.db.check_credential(session, admin.user_id, admin.credential, now)
            user = UserDirectory(session).by_email(email)
            if user is None:
                raise NotFound(f"No user with email {email}.")
            before = audit_chain.snapshot(user)
            change(session, user)
            session.flush()
            self._audit(
                session,
                action,
                user.id,
                actor_id=admin.user_id,
                entity="user",
                entity_id=user.id,
                before=before,
                after=audit_chain.snapshot(user),
            )
            return UserInfo.of(user)

        return self.db.run(work)

    def _admin_change_pg(
        self, admin: UserScope, email: str, action: str, token: str | None, now: datetime
    ) -> UserInfo:
        """The database checks the admin, changes the account and writes its audit row
        (app_admin_change): the app role cannot touch another account itself."""

        def work(session) -> UserInfo:
            if admin.credential is not None:  # an admin's session (not the local CLI)
                self.db.act_as(session, credential=admin.credential)
                self.db.check_credential(session, admin.user_id, admin.credential, now)
            try:
                row = pg_auth.admin_change(
                    session,
                    email=email,
                    action=action,
                    client=self.client,
                    at=now,
                    actor=admin.user_id,
                    token_hash=hash_token(token) if token else None,
                    token_expires=now + RESET_TOKEN_TTL if token else None,
                )
            except DBAPIError as exc:
                if pg_auth.sqlstate(exc) == pg_auth.INSUFFICIENT_PRIVILEGE:
                    raise PermissionDenied("Only an admin can do this.") from None
                raise
            if row.outcome == "unknown":
                raise NotFound(f"No user with email {email}.")
            if row.outcome == "not_pending":
                raise ValidationError.one("email", f"{email} is {row.status}, not pending.")
            if row.outcome == "self":
                raise ValidationError.one("email", "You cannot disable your own account.")
            return UserInfo(row.user_id, row.email, row.name, row.role, row.status)

        return self.db.run(work)

    def approve(self, admin: UserScope, email: str) -> UserInfo:
        def change(_session, user: User) -> None:
            if user.status != "pending":
                raise ValidationError.one("email", f"{user.email} is {user.status}, not pending.")
            user.status = "active"

        return self._admin_change(admin, email, "user.approved", change)

    def disable(self, admin: UserScope, email: str) -> UserInfo:
        def change(session, user: User) -> None:
            if user.id == admin.user_id:
                raise ValidationError.one("email", "You cannot disable your own account.")
            user.status = "disabled"
            LoginSessionRepository(session, user_id_scope(user)).delete_others(None)

        return self._admin_change(admin, email, "user.disabled", change)

    def enable(self, admin: UserScope, email: str) -> UserInfo:
        def change(_session, user: User) -> None:
            user.status, user.failed_logins, user.locked_until = "active", 0, None

        return self._admin_change(admin, email, "user.enabled", change)

    def issue_reset_token(self, admin: UserScope, email: str) -> str:
        """A one-time password-reset token (shown once; stored hashed, expiring)."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = self.clock()

        def change(session, user: User) -> None:
            # Only the newest token works: one given out earlier (and maybe seen by
            # someone else) dies with the new one.
            UserDirectory(session).revoke_reset_tokens(user.id)
            UserDirectory(session).add_token(
                VerificationToken(
                    user_id=user.id,
                    purpose="password_reset",
                    token_hash=hash_token(token),
                    created_at=now,
                    expires_at=now + RESET_TOKEN_TTL,
                )
            )

        self._admin_change(admin, email, "user.reset_token_issued", change, token=token)
        return token

    def reset_password(self, token: str, new: str, confirm: str) -> UserInfo:
        if not is_token_shaped(token.strip()):
            raise ValidationError.one("token", RESET_TOKEN_REFUSED)
        check_new_password(new, confirm)
        now = self.clock()
        new_hash = self.passwords.hash(new)
        token_hash = hash_token(token.strip())
        refused = ValidationError.one("token", RESET_TOKEN_REFUSED)
        if not self.db.is_sqlite:  # the database does it all (app_reset_password)

            def reset(session) -> UserInfo:
                row = pg_auth.reset_password(
                    session, token_hash=token_hash, new_hash=new_hash, client=self.client, at=now
                )
                if row is None:
                    raise refused
                return UserInfo(row.user_id, row.email, row.name, row.role, row.status)

            return self.db.run(reset)

        def work(session) -> UserInfo:
            users = UserDirectory(session)
            row = users.token_by_hash(token_hash, "password_reset")
            if row is None or row.used_at is not None or row.expires_at <= now:
                raise refused
            row.used_at = now
            users.revoke_reset_tokens(row.user_id, keep=row.id)
            user = users.existing(row.user_id)
            users.set_credential(user, new_hash)
            user.failed_logins, user.locked_until = 0, None
            ended = LoginSessionRepository(session, user_id_scope(user)).delete_others(None)
            self._audit(
                session,
                "auth.password_reset",
                user.id,
                entity="user",
                entity_id=user.id,
                after={"sessions_ended": ended},
            )
            return UserInfo.of(user)

        return self.db.run(work)

    def list_users(self, admin: UserScope) -> list[UserInfo]:
        if not admin.is_admin:
            raise PermissionDenied("Only an admin can list users.")
        # An admin's session (PostgreSQL then shows every account), or the local CLI.
        return self.db.run_as(
            admin,
            lambda s: [UserInfo.of(u) for u in UserDirectory(s).all()],
            now=self.clock(),
            read_only=True,
        )


def _locked_message(wait: timedelta) -> str:
    return f"Too many failed attempts. Try again in {int(wait.total_seconds()) + 1} s."


def _login_result(result: Login | UserInfo | None) -> Login:
    if result is None:
        raise AuthError(GENERIC_LOGIN_ERROR)
    if isinstance(result, UserInfo):
        if result.status == "pending":
            raise AuthError("Your account is waiting for an admin's approval.")
        raise AuthError("This account is disabled. Ask an admin.")
    return result


def user_id_scope(user: User) -> UserScope:
    return UserScope(user.id, user.role)
