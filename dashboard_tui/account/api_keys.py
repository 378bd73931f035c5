"""API keys for scripted use (DESIGN.md §4): a person makes one with their password,
it is shown once, and a script then acts as that person with it, under the same
checks as a login session (on PostgreSQL, row-level security keyed on its hash).

Only the key's SHA-256 is stored, with a short prefix so that a person can tell
their keys apart in a list. A revoked key stays as the record of its revocation."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from dashboard_tui.account.auth import Login, UserInfo, hash_token
from dashboard_tui.account.repository import ApiKeyRepository, UserDirectory
from dashboard_tui.db import audit_chain
from dashboard_tui.kit.errors import AuthError, NotFound, ValidationError
from dashboard_tui.kit.repository import UserScope
from dashboard_tui.kit.service import Actor, Service
from dashboard_tui.kit.validation import clean_name
from dashboard_tui.models.auth import ApiKey

KEY_PREFIX = "dtk_"  # recognisable in a script, a log or a secret scanner
# 320 bits: the part shown in lists (SHOWN) is no secret, and what is left of the
# key after it is still more than 256 bits.
KEY_BYTES = 40
SHOWN = len(KEY_PREFIX) + 8
KEY_RE = re.compile(re.escape(KEY_PREFIX) + r"[A-Za-z0-9_-]{40,100}")
KEY_REFUSED = "This API key is unknown or revoked, or its account is disabled."


class KeyRefused(AuthError):
    """The key presented works no more, or never did."""


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(KEY_BYTES)


@dataclass(frozen=True)
class ApiKeyInfo:
    id: uuid.UUID
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None

    @classmethod
    def of(cls, row: ApiKey) -> ApiKeyInfo:
        return cls(row.id, row.name, row.prefix, row.created_at, row.last_used_at)


@dataclass(frozen=True)
class NewApiKey:
    info: ApiKeyInfo
    key: str = field(repr=False)  # shown once, never stored


@dataclass(frozen=True)
class KeyLogin:
    """A person acting by an API key: like a `Login` (account.auth.SignedIn), with
    the key's hash as the credential each unit of work presents."""

    user: UserInfo
    key_id: uuid.UUID
    key_name: str
    credential: str = field(repr=False)

    @property
    def scope(self) -> UserScope:
        return UserScope(self.user.id, self.user.role, self.credential)


class ApiKeyService(Service):
    def create(self, login: Login, name: str) -> NewApiKey:
        """A new key for the person logged in with their password (a key cannot make
        keys: one that leaked must not outlive its revocation through others)."""
        name = clean_name(name)
        key = new_key()

        def work(session: Session) -> NewApiKey:
            repo = ApiKeyRepository(session, login.scope)
            if repo.live_named(name) is not None:
                raise ValidationError.one(
                    "name",
                    f"You already have an API key named {name!r}: choose another name, "
                    "or revoke that one first.",
                )
            now = self.clock()
            row = repo.add(
                ApiKey(name=name, prefix=key[:SHOWN], key_hash=hash_token(key), created_at=now)
            )
            audit_chain.record(
                session,
                action="auth.api_key_created",
                at=now,
                client=self.client,
                user_id=login.user.id,
                entity="api_key",
                entity_id=row.id,
                after=audit_chain.snapshot(row),  # without key_hash (SECRET_FIELDS)
            )
            return NewApiKey(ApiKeyInfo.of(row), key)

        return self.db.run_as(login.scope, work, now=self.clock())

    def list(self, actor: Actor) -> list[ApiKeyInfo]:
        """The person's keys that still work, oldest first."""

        def work(session: Session) -> list[ApiKeyInfo]:
            return [ApiKeyInfo.of(r) for r in ApiKeyRepository(session, actor.scope).live()]

        return self.db.run_as(actor.scope, work, now=self.clock(), read_only=True)

    def revoke(self, actor: Actor, key_id: uuid.UUID) -> ApiKeyInfo:
        return self._revoke(actor, lambda repo: repo.get(key_id), "That API key")

    def revoke_named(self, actor: Actor, name: str) -> ApiKeyInfo:
        return self._revoke(actor, lambda repo: repo.live_named(name), f"No API key named {name!r}")

    def _revoke(
        self, actor: Actor, find: Callable[[ApiKeyRepository], ApiKey | None], missing: str
    ) -> ApiKeyInfo:
        def work(session: Session) -> ApiKeyInfo:
            now = self.clock()
            row = find(ApiKeyRepository(session, actor.scope))
            if row is None or row.revoked_at is not None:
                raise NotFound(f"{missing} does not exist or was revoked already.")
            before = audit_chain.snapshot(row)
            # The audit row first: on PostgreSQL, revoking the very key this command
            # runs by ends its right to write to the person's chain.
            audit_chain.record(
                session,
                action="auth.api_key_revoked",
                at=now,
                client=self.client,
                user_id=actor.scope.user_id,
                entity="api_key",
                entity_id=row.id,
                before=before,
                after={**before, "revoked_at": audit_chain.jsonable(now)},
            )
            row.revoked_at = now
            session.flush()
            return ApiKeyInfo.of(row)

        return self.db.run_as(actor.scope, work, now=self.clock())

    def authenticate(self, key: str) -> KeyLogin:
        """The person a key belongs to, if it still works (not revoked or expired, an
        active account); notes when it was used. KeyRefused if not."""
        key = key.strip()
        if KEY_RE.fullmatch(key) is None:
            raise KeyRefused(KEY_REFUSED)
        key_hash = hash_token(key)
        now = self.clock()

        def work(session: Session) -> KeyLogin | None:
            self.db.act_as(session, credential=key_hash)  # PostgreSQL: see act_as
            users = UserDirectory(session)
            row = users.api_key_by_hash(key_hash)
            if row is None or row.revoked_at is not None:
                return None
            if row.expires_at is not None and row.expires_at <= now:
                return None
            user = users.by_id(row.user_id)
            if user is None or user.status != "active":
                return None
            self.db.lock_user(session, user.id)  # before changing one of their rows
            row.last_used_at = now
            return KeyLogin(UserInfo.of(user), row.id, row.name, key_hash)

        found = self.db.run(work)
        if found is None:
            raise KeyRefused(KEY_REFUSED)
        return found
