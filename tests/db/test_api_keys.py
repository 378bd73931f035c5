"""API keys for scripted use (issue 9, item 8), on both engines and, on PostgreSQL,
as the app role: only the hash is stored, a revoked key or one of a disabled
account stops at once, keys are audited, and `DASHBOARD_API_KEY` makes the CLI act
as the key's person. Through the service and the CLI (`main([...])` in-process)."""

from __future__ import annotations

import hashlib
import json
import re
import uuid

import pytest
from sqlalchemy import select

from dashboard_tui.account.api_keys import ApiKeyService, KeyRefused
from dashboard_tui.db.uow import Database, SessionEnded
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.models.auth import ApiKey
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT

KEY_SHAPE = re.compile(r"dtk_[A-Za-z0-9_-]{54}")  # 40 random bytes


@pytest.fixture
def keys(db, clock) -> ApiKeyService:
    return ApiKeyService(db, clock=clock, client=TEST_CLIENT)


def stored_keys(db: Database) -> list[ApiKey]:
    """Every key row, as a connection that sees them all (SQLite; the superuser)."""
    with db.transaction(read_only=True) as s:
        return list(s.scalars(select(ApiKey).order_by(ApiKey.created_at)))


def audit_rows(db: Database, user_id: uuid.UUID) -> list[AuditLog]:
    with db.transaction(read_only=True) as s:
        return list(
            s.scalars(select(AuditLog).where(AuditLog.user_id == user_id).order_by(AuditLog.seq))
        )


# -- the service -----------------------------------------------------------------------
def test_a_new_key_is_shown_once_and_only_its_hash_is_kept(db, keys, make_user):
    ana = make_user("Ana")
    made = keys.create(ana, "  nightly backup ")
    assert KEY_SHAPE.fullmatch(made.key), made.key
    assert len(made.key) - len("dtk_") >= 43  # ≥ 256 bits, url-safe
    assert made.info.name == "nightly backup" and made.info.prefix == made.key[:12]
    (row,) = stored_keys(db)
    assert row.key_hash == hashlib.sha256(made.key.encode()).hexdigest()
    assert row.user_id == ana.user.id and row.revoked_at is None
    (created,) = [r for r in audit_rows(db, ana.user.id) if r.action == "auth.api_key_created"]
    assert created.entity == "api_key" and created.entity_id == str(row.id)
    assert created.after["name"] == "nightly backup"
    text = json.dumps([created.before, created.after])
    assert made.key not in text and row.key_hash not in text and made.key[12:20] not in text


def test_two_keys_never_share_a_name_but_a_revoked_name_is_free(keys, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    keys.create(ana, "ci")
    with pytest.raises(ValidationError, match="already have an API key named 'ci'") as err:
        keys.create(ana, "ci")
    assert set(err.value.errors) == {"name"}
    keys.create(ben, "ci")  # per person
    with pytest.raises(ValidationError, match="Control"):
        keys.create(ana, "ci\x1b[2J")
    with pytest.raises(ValidationError, match="required"):
        keys.create(ana, "   ")
    keys.revoke_named(ana, "ci")
    keys.create(ana, "ci")
    assert [k.name for k in keys.list(ana)] == ["ci"]


def test_a_key_acts_as_its_person_until_revoked(db, keys, clock, make_user):
    ana = make_user("Ana")
    made = keys.create(ana, "ci")
    assert keys.list(ana)[0].last_used_at is None
    clock.advance(minutes=5)
    by_key = keys.authenticate(made.key)
    assert by_key.user.id == ana.user.id and by_key.scope.credential != ana.scope.credential
    (info,) = keys.list(by_key)  # the key lists its own person's keys
    assert info.last_used_at == clock.now
    keys.revoke(ana, info.id)
    with pytest.raises(KeyRefused):
        keys.authenticate(made.key)
    with pytest.raises(SessionEnded):  # one already in use stops at its next unit of work
        keys.list(by_key)
    assert keys.list(ana) == []
    with pytest.raises(NotFound):
        keys.revoke(ana, info.id)
    actions = [r.action for r in audit_rows(db, ana.user.id)]
    assert actions[-2:] == ["auth.api_key_created", "auth.api_key_revoked"]


def test_a_key_can_revoke_itself(keys, make_user):
    ana = make_user("Ana")
    made = keys.create(ana, "ci")
    by_key = keys.authenticate(made.key)
    keys.revoke_named(by_key, "ci")
    with pytest.raises(KeyRefused):
        keys.authenticate(made.key)


def test_unknown_and_malformed_keys_are_refused(keys, make_user):
    ana = make_user("Ana")
    made = keys.create(ana, "ci")
    for key in ("", "dtk_", made.key[:-1] + ("A" if made.key[-1] != "A" else "B"), "x" * 60):
        with pytest.raises(KeyRefused, match="unknown or revoked"):
            keys.authenticate(key)


def test_a_key_of_a_disabled_account_stops(auth, keys, make_user):
    admin, ben = make_user("Ana"), make_user("Ben")
    made = keys.create(ben, "ci")
    by_key = keys.authenticate(made.key)
    auth.disable(admin.scope, "ben@example.com")
    with pytest.raises(KeyRefused):
        keys.authenticate(made.key)
    with pytest.raises(SessionEnded):
        keys.list(by_key)


def test_one_person_cannot_see_or_revoke_anothers_keys(keys, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    made = keys.create(ana, "ci")
    assert keys.list(ben) == []
    with pytest.raises(NotFound):
        keys.revoke(ben, made.info.id)
    with pytest.raises(NotFound):
        keys.revoke_named(ben, "ci")
    assert [k.name for k in keys.list(ana)] == ["ci"]
