"""The type check is part of the test run: mypy over dashboard_tui, with the settings in
pyproject.toml's [tool.mypy] (also run by `make lint`)."""

from __future__ import annotations

from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[2]


def test_dashboard_tui_type_checks():
    report, errors, status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), str(ROOT / "dashboard_tui")]
    )
    assert status == 0, f"mypy found errors in dashboard_tui:\n{report}{errors}"
