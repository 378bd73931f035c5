"""Strong export of 10,000 sets imported (issue 14, Speed: ≤ 3 s,
`gym_import_10k_<engine>`), and a second import of the same file
(`gym_import_again_10k_<engine>`: every workout already there, nothing added).

One person, a file of BENCH_GYM_SETS sets (default 10,000) in Strong's older layout
(`;` separated, quoted, a Weight Unit column): workouts of 5 catalog exercises × 5
sets, plus a plank (time) and a run (distance) in every fifth workout. Each run
imports the file for a new person through the service the screen and the CLI use
(parse, match names, bulk insert, records of every exercise, audit entry, commit);
the figure is that whole call's wall time. The baseline in the same run is the
parse alone (`gym_import_parse_10k`), so the ratio is what the database side costs
on top of reading the file.

The work runs in a child process per engine, so rss_mib is that process's own peak.
SQLite in a temporary folder; PostgreSQL in a scratch database on
DASHBOARD_BENCH_DATABASE_URL (else DASHBOARD_TEST_DATABASE_URL), dropped
afterwards. BENCH_RUNS sets the runs (default 3)."""

from __future__ import annotations

import json
import os
import sys

from _common import ROOT, bench_line, bench_main, run_child

SETS = int(os.environ.get("BENCH_GYM_SETS", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
EXERCISES = ["Back Squat", "Barbell Bench Press", "Deadlift", "Overhead Press", "Barbell Row"]
HEADER = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    "Distance Unit;Seconds;Notes;Workout Notes;Workout Duration"
)


def make_file(sets: int) -> bytes:
    lines = [HEADER]
    n = workout = 0
    while n < sets:
        day = 1 + workout
        year, rest = 2020 + day // 336, day % 336
        when = f"{year}-{1 + rest // 28:02d}-{1 + rest % 28:02d} 07:{workout % 60:02d}:00"
        head = f'"{when}";"Session {workout % 7}"'
        tail = '"";"";"1h 5m"'
        for e, name in enumerate(EXERCISES):
            for s in range(5):
                weight = 40 + (workout * 3 + e * 10 + s * 5) % 120
                lines.append(f'{head};"{name}";{s + 1};{weight};kg;{5 + s};;;;0;{tail}')
                n += 1
        if workout % 5 == 0:
            lines.append(f'{head};"Plank";1;0;kg;0;;;;60;{tail}')
            lines.append(f'{head};"Running";1;0;kg;0;;5;km;1500;{tail}')
            n += 2
        workout += 1
    return ("\n".join(lines) + "\n").encode()


def run(url: str) -> None:
    """In the child: import RUNS times (each for a new person), print JSON timings."""
    import resource
    import time

    sys.path.insert(0, str(ROOT))
    from dashboard_tui.account.auth import AuthService
    from dashboard_tui.config import Settings
    from dashboard_tui.db import migrate
    from dashboard_tui.db.uow import Database
    from dashboard_tui.gym.import_csv import parse
    from dashboard_tui.gym.services import GymService

    db = Database.from_url(url)
    migrate.upgrade(db)
    auth = AuthService(db, Settings(database_url=url))
    gym = GymService(db)
    data = make_file(SETS)
    first, again, parse_only = [], [], []
    for n in range(RUNS):
        start = time.perf_counter()
        parsed = parse(data, "strong")
        parse_only.append(time.perf_counter() - start)
        me = auth.register(
            f"Bench {n}", f"bench{n}@example.com", "bench password 123", "bench password 123"
        ).login
        start = time.perf_counter()
        done = gym.imports.import_file(me, parse(data, "strong"), create_unmatched=True)
        first.append(time.perf_counter() - start)
        assert done.sets_added == parsed.set_count >= SETS, done
        start = time.perf_counter()
        done = gym.imports.import_file(me, parse(data, "strong"))
        again.append(time.perf_counter() - start)
        assert done.workouts_added == 0, done
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    db.dispose()
    print(json.dumps({"first": first, "again": again, "parse": parse_only, "rss": rss}))


def measure(engine: str, url: str) -> None:
    found = run_child(__file__, engine, url)
    label = f"{SETS // 1000}k"
    base_name = f"gym_import_parse_{label}"
    base = sorted(found["parse"])[len(found["parse"]) // 2] * 1000
    print(bench_line(f"{base_name}_{engine}", found["parse"], found["rss"]))
    print(
        bench_line(
            f"gym_import_{label}_{engine}", found["first"], found["rss"], baseline=(base_name, base)
        )
    )
    print(bench_line(f"gym_import_again_{label}_{engine}", found["again"], found["rss"]))


if __name__ == "__main__":
    raise SystemExit(bench_main(__file__, run, measure))
