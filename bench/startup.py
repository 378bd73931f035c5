"""Start-up: wall time from process start to a screen being ready, then exit.

- startup_bare_textual: bench/bare_app.py, a bare Textual app with our login
  screen's widgets; it exits itself after its first paint. The baseline.
- startup_first_screen: `dashboard-tui` until its login form is painted and takes
  input (before the database stack is imported; the database opens meanwhile).
- startup_ready_<engine>: until the database is open and the login form can submit.
- startup_home_remembered_<engine>: a remembered login (the opt-in token file, as
  this machine has no keyring) until the home screen is shown.

dashboard_tui/benchhook.py makes the app exit at the stage named in
DASHBOARD_BENCH_EXIT_WHEN_READY. Every target is timed the same way: spawn in a
pseudo-terminal → process exit, so the figures include interpreter start and
Textual's shutdown alike. Runs are interleaved so drift on the machine hits all
targets equally; one unmeasured warm-up run each fills the page cache and writes
.pyc files. PostgreSQL runs when DASHBOARD_BENCH_DATABASE_URL (or
DASHBOARD_TEST_DATABASE_URL) names a server: a scratch database is created there
and dropped at the end. BENCH_RUNS sets the number of runs (default 15)."""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from _common import (
    ROOT,
    Run,
    bench_line,
    note,
    pg_admin_url,
    remember_login,
    run_in_pty,
    scratch_postgres,
    seed,
)

BASELINE = "startup_bare_textual"
TIMEOUT_S = 20.0  # a start that needs longer is broken, not slow


def clean_env() -> dict[str, str]:
    """The caller's environment without any dashboard setting that could leak in."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DASHBOARD_") and k != "DATABASE_URL"
    }
    env.setdefault("TERM", "xterm-256color")
    env.pop("TEXTUAL", None)  # devtools/debug features would change what is measured
    return env


def app_command() -> list[str]:
    script = Path(sys.executable).with_name("dashboard-tui")  # what a person runs
    return [str(script)] if script.exists() else [sys.executable, "-m", "dashboard_tui"]


def app_env(home: Path, url: str, stage: str) -> dict[str, str]:
    return clean_env() | {
        "DASHBOARD_DATA_DIR": str(home / "data"),
        "DASHBOARD_CONFIG_DIR": str(home / "config"),
        "DASHBOARD_DATABASE_URL": url,
        "DASHBOARD_BENCH_EXIT_WHEN_READY": stage,
    }


def app_targets(engine: str, home: Path, url: str) -> dict[str, Target]:
    """Ready-to-log-in on a database with one user, and a remembered login → home."""
    seed(url)
    remembered = home / "remembered"
    remember_login(url, remembered / "data")
    return {
        f"startup_ready_{engine}": (app_command(), app_env(home / "fresh", url, "ready")),
        f"startup_home_remembered_{engine}": (
            [*app_command(), "--remember-insecurely"],
            app_env(remembered, url, "ready"),
        ),
    }


Target = tuple[list[str], dict[str, str]]  # command, environment


def measure(targets: dict[str, Target], runs: int) -> dict[str, list[Run]]:
    results: dict[str, list[Run]] = {}
    for name, (cmd, env) in targets.items():
        warm = run_in_pty(cmd, env, TIMEOUT_S)
        if warm.exit_code != 0:
            note(
                f"{name} skipped: exit code {warm.exit_code} before a ready screen "
                f"(is benchhook.bench_exit_if_requested wired in?) — last output: {warm.tail!r}"
            )
            continue
        results[name] = []
    for _ in range(runs):
        for name in results:
            cmd, env = targets[name]
            run = run_in_pty(cmd, env, TIMEOUT_S)
            if run.exit_code != 0:
                raise SystemExit(f"{name}: a run failed ({run.exit_code}): {run.tail!r}")
            results[name].append(run)
    return results


def main() -> int:
    runs = int(os.environ.get("BENCH_RUNS", "15"))
    tmp = Path(tempfile.mkdtemp(prefix="dashboard-bench-"))
    try:
        targets = {BASELINE: ([sys.executable, str(ROOT / "bench" / "bare_app.py")], clean_env())}
        sqlite_url = f"sqlite:///{tmp / 'dashboard.sqlite3'}"
        targets["startup_first_screen"] = (
            app_command(),
            app_env(tmp / "first", sqlite_url, "first-screen"),
        )
        targets |= app_targets("sqlite", tmp / "sqlite", sqlite_url)
        with contextlib.ExitStack() as stack:
            admin_url = pg_admin_url()
            if admin_url:
                pg_url = stack.enter_context(scratch_postgres(admin_url))
                targets |= app_targets("postgresql", tmp / "pg", pg_url)
            else:
                note(
                    "startup_*_postgresql skipped: set DASHBOARD_BENCH_DATABASE_URL "
                    "(or DASHBOARD_TEST_DATABASE_URL) to a PostgreSQL server"
                )
            results = measure(targets, runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    if BASELINE not in results:
        return 1
    base_ms = statistics.median(r.seconds for r in results[BASELINE]) * 1000
    for name, name_runs in results.items():
        # rss_mib: the largest per-process peak RSS over the runs (os.wait4 rusage).
        print(
            bench_line(
                name,
                [r.seconds for r in name_runs],
                max(r.rss_mib for r in name_runs),
                baseline=None if name == BASELINE else (BASELINE, base_ms),
            ),
            flush=True,
        )
    return 0 if len(results) == len(targets) else 1


if __name__ == "__main__":
    raise SystemExit(main())
