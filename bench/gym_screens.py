"""The screens at scale, in the UI, against a bare Textual app: press a key, time the
first frame that shows the screen with its data, and the moment it has settled.
`make bench-screens` runs this and bench/startup.py alone.

- The floor, `screen_bare_first` / `screen_bare_settled`: a bare Textual app that
  builds a NEW screen on each press, with widgets like ours (a header line, three
  labels, a 20x6 table, a footer of 8 keys).
- Per engine (`sqlite`, `postgresql`), one scratch database seeded in bulk by a helper
  process: user A with 5 years of training ending today (4 workouts a week, about
  1,040 workouts of 6 catalog exercises, >= 200,000 sets, progressive weights,
  warm-ups and working sets, personal records computed by the app's own code) and
  >= 100,000 audit rows on a valid hash chain; user B beside with a tenth of that.
- Another process opens the app (Textual's headless Pilot, 120x40, logged in by a
  remembered token, so it opens at home) and, for each screen, reports
  `<screen>_first_<engine>` (key press -> `is_ready` and that frame painted) and
  `<screen>_settled_<engine>` (-> its background work done, every widget's messages
  handled, painted), each with its ratio to the bare app's figure of the same kind:
  - gym_area: "1" on home -> GymScreen (the first page of workouts);
  - workout: "enter" on it -> WorkoutScreen (the newest workout);
  - progress: "p" on it -> ProgressScreen (its first exercise);
  - audit: "5" on home -> the audit table has rows.
  Keys go in at once, as a fast typist's would: no wait for the previous screen's
  background work. The first round is a warm-up (its times go to a note), then
  BENCH_RUNS rounds (default 10). rss_mib is the measuring process's peak.
- `memory_rounds` (SQLite): the gym area, a workout and its progress opened
  BENCH_MEMORY_ROUNDS times (default 100; 0 skips it); resident memory after the
  warm-up round and at the end, and the growth.

Reaching 200,000 sets in ~1,040 workouts of 6 exercises takes ~32 sets per exercise:
a heavier workout than a real one, so the workout screen is a worst case. SQLite is
not ANALYZEd after seeding (the app never runs ANALYZE); PostgreSQL is.

PostgreSQL (DASHBOARD_BENCH_DATABASE_URL, else DASHBOARD_TEST_DATABASE_URL; skipped
with a note without either): the scratch database gets the two roles of
`db create-roles`, is migrated by the owner and seeded as the given (superuser)
role, and the app runs as the app role, so row-level security holds as in
production. Databases and roles are dropped at the end, on failure too.
BENCH_GYM_SETS (default 200,000) and BENCH_GYM_AUDIT (default 100,000) size it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from _common import ROOT, bench_line, maxrss_mib, note, pg_admin_url, scratch_postgres

EMAIL_A, EMAIL_B = "gym-a@example.com", "gym-b@example.com"
PASSWORD = "bench password 123"  # noqa: S105 - scratch accounts, dropped after
YEARS = 5
TRAINING_WEEKDAYS = (0, 1, 3, 4)  # Mon, Tue, Thu, Fri: 4 workouts a week
OTHER_SHARE = 10  # user B has 1/10 of A's history
WARMUPS = 2  # warm-up sets per exercise; the rest are working sets
BATCH = 5_000
ACTION_TIMEOUT_S = 60.0

# (day name, its six exercises): a push/pull/legs/upper split over the shipped catalog.
DAYS = (
    (
        "Push",
        (
            "Barbell Bench Press",
            "Overhead Press",
            "Incline Dumbbell Press",
            "Dumbbell Lateral Raise",
            "Triceps Pushdown",
            "Cable Crossover",
        ),
    ),
    (
        "Pull",
        (
            "Deadlift",
            "Barbell Row",
            "Lat Pulldown",
            "Seated Cable Row",
            "Face Pull",
            "Barbell Curl",
        ),
    ),
    (
        "Legs",
        (
            "Back Squat",
            "Romanian Deadlift",
            "Leg Press",
            "Lying Leg Curl",
            "Leg Extension",
            "Standing Calf Raise",
        ),
    ),
    (
        "Upper",
        (
            "Incline Barbell Bench Press",
            "Seated Dumbbell Shoulder Press",
            "One-Arm Dumbbell Row",
            "Machine Row",
            "Hammer Curl",
            "Skull Crusher",
        ),
    ),
)
EXERCISES_PER_WORKOUT = 6
# Estimated one-rep max (kg) at the start of the history; others start at 30 kg.
START_E1RM_KG = {
    "Barbell Bench Press": 70,
    "Overhead Press": 42,
    "Incline Barbell Bench Press": 60,
    "Deadlift": 120,
    "Barbell Row": 65,
    "Back Squat": 95,
    "Romanian Deadlift": 90,
    "Leg Press": 160,
    "Lat Pulldown": 60,
    "Seated Cable Row": 60,
    "Machine Row": 60,
    "Standing Calf Raise": 80,
}
REP_SCHEME = (5, 5, 5, 6, 8, 8, 10, 10, 12, 8, 6, 3)  # working sets cycle through it


@dataclass(frozen=True)
class Plan:
    """How much history user A gets (B gets a tenth of the workouts and audit rows)."""

    workouts: int
    sets_per_exercise: int
    audit_rows: int

    @property
    def sets(self) -> int:
        return self.workouts * EXERCISES_PER_WORKOUT * self.sets_per_exercise

    @classmethod
    def years(cls, years: int, sets: int, audit_rows: int) -> Plan:
        """4 workouts a week for `years` years ending today; as many sets per exercise
        as it takes to reach `sets` (200k over ~1,040 workouts: ~32 per exercise)."""
        today = datetime.now(UTC).date()
        span = 365 * years + years // 4
        workouts = sum(
            (today - timedelta(days=i)).weekday() in TRAINING_WEEKDAYS for i in range(span)
        )
        per_exercise = max(WARMUPS + 1, math.ceil(sets / (workouts * EXERCISES_PER_WORKOUT)))
        return cls(workouts, per_exercise, audit_rows)


@dataclass(frozen=True)
class SeedInfo:
    email: str
    password: str
    token: str  # a session of user A, for the app to resume (opens at home)
    workouts: int
    sets: int
    audit_rows: int  # user A's chain, verified
    records: int
    seconds: float


# -- seeding ---------------------------------------------------------------------------
def seed_gym(url: str, plan: Plan, *, migrate_url: str | None = None) -> SeedInfo:
    """Migrate `url` (as `migrate_url`'s role when given), register A and B through
    the services, bulk-insert their history, compute their records and log A in.
    On PostgreSQL `url`'s role must bypass row-level security (a superuser does)."""
    import random

    from dashboard_tui.account.passwords import Passwords, cheap_hasher
    from dashboard_tui.account.token_store import MemoryTokenStore
    from dashboard_tui.audit.history import AuditHistoryService
    from dashboard_tui.config import Settings
    from dashboard_tui.context import open_context
    from dashboard_tui.db import migrate
    from dashboard_tui.db.audit_chain import ClientInfo
    from dashboard_tui.db.uow import Database
    from dashboard_tui.gym.services import GymService
    from dashboard_tui.gym.services.base import GymWork
    from dashboard_tui.gym.services.records import refresh_records

    started = time.perf_counter()
    owner_db = Database.from_url(migrate_url or url)
    try:
        migrate.upgrade(owner_db)
    finally:
        owner_db.dispose()

    today = datetime.now(UTC).date()
    days_a = _training_days(today, plan.workouts)
    days_b = days_a[::OTHER_SHARE]
    # Registered as of the day before the history starts, so their audit rows come
    # first in time as in the chain; A's login for the app is made at the real now.
    now = [datetime.combine(days_a[0] - timedelta(days=1), datetime.min.time(), UTC)]
    client = ClientInfo("bench-host", "dashboard-tui bench")
    ctx = open_context(
        Settings(database_url=url),
        passwords=Passwords(cheap_hasher()),
        clock=lambda: now[0],
        token_store=MemoryTokenStore(),
        client=client,
    )
    try:
        rng = random.Random(20261123)  # repeatable data, not secrets
        logins = []
        for name, email, days, audit_rows in (
            ("Alex Bench", EMAIL_A, days_a, plan.audit_rows),
            ("Billie Bench", EMAIL_B, days_b, plan.audit_rows // OTHER_SHARE),
        ):
            login = ctx.auth.register(name, email, PASSWORD, PASSWORD).login
            assert login is not None, "registration is not open"
            _bulk_history(ctx.db, login.user.id, days, plan.sets_per_exercise, audit_rows, rng)
            logins.append(login)
        now[0] = datetime.now(UTC)
        # The registrations' sessions expired years ago (on the seeding clock): a
        # login made now is what every service call below acts by.
        app_login = ctx.auth.login(EMAIL_A, PASSWORD)
        items = _catalog_ids()
        for login in logins:
            ctx.db.run(
                lambda s, login=login: [
                    refresh_records(GymWork(s, login, now[0], client), items[name])
                    for _, names in DAYS
                    for name in names
                ],
                user_id=login.user.id,
            )
        if not ctx.db.is_sqlite:
            # Production has autovacuum's statistics; a bulk load has none yet.
            with ctx.db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM ANALYZE"
                )
        seeded = time.perf_counter() - started
        chain = ctx.services(AuditHistoryService).chain_state(app_login)
        if not chain.ok:
            raise SystemExit(f"seeded audit chain does not verify: {chain}")
        verified = time.perf_counter() - started - seeded
        note(f"audit chain of A verified ({chain.rows:,} rows) in {verified:.1f} s")
        records = len(ctx.services(GymService).progress.record_board(app_login))
    finally:
        ctx.close()
    return SeedInfo(
        email=EMAIL_A,
        password=PASSWORD,
        token=app_login.token or "",
        workouts=len(days_a),
        sets=len(days_a) * EXERCISES_PER_WORKOUT * plan.sets_per_exercise,
        audit_rows=chain.rows,
        records=records,
        seconds=seeded,
    )


def _training_days(today: date, count: int) -> list[date]:
    """The last `count` training days up to today, oldest first."""
    days: list[date] = []
    day = today
    while len(days) < count:
        if day.weekday() in TRAINING_WEEKDAYS:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def _catalog_ids() -> dict[str, uuid.UUID]:
    from dashboard_tui.db.catalog_seed import CATALOG, seed_id

    shipped = {str(c["name"]) for c in CATALOG if c["kind"] == "exercise"}
    names = {name for _, day in DAYS for name in day}
    missing = names - shipped
    assert not missing, f"not in the shipped catalog: {missing}"
    return {name: seed_id("exercise", name) for name in names}


def _round_to(grams: float, step: int) -> int:
    return max(step, int(round(grams / step)) * step)


def _bulk_history(
    db: Any,  # dashboard_tui.db.uow.Database (imported lazily)
    user_id: uuid.UUID,
    days: list[date],
    per_exercise: int,
    audit_rows: int,
    rng: Any,  # random.Random
) -> None:
    """Workouts → exercises → sets for one user on `days`, with `audit_rows` audit
    rows spread evenly over the history (gym.workout.created, gym.exercise.created,
    gym.set.created / .edited, gym.workout.finished), appended to the user's hash
    chain with the app's own row_hash, in one transaction of Core executemany."""
    from types import SimpleNamespace

    from sqlalchemy import insert, select, update

    from dashboard_tui.db.audit_chain import jsonable, row_hash
    from dashboard_tui.models.gym import Exercise, ExerciseSet, Workout
    from dashboard_tui.models.shared import AuditHead, AuditLog

    items = _catalog_ids()
    chain = str(user_id)
    per_workout = 2 + EXERCISES_PER_WORKOUT * (1 + per_exercise)  # audit events
    total_events = per_workout * len(days)
    audit_rows = min(audit_rows, total_events)
    start_day = days[0]
    span_days = max(1, (days[-1] - start_day).days)
    noise = {name: 1.0 for name in items}
    buffers: dict[Any, list[dict[str, Any]]] = {
        Workout.__table__: [],
        Exercise.__table__: [],
        ExerciseSet.__table__: [],
        AuditLog.__table__: [],
    }
    event_no = 0
    now = datetime.now(UTC)

    with db.engine.begin() as conn:
        head = conn.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.chain == chain))
        seq, prev = head.one()

        def flush(force: bool = False) -> None:
            # All tables at once, parents first: foreign keys are checked per statement.
            if force or any(len(rows) >= BATCH for rows in buffers.values()):
                for table, rows in buffers.items():
                    if rows:
                        conn.execute(insert(table), rows)
                        rows.clear()

        def event(
            action: str,
            entity: str,
            row: dict[str, Any],
            at: datetime,
            before: dict[str, Any] | None = None,
        ) -> None:
            nonlocal event_no, seq, prev
            keep = (event_no * audit_rows) // total_events != (
                (event_no + 1) * audit_rows
            ) // total_events
            event_no += 1
            if not keep:
                return
            seq += 1
            fields = {
                "id": uuid.uuid4(),
                "user_id": user_id,
                "actor_id": user_id,
                "chain": chain,
                "seq": seq,
                "at": at,
                "host": "bench-host",
                "client": "dashboard-tui bench",
                "action": action,
                "entity": entity,
                "entity_id": str(row["id"]),
                "before": jsonable(before) if before is not None else None,
                "after": jsonable(row),
            }
            digest = row_hash(SimpleNamespace(**fields), prev)
            buffers[AuditLog.__table__].append({**fields, "prev_hash": prev, "hash": digest})
            prev = digest

        for number, day in enumerate(days):
            day_name, names = DAYS[number % len(DAYS)]
            progress = (day - start_day).days / span_days
            deload = 0.9 if (day - start_day).days // 7 % 8 == 7 else 1.0  # every 8th week
            started = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=6)
            set_gap = timedelta(seconds=40)
            duration = set_gap * (EXERCISES_PER_WORKOUT * per_exercise + 10)
            if started + duration > now:  # today's session, before it happened
                started = now - duration - timedelta(minutes=5)
            workout = {
                "id": uuid.uuid4(),
                "user_id": user_id,
                "name": day_name,
                "date": day,
                "started_at": started,
                "ended_at": started + duration,
                "duration_s": int(duration.total_seconds()),
                "notes": "",
                "template_id": None,
                "created_at": started,
                "updated_at": started + duration,
            }
            buffers[Workout.__table__].append(workout)
            event("gym.workout.created", "workout", workout, started)
            at = started
            for position, name in enumerate(names):
                exercise = {
                    "id": uuid.uuid4(),
                    "user_id": user_id,
                    "workout_id": workout["id"],
                    "catalog_item_id": items[name],
                    "position": position,
                    "notes": "",
                    "created_at": at,
                    "updated_at": at,
                }
                buffers[Exercise.__table__].append(exercise)
                event("gym.exercise.created", "exercise", exercise, at)
                # e1RM: +50% over the history, fastest early; a slow random walk on top.
                noise[name] = min(1.06, max(0.94, noise[name] * rng.uniform(0.985, 1.015)))
                e1rm_g = (
                    START_E1RM_KG.get(name, 30)
                    * 1000
                    * (1 + 0.5 * (1 - math.exp(-3 * progress)))
                    * noise[name]
                    * deload
                )
                step = 2500 if e1rm_g >= 40_000 else 1000
                for set_no in range(per_exercise):
                    at += set_gap
                    if set_no < WARMUPS:
                        set_type, reps = "warmup", 10 - 5 * set_no
                        weight = _round_to(e1rm_g * (0.4 + 0.2 * set_no), step)
                        rpe = None
                    else:
                        set_type = "working"
                        reps = REP_SCHEME[(set_no - WARMUPS + number) % len(REP_SCHEME)]
                        reps = max(1, reps + rng.choice((-1, 0, 0, 0, 1)))
                        weight = _round_to(e1rm_g / (1 + (reps + 2) / 30), step)
                        rpe = rng.choice((70, 75, 80, 80, 85, 90, 95))
                    row = {
                        "id": uuid.uuid4(),
                        "user_id": user_id,
                        "exercise_id": exercise["id"],
                        "position": set_no,
                        "set_type": set_type,
                        "weight_g": weight,
                        "reps": reps,
                        "rpe_x10": rpe,
                        "rir": (100 - rpe) // 10 if rpe else None,
                        "completed_at": at,
                        "created_at": at,
                        "updated_at": at,
                    }
                    buffers[ExerciseSet.__table__].append(row)
                    if set_no % 20 == 19:  # now and then a typo fixed afterwards
                        typo = {**row, "reps": reps + 10}
                        event("gym.set.edited", "exercise_set", row, at, before=typo)
                    else:
                        event("gym.set.created", "exercise_set", row, at)
            finished = dict(workout)
            event("gym.workout.finished", "workout", finished, workout["ended_at"])
            flush()
        flush(force=True)
        conn.execute(update(AuditHead).where(AuditHead.chain == chain).values(seq=seq, hash=prev))


# -- measuring (in its own process: rss_mib is its peak) -----------------------------------
BARE = "screen_bare"
KEY_CHARS = {"1": "1", "5": "5", "p": "p", "enter": "\r", "escape": "\x1b"}
GYM_SCREENS = (
    ("gym_area", "1", "dashboard_tui.gym.ui.area", "GymScreen"),
    ("workout", "enter", "dashboard_tui.gym.ui.workout", "WorkoutScreen"),
    ("progress", "p", "dashboard_tui.gym.ui.progress", "ProgressScreen"),
)
MEMORY_ROUNDS = 100


def gym_screen_classes() -> list[type] | str:
    """The three gym screens, or why they cannot be measured (yet). Each says it has
    loaded with an `is_ready` attribute or property (checked on the instance)."""
    import importlib

    classes = []
    for _, _, module, name in GYM_SCREENS:
        try:
            classes.append(getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError) as exc:
            return f"{module}.{name} is missing ({exc})"
    return classes


def measure_app(url: str, token: str, runs: int, part: str) -> dict[str, Any]:
    """Times (s) per figure of `part` ('gym': the three gym screens in a row, or
    'audit') over `runs` rounds after one warm-up round, and this process's peak RSS
    (MiB). One part per process, so each part's RSS is its own."""
    import resource

    from dashboard_tui.account.passwords import Passwords, cheap_hasher
    from dashboard_tui.account.token_store import MemoryTokenStore
    from dashboard_tui.app import make_app
    from dashboard_tui.config import Settings

    screens = gym_screen_classes() if part == "gym" else []
    if isinstance(screens, str):
        note(f"gym figures skipped: {screens}")
        return {"times": {}, "warmup": {}, "rss_mib": 0.0}
    tokens = MemoryTokenStore()
    tokens.set(token)
    app = make_app(
        Settings(database_url=url), passwords=Passwords(cheap_hasher()), token_store=tokens
    )
    times: dict[str, list[float]] = {}
    warmup: dict[str, float] = {}
    asyncio.run(_rounds(app, screens, part == "audit", runs, times, warmup))
    return {
        "times": times,
        "warmup": warmup,
        "full_collections": FULL_COLLECTIONS,
        "rss_mib": maxrss_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
    }


async def _rounds(
    app: Any,  # DashboardApp
    screens: list[type],
    audit: bool,
    runs: int,
    times: dict[str, list[float]],
    warmup: dict[str, float],
) -> None:
    from textual.css.query import NoMatches

    from dashboard_tui.audit.ui.history import AuditScreen
    from dashboard_tui.ui.home import HomeScreen
    from dashboard_tui.widgets.paged_table import PagedTable

    def audit_ready() -> bool:
        if not isinstance(app.screen, AuditScreen):
            return False
        try:
            return app.screen.query_one("#audit-table", PagedTable).row_count > 0
        except NoMatches:  # not composed yet
            return False

    def showing(cls: type) -> Any:
        return lambda: isinstance(app.screen, cls) and getattr(app.screen, "is_ready", False)

    # Textual runs thread workers in the loop's default executor: count them there.
    pool = CountingExecutor()
    asyncio.get_running_loop().set_default_executor(pool)
    async with app.run_test(size=(120, 40)) as pilot:
        await _wait(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
        await _settle(pilot, pool)
        for round_no in range(runs + 1):
            took: dict[str, float] = {}
            for (name, key, _, _), cls in zip(GYM_SCREENS, screens, strict=False):
                took[f"{name}_first"], took[f"{name}_settled"] = await _timed(
                    pilot, key, showing(cls), pool
                )
            if audit:
                took["audit_first"], took["audit_settled"] = await _timed(
                    pilot, "5", audit_ready, pool
                )
            await _home(pilot, HomeScreen, pool)
            if round_no == 0:
                warmup.update(took)
            else:
                for name, seconds in took.items():
                    times.setdefault(name, []).append(seconds)


def measure_bare(runs: int) -> dict[str, Any]:
    """The floor: a bare Textual app that builds a NEW screen on each press, with
    widgets comparable to ours (a header line, three labels, a 20x6 table, a footer
    with 8 keys), timed the same way: first frame with its rows, then settled."""
    import resource

    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header, Static

    class BareList(Screen[None]):
        BINDINGS = [Binding("escape", "app.pop_screen", "Back")] + [
            Binding(k, "noop", f"Action {k}") for k in "nedsptw"
        ]
        is_ready = False

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("This week: 4 workouts · 96 sets · 9,000 kg")
            yield Static("Last week: 4 workouts · 92 sets · 8,700 kg")
            yield Static("Workouts (w)  Templates (t)  Cardio (c)")
            yield DataTable(cursor_type="row")
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Date", "Workout", "Exercises", "Sets", "Volume", "Status")
            for i in range(20):
                table.add_row(f"2026-11-{i % 28 + 1:02d}", f"Workout {i}", 6, 32, "9,000 kg", "")
            self.is_ready = True

        def action_noop(self) -> None:
            pass

    class BareApp(App[None]):
        BINDINGS = [Binding("1", "open", "List")]

        def action_open(self) -> None:
            self.push_screen(BareList())  # built anew each time, as our screens are

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("home")
            yield Footer()

    async def rounds(times: dict[str, list[float]]) -> None:
        pool = CountingExecutor()
        asyncio.get_running_loop().set_default_executor(pool)
        app = BareApp()
        async with app.run_test(size=(120, 40)) as pilot:
            await _settle(pilot, pool)
            for round_no in range(runs + 1):
                first, settled = await _timed(
                    pilot, "1", lambda: getattr(app.screen, "is_ready", False), pool
                )
                if round_no:
                    times.setdefault(f"{BARE}_first", []).append(first)
                    times.setdefault(f"{BARE}_settled", []).append(settled)
                await pilot.press("escape")
                await _settle(pilot, pool)

    times: dict[str, list[float]] = {}
    asyncio.run(rounds(times))
    return {
        "times": times,
        "rss_mib": maxrss_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
    }


class CountingExecutor(ThreadPoolExecutor):
    """A thread pool that knows how many of its calls are queued or running."""

    def __init__(self) -> None:
        super().__init__()
        self.pending = 0
        self._lock = threading.Lock()

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._lock:
            self.pending += 1

        def counted() -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                with self._lock:
                    self.pending -= 1

        return super().submit(counted)


async def _wait(pilot: Any, ready: Any, what: str) -> None:
    deadline = time.perf_counter() + ACTION_TIMEOUT_S
    while not ready():
        if time.perf_counter() > deadline:
            raise SystemExit(f"timed out waiting for {what}; screen is {pilot.app.screen!r}")
        await asyncio.sleep(0.001)


# [full collections during timed presses, timed presses, their longest in ms]
FULL_COLLECTIONS: list[float] = [0, 0, 0.0]
_FULL_STARTED = [0.0]


def _count_full_collections(phase: str, info: dict[str, Any]) -> None:
    if info["generation"] != 2:
        return
    if phase == "start":
        FULL_COLLECTIONS[0] += 1
        _FULL_STARTED[0] = time.perf_counter()
    elif _FULL_STARTED[0]:
        took = (time.perf_counter() - _FULL_STARTED[0]) * 1000
        FULL_COLLECTIONS[2] = max(FULL_COLLECTIONS[2], took)


async def _timed(pilot: Any, key: str, ready: Any, pool: CountingExecutor) -> tuple[float, float]:
    """Seconds from the key press until the first frame that shows the screen with its
    data (`ready()` holds and that frame is painted), and until it has settled (its
    background work done, every widget's messages handled, the next frame painted).
    The key goes in at once, as a fast typist's would: no wait for the previous
    screen's background work, and none of the idle waits Pilot.press adds."""
    import gc

    from textual import events

    app = pilot.app
    gc.callbacks.append(_count_full_collections)
    try:
        start = time.perf_counter()
        app._driver.send_message(events.Key(key, KEY_CHARS[key]))
        await _wait(pilot, ready, f"{key!r} to open its screen")
        await app.wait_for_refresh()  # returns once the screen has painted what changed
        first = time.perf_counter() - start
        await _settle(pilot, pool)
        settled = time.perf_counter() - start
    finally:
        gc.callbacks.remove(_count_full_collections)
    FULL_COLLECTIONS[1] += 1
    return first, settled


async def _settle(pilot: Any, pool: CountingExecutor) -> None:
    """Until nothing is left to do: thread workers finished (counted in the pool, not
    by workers: a worker cancelled with its screen reads as finished while its thread
    runs on), every widget's queue empty, and what that changed painted."""
    await _wait(pilot, lambda: pool.pending == 0, "background work to finish")
    await pilot._wait_for_screen()
    await pilot.app.wait_for_refresh()


async def _home(pilot: Any, home: type, pool: CountingExecutor) -> None:
    for _ in range(6):
        if isinstance(pilot.app.screen, home):
            break
        await pilot.press("escape")
    await _wait(pilot, lambda: isinstance(pilot.app.screen, home), "the home screen")
    await _settle(pilot, pool)


# -- orchestration (this process stays small: stdlib only) -----------------------------------
def _run_helper(*args: str) -> Any:
    """Run `gym_screens.py <args>` in a fresh process; its stdout is one JSON value."""
    proc = subprocess.run(
        [sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    if proc.returncode != 0:
        raise SystemExit(f"gym_screens helper {args[0]} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def pg_roles(admin_url: str) -> Iterator[tuple[str, str]]:
    """Names for `db create-roles`' owner and app roles; dropped at the end (after
    the databases, which the caller drops first), whatever happens."""
    tag = uuid.uuid4().hex[:10]
    owner, app = f"dashboard_bench_owner_{tag}", f"dashboard_bench_app_{tag}"
    try:
        yield owner, app
    finally:
        _run_helper("drop-roles", admin_url, owner, app)


def with_roles(url: str, owner: str, app: str) -> tuple[str, str, str]:
    """The roles set up on a scratch database: its (superuser, owner, app) URLs."""
    urls = _run_helper("create-roles", url, owner, app)
    return url, urls["owner"], urls["app"]


def bench_engine(
    engine: str, urls: tuple[str, str, str], plan: Plan, runs: int, bare: dict[str, float]
) -> str:
    """urls: the (seeding, migrating, app) URLs. Each figure is quoted against the bare
    app's of the same kind (`bare`: median ms of screen_bare_first / _settled). Returns
    the remembered login's token, for the memory rounds."""
    seed_url, migrate_url, app_url = urls
    info = _run_helper("seed", seed_url, migrate_url, json.dumps(asdict(plan)))
    note(
        f"{engine}: seeded {info['workouts']:,} workouts, {info['sets']:,} sets (A; B a "
        f"tenth), {info['audit_rows']:,} audit rows of A, {info['records']} exercises "
        f"with records, in {info['seconds']:.1f} s"
    )
    for part in ("gym", "audit"):
        got = _run_helper("measure", app_url, info["token"], str(runs), part)
        warm = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in got["warmup"].items())
        if warm:
            note(f"{engine}: warm-up round (not counted): {warm}")
        full, presses, longest = got["full_collections"]
        note(
            f"{engine} {part}: {full:.0f} full collections during {presses:.0f} timed key "
            f"presses, the longest {longest:.0f} ms"
        )
        for name, times in got["times"].items():
            kind = "first" if name.endswith("_first") else "settled"
            baseline = (f"{BARE}_{kind}", bare[kind])
            print(bench_line(f"{name}_{engine}", times, got["rss_mib"], baseline=baseline))
    return str(info["token"])


def measure_memory(url: str, token: str, rounds: int) -> dict[str, float]:
    """RSS (MiB, resident now, not the peak) after one warm-up round of opening the gym
    area, a workout and its progress, and after `rounds` more: what an app left open
    all day keeps."""
    import gc

    from dashboard_tui.account.passwords import Passwords, cheap_hasher
    from dashboard_tui.account.token_store import MemoryTokenStore
    from dashboard_tui.app import make_app
    from dashboard_tui.config import Settings
    from dashboard_tui.ui.home import HomeScreen

    screens = gym_screen_classes()
    assert not isinstance(screens, str), screens
    tokens = MemoryTokenStore()
    tokens.set(token)
    app = make_app(
        Settings(database_url=url), passwords=Passwords(cheap_hasher()), token_store=tokens
    )
    rss: dict[str, float] = {}

    def resident_mib() -> float:
        gc.collect()
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20

    async def go() -> None:
        pool = CountingExecutor()
        asyncio.get_running_loop().set_default_executor(pool)
        async with app.run_test(size=(120, 40)) as pilot:
            await _wait(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
            for n in range(rounds + 1):
                for (_, key, _, _), cls in zip(GYM_SCREENS, screens, strict=True):
                    ready = (lambda c: lambda: isinstance(app.screen, c) and app.screen.is_ready)(
                        cls
                    )
                    await _timed(pilot, key, ready, pool)
                await _home(pilot, HomeScreen, pool)
                if n == 0:
                    rss["start"] = resident_mib()
            rss["end"] = resident_mib()

    asyncio.run(go())
    return rss


def main() -> int:
    runs = max(1, int(os.environ.get("BENCH_RUNS", "10")))
    sets = int(os.environ.get("BENCH_GYM_SETS", "200000"))
    audit_rows = int(os.environ.get("BENCH_GYM_AUDIT", "100000"))
    rounds = int(os.environ.get("BENCH_MEMORY_ROUNDS", str(MEMORY_ROUNDS)))
    plan = Plan.years(YEARS, sets, audit_rows)
    note(
        f"plan: {plan.workouts:,} workouts x {EXERCISES_PER_WORKOUT} exercises x "
        f"{plan.sets_per_exercise} sets = {plan.sets:,} sets, {plan.audit_rows:,} audit rows"
    )
    bare = _run_helper("measure-bare", str(runs))
    medians = {}
    for kind in ("first", "settled"):
        times = bare["times"][f"{BARE}_{kind}"]
        print(bench_line(f"{BARE}_{kind}", times, bare["rss_mib"]), flush=True)
        medians[kind] = statistics.median(times) * 1000
    work = Path(tempfile.mkdtemp(prefix="dashboard-bench-gym-"))
    try:
        url = f"sqlite:///{work / 'large.sqlite3'}"
        token = bench_engine("sqlite", (url, url, url), plan, runs, medians)
        if rounds:
            rss = _run_helper("memory", url, token, str(rounds))
            print(
                f"BENCH memory_rounds rss_start_mib={rss['start']:.1f} "
                f"rss_end_mib={rss['end']:.1f} growth_mib={rss['end'] - rss['start']:.1f} "
                f"rounds={rounds}",
                flush=True,
            )
        shutil.rmtree(work, ignore_errors=True)

        admin_url = pg_admin_url()
        if admin_url:
            with pg_roles(admin_url) as (owner, app), scratch_postgres(admin_url) as large:
                bench_engine("postgresql", with_roles(large, owner, app), plan, runs, medians)
        else:
            note(
                "postgresql skipped: set DASHBOARD_BENCH_DATABASE_URL "
                "(or DASHBOARD_TEST_DATABASE_URL) to a PostgreSQL server"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _helper_main(command: str, *args: str) -> None:
    sys.path.insert(0, str(ROOT))
    if command == "seed":
        url, migrate_url, plan = args
        info = seed_gym(url, Plan(**json.loads(plan)), migrate_url=migrate_url)
        print(json.dumps(asdict(info)))
    elif command == "measure-bare":
        print(json.dumps(measure_bare(int(args[0]))))
    elif command == "measure":
        print(json.dumps(measure_app(args[0], args[1], int(args[2]), args[3])))
    elif command == "memory":
        print(json.dumps(measure_memory(args[0], args[1], int(args[2]))))
    elif command == "create-roles":
        from sqlalchemy.engine import make_url

        from dashboard_tui.db.roles import create_roles
        from dashboard_tui.db.uow import Database

        url, owner, app = args
        # Passwords, so the URLs work on a server that asks for them (as on trust).
        passwords = {owner: secrets.token_urlsafe(16), app: secrets.token_urlsafe(16)}
        db = Database.from_url(url)
        try:
            create_roles(
                db, owner, app, owner_password=passwords[owner], app_password=passwords[app]
            )
        finally:
            db.dispose()
        base = make_url(url)
        print(
            json.dumps(
                {
                    role: base.set(username=name, password=passwords[name]).render_as_string(
                        hide_password=False
                    )
                    for role, name in (("owner", owner), ("app", app))
                }
            )
        )
    elif command == "drop-roles":
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        admin_url, *roles = args
        engine = create_engine(
            make_url(admin_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
        )
        try:
            with engine.connect() as conn:
                for role in roles:
                    assert role.startswith("dashboard_bench_"), role  # only our own
                    if conn.execute(
                        text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
                    ).first():
                        # The bench databases are gone; DROP OWNED clears grants left here.
                        conn.execute(text(f'DROP OWNED BY "{role}"'))
                        conn.execute(text(f'DROP ROLE "{role}"'))
        finally:
            engine.dispose()
        print("null")
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        _helper_main(*sys.argv[1:])
    else:
        raise SystemExit(main())
