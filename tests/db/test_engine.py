"""Engine settings on each engine, and the unit of work's all-or-nothing rule."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from dashboard_tui.db.engine import DatabaseURLError, describe, normalize_url
from dashboard_tui.db.uow import Database, DatabaseUnavailable
from dashboard_tui.models.auth import User


def test_sqlite_pragmas(tmp_path):
    db = Database.from_url(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    db.dispose()


def test_sqlite_write_transactions_begin_immediate(tmp_path):
    import sqlite3

    """A second writer cannot start while the first holds its transaction."""
    url = f"sqlite:///{tmp_path / 'lock.sqlite3'}"
    first = Database.from_url(url)
    with first.transaction() as s:
        s.execute(text("SELECT 1"))  # the transaction (and its lock) starts here
        other = sqlite3.connect(tmp_path / "lock.sqlite3", timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    first.dispose()


def test_urls_are_normalised_and_described():
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u:secret@h:5433/db").drivername == "postgresql+psycopg"
    label = describe(normalize_url("postgresql://u:secret@h:5433/db"))
    assert label == "PostgreSQL u@h:5433/db" and "secret" not in label
    with pytest.raises(DatabaseURLError):
        normalize_url("mysql://x@y/z")
    with pytest.raises(DatabaseURLError):
        normalize_url("not a url")


def test_unreachable_server_is_a_clear_error():
    db = Database.from_url("postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    with pytest.raises(DatabaseUnavailable, match="cannot connect to PostgreSQL"):
        db.ping()
    db.dispose()


def test_a_failing_unit_of_work_keeps_nothing(db):
    with pytest.raises(RuntimeError), db.transaction() as s:
        s.add(User(email="half@example.com", name="Half"))
        s.flush()
        raise RuntimeError("boom")
    with db.transaction(read_only=True) as s:
        assert s.scalar(select(func.count()).select_from(User)) == 0


def test_pg_transaction_sets_the_user_setting_locally(pg_server):
    import uuid

    from tests.conftest import _need_pg

    db = Database.from_url(_need_pg(pg_server).create())
    uid, secret = uuid.uuid4(), "0" * 64
    with db.transaction(user_id=uid) as s:
        db.act_as(s, credential=secret)
        assert s.scalar(text("SELECT current_setting('app.credential', true)")) == secret
    with db.transaction() as s:  # same pooled connection, new transaction: not carried over
        assert s.scalar(text("SELECT current_setting('app.credential', true)")) in ("", None)
    db.dispose()


@pytest.mark.parametrize("engine_name", ["postgresql"])
def test_postgresql_sessions_price_index_lookups_for_ssds(db):
    """The gym's per-workout totals take index lookups, not a hash of every set."""
    with db.engine.connect() as conn:
        assert conn.scalar(text("SHOW random_page_cost")) == "1.1"
