"""Login → home ready, in-process and without the UI: the service calls the login
and home screens wait on, on SQLite and (when a server is given) PostgreSQL.

- login_home_services_<engine>: AuthService.login (argon2id verify at production
  cost, session row, audit row) + ProfileService.get (what the home screen reads).
- resume_home_services_<engine>: AuthService.resume(token) + ProfileService.get, the
  restart path when the token was remembered.

Each engine gets a freshly seeded database (PostgreSQL: a scratch database, dropped
at the end; it runs when DASHBOARD_BENCH_DATABASE_URL or DASHBOARD_TEST_DATABASE_URL
is set). One warm-up call each first (connection pool, argon2 import). rss_mib is
this process's own peak (getrusage RUSAGE_SELF), argon2's 64 MiB included."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
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
    seed,
)

sys.path.insert(0, str(ROOT))


def timed(call: Callable[[], object], runs: int) -> list[float]:
    call()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def bench_engine(engine: str, url: str, runs: int) -> None:
    from dashboard_tui.account.token_store import MemoryTokenStore
    from dashboard_tui.config import Settings
    from dashboard_tui.context import default_client, open_context

    seed(url)
    ctx = open_context(
        Settings(database_url=url), token_store=MemoryTokenStore(), client=default_client("bench")
    )
    try:

        def login_home() -> None:
            ctx.profiles.get(ctx.auth.login(BENCH_EMAIL, BENCH_PASSWORD))

        token = ctx.auth.login(BENCH_EMAIL, BENCH_PASSWORD).token

        def resume_home() -> None:
            login = ctx.auth.resume(token)
            assert login is not None
            ctx.profiles.get(login)

        calls = {"login_home_services": login_home, "resume_home_services": resume_home}
        for name, call in calls.items():
            times = timed(call, runs)
            rss = maxrss_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
            print(bench_line(f"{name}_{engine}", times, rss), flush=True)
    finally:
        ctx.close()


def main() -> int:
    runs = int(os.environ.get("BENCH_RUNS", "15"))
    tmp = Path(tempfile.mkdtemp(prefix="dashboard-bench-login-"))
    try:
        bench_engine("sqlite", f"sqlite:///{tmp / 'dashboard.sqlite3'}", runs)
        admin_url = pg_admin_url()
        if admin_url:
            with contextlib.ExitStack() as stack:
                bench_engine("postgresql", stack.enter_context(scratch_postgres(admin_url)), runs)
        else:
            note(
                "postgresql skipped: set DASHBOARD_BENCH_DATABASE_URL "
                "(or DASHBOARD_TEST_DATABASE_URL) to a PostgreSQL server"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
