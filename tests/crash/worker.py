"""A process that writes through the app's own services (tests/crash).

    python -m tests.crash.worker crash DB_PATH JOURNAL INCARNATION SEED
        Registers users, logs in and out, fails logins, changes profiles and
        passwords, forever, journaling each unit (tests/crash/journal.py), until it
        is SIGKILLed. Restarted workers carry on with the users already journaled.

    python -m tests.crash.worker zygote DB_PATH JOURNAL SEED
        The same, forked per incarnation number read from stdin (see zygote()).

    python -m tests.crash.worker soak DB_PATH TAG SECONDS SEED
        Waits for "go" on stdin, then writes for SECONDS and prints one JSON summary:
        how many writes of each kind returned, their latencies, and every error.

    python -m tests.crash.worker load CONFIG_JSON
        One of several processes writing for the same person (tests/crash/
        test_load_mix.py): logs sets on one exercise, edits the profile, logs in (and
        sometimes out). Waits for "go", writes for the configured seconds, and prints
        one JSON summary: what it attempted, what returned, and every error.

Both print "ready" once the database is open, so the parent can time kills and
starts to fall inside the writing, not inside Python's start-up.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import event

from dashboard_tui.account.auth import AuthService, Login, UserInfo
from dashboard_tui.account.passwords import Passwords, cheap_hasher
from dashboard_tui.account.profile import ProfileService
from dashboard_tui.config import Settings
from dashboard_tui.db import engine as db_engine
from dashboard_tui.db.audit_chain import ClientInfo
from dashboard_tui.db.uow import Database
from dashboard_tui.gym.services import GymService
from dashboard_tui.kit.errors import AuthError
from dashboard_tui.models.shared import THEMES
from tests.crash import journal

CHOICES = {
    "weight_unit": ("kg", "lb"),
    "currency": ("EUR", "USD", "GBP", "JPY"),
    "timezone": ("UTC", "Europe/Madrid", "America/New_York", "Asia/Tokyo"),
    "theme": THEMES,
    "week_start": tuple(range(7)),
}
WRONG_PASSWORD = "not the password at all"
MAX_LIFETIME_S = 120  # a worker whose parent forgot it does not live on


def services(db_path: str, client: str) -> tuple[Database, AuthService, ProfileService]:
    url = f"sqlite:///{db_path}"
    db = Database.from_url(url)
    info = ClientInfo("crash-worker", client)
    settings = Settings(database_url=url)
    auth = AuthService(db, settings, passwords=Passwords(cheap_hasher()), client=info)
    return db, auth, ProfileService(db, client=info)


def login_of(u: journal.KnownUser, session_id: str) -> Login:
    user = UserInfo(uuid.UUID(u.user_id), u.email, u.name, u.role, "active")
    return Login(user, uuid.UUID(session_id), u.credentials[session_id])


def random_profile(rng: random.Random) -> dict:
    return {k: rng.choice(v) for k, v in CHOICES.items()}


# -- crash mode ------------------------------------------------------------------
def crash(
    db_path: str, journal_path: str, incarnation: int, seed: int, *, pid: bool = False
) -> None:
    rng = random.Random(seed)
    path = Path(journal_path)
    users = journal.known_users(journal.read(path))
    out = journal.Writer(path)
    db, auth, profiles = services(db_path, f"incarnation {incarnation}")
    db.ping()
    parent, started, n = os.getppid(), time.monotonic(), 0
    print(f"ready {os.getpid()}" if pid else "ready", flush=True)

    while os.getppid() == parent and time.monotonic() - started < MAX_LIFETIME_S:
        n += 1
        key = f"{incarnation}.{n}"
        usable = [u for u in users.values() if u.password is not None]
        with_session = [u for u in users.values() if u.sessions]
        roll = rng.random()
        if not usable or roll < 0.12 or len(users) < 3:
            email = f"u{incarnation}-{n}@crash.example"
            name, password = f"Zoë 李 {incarnation}-{n}", f"pw-{rng.getrandbits(64):x}"
            out.begin(key, "register", email=email, name=name, password=password)
            reg = auth.register(name, email, password, password)
            out.done(
                key,
                user_id=str(reg.user.id),
                role=reg.user.role,
                session_id=str(reg.login.session_id),
                credential=reg.login.credential,
            )
            u = journal.KnownUser(str(reg.user.id), email, reg.user.role, name, password)
            u.sessions.add(str(reg.login.session_id))
            u.credentials[str(reg.login.session_id)] = reg.login.credential
            users[email] = u
        elif roll < 0.27:
            u = rng.choice(usable)
            out.begin(key, "login", email=u.email)
            login = auth.login(u.email, u.password)
            out.done(
                key,
                session_id=str(login.session_id),
                user_id=str(login.user.id),
                credential=login.credential,
            )
            u.sessions.add(str(login.session_id))
            u.credentials[str(login.session_id)] = login.credential
            u.failures = 0
        elif roll < 0.33 and [u for u in usable if u.failures < 3]:
            u = rng.choice([u for u in usable if u.failures < 3])
            out.begin(key, "login_bad", email=u.email)
            u.failures += 1
            try:
                auth.login(u.email, WRONG_PASSWORD)
            except AuthError:
                out.done(key)
            else:
                raise AssertionError("a wrong password logged in")
        elif roll < 0.36:
            email = f"nobody-{incarnation}-{n}@crash.example"
            out.begin(key, "login_unknown", email=email)
            try:
                auth.login(email, WRONG_PASSWORD)
            except AuthError:
                out.done(key)
        elif roll < 0.46 and with_session:
            u = rng.choice(with_session)
            sid = rng.choice(sorted(u.sessions))
            out.begin(key, "logout", user_id=u.user_id, session_id=sid)
            u.sessions.discard(sid)  # whatever happens, do not use it again
            auth.logout(login_of(u, sid))
            out.done(key)
        elif roll < 0.52 and [u for u in with_session if u.password is not None]:
            u = rng.choice([u for u in with_session if u.password is not None])
            sid = rng.choice(sorted(u.sessions))
            new = f"pw-{rng.getrandbits(64):x}"
            out.begin(key, "passwd", user_id=u.user_id, session_id=sid, new=new)
            old, u.password = u.password, None  # unknown until it returns
            ended = auth.change_password(login_of(u, sid), old, new, new)
            out.done(key, ended=ended)
            u.password, u.sessions = new, {sid}
        elif with_session:
            u = rng.choice(with_session)
            sid = rng.choice(sorted(u.sessions))
            values = random_profile(rng)
            out.begin(key, "update", user_id=u.user_id, session_id=sid, values=values)
            saved = profiles.update(login_of(u, sid), **values)
            out.done(key, saved=saved.__dict__)
    sys.exit(3)


def zygote(db_path: str, journal_path: str, seed: int) -> None:
    """Fork one crash worker per incarnation number read from stdin. Everything is
    imported already, so a worker writes within milliseconds of its start instead of
    after Python's ~0.4 s of imports: the kills cost little and can be many. Each
    worker prints "ready PID"; once it is dead this prints "exit PID CODE"."""
    print("zygote", flush=True)
    while line := sys.stdin.readline():
        incarnation = int(line)
        pid = os.fork()
        if pid == 0:  # the worker: a fresh process as far as the database is concerned
            code = 1
            try:
                crash(db_path, journal_path, incarnation, seed * 1000 + incarnation, pid=True)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        print(f"exit {pid} {os.waitstatus_to_exitcode(status)}", flush=True)


# -- soak mode (two processes on one file) -----------------------------------------
def soak(db_path: str, tag: str, seconds: float, seed: int) -> None:
    rng = random.Random(seed)
    db, auth, profiles = services(db_path, f"soak {tag}")
    db_errors: list[str] = []
    event.listen(
        db.engine, "handle_error", lambda ctx: db_errors.append(repr(ctx.original_exception))
    )
    db.ping()
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        sys.exit(2)

    counts = {"register": 0, "update": 0, "login": 0, "logout": 0}
    latencies: list[float] = []
    errors: list[str] = []
    users: list[dict] = []  # {"login", "password", "profile", "sessions"}

    def timed(fn, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            latencies.append((time.perf_counter() - t0) * 1000)

    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
        try:
            roll = rng.random()
            if not users or (roll < 0.03 and len(users) < 8):
                email, password = f"{tag}-{n}@soak.example", f"pw-{tag}-{n}-secret"
                reg = timed(auth.register, f"Soak {tag} {n}", email, password, password)
                counts["register"] += 1
                users.append(
                    {
                        "login": reg.login,
                        "password": password,
                        "profile": dict(journal.DEFAULT_PROFILE),
                        "sessions": {str(reg.login.session_id)},
                    }
                )
            elif roll < 0.20:
                u = rng.choice(users)
                login = timed(auth.login, u["login"].user.email, u["password"])
                counts["login"] += 1
                u["sessions"].add(str(login.session_id))
                timed(auth.logout, login)
                counts["logout"] += 1
                u["sessions"].discard(str(login.session_id))
            else:
                u = rng.choice(users)
                # Always change something, so every update leaves one audit row.
                values = dict(u["profile"])
                values["week_start"] = (values["week_start"] + rng.randrange(1, 7)) % 7
                values["theme"] = rng.choice(CHOICES["theme"])
                saved = timed(profiles.update, u["login"], **values)
                counts["update"] += 1
                u["profile"] = saved.__dict__
        except Exception as exc:  # report every error: none may reach a person
            errors.append(f"{type(exc).__name__}: {exc}"[:300])

    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 2)

    summary = {
        "tag": tag,
        "counts": counts,
        "writes": sum(counts.values()),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "max_ms": round(latencies[-1], 2),
        "errors": errors,
        "db_errors": db_errors,
        "users": [
            {
                "user_id": str(u["login"].user.id),
                "profile": u["profile"],
                "sessions": sorted(u["sessions"]),
            }
            for u in users
        ],
    }
    db.dispose()
    print(json.dumps(summary), flush=True)


# -- load mode (several processes writing for one person) ----------------------------
def load(config: dict) -> None:
    """`config`: url, email, password, exercise_id, timezones (this process's own:
    no other process uses them, so every profile edit changes the timezone and leaves
    one audit row that names it), seconds, seed and, on SQLite, busy_timeout_ms."""
    if config.get("busy_timeout_ms"):
        db_engine.SQLITE_BUSY_TIMEOUT_MS = int(config["busy_timeout_ms"])
    rng = random.Random(config["seed"])
    url = config["url"]
    db = Database.from_url(url)
    info = ClientInfo("load-worker", f"load {config['tag']}")
    auth = AuthService(
        db, Settings(database_url=url), passwords=Passwords(cheap_hasher()), client=info
    )
    profiles, gym = ProfileService(db, client=info), GymService(db, client=info)
    db_errors: list[str] = []

    def on_error(ctx) -> None:
        exc = ctx.original_exception
        db_errors.append(getattr(exc, "sqlstate", None) or f"{type(exc).__name__}: {exc}"[:120])

    event.listen(db.engine, "handle_error", on_error)
    login = auth.login(config["email"], config["password"])
    exercise_id = uuid.UUID(config["exercise_id"])
    zones = config["timezones"]
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        sys.exit(2)

    attempted = {"set": 0, "profile": 0, "login": 0, "logout": 0}
    sets: list[dict] = []  # every set whose log_set returned
    timezones: list[str] = []  # the timezone of every profile edit that returned
    logins: list[str] = []  # session ids of the logins that returned
    logouts: list[str] = []  # ... and of those logged out again
    errors: list[str] = []
    latencies: list[float] = []  # of each step (a login with its logout is one)
    deadline = time.monotonic() + config["seconds"]
    while time.monotonic() < deadline:
        roll = rng.random()
        started = time.perf_counter()
        try:
            if roll < 0.5:
                attempted["set"] += 1
                weight = f"{rng.randrange(40, 160, 5)}kg"
                done = gym.sets.log_set(login, exercise_id, weight=weight, reps=rng.randint(1, 12))
                sets.append(
                    {"id": str(done.set.id), "weight_g": done.set.weight_g, "reps": done.set.reps}
                )
            elif roll < 0.75:
                attempted["profile"] += 1
                saved = profiles.update(
                    login,
                    weight_unit=rng.choice(CHOICES["weight_unit"]),
                    currency=rng.choice(CHOICES["currency"]),
                    timezone=zones[attempted["profile"] % len(zones)],
                    theme=rng.choice(CHOICES["theme"]),
                    week_start=rng.choice(CHOICES["week_start"]),
                )
                timezones.append(saved.timezone)
            else:
                attempted["login"] += 1
                again = auth.login(config["email"], config["password"])
                logins.append(str(again.session_id))
                if rng.random() < 0.5:
                    attempted["logout"] += 1
                    auth.logout(again)
                    logouts.append(str(again.session_id))
        except Exception as exc:  # report every error: none may reach a person
            errors.append(f"{type(exc).__name__}: {exc}"[:300])
        latencies.append((time.perf_counter() - started) * 1000)

    db.dispose()
    summary = {
        "tag": config["tag"],
        "latencies_ms": [round(x, 1) for x in latencies],
        "session_id": str(login.session_id),
        "attempted": attempted,
        "sets": sets,
        "timezones": timezones,
        "logins": logins,
        "logouts": logouts,
        "errors": errors,
        "db_errors": db_errors,
    }
    print(json.dumps(summary), flush=True)


def main(argv: list[str]) -> None:
    mode, *args = argv
    if mode == "crash":
        db_path, journal_path, incarnation, seed = args
        crash(db_path, journal_path, int(incarnation), int(seed))
    elif mode == "zygote":
        db_path, journal_path, seed = args
        zygote(db_path, journal_path, int(seed))
    elif mode == "soak":
        db_path, tag, seconds, seed = args
        soak(db_path, tag, float(seconds), int(seed))
    elif mode == "load":
        load(json.loads(args[0]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
