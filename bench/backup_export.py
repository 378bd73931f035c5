"""Backup, restore, export and import of a database with 1,000,000 rows.

The database holds one person's gym and money history (workouts → exercises → sets,
accounts → transactions), seeded with bulk Core inserts (executemany in batches) by
a helper process. Each figure times the command as a person runs it: a
`python -m dashboard_tui …` process from spawn to exit (interpreter start
included), and its own peak RSS (os.wait4), so the streaming of export and import
shows in rss_mib.

- backup_<engine>: `dashboard-tui backup` (SQLite backup API + integrity_check;
  PostgreSQL pg_dump -Fc + pg_restore --list, or the portable export without it).
- restore_<engine>: `dashboard-tui restore` of that backup into an empty database.
- export_<engine>: `dashboard-tui export --user …` of the person (about all rows).
- import_<engine>: `dashboard-tui import` of that export into an empty, migrated
  database (migration not timed).

SQLite runs in a temporary folder; PostgreSQL in scratch databases created and
dropped on DASHBOARD_BENCH_DATABASE_URL (else DASHBOARD_TEST_DATABASE_URL).
BENCH_BACKUP_RUNS sets the runs per figure (default 3, median and p95 over them),
BENCH_BACKUP_ROWS the seeded rows (default 1,000,000)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from _common import (
    BENCH_EMAIL,
    BENCH_PASSWORD,
    ROOT,
    bench_line,
    maxrss_mib,
    note,
    pg_admin_url,
    scratch_postgres,
)

BATCH = 10_000


# -- seeding (in a helper process, so the measuring one stays small) -------------------
def _seed(url: str, rows: int) -> None:
    import uuid
    from datetime import UTC, date, datetime, timedelta

    from sqlalchemy import insert

    from dashboard_tui.account.auth import AuthService
    from dashboard_tui.config import Settings
    from dashboard_tui.db import migrate
    from dashboard_tui.db.catalog_seed import CATALOG, seed_id
    from dashboard_tui.db.uow import Database
    from dashboard_tui.models.finance import FinancialAccount, Transaction
    from dashboard_tui.models.gym import Exercise, ExerciseSet, Workout

    db = Database.from_url(url)
    try:
        migrate.upgrade(db)
        uid = (
            AuthService(db, Settings(database_url=url))
            .register("Bench", BENCH_EMAIL, BENCH_PASSWORD, BENCH_PASSWORD)
            .user.id
        )
        exercises_catalog = [
            seed_id("exercise", str(c["name"])) for c in CATALOG if c["kind"] == "exercise"
        ]
        categories = [
            seed_id("expense_category", str(c["name"]))
            for c in CATALOG
            if c["kind"] == "expense_category"
        ]
        t0 = datetime(2020, 1, 1, 7, 0, tzinfo=UTC)
        d0 = date(2020, 1, 1)
        # Half the rows are gym history: 1 workout, 5 exercises, 40 sets = 46 rows.
        workouts_n = rows // 2 // 46
        accounts_n = 4
        txn_n = rows - workouts_n * 46 - accounts_n
        stamp = {"created_at": t0, "updated_at": t0}

        def bulk(table, make: Callable[[int], dict], count: int) -> list:
            ids = []
            with db.engine.begin() as conn:
                for start in range(0, count, BATCH):
                    batch = [make(i) for i in range(start, min(start + BATCH, count))]
                    ids.extend(r["id"] for r in batch)
                    conn.execute(insert(table), batch)
            return ids

        accounts = bulk(
            FinancialAccount.__table__,
            lambda i: {
                "id": uuid.uuid4(),
                "user_id": uid,
                "name": f"Account {i}",
                "kind": "checking",
                "currency": "EUR",
                "opening_balance_minor": 100_000,
                "archived": False,
                **stamp,
            },
            accounts_n,
        )
        workouts = bulk(
            Workout.__table__,
            lambda i: {
                "id": uuid.uuid4(),
                "user_id": uid,
                "name": f"Workout {i}",
                "date": d0 + timedelta(days=i % 3000),
                "started_at": t0 + timedelta(days=i % 3000),
                "ended_at": t0 + timedelta(days=i % 3000, hours=1),
                "duration_s": 3600,
                "notes": "",
                "template_id": None,
                **stamp,
            },
            workouts_n,
        )
        exercises = bulk(
            Exercise.__table__,
            lambda i: {
                "id": uuid.uuid4(),
                "user_id": uid,
                "workout_id": workouts[i // 5],
                "catalog_item_id": exercises_catalog[i % len(exercises_catalog)],
                "position": i % 5,
                "notes": "",
                **stamp,
            },
            workouts_n * 5,
        )
        bulk(
            ExerciseSet.__table__,
            lambda i: {
                "id": uuid.uuid4(),
                "user_id": uid,
                "exercise_id": exercises[i // 8],
                "position": i % 8,
                "set_type": "working",
                "weight_g": 40_000 + (i % 50) * 2_500,
                "reps": 5 + i % 8,
                "rpe_x10": 70 + (i % 7) * 5,  # RPE 7 to 10 in halves, as a form takes it
                "rir": i % 4,
                "completed_at": t0 + timedelta(seconds=i),
                **stamp,
            },
            workouts_n * 40,
        )
        bulk(
            Transaction.__table__,
            lambda i: {
                "id": uuid.uuid4(),
                "user_id": uid,
                "account_id": accounts[i % accounts_n],
                "date": d0 + timedelta(days=i % 3000),
                "amount_minor": -((i * 7919) % 250_000),
                "currency": "EUR",
                "category_id": categories[i % len(categories)],
                "payee": f"Payee {i % 500}",
                "memo": "",
                "transfer_id": None,
                "status": "cleared",
                "import_fingerprint": None,
                **stamp,
            },
            txn_n,
        )
    finally:
        db.dispose()


def _migrate(url: str) -> None:
    from dashboard_tui.db import migrate
    from dashboard_tui.db.uow import Database

    db = Database.from_url(url)
    try:
        migrate.upgrade(db)
    finally:
        db.dispose()


def _helper(*args: str) -> None:
    subprocess.run([sys.executable, __file__, *args], check=True, cwd=ROOT)


# -- measuring ---------------------------------------------------------------------------
def run_cli(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds and peak RSS (MiB) of one `python -m dashboard_tui …`, and its output."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard_tui", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=ROOT,
    )
    output = proc.stdout.read().decode("utf-8", "replace")  # type: ignore[union-attr]
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"`dashboard-tui {' '.join(args[:2])}` failed: {output.strip()}")
    return seconds, maxrss_mib(usage.ru_maxrss), output.strip()


def measure(
    name: str,
    runs: int,
    env: dict[str, str],
    args_for: Callable[[int], list[str]],
    prepare: Callable[[int], contextlib.AbstractContextManager] | None = None,
) -> None:
    times, peak, last = [], 0.0, ""
    for i in range(runs):
        with prepare(i) if prepare else contextlib.nullcontext():
            seconds, rss, last = run_cli(args_for(i), env)
        times.append(seconds)
        peak = max(peak, rss)
    note(f"{name}: {last.splitlines()[-1] if last else ''}")
    print(bench_line(name, times, peak), flush=True)


def bench_engine(
    engine: str,
    url: str,
    work: Path,
    runs: int,
    rows: int,
    empty_db: Callable[[int], contextlib.AbstractContextManager[str]],
) -> None:
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(work / "data"), "PYTHONPATH": str(ROOT)}
    for var in ("DASHBOARD_DATABASE_URL", "DATABASE_URL", "DASHBOARD_CONFIG"):
        env.pop(var, None)
    env["DASHBOARD_CONFIG_DIR"] = str(work / "config")
    started = time.perf_counter()
    _helper("seed", url, str(rows))
    note(f"{engine}: seeded {rows:,} rows in {time.perf_counter() - started:.1f} s")

    suffix = ".sqlite3" if engine == "sqlite" else ".dump"
    backup = work / f"backup{suffix}"
    measure(
        f"backup_{engine}",
        runs,
        env,
        lambda _i: ["backup", str(backup), "--force", "--database-url", url],
    )

    targets: dict[int, str] = {}

    @contextlib.contextmanager
    def fresh(i: int, migrated: bool) -> Iterator[None]:
        with empty_db(i) as target:
            if migrated:
                _helper("migrate", target)
            targets[i] = target
            yield

    measure(
        f"restore_{engine}",
        runs,
        env,
        lambda i: ["restore", str(backup), "--database-url", targets[i]],
        lambda i: fresh(i, migrated=False),
    )
    export = work / "export.json"
    measure(
        f"export_{engine}",
        runs,
        env,
        lambda _i: ["export", "--user", BENCH_EMAIL, str(export), "--force", "--database-url", url],
    )
    note(f"{engine}: export file {export.stat().st_size / 2**20:.1f} MiB")
    measure(
        f"import_{engine}",
        runs,
        env,
        lambda i: ["import", str(export), "--database-url", targets[i]],
        lambda i: fresh(i, migrated=True),
    )


def main() -> int:
    runs = max(3, int(os.environ.get("BENCH_BACKUP_RUNS", "3")))
    rows = int(os.environ.get("BENCH_BACKUP_ROWS", "1000000"))
    work = Path(tempfile.mkdtemp(prefix="dashboard-bench-backup-"))
    try:
        sqlite_dir = work / "sqlite"
        sqlite_dir.mkdir()

        @contextlib.contextmanager
        def sqlite_empty(i: int) -> Iterator[str]:
            path = sqlite_dir / f"target{i}.sqlite3"
            try:
                yield f"sqlite:///{path}"
            finally:
                for leftover in sqlite_dir.glob(f"target{i}.sqlite3*"):
                    leftover.unlink()

        bench_engine(
            "sqlite",
            f"sqlite:///{sqlite_dir / 'dashboard.sqlite3'}",
            sqlite_dir,
            runs,
            rows,
            sqlite_empty,
        )
        shutil.rmtree(sqlite_dir, ignore_errors=True)

        admin_url = pg_admin_url()
        if admin_url:
            pg_dir = work / "postgresql"
            pg_dir.mkdir()

            def pg_empty(_i: int) -> contextlib.AbstractContextManager[str]:
                return scratch_postgres(admin_url)

            with scratch_postgres(admin_url) as url:
                bench_engine("postgresql", url, pg_dir, runs, rows, pg_empty)
        else:
            note(
                "postgresql skipped: set DASHBOARD_BENCH_DATABASE_URL "
                "(or DASHBOARD_TEST_DATABASE_URL) to a PostgreSQL server"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.path.insert(0, str(ROOT))
        command, *rest = sys.argv[1:]
        if command == "seed":
            _seed(rest[0], int(rest[1]))
        elif command == "migrate":
            _migrate(rest[0])
        else:
            raise SystemExit(f"unknown command {command!r}")
    else:
        raise SystemExit(main())
