"""Shared by the bench scripts: statistics, the BENCH line, a pseudo-terminal runner,
scratch databases (seeded here, dropped afterwards)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
import pty
import re
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_EMAIL = "bench@example.com"
BENCH_PASSWORD = "bench password 123"  # noqa: S105 - a scratch account, deleted after
PG_ENVS = ("DASHBOARD_BENCH_DATABASE_URL", "DASHBOARD_TEST_DATABASE_URL")


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile (with 10 runs that is the slowest one)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def bench_line(
    name: str, times_s: list[float], rss_mib: float, *, baseline: tuple[str, float] | None = None
) -> str:
    median_ms = statistics.median(times_s) * 1000
    line = (
        f"BENCH {name} median_ms={median_ms:.1f} p95_ms={p95(times_s) * 1000:.1f} "
        f"n={len(times_s)} rss_mib={rss_mib:.1f}"
    )
    if baseline:
        base_name, base_median_ms = baseline
        line += f" ratio={median_ms / base_median_ms:.2f} vs={base_name}"
    return line


def note(message: str) -> None:
    """Context for a person (skips, what was measured); stderr keeps stdout to BENCH lines."""
    print(f"# {message}", file=sys.stderr, flush=True)


def maxrss_mib(ru_maxrss: int) -> float:
    # getrusage/wait4 report ru_maxrss in KiB on Linux, in bytes on macOS.
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


# -- one process in a pseudo-terminal ----------------------------------------------
@dataclass(frozen=True)
class Run:
    seconds: float
    rss_mib: float  # this child's own peak RSS, from os.wait4's rusage
    exit_code: int
    tail: str  # the last visible text it wrote, for error messages


ANSI = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07]*\x07|[@-Z\\-_])")


def run_in_pty(cmd: list[str], env: dict[str, str], timeout: float = 30.0) -> Run:
    """Wall time from spawn to the moment the child wrote into its ready file
    (DASHBOARD_BENCH_READY_FILE; see dashboard_tui/benchhook.py), in a 120x40
    pseudo-terminal (Textual needs a terminal; a pipe would measure something else).
    Output is drained so the child never blocks on a full pty buffer."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    ready_file = Path(tempfile.mkstemp(prefix="bench-ready-")[1])
    env = env | {"DASHBOARD_BENCH_READY_FILE": str(ready_file)}
    start = time.time()  # wall clock: compared with the child's time.time()
    proc = subprocess.Popen(
        cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    output = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                return
            if not chunk:
                return
            output.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    killer = threading.Timer(timeout, lambda: proc.kill())
    killer.start()
    # wait4 rather than wait(): it returns this child's own rusage (peak RSS), where
    # RUSAGE_CHILDREN would be the maximum over every child so far.
    _pid, status, usage = os.wait4(proc.pid, 0)
    killer.cancel()
    stamp = ready_file.read_text(encoding="ascii").strip()
    ready_file.unlink()
    elapsed = float(stamp) - start if stamp else float("nan")
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join(2)
    os.close(master)
    text = ANSI.sub(b"", bytes(output)).decode("utf-8", "replace")
    tail = " ".join(text.split())[-300:]
    return Run(elapsed, maxrss_mib(usage.ru_maxrss), proc.returncode, tail)


# -- scratch databases -------------------------------------------------------------
# The database work runs in a helper process (`python bench/_common.py …`): a child's
# peak RSS starts from its parent's RSS at fork, so the measuring process must stay
# small (stdlib only) or every child would look as big as it.
def pg_admin_url() -> str | None:
    for name in PG_ENVS:
        if os.environ.get(name):
            return os.environ[name]
    return None


def _helper(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench helper {args[0]} failed: {proc.stderr.strip()}")
    return proc.stdout.strip()


def seed(url: str) -> None:
    """Migrate and add one user (production argon2, so logging in costs what it will)."""
    _helper("seed", url)


def remember_login(url: str, data_dir: Path) -> None:
    """Log the seeded user in and store the token where the app will look for it
    (`--remember-insecurely` file store under data_dir: this machine has no keyring)."""
    _helper("remember", url, str(data_dir))


@contextlib.contextmanager
def scratch_postgres(admin_url: str) -> Iterator[str]:
    """A database of our own on the server, dropped at the end whatever happens."""
    url = _helper("create-pg", admin_url)
    try:
        yield url
    finally:
        _helper("drop-pg", admin_url, url)


def run_child(script: str, engine: str, url: str) -> Any:
    """`python SCRIPT run URL` in a child process (so the peak RSS it reports is its
    own, not this process's): what its last line prints, as JSON."""
    proc = subprocess.run(
        [sys.executable, script, "run", url], capture_output=True, text=True, cwd=ROOT
    )
    if proc.returncode != 0:
        raise SystemExit(f"{Path(script).stem} bench on {engine} failed: {proc.stderr.strip()}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_main(script: str, run: Callable[[str], None], measure: Callable[[str, str], None]) -> int:
    """A bench script's `__main__`: `SCRIPT run URL` is its child (`run`); without
    arguments, `measure(engine, url)` on SQLite in a temporary folder, then on a
    scratch PostgreSQL database (DASHBOARD_BENCH_DATABASE_URL, else
    DASHBOARD_TEST_DATABASE_URL), dropped afterwards."""
    if sys.argv[1:2] == ["run"]:
        run(sys.argv[2])
        return 0
    with tempfile.TemporaryDirectory(prefix=f"bench-{Path(script).stem}-") as folder:
        measure("sqlite", f"sqlite:///{Path(folder) / 'bench.db'}")
    admin = pg_admin_url()
    if admin is None:
        note("PostgreSQL skipped: set DASHBOARD_BENCH_DATABASE_URL or DASHBOARD_TEST_DATABASE_URL")
        return 0
    with scratch_postgres(admin) as url:
        measure("postgresql", url)
    return 0


def _admin_engine(admin_url: str):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(admin_url).set(drivername="postgresql+psycopg")
    return url, create_engine(url, isolation_level="AUTOCOMMIT")


def _helper_main(command: str, *args: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    if command == "remember":
        os.environ["DASHBOARD_DATA_DIR"] = args[1]
        from dashboard_tui.config import Settings
        from dashboard_tui.context import open_context

        ctx = open_context(Settings(database_url=args[0], remember_insecurely=True))
        try:
            ctx.token_store.set(ctx.auth.login(BENCH_EMAIL, BENCH_PASSWORD).token)
        finally:
            ctx.close()
        return
    if command == "seed":
        from dashboard_tui.account.auth import AuthService
        from dashboard_tui.config import Settings
        from dashboard_tui.db import migrate
        from dashboard_tui.db.uow import Database

        db = Database.from_url(args[0])
        try:
            migrate.upgrade(db)
            AuthService(db, Settings(database_url=args[0])).register(
                "Bench", BENCH_EMAIL, BENCH_PASSWORD, BENCH_PASSWORD
            )
        finally:
            db.dispose()
        return
    url, admin = _admin_engine(args[0])
    try:
        with admin.connect() as conn:
            if command == "create-pg":
                name = f"dashboard_bench_{uuid.uuid4().hex[:12]}"
                conn.execute(text(f'CREATE DATABASE "{name}"'))
                print(url.set(database=name).render_as_string(hide_password=False))
            elif command == "drop-pg":
                name = make_url(args[1]).database
                assert name and name.startswith("dashboard_bench_"), name  # only our own
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            else:
                raise SystemExit(f"unknown helper command {command!r}")
    finally:
        admin.dispose()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    _helper_main(*sys.argv[1:])
