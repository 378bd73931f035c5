"""What row-level security keyed on a secret costs (issue 9, item 2; migration 0007).

Before 0007 the policies compared `user_id` with the client's `app.user_id`; after it
`app_user_id()` looks the session token's hash up (SECURITY DEFINER: a join of
sessions and users), called as `(SELECT app_user_id())`, once per statement.

On one scratch database, as the PostgreSQL app role (`db create-roles`), with
BENCH_RLS_ROWS sets (default 1,000,000) for one person and a fifth of that for a
second one beside:
- `count_all`: `SELECT count(*) FROM exercise_sets` (every one of the person's rows
  passes the policy: the per-row cost shows here);
- `page`: the 50 sets of one exercise, newest first (what a workout screen asks: an
  index lookup, the per-statement cost shows here);
- `who`: `SELECT app_user_id()` alone (the lookup each statement pays once).
Each query is run BENCH_RUNS times (default 9) under EXPLAIN ANALYZE at revision 0006,
then the database is upgraded to 0007 and they run again; medians of the execution
time (planning included), and the ratio after/before. The plans are printed once.

Then, at 0007, what the gym area's first load asks through the services (the first
page of workouts with its total, and the weekly summary over all those sets), as the
app role against the same calls as the owner (BYPASSRLS: the same code, the same
login check, no policy), alternating call by call: `gym_first_load_*`.

PostgreSQL only: DASHBOARD_BENCH_DATABASE_URL, else DASHBOARD_TEST_DATABASE_URL (a
superuser URL). Everything made (database, two roles) is dropped at the end."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import statistics
import sys
import time
import uuid

from _common import ROOT, bench_line, maxrss_mib, note, pg_admin_url, scratch_postgres
from sqlalchemy import text

sys.path.insert(0, str(ROOT))

QUERIES = {
    "count_all": "SELECT count(*) FROM exercise_sets",
    "page": (
        "SELECT id, position, weight_g, reps FROM exercise_sets "
        "WHERE exercise_id = :exercise ORDER BY position DESC LIMIT 50"
    ),
    "who": "SELECT app_user_id()",
}


def seed(conn, user_id: uuid.UUID, rows: int) -> uuid.UUID:
    """A person with one workout, `rows` sets over rows/50 exercises; a session."""
    conn.execute(
        text(
            "INSERT INTO users (id, email, name, role, status, email_verified, failed_logins,"
            " created_at, updated_at) VALUES (:u, :e, 'Bench', 'member', 'active', false, 0,"
            " now(), now())"
        ),
        {"u": user_id, "e": f"{user_id}@bench.example"},
    )
    conn.execute(
        text(
            "INSERT INTO sessions (id, user_id, token_hash, created_at, last_seen_at,"
            " expires_at, host, client) VALUES (gen_random_uuid(), :u, :h, now(), now(),"
            " now() + interval '1 day', '', '')"
        ),
        {"u": user_id, "h": token_hash(user_id)},
    )
    workout, exercise = uuid.uuid4(), uuid.uuid4()
    squat = conn.execute(
        text("SELECT id FROM catalog_items WHERE user_id IS NULL AND kind = 'exercise' LIMIT 1")
    ).scalar_one()
    conn.execute(
        text(
            "INSERT INTO workouts (id, user_id, name, date, notes, created_at, updated_at)"
            " VALUES (:w, :u, 'Bench', current_date, '', now(), now())"
        ),
        {"w": workout, "u": user_id},
    )
    # 50 sets per exercise, as a long training history has them: a workout screen
    # reads one exercise's sets through the (exercise_id, user_id) index.
    conn.execute(
        text(
            "INSERT INTO exercises (id, user_id, workout_id, catalog_item_id, position, notes,"
            " created_at, updated_at) SELECT CASE n WHEN 0 THEN :x ELSE gen_random_uuid() END,"
            " :u, :w, :c, n, '', now(), now() FROM generate_series(0, :count - 1) AS n"
        ),
        {"x": exercise, "u": user_id, "w": workout, "c": squat, "count": max(rows // 50, 1)},
    )
    conn.execute(
        text(
            "INSERT INTO exercise_sets (id, user_id, exercise_id, position, set_type, weight_g,"
            " reps, completed_at, created_at, updated_at)"
            " SELECT gen_random_uuid(), :u, e.id, k, 'working', 100000 + k * 500, 5,"
            " now(), now(), now() FROM exercises e CROSS JOIN generate_series(0, 49) AS k"
            " WHERE e.user_id = :u"
        ),
        {"u": user_id},
    )
    return exercise


def token_hash(user_id: uuid.UUID) -> str:
    return hashlib.sha256(f"bench-token-{user_id}".encode()).hexdigest()


def measure(app_url: str, setting: str, value: str, params: dict, runs: int, show: bool):
    from sqlalchemy import create_engine

    engine = create_engine(app_url)
    timings: dict[str, list[float]] = {name: [] for name in QUERIES}
    try:
        with engine.connect() as conn:
            for n in range(runs + 1):  # the first round warms the caches, not counted
                for name, sql in QUERIES.items():
                    with conn.begin():
                        conn.execute(
                            text(f"SELECT set_config('{setting}', :v, true)"), {"v": value}
                        )
                        plan = conn.execute(
                            text(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}"), params
                        ).scalar_one()
                    top = (plan if isinstance(plan, list) else json.loads(plan))[0]
                    if n:  # ms -> s, as bench_line takes them
                        timings[name].append((top["Planning Time"] + top["Execution Time"]) / 1000)
                    elif show:
                        rows = top["Plan"].get("Actual Rows")
                        note(f"{setting} {name}: {top['Plan']['Node Type']}, {rows} rows")
    finally:
        engine.dispose()
    return timings


def gym_first_load(url: str, owner: str, app: str, person: uuid.UUID, runs: int):
    """Seconds per first load of the gym area, as the owner and as the app role."""
    from sqlalchemy.engine import make_url

    from dashboard_tui.account.auth import Login, UserInfo
    from dashboard_tui.db.uow import Database
    from dashboard_tui.gym.services import GymService

    base = make_url(url)
    dbs = [Database.from_url(base.set(username=r).render_as_string(False)) for r in (owner, app)]
    with dbs[0].transaction(read_only=True) as s:
        session_id = s.scalar(text("SELECT id FROM sessions WHERE user_id = :u"), {"u": person})
    login = Login(
        UserInfo(person, f"{person}@bench.example", "Bench", "member", "active"),
        session_id,
        token_hash(person),
    )
    timings: list[list[float]] = [[], []]
    try:
        for n in range(runs + 1):
            for i in (n % 2, 1 - n % 2):  # who goes first alternates
                gym = GymService(dbs[i])
                started = time.perf_counter()
                gym.workouts.list_workouts(login, with_total=True)
                gym.progress.weekly_summary(login)
                if n:
                    timings[i].append(time.perf_counter() - started)
    finally:
        for db in dbs:
            db.dispose()
    return timings[0], timings[1]


def main() -> int:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from dashboard_tui.cli import main as cli
    from dashboard_tui.db import migrate
    from dashboard_tui.db.uow import Database

    admin = pg_admin_url()
    if admin is None:
        note("rls_cost: PostgreSQL only; set DASHBOARD_BENCH_DATABASE_URL")
        return 0
    rows = int(os.environ.get("BENCH_RLS_ROWS", "1000000"))
    runs = int(os.environ.get("BENCH_RUNS", "9"))
    tag = uuid.uuid4().hex[:8]
    owner, app = f"bench_rls_owner_{tag}", f"bench_rls_app_{tag}"
    admin_engine = create_engine(
        make_url(admin).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    try:
        with scratch_postgres(admin) as url:
            assert cli(["db", "create-roles", "--owner", owner, "--app", app,
                        "--database-url", url]) == 0  # fmt: skip
            base = make_url(url)
            owner_db = Database.from_url(base.set(username=owner).render_as_string(False))
            app_url = base.set(username=app).render_as_string(False)
            migrate.upgrade(owner_db, "0006_owner_keys")
            person, other = uuid.uuid4(), uuid.uuid4()
            su = create_engine(url)
            with su.begin() as conn:
                exercise = seed(conn, person, rows)
                seed(conn, other, rows // 5)
                conn.execute(text("ANALYZE"))
            su.dispose()
            params = {"exercise": exercise}
            before = measure(app_url, "app.user_id", str(person), params, runs, True)
            migrate.upgrade(owner_db)
            owner_db.dispose()
            after = measure(app_url, "app.credential", token_hash(person), params, runs, True)
            rss = maxrss_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
            note(f"rls_cost: {rows} sets for one person, {rows // 5} for another, app role")
            gym_owner, gym_app = gym_first_load(url, owner, app, person, runs)
            print(bench_line("gym_first_load_owner_0007", gym_owner, rss))
            baseline = ("gym_first_load_owner_0007", statistics.median(gym_owner) * 1000)
            print(bench_line("gym_first_load_app_0007", gym_app, rss, baseline=baseline))
            for name in QUERIES:
                first = f"rls_{name}_before_0006"
                print(bench_line(first, before[name], rss))
                baseline = (first, statistics.median(before[name]) * 1000)
                print(bench_line(f"rls_{name}_after_0007", after[name], rss, baseline=baseline))
    finally:
        with admin_engine.connect() as conn:
            for role in (owner, app):
                if conn.execute(
                    text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
                ).first():
                    conn.execute(text(f'DROP OWNED BY "{role}"'))
                    conn.execute(text(f'DROP ROLE "{role}"'))
        admin_engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
