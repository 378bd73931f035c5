"""Snapshots of the gym's Strong/Hevy import screen in its review (one name mapped,
one made an own exercise, one left unmatched, one matched by the catalog), at
120x40 and 80x24 (SQLite, the fixed clock). Update with `pytest
tests/ui/test_gym_import_snapshots.py --snapshot-update` and look at them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from dashboard_tui.gym.ui.importer import GymImportScreen
from tests.ui.gym_helpers import type_keys
from tests.ui.pilot_helpers import both_sizes, fill, settle
from tests.ui.test_gym_import import FILES, status
from tests.ui.test_gym_snapshots import in_gym
from tests.ui.test_snapshots import ui_settings  # noqa: F401 - the fixture


@pytest.fixture
def hevy(tmp_path, monkeypatch):
    """The file by a relative path (the snapshot shows it)."""
    shutil.copy(FILES / "hevy_kg.csv", tmp_path / "hevy.csv")
    monkeypatch.chdir(tmp_path)
    return Path("hevy.csv")


def to_review(path: Path):
    async def then(pilot: Pilot) -> None:
        await pilot.press("i")
        await settle(pilot, lambda: isinstance(pilot.app.screen, GymImportScreen))
        screen = pilot.app.screen
        await fill(pilot, **{"gym-import-path": str(path), "gym-import-format": "hevy"})
        screen.query_one("#gym-import-format").focus()
        await pilot.press("enter")
        await settle(pilot, lambda: "3 names to map" in status(screen))
        await pilot.press("m")
        await settle(pilot, lambda: type(pilot.app.screen).__name__ == "ExercisePicker")
        await type_keys(pilot, "barbell bench")
        await pilot.press("enter")
        await settle(pilot, lambda: "2 names to map" in status(screen))
        await pilot.press("down", "c")
        await settle(pilot, lambda: "1 name to map" in status(screen))

    return in_gym(then)


@both_sizes
def test_gym_import_review(snap_compare, logged_in, hevy, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=to_review(hevy))
