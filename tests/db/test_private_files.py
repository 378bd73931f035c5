"""The SQLite database holds the password hashes: it is made 0600 in a 0700 folder,
and so are the -wal and -shm files SQLite makes beside it (DESIGN.md §4). In the
app's own data folder a looser file is tightened; anywhere else it is the person's
file, left as it is and reported at start-up and by `db status`."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard_tui import paths
from dashboard_tui.cli import main
from dashboard_tui.config import Settings
from dashboard_tui.context import open_context
from dashboard_tui.db import migrate
from dashboard_tui.db.uow import Database


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The common 022: what a file gets when nobody takes care (each xdist worker is a
    process of its own, so this changes no other test's files)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def written(url: str) -> Database:
    """A migrated database with a write in flight's files kept: the connection stays
    open, so its -wal and -shm are still there to look at."""
    db = Database.from_url(url)
    migrate.upgrade(db)
    return db


def test_a_new_database_in_the_data_folder_is_private_with_its_wal_and_shm() -> None:
    target = paths.default_database_path()
    assert not target.parent.exists()
    db = written(f"sqlite:///{target}")
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM users").scalar()
            files = {suffix: target.with_name(target.name + suffix) for suffix in ("-wal", "-shm")}
            assert all(f.exists() for f in files.values())
            assert mode(target) == 0o600
            assert {s: mode(f) for s, f in files.items()} == {"-wal": 0o600, "-shm": 0o600}
            assert mode(target.parent) == 0o700
    finally:
        db.dispose()


def test_a_new_database_elsewhere_is_private_in_a_new_private_folder(tmp_path: Path) -> None:
    target = tmp_path / "new folder" / "mine.sqlite3"
    db = written(f"sqlite:///{target}")
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
            assert mode(target) == 0o600 and mode(target.with_name("mine.sqlite3-wal")) == 0o600
            assert mode(target.parent) == 0o700
    finally:
        db.dispose()
    assert open_context(Settings(database_url=f"sqlite:///{target}")).permission_warning is None


def loose_database(path: Path, folder_mode: int) -> str:
    """A migrated database left 0644 in a folder of `folder_mode`, as an older version
    (or a copy) would leave it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path}"
    written(url).dispose()
    path.chmod(0o644)
    path.parent.chmod(folder_mode)
    return url


def test_a_loose_database_in_the_data_folder_is_tightened() -> None:
    target = paths.default_database_path()
    url = loose_database(target, 0o755)
    ctx = open_context(Settings(database_url=url))
    try:
        assert ctx.permission_warning is None  # the app's own files: nothing to say
        assert mode(target) == 0o600 and mode(target.parent) == 0o700
        assert mode(target.with_name(target.name + "-wal")) == 0o600
    finally:
        ctx.close()


def test_a_loose_database_elsewhere_is_reported_and_left_alone(tmp_path: Path, capsys) -> None:
    target = tmp_path / "shared" / "dash.sqlite3"
    url = loose_database(target, 0o777)
    ctx = open_context(Settings(database_url=url))
    try:
        warning = ctx.permission_warning
    finally:
        ctx.close()
    assert warning is not None
    assert "open to other users" in warning and "password hashes" in warning
    assert "dash.sqlite3 has mode 0644" in warning and "its folder has mode 0777" in warning
    assert f"chmod 600 {target} && chmod 700 {target.parent}" in warning
    assert mode(target) == 0o644 and mode(target.parent) == 0o777  # the person's to change

    assert main(["db", "status", "--database-url", url]) == 0
    out = capsys.readouterr().out
    (line,) = [ln for ln in out.splitlines() if ln.startswith("warning:")]
    assert line == f"warning:  {warning}"

    # A folder others may only list is fine once the file is private: its -wal and
    # -shm are made with the file's own mode.
    target.chmod(0o600)
    target.parent.chmod(0o755)
    assert main(["db", "status", "--database-url", url]) == 0
    assert "warning:" not in capsys.readouterr().out
    target.parent.chmod(0o700)  # so pytest can clean up whatever it likes
