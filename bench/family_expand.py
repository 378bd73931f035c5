"""A year of calendar occurrences from 500 recurring series (issue 13, Speed:
expanding a year of occurrences for the agenda ≤ 50 ms).

The series are a family's mix, fixed by a seeded generator: weekly on one to three
days (half of them), every two weeks, daily, monthly on a day or on the nth weekday,
yearly all-day birthdays; in Europe/Berlin, America/New_York or UTC; started up to
five years before the window (so the engine cannot walk them from a fresh start);
a few skipped and moved occurrences each. One run = `kit.recurrence.expand` of every
series over the year 2026, in the profile's zone, merged into one sorted list, with
the rule cache emptied first (a cold expansion, as the first agenda of a session).
BENCH_RUNS runs (default 20); rss_mib is this process's peak."""

from __future__ import annotations

import os
import random
import resource
import statistics
import time as clock
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from _common import bench_line, maxrss_mib, note

from dashboard_tui.kit import recurrence
from dashboard_tui.kit.recurrence import Moved, Series, expand

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
SERIES = 500
ZONES = ("Europe/Berlin", "America/New_York", "UTC")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def make_series(
    rng: random.Random, count: int = SERIES, first: date = date(2021, 1, 4)
) -> list[Series]:
    """`count` series begun in the five years from `first` (bench/family_month.py
    stores them as a family's events)."""
    made = []
    for i in range(count):
        tz = rng.choice(ZONES)
        begins = datetime.combine(first, time(rng.randrange(7, 20), rng.choice((0, 15, 30, 45))))
        begins += timedelta(days=rng.randrange(0, 5 * 365))
        kind = rng.random()
        if kind < 0.5:
            days = ",".join(sorted(rng.sample(DAYS, rng.randrange(1, 4)), key=DAYS.index))
            rule = f"FREQ=WEEKLY;BYDAY={days}"
        elif kind < 0.6:
            rule = f"FREQ=WEEKLY;INTERVAL=2;BYDAY={DAYS[begins.weekday()]}"
        elif kind < 0.7:
            rule = "FREQ=DAILY"
        elif kind < 0.8:
            rule = f"FREQ=MONTHLY;BYMONTHDAY={begins.day}"
        elif kind < 0.85:
            rule = f"FREQ=MONTHLY;BYDAY={rng.choice(('1', '2', '-1'))}{rng.choice(DAYS)}"
        else:
            born = date(1950 + rng.randrange(70), rng.randrange(1, 13), rng.randrange(1, 29))
            made.append(
                Series(born, rule=recurrence.birthday_rule(born), duration=timedelta(days=1), key=i)
            )
            continue
        skipped = tuple(begins + timedelta(weeks=w) for w in rng.sample(range(300), 3))
        moved_from = begins + timedelta(weeks=rng.randrange(260))
        moved_to = (moved_from + timedelta(days=1)).replace(tzinfo=ZoneInfo(tz))
        made.append(
            Series(
                begins,
                tz,
                timedelta(hours=1),
                rule=rule,
                exdates=skipped,
                overrides={moved_from: Moved(moved_to, moved_to + timedelta(hours=1))},
                key=i,
            )
        )
    return made


def main() -> None:
    series = make_series(random.Random(13))
    profile = ZoneInfo("Europe/Berlin")
    start = datetime(2026, 1, 1, tzinfo=profile)
    end = datetime(2027, 1, 1, tzinfo=profile)
    expand(series[0], start, end)  # dateutil imported once, outside the timing
    times, cpu, counts = [], [], set()
    for _ in range(RUNS):
        for cached in vars(recurrence).values():  # every cache of the engine, whatever it adds
            if hasattr(cached, "cache_clear"):
                cached.cache_clear()
        t0, c0 = clock.perf_counter(), clock.process_time()
        found = [o for s in series for o in expand(s, start, end, floating=profile)]
        found.sort(key=lambda o: o.at)
        times.append(clock.perf_counter() - t0)
        cpu.append(clock.process_time() - c0)
        counts.add(len(found))
    note(f"{SERIES} series, {counts.pop()} occurrences in 2026, cold caches each run")
    note(
        f"CPU time median {statistics.median(cpu) * 1000:.1f} ms; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    rss = maxrss_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    print(bench_line("family_expand_year", times, rss), flush=True)


if __name__ == "__main__":
    main()
