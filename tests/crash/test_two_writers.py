"""Two processes writing through the services to one SQLite file at once (issue 4):
no "database is locked" (or any other error) reaches a person, and every write that
returned is stored. DASHBOARD_CONCURRENCY_SECONDS sets the length (default 10 s).

Run with -s to see the figures: writes per process, service-call latency p50/p99,
and the database errors the engine saw (retried or not)."""

from __future__ import annotations

import os
import shutil
from collections import Counter

import pytest
from sqlalchemy import select

from dashboard_tui.db import audit_chain
from dashboard_tui.db.uow import Database
from dashboard_tui.models.auth import LoginSession
from dashboard_tui.models.shared import AuditLog, Profile
from tests.crash.test_kill_harness import run_together
from tests.crash.worker import CHOICES

SECONDS = float(os.environ.get("DASHBOARD_CONCURRENCY_SECONDS", "10"))

# Two processes contend for one SQLite file for SECONDS and no lock wait may reach the
# busy timeout: run alone (`-m serial`), where other tests' load cannot stretch one.
pytestmark = pytest.mark.serial


def test_two_processes_write_to_one_sqlite_file_without_errors_or_losses(sqlite_template, tmp_path):
    db_path = tmp_path / "shared.sqlite3"
    shutil.copyfile(sqlite_template, db_path)
    workers = {
        f"soak-{tag}": ["soak", str(db_path), tag, str(SECONDS), str(ord(tag))] for tag in "AB"
    }
    summaries, wall = run_together(tmp_path, workers, timeout=SECONDS + 60)

    print(f"\ntwo writers on one SQLite file for {SECONDS:g} s (wall {wall:.1f} s):")
    for s in summaries:
        print(
            f"  process {s['tag']}: writes={s['writes']} {s['counts']} "
            f"p50={s['p50_ms']} ms p99={s['p99_ms']} ms max={s['max_ms']} ms "
            f"errors={len(s['errors'])} db_errors_seen={len(s['db_errors'])}"
        )
    for s in summaries:
        assert s["errors"] == [], f"process {s['tag']}: {s['errors'][:5]}"
        assert s["db_errors"] == [], f"process {s['tag']}: {s['db_errors'][:5]}"
        assert s["writes"] > 0

    db = Database.from_url(f"sqlite:///{db_path}")
    try:
        with db.transaction(read_only=True) as s:
            rows = list(s.scalars(select(AuditLog)))
            profiles = {str(p.user_id): p for p in s.scalars(select(Profile))}
            sessions = {str(r.id): str(r.user_id) for r in s.scalars(select(LoginSession))}
            reports = [audit_chain.verify_chain(s, c) for c in audit_chain.chains(s)]
    finally:
        db.dispose()
    assert all(r.ok for r in reports), [r for r in reports if not r.ok]
    by_user = Counter((str(r.user_id), r.action) for r in rows)
    for s in summaries:
        ids = [u["user_id"] for u in s["users"]]
        stored = Counter()
        for uid in ids:
            for action in ("user.register", "settings.changed", "auth.login", "auth.logout"):
                stored[action] += by_user[(uid, action)]
        counts = s["counts"]
        assert stored["user.register"] == counts["register"] == len(ids)
        assert stored["settings.changed"] == counts["update"], (s["tag"], stored, counts)
        assert stored["auth.login"] == counts["register"] + counts["login"]
        assert stored["auth.logout"] == counts["logout"]
        for u in s["users"]:
            p = profiles[u["user_id"]]
            assert {k: getattr(p, k) for k in CHOICES} == u["profile"]
            mine = sorted(sid for sid, uid in sessions.items() if uid == u["user_id"])
            assert mine == u["sessions"]
