"""SIGKILL a process writing through the services, again and again, on one SQLite
file (issue 4, "Crash safety"): every unit that returned is there, none is half
applied, the file is intact and every audit chain verifies.

The run is seeded: DASHBOARD_CRASH_SEED=<n> replays the same kill schedule and the
same worker choices (the exact instants still depend on the machine's speed).
DASHBOARD_CRASH_KILLS sets how many kills (default 40)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select, text

from dashboard_tui.db import audit_chain
from dashboard_tui.db.uow import Database
from dashboard_tui.models.auth import Account, LoginSession, User
from dashboard_tui.models.shared import THEMES, AuditLog, Profile
from tests.crash import journal

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("DASHBOARD_CRASH_KILLS", "40"))
MAX_KILL_DELAY_S = 0.25  # after "ready": inside the writing, never inside start-up

# SIGKILLs a writing process at random instants and wants many units between kills:
# run alone (`-m serial`), where other tests' load cannot slow the writer down.
pytestmark = pytest.mark.serial


def start_worker(*args: str, stderr, stdin=None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.crash.worker", *args],
        cwd=ROOT,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )


def read_line(proc: subprocess.Popen, err_path: Path, timeout: float = 30) -> str:
    import selectors

    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout):
            proc.kill()
            raise AssertionError(f"no word from the worker in {timeout} s: {err_path.read_text()}")
    return proc.stdout.readline().strip()


def wait_ready(proc: subprocess.Popen, err_path: Path) -> None:
    line = read_line(proc, err_path)
    assert line == "ready", f"worker said {line!r}: {err_path.read_text()}"


def run_together(
    tmp_path: Path, workers: dict[str, list[str]], timeout: float
) -> tuple[list[dict], float]:
    """Start one worker per tag (its arguments), release them all at (nearly) the same
    instant once each says it is ready, and return each one's summary (the last line
    of its output, JSON) and the wall time. A worker that fails fails the test with
    its stderr; none is left running."""
    procs, errs = [], []
    try:
        for tag, args in workers.items():
            err = (tmp_path / f"{tag}.err").open("w")
            errs.append(err)
            procs.append(start_worker(*args, stderr=err, stdin=subprocess.PIPE))
        for proc, tag in zip(procs, workers, strict=True):
            wait_ready(proc, tmp_path / f"{tag}.err")
        t0 = time.monotonic()
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        outputs = [proc.communicate(timeout=timeout)[0] for proc in procs]
        wall = time.monotonic() - t0
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        for err in errs:
            err.close()
    for proc, tag in zip(procs, workers, strict=True):
        stderr = (tmp_path / f"{tag}.err").read_text()
        assert proc.returncode == 0, f"worker {tag} failed: {stderr}"
    return [json.loads(out.strip().splitlines()[-1]) for out in outputs], wall


def test_sigkill_at_random_moments_loses_nothing_and_leaves_nothing_half_done(
    sqlite_template, tmp_path, passwords
):
    seed = int(os.environ.get("DASHBOARD_CRASH_SEED") or random.randrange(2**32))
    print(f"\ncrash harness: seed={seed} (replay with DASHBOARD_CRASH_SEED={seed})")
    rng = random.Random(seed)
    db_path, journal_path = tmp_path / "crash.sqlite3", tmp_path / "journal.jsonl"
    shutil.copyfile(sqlite_template, db_path)

    # One process imports everything, then forks each worker (tests/crash/worker.py,
    # zygote): each kill costs the kill delay, not Python's start-up.
    err_path = tmp_path / "workers.err"
    kills, t0 = 0, time.monotonic()
    with err_path.open("w") as err:
        zygote = start_worker(
            "zygote", str(db_path), str(journal_path), str(seed), stderr=err, stdin=subprocess.PIPE
        )
        try:
            assert read_line(zygote, err_path) == "zygote", err_path.read_text()
            for incarnation in range(1, KILLS + 1):
                zygote.stdin.write(f"{incarnation}\n")
                zygote.stdin.flush()
                word, pid = read_line(zygote, err_path).split()
                assert word == "ready", (word, err_path.read_text())
                time.sleep(rng.uniform(0, MAX_KILL_DELAY_S))
                os.kill(int(pid), signal.SIGKILL)
                died = read_line(zygote, err_path).split()
                assert died == ["exit", pid, str(-signal.SIGKILL)], (died, err_path.read_text())
                kills += 1
        finally:
            zygote.stdin.close()
            try:
                zygote.wait(10)
            finally:
                if zygote.poll() is None:
                    zygote.kill()
                    zygote.wait()
                zygote.stdout.close()
    elapsed = time.monotonic() - t0

    ops = journal.read(journal_path)
    done = Counter(op.op for op in ops if op.done)
    interrupted = Counter(op.op for op in ops if not op.done)
    print(
        f"crash harness: kills={kills} in {elapsed:.1f} s; units returned={sum(done.values())} "
        f"{dict(sorted(done.items()))}; interrupted by a kill={dict(sorted(interrupted.items()))}"
    )
    assert kills >= 30
    assert sum(done.values()) >= kills // 2, "the kills should fall among many units"

    db = Database.from_url(f"sqlite:///{db_path}")
    try:
        problems = check(db, ops, passwords)
    finally:
        db.dispose()
    assert problems == [], "\n".join(problems[:30])


def check(db: Database, ops: list[journal.Op], passwords) -> list[str]:
    problems: list[str] = []

    def expect(ok: bool, message: str) -> None:
        if not ok:
            problems.append(message)

    # Only the last unit of an incarnation can be unfinished: the one the kill hit.
    last_of: dict[int, str] = {}
    for op in ops:
        last_of[op.incarnation] = op.key
    for op in ops:
        expect(op.done or last_of[op.incarnation] == op.key, f"{op.key} unfinished mid-run")

    with db.transaction(read_only=True) as s:
        integrity = s.execute(text("PRAGMA integrity_check")).scalars().all()
        expect(integrity == ["ok"], f"integrity_check: {integrity}")
        fk = s.execute(text("PRAGMA foreign_key_check")).all()
        expect(fk == [], f"foreign_key_check: {fk}")
        reports = [audit_chain.verify_chain(s, c) for c in audit_chain.chains(s)]
        users = {str(u.id): u for u in s.scalars(select(User))}
        credentials = Counter(
            str(a.user_id)
            for a in s.scalars(select(Account).where(Account.provider == "credential"))
        )
        hashes = {
            str(a.user_id): a.password_hash
            for a in s.scalars(select(Account).where(Account.provider == "credential"))
        }
        profiles = {str(p.user_id): p for p in s.scalars(select(Profile))}
        sessions = {str(r.id): str(r.user_id) for r in s.scalars(select(LoginSession))}
        rows = list(s.scalars(select(AuditLog).order_by(AuditLog.chain, AuditLog.seq)))

    for report in reports:
        expect(report.ok, f"audit chain {report.chain}: {report.reason} at {report.broken_at_seq}")
    audit_of: dict[str, list[AuditLog]] = {}
    for row in rows:
        audit_of.setdefault(row.chain, []).append(row)
    logged_in = {r.entity_id for r in rows if r.action == "auth.login"}
    logged_out = {r.entity_id for r in rows if r.action == "auth.logout"}

    # -- none half applied: every user in the file is whole, and its audit trail
    #    replays to exactly what is stored (no change without its row, no row
    #    without its change).
    for uid, user in users.items():
        trail = audit_of.get(uid, [])
        actions = Counter(r.action for r in trail)
        expect(credentials[uid] == 1, f"user {user.email}: {credentials[uid]} credentials")
        expect(uid in profiles, f"user {user.email}: no profile")
        expect(actions["user.register"] == 1, f"user {user.email}: {actions} register rows")
        state = dict(journal.DEFAULT_PROFILE)
        failures = 0
        for r in trail:
            if r.action == "settings.changed":
                was = {k: state[k] for k in r.before}
                expect(r.before == was, f"{user.email} seq {r.seq}: before {r.before} != {was}")
                state.update(r.after)
            elif r.action == "auth.login_failed":
                expect(r.after["failed_logins"] == failures + 1, f"{user.email} seq {r.seq}")
                failures = r.after["failed_logins"]
            elif r.action == "auth.login":
                failures = 0
        if uid in profiles:
            p = profiles[uid]
            stored = {k: getattr(p, k) for k in journal.DEFAULT_PROFILE}
            expect(stored == state, f"{user.email}: profile {stored}, audit says {state}")
        expect(
            user.failed_logins == failures,
            f"{user.email}: failed_logins {user.failed_logins}, audit says {failures}",
        )
    for sid in sessions:
        expect(sid in logged_in, f"session {sid} without its auth.login row")
        expect(sid not in logged_out, f"session {sid} logged out in the audit but still there")

    # -- every unit that returned is there, with the values it returned.
    registered: dict[str, dict] = {}  # user id -> what the journal knows
    begun_emails = {op.args["email"] for op in ops if op.op == "register"}
    for user in users.values():
        expect(user.email in begun_emails, f"user {user.email} no worker registered")
    n_done = sum(1 for op in ops if op.op == "register" and op.done)
    n_maybe = sum(1 for op in ops if op.op == "register" and not op.done)
    expect(n_done <= len(users) <= n_done + n_maybe, f"{len(users)} users, {n_done} returned")
    unknown = [
        r for r in audit_of.get(audit_chain.SYSTEM_CHAIN, []) if r.action == "auth.login_failed"
    ]
    n_done = sum(1 for op in ops if op.op == "login_unknown" and op.done)
    n_maybe = sum(1 for op in ops if op.op == "login_unknown" and not op.done)
    expect(n_done <= len(unknown) <= n_done + n_maybe, f"{len(unknown)} unknown-email rows")

    for op in ops:
        a, r = op.args, op.result
        if op.op == "register" and r is not None:
            uid = r["user_id"]
            user = users.get(uid)
            expect(user is not None, f"{op.key}: registered user {a['email']} is missing")
            if user is not None:
                expect((user.email, user.name) == (a["email"], a["name"]), f"{op.key}: {user}")
            registered[uid] = {
                "profile": dict(journal.DEFAULT_PROFILE),
                # Updates a kill interrupted since the last one that returned: each
                # may or may not have been applied (several, across restarts).
                "profile_maybe": [],
                "password": a["password"],
                "password_maybe": None,
                "changes": 0,
                "sessions": {r["session_id"]: "present"},
            }
            continue
        uid = a.get("user_id") or (r or {}).get("user_id")
        if uid not in registered:
            continue
        t = registered[uid]
        if op.op == "login" and r is not None:
            t["sessions"][r["session_id"]] = "present"
        elif op.op == "update":
            if r is not None:
                expect(r["saved"] == a["values"], f"{op.key}: saved {r['saved']}")
                t["profile"], t["profile_maybe"] = a["values"], []
            else:
                t["profile_maybe"].append(a["values"])
        elif op.op == "logout":
            if r is not None:
                t["sessions"][a["session_id"]] = "gone"
            elif t["sessions"].get(a["session_id"]) == "present":
                t["sessions"][a["session_id"]] = "maybe"
        elif op.op == "passwd":
            others = [sid for sid in t["sessions"] if sid != a["session_id"]]
            if r is not None:
                t["password"], t["password_maybe"] = a["new"], None
                t["changes"] += 1
                for sid in others:
                    t["sessions"][sid] = "gone"
            else:
                t["password_maybe"] = a["new"]
                for sid in others:
                    if t["sessions"][sid] == "present":
                        t["sessions"][sid] = "maybe"

    for uid, t in registered.items():
        if uid not in users:
            continue
        email = users[uid].email
        if uid in profiles:
            p = profiles[uid]
            stored = {k: getattr(p, k) for k in journal.DEFAULT_PROFILE}
            allowed = [t["profile"], *t["profile_maybe"]]
            expect(stored in allowed, f"{email}: profile {stored}, journal allows {allowed}")
        current = passwords.verify(hashes.get(uid, ""), t["password"])
        new = t["password_maybe"] is not None and passwords.verify(
            hashes.get(uid, ""), t["password_maybe"]
        )
        expect(current or new, f"{email}: the password is neither the journaled one nor pending")
        changes = sum(1 for r in audit_of.get(uid, []) if r.action == "auth.password_changed")
        expected = t["changes"] + (1 if new and not current else 0)
        expect(changes == expected, f"{email}: {changes} password_changed rows, {expected} made")
        for sid, state in t["sessions"].items():
            if state == "present":
                expect(sessions.get(sid) == uid, f"{email}: session {sid} lost")
            elif state == "gone":
                expect(sid not in sessions, f"{email}: ended session {sid} still there")
    return problems


def enough_to_tamper(ops: list[journal.Op]) -> bool:
    users = journal.known_users(ops)
    return sum(op.done for op in ops) >= 20 and any(u.sessions for u in users.values())


def test_the_checker_sees_lost_and_half_applied_units(sqlite_template, tmp_path, passwords):
    """The harness is only as good as its checker: tamper with a healthy run's file in
    the ways a broken unit of work would leave it, and each one must be reported."""
    db_path, journal_path = tmp_path / "run.sqlite3", tmp_path / "journal.jsonl"
    shutil.copyfile(sqlite_template, db_path)
    err_path = tmp_path / "worker.err"
    with err_path.open("w") as err:
        proc = start_worker("crash", str(db_path), str(journal_path), "1", "7", stderr=err)
        try:
            wait_ready(proc, err_path)
            # Until the journal has enough for every tamper below: units that returned,
            # among them a registered user holding a session.
            deadline = time.monotonic() + 30
            while not enough_to_tamper(journal.read(journal_path)):
                assert proc.poll() is None, err_path.read_text()
                assert time.monotonic() < deadline, f"too few units: {err_path.read_text()}"
                time.sleep(0.01)
            assert proc.poll() is None, err_path.read_text()
        finally:
            proc.kill()
            proc.wait()
            proc.stdout.close()
    ops = journal.read(journal_path)
    healthy = Database.from_url(f"sqlite:///{db_path}")
    assert check(healthy, ops, passwords) == []

    victim = next(u for u in journal.known_users(ops).values() if u.sessions)
    user_id, session_id = uuid.UUID(victim.user_id), sorted(victim.sessions)[0]
    with healthy.transaction(read_only=True) as s:
        theme = s.scalars(select(Profile.theme).where(Profile.user_id == user_id)).one()
    other = next(t for t in THEMES if t != theme)
    healthy.dispose()  # the last connection folds the WAL into the file: copies are whole
    tampers = {  # what a broken unit would leave -> what the checker must say
        "audit says": "UPDATE profiles SET theme = :t WHERE user_id = :u",  # change, no row
        "0 credentials": "DELETE FROM accounts WHERE user_id = :u",  # half a registration
        f"session {session_id} lost": "DELETE FROM sessions WHERE user_id = :u",
        "the newest rows are missing": "DELETE FROM audit_logs WHERE user_id = :u AND seq = "
        "(SELECT max(seq) FROM audit_logs WHERE user_id = :u)",  # a row without its change
    }
    for n, (expected, sql) in enumerate(tampers.items()):
        copy = tmp_path / f"tampered-{n}.sqlite3"
        shutil.copyfile(db_path, copy)
        tampered = Database.from_url(f"sqlite:///{copy}")
        try:
            with tampered.transaction() as s:
                s.execute(text(sql), {"u": user_id.hex, "t": other})
            problems = check(tampered, ops, passwords)
        finally:
            tampered.dispose()
        assert any(expected in p for p in problems), (expected, problems)
