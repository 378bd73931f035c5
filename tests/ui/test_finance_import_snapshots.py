"""Snapshots of the CSV import screen with a preview, at 120x40 and 80x24 (SQLite,
the fixed clock). Update with `pytest tests/ui/test_finance_import_snapshots.py
--snapshot-update` and look at them."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from dashboard_tui.finance.ui.importer import ImportScreen
from tests.ui.finance_helpers import finance_of, loaded, table_of
from tests.ui.pilot_helpers import both_sizes, fill, settle
from tests.ui.test_finance_import import BANK, preview_rows
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture


@pytest.fixture
def giro(logged_in, backend, tmp_path, monkeypatch):
    """The file by a relative path (the snapshot shows it), in a folder of the test's."""
    finance_of(backend).accounts.create_account(logged_in, name="Giro", opening_balance="100")
    (tmp_path / "giro.csv").write_bytes(BANK.encode("latin-1"))
    monkeypatch.chdir(tmp_path)
    return Path("giro.csv")


def to_preview(path: Path):
    async def run_before(pilot: Pilot) -> None:
        await showing("HomeScreen")(pilot)
        await pilot.press("2")
        await settle(pilot, lambda: getattr(pilot.app.screen, "is_ready", False))
        await settle(pilot, loaded(table_of(pilot.app.screen)))
        await pilot.press("i")
        await settle(pilot, lambda: isinstance(pilot.app.screen, ImportScreen))
        screen = pilot.app.screen
        await fill(
            pilot,
            **{"import-path": str(path), "map-skip_rows": "1", "map-payee": "3", "map-memo": "4"},
        )
        screen.query_one("#map-amount").focus()
        await pilot.press(*"Betrag", "enter")
        await settle(pilot, lambda: len(preview_rows(screen)) == 3)
        await showing("ImportScreen")(pilot)

    return run_before


@both_sizes
def test_finance_import_preview(snap_compare, giro, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=to_preview(giro))
