"""Backups and restores of the whole database, through the CLI, on both engines:
SQLite's online backup stays consistent while the app writes; restore checks the
file, never replaces a database with accounts (or tables) without --force, and
refuses a database that is in use. PostgreSQL uses pg_dump / pg_restore, or the
portable backup (one export document per person) when pg_dump is not there."""

from __future__ import annotations

import re
import shutil
import sqlite3
import tarfile
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from dashboard_tui.data.backup import libpq_env
from dashboard_tui.data.transfer import exported_tables
from dashboard_tui.db import audit_chain
from dashboard_tui.db.uow import Database
from dashboard_tui.models.shared import Notification
from tests.conftest import PASSWORD, fresh_url
from tests.db.test_transfer import counts, seed_everything

needs_pg_dump = pytest.mark.skipif(
    shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
    reason="pg_dump / pg_restore are not installed",
)
SIZE = re.compile(r"\(\d+\.\d (KiB|MiB)\)")
TIME = re.compile(r"in \d+\.\d\d s")


@pytest.fixture
def cli(passwords, capsys):
    def call(*argv: str, url: str) -> tuple[int, str, str]:
        code = main_([*argv, "--database-url", url], passwords)
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    return call


def main_(argv: list[str], passwords) -> int:
    from dashboard_tui.cli import main

    return main(argv, passwords=passwords)


def emails(url: str) -> list[str]:
    db = Database.from_url(url)
    try:
        with db.engine.connect() as conn:
            return sorted(conn.execute(text("SELECT email FROM users")).scalars())
    finally:
        db.dispose()


def roles(url: str) -> list[str]:
    db = Database.from_url(url)
    try:
        with db.engine.connect() as conn:
            return [r for (r,) in conn.execute(text("SELECT role FROM users ORDER BY email"))]
    finally:
        db.dispose()


def sqlite_file(url: str) -> Path:
    return Path(make_url(url).database)


# -- SQLite: online backup ------------------------------------------------------------
@pytest.mark.parametrize("engine_name", ["sqlite"])
def test_sqlite_backup_is_consistent_while_the_app_writes(
    db, db_url, make_user, cli, tmp_path
) -> None:
    """A writer commits numbered rows without pause, each in its own unit of work,
    while three backups run. Each copy passes integrity_check and holds an unbroken
    prefix of the numbers that includes every row committed before it started."""
    ana = make_user("Ana")
    filler = [
        {"user_id": ana.user.id, "title": f"filler {i}", "body": "x" * 200} for i in range(20_000)
    ]
    with db.engine.begin() as conn:  # a few MiB, so a backup takes a moment
        conn.execute(insert(Notification), filler)

    committed = 0
    errors: list[BaseException] = []
    stop = threading.Event()

    def writer() -> None:
        nonlocal committed
        own = Database.from_url(db_url)
        try:
            i = 0
            while not stop.is_set():
                own.run(
                    lambda s, i=i: s.add(Notification(user_id=ana.user.id, title=f"tick {i:06d}")),
                    user_id=ana.user.id,
                )
                i += 1
                committed = i
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            own.dispose()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = []
        for n in range(3):
            while committed < 20 * (n + 1):
                time.sleep(0.005)
            before = committed
            path = tmp_path / f"copy{n}.sqlite3"
            code, out, err = cli("backup", str(path), url=db_url)
            assert code == 0, err
            copies.append((path, before))
    finally:
        stop.set()
        thread.join(30)
    assert not errors, errors
    assert "integrity_check ok" in out and SIZE.search(out) and TIME.search(out)
    for path, before in copies:
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
            ticks = sorted(
                int(t[5:])
                for (t,) in conn.execute(
                    "SELECT title FROM notifications WHERE title LIKE 'tick %'"
                )
            )
            assert conn.execute(
                "SELECT count(*) FROM notifications WHERE title LIKE 'filler %'"
            ).fetchone() == (20_000,)
        finally:
            conn.close()
        assert ticks == list(range(len(ticks))), "a gap: the copy is not one point in time"
        assert len(ticks) >= before
        assert path.stat().st_mode & 0o077 == 0
        assert not Path(f"{path}-wal").exists()
    assert committed > copies[-1][1]  # the writer kept going the whole time


@pytest.mark.parametrize("engine_name", ["sqlite"])
def test_sqlite_backup_never_overwrites_without_force(db_url, make_user, cli, tmp_path) -> None:
    make_user("Ana")
    path = tmp_path / "b.sqlite3"
    path.write_bytes(b"keep")
    code, _, err = cli("backup", str(path), url=db_url)
    assert code == 2 and "exists already: add --force" in err
    assert path.read_bytes() == b"keep"
    assert cli("backup", str(path), "--force", url=db_url)[0] == 0
    assert emails(f"sqlite:///{path}") == ["ana@example.com"]
    assert not list(tmp_path.glob(".*partial"))


@pytest.mark.parametrize("engine_name", ["sqlite"])
def test_sqlite_backup_default_path(db_url, make_user, cli, tmp_path) -> None:
    make_user("Ana")
    code, out, _ = cli("backup", url=db_url)
    assert code == 0
    (made,) = (tmp_path / "data" / "backups").glob("dashboard-*.sqlite3")
    assert re.fullmatch(r"dashboard-\d{8}-\d{6}\.sqlite3", made.name)
    assert str(made) in out
    # A folder as PATH gets the default name inside it.
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    assert cli("backup", str(folder), url=db_url)[0] == 0
    assert len(list(folder.glob("dashboard-*.sqlite3"))) == 1


def test_backup_of_a_missing_sqlite_file(cli, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'none.sqlite3'}"
    code, _, err = cli("backup", str(tmp_path / "b.sqlite3"), url=url)
    assert code == 1 and "no database at" in err
    assert not (tmp_path / "none.sqlite3").exists()  # not created by asking


# -- SQLite: restore ----------------------------------------------------------------
@pytest.mark.parametrize("engine_name", ["sqlite"])
def test_sqlite_restore_needs_force_and_keeps_what_it_replaced(
    db, db_url, make_user, cli, tmp_path
) -> None:
    make_user("Ana")
    backup = tmp_path / "b.sqlite3"
    assert cli("backup", str(backup), url=db_url)[0] == 0
    make_user("Ben")  # after the backup
    db.dispose()  # the test's own pool must not hold the file open
    before = emails(db_url)

    code, out, err = cli("restore", str(backup), url=db_url)
    assert code == 2 and "has 2 account(s)" in err and "--force" in err
    assert emails(db_url) == before == ["ana@example.com", "ben@example.com"]

    code, out, err = cli("restore", str(backup), "--force", url=db_url)
    assert code == 0, err
    assert "integrity_check ok" in out and SIZE.search(out) and TIME.search(out)
    assert emails(db_url) == ["ana@example.com"]
    (kept,) = tmp_path.glob("test.sqlite3.before-restore-*")
    assert str(kept) in out
    assert emails(f"sqlite:///{kept}") == ["ana@example.com", "ben@example.com"]
    assert kept.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("engine_name", ["sqlite"])
def test_sqlite_restore_refuses_a_database_in_use(db, db_url, make_user, cli, tmp_path) -> None:
    make_user("Ana")
    backup = tmp_path / "b.sqlite3"
    assert cli("backup", str(backup), url=db_url)[0] == 0
    make_user("Ben")
    with db.engine.connect() as conn:  # the app, still open
        conn.execute(text("SELECT 1"))
        code, _, err = cli("restore", str(backup), "--force", url=db_url)
    assert code == 1 and "is in use" in err and "close it" in err
    db.dispose()
    assert emails(db_url) == ["ana@example.com", "ben@example.com"]


@pytest.mark.parametrize("engine_name", ["sqlite"])
def test_sqlite_restore_checks_the_file_first(db, db_url, make_user, cli, tmp_path) -> None:
    make_user("Ana")
    backup = tmp_path / "b.sqlite3"
    assert cli("backup", str(backup), url=db_url)[0] == 0
    db.dispose()
    target = tmp_path / "target.sqlite3"
    target_url = f"sqlite:///{target}"

    damaged = tmp_path / "damaged.sqlite3"
    data = bytearray(backup.read_bytes())
    page = 4096
    data[page * 2 : page * 6] = b"\xa5" * (page * 4)  # wreck a few b-tree pages
    damaged.write_bytes(bytes(data))
    code, _, err = cli("restore", str(damaged), url=target_url)
    assert code == 1 and ("integrity_check" in err or "damaged" in err), err
    assert not target.exists()

    newer = tmp_path / "newer.sqlite3"
    shutil.copyfile(backup, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999_future'")
    conn.close()
    code, _, err = cli("restore", str(newer), url=target_url)
    assert code == 1 and "newer dashboard-tui" in err
    assert not target.exists()

    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"hello, not a backup")
    code, _, err = cli("restore", str(junk), url=target_url)
    assert code == 1 and "not a dashboard-tui backup" in err
    code, _, err = cli("restore", str(tmp_path / "missing"), url=target_url)
    assert code == 1 and "no such file" in err
    assert not target.exists()

    # And a good one into a database that does not exist yet.
    code, out, err = cli("restore", str(backup), url=target_url)
    assert code == 0, err
    assert emails(target_url) == ["ana@example.com"]


# -- PostgreSQL: pg_dump / pg_restore --------------------------------------------------
@needs_pg_dump
@pytest.mark.parametrize("engine_name", ["postgresql"])
def test_pg_dump_backup_and_restore(
    db, db_url, make_user, cli, tmp_path, request, engine_name
) -> None:
    ana = make_user("Ana")
    seed_everything(db, ana.user.id)
    source_counts = counts(db)
    backup = tmp_path / "b.dump"
    code, out, err = cli("backup", str(backup), url=db_url)
    assert code == 0, err
    assert "pg_dump" in out and "pg_restore --list ok" in out and TIME.search(out)
    assert backup.read_bytes()[:5] == b"PGDMP" and backup.stat().st_mode & 0o077 == 0
    code, _, err = cli("backup", str(backup), url=db_url)
    assert code == 2 and "--force" in err

    target = fresh_url(engine_name, tmp_path, request)
    code, out, err = cli("restore", str(backup), url=target)
    assert code == 0, err
    assert "pg_restore" in out and "1 account(s)" in out
    restored = Database.from_url(target)
    try:
        assert counts(restored) == source_counts
        with restored.transaction(read_only=True) as s:
            assert audit_chain.verify_chain(s, str(ana.user.id)).ok
        with restored.engine.begin() as conn:  # something to lose
            conn.execute(text("DELETE FROM workouts"))
    finally:
        restored.dispose()

    code, _, err = cli("restore", str(backup), url=target)
    assert code == 2 and "table(s)" in err and "--force" in err
    assert counts_of(target)["workouts"] == 0

    holder = Database.from_url(target)
    try:
        with holder.engine.connect() as conn:  # someone still connected
            conn.execute(text("SELECT 1"))
            code, _, err = cli("restore", str(backup), "--force", url=target)
        assert code == 1 and "is in use" in err
    finally:
        holder.dispose()

    code, out, err = cli("restore", str(backup), "--force", url=target)
    assert code == 0, err
    assert counts_of(target) == source_counts


def counts_of(url: str) -> dict[str, int]:
    db = Database.from_url(url)
    try:
        return counts(db)
    finally:
        db.dispose()


@pytest.mark.parametrize("engine_name", ["postgresql"])
def test_without_pg_dump_the_backup_is_portable(
    db, db_url, make_user, cli, tmp_path, request, monkeypatch
) -> None:
    ana, ben = make_user("Ana"), make_user("Ben")
    seed_everything(db, ana.user.id)
    seed_everything(db, ben.user.id)
    with db.engine.begin() as conn:  # a second admin: a restore keeps roles as they were
        conn.execute(text("UPDATE users SET role = 'admin'"))
    before = counts(db)
    empty_path = tmp_path / "empty-path"
    empty_path.mkdir()
    monkeypatch.setenv("PATH", str(empty_path))  # no pg_dump to be found
    code, out, err = cli("backup", url=db_url)
    assert code == 0, err
    assert "with portable: 2 account(s)" in out
    (made,) = (tmp_path / "data" / "backups").glob("dashboard-*.tar")
    monkeypatch.undo()

    for engine in ("sqlite", "postgresql"):
        target = fresh_url(engine, tmp_path, request)
        code, out, err = cli("restore", str(made), url=target)
        assert code == 0, err
        assert "2 account(s)" in out and "one transaction" in out
        after = counts_of(target)
        for table in exported_tables():
            if table.name not in {"audit_logs", "audit_heads"}:
                assert after[table.name] == before[table.name], (engine, table.name)
        assert after["sessions"] == 0 and after["verification_tokens"] == 0
        assert emails(target) == ["ana@example.com", "ben@example.com"]
        assert roles(target) == ["admin", "admin"]
        restored = Database.from_url(target)
        try:
            with restored.transaction(read_only=True) as s:
                for person in (ana, ben):
                    assert audit_chain.verify_chain(s, str(person.user.id)).ok
        finally:
            restored.dispose()
        # Into a database with accounts: refused, nothing changes.
        code, _, err = cli("restore", str(made), "--force", url=target)
        assert code == 1 and "without accounts" in err
        assert counts_of(target) == after


def test_sqlite_portable_backup_restores_on_postgresql(
    make_user, db, db_url, engine_name, cli, tmp_path, request
) -> None:
    ana = make_user("Ana")
    seed_everything(db, ana.user.id)
    path = tmp_path / "all.tar"
    code, out, err = cli("backup", str(path), "--portable", url=db_url)
    assert code == 0, err
    other = "postgresql" if engine_name == "sqlite" else "sqlite"
    target = fresh_url(other, tmp_path, request)
    code, out, err = cli("restore", str(path), url=target)
    assert code == 0, err
    assert emails(target) == ["ana@example.com"]


@needs_pg_dump
def test_restore_across_engines_is_refused(
    make_user, db_url, engine_name, cli, tmp_path, request
) -> None:
    make_user("Ana")
    suffix = ".sqlite3" if engine_name == "sqlite" else ".dump"
    backup = tmp_path / f"b{suffix}"
    assert cli("backup", str(backup), url=db_url)[0] == 0
    other = "postgresql" if engine_name == "sqlite" else "sqlite"
    target = fresh_url(other, tmp_path, request)
    code, _, err = cli("restore", str(backup), "--force", url=target)
    assert code == 1 and "export` and `import" in err


@needs_pg_dump
def test_a_backup_needs_a_role_that_bypasses_row_level_security(
    role_db, passwords, clock, cli, tmp_path
) -> None:
    """As the app role (held by RLS) a backup cannot see every account, and knowing
    their ids no longer lets it read them one by one (migration 0007): pg_dump and
    the portable backup both refuse with a hint and write nothing. The owner role
    (BYPASSRLS) backs up either way."""
    auth = role_db.auth(passwords, clock)
    ana = auth.register("Ana", "ana@example.com", PASSWORD, PASSWORD).login
    seed_everything(role_db.owner, ana.user.id)
    code, _, err = cli("backup", str(tmp_path / "app.dump"), url=role_db.app_url)
    assert code == 1 and "owner's database URL" in err
    code, _, err = cli("backup", str(tmp_path / "app.tar"), "--portable", url=role_db.app_url)
    assert code == 1 and "owner's database URL" in err
    assert not list(tmp_path.glob("app.*")) and not list(tmp_path.glob(".*partial"))
    code, out, err = cli("backup", str(tmp_path / "owner.dump"), url=role_db.owner_url)
    assert code == 0, err
    code, out, err = cli("backup", str(tmp_path / "owner.tar"), "--portable", url=role_db.owner_url)
    assert code == 0 and "1 account(s)" in out, err
    target = Database.from_url(role_db.superuser_url)
    try:
        with target.transaction(read_only=True) as s:
            assert audit_chain.verify_chain(s, str(ana.user.id)).ok
    finally:
        target.dispose()


def test_pg_tools_get_the_password_through_the_environment() -> None:
    url = make_url("postgresql+psycopg://me:s3cret@db.example:6543/dash?sslmode=require")
    env = libpq_env(url)
    assert env["PGPASSWORD"] == "s3cret" and env["PGHOST"] == "db.example"
    assert (env["PGPORT"], env["PGUSER"], env["PGDATABASE"]) == ("6543", "me", "dash")
    assert env["PGSSLMODE"] == "require"
    socket = libpq_env(make_url("postgresql+psycopg://me@/dash?host=/run/postgresql"))
    assert socket["PGHOST"] == "/run/postgresql" and "PGPASSWORD" not in socket


# -- a restore decides from the file's first bytes ------------------------------------------
SIX_HUNDRED_MIB = 600 * 1024 * 1024


def sparse(path: Path, head: bytes = b"") -> Path:
    """A 600 MiB file that costs no disk: `head`, then a hole that reads as zeros."""
    with path.open("wb") as f:
        f.write(head)
        f.truncate(SIX_HUNDRED_MIB)
    return path


def test_restore_refuses_what_does_not_start_like_a_backup(
    make_user, db, db_url, engine_name, cli, tmp_path, request
) -> None:
    """600 MiB of zeros was refused only after 95 s (tarfile read it all as an empty
    archive). The kind of backup is now told from the first bytes alone: a file whose
    head is wrong is refused even when the rest would restore, and one whose head is
    right is read on, however big it is."""
    make_user("Ana")
    before = counts(db)
    zeros = sparse(tmp_path / "zeros.bin")
    code, out, err = cli("restore", str(zeros), "--force", url=db_url)
    assert (code, out) == (1, "")
    assert err.strip() == (
        f"dashboard-tui: {zeros} is not a dashboard-tui backup (its first 4096 bytes are "
        "zeros): it does not start like a SQLite database, a pg_dump archive or a portable "
        "backup (a tar file whose first member is its manifest.json)"
    )
    assert counts(db) == before

    # Everything of a portable backup, but not in the order backup writes it: the head
    # is a tar header, not the manifest's, and that alone refuses it.
    made = tmp_path / "all.tar"
    assert cli("backup", str(made), "--portable", url=db_url)[0] == 0
    reordered = tmp_path / "reordered.tar"
    with tarfile.open(made) as source, tarfile.open(reordered, "w") as copy:
        members = source.getmembers()
        assert members[0].name == "manifest.json"
        for member in members[1:] + members[:1]:
            copy.addfile(member, source.extractfile(member))
    target = fresh_url(engine_name, tmp_path, request)
    code, _, err = cli("restore", str(reordered), url=target)
    assert code == 1, err
    assert f"{reordered} is a tar file but not a dashboard-tui portable backup: its " in err
    assert "first member is 'users/" in err and "not manifest.json" in err

    # The backup as written, then 600 MiB of zeros (how a tar archive ends): the head is
    # right, so the file is read on, and restored.
    padded = sparse(tmp_path / "padded.tar", made.read_bytes())
    code, out, err = cli("restore", str(padded), url=target)
    assert code == 0, err
    assert emails(target) == ["ana@example.com"]

    # The same for the engine's own format: the right magic, then nothing: read on, and
    # refused by what reads it (SQLite itself, pg_restore).
    if engine_name == "sqlite":
        fake = sparse(tmp_path / "fake.sqlite3", b"SQLite format 3\x00")
        code, _, err = cli("restore", str(fake), "--force", url=db_url)
        assert code == 1 and f"{fake} is damaged: file is not a database" in err
    elif shutil.which("pg_restore") is not None:
        fake = sparse(tmp_path / "fake.dump", b"PGDMP")
        code, _, err = cli("restore", str(fake), "--force", url=db_url)
        assert code == 1 and "pg_restore --list failed" in err and "file header" in err
    assert counts(db) == {**before, "audit_logs": before["audit_logs"] + 1}  # the backup's
