"""Snapshots of the scheduled transactions: the list, the edit form and the forecast,
at 120x40 and 80x24, on fixed data and the fixed clock (today 2026-11-22). Update
with `pytest tests/ui/test_finance_schedules_snapshots.py --snapshot-update` and
look at them."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from dashboard_tui.finance.ui.register import TransactionFormModal
from dashboard_tui.finance.ui.schedules import ForecastScreen, SchedulesScreen
from tests.ui.finance_helpers import finance_of, loaded, table_of
from tests.ui.pilot_helpers import both_sizes, settle
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture


@pytest.fixture
def schedules(logged_in, backend):
    """Main checking with a rent, a salary, a phone bill and a standing transfer to
    savings; a schedule that has ended."""
    finance = finance_of(backend)
    accounts, s = finance.accounts, finance.schedules
    cats = {c.path: c.id for c in finance.categories.list_categories(logged_in)}
    main = accounts.create_account(logged_in, name="Main checking", opening_balance="1 250.00")
    savings = accounts.create_account(logged_in, name="Savings", kind="savings")
    s.create_schedule(
        logged_in,
        account_id=main.id,
        payee="Landlord",
        category_id=cats["Housing:Rent"],
        amount="950",
        kind="expense",
        repeat="monthly",
        every=1,
        start="2026-12-01",
    )
    s.create_schedule(
        logged_in,
        account_id=main.id,
        payee="ACME Ltd",
        category_id=cats["Salary:Net pay"],
        amount="+2400",
        repeat="last_business_day",
        start="2026-11-01",
    )
    s.create_schedule(
        logged_in,
        account_id=main.id,
        payee="[b]Phone[/b] Co",
        amount="-19.99",
        repeat="weeks",
        every=2,
        weekday="Friday",
        start="2026-11-20",
    )
    s.create_schedule(
        logged_in,
        account_id=main.id,
        transfer_account_id=savings.id,
        payee="Saving",
        amount="100",
        repeat="rule",
        rule="FREQ=MONTHLY;BYMONTHDAY=15",
        start="2026-12-01",
    )
    ended = s.create_schedule(
        logged_in,
        account_id=main.id,
        payee="Old gym",
        amount="-30",
        repeat="rule",
        rule="FREQ=MONTHLY;COUNT=1",
        start="2026-11-01",
    )
    s.skip_due(logged_in, ended.id)
    return main.id


def run(then=None):
    async def run_before(pilot: Pilot) -> None:
        await showing("HomeScreen")(pilot)
        await pilot.press("2")
        await settle(pilot, lambda: getattr(pilot.app.screen, "is_ready", False))
        await pilot.press("S")
        await settle(
            pilot,
            lambda: isinstance(pilot.app.screen, SchedulesScreen) and pilot.app.screen.is_ready,
        )
        await settle(pilot, loaded(table_of(pilot.app.screen)))
        await settle(pilot, lambda: bool(pilot.app.screen.accounts))
        if then is not None:
            await then(pilot)
        await showing(type(pilot.app.screen).__name__)(pilot)

    return run_before


async def to_form(pilot: Pilot) -> None:
    await pilot.press("e")
    await settle(pilot, lambda: isinstance(pilot.app.screen, TransactionFormModal))


async def to_forecast(pilot: Pilot) -> None:
    await pilot.press("f")
    await settle(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, ForecastScreen) and pilot.app.screen.forecasts is not None
        ),
    )


@both_sizes
def test_finance_schedules(snap_compare, schedules, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run())


@both_sizes
def test_finance_schedule_form(snap_compare, schedules, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_form))


@both_sizes
def test_finance_schedules_forecast(snap_compare, schedules, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_forecast))
