"""iCalendar from the agenda: `i` imports a file (a bad path is the field's message,
then the summary names what was left out), `x` exports to a new private file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from dashboard_tui.config import Settings
from dashboard_tui.family.ui.ics import IcsSummaryModal
from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.finance_helpers import rows
from tests.ui.gym_helpers import field_error
from tests.ui.pilot_helpers import SIZE, fill, pilot_test, screen_text, settle
from tests.ui.test_family import open_agenda

GOOGLE = Path(__file__).parent.parent / "data" / "ics" / "google.ics"


@pytest.fixture
def ui_settings(db_url: str) -> Settings:
    """The journey runs on both engines (db_url is parametrized)."""
    return Settings(database_url=db_url)


@pilot_test
async def test_import_a_file_see_the_summary_then_export(build_app, logged_in, tmp_path):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        agenda = await open_agenda(pilot)
        assert rows(agenda) == []
        await pilot.press("i")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await fill(pilot, path=str(tmp_path / "nothing.ics"))
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: "There is no file there." in field_error(app.screen, "path"))
        await fill(pilot, path=str(GOOGLE))
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, IcsSummaryModal))
        shown = screen_text(pilot)
        assert "Imported google.ics" in shown
        assert "3 events added, 0 updated from the file, 0 already as in the file" in shown
        assert "left out: 1 × alarms (VALARM)" in shown
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is agenda and agenda.is_ready)
        # Swimming, weekly on Tuesdays from 7 Jan 2025, is in these 30 days too.
        await settle(pilot, lambda: len(rows(agenda)) == 4)
        assert {r[2] for r in rows(agenda)} == {"Swimming"}

        target = tmp_path / "out.ics"
        await pilot.press("x")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await fill(pilot, path=str(target))
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is agenda and target.exists())
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert target.read_bytes().count(b"BEGIN:VEVENT") == 4
        await pilot.press("x")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await fill(pilot, path=str(target))
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: "That file exists" in field_error(app.screen, "path"))
