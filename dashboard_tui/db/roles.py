"""PostgreSQL roles: an owner that migrates, an app role that row-level security holds.

The owner owns every table and runs `db upgrade`; it gets BYPASSRLS because as owner
it could lift RLS anyway (ALTER TABLE), and maintenance that must see every row needs
it: `audit verify`, pg_dump, data migrations. The app role owns nothing and has
NOBYPASSRLS, so the policies of migration 0004 hold for everything the app does."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, text

from dashboard_tui.db.uow import Database

if TYPE_CHECKING:
    import psycopg

SCHEMA = "public"
# Tables of the database's own functions (migration 0007), not of the models: no
# role but the owner ever reads them.
FUNCTION_TABLES = ("auth_grants", "auth_secret")
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
TABLE_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"
# What the app role must never do, per table (tables absent from the schema are skipped).
NARROWED = {
    "audit_logs": "UPDATE, DELETE, TRUNCATE",  # append-only
    "audit_heads": "DELETE, TRUNCATE",
    "alembic_version": "INSERT, UPDATE, DELETE, TRUNCATE",  # migrations are the owner's
    # Accounts, credentials and one-time tokens are the database functions' alone
    # (migration 0007): the app role reads its own user row and sessions, no more.
    "users": "INSERT, UPDATE, DELETE, TRUNCATE",
    "accounts": "ALL",
    "verification_tokens": "ALL",
    "sessions": "INSERT, TRUNCATE",
    **dict.fromkeys(FUNCTION_TABLES, "ALL"),
    "api_keys": "UPDATE, DELETE, TRUNCATE",
}
# Given back column by column after NARROWED: revoking and touching a key, no more.
COLUMN_GRANTS = {"api_keys": "UPDATE (revoked_at, last_used_at)"}

BYPASS_SQL = """
SELECT r.rolname, r.rolsuper, r.rolbypassrls,
       EXISTS (SELECT 1 FROM pg_class c
               WHERE c.relnamespace = current_schema()::regnamespace
                 AND c.relkind IN ('r', 'p') AND c.relrowsecurity
                 AND NOT row_security_active(c.oid)) AS owner_unforced
FROM pg_roles r WHERE r.rolname = current_user
"""


class RolesError(Exception):
    """create-roles cannot go ahead; the message is meant for a person."""


def rls_bypassed(db: Database) -> str | None:
    """Why row-level security does not hold for this connection (a few words for the
    header and `db status`), or None when it holds or the engine has none."""
    if db.is_sqlite:
        return None
    with db.engine.connect() as conn:
        row = conn.execute(text(BYPASS_SQL)).one()
    if row.rolsuper:
        return "superuser"
    if row.rolbypassrls:
        return "BYPASSRLS"
    if row.owner_unforced:
        return "table owner without FORCE"
    return None


def whole_accounts_refused(db: Database, what: str) -> str | None:
    """Why this connection cannot read or write whole accounts (backup, restore,
    export, import), or None when it can. PostgreSQL's app role sees a person's rows
    only through that person's login (migration 0007): these are the owner's tasks."""
    if db.is_sqlite or rls_bypassed(db) is not None:
        return None
    return (
        f"{what} reads or writes whole accounts, which row-level security hides from this "
        "role: run it with the owner's database URL (see `db create-roles`) or as a superuser"
    )


def sees_every_audit_row(conn: Connection) -> bool:
    """True when RLS hides no audit row from this connection (SQLite, superuser,
    BYPASSRLS, or a schema from before RLS): only then is a full verify complete."""
    if conn.dialect.name != "postgresql":
        return True
    return bool(
        conn.execute(
            text(
                "SELECT NOT coalesce(row_security_active(to_regclass('audit_logs')), false) "
                "AND NOT coalesce(row_security_active(to_regclass('audit_heads')), false)"
            )
        ).scalar()
    )


@dataclass
class RolesResult:
    done: list[str] = field(default_factory=list)
    owner_url: str = ""
    app_url: str = ""


def create_roles(
    db: Database,
    owner: str,
    app: str,
    *,
    owner_password: str | None = None,
    app_password: str | None = None,
) -> RolesResult:
    """Idempotent; one transaction on a superuser connection to the app's database."""
    if db.is_sqlite:
        raise RolesError("create-roles is for PostgreSQL; SQLite has no roles")
    for name in (owner, app):
        if not ROLE_NAME.fullmatch(name):
            raise RolesError(f"role name {name!r}: use lower-case letters, digits and _")
    if owner == app:
        raise RolesError("the owner and the app role must be two different roles")
    result = RolesResult()
    with db.engine.begin() as conn:
        if not conn.execute(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        ).scalar():
            raise RolesError("create-roles must run as a PostgreSQL superuser")
        _ensure_role(conn, owner, bypass=True, result=result)
        _ensure_role(conn, app, bypass=False, result=result)
        if conn.execute(
            text("SELECT pg_has_role(:a, :o, 'MEMBER')"), {"a": app, "o": owner}
        ).scalar():
            raise RolesError(f"{app} is a member of {owner}: it would act as the owner")
        for name, password in ((owner, owner_password), (app, app_password)):
            if password:
                _set_password(conn, name, password)
                result.done.append(f"set the password of {name}")
        _hand_over(conn, owner, result)
        _take_from_app(conn, owner, app, result)
        _grant(conn, owner, app, result)
    url = db.engine.url
    result.owner_url = url.set(username=owner, password=None).render_as_string()
    result.app_url = url.set(username=app, password=None).render_as_string()
    return result


def _q(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)  # quoted when it has to be


def _ensure_role(conn: Connection, name: str, *, bypass: bool, result: RolesResult) -> None:
    row = conn.execute(
        text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :n"), {"n": name}
    ).first()
    attrs = "BYPASSRLS" if bypass else "NOBYPASSRLS"
    what = "owner: owns the tables, runs migrations" if bypass else "app: held by RLS"
    if row is None:
        conn.exec_driver_sql(
            f"CREATE ROLE {_q(conn, name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE {attrs}"
        )
        result.done.append(f"created role {name} (LOGIN {attrs}; {what})")
        return
    if not bypass and (row.rolsuper or row.rolbypassrls):
        # Never demote an existing powerful role behind someone's back.
        raise RolesError(f"role {name} exists and bypasses RLS: choose another app role")
    conn.exec_driver_sql(f"ALTER ROLE {_q(conn, name)} LOGIN" + (" BYPASSRLS" if bypass else ""))
    result.done.append(f"role {name} exists: kept, made LOGIN{' ' + attrs if bypass else ''}")


def _set_password(conn: Connection, name: str, password: str) -> None:
    # Hashed here (SCRAM, as the server asks), so no clear password reaches a log.
    # Roles are PostgreSQL's: the driver's connection is psycopg's (typed Any | None).
    pgconn = cast("psycopg.Connection[Any]", conn.connection.driver_connection).pgconn
    verifier = pgconn.encrypt_password(password.encode(), name.encode()).decode()
    if "'" in verifier or "\\" in verifier:  # never: SCRAM and md5 verifiers are base64/hex
        raise RolesError("unexpected password verifier from the server")
    conn.exec_driver_sql(f"ALTER ROLE {_q(conn, name)} PASSWORD '{verifier}'")


HAND_OVER_SQL = """
SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END AS kind,
       c.oid::regclass::text AS obj
FROM pg_class c
WHERE c.relnamespace = CAST(:schema AS regnamespace) AND c.relkind IN ('r', 'p', 'v')
  AND c.relowner <> to_regrole(:owner)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
UNION ALL
SELECT 'FUNCTION', p.oid::regprocedure::text FROM pg_proc p
WHERE p.pronamespace = CAST(:schema AS regnamespace) AND p.proowner <> to_regrole(:owner)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2
"""


def _hand_over(conn: Connection, owner: str, result: RolesResult) -> None:
    """Tables (and their indexes and sequences), views and functions made by someone
    else, e.g. migrations run earlier as a superuser, become the owner's."""
    moved = conn.execute(text(HAND_OVER_SQL), {"owner": owner, "schema": SCHEMA}).all()
    for kind, obj in moved:  # regclass/regprocedure text is already quoted
        conn.exec_driver_sql(f"ALTER {kind} {obj} OWNER TO {_q(conn, owner)}")
    if moved:
        result.done.append(f"handed {len(moved)} tables and functions to {owner}")


def _take_from_app(conn: Connection, owner: str, app: str, result: RolesResult) -> None:
    """An app role that owns the database or the schema (the old one-role setup,
    `createdb --owner`) could create tables there: the owner takes them."""
    row = conn.execute(
        text(
            "SELECT pg_get_userbyid(d.datdba) AS db, pg_get_userbyid(n.nspowner) AS schema "
            "FROM pg_database d, pg_namespace n "
            "WHERE d.datname = current_database() AND n.nspname = :s"
        ),
        {"s": SCHEMA},
    ).one()
    dbname = _q(conn, conn.execute(text("SELECT current_database()")).scalar_one())
    for kind, name, current in (("DATABASE", dbname, row.db), ("SCHEMA", SCHEMA, row.schema)):
        if current == app:
            conn.exec_driver_sql(f"ALTER {kind} {name} OWNER TO {_q(conn, owner)}")
            result.done.append(f"{kind.lower()} {name} handed from {app} to {owner}")


def _grant(conn: Connection, owner: str, app: str, result: RolesResult) -> None:
    o, a = _q(conn, owner), _q(conn, app)
    dbname = _q(conn, conn.execute(text("SELECT current_database()")).scalar_one())
    statements = [
        f"GRANT CONNECT ON DATABASE {dbname} TO {o}, {a}",
        f"GRANT USAGE, CREATE ON SCHEMA {SCHEMA} TO {o}",
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {a}",
        # PostgreSQL 15's default; on older servers PUBLIC (so the app role) could create.
        f"REVOKE CREATE ON SCHEMA {SCHEMA} FROM PUBLIC",
        f"GRANT {TABLE_RIGHTS} ON ALL TABLES IN SCHEMA {SCHEMA} TO {a}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {a}",
        # Tables the owner creates later (migrations) are granted to the app as well;
        # migration 0004 narrows the audit tables again.
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {SCHEMA} "
        f"GRANT {TABLE_RIGHTS} ON TABLES TO {a}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {SCHEMA} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {a}",
    ]
    for table, rights in NARROWED.items():
        if conn.execute(text("SELECT to_regclass(:t)"), {"t": f"{SCHEMA}.{table}"}).scalar():
            statements.append(f"REVOKE {rights} ON {SCHEMA}.{table} FROM {a}")
            if table in COLUMN_GRANTS:
                statements.append(f"GRANT {COLUMN_GRANTS[table]} ON {SCHEMA}.{table} TO {a}")
    for statement in statements:
        conn.exec_driver_sql(statement)
    result.done.append(
        f"granted {app}: CONNECT, schema USAGE, {TABLE_RIGHTS} on tables "
        "(audit_logs SELECT, INSERT; audit_heads no DELETE; users and sessions read "
        "only; accounts and tokens none), sequences USAGE, "
        f"and the same on tables {owner} creates later"
    )
