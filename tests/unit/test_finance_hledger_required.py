"""The hledger tests' own rule: without hledger they skip with a reason, and under
DASHBOARD_TEST_REQUIRE_POSTGRES=1 (the CI) they fail, so the CI cannot pass without
proving the export against the real hledger."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST = "tests/db/test_finance_hledger.py::test_hostile_text_stays_data"


def run_without_hledger(tmp_path: Path, require: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_TEST_")}
    env["PATH"] = str(tmp_path)  # nothing there: no hledger
    if require:
        env["DASHBOARD_TEST_REQUIRE_POSTGRES"] = "1"
        env["DASHBOARD_TEST_DATABASE_URL"] = os.environ.get(
            "DASHBOARD_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            "-k",
            "sqlite",
            TEST,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_missing_hledger_skips_with_a_reason_or_fails_in_ci(tmp_path):
    skipped = run_without_hledger(tmp_path, require=False)
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert "hledger is not installed" in skipped.stdout and "1 skipped" in skipped.stdout
    required = run_without_hledger(tmp_path, require=True)
    assert required.returncode != 0, required.stdout
    assert "the CI must run the hledger checks" in required.stdout
