"""Under load, nothing escapes (issue 9, item 5): several processes write for the same
person at once — 4 for Ana, 2 for Ben — logging sets on the same exercise, editing
the profile and logging in (and out), on each engine. No error reaches a caller,
every write that returned is stored (and nothing else is), the derived records match
the sets, and every audit chain verifies.

What this caught before the fix: on PostgreSQL a raw UniqueViolation on
workout_progress and StaleDataError from two records rebuilds racing under READ
COMMITTED, duplicate set positions, and deadlocks between a login (users row FOR
UPDATE, then the audit lock) and the person's own writes (the audit lock, then a
KEY SHARE on the users row); on SQLite "database is locked" once a wait outlasted
the busy timeout.

DASHBOARD_LOAD_SECONDS sets the length (default 8 s). On SQLite the workers'
busy timeout is DASHBOARD_LOAD_SQLITE_BUSY_MS (default 1000 ms, "" for the app's
own): the waits that reached the app's 10 s in a minute-long run reach 1 s within
seconds, and what is tested is the same — a wait past the busy timeout is retried
whole, not shown to the person. Run with -s to see the counts."""

from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from pathlib import Path
from zoneinfo import available_timezones

import pytest
from sqlalchemy import select

from dashboard_tui.account.auth import AuthService
from dashboard_tui.config import Settings
from dashboard_tui.db import audit_chain
from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.db.uow import Database
from dashboard_tui.gym.repository.workouts import ProgressRepository
from dashboard_tui.gym.services import GymService
from dashboard_tui.gym.services.records import compute_records
from dashboard_tui.kit.repository import UserScope
from dashboard_tui.models.auth import LoginSession
from dashboard_tui.models.gym import ExerciseSet
from dashboard_tui.models.shared import AuditLog, Profile
from tests.conftest import PASSWORD, TEST_CLIENT
from tests.crash.test_kill_harness import run_together

SECONDS = float(os.environ.get("DASHBOARD_LOAD_SECONDS", "8"))
SQLITE_BUSY_MS = os.environ.get("DASHBOARD_LOAD_SQLITE_BUSY_MS", "1000")
PROCESSES = {"Ana": 4, "Ben": 2}
ZONES_EACH = 20
SQUAT = seed_id("exercise", "Back Squat")

# Six writing processes contend for one database for SECONDS: run alone (`-m serial`).
pytestmark = pytest.mark.serial


def test_many_processes_writing_for_the_same_people_see_no_error_and_lose_nothing(
    db: Database, db_url: str, engine_name: str, passwords, tmp_path: Path
):
    auth = AuthService(db, Settings(database_url=db_url), passwords=passwords, client=TEST_CLIENT)
    gym = GymService(db, client=TEST_CLIENT)
    people = {}
    for name in PROCESSES:
        email = f"{name.lower()}@load.example"
        login = auth.register(name, email, PASSWORD, PASSWORD).login
        workout = gym.workouts.start_workout(login).workout
        exercise = gym.workouts.add_exercise(login, workout.id, SQUAT)
        people[name] = {"login": login, "email": email, "exercise": exercise}

    # Each process edits the profile with timezones no other process uses, in turn: so
    # every edit changes the row (one audit row each) and its row says whose it was.
    zones = sorted(z for z in available_timezones() if "/" in z)
    configs = []
    for name, count in PROCESSES.items():
        for i in range(count):
            k = len(configs)
            config = {
                "url": db_url,
                "tag": f"{name}-{i}",
                "email": people[name]["email"],
                "password": PASSWORD,
                "exercise_id": str(people[name]["exercise"].id),
                "timezones": zones[k * ZONES_EACH : (k + 1) * ZONES_EACH],
                "seconds": SECONDS,
                "seed": 1000 + k,
                "busy_timeout_ms": SQLITE_BUSY_MS if engine_name == "sqlite" else "",
            }
            configs.append((name, config))
    workers = {f"load-{c['tag']}": ["load", json.dumps(c)] for _, c in configs}
    summaries, wall = run_together(tmp_path, workers, timeout=SECONDS + 120)
    by_person: dict[str, list[dict]] = {name: [] for name in PROCESSES}
    for (name, _), summary in zip(configs, summaries, strict=True):
        by_person[name].append(summary)

    checked = {name: check_person(db, people[name], by_person[name]) for name in PROCESSES}
    with db.transaction(read_only=True) as s:
        reports = [audit_chain.verify_chain(s, c) for c in audit_chain.chains(s)]

    print(f"\nload mix on {engine_name} for {SECONDS:g} s (wall {wall:.1f} s):")
    for name, summaries_ in by_person.items():
        attempted, acked = Counter(), Counter()
        for s in summaries_:
            attempted.update(s["attempted"])
            acked.update(
                set=len(s["sets"]),
                profile=len(s["timezones"]),
                login=len(s["logins"]),
                logout=len(s["logouts"]),
            )
        errors = sum(len(s["errors"]) for s in summaries_)
        latencies = sorted(x for s in summaries_ for x in s["latencies_ms"])
        db_errors = Counter(e for s in summaries_ for e in s["db_errors"])
        print(
            f"  {name} ({len(summaries_)} processes): attempted={sum(attempted.values())} "
            f"{dict(attempted)} acknowledged={sum(acked.values())} {dict(acked)} "
            f"found={sum(checked[name][0].values())} {checked[name][0]} errors={errors} "
            f"db_errors_retried={dict(db_errors)} step_ms p50={latencies[len(latencies) // 2]} "
            f"p99={latencies[len(latencies) * 99 // 100]} max={latencies[-1]}"
        )
        for e, count in Counter(e for s in summaries_ for e in s["errors"]).most_common(4):
            print(f"    {count} x {e}")
    print(f"  audit chains verified: {sum(r.ok for r in reports)}/{len(reports)}")

    for s in summaries:
        assert s["errors"] == [], f"process {s['tag']}: {s['errors'][:5]}"
        assert len(s["sets"]) > 0 and len(s["timezones"]) > 0 and len(s["logins"]) > 0
        if engine_name == "postgresql":
            # One lock order for everyone: no deadlock to break, no racing first insert.
            assert not {"40P01", "23505"} & set(s["db_errors"]), (s["tag"], s["db_errors"])
    assert all(r.ok for r in reports), [r for r in reports if not r.ok]
    for name in PROCESSES:
        assert checked[name][1] == [], (name, checked[name][1])


def check_person(db: Database, person: dict, summaries: list[dict]) -> tuple[dict, list[str]]:
    """What of this person's acknowledged writes is stored (counts), and every way
    in which the database differs from them: missing, extra or wrong rows, records
    that a rebuild would change, set positions that are not 0..n-1."""
    login, exercise = person["login"], person["exercise"]
    uid = login.user.id
    with db.transaction(read_only=True) as s:
        audit = list(
            s.scalars(select(AuditLog).where(AuditLog.chain == str(uid)).order_by(AuditLog.seq))
        )
        sets = list(s.scalars(select(ExerciseSet).where(ExerciseSet.exercise_id == exercise.id)))
        sessions = set(s.scalars(select(LoginSession.id).where(LoginSession.user_id == uid)))
        profile = s.scalars(select(Profile).where(Profile.user_id == uid)).one()
        progress = ProgressRepository(s, UserScope(uid, login.user.role))
        stored_records = sorted(
            (p.kind, p.reps or 0, p.value, p.achieved_on, p.set_id)
            for p, _, _ in progress.records(SQUAT)
        )
        fresh_records = sorted(
            (r.kind, r.reps or 0, r.value, r.achieved_on, r.set_id)
            for r in compute_records(
                progress.best_sets_by_reps(SQUAT), progress.best_session_volume(SQUAT)
            )
        )
    actions = Counter(row.action for row in audit)
    problems = []

    def expect(ok: bool, what: str) -> None:
        if not ok:
            problems.append(what)

    # sets: exactly the acknowledged ones, with their values, numbered 0..n-1
    acked_sets = {d["id"]: (d["weight_g"], d["reps"]) for s in summaries for d in s["sets"]}
    stored_sets = {str(r.id): (r.weight_g, r.reps) for r in sets}
    expect(stored_sets == acked_sets, f"sets: {len(stored_sets)} stored, {len(acked_sets)} acked")
    positions = sorted(r.position for r in sets)
    expect(positions == list(range(len(sets))), f"set positions not 0..n-1: {positions[:12]}")
    expect(actions["gym.set.created"] == len(acked_sets), "gym.set.created audit rows")
    # records: what a rebuild from the stored sets gives (no rebuild raced another)
    expect(stored_records == fresh_records, "stored records differ from a rebuild")

    # profile edits: one audit row per acknowledged edit, the last one is what is stored
    acked_zones = Counter(z for s in summaries for z in s["timezones"])
    changed = [row for row in audit if row.action == "settings.changed"]
    stored_zones = Counter(row.after.get("timezone") for row in changed)
    expect(
        stored_zones == acked_zones,
        f"profile edits: {stored_zones - acked_zones} unacked, "
        f"{acked_zones - stored_zones} missing",
    )
    expect(bool(changed) and profile.timezone == changed[-1].after.get("timezone"), "profile")

    # logins: each acknowledged one audited and its session kept unless logged out
    logins = [sid for s in summaries for sid in s["logins"]]
    logouts = {sid for s in summaries for sid in s["logouts"]}
    audited = {row.entity_id for row in audit if row.action == "auth.login"}
    expect(set(logins) <= audited, "acknowledged logins without their audit row")
    # register's own login, each process's first login, then the mix's
    expect(actions["auth.login"] == 1 + len(summaries) + len(logins), "auth.login audit rows")
    expect(actions["auth.logout"] == len(logouts), "auth.logout audit rows")
    expected = {login.session_id} | {uuid.UUID(s["session_id"]) for s in summaries}
    expected |= {uuid.UUID(sid) for sid in logins if sid not in logouts}
    expect(sessions == expected, f"sessions: {len(sessions)} stored, {len(expected)} expected")
    found = {
        "set": len(set(stored_sets) & set(acked_sets)),
        "profile": sum((stored_zones & acked_zones).values()),
        "login": len(set(logins) & audited),
        "logout": actions["auth.logout"],
    }
    return found, problems
