"""API keys for scripted use (issue 9, item 8), on both engines and, on PostgreSQL,
as the app role: only the hash is stored, a revoked key or one of a disabled
account stops at once, keys are audited, and `DASHBOARD_API_KEY` makes the CLI act
as the key's person. Through the service and the CLI (`main([...])` in-process)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard_tui.account.api_keys import ApiKeyService, KeyRefused
from dashboard_tui.account.auth import AuthService
from dashboard_tui.cli import main
from dashboard_tui.config import Settings
from dashboard_tui.data.transfer import TransferService
from dashboard_tui.db.uow import Database, SessionEnded
from dashboard_tui.gym.services import GymService
from dashboard_tui.kit.errors import AuthError, NotFound, ValidationError
from dashboard_tui.models.auth import ApiKey, LoginSession
from dashboard_tui.models.shared import AuditLog
from tests.conftest import PASSWORD, TEST_CLIENT

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


# -- the command line --------------------------------------------------------------------
@pytest.fixture
def cli(passwords, capsys, monkeypatch):
    """cli(*argv, url=..., key=..., stdin=...) -> (code, out, err), in-process; `key`
    is DASHBOARD_API_KEY for this call."""

    def call(*argv: str, url: str, key: str | None = None, stdin: str = "") -> tuple:
        if key is None:
            monkeypatch.delenv("DASHBOARD_API_KEY", raising=False)
        else:
            monkeypatch.setenv("DASHBOARD_API_KEY", key)
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main([*argv, "--database-url", url], passwords=passwords)
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    return call


def create_key(cli, url: str, name: str, email: str) -> str:
    code, out, err = cli(
        "apikey", "create", name, "--email", email, "--password-stdin", url=url, stdin=PASSWORD
    )
    assert code == 0, err
    assert "shown only now" in err
    return out.strip()


def one_line_error(err: str, *words: str) -> None:
    assert err.count("\n") == 1 and err.startswith("dashboard-tui: "), err
    for word in words:
        assert word in err, err


def sessions_of(db: Database, user_id: uuid.UUID) -> int:
    with db.transaction(read_only=True) as s:
        where = LoginSession.user_id == user_id
        return s.scalar(select(func.count()).select_from(LoginSession).where(where)) or 0


SIGN_IN = ("--email", "ana@example.com", "--password-stdin")


def test_cli_create_list_revoke(cli, db, db_url, make_user):
    ana = make_user("Ana")
    sessions = sessions_of(db, ana.user.id)
    key = create_key(cli, db_url, "nightly", "ana@example.com")
    assert KEY_SHAPE.fullmatch(key)
    (row,) = stored_keys(db)
    assert row.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert sessions_of(db, ana.user.id) == sessions  # signed in, made it, signed out

    code, _, err = cli("apikey", "create", "nightly", *SIGN_IN, url=db_url, stdin=PASSWORD)
    assert code == 2 and "already have an API key named 'nightly'" in err
    code, _, err = cli("apikey", "create", "other", *SIGN_IN, url=db_url, stdin="wrong password")
    assert code == 1
    one_line_error(err, "Email or password is not right.")

    code, out, err = cli("apikey", "list", url=db_url, key=key)
    assert code == 0, err
    header, line = out.splitlines()
    assert header.split() == ["NAME", "PREFIX", "CREATED", "LAST", "USED"]
    assert line.startswith("nightly") and key[:12] in line and "never" not in line
    code, out, _ = cli("apikey", "list", *SIGN_IN, url=db_url, stdin=PASSWORD)
    assert code == 0 and "nightly" in out
    assert sessions_of(db, ana.user.id) == sessions

    code, out, err = cli("apikey", "revoke", "nightly", url=db_url, key=key)
    assert code == 0 and "revoked API key 'nightly'" in out, err
    for argv in (("apikey", "list"), ("apikey", "revoke", "nightly"), ("export", "-")):
        code, out, err = cli(*argv, url=db_url, key=key)
        assert code == 1 and out == ""
        one_line_error(err, "DASHBOARD_API_KEY", "unknown or revoked")
    actions = [r.action for r in audit_rows(db, ana.user.id)]
    assert actions.count("auth.api_key_created") == 1
    assert actions.count("auth.api_key_revoked") == 1


def test_cli_unknown_or_malformed_key_is_one_line(cli, db_url, make_user):
    make_user("Ana")
    for key in ("dtk_" + "A" * 54, "hello", "dtk_" + "\x1b[2J" * 10):
        code, out, err = cli("apikey", "list", url=db_url, key=key)
        assert code == 1 and out == ""
        one_line_error(err, "unknown or revoked")
        assert "\x1b" not in err


def test_cli_needs_a_key_or_a_sign_in(cli, db_url, make_user):
    make_user("Ana")
    code, _, err = cli("apikey", "list", url=db_url)
    assert code == 2
    one_line_error(err, "DASHBOARD_API_KEY", "--email")
    code, _, err = cli("export", "-", url=db_url)
    assert code == 2
    one_line_error(err, "--user", "DASHBOARD_API_KEY")


def gym(db: Database, clock) -> GymService:
    return GymService(db, clock=clock, client=TEST_CLIENT)


def test_cli_export_by_key_is_the_keys_person(cli, db, db_url, clock, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    gym(db, clock).workouts.start_workout(ana, name="Ana's legs")
    gym(db, clock).workouts.start_workout(ben, name="Ben's push")
    key = create_key(cli, db_url, "export", "ben@example.com")
    code, out, err = cli("export", "-", url=db_url, key=key)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["user"]["email"] == "ben@example.com"
    assert [w["name"] for w in doc["tables"]["workouts"]] == ["Ben's push"]
    assert "accounts" not in doc["tables"]  # no password hash through a key
    assert str(ana.user.id) not in out and "Ana's legs" not in out
    code, _, err = cli("export", "--user", "BEN@example.com", "-", url=db_url, key=key)
    assert code == 0, err
    code, _, err = cli("export", "--user", "ana@example.com", "-", url=db_url, key=key)
    assert code == 2
    one_line_error(err, "a key of ben@example.com, not ana@example.com")
    exported = [r for r in audit_rows(db, ben.user.id) if r.action == "data.exported"]
    assert len(exported) == 2 and exported[0].after["by_api_key"] is True


def other_db_url(engine_name: str, tmp_path: Path, request) -> str:
    if engine_name == "sqlite":
        target = tmp_path / "other.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    server = request.getfixturevalue("pg_server")
    return server.create(template=request.getfixturevalue("pg_template"))


def test_an_export_by_key_imports_without_a_password_until_a_reset(
    cli, db_url, engine_name, make_user, passwords, clock, tmp_path, request
):
    """The file has no password hash; imported, the person cannot log in until an
    admin's reset token sets a password (on PostgreSQL the reset fills an existing
    credential account only, so the import makes one)."""
    make_user("Ana")
    make_user("Ben")
    key = create_key(cli, db_url, "move", "ben@example.com")
    doc = tmp_path / "ben.json"
    assert cli("export", str(doc), url=db_url, key=key)[0] == 0
    url = other_db_url(engine_name, tmp_path, request)
    other = Database.from_url(url)
    try:
        auth = AuthService(other, Settings(database_url=url), passwords=passwords, clock=clock)
        root = auth.register("Root", "root@example.com", PASSWORD, PASSWORD).login
        TransferService(other, clock=clock).import_file(doc)
        with pytest.raises(AuthError):
            auth.login("ben@example.com", PASSWORD)
        token = auth.issue_reset_token(root.scope, "ben@example.com")
        auth.reset_password(token, "a brand new passphrase", "a brand new passphrase")
        assert auth.login("ben@example.com", "a brand new passphrase").user.name == "Ben"
    finally:
        other.dispose()


# -- PostgreSQL: the app role, under row-level security -----------------------------------
def test_app_role_keys_export_revoke_disable_and_audit(role_db, cli, passwords, clock):
    """Everything a key does, as the app role: the database resolves the key's hash
    (app_user_id); exactly the key's person is exported; revoking or disabling stops
    it at once; the audit rows are there and `audit verify` (owner) is green."""
    auth = role_db.auth(passwords, clock)
    ana = auth.register("Ana", "ana@example.com", PASSWORD, PASSWORD).login
    ben = auth.register("Ben", "ben@example.com", PASSWORD, PASSWORD).login
    gym(role_db.app, clock).workouts.start_workout(ana, name="Ana's legs")
    gym(role_db.app, clock).workouts.start_workout(ben, name="Ben's push")
    app = role_db.app_url
    key = create_key(cli, app, "export", "ben@example.com")
    spare = create_key(cli, app, "spare", "ben@example.com")
    (stored,) = [k for k in stored_keys(role_db.superuser) if k.name == "export"]
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()

    code, out, err = cli("export", "-", url=app, key=key)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["user"]["id"] == str(ben.user.id)
    assert [w["name"] for w in doc["tables"]["workouts"]] == ["Ben's push"]
    assert {r["user_id"] for r in doc["tables"]["audit_logs"]} == {str(ben.user.id)}
    assert str(ana.user.id) not in out
    code, out, _ = cli("apikey", "list", url=app, key=key)
    assert code == 0 and "export" in out and "spare" in out

    code, _, err = cli("apikey", "revoke", "export", url=app, key=spare)
    assert code == 0, err
    code, _, err = cli("export", "-", url=app, key=key)
    assert code == 1
    one_line_error(err, "unknown or revoked")

    code, _, err = cli("user", "disable", "ben@example.com", url=role_db.owner_url)
    assert code == 0, err
    code, _, err = cli("apikey", "list", url=app, key=spare)
    assert code == 1
    one_line_error(err, "unknown or revoked")

    actions = [r.action for r in audit_rows(role_db.superuser, ben.user.id)]
    assert actions.count("auth.api_key_created") == 2
    assert actions.count("auth.api_key_revoked") == 1
    assert "data.exported" in actions
    code, out, err = cli("audit", "verify", url=role_db.owner_url)
    assert code == 0 and "all ok" in out, out + err
