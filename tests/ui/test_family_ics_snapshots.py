"""Snapshots of the agenda's iCalendar import form and the summary an import shows
(tests/data/ics/google.ics: what came in, what was left out) at 120x40 and 80x24.
Update with `pytest tests/ui/test_family_ics_snapshots.py --snapshot-update` and look
at them."""

from __future__ import annotations

from textual.pilot import Pilot

from dashboard_tui.family.ui.ics import IcsSummaryModal
from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.pilot_helpers import both_sizes, fill, settle
from tests.ui.test_family import open_agenda
from tests.ui.test_family_ics import GOOGLE
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture


def run(then):
    async def run_before(pilot: Pilot) -> None:
        await open_agenda(pilot)
        await then(pilot)
        await showing(type(pilot.app.screen).__name__)(pilot)

    return run_before


async def to_import_form(pilot: Pilot) -> None:
    await pilot.press("i")
    await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))


async def to_summary(pilot: Pilot) -> None:
    await to_import_form(pilot)
    await fill(pilot, path=str(GOOGLE))
    await pilot.press("ctrl+s")
    await settle(pilot, lambda: isinstance(pilot.app.screen, IcsSummaryModal))


@both_sizes
def test_family_ics_import_form(snap_compare, logged_in, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_import_form))


@both_sizes
def test_family_ics_summary(snap_compare, logged_in, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_summary))
