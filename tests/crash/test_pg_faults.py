"""PostgreSQL faults against the real server (issue 4): a connection killed between
actions is invisible; killed inside a unit of work, the unit is retried whole or
fails cleanly, keeping nothing partial; killed after COMMIT was sent, the outcome is
reported as unknown instead of being done twice; deadlocks and serialization
failures are retried a bounded number of times. No database is mocked: connections
are killed with pg_terminate_backend from an admin connection, or cut by a TCP relay
(tests/crash/pgproxy.py) in front of the server."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, func, select, text, update
from sqlalchemy.engine import make_url

from dashboard_tui.account.auth import AuthService
from dashboard_tui.config import Settings
from dashboard_tui.db import audit_chain
from dashboard_tui.db.uow import MAX_ATTEMPTS, Database, DatabaseUnavailable, OutcomeUnknown
from dashboard_tui.models.auth import Account, User
from dashboard_tui.models.shared import AuditLog, Profile
from tests.conftest import PASSWORD, TEST_CLIENT
from tests.crash.pgproxy import CuttingProxy

# Kills backends, relays bytes and races two threads into a deadlock on a shared server:
# run alone (`-m serial`), where a loaded machine cannot stretch its timing.
pytestmark = pytest.mark.serial


@pytest.fixture(params=["postgresql"])
def engine_name(request: pytest.FixtureRequest) -> str:
    """Only PostgreSQL here (skipped, or failed under REQUIRE_POSTGRES, without it)."""
    return request.param


@pytest.fixture
def admin(pg_server):
    return pg_server.engine


def terminate(admin, pid: int) -> bool:
    """Kill one backend and wait (up to 5 s) until it is gone."""
    with admin.connect() as conn:
        return conn.scalar(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})


def app_backends(admin, db: Database) -> set[int]:
    with admin.connect() as conn:
        return set(
            conn.scalars(
                text("SELECT pid FROM pg_stat_activity WHERE datname = :d"),
                {"d": db.engine.url.database},
            )
        )


def db_errors(db: Database) -> list[str]:
    """Every DBAPI error the engine meets from now on (SQLSTATE or class name), those
    of pool_pre_ping's ping marked "ping:"."""
    seen: list[str] = []

    def on_error(ctx) -> None:
        exc = ctx.original_exception
        code = getattr(exc, "sqlstate", None) or type(exc).__name__
        seen.append(f"ping:{code}" if ctx.is_pre_ping else code)

    event.listen(db.engine, "handle_error", on_error)
    return seen


def audit_rows(db: Database, user_id: uuid.UUID, action: str | None = None) -> list[AuditLog]:
    def work(s):
        stmt = select(AuditLog).where(AuditLog.user_id == user_id).order_by(AuditLog.seq)
        if action:
            stmt = stmt.where(AuditLog.action == action)
        return list(s.scalars(stmt))

    return db.run(work, user_id=user_id, read_only=True)


def chain_ok(db: Database, user_id: uuid.UUID) -> audit_chain.ChainReport:
    return db.run(
        lambda s: audit_chain.verify_chain(s, str(user_id)), user_id=user_id, read_only=True
    )


# -- (a) between actions --------------------------------------------------------------
def test_a_connection_killed_between_actions_is_invisible(db, admin, auth, profiles, make_user):
    ana = make_user("Ana")
    before = app_backends(admin, db)
    assert before, "the pool should hold a connection to the app's database"
    assert all(terminate(admin, pid) for pid in before)
    assert app_backends(admin, db) == set()
    errors = db_errors(db)

    # The next actions just work: pool_pre_ping replaces the dead connection.
    saved = profiles.update(
        ana, weight_unit="lb", currency="USD", timezone="UTC", theme="nord", week_start=2
    )
    assert saved.weight_unit == "lb"
    again = auth.login("ana@example.com", PASSWORD)
    assert profiles.get(again).theme == "nord"
    # Only the pings met the dead connection; no statement of a unit did.
    assert errors and all(e.startswith("ping:") for e in errors), errors
    assert app_backends(admin, db).isdisjoint(before)
    assert chain_ok(db, ana.user.id).ok


# -- (b) inside a unit of work ---------------------------------------------------------
class KillInside:
    """A work function for Database.run that writes, then lets another thread kill its
    connection and carries on writing. `kills` attempts are killed; later ones pass."""

    def __init__(self, admin, user_id: uuid.UUID, kills: int) -> None:
        self.admin, self.user_id, self.kills = admin, user_id, kills
        self.attempts = 0

    def __call__(self, session) -> str:
        self.attempts += 1
        audit_chain.record(
            session,
            action="test.first",
            at=datetime.now(UTC),
            client=TEST_CLIENT,
            user_id=self.user_id,
        )
        if self.attempts <= self.kills:
            pid = session.scalar(text("SELECT pg_backend_pid()"))
            inside, killed = threading.Event(), threading.Event()

            def killer() -> None:
                inside.wait(5)
                terminate(self.admin, pid)
                killed.set()

            thread = threading.Thread(target=killer)
            thread.start()
            inside.set()  # the transaction is open, one row written, not committed
            assert killed.wait(10)
            thread.join()
        audit_chain.record(
            session,
            action="test.second",
            at=datetime.now(UTC),
            client=TEST_CLIENT,
            user_id=self.user_id,
        )
        return "done"


def test_a_connection_killed_inside_a_unit_is_retried_whole(db, admin, make_user):
    ana = make_user("Ana")
    errors = db_errors(db)
    work = KillInside(admin, ana.user.id, kills=1)
    assert db.run(work, user_id=ana.user.id) == "done"
    assert work.attempts == 2
    assert "57P01" in errors  # admin_shutdown: the kill really hit the transaction
    actions = [r.action for r in audit_rows(db, ana.user.id)]
    assert actions[-2:] == ["test.first", "test.second"]
    assert actions.count("test.first") == 1, "the killed attempt left nothing behind"
    assert chain_ok(db, ana.user.id).ok


def test_a_connection_killed_on_every_attempt_fails_cleanly_keeping_nothing(db, admin, make_user):
    ana = make_user("Ana")
    before = [r.action for r in audit_rows(db, ana.user.id)]
    work = KillInside(admin, ana.user.id, kills=MAX_ATTEMPTS)
    with pytest.raises(DatabaseUnavailable, match="terminating connection"):
        db.run(work, user_id=ana.user.id)
    assert work.attempts == MAX_ATTEMPTS
    assert [r.action for r in audit_rows(db, ana.user.id)] == before
    assert chain_ok(db, ana.user.id).ok


def test_a_service_call_killed_before_its_audit_row_is_retried_and_audited_once(
    db, admin, profiles, make_user
):
    """The real ProfileService.update: the connection dies just as the audit row is
    about to be inserted, after the profile row was updated in the same transaction."""
    ana = make_user("Ana")
    armed = {"left": 1}

    @event.listens_for(db.engine, "before_cursor_execute")
    def kill_at_audit_insert(conn, cursor, statement, *args) -> None:
        if statement.startswith("INSERT INTO audit_logs") and armed["left"]:
            armed["left"] -= 1
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            done = threading.Event()
            threading.Thread(target=lambda: (terminate(admin, pid), done.set())).start()
            assert done.wait(10)

    saved = profiles.update(ana, weight_unit="lb", currency="GBP", timezone="UTC", theme="nord")
    event.remove(db.engine, "before_cursor_execute", kill_at_audit_insert)
    assert armed["left"] == 0 and saved.currency == "GBP"
    rows = audit_rows(db, ana.user.id, "settings.changed")
    assert len(rows) == 1 and rows[0].after["currency"] == "GBP"
    assert profiles.get(ana).currency == "GBP"
    assert chain_ok(db, ana.user.id).ok


# -- (b') the connection dies after COMMIT was sent -----------------------------------------
@pytest.fixture
def cut(db_url: str):
    url = make_url(db_url)
    proxy = CuttingProxy(url.host or "127.0.0.1", url.port or 5432)
    via = Database.from_url(
        url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    )
    yield proxy, via
    via.dispose()
    proxy.close()


def test_a_unit_whose_commit_answer_is_lost_is_not_done_twice(cut, db, passwords, clock):
    proxy, via = cut
    auth = AuthService(
        via, Settings(database_url=""), passwords=passwords, clock=clock, client=TEST_CLIENT
    )
    auth.register("Ana", "ana@example.com", PASSWORD, PASSWORD)
    proxy.cut_next_commit.set()
    # Without care the unit would be run again and say "An account with this email
    # already exists" to the person who has just made it.
    with pytest.raises(OutcomeUnknown, match="may or may not have been saved"):
        auth.register("Ben", "ben@example.com", PASSWORD, PASSWORD)
    assert proxy.cuts == 1

    def whole(s):
        ben = s.scalars(select(User).where(User.email == "ben@example.com")).one()
        accounts = s.scalar(select(func.count()).where(Account.user_id == ben.id))
        has_profile = s.scalar(select(func.count()).where(Profile.user_id == ben.id))
        return ben.id, accounts, has_profile

    ben_id, accounts, has_profile = db.run(whole)
    assert (accounts, has_profile) == (1, 1)  # committed, and whole
    assert [r.action for r in audit_rows(db, ben_id)] == ["user.register", "auth.login"]
    assert chain_ok(db, ben_id).ok
    # The relay dropped only that one connection: the app goes on.
    assert auth.login("ben@example.com", PASSWORD).user.id == ben_id


def test_a_read_only_unit_whose_commit_answer_is_lost_is_just_retried(cut, make_user):
    proxy, via = cut
    make_user("Ana")
    proxy.cut_next_commit.set()
    assert via.run(lambda s: s.scalar(select(func.count()).select_from(User)), read_only=True)
    assert proxy.cuts == 1


# -- (c) deadlocks and serialization failures ------------------------------------------------
def test_a_real_deadlock_is_retried_and_both_units_complete(db, make_user):
    a, b = make_user("Ana").user.id, make_user("Ben").user.id
    errors = db_errors(db)
    barrier = threading.Barrier(2, timeout=10)
    attempts = {"ab": 0, "ba": 0}
    failures: list[BaseException] = []

    def unit(name: str, first: uuid.UUID, second: uuid.UUID) -> None:
        def work(session) -> None:
            attempts[name] += 1
            bump = update(User).values(failed_logins=User.failed_logins + 1)
            session.execute(bump.where(User.id == first))
            if attempts[name] == 1:
                barrier.wait()  # both hold their first row: now each wants the other's
            session.execute(bump.where(User.id == second))

        try:
            db.run(work)
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [
        threading.Thread(target=unit, args=("ab", a, b)),
        threading.Thread(target=unit, args=("ba", b, a)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert failures == []
    assert errors.count("40P01") == 1, errors  # PostgreSQL broke one deadlock, once
    assert sorted(attempts.values()) == [1, 2]
    counts = db.run(
        lambda s: sorted(s.scalars(select(User.failed_logins).where(User.id.in_([a, b])))),
        read_only=True,
    )
    assert counts == [2, 2], "both units applied, each exactly once"


def test_a_genuine_serialization_failure_is_retried_and_both_units_complete(db, make_user):
    """Write skew under SERIALIZABLE: each unit reads both rows, then writes one."""
    a, b = make_user("Ana").user.id, make_user("Ben").user.id
    serial = Database(db.engine.execution_options(isolation_level="SERIALIZABLE"))
    errors = db_errors(db)
    barrier = threading.Barrier(2, timeout=10)
    attempts = {a: 0, b: 0}
    failures: list[BaseException] = []

    def unit(mine: uuid.UUID) -> None:
        def work(session) -> None:
            attempts[mine] += 1
            total = session.scalar(select(func.sum(User.failed_logins)).where(User.id.in_([a, b])))
            if attempts[mine] == 1:
                barrier.wait()  # both have read; each write invalidates the other's read
            session.execute(update(User).where(User.id == mine).values(failed_logins=total + 1))

        try:
            serial.run(work)
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=unit, args=(uid,)) for uid in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert failures == []
    assert "40001" in errors
    assert sorted(attempts.values()) == [1, 2]
    counts = db.run(
        lambda s: sorted(s.scalars(select(User.failed_logins).where(User.id.in_([a, b])))),
        read_only=True,
    )
    assert counts == [1, 2], "the retried unit saw the other's write: as if one after the other"


def test_a_unit_that_always_fails_to_serialize_is_tried_max_attempts_times_then_raises(
    db, make_user
):
    ana = make_user("Ana")
    errors = db_errors(db)
    attempts = 0

    def work(session) -> None:
        nonlocal attempts
        attempts += 1
        audit_chain.record(
            session,
            action="test.doomed",
            at=datetime.now(UTC),
            client=TEST_CLIENT,
            user_id=ana.user.id,
        )
        session.execute(
            text("DO $$ BEGIN RAISE EXCEPTION 'forced conflict' USING ERRCODE = '40001'; END $$")
        )

    with pytest.raises(DatabaseUnavailable, match="forced conflict"):
        db.run(work, user_id=ana.user.id)
    assert attempts == MAX_ATTEMPTS
    assert errors == ["40001"] * MAX_ATTEMPTS
    assert audit_rows(db, ana.user.id, "test.doomed") == []
