"""Units of work that meet (issue 9, item 5). PostgreSQL: every write for a person
takes that person's lock first, so their writes queue instead of racing or
deadlocking, while reads and other people's writes pass. SQLite: a unit that waited
out the busy timeout is tried again whole, within a bound, then fails with a plain
message. tests/crash/test_load_mix.py runs the same under six writing processes."""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, func, select, text

from dashboard_tui.db import audit_chain, uow
from dashboard_tui.db import engine as db_engine
from dashboard_tui.db.uow import Database, DatabaseUnavailable
from dashboard_tui.models.auth import User
from dashboard_tui.models.shared import AuditLog
from tests.conftest import PASSWORD, TEST_CLIENT


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout} s: {what}")
        time.sleep(0.01)


def errors_seen(db: Database) -> list[str]:
    """Every DBAPI error the engine meets from now on (SQLSTATE, else the message)."""
    seen: list[str] = []

    def on_error(ctx) -> None:
        exc = ctx.original_exception
        seen.append(getattr(exc, "sqlstate", None) or str(exc))

    event.listen(db.engine, "handle_error", on_error)
    return seen


def in_thread(call: Callable[[], object]) -> tuple[threading.Thread, dict]:
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["result"] = call()
        except BaseException as exc:  # reported by the test
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, outcome


def audit(session, user_id: uuid.UUID, action: str = "test.write") -> None:
    audit_chain.record(
        session, action=action, at=datetime.now(UTC), client=TEST_CLIENT, user_id=user_id
    )


# -- PostgreSQL: one lock order ---------------------------------------------------------
def advisory_waiters(admin, db: Database) -> int:
    with admin.connect() as conn:
        return conn.scalar(
            text(
                "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                "WHERE l.locktype = 'advisory' AND NOT l.granted AND a.datname = :d"
            ),
            {"d": db.engine.url.database},
        )


@pytest.mark.parametrize("engine_name", ["postgresql"])
def test_a_persons_writes_queue_while_reads_and_other_people_pass(db, make_user, pg_server):
    ana, ben = make_user("Ana").user.id, make_user("Ben").user.id
    with db.transaction(user_id=ana) as s:
        s.execute(text("SELECT 1"))  # a write for Ana has begun, nothing written yet
        count = select(func.count()).select_from(AuditLog)
        assert db.run(lambda r: r.scalar(count), user_id=ana, read_only=True) > 0
        db.run(lambda w: audit(w, ben), user_id=ben)
        second, outcome = in_thread(lambda: db.run(lambda w: audit(w, ana), user_id=ana))
        wait_for(lambda: advisory_waiters(pg_server.engine, db) == 1, "Ana's second write waits")
        assert second.is_alive() and outcome == {}
        audit(s, ana, "test.first")
    second.join(10)
    assert outcome == {"result": None}
    in_order = select(AuditLog.action).where(AuditLog.chain == str(ana)).order_by(AuditLog.seq)
    actions = db.run(lambda r: list(r.scalars(in_order)), read_only=True)
    assert actions[-2:] == ["test.first", "test.write"]


@pytest.mark.parametrize("engine_name", ["postgresql"])
def test_a_login_waits_for_the_persons_write_instead_of_deadlocking(db, auth, make_user, pg_server):
    """The deadlock of the 60 s load run: a login locked the users row FOR UPDATE,
    then waited on the person's audit lock, held by one of their writes, which then
    needed a KEY SHARE lock on that users row for its audit row's foreign key."""
    ana = make_user("Ana").user
    errors = errors_seen(db)
    with db.transaction(user_id=ana.id) as s:
        # Where a write stands inside audit_chain.record: the chain's lock taken (the
        # statement record runs), its row not inserted yet.
        s.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:c, 0))"), {"c": str(ana.id)})
        login, outcome = in_thread(lambda: auth.login(ana.email, PASSWORD))
        wait_for(lambda: advisory_waiters(pg_server.engine, db) == 1, "the login waits")
        audit(s, ana.id)  # inserts the audit row: KEY SHARE on Ana's users row
    login.join(30)
    assert "error" not in outcome, outcome
    assert outcome["result"].user.id == ana.id
    assert "40P01" not in errors, errors


# -- SQLite: a busy file is waited out, within a bound ------------------------------------
@pytest.fixture
def sqlite_url(sqlite_template, tmp_path, monkeypatch) -> str:
    """A migrated file, opened with a short busy timeout (the app's is 10 s)."""
    monkeypatch.setattr(db_engine, "SQLITE_BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "busy.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    return f"sqlite:///{path}"


def hold_write_lock(url: str):
    """Another program's connection holding the file's write lock."""
    import sqlite3

    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


class AddUser:
    """A unit of work that adds one user, counting how often it was run."""

    def __init__(self, email: str) -> None:
        self.email, self.attempts = email, 0

    def __call__(self, session) -> int:
        self.attempts += 1
        session.add(User(email=self.email, name="Busy"))
        session.flush()
        return self.attempts


def users_named(db: Database, email: str) -> int:
    return db.run(
        lambda s: s.scalar(select(func.count()).select_from(User).where(User.email == email)),
        read_only=True,
    )


def test_sqlite_a_unit_that_waits_out_the_busy_timeout_is_retried_whole(sqlite_url):
    db = Database.from_url(sqlite_url)
    errors = errors_seen(db)
    holder = hold_write_lock(sqlite_url)
    try:
        writer, outcome = in_thread(lambda: db.run(AddUser("late@example.com")))
        wait_for(lambda: len(errors) >= 2, "the writer waited out the busy timeout twice")
        assert writer.is_alive() and outcome == {}
        holder.execute("COMMIT")
        writer.join(10)
        assert "error" not in outcome, outcome
        assert outcome["result"] >= 3  # tried whole each time
        assert set(errors) == {"database is locked"}
        assert users_named(db, "late@example.com") == 1
    finally:
        holder.close()
        db.dispose()


def test_sqlite_a_file_busy_past_the_bound_is_a_plain_error_and_keeps_nothing(
    sqlite_url, monkeypatch
):
    monkeypatch.setattr(uow, "SQLITE_BUSY_RETRY_S", 0.5, raising=False)
    db = Database.from_url(sqlite_url)
    holder = hold_write_lock(sqlite_url)
    try:
        work = AddUser("never@example.com")
        with pytest.raises(DatabaseUnavailable) as err:
            db.run(work)
        assert re.fullmatch(
            r"The database is busy: other programs kept it locked for \d+ s, "
            r"so nothing was saved\. Try again in a moment\.",
            str(err.value),
        )
        assert work.attempts > 2  # tried again whole, more than once, before giving up
    finally:
        holder.close()
    assert users_named(db, "never@example.com") == 0
    db.dispose()
