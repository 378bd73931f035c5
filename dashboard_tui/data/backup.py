"""Whole-database backups and restores.

- SQLite: an online backup through SQLite's backup API on the app's own connection
  (one step, so the copy is one consistent snapshot even while the app writes; WAL
  lets writers go on meanwhile), `PRAGMA integrity_check` on the copy, then renamed
  into place. Restore checks the file first, refuses a target that has accounts
  unless forced, and a target that is open anywhere (it cannot leave WAL mode then);
  it writes through the backup API too, so the target changes in one step.
- PostgreSQL: `pg_dump -Fc` (connection from the URL, given through PG* environment
  variables so no password is on a command line), checked with `pg_restore --list`;
  restore is `pg_restore --clean --if-exists --single-transaction`. Without pg_dump
  (or with `portable=True`) a portable backup: a tar of one export document per
  person (services/transfer.py) plus a manifest; it restores into any engine.

Files are written private (0600) to a temporary name and renamed, so a backup path
either holds a complete, checked backup or nothing new."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TypedDict, cast

from sqlalchemy import ColumnElement, inspect, select, text
from sqlalchemy.engine import URL

from dashboard_tui import paths
from dashboard_tui.db import migrate
from dashboard_tui.db.audit_chain import NO_CLIENT, ClientInfo
from dashboard_tui.db.engine import describe, is_sqlite, normalize_url
from dashboard_tui.db.roles import whole_accounts_refused
from dashboard_tui.db.uow import Database
from dashboard_tui.kit.errors import ServiceError
from dashboard_tui.models.base import utcnow

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
PORTABLE_FORMAT = "dashboard-tui-backup"
PORTABLE_VERSION = 1
MANIFEST = "manifest.json"
# URL query parameters libpq also reads from the environment.
_LIBPQ_QUERY_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslpassword": "PGSSLPASSWORD",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class BackupError(ServiceError):
    """A backup or restore that could not be done; the message says why."""


class NeedsForce(BackupError):
    """Refused because it would replace something; --force says to go ahead."""


@dataclass(frozen=True)
class BackupResult:
    method: str  # "sqlite backup API", "pg_dump", "portable"
    source: str  # the database, described without secrets
    path: Path
    source_bytes: int | None  # SQLite file size (None for a server)
    bytes: int
    seconds: float
    detail: str  # what was checked / what it holds


class ManifestUser(TypedDict):
    """A person in a portable backup's manifest."""

    id: str
    email: str
    file: str  # their export document inside the tar
    rows: int


@dataclass(frozen=True)
class RestoreResult:
    method: str
    target: str
    path: Path
    bytes: int
    seconds: float
    detail: str
    kept: Path | None = None  # the replaced SQLite database, kept beside it


def _now_stamp(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S")


def default_backup_path(suffix: str, now: datetime | None = None) -> Path:
    return paths.data_dir() / "backups" / f"dashboard-{_now_stamp(now)}{suffix}"


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up or restore")
    return Path(url.database).expanduser().resolve()


def _target_path(path: Path | None, suffix: str, force: bool) -> Path:
    if path is None:
        target = default_backup_path(suffix)
        paths.ensure_private_dir(target.parent)
    else:
        target = path.expanduser()
        if target.is_dir():
            target = target / default_backup_path(suffix).name
    if target.exists() and not force:
        raise NeedsForce(f"{target} exists already: add --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


@contextmanager
def _private_temp(target: Path) -> Iterator[Path]:
    """A 0600 temporary file beside `target`, removed unless renamed onto it."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _integrity(conn: sqlite3.Connection) -> str | None:
    """None when `PRAGMA integrity_check` says ok, else its first complaint."""
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    return None if rows == [("ok",)] else str(rows[0][0])


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(migrate.script_location()))
    return {r.revision for r in scripts.walk_revisions()}


# Enough for every format's start: the SQLite and pg_dump magics, and a tar archive's
# first member header, behind the pax header Python writes before it (512 bytes of
# header and 512 of its data).
HEAD_BYTES = 4096
NOT_A_BACKUP = (
    "it does not start like a SQLite database, a pg_dump archive or a portable backup "
    f"(a tar file whose first member is its {MANIFEST})"
)


def _sniff(path: Path) -> str:
    """What kind of backup `path` is, from its first bytes alone: a file that is none
    of them is refused at once, whatever its size (reading on to find out took 95 s
    for 600 MB of zeros, which tarfile reads as an empty archive)."""
    try:
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
    except FileNotFoundError:
        raise BackupError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise BackupError(f"{path} is a folder, not a backup file") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "pg_dump"
    first = _first_tar_member(head)
    if first == MANIFEST:
        return "portable"
    if first is not None:
        raise BackupError(
            f"{path} is a tar file but not a dashboard-tui portable backup: its first "
            f"member is {first!r}, not {MANIFEST}"
        )
    what = ""
    if not head:
        what = " (it is empty)"
    elif not head.strip(b"\0"):
        what = f" (its first {len(head)} bytes are zeros)"
    raise BackupError(f"{path} is not a dashboard-tui backup{what}: {NOT_A_BACKUP}")


def _first_tar_member(head: bytes) -> str | None:
    """The name of the first member when `head` begins a plain tar archive (its header
    checksums right), else None."""
    try:
        with tarfile.open(fileobj=io.BytesIO(head), mode="r:") as tar:
            first = tar.next()
    except (tarfile.TarError, EOFError):
        return None
    return first.name if first is not None else None


# -- PostgreSQL tools ----------------------------------------------------------------
def libpq_env(url: URL) -> dict[str, str]:
    """The URL's connection parameters as PG* variables for pg_dump / pg_restore."""
    env = {"PGAPPNAME": "dashboard-tui backup"}
    for value, var in (
        (url.host, "PGHOST"),
        (url.port, "PGPORT"),
        (url.username, "PGUSER"),
        (url.password, "PGPASSWORD"),
        (url.database, "PGDATABASE"),
    ):
        if value:
            env[var] = str(value)
    query = dict(url.query)
    if query.get("host"):  # ?host=/run/postgresql (a socket folder)
        env["PGHOST"] = str(query["host"])
    for key, var in _LIBPQ_QUERY_ENV.items():
        if query.get(key):
            env[var] = str(query[key])
    return env


def _run_tool(args: list[str], url: URL, what: str) -> subprocess.CompletedProcess[str]:
    # Like the app's own connection (libpq reads PG* too), with the URL's values on top.
    env = {**os.environ, **libpq_env(url)}
    exe = shutil.which(args[0])
    if exe is None:
        raise BackupError(f"{args[0]} is not installed (it comes with the PostgreSQL client)")
    # A fixed program; the arguments are paths and names of ours, never a shell line.
    proc = subprocess.run(  # noqa: S603
        [exe, *args[1:]], env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
        first = next((ln for ln in lines if "error" in ln.lower()), lines[0] if lines else "")
        hint = ""
        if "row-level security" in proc.stderr:
            hint = (
                " (pg_dump must run as a role that bypasses row-level security: the "
                "owner role or a superuser)"
            )
        raise BackupError(f"{what} failed: {first.strip()[:300]}{hint}")
    return proc


def _pg_tool(name: str) -> str | None:
    return shutil.which(name)


# -- backup --------------------------------------------------------------------------
class BackupService:
    def __init__(
        self,
        url: str,
        *,
        clock: Callable[[], datetime] = utcnow,
        client: ClientInfo = NO_CLIENT,
    ) -> None:
        self.url = normalize_url(url)
        self.raw_url = url
        self.clock = clock
        self.client = client

    @property
    def description(self) -> str:
        return describe(self.url)

    def backup(
        self, path: Path | None = None, *, force: bool = False, portable: bool = False
    ) -> BackupResult:
        if is_sqlite(self.url):
            if portable:
                return self._backup_portable(path, force)
            return self._backup_sqlite(path, force)
        if portable or _pg_tool("pg_dump") is None:
            return self._backup_portable(path, force)
        db = Database.from_url(self.raw_url)
        try:
            refused = whole_accounts_refused(db, "a backup")
        finally:
            db.dispose()
        if refused:
            raise BackupError(refused)
        return self._backup_pg_dump(path, force)

    def _backup_sqlite(self, path: Path | None, force: bool) -> BackupResult:
        source = _sqlite_path(self.url)
        if not source.is_file():
            raise BackupError(f"no database at {source}: nothing to back up")
        target = _target_path(path, ".sqlite3", force)
        if target.resolve() == source:
            raise BackupError("the backup path is the database itself")
        started = time.perf_counter()
        db = Database.from_url(self.raw_url)  # the app's pragmas: WAL, busy_timeout
        try:
            with _private_temp(target) as tmp:
                raw = db.engine.raw_connection()
                try:
                    # A SQLite URL: the driver's connection is sqlite3's (typed Any | None).
                    src = cast(sqlite3.Connection, raw.driver_connection)
                    dst = sqlite3.connect(tmp)
                    try:
                        # pages=-1: all pages in one step under one read transaction, so
                        # the copy is a single point in time; writers carry on (WAL).
                        src.backup(dst, pages=-1)
                        # One self-contained file (no -wal beside it when copied).
                        dst.execute("PRAGMA journal_mode=DELETE")
                        problem = _integrity(dst)
                        users = _count_users(dst)
                    finally:
                        dst.close()
                finally:
                    raw.close()
                if problem:
                    raise BackupError(f"the copy failed integrity_check: {problem}")
                _fsync(tmp)
                os.replace(tmp, target)
        finally:
            db.dispose()
        return BackupResult(
            "sqlite backup API",
            self.description,
            target,
            source.stat().st_size,
            target.stat().st_size,
            time.perf_counter() - started,
            f"integrity_check ok; {users} account(s)",
        )

    def _backup_pg_dump(self, path: Path | None, force: bool) -> BackupResult:
        target = _target_path(path, ".dump", force)
        started = time.perf_counter()
        with _private_temp(target) as tmp:
            _run_tool(
                ["pg_dump", "--format=custom", "--no-password", f"--file={tmp}"],
                self.url,
                "pg_dump",
            )
            listing = _run_tool(["pg_restore", "--list", str(tmp)], self.url, "pg_restore --list")
            entries = sum(1 for ln in listing.stdout.splitlines() if ln and not ln.startswith(";"))
            _fsync(tmp)
            os.replace(tmp, target)
        return BackupResult(
            "pg_dump",
            self.description,
            target,
            None,
            target.stat().st_size,
            time.perf_counter() - started,
            f"custom format, {entries} archive entries (pg_restore --list ok)",
        )

    def _backup_portable(self, path: Path | None, force: bool) -> BackupResult:
        from dashboard_tui.data.transfer import snapshot_session, write_export
        from dashboard_tui.db import audit_chain
        from dashboard_tui.models import all_metadata

        target = _target_path(path, ".tar", force)
        started = time.perf_counter()
        db = Database.from_url(self.raw_url)
        if refused := whole_accounts_refused(db, "a portable backup"):
            db.dispose()
            raise BackupError(refused)
        users_table = all_metadata().tables["users"]
        # A Table's columns are untyped: these say what the rows below hold.
        user_ids: ColumnElement[uuid.UUID] = users_table.c.id
        emails: ColumnElement[str] = users_table.c.email
        try:
            revision = migrate.current_revision(db)
            if revision is None:
                raise BackupError(f"{self.description} has no dashboard-tui schema")
            created_at = self.clock()
            manifest_users: list[ManifestUser] = []
            with tempfile.TemporaryDirectory(prefix="dashboard-backup-") as work:
                work_dir = Path(work)
                # One snapshot for everyone: the people are consistent with each other.
                with snapshot_session(db, None) as session:
                    people = session.execute(
                        select(user_ids, emails).order_by(users_table.c.created_at, user_ids)
                    ).all()
                    for user_id, email in people:
                        name = f"users/{user_id}.json"
                        with (work_dir / f"{user_id}.json").open(
                            "w", encoding="utf-8", newline="\n"
                        ) as out:
                            counts = write_export(
                                session,
                                user_id,
                                out,
                                exported_at=created_at,
                                schema_revision=revision,
                            )
                        manifest_users.append(
                            {
                                "id": str(user_id),
                                "email": email,
                                "file": name,
                                "rows": sum(counts.values()),
                            }
                        )
                manifest = {
                    "format": PORTABLE_FORMAT,
                    "version": PORTABLE_VERSION,
                    "created_at": created_at.isoformat(),
                    "schema_revision": revision,
                    "source": self.description,
                    "users": manifest_users,
                    "not_included": [
                        "login sessions",
                        "verification tokens",
                        "API keys",
                        "the system audit chain (failed logins of unknown emails)",
                    ],
                }
                (work_dir / MANIFEST).write_text(json.dumps(manifest, indent=1), "utf-8")
                with _private_temp(target) as tmp:
                    with tarfile.open(tmp, "w") as tar:
                        tar.add(work_dir / MANIFEST, arcname=MANIFEST)
                        for entry in manifest_users:
                            tar.add(work_dir / f"{entry['id']}.json", arcname=entry["file"])
                    _fsync(tmp)
                    os.replace(tmp, target)
            for entry in manifest_users:
                uid = uuid.UUID(entry["id"])

                def record(session, uid=uid) -> None:
                    audit_chain.record(
                        session,
                        action="data.exported",
                        at=self.clock(),
                        client=self.client,
                        user_id=uid,
                        entity="user",
                        entity_id=uid,
                        after={"backup": "portable", "schema_revision": revision},
                    )

                db.run(record, user_id=uid)
        finally:
            db.dispose()
        rows = sum(e["rows"] for e in manifest_users)
        return BackupResult(
            "portable",
            self.description,
            target,
            None,
            target.stat().st_size,
            time.perf_counter() - started,
            f"{len(manifest_users)} account(s), {rows} rows (export documents in a tar)",
        )

    # -- restore -------------------------------------------------------------------------
    def restore(self, path: Path, *, force: bool = False) -> RestoreResult:
        path = path.expanduser()
        kind = _sniff(path)
        target_sqlite = is_sqlite(self.url)
        if kind == "portable":
            return self._restore_portable(path)
        if kind == "sqlite" and not target_sqlite:
            raise BackupError(
                f"{path} is a SQLite backup and the target is PostgreSQL: move data between "
                "engines with `dashboard-tui export` and `import`"
            )
        if kind == "pg_dump" and target_sqlite:
            raise BackupError(
                f"{path} is a PostgreSQL (pg_dump) backup and the target is SQLite: move "
                "data between engines with `dashboard-tui export` and `import`"
            )
        if kind == "sqlite":
            return self._restore_sqlite(path, force)
        return self._restore_pg(path, force)

    def _restore_sqlite(self, path: Path, force: bool) -> RestoreResult:
        target = _sqlite_path(self.url)
        if target == path.resolve():
            raise BackupError("the backup is the database itself")
        started = time.perf_counter()
        src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        kept = None
        try:
            try:
                problem = _integrity(src)
            except sqlite3.DatabaseError as exc:
                raise BackupError(f"{path} is damaged: {exc}") from None
            if problem:
                raise BackupError(f"{path} failed integrity_check: {problem}; nothing was changed")
            revision = _sqlite_revision(src)
            if revision is None:
                raise BackupError(f"{path} is a SQLite file without a dashboard-tui schema")
            if revision not in _known_revisions():
                raise BackupError(
                    f"{path} comes from a newer dashboard-tui (schema revision {revision!r} is "
                    "unknown to this version): upgrade dashboard-tui"
                )
            users = _count_users(src)
            if target.exists():
                dst = sqlite3.connect(target, timeout=1.0, isolation_level=None)
                try:
                    existing = _count_users(dst)
                    if existing and not force:
                        raise NeedsForce(
                            f"{target} has {existing} account(s): restoring replaces all of "
                            "it; add --force to go ahead (it is kept beside it first)"
                        )
                    _take_exclusive(dst, target)
                    if existing:
                        kept = target.with_name(f"{target.name}.before-restore-{_now_stamp()}")
                        paths.create_private_file(kept)  # private before anything is in it
                        keep = sqlite3.connect(kept)
                        try:
                            dst.backup(keep)
                        finally:
                            keep.close()
                        kept.chmod(0o600)
                    src.backup(dst, pages=-1)
                    problem = _integrity(dst)
                finally:
                    dst.close()
            else:
                # Private before anything is in it, like the app's own database (db/engine.py).
                paths.make_private_dir(target.parent)
                paths.create_private_file(target)
                dst = sqlite3.connect(target)
                try:
                    src.backup(dst, pages=-1)
                    problem = _integrity(dst)
                finally:
                    dst.close()
            if problem:  # pragma: no cover - the source passed the same check
                raise BackupError(f"the restored database failed integrity_check: {problem}")
        finally:
            src.close()
        return RestoreResult(
            "sqlite backup API",
            self.description,
            path,
            path.stat().st_size,
            time.perf_counter() - started,
            f"integrity_check ok; {users} account(s); schema {revision}",
            kept,
        )

    def _restore_pg(self, path: Path, force: bool) -> RestoreResult:
        if _pg_tool("pg_restore") is None:
            raise BackupError("pg_restore is not installed (it comes with the PostgreSQL client)")
        started = time.perf_counter()
        listing = _run_tool(["pg_restore", "--list", str(path)], self.url, "pg_restore --list")
        if "alembic_version" not in listing.stdout:
            raise BackupError(f"{path} is a pg_dump archive without a dashboard-tui schema")
        db = Database.from_url(self.raw_url)
        try:
            db.ping()
            with db.engine.connect() as conn:
                tables = inspect(conn).get_table_names()
                others = conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).scalar()
        finally:
            db.dispose()
        if tables and not force:
            raise NeedsForce(
                f"{self.description} has {len(tables)} table(s): restoring drops and replaces "
                "them; add --force to go ahead"
            )
        if others:
            raise BackupError(
                f"{self.description} is in use ({others} other connection(s)): close the app "
                "and other clients, then restore again"
            )
        _run_tool(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                f"--dbname={self.url.database}",
                str(path),
            ],
            self.url,
            "pg_restore",
        )
        db = Database.from_url(self.raw_url)
        try:
            revision = migrate.current_revision(db)
            with db.engine.connect() as conn:
                users = conn.execute(text("SELECT count(*) FROM users")).scalar()
        finally:
            db.dispose()
        return RestoreResult(
            "pg_restore",
            self.description,
            path,
            path.stat().st_size,
            time.perf_counter() - started,
            f"{users} account(s); schema {revision}",
        )

    def _restore_portable(self, path: Path) -> RestoreResult:
        from dashboard_tui.account.repository import UserDirectory
        from dashboard_tui.data.transfer import MAX_IMPORT_BYTES, TransferService

        started = time.perf_counter()
        try:
            # Plain tar, as backup writes it and _sniff found: no compression to try.
            with tarfile.open(path, "r:") as tar:
                manifest = _read_manifest(tar, path)
                members = []
                for entry in manifest["users"]:
                    name = entry.get("file") if isinstance(entry, dict) else None
                    try:
                        info = tar.getmember(name) if isinstance(name, str) else None
                    except KeyError:
                        info = None
                    if info is None or not info.isfile():
                        raise BackupError(f"{path}: the export {name!r} is missing")
                    if info.size > MAX_IMPORT_BYTES:
                        raise BackupError(f"{path}: {info.name} is over the import size limit")
                    members.append((info.name, _member_opener(tar, info)))
                db = Database.from_url(self.raw_url)
                try:
                    db.ping()
                    migrate.ensure_current(db)
                    if refused := whole_accounts_refused(db, "restoring a portable backup"):
                        raise BackupError(refused)
                    existing = db.run(lambda s: UserDirectory(s).count(), read_only=True)
                    if existing:
                        raise BackupError(
                            f"{self.description} has {existing} account(s): a portable backup "
                            "restores only into a database without accounts"
                        )
                    service = TransferService(db, clock=self.clock, client=self.client)
                    results = service.import_streams(members)
                finally:
                    db.dispose()
        except tarfile.TarError as exc:
            raise BackupError(f"{path} is not a readable backup: {exc}") from None
        rows = sum(r.total_rows for r in results)
        return RestoreResult(
            "portable",
            self.description,
            path,
            path.stat().st_size,
            time.perf_counter() - started,
            f"{len(results)} account(s), {rows} rows imported in one transaction",
        )


def _member_opener(tar: tarfile.TarFile, info: tarfile.TarInfo) -> Callable[[], IO[bytes]]:
    def opener() -> IO[bytes]:
        f = tar.extractfile(info)
        assert f is not None
        return f

    return opener


def _read_manifest(tar: tarfile.TarFile, path: Path) -> dict:
    first = tar.next()  # the manifest: _sniff checked that it comes first
    f = tar.extractfile(first) if first is not None and first.name == MANIFEST else None
    if f is None:
        raise BackupError(f"{path} is a tar file without a dashboard-tui manifest")
    try:
        manifest = json.loads(f.read(1 << 20))
    except (ValueError, UnicodeDecodeError):
        raise BackupError(f"{path}: the manifest is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != PORTABLE_FORMAT:
        raise BackupError(f"{path} is not a dashboard-tui portable backup")
    if manifest.get("version") != PORTABLE_VERSION:
        raise BackupError(
            f"{path}: portable backup version {manifest.get('version')!r} is not supported"
        )
    if not isinstance(manifest.get("users"), list):
        raise BackupError(f"{path}: the manifest lists no users")
    return manifest


def _sqlite_revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def _count_users(conn: sqlite3.Connection) -> int:
    try:
        return int(conn.execute("SELECT count(*) FROM users").fetchone()[0])
    except sqlite3.OperationalError:  # no users table: not (yet) a dashboard database
        return 0


def _take_exclusive(conn: sqlite3.Connection, target: Path) -> None:
    """Refuse a database that any connection has open: leaving WAL mode needs the
    only connection (and checkpoints the WAL into the file, so none is left over)."""
    try:
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError:
        mode = None
    if mode != "delete":
        raise BackupError(
            f"{target} is in use (the app or another dashboard-tui command has it open): "
            "close it, then restore again"
        )
