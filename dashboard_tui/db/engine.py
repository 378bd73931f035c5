"""URL → Engine, with the SQLite pragmas and PostgreSQL pool settings DESIGN.md §3 asks for."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

SQLITE_BUSY_TIMEOUT_MS = 10_000


class DatabaseURLError(ValueError):
    """The database URL cannot be used; the message is meant for a person."""


def normalize_url(raw: str) -> URL:
    """Parse a URL; bare `postgres://` / `postgresql://` mean psycopg 3."""
    try:
        url = make_url(raw.strip())
    except ArgumentError:
        raise DatabaseURLError(
            "not a database URL (expected sqlite:///PATH or postgresql+psycopg://USER@HOST/DB)"
        ) from None
    if url.drivername in {"postgres", "postgresql"}:
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername not in {"sqlite", "sqlite+pysqlite", "postgresql+psycopg"}:
        raise DatabaseURLError(
            f"unsupported database {url.drivername!r}: use sqlite or postgresql+psycopg"
        )
    return url


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def describe(url: URL) -> str:
    """A short, secret-free name for the header and `db status`."""
    if is_sqlite(url):
        return f"SQLite {url.database or ':memory:'}"
    port = f":{url.port}" if url.port else ""
    return f"PostgreSQL {url.username or ''}@{url.host or 'localhost'}{port}/{url.database or ''}"


def _install_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy's "begin" event (below) issue BEGIN itself.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # Writers take the lock up front, so two writers never deadlock on upgrade
        # (SQLITE_BUSY is then waited out by busy_timeout). Reads may stay deferred.
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")


# PostgreSQL's default random_page_cost (4) prices an index lookup for spinning
# disks: it then hashes all of a person's 200,000 sets to total 50 workouts (40 ms,
# growing with the history) where index lookups take 8 ms. 1.1 is the usual setting
# for SSDs; set per session, so the server's configuration is left alone.
PG_SESSION_OPTIONS = "-c random_page_cost=1.1"


def make_engine(raw_url: str, *, echo: bool = False) -> Engine:
    url = normalize_url(raw_url)
    if is_sqlite(url):
        if url.database and url.database != ":memory:":
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )
        _install_sqlite_pragmas(engine)
        return engine
    return create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        connect_args={
            "connect_timeout": 5,
            "application_name": "dashboard-tui",
            "options": PG_SESSION_OPTIONS,
        },
    )
