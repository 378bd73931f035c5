"""Row-level security on PostgreSQL, seen from the app role (`db create-roles`).

The second wall behind the repositories' scoping: raw SQL as the app role, with user
A's id set, reaches none of B's rows in any table that has a user_id column, and
cannot write rows for B. Tables are found in the database's own catalog, never from
a list, so a table added without a policy fails here."""

from __future__ import annotations

import io
import sys
import uuid

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from dashboard_tui.account.auth import hash_token
from dashboard_tui.account.token_store import MemoryTokenStore
from dashboard_tui.app import make_app
from dashboard_tui.cli import main
from dashboard_tui.config import RegistrationMode, Settings
from dashboard_tui.context import open_context
from dashboard_tui.db import migrate
from dashboard_tui.db.roles import rls_bypassed
from dashboard_tui.db.uow import DatabaseUnavailable
from dashboard_tui.kit.errors import AuthError, ValidationError
from dashboard_tui.models import all_metadata
from tests.conftest import PASSWORD
from tests.db.seed import seed_every_table
from tests.ui.pilot_helpers import SIZE, pilot_test, settle

NEW_PASSWORD = "a brand new passphrase"

USER_TABLES_SQL = """
SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
       EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid) AS has_policy
FROM information_schema.columns col
JOIN pg_class c ON c.relname = col.table_name
 AND c.relnamespace = col.table_schema::regnamespace
WHERE col.table_schema = current_schema() AND col.column_name = 'user_id'
  AND c.relkind IN ('r', 'p')
ORDER BY 1
"""


def user_tables(conn: Connection) -> list[str]:
    return [row.relname for row in conn.execute(text(USER_TABLES_SQL))]


def act(conn: Connection, credential: str | None, role: str = "") -> None:
    """What the unit of work does (Database.act_as): present the login's secret."""
    conn.execute(
        text("SELECT set_config('app.credential', :c, true), set_config('app.role', :r, true)"),
        {"c": credential or "", "r": role},
    )


def app_may_read(conn: Connection, table: str) -> bool:
    return bool(conn.scalar(text("SELECT has_table_privilege(:t, 'SELECT')"), {"t": table}))


@pytest.fixture
def two_users(role_db, passwords, clock):
    """A and B, registered through the services as the app role, plus a row each in
    every user-owned table (seeded as superuser: that is the point)."""
    auth = role_db.auth(passwords, clock)
    a = auth.register("Ana", "ana@example.com", PASSWORD, PASSWORD).login
    b = auth.register("Ben", "ben@example.com", PASSWORD, PASSWORD).login
    with role_db.superuser.engine.begin() as conn:
        rows = {
            a.user.id: seed_every_table(conn, a.user.id),
            b.user.id: seed_every_table(conn, b.user.id),
        }
    return a, b, rows


def _count_by_user(conn: Connection, table: str) -> dict[uuid.UUID | None, int]:
    rows = conn.execute(text(f"SELECT user_id, count(*) FROM {table} GROUP BY user_id"))
    return {row[0]: row[1] for row in rows}


def _refused(conn: Connection, sql: str, params: dict) -> bool:
    """True when the statement fails (RLS or grants) or touches no row."""
    savepoint = conn.begin_nested()
    try:
        touched = conn.execute(text(sql), params).rowcount
    except DBAPIError as exc:
        savepoint.rollback()
        # insufficient_privilege (RLS, grants), or an audit row that does not follow
        # its chain's head (a trigger, which runs before the policy's check)
        assert getattr(exc.orig, "sqlstate", None) in {"42501", "23000"}, exc
        return True
    savepoint.rollback()
    return touched == 0


# -- every table is covered ------------------------------------------------------------
def test_every_table_with_user_id_has_forced_rls_and_a_policy(role_db):
    with role_db.superuser.engine.connect() as conn:
        rows = conn.execute(text(USER_TABLES_SQL)).all()
        heads = conn.execute(
            text(
                "SELECT relrowsecurity AND relforcerowsecurity FROM pg_class "
                "WHERE oid = 'audit_heads'::regclass"
            )
        ).scalar()
    found = {row.relname for row in rows}
    expected = {t.name for t in all_metadata().tables.values() if "user_id" in t.c}
    assert expected <= found, "the catalog query misses tables"
    lacking = [r.relname for r in rows if not (r.relrowsecurity and r.relforcerowsecurity)]
    assert not lacking, f"RLS not enabled and forced on: {lacking}"
    assert not [r.relname for r in rows if not r.has_policy], "tables without a policy"
    assert heads


def test_the_app_role_is_held_by_rls_and_the_others_are_not(role_db):
    assert rls_bypassed(role_db.app) is None
    assert rls_bypassed(role_db.superuser) == "superuser"
    assert rls_bypassed(role_db.owner) == "BYPASSRLS"
    with role_db.app.engine.connect() as conn:
        owned = conn.execute(
            text(
                "SELECT count(*) FROM pg_class WHERE relowner = "
                "(SELECT oid FROM pg_roles WHERE rolname = current_user)"
            )
        ).scalar()
        attrs = conn.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        ).one()
    assert owned == 0 and tuple(attrs) == (False, False)


# -- A against B, in raw SQL -------------------------------------------------------------
def test_a_sees_none_of_bs_rows_and_cannot_write_them(role_db, two_users):
    a, b, seeded = two_users
    ids = {"a": a.user.id, "b": b.user.id}
    with role_db.superuser.engine.connect() as conn:
        tables = user_tables(conn)
    assert len(tables) >= 30
    with role_db.app.engine.begin() as conn:
        act(conn, a.credential)
        for table in tables:
            if not app_may_read(conn, table):  # accounts, tokens: the functions' alone
                assert _refused(conn, f"SELECT 1 FROM {table}", {}), table
                continue
            counts = _count_by_user(conn, table)
            assert b.user.id not in counts, f"{table}: A sees B's rows"
            assert counts.get(a.user.id), f"{table}: A does not see their own row"
            assert set(counts) <= {a.user.id, None}, table
            where_b = {"b": ids["b"]}
            assert _refused(
                conn, f"UPDATE {table} SET user_id = user_id WHERE user_id = :b", where_b
            )
            assert _refused(conn, f"DELETE FROM {table} WHERE user_id = :b", where_b)
            a_row = {"id": seeded[a.user.id][table], "b": ids["b"]}
            assert _refused(conn, f"UPDATE {table} SET user_id = :b WHERE id = :id", a_row)
            copy_for_b = (
                f"INSERT INTO {table} SELECT * FROM jsonb_populate_record(NULL::{table}, "
                f"(SELECT to_jsonb(x) || jsonb_build_object('id', gen_random_uuid(), "
                f"'user_id', CAST(:b AS uuid)) FROM {table} x WHERE id = :id))"
            )
            assert _refused(conn, copy_for_b, a_row), f"{table}: A wrote a row for B"
        heads = set(conn.scalars(text("SELECT chain FROM audit_heads")))
        assert str(a.user.id) in heads and heads <= {str(a.user.id), "system"}
        assert _refused(
            conn, "UPDATE audit_heads SET seq = 0 WHERE chain = :c", {"c": str(b.user.id)}
        )
        insert_head = "INSERT INTO audit_heads (chain, seq, hash) VALUES (:c, 1, 'x')"
        assert _refused(conn, insert_head, {"c": str(uuid.uuid4())})

    with role_db.superuser.engine.connect() as conn:  # B's rows are all still there
        for table, row_id in seeded[b.user.id].items():
            assert (
                conn.execute(
                    text(f"SELECT user_id FROM {table} WHERE id = :i"), {"i": row_id}
                ).scalar()
                == b.user.id
            )


def test_with_no_user_set_nothing_of_anyone_is_visible(role_db, two_users):
    with role_db.app.engine.begin() as conn:
        assert conn.scalar(text("SELECT count(*) FROM users")) == 0
        for table in user_tables(conn):
            counts = _count_by_user(conn, table)
            assert set(counts) <= {None}, f"{table} shows user rows with no user set"
        assert _count_by_user(conn, "catalog_items")[None] > 0  # the shipped catalog
        assert set(conn.scalars(text("SELECT chain FROM audit_heads"))) <= {"system"}


def test_a_pooled_connection_does_not_carry_the_user_into_the_next_transaction(role_db, two_users):
    a, _b, _ = two_users
    db = role_db.app
    with db.transaction(user_id=a.user.id, credential=a.credential, role="admin") as s:
        pid = s.scalar(text("SELECT pg_backend_pid()"))
        assert s.scalar(text("SELECT count(*) FROM profiles")) == 1  # A's own
    with db.transaction() as s:
        assert s.scalar(text("SELECT pg_backend_pid()")) == pid, "not the same connection"
        assert s.scalar(text("SELECT count(*) FROM profiles")) == 0
    with db.engine.connect() as conn:  # not even outside the unit of work
        assert conn.scalar(text("SELECT pg_backend_pid()")) == pid
        setting = (
            "SELECT current_setting('app.credential', true), current_setting('app.role', true)"
        )
        assert set(conn.execute(text(setting)).one()) <= {"", None}
        assert conn.scalar(text("SELECT count(*) FROM profiles")) == 0


def test_knowing_an_id_is_not_enough_only_the_secret_opens_rows(role_db, two_users):
    a, b, _ = two_users
    with role_db.app.engine.begin() as conn:
        # 0004's door: the id in app.user_id. Anyone can set it; it opens nothing now.
        conn.execute(text("SELECT set_config('app.user_id', :u, true)"), {"u": str(b.user.id)})
        assert conn.scalar(text("SELECT count(*) FROM profiles")) == 0
        assert conn.scalar(text("SELECT app_user_id()")) is None
        act(conn, hash_token("a guess"))
        assert conn.scalar(text("SELECT count(*) FROM sessions")) == 0
        act(conn, b.credential)
        assert conn.scalar(text("SELECT app_user_id()")) == b.user.id
        assert set(conn.scalars(text("SELECT user_id FROM profiles"))) == {b.user.id}
        assert set(conn.scalars(text("SELECT id FROM users"))) == {b.user.id}
        # the session row is readable, not creatable: a login is the database's to make
        assert _refused(
            conn,
            "INSERT INTO sessions (id, user_id, token_hash, created_at, last_seen_at, "
            "expires_at, host, client) VALUES (gen_random_uuid(), :u, 'x', now(), now(), "
            "now() + interval '1 day', '', '')",
            {"u": b.user.id},
        )


def test_the_app_role_cannot_write_users_or_read_credentials(role_db, two_users):
    a, b, _ = two_users  # Ana is the admin
    with role_db.app.engine.begin() as conn:
        act(conn, b.credential)
        for sql in (
            "UPDATE users SET role = 'admin' WHERE id = :b",
            "UPDATE users SET status = 'disabled' WHERE id = :a",
            "DELETE FROM users WHERE id = :a",
            "INSERT INTO users (id, email, name, role, status, email_verified, "
            "failed_logins, created_at, updated_at) VALUES (gen_random_uuid(), "
            "'x@example.com', 'X', 'admin', 'active', false, 0, now(), now())",
            "SELECT password_hash FROM accounts",
            "SELECT token_hash FROM verification_tokens",
            "SELECT * FROM auth_secret",
            "SELECT * FROM auth_grants",
            "SELECT auth_grant(:a)",
        ):
            assert _refused(conn, sql, {"a": a.user.id, "b": b.user.id}), sql
    with role_db.superuser.engine.connect() as conn:
        roles = dict(conn.execute(text("SELECT email, role FROM users")).all())
    assert roles == {"ana@example.com": "admin", "ben@example.com": "member"}


def test_every_policy_asks_for_the_user_once_per_statement(role_db):
    with role_db.superuser.engine.connect() as conn:
        policies = conn.execute(
            text("SELECT tablename, policyname, qual, with_check FROM pg_policies")
        ).all()
    per_row = [
        (p.tablename, p.policyname)
        for p in policies
        for expr in (p.qual or "", p.with_check or "")
        if expr.replace("SELECT app_user_id()", "").count("app_user_id()")
    ]
    assert not per_row, f"app_user_id() evaluated per row in {per_row}"
    assert sum("SELECT app_user_id()" in (p.qual or "") for p in policies) >= 30


def test_the_admin_audit_view_needs_a_real_admin(role_db, two_users, clock):
    a, b, _ = two_users  # Ana registered first: the admin
    role_db.profiles(clock).update(
        b, weight_unit="lb", currency="USD", timezone="UTC", theme="nord"
    )
    actions = "SELECT DISTINCT user_id, action FROM audit_logs"
    with role_db.app.transaction(user_id=a.user.id, credential=a.credential, role="admin") as s:
        seen = set(s.execute(text(actions)).all())
    assert (b.user.id, "user.register") in seen and (b.user.id, "auth.login") in seen
    assert (b.user.id, "settings.changed") not in seen  # only auth and account events
    with role_db.app.transaction(
        user_id=b.user.id, credential=b.credential, role="admin"
    ) as s:  # B only says so
        assert {uid for uid, _ in s.execute(text(actions))} == {b.user.id}


# -- the services, as the app role ---------------------------------------------------
def test_every_auth_and_profile_flow_works_as_the_app_role(role_db, passwords, clock):
    auth = role_db.auth(passwords, clock, registration=RegistrationMode.APPROVAL)
    profiles = role_db.profiles(clock)
    ana = auth.register("Ana", "ana@example.com", PASSWORD, PASSWORD).login
    admin = ana.scope
    # Before login the app role sees no account: only that there are some.
    assert auth.has_users() and auth.local_admin() is None
    ben = auth.register("Ben", "ben@example.com", PASSWORD, PASSWORD)
    assert ben.login is None and ben.user.status == "pending"
    with pytest.raises(AuthError, match="approval"):
        auth.login("ben@example.com", PASSWORD)
    auth.approve(admin, "ben@example.com")

    login = auth.login("ben@example.com", PASSWORD)
    assert auth.resume(login.token).user.email == "ben@example.com"
    with pytest.raises(AuthError):
        auth.login("ben@example.com", "wrong password")
    with pytest.raises(AuthError):
        auth.login("nobody@example.com", PASSWORD)  # the system chain
    other = auth.login("ben@example.com", PASSWORD)
    assert len(auth.list_sessions(login)) == 2
    auth.end_session(login, other.session_id)
    assert auth.change_password(login, PASSWORD, NEW_PASSWORD, NEW_PASSWORD) == 0
    saved = profiles.update(login, weight_unit="lb", currency="USD", timezone="UTC", theme="nord")
    assert profiles.get(login) == saved
    auth.logout(login)
    assert auth.resume(login.token) is None

    login = auth.login("ben@example.com", NEW_PASSWORD)
    auth.disable(admin, "ben@example.com")
    assert auth.resume(login.token) is None  # disabling ended the session
    auth.enable(admin, "ben@example.com")
    token = auth.issue_reset_token(admin, "ben@example.com")
    assert auth.reset_password(token, PASSWORD, PASSWORD).email == "ben@example.com"
    with pytest.raises(ValidationError):
        auth.reset_password(token, PASSWORD, PASSWORD)  # used
    assert auth.login("ben@example.com", PASSWORD).user.status == "active"
    assert [u.email for u in auth.list_users(admin)] == ["ana@example.com", "ben@example.com"]

    # Every chain those flows wrote verifies (as the owner, who sees them all).
    assert main(["audit", "verify", "--database-url", role_db.owner_url]) == 0


def test_the_cli_user_commands_need_the_owner_once_there_is_an_admin(
    role_db, passwords, capsys, monkeypatch
):
    def run(*argv: str, stdin: str | None = None, url: str = role_db.owner_url) -> int:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        return main([*argv, "--database-url", url], passwords=passwords)

    add = ("user", "add", "--name", "X", "--password-stdin", "--email")
    # the first account, from the app role: registration is the database's function
    assert run(*add, "ana@example.com", stdin=PASSWORD + "\n", url=role_db.app_url) == 0
    # then an admin acts: the app role alone cannot say it is one
    capsys.readouterr()
    assert run(*add, "ben@example.com", stdin=PASSWORD + "\n", url=role_db.app_url) == 1
    assert "owner" in capsys.readouterr().err
    assert run(*add, "ben@example.com", stdin=PASSWORD + "\n") == 0
    assert run("user", "disable", "ben@example.com") == 0
    assert run("user", "enable", "ben@example.com") == 0
    assert run("user", "reset-token", "ben@example.com") == 0
    token = capsys.readouterr().out.splitlines()[-2]
    assert (
        run("user", "reset-password", "--password-stdin", stdin=f"{token}\n{NEW_PASSWORD}\n") == 0
    )
    assert "password changed for ben@example.com" in capsys.readouterr().out


# -- saying when RLS does not hold --------------------------------------------------
def test_db_status_and_the_app_context_say_when_rls_is_bypassed(role_db, capsys):
    for url, says in (
        (role_db.superuser_url, "row-level security is bypassed (superuser)"),
        (role_db.owner_url, "row-level security is bypassed (BYPASSRLS)"),
        (role_db.app_url, None),
    ):
        assert main(["db", "status", "--database-url", url]) == 0
        out = capsys.readouterr().out
        assert (says in out) if says else "bypassed" not in out, out
    for url, warning in ((role_db.superuser_url, "superuser"), (role_db.app_url, None)):
        ctx = open_context(Settings(database_url=url), token_store=MemoryTokenStore())
        try:
            assert ctx.security_warning == warning
        finally:
            ctx.close()


def test_the_app_role_cannot_migrate(role_db):
    with role_db.app.engine.connect() as conn:
        for sql in ("CREATE TABLE sneaky (id int)", "UPDATE alembic_version SET version_num = 'x'"):
            with pytest.raises(DBAPIError, match="permission") as err, conn.begin():
                conn.execute(text(sql))
            assert err.value.orig.sqlstate == "42501"


def test_the_app_says_who_may_migrate_when_the_schema_is_behind(role_db):
    migrate.downgrade(role_db.owner, "0003_audit_heads")
    settings = Settings(database_url=role_db.app_url)
    with pytest.raises(DatabaseUnavailable, match="db upgrade` with the owner's URL"):
        open_context(settings, token_store=MemoryTokenStore())
    assert migrate.current_revision(role_db.owner) == "0003_audit_heads"  # nothing half done


def test_an_owner_without_force_counts_as_bypassing(role_db):
    owner = role_db.setup.owner
    with role_db.superuser.engine.begin() as conn:
        conn.execute(text(f'ALTER ROLE "{owner}" NOBYPASSRLS'))
    try:
        assert rls_bypassed(role_db.owner) is None  # FORCE holds the owner too
        with role_db.superuser.engine.begin() as conn:
            conn.execute(text("ALTER TABLE meals NO FORCE ROW LEVEL SECURITY"))
        assert rls_bypassed(role_db.owner) == "table owner without FORCE"
    finally:
        with role_db.superuser.engine.begin() as conn:  # the role is shared by the run
            conn.execute(text(f'ALTER ROLE "{owner}" BYPASSRLS'))


@pilot_test
async def test_the_header_says_when_rls_is_bypassed(role_db, passwords):
    for url, says in ((role_db.superuser_url, True), (role_db.app_url, False)):
        app = make_app(
            Settings(database_url=url), passwords=passwords, token_store=MemoryTokenStore()
        )
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, lambda: app.ctx is not None)  # noqa: B023
            assert ("RLS bypassed (superuser)" in app.sub_title) is says, app.sub_title


def test_a_key_cannot_mint_keys_or_bring_a_revoked_one_back(role_db, two_users, clock):
    """A leaked API key must not outlive its revocation: only a login session may make
    keys, and a key's secret, owner and revocation are not the app role's to change."""
    from dashboard_tui.account.api_keys import ApiKeyService

    a, _b, _ = two_users
    keys = ApiKeyService(role_db.app, clock=clock)
    first = keys.create(a, "laptop")
    second = keys.create(a, "server")
    keys.revoke(a, first.info.id)
    with role_db.app.engine.begin() as conn:
        act(conn, hash_token(second.key))
        assert conn.scalar(text("SELECT app_user_id()")) == a.user.id  # the key works
        minted = (
            "INSERT INTO api_keys (id, user_id, name, prefix, key_hash, created_at) "
            "VALUES (gen_random_uuid(), :u, 'minted', 'x', :h, now())"
        )
        assert _refused(conn, minted, {"u": a.user.id, "h": hash_token("a key of mine")})
        for sql in (
            "UPDATE api_keys SET key_hash = :h WHERE id = :k",
            "UPDATE api_keys SET user_id = :u WHERE id = :k",
            "UPDATE api_keys SET revoked_at = NULL WHERE id = :k",
            "DELETE FROM api_keys WHERE id = :k",
        ):
            params = {"h": hash_token("a key of mine"), "u": a.user.id, "k": first.info.id}
            assert _refused(conn, sql, params), sql
    with role_db.app.engine.begin() as conn:  # from a session, a key is made as ever
        act(conn, a.credential)
        made = conn.execute(text(minted), {"u": a.user.id, "h": hash_token("fresh")}).rowcount
        assert made == 1
