"""Tables fit the terminal's width: at 80 columns the free-text columns give way
(widest first, each down to its minimum), the others stay whole, nothing needed
scrolls sideways; at 120 columns nothing is cut."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from dashboard_tui.widgets.table import FitTable
from tests.ui.gym_helpers import tab_table
from tests.ui.pilot_helpers import pilot_test, screen_text, settle
from tests.ui.test_gym_snapshots import in_gym, ready, training  # noqa: F401 - the fixture
from tests.ui.test_snapshots import ui_settings  # noqa: F401 - the fixture

NAME = "Barbell Bench Press with a pause at the bottom"
NOTE = "slow eccentric, three seconds down"


class OneTable(App[None]):
    def compose(self) -> ComposeResult:
        table = FitTable()
        table.add_column("Date", width=10)
        table.add_column("Name")  # free text: narrowed to 10 at the least
        table.add_column("Status", width=12, min_width=7)
        table.add_column("Notes", min_width=5)
        table.add_row("2026-11-22", NAME, "in progress", NOTE)
        table.add_row("2026-11-21", "Squat", "planned", "")
        yield table


def content_widths(table: FitTable) -> list[int]:
    return [c.get_render_width(table) - 2 * table.cell_padding for c in table.columns.values()]


@pilot_test
async def test_columns_give_way_widest_first_and_come_back() -> None:
    app = OneTable()
    async with app.run_test(size=(60, 10)) as pilot:
        await settle(pilot)
        table = app.query_one(FitTable)
        widths = content_widths(table)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert widths[0] == 10  # fixed, no minimum: whole
        assert widths[2] >= 7 and widths[3] >= 5  # never below their minimum
        assert widths[1] >= widths[3]  # the widest gave way first, not only the last

        await pilot.resize_terminal(140, 10)
        await settle(pilot)
        assert content_widths(table) == [10, len(NAME), 12, len(NOTE)]
        assert table.virtual_size.width <= table.scrollable_content_region.width


@pilot_test
async def test_too_narrow_for_the_minimums_scrolls_sideways() -> None:
    app = OneTable()
    async with app.run_test(size=(30, 10)) as pilot:
        await settle(pilot)
        table = app.query_one(FitTable)
        assert content_widths(table) == [10, 10, 7, 5]
        assert table.virtual_size.width > table.scrollable_content_region.width


@pytest.mark.usefixtures("training")
@pytest.mark.parametrize("tab", ["w", "c", "r"])
def test_gym_lists_fit_80_columns(build_app, tab) -> None:
    @pilot_test
    async def run() -> None:
        app = build_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await in_gym()(pilot)
            await pilot.press(tab)
            table = (await tab_table(pilot, app.screen, TABS[tab])).table
            overflow = table.virtual_size.width - table.scrollable_content_region.width
            assert overflow <= 0, f"{TABS[tab]} scrolls sideways by {overflow}"

    run()


TABS = {"w": "workouts", "c": "cardio", "r": "records"}


@pytest.mark.usefixtures("training")
@pilot_test
async def test_workout_at_80_columns_shows_every_column(build_app) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await in_gym()(pilot)
        await pilot.press("enter")
        await settle(pilot, lambda: ready(pilot))
        table = app.screen.query_one("#workout-table")
        assert table.virtual_size.width <= table.scrollable_content_region.width
        text = screen_text(pilot)
        assert "planned" in text and "Notes" in text and "Barbell Bench" in text


class WithOptional(OneTable):
    def compose(self) -> ComposeResult:
        table = FitTable()
        table.add_column("Date", width=10)
        table.add_column("Pace", width=10)
        table.add_column("Speed", width=10, optional=True)
        table.add_column("Notes", min_width=5)
        table.add_row("2026-11-22", "5:00 /km", "12 km/h", NOTE)
        yield table


@pilot_test
async def test_an_optional_column_is_left_out_only_when_nothing_else_fits() -> None:
    app = WithOptional()
    async with app.run_test(size=(40, 6)) as pilot:
        await settle(pilot)
        table = app.query_one(FitTable)
        assert content_widths(table) == [10, 10, -2, 14]  # Speed: no width, no padding
        assert table.virtual_size.width <= table.scrollable_content_region.width
        await pilot.resize_terminal(60, 6)
        await settle(pilot)
        assert content_widths(table) == [10, 10, 10, 22]  # back, Notes narrowed instead
