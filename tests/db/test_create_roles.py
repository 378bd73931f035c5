"""`dashboard-tui db create-roles`: the owner and app roles on an existing database."""

from __future__ import annotations

import io
import sys

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from dashboard_tui.cli import main
from dashboard_tui.db import migrate
from dashboard_tui.db.roles import rls_bypassed
from dashboard_tui.db.uow import Database
from tests.conftest import _need_pg
from tests.db.conftest import drop_roles

APP_RIGHTS = """
SELECT c.relname, string_agg(p.priv, ',' ORDER BY p.priv)
FROM pg_class c
CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p(priv)
WHERE c.relname IN ('audit_logs', 'audit_heads', 'alembic_version', 'meals')
  AND has_table_privilege(:app, c.oid, p.priv)
GROUP BY c.relname
"""


def test_create_roles_on_sqlite_is_refused(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert main(["db", "create-roles", "--owner", "o", "--app", "a", "--database-url", url]) == 1
    assert "for PostgreSQL" in capsys.readouterr().err


def test_create_roles_takes_over_a_database_migrated_by_a_superuser(pg_server, capsys, monkeypatch):
    server = _need_pg(pg_server)
    owner, app = server.new_name("owner"), server.new_name("app")
    url = server.create()
    name = make_url(url).database
    su = Database.from_url(url)
    migrate.upgrade(su)  # everything owned by the superuser, as before this feature
    as_owner = Database.from_url(make_url(url).set(username=owner).render_as_string(False))
    cmd = ["db", "create-roles", "--owner", owner, "--app", app, "--database-url", url]
    try:
        monkeypatch.setattr(sys, "stdin", io.StringIO("owner secret\napp secret\n"))
        assert main([*cmd, "--password-stdin"]) == 0
        out = capsys.readouterr().out
        assert f"created role {owner} (LOGIN BYPASSRLS" in out
        assert f"created role {app} (LOGIN NOBYPASSRLS" in out
        assert f"tables and functions to {owner}" in out
        assert f"postgresql+psycopg://{app}@" in out and "secret" not in out

        with su.engine.connect() as conn:
            owners = set(
                conn.scalars(
                    text(
                        "SELECT relowner::regrole::text FROM pg_class "
                        "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' "
                        "UNION SELECT proowner::regrole::text FROM pg_proc "
                        "WHERE pronamespace = 'public'::regnamespace"
                    )
                )
            )
            assert owners == {owner}
            verifiers = conn.scalars(
                text("SELECT rolpassword FROM pg_authid WHERE rolname IN (:o, :a)"),
                {"o": owner, "a": app},
            ).all()
            assert len(verifiers) == 2 and all(v.startswith("SCRAM-SHA-256$") for v in verifiers)
            rights = dict(conn.execute(text(APP_RIGHTS), {"app": app}).all())
        assert rights == {
            "audit_logs": "INSERT,SELECT",
            "audit_heads": "INSERT,SELECT,UPDATE",
            "alembic_version": "SELECT",
            "meals": "DELETE,INSERT,SELECT,UPDATE",
        }

        assert main(cmd) == 0  # again: nothing new to do, nothing breaks
        out = capsys.readouterr().out
        assert f"role {owner} exists: kept" in out and "tables and functions" not in out

        # The owner can now run migrations, both ways (0004 drops what it made).
        migrate.downgrade(as_owner, "0003_audit_heads")
        migrate.upgrade(as_owner)
        assert migrate.current_revision(as_owner) == migrate.HEAD

        app_url = make_url(url).set(username=app).render_as_string(False)
        assert main([*cmd[:-1], app_url]) == 1
        assert "must run as a PostgreSQL superuser" in capsys.readouterr().err
        su_name = make_url(url).username
        assert main(["db", "create-roles", "--owner", owner, "--app", su_name, *cmd[-2:]]) == 1
        assert "bypasses RLS" in capsys.readouterr().err
    finally:
        su.dispose()
        as_owner.dispose()
        server.drop(name)
        drop_roles(server, owner, app)


def test_the_old_one_role_setup_becomes_the_app_role(pg_server, capsys):
    """`createdb --owner dashboard`, app and migrations as that one role: naming it
    the app role hands the database and its tables to the new owner."""
    server = _need_pg(pg_server)
    owner, app, name = server.new_name("owner"), server.new_name("app"), server.new_name()
    with server.engine.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{app}" LOGIN'))
        conn.execute(text(f'CREATE DATABASE "{name}" OWNER "{app}"'))
    url = server.url.set(database=name)
    app_db = Database.from_url(url.set(username=app).render_as_string(False))
    try:
        migrate.upgrade(app_db)
        assert rls_bypassed(app_db) is None  # FORCE holds the owner of the tables too
        su = url.render_as_string(False)
        cmd = ["db", "create-roles", "--owner", owner, "--app", app, "--database-url", su]
        assert main(cmd) == 0
        out = capsys.readouterr().out
        assert f"role {app} exists: kept" in out
        assert f"database {name} handed from {app} to {owner}" in out, out
        with app_db.engine.connect() as conn:
            mine = conn.scalar(
                text("SELECT count(*) FROM pg_class WHERE relowner = current_user::regrole")
            )
            assert mine == 0
            conn.rollback()
            with pytest.raises(DBAPIError, match="permission denied"), conn.begin():
                conn.execute(text("CREATE TABLE sneaky (id int)"))
    finally:
        app_db.dispose()
        server.drop(name)
        drop_roles(server, owner, app)
