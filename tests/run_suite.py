"""The whole suite as `make test` runs it: the parallel part, then the serial part.

    python tests/run_suite.py [pytest arguments]

1. `pytest -n WORKERS --dist worksteal -m "not serial"`: pytest-xdist, WORKERS from
   DASHBOARD_TEST_WORKERS (default 3: on 2 cores, 3 beat 2, as the tests also wait
   on PostgreSQL and subprocesses, and 4 gained nothing more).
2. `pytest -m serial -n 0`: the tests that cannot share the machine, alone.

The arguments go to both parts (select with paths or -k; -m is the runner's). Each
part prints its own report; a last line adds the two up. Exit code: the first real
failure of a part (1 tests failed, 2 interrupted, 3 internal error, 4 usage error);
else 5 when neither part selected a test; else 0. A part that selects nothing
(pytest's 5, e.g. `-k cli` matches no serial test) is no failure.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NO_TESTS = 5
COUNTS_ENV = "DASHBOARD_TEST_COUNTS"  # tests/conftest.py writes a part's counts there
STOP_ON_FAILURE = ("-x", "--exitfirst", "--maxfail", "--sw", "--stepwise")


def run_part(name: str, args: list[str], counts_path: Path) -> tuple[int, dict[str, int]]:
    command = [sys.executable, "-m", "pytest", *args]
    print(f"\n[{name} part] pytest {shlex.join(args)}", flush=True)
    env = {**os.environ, COUNTS_ENV: str(counts_path)}
    code = subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
    counts = json.loads(counts_path.read_text()) if counts_path.exists() else {}
    return code, counts


def main(argv: list[str]) -> int:
    workers = os.environ.get("DASHBOARD_TEST_WORKERS", "3")
    parts = [
        ("parallel", ["-n", workers, "--dist", "worksteal", "-m", "not serial", *argv]),
        ("serial", ["-m", "serial", *argv, "-n", "0"]),
    ]
    codes: list[int] = []
    total: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="dashboard-suite-") as tmp:
        for name, args in parts:
            try:
                code, counts = run_part(name, args, Path(tmp) / f"{name}.json")
            except KeyboardInterrupt:
                return 2
            codes.append(code)
            for key, n in counts.items():
                total[key] = total.get(key, 0) + n
            stop = any(a.split("=")[0] in STOP_ON_FAILURE for a in argv)
            if code == 2 or (code not in (0, NO_TESTS) and stop):
                break
    failed = total.get("failed", 0) + total.get("error", 0)
    print(
        f"suite: {total.get('passed', 0)} passed, {failed} failed, "
        f"{total.get('skipped', 0)} skipped",
        flush=True,
    )
    for code in codes:
        if code not in (0, NO_TESTS):
            return code
    return NO_TESTS if all(code == NO_TESTS for code in codes) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
