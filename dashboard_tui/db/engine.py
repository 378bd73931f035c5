"""URL → Engine, with the SQLite pragmas and PostgreSQL pool settings DESIGN.md §3 asks for."""

from __future__ import annotations

import contextlib
import shlex
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from dashboard_tui import paths

SQLITE_BUSY_TIMEOUT_MS = 10_000
# Files SQLite keeps beside the database; they hold its pages too.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


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


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL; None for an in-memory database or a file: URI."""
    if not is_sqlite(url) or not url.database or url.database == ":memory:":
        return None
    if url.query.get("uri"):
        return None
    return Path(url.database).expanduser()


# -- private files (DESIGN.md §4: the database is 0600 in a 0700 folder) --------------
# The database holds the password hashes. It is created 0600 before SQLite opens it,
# and SQLite then gives its -wal, -shm and -journal files the database file's own
# mode (os_unix.c, findCreateFileMode), so they are private too. A umask around the
# connection would not do: it is process-wide (connections open in worker threads
# while other threads write exports and backups), and SQLite makes the -wal and -shm
# files later than the connect, on the first write, outside any such window.
def prepare_sqlite_file(path: Path) -> None:
    """Make the database's folder (0700 when it is new). In the app's own data folder
    the database, its companions and the folders up to the data folder are tightened
    to 0600/0700: only the app puts files there, and an older version made them with
    the umask's mode, which nobody chose. Elsewhere the modes are the person's, who
    may have chosen them; sqlite_permission_warning says what is open."""
    paths.make_private_dir(path.parent)
    if not paths.in_data_dir(path):
        return
    for file in (path, *companions(path)):
        _tighten(file, paths.PRIVATE_FILE)
    root = paths.data_dir().resolve()
    folder = path.parent.resolve()
    while True:
        _tighten(folder, paths.PRIVATE_DIR)
        if folder == root or folder.parent == folder:
            break
        folder = folder.parent


def companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in SQLITE_COMPANIONS]


def _tighten(path: Path, mode: int) -> None:
    if paths.looser_than(path, mode) is not None:
        # Another user's file cannot be changed: the warning says so instead.
        with contextlib.suppress(OSError):
            path.chmod(mode)


# A folder others may only list keeps a 0600 file (and its 0600 -wal/-shm) private, so
# that alone is not worth a warning at every start; a folder others may write is: they
# could replace the database or plant a -wal file that SQLite would read.
FOLDER_OK = 0o755


def sqlite_permission_warning(url: URL) -> str | None:
    """One line when an existing SQLite database is open to other users (its file or
    companions looser than 0600, or its folder writable by others), else None."""
    problem = sqlite_permission_problem(url)
    return None if problem is None else f"{problem[0]}: run `{problem[1]}`"


def sqlite_permission_problem(url: URL) -> tuple[str, str] | None:
    """What of an existing SQLite database is open to other users, and the command
    that closes it; None when nothing is."""
    path = sqlite_file(url)
    if path is None or not path.exists():
        return None
    # SQLite gives the -wal and -shm files the database's mode: while the database is
    # open they share its mode, and fixing the database fixes the ones made next.
    files = [path] if paths.looser_than(path, paths.PRIVATE_FILE) else companions(path)
    loose = [
        (file, bits)
        for file in files
        if (bits := paths.looser_than(file, paths.PRIVATE_FILE)) is not None
    ]
    folder_bits = paths.looser_than(path.parent, FOLDER_OK)
    if not loose and folder_bits is None:
        return None
    said = [f"{file.name} has mode {bits:04o}" for file, bits in loose]
    fixes = []
    if loose:
        fixes.append("chmod 600 " + " ".join(shlex.quote(str(file)) for file, _ in loose))
    if folder_bits is not None:
        said.append(f"its folder has mode {folder_bits:04o}")
        fixes.append(f"chmod 700 {shlex.quote(str(path.parent))}")
    return (
        f"the database {path} is open to other users ({', '.join(said)}) and holds password hashes",
        " && ".join(fixes),
    )


def _create_private_on_connect(engine: Engine) -> None:
    @event.listens_for(engine, "do_connect")
    def _private(_dialect, _record, cargs, cparams) -> None:
        # Before every new connection, not once: the file may have been removed since
        # the engine was made. The driver is given the file name as its first argument.
        database = cargs[0] if cargs else cparams.get("database")
        if isinstance(database, str) and database != ":memory:" and not cparams.get("uri"):
            paths.create_private_file(Path(database))


def _install_sqlite_pragmas(engine: Engine, *, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy's "begin" event (below) issue BEGIN itself.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if not read_only:  # switching to WAL writes the header: refused on a mode=ro open
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
        path = sqlite_file(url)
        if path is not None:
            prepare_sqlite_file(path)
        engine = create_engine(
            url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )
        if path is not None:
            _create_private_on_connect(engine)
        _install_sqlite_pragmas(engine, read_only=url.query.get("mode") == "ro")
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
