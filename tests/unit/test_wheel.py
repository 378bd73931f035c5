"""The installed wheel carries its migrations: `db upgrade` works outside the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_migrations_run_from_the_built_wheel(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("dashboard_tui-*.whl")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    db = tmp_path / "from-wheel.sqlite3"
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import dashboard_tui.cli as cli\n"
        "assert cli.__file__.startswith(sys.argv[1]), cli.__file__\n"
        "sys.exit(cli.main(['db', 'upgrade', '--database-url', 'sqlite:///' + sys.argv[2]]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(site), str(db)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"DASHBOARD_DATA_DIR": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert "(empty) -> " in done.stdout
    from dashboard_tui.db import migrate

    assert done.stdout.strip().endswith(migrate.HEAD)
