"""iCalendar re-import of a family calendar, and what naming the events it keeps
("kept, no longer in the file") costs of it.

One person, a file of BENCH_ICS_EVENTS events (default 2,000: weekly series and
single events, decades of a family's calendar), imported once (one audit row each).
Timed, BENCH_RUNS times (default 5): the same file imported again through the service
the screen and the CLI use (`IcsService.import_ics`: parse, match by UID, compare,
every event "already as in the file"): `family_ics_reimport_<engine>`; and the step
that finds where each stored event was last imported from (the audit query,
`EventRepository.latest_changes`) on its own: `family_ics_kept_check_<engine>`, with
its ratio against the whole re-import measured in the same run.

The work runs in a child process per engine (`python bench/family_ics.py run URL`), so
rss_mib is that process's own peak. SQLite in a temporary folder; PostgreSQL in a
scratch database on DASHBOARD_BENCH_DATABASE_URL (else DASHBOARD_TEST_DATABASE_URL),
dropped afterwards."""

from __future__ import annotations

import json
import os
import sys

from _common import ROOT, bench_line, bench_main, run_child

EVENTS = int(os.environ.get("BENCH_ICS_EVENTS", "2000"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def make_file(events: int) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]
    for i in range(events):
        year, day = 2000 + i % 25, 1 + i % 28
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{i}@example.com",
            f"DTSTART;TZID=Europe/Berlin:{year}{1 + i % 12:02d}{day:02d}T{8 + i % 10:02d}0000",
            "DURATION:PT1H",
            f"SUMMARY:Event {i}\\, with a comma",
            *(["RRULE:FREQ=WEEKLY;COUNT=20"] if i % 3 == 0 else []),
            "END:VEVENT",
        ]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def run(url: str) -> None:
    """In the child: seed, time RUNS re-imports and audit queries, print JSON."""
    import resource
    import time

    sys.path.insert(0, str(ROOT))
    from dashboard_tui.account.auth import AuthService
    from dashboard_tui.config import Settings
    from dashboard_tui.db import migrate
    from dashboard_tui.db.uow import Database
    from dashboard_tui.family import EVENT
    from dashboard_tui.family.ics_service import IMPORTED_FROM, IcsService

    db = Database.from_url(url)
    migrate.upgrade(db)
    auth = AuthService(db, Settings(database_url=url))
    me = auth.register("Bench", "bench@example.com", "bench password 123", "bench password 123")
    ics = IcsService(db)
    data = make_file(EVENTS)
    assert ics.import_ics(me.login, data, file_name="bench.ics").created == EVENTS
    actions = [EVENT.action("created"), EVENT.action("edited")]
    again, check = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        done = ics.import_ics(me.login, data, file_name="bench.ics")
        again.append(time.perf_counter() - start)
        assert done.unchanged == EVENTS and done.kept == (), done.lines()[0]
        start = time.perf_counter()
        found = ics._read(me.login, lambda uow: uow.events.latest_changes(actions, IMPORTED_FROM))
        check.append(time.perf_counter() - start)
        assert len(found) == EVENTS
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    db.dispose()
    print(json.dumps({"again": again, "check": check, "rss": rss}))


def measure(engine: str, url: str) -> None:
    found = run_child(__file__, engine, url)
    whole = f"family_ics_reimport_{EVENTS}_{engine}"
    print(bench_line(whole, found["again"], found["rss"]))
    base = sorted(found["again"])[len(found["again"]) // 2] * 1000
    print(
        bench_line(
            f"family_ics_kept_check_{EVENTS}_{engine}",
            found["check"],
            found["rss"],
            baseline=(whole, base),
        )
    )


if __name__ == "__main__":
    raise SystemExit(bench_main(__file__, run, measure))
