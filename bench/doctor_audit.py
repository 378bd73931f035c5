"""The doctor's audit check at its threshold: a whole walk of AUDIT_FULL_ROWS rows
against the sample it takes above it (the newest AUDIT_SAMPLE rows of each chain).

One chain of AUDIT_FULL_ROWS rows (the system chain, so no account is needed),
inserted in bulk with real hashes, in a migrated scratch database: SQLite in a
temporary folder, PostgreSQL on DASHBOARD_BENCH_DATABASE_URL (else
DASHBOARD_TEST_DATABASE_URL), dropped afterwards.

- doctor_audit_full_<engine>: check_audit walking every row (what `doctor` does up
  to the threshold; the figure says how long a doctor run can take for it).
- doctor_audit_sampled_<engine>: the same chain sampled, ratio against the whole walk.

BENCH_DOCTOR_RUNS sets the runs per figure (default 3)."""

from __future__ import annotations

import os
import resource
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta

from _common import bench_line, maxrss_mib, note, pg_admin_url, scratch_postgres

from dashboard_tui import doctor
from dashboard_tui.db import audit_chain, migrate
from dashboard_tui.db.uow import Database
from dashboard_tui.models.shared import AuditHead, AuditLog

BATCH = 10_000


def seed_chain(db: Database, rows: int) -> None:
    """One chain of `rows` linked rows, as record() would have written them."""
    from sqlalchemy import insert

    start = datetime(2025, 1, 1, tzinfo=UTC)
    prev, batch = audit_chain.GENESIS, []
    columns = [c.key for c in AuditLog.__table__.columns if c.key != "id"]
    with db.transaction() as session:
        for seq in range(1, rows + 1):
            row = AuditLog(
                user_id=None,
                actor_id=None,
                chain=audit_chain.SYSTEM_CHAIN,
                seq=seq,
                at=start + timedelta(seconds=seq),
                host="bench",
                client="bench",
                action="update",
                entity="workout",
                entity_id=str(seq),
                before={"name": f"Workout {seq}", "notes": "x" * 40},
                after={"name": f"Workout {seq}!", "notes": "x" * 40},
                prev_hash=prev,
                hash="",
            )
            row.hash = prev = audit_chain.row_hash(row, prev)
            batch.append({c: getattr(row, c) for c in columns})
            if len(batch) == BATCH:
                session.execute(insert(AuditLog), batch)
                batch = []
        if batch:
            session.execute(insert(AuditLog), batch)
        session.flush()
        session.add(AuditHead(chain=audit_chain.SYSTEM_CHAIN, seq=rows, hash=prev))


def measure(url: str, engine: str, runs: int) -> None:
    rows = doctor.AUDIT_FULL_ROWS
    db = Database.from_url(url)
    try:
        migrate.upgrade(db)
        seed_chain(db, rows)
        times: dict[str, list[float]] = {"full": [], "sampled": []}
        for _ in range(runs):
            for kind, full_rows in (("full", rows), ("sampled", rows - 1)):
                began = time.perf_counter()
                found = doctor.check_audit(db, full_rows=full_rows)
                times[kind].append(time.perf_counter() - began)
                assert found.status is doctor.Status.OK, found
        rss = maxrss_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        full_name = f"doctor_audit_full_{engine}"
        print(bench_line(full_name, times["full"], rss), flush=True)
        base = (full_name, statistics.median(times["full"]) * 1000)
        print(bench_line(f"doctor_audit_sampled_{engine}", times["sampled"], rss, baseline=base))
    finally:
        db.dispose()


def main() -> None:
    runs = int(os.environ.get("BENCH_DOCTOR_RUNS", "3"))
    note(f"one audit chain of {doctor.AUDIT_FULL_ROWS} rows; sample {doctor.AUDIT_SAMPLE}")
    with tempfile.TemporaryDirectory() as folder:
        measure(f"sqlite:///{folder}/bench.sqlite3", "sqlite", runs)
    admin = pg_admin_url()
    if admin is None:
        note("PostgreSQL skipped: set DASHBOARD_BENCH_DATABASE_URL")
        return
    with scratch_postgres(admin) as url:
        measure(url, "postgresql", runs)


if __name__ == "__main__":
    main()
