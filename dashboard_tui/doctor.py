"""`dashboard-tui doctor`: what is wrong with this installation, and what to do.

Each check is a small function returning one `Finding` (ok, info or fail; what was
found; what to do), so each can be tested alone; `diagnose` runs them in order and
the CLI prints one line each. A `fail` needs fixing (exit code 1); an `info` is only
worth knowing (no keyring here: logins are not remembered) and changes nothing.

The doctor only reads: a SQLite database is opened read-only (never created,
migrated or re-permissioned), and the file checks run before it is opened."""

from __future__ import annotations

import shlex
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from dashboard_tui import paths

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.engine import URL
    from sqlalchemy.orm import Session

    from dashboard_tui.config import Settings
    from dashboard_tui.db.uow import Database

# Up to this many audit rows every chain is walked whole; above it, the newest
# AUDIT_SAMPLE rows of each chain. A whole walk hashes every row: 50,000 rows took
# 2.8 s on SQLite and 2.6 s on PostgreSQL, their newest 2,000 0.1 s (medians of
# bench/doctor_audit.py on the shared 2-core development machine; 200,000 rows took
# 14 s), so a doctor run stays within a few seconds; `--full-audit` walks them all.
AUDIT_FULL_ROWS = 50_000
AUDIT_SAMPLE = 2_000
BIGGEST_TABLES = 5
WHERE_URL = "(--database-url, DASHBOARD_DATABASE_URL or database_url in the config file)"


class Status(StrEnum):
    OK = "ok"
    INFO = "info"  # worth knowing; nothing to fix
    FAIL = "fail"  # needs fixing: the exit code is 1


@dataclass(frozen=True)
class Finding:
    status: Status
    name: str
    message: str
    fix: str = ""  # what to do; empty when nothing is to be done


def ok(name: str, message: str) -> Finding:
    return Finding(Status.OK, name, message)


def info(name: str, message: str, fix: str = "") -> Finding:
    return Finding(Status.INFO, name, message, fix)


def fail(name: str, message: str, fix: str) -> Finding:
    return Finding(Status.FAIL, name, message, fix)


def exit_code(findings: Sequence[Finding]) -> int:
    return 1 if any(f.status is Status.FAIL for f in findings) else 0


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    scaled = size / 1024
    for unit in ("KiB", "MiB"):
        if scaled < 1024:
            return f"{scaled:.1f} {unit}"
        scaled /= 1024
    return f"{scaled:.1f} GiB"


# -- settings ------------------------------------------------------------------------
def check_config(path: Path, problems: Sequence[str]) -> Finding:
    """The config file's path and every problem in it (or in the environment)."""
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return fail(
            "config",
            f"{problems[0]}{more}",
            f"fix {path} or the environment variable named; "
            "`dashboard-tui keys --check` lists key problems",
        )
    if not path.exists():
        return ok("config", f"no file at {path}: the defaults are used")
    if paths.looser_than(path, paths.PRIVATE_FILE) is not None and _has_password(path):
        return fail(
            "config",
            f"{path} holds a database password and others may read it",
            f"chmod 600 {shlex.quote(str(path))}",
        )
    return ok("config", f"{path} has no problems")


def _has_password(path: Path) -> bool:
    import tomllib

    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = tomllib.loads(path.read_text(encoding="utf-8")).get("database_url")
        return isinstance(url, str) and bool(make_url(url).password)
    except (OSError, ValueError, ArgumentError):  # settings loaded it: unlikely, no password
        return False


# -- files ---------------------------------------------------------------------------
def check_database_file(url: URL) -> Finding | None:
    """A SQLite database's file, its -wal/-shm and its folder (0600 / not writable by
    others); None for PostgreSQL, whose files are the server's."""
    from dashboard_tui.db.engine import sqlite_file, sqlite_permission_problem

    path = sqlite_file(url)
    if path is None:
        return None
    if not path.exists():
        return ok("database file", f"{path} does not exist yet")
    problem = sqlite_permission_problem(url)
    if problem is None:
        return ok("database file", f"{path} is private (0600)")
    return fail("database file", *problem)


def _private_files(name: str, folder: Path, files: list[Path], what: str) -> Finding:
    """A folder that must be 0700 and whose files must be 0600."""
    if not folder.is_dir():
        return ok(name, f"none yet ({folder} does not exist)")
    fixes, said = [], []
    if (bits := paths.looser_than(folder, paths.PRIVATE_DIR)) is not None:
        said.append(f"{folder} has mode {bits:04o}")
        fixes.append(f"chmod 700 {shlex.quote(str(folder))}")
    loose = [(f, b) for f in files if (b := paths.looser_than(f, paths.PRIVATE_FILE)) is not None]
    if loose:
        said.append(", ".join(f"{f.name} has mode {b:04o}" for f, b in loose[:3]))
        if len(loose) > 3:
            said.append(f"{len(loose) - 3} more")
        fixes.append("chmod 600 " + " ".join(shlex.quote(str(f)) for f, _ in loose))
    if said:
        return fail(name, f"others may read {what}: {'; '.join(said)}", " && ".join(fixes))
    return ok(name, f"{len(files)} in {folder}, all private (0600 in a 0700 folder)")


def check_backups(folder: Path | None = None) -> Finding:
    """The default backups folder (`dashboard-tui backup` without a PATH)."""
    folder = folder or paths.data_dir() / "backups"
    files = sorted(f for f in folder.iterdir() if f.is_file()) if folder.is_dir() else []
    return _private_files("backups", folder, files, "backups (they hold password hashes)")


def check_login_file(token_file: Path | None = None) -> Finding:
    """The opt-in login files of --remember-insecurely (one per database)."""
    token_file = token_file or paths.insecure_token_file()
    folder = token_file.parent
    files = sorted(folder.glob(f"{token_file.name}*")) if folder.is_dir() else []
    return _private_files("login file", folder, files, "the remembered login")


def check_keyring(remember_insecurely: bool) -> Finding:
    from dashboard_tui.account.token_store import real_keyring_backend

    backend = real_keyring_backend()
    if backend is not None:
        return ok("keyring", f"{backend}: a login is remembered in the OS keyring")
    if remember_insecurely:
        return info(
            "keyring",
            "none here: logins are kept in a private file (0600), as remember_insecurely asks",
        )
    return info(
        "keyring",
        "none here: a login lasts until you quit (the app fails closed, storing no token)",
        "to stay logged in, install a keyring (e.g. gnome-keyring, KWallet) or start "
        "with --remember-insecurely",
    )


# -- the database --------------------------------------------------------------------
def read_only_url(url: URL) -> URL:
    """A SQLite URL opened read-only (not created, not tightened: see make_engine);
    other URLs as they are."""
    from sqlalchemy.engine import URL as SaURL

    from dashboard_tui.db.engine import sqlite_file

    path = sqlite_file(url)
    if path is None:
        return url
    uri = "file:" + quote(str(path.resolve()))
    return SaURL.create("sqlite", database=uri, query={"mode": "ro", "uri": "true"})


def check_reachable(db: Database) -> Finding:
    from sqlalchemy import text

    from dashboard_tui.db.uow import DatabaseUnavailable

    try:
        db.ping()
    except DatabaseUnavailable as exc:
        if db.is_sqlite:
            return fail("database", str(exc), f"check the file and the URL {WHERE_URL}")
        return fail("database", str(exc), f"start the server or correct the URL {WHERE_URL}")
    with db.engine.connect() as conn:
        if db.is_sqlite:
            version = f"SQLite {sqlite3.sqlite_version}"
        else:
            version = "PostgreSQL " + str(conn.execute(text("SHOW server_version")).scalar())
    return ok("database", f"{db.description} is reachable ({version})")


def check_migrations(db: Database) -> Finding:
    from dashboard_tui.db import migrate

    current, head = migrate.current_revision(db), migrate.head_revision(db)
    upgrade = "run `dashboard-tui db upgrade` (on PostgreSQL with the owner's URL)"
    if current == head:
        return ok("migrations", f"at head ({head})")
    if current is None:
        return fail("migrations", "the database is empty (no schema)", upgrade)
    if current not in _known_revisions(db):
        return fail(
            "migrations",
            f"at {current!r}, made by a newer dashboard-tui",
            "upgrade dashboard-tui to the version that migrated it or newer",
        )
    return fail("migrations", f"at {current}, behind the head {head}", upgrade)


def _known_revisions(db: Database) -> set[str]:
    from alembic.script import ScriptDirectory

    from dashboard_tui.db import migrate

    scripts = ScriptDirectory.from_config(migrate.alembic_config(db))
    return {r.revision for r in scripts.walk_revisions()}


def check_role(db: Database) -> Finding | None:
    """Whether row-level security holds for this connection (PostgreSQL only)."""
    if db.is_sqlite:
        return None
    from sqlalchemy import text

    from dashboard_tui.db.roles import rls_bypassed

    with db.engine.connect() as conn:
        role = str(conn.execute(text("SELECT current_user")).scalar())
    why = rls_bypassed(db)
    if why is None:
        return ok("role", f"{role!r}: row-level security holds (no superuser, no BYPASSRLS)")
    return fail(
        "role",
        f"{role!r} bypasses row-level security ({why}): this connection sees every person's rows",
        "run the app as its own role: `dashboard-tui db create-roles --owner OWNER --app "
        "APP` (as a superuser), then connect with the app role's URL",
    )


def check_size(db: Database, *, use_dbstat: bool = True) -> Finding:
    """The database's size and its biggest tables. SQLite's page-level sizes come
    from the dbstat table, which not every build has: then row counts instead."""
    with db.engine.connect() as conn:
        if not db.is_sqlite:
            size = conn.exec_driver_sql("SELECT pg_database_size(current_database())")
            total = int(size.scalar() or 0)
            biggest: str | None = _pg_biggest(conn)
        else:
            total = _sqlite_bytes(db)
            biggest = _sqlite_biggest(conn) if use_dbstat else None
            if biggest is None:
                counts = _row_counts(conn) or "no tables"
                return ok("size", f"{_size(total)}; most rows (no dbstat here): {counts}")
    return ok("size", f"{_size(total)}; biggest: {biggest or 'no tables'}")


def _listing(rows: Sequence[Any]) -> str:
    """(table, bytes) rows as one line."""
    return ", ".join(f"{row[0]} {_size(int(row[1]))}" for row in rows)


def _pg_biggest(conn: Connection) -> str:
    rows = conn.exec_driver_sql(
        "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
        "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') "
        "ORDER BY 2 DESC, 1 LIMIT %(n)s",
        {"n": BIGGEST_TABLES},
    ).all()
    return _listing(rows)


def _sqlite_bytes(db: Database) -> int:
    """The database file and its companions (the WAL may hold much of the data)."""
    from dashboard_tui.db.engine import companions, sqlite_file

    url = db.engine.url
    name = url.database or ""
    path = Path(unquote(name.removeprefix("file:"))) if url.query.get("uri") else sqlite_file(url)
    if path is None:
        return 0
    return sum(f.stat().st_size for f in (path, *companions(path)) if f.exists())


def _sqlite_biggest(conn: Connection) -> str | None:
    from sqlalchemy.exc import OperationalError

    try:
        rows = conn.exec_driver_sql(
            "SELECT s.tbl_name, SUM(d.pgsize) FROM dbstat d "
            "JOIN sqlite_schema s ON s.name = d.name "
            "GROUP BY s.tbl_name ORDER BY 2 DESC, 1 LIMIT ?",
            (BIGGEST_TABLES,),
        ).all()
    except OperationalError:  # no such table: dbstat (built without SQLITE_ENABLE_DBSTAT_VTAB)
        return None
    return _listing(rows)


def _row_counts(conn: Connection) -> str:
    from sqlalchemy import func, inspect, select, table

    counts = [
        (name, int(conn.execute(select(func.count()).select_from(table(name))).scalar() or 0))
        for name in inspect(conn).get_table_names()
    ]
    counts.sort(key=lambda c: (-c[1], c[0]))
    return ", ".join(f"{name} {count} rows" for name, count in counts[:BIGGEST_TABLES])


def check_audit(
    db: Database, *, full_rows: int = AUDIT_FULL_ROWS, sample: int = AUDIT_SAMPLE
) -> Finding:
    """Every chain walked whole up to `full_rows` audit rows in all; above, the newest
    `sample` rows of each chain and its head (the same verifier as `audit verify`)."""
    from sqlalchemy import func, select

    from dashboard_tui.db import audit_chain
    from dashboard_tui.db.roles import sees_every_audit_row
    from dashboard_tui.models.shared import AuditHead, AuditLog

    with audit_chain.snapshot_session(db) as session:
        if not sees_every_audit_row(session.connection()):
            return info(
                "audit",
                "not checked: row-level security hides the audit rows from this role",
                "run `dashboard-tui audit verify` with the owner's URL (see `db create-roles`)",
            )
        total = int(session.scalar(select(func.count()).select_from(AuditLog)) or 0)
        names = audit_chain.chains(session)
        sampled = total > full_rows
        reports = []
        for chain in names:
            after = 0
            if sampled:
                head = session.get(AuditHead, chain)
                after = max(0, (head.seq if head else 0) - sample)
            reports.append(audit_chain.verify_chain(session, chain, after=after))
        broken = [r for r in reports if not r.ok]
        if broken:
            first = broken[0]
            label = _chain_label(session, first.chain)
    if broken:
        where = f"seq {first.broken_at_seq}" if first.broken_at_seq is not None else "its head"
        others = f" ({len(broken) - 1} more chains broken)" if len(broken) > 1 else ""
        return fail(
            "audit",
            f"chain {label} is broken at {where}: {first.reason}{others}",
            "`dashboard-tui audit verify` lists every chain; the history was changed "
            "outside the app: find out who, or restore a backup from before",
        )
    if sampled:
        checked = sum(r.rows for r in reports)
        return ok(
            "audit",
            f"{_chains(len(names))} sampled: the newest {sample} rows of each and its head "
            f"({checked} of {total} rows; above {full_rows} rows the doctor samples)",
        )
    if not names:
        return ok("audit", "no audit rows yet")
    return ok("audit", f"{_chains(len(names))} verified whole ({total} rows)")


def _chains(count: int) -> str:
    return "1 chain" if count == 1 else f"{count} chains"


def _chain_label(session: Session, chain: str) -> str:
    """As `audit verify` names a chain: whose it is, then its id."""
    import uuid

    from sqlalchemy import select

    from dashboard_tui.db import audit_chain
    from dashboard_tui.models.auth import User

    if chain == audit_chain.SYSTEM_CHAIN:
        return f"system [{chain}]"
    try:
        email = session.scalar(select(User.email).where(User.id == uuid.UUID(chain)))
    except ValueError:
        email = None
    return f"{email or '(no user)'} [{chain}]"


def _guarded(name: str, check: Callable[[], Finding | None]) -> Finding | None:
    """A check that the database refused (a table missing, no privilege) is one line
    saying so, and the other checks still run."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return check()
    except SQLAlchemyError as exc:
        said = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:300]
        return fail(
            name,
            f"could not be checked: {said}",
            "fix what the database says (`dashboard-tui db status` shows the schema), "
            "then run the doctor again",
        )


# -- all of it -----------------------------------------------------------------------
def database_checks(db: Database, *, audit_full_rows: int = AUDIT_FULL_ROWS) -> Iterator[Finding]:
    """Reachable first; the rest only on a reachable database with a schema."""
    from dashboard_tui.db import migrate

    reachable = check_reachable(db)
    yield reachable
    if reachable.status is Status.FAIL:
        return
    checks: list[tuple[str, Callable[[], Finding | None]]] = [
        ("migrations", lambda: check_migrations(db)),
        ("role", lambda: check_role(db)),
        ("size", lambda: check_size(db)),
    ]
    if migrate.current_revision(db) is None:
        checks.append(("audit", lambda: info("audit", "not checked: no schema yet")))
    else:
        checks.append(("audit", lambda: check_audit(db, full_rows=audit_full_rows)))
    for name, check in checks:
        found = _guarded(name, check)
        if found is not None:
            yield found


@contextmanager
def _open(url: URL) -> Iterator[Database]:
    from dashboard_tui.db.engine import describe
    from dashboard_tui.db.uow import Database

    db = Database.from_url(read_only_url(url).render_as_string(hide_password=False))
    db.description = describe(url)  # the path as given, not the read-only URI
    try:
        yield db
    finally:
        db.dispose()


def diagnose(
    settings: Settings | None,
    config_path: Path,
    config_problems: Sequence[str],
    *,
    audit_full_rows: int = AUDIT_FULL_ROWS,
) -> Iterator[Finding]:
    """Every check, in the order a person fixes things: settings, files, keyring,
    then the database. Without settings (they have problems) the database is not
    looked at: which one is meant is not known."""
    from dashboard_tui.db.engine import DatabaseURLError, normalize_url, sqlite_file

    yield check_config(config_path, config_problems)
    if settings is None:
        yield info("database", "not checked until the settings have no problems")
        return
    try:
        url = normalize_url(settings.resolved_database_url)
    except DatabaseURLError as exc:
        yield fail("database", str(exc), f"correct the URL {WHERE_URL}")
        return
    file = check_database_file(url)
    if file is not None:
        yield file
    yield check_backups()
    yield check_login_file()
    yield check_keyring(settings.remember_insecurely)
    path = sqlite_file(url)
    if path is not None and not path.exists():
        yield info(
            "database",
            f"no database at {path} yet",
            "the app creates it at its first start (or `dashboard-tui db upgrade`)",
        )
        return
    with _open(url) as db:
        yield from database_checks(db, audit_full_rows=audit_full_rows)
