"""Snapshots of the reports (by category, income vs expense, net worth) and of a
drill-down, on the finance snapshots' data (November 2026, the fixed clock's month)
with a month before it and a category named like markup. Update with
`pytest tests/ui/test_finance_reports_snapshots.py --snapshot-update` and look at them."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from dashboard_tui.finance.ui.reports import ReportDrillScreen, ReportsScreen
from tests.ui.finance_helpers import finance_of
from tests.ui.pilot_helpers import both_sizes, settle
from tests.ui.test_finance_snapshots import in_finance, money  # noqa: F401 - the fixture
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture


@pytest.fixture
def reports(money, logged_in, backend):  # noqa: F811 - the fixture, used
    finance = finance_of(backend)
    odd = finance.categories.create_category(logged_in, name="[b]Fun[/b]")
    for day, amount, category in (
        ("2026-10-01", "2 400.00", "Salary:Net pay"),
        ("2026-10-04", "-950.00", "Housing:Rent"),
        ("2026-10-09", "-61.20", "Groceries:Supermarket"),
        ("2026-09-01", "2 400.00", "Salary:Net pay"),
        ("2026-09-04", "-950.00", "Housing:Rent"),
    ):
        cats = {c.path: c.id for c in finance.categories.list_categories(logged_in)}
        finance.transactions.add_transaction(
            logged_in, account_id=money, date=day, amount=amount, category_id=cats[category]
        )
    finance.transactions.add_transaction(
        logged_in,
        account_id=money,
        date="2026-11-19",
        amount="-12.00",
        payee="[i]Fair[/i]",
        category_id=odd.id,
    )


def run(key: str, then=None):
    async def run_before(pilot: Pilot) -> None:
        await in_finance(pilot)
        await pilot.press("r")
        await settle(
            pilot,
            lambda: isinstance(pilot.app.screen, ReportsScreen) and pilot.app.screen.is_ready,
        )
        if key != "1":
            screen = pilot.app.screen
            await pilot.press(key)
            await settle(pilot, lambda: screen.is_ready and screen.report != "category")
        if then is not None:
            await then(pilot)
        await showing(type(pilot.app.screen).__name__)(pilot)

    return run_before


async def to_drill(pilot: Pilot) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, ReportsScreen)
    index = next(i for i, v in enumerate(screen.row_values) if v.category == "[b]Fun[/b]")
    screen.table.move_cursor(row=index)
    await pilot.pause()
    await pilot.press("enter")
    await settle(
        pilot,
        lambda: isinstance(pilot.app.screen, ReportDrillScreen) and pilot.app.screen.is_ready,
    )


@both_sizes
def test_finance_reports_by_category(snap_compare, reports, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run("1"))


@both_sizes
def test_finance_reports_income_expense(snap_compare, reports, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run("2"))


@both_sizes
def test_finance_reports_net_worth(snap_compare, reports, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run("3"))


@both_sizes
def test_finance_reports_drill_down(snap_compare, reports, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run("1", to_drill))
