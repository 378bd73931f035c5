"""What the per-user write lock costs one writer alone (issue 9, item 5): every write
for a known user takes that user's advisory lock first on PostgreSQL
(Database.lock_user), one more statement per unit of work.

- log_set_pg / profile_update_pg: SetService.log_set (a set on one exercise, its
  records rebuilt, an audit row) and ProfileService.update, one writer, as the app
  runs them;
- *_unlocked: the same calls on a Database whose lock_user does nothing (the code
  before the lock), the baseline of the ratio.
The two variants alternate call by call (first one, then the other first), so a drift
of the machine, or the history growing, hits both alike.
PostgreSQL only (DASHBOARD_BENCH_DATABASE_URL, else DASHBOARD_TEST_DATABASE_URL; a
scratch database, dropped at the end): on SQLite the lock is not taken at all.
BENCH_RUNS calls of each (default 200) after 20 warm-up calls."""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from collections.abc import Callable

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


def bench(url: str, runs: int) -> None:
    from dashboard_tui.account.auth import AuthService
    from dashboard_tui.account.profile import ProfileService
    from dashboard_tui.config import Settings
    from dashboard_tui.db.catalog_seed import seed_id
    from dashboard_tui.db.uow import Database
    from dashboard_tui.gym.services import GymService

    class Unlocked(Database):
        def lock_user(self, session, user_id) -> None:
            pass

    seed(url)
    locked, unlocked = Database.from_url(url), Unlocked.from_url(url)
    try:
        login = AuthService(locked, Settings(database_url=url)).login(BENCH_EMAIL, BENCH_PASSWORD)
        gym = GymService(locked)
        workout = gym.workouts.start_workout(login).workout
        squat = gym.workouts.add_exercise(login, workout.id, seed_id("exercise", "Back Squat"))
        # Every call changes the timezone, so every update writes its audit row.
        zones = ["UTC", "Europe/Madrid", "Asia/Tokyo"]
        turn = iter(range(10**9))

        def calls(db: Database) -> dict[str, Callable[[int], object]]:
            sets, profiles = GymService(db).sets, ProfileService(db)
            return {
                "log_set_pg": lambda i: sets.log_set(
                    login, squat.id, weight=f"{60 + i % 40}kg", reps=1 + i % 12
                ),
                "profile_update_pg": lambda i: profiles.update(
                    login,
                    weight_unit="kg",
                    currency="EUR",
                    timezone=zones[next(turn) % 3],
                    theme="nord",
                ),
            }

        variants = {"": calls(locked), "_unlocked": calls(unlocked)}
        for name in variants[""]:
            times: dict[str, list[float]] = {suffix: [] for suffix in variants}
            for i in range(20 + runs):
                order = list(variants.items())
                for suffix, variant in order if i % 2 else reversed(order):
                    start = time.perf_counter()
                    variant[name](i)
                    if i >= 20:
                        times[suffix].append(time.perf_counter() - start)
            rss = maxrss_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
            base = f"{name}_unlocked"
            print(bench_line(base, times["_unlocked"], rss), flush=True)
            baseline = (base, statistics.median(times["_unlocked"]) * 1000)
            print(bench_line(name, times[""], rss, baseline=baseline), flush=True)
    finally:
        locked.dispose()
        unlocked.dispose()


def main() -> int:
    runs = int(os.environ.get("BENCH_RUNS", "200"))
    admin_url = pg_admin_url()
    if not admin_url:
        note(
            "skipped: set DASHBOARD_BENCH_DATABASE_URL (or DASHBOARD_TEST_DATABASE_URL) "
            "to a PostgreSQL server; on SQLite the lock is not taken"
        )
        return 0
    with scratch_postgres(admin_url) as url:
        bench(url, runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
