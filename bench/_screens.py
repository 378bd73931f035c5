"""What the benches that time an area's screens on seeded data share (nutrition_day,
family_month): per engine, a child process seeds a scratch database (the script's own
`seed`), another signs in with the token it returned and times each `Step` (a key on
the screen before, the screen it shows: first frame with data and settled, as
gym_screens times the gym), a warm-up round first; each figure is quoted against
gym_screens' bare Textual app measured in the same run. PostgreSQL runs as the app
role under row-level security in a scratch database, dropped afterwards."""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gym_screens
from _common import ROOT, bench_line, maxrss_mib, note, pg_admin_url, scratch_postgres
from gym_screens import CountingExecutor, _home, _settle, _timed, _wait, pg_roles, with_roles


@dataclass(frozen=True)
class Step:
    name: str  # the BENCH name before _first/_settled and the engine
    key: str  # pressed on the screen the step before left (the first: home)
    screen: str  # "module:Class" of the screen it opens


def _screen_class(path: str) -> type:
    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)


def seeding_context(url: str, migrate_url: str | None = None) -> Any:
    """The app's context on `url` for a seed (cheap password hashing: seeds register
    people), the database first migrated as its owner (`migrate_url`) if given."""
    from dashboard_tui.account.passwords import Passwords, cheap_hasher
    from dashboard_tui.account.token_store import MemoryTokenStore
    from dashboard_tui.config import Settings
    from dashboard_tui.context import open_context
    from dashboard_tui.db import migrate
    from dashboard_tui.db.uow import Database

    if migrate_url is not None:
        owner_db = Database.from_url(migrate_url)
        try:
            migrate.upgrade(owner_db)
        finally:
            owner_db.dispose()
    return open_context(
        Settings(database_url=url),
        passwords=Passwords(cheap_hasher()),
        token_store=MemoryTokenStore(),
    )


def analyze(ctx: Any) -> None:
    """PostgreSQL's planner statistics for what a seed bulk-loaded (SQLite: nothing)."""
    if not ctx.db.is_sqlite:
        with ctx.db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")


def measure(url: str, token: str, runs: int, steps: list[Step]) -> dict[str, Any]:
    import resource

    from dashboard_tui.account.passwords import Passwords, cheap_hasher
    from dashboard_tui.account.token_store import MemoryTokenStore
    from dashboard_tui.app import make_app
    from dashboard_tui.config import Settings
    from dashboard_tui.ui.home import HomeScreen

    gym_screens.KEY_CHARS.update({s.key: s.key for s in steps if len(s.key) == 1})
    tokens = MemoryTokenStore()
    tokens.set(token)
    app = make_app(
        Settings(database_url=url), passwords=Passwords(cheap_hasher()), token_store=tokens
    )
    screens = [(step, _screen_class(step.screen)) for step in steps]
    times: dict[str, list[float]] = {}
    warmup: dict[str, float] = {}

    def showing(cls: type) -> Any:
        return lambda: isinstance(app.screen, cls) and getattr(app.screen, "is_ready", False)

    async def rounds() -> None:
        pool = CountingExecutor()
        asyncio.get_running_loop().set_default_executor(pool)
        async with app.run_test(size=(120, 40)) as pilot:
            await _wait(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
            await _settle(pilot, pool)
            for round_no in range(runs + 1):
                took: dict[str, float] = {}
                for step, cls in screens:
                    took[f"{step.name}_first"], took[f"{step.name}_settled"] = await _timed(
                        pilot, step.key, showing(cls), pool
                    )
                await _home(pilot, HomeScreen, pool)
                if round_no == 0:
                    warmup.update(took)
                else:
                    for name, seconds in took.items():
                        times.setdefault(name, []).append(seconds)

    asyncio.run(rounds())
    return {
        "times": times,
        "warmup": warmup,
        "rss_mib": maxrss_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
    }


def _run_helper(script: str, *args: str) -> Any:
    proc = subprocess.run(
        [sys.executable, script, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    if proc.returncode != 0:
        name = Path(script).stem
        raise SystemExit(f"{name} helper {args[0]} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _bench_engine(
    script: str,
    engine: str,
    urls: tuple[str, str, str],
    runs: int,
    bare: dict[str, float],
    seeded: Callable[[dict[str, Any]], str],
) -> None:
    seed_url, migrate_url, app_url = urls
    info = _run_helper(script, "seed", seed_url, migrate_url)
    note(f"{engine}: {seeded(info)}")
    got = _run_helper(script, "measure", app_url, info["token"], str(runs))
    warm = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in got["warmup"].items())
    note(f"{engine}: warm-up round (not counted): {warm}")
    for name, times in got["times"].items():
        kind = "first" if name.endswith("_first") else "settled"
        baseline = (f"{gym_screens.BARE}_{kind}", bare[kind])
        print(bench_line(f"{name}_{engine}", times, got["rss_mib"], baseline=baseline), flush=True)


def main(script: str, seeded: Callable[[dict[str, Any]], str]) -> int:
    """Both engines: `seeded(info)` says what the script's seed made."""
    runs = max(1, int(os.environ.get("BENCH_RUNS", "10")))
    # The floor on this machine now: gym_screens' bare Textual app, a new screen a press.
    bare = gym_screens._run_helper("measure-bare", str(runs))
    medians = {
        kind: statistics.median(bare["times"][f"{gym_screens.BARE}_{kind}"]) * 1000
        for kind in ("first", "settled")
    }
    note(
        f"the bare app's floor now: first {medians['first']:.0f} ms, settled "
        f"{medians['settled']:.0f} ms (median)"
    )
    work = Path(tempfile.mkdtemp(prefix=f"dashboard-bench-{Path(script).stem}-"))
    try:
        url = f"sqlite:///{work / 'large.sqlite3'}"
        _bench_engine(script, "sqlite", (url, url, url), runs, medians, seeded)
        admin_url = pg_admin_url()
        if admin_url:
            with pg_roles(admin_url) as (owner, app), scratch_postgres(admin_url) as large:
                urls = with_roles(large, owner, app)
                _bench_engine(script, "postgresql", urls, runs, medians, seeded)
        else:
            note(
                "postgresql skipped: set DASHBOARD_BENCH_DATABASE_URL "
                "(or DASHBOARD_TEST_DATABASE_URL)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def run(
    script: str,
    seed: Callable[..., dict[str, Any]],
    steps: list[Step],
    seeded: Callable[[dict[str, Any]], str],
) -> None:
    """The script's `__main__`: no argument runs the bench; `seed URL MIGRATE_URL`
    and `measure URL TOKEN RUNS` are its child processes."""
    if len(sys.argv) == 1:
        raise SystemExit(main(script, seeded))
    sys.path.insert(0, str(ROOT))
    command, *rest = sys.argv[1:]
    if command == "seed":
        print(json.dumps(seed(*rest)))
    elif command == "measure":
        print(json.dumps(measure(rest[0], rest[1], int(rest[2]), steps)))
    else:
        raise SystemExit(f"unknown command {command!r}")
