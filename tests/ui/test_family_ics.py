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


@pilot_test
async def test_a_reimport_names_what_it_keeps_and_birthdays_go_out(
    build_app, logged_in, backend, tmp_path
):
    from dashboard_tui.family.ics_service import IcsService
    from dashboard_tui.family.services import FamilyService

    backend.services(IcsService).import_ics(logged_in, GOOGLE.read_bytes(), file_name="google.ics")
    backend.services(FamilyService).add_member(logged_in, name="[b]Lea[/b]", birthday="2016-12-01")
    whole = GOOGLE.read_bytes()
    start = whole.index(b"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250214")
    end = whole.index(b"END:VEVENT\r\n", start) + len(b"END:VEVENT\r\n")
    trimmed = tmp_path / "google.ics"  # the same file, downloaded again without the trip
    trimmed.write_bytes(whole[:start] + whole[end:])
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        agenda = await open_agenda(pilot)
        await pilot.press("i")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await fill(pilot, path=str(trimmed))
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, IcsSummaryModal))
        shown = screen_text(pilot)
        assert "0 events added, 0 updated from the file, 2 already as in the file" in shown
        assert "kept, no longer in the file: 'Trip to Hamburg' (2025-02-14)" in shown
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is agenda and agenda.is_ready)

        target = tmp_path / "out.ics"
        await pilot.press("x")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await fill(pilot, path=str(target))
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is agenda and target.exists())
        await settle(pilot, lambda: "3 events and 1 birthdays exported" in screen_text(pilot))
        assert b"X-DASHBOARD-BIRTHDAY:[b]Lea[/b]\r\n" in target.read_bytes()
