"""Snapshots of the investments screen (holdings: a gain, a loss, one without a price)
and of one symbol's lots, on fixed data and the fixed clock. Update with
`pytest tests/ui/test_finance_investments_snapshots.py --snapshot-update` and look."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from dashboard_tui.finance.ui.investments import InvestmentsScreen, LotsScreen
from tests.ui.finance_helpers import finance_of
from tests.ui.pilot_helpers import both_sizes, settle
from tests.ui.test_finance_snapshots import in_finance
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture


@pytest.fixture
def portfolio(logged_in, backend, clock):
    finance = finance_of(backend)
    broker = finance.accounts.create_account(
        logged_in, name="Broker", kind="investment", currency="EUR"
    )
    inv = finance.investments
    for symbol, kind, units, price, fees, day in (
        ("VWCE", "buy", "10", "100", "5", "2026-01-10"),
        ("VWCE", "buy", "5", "110.50", "2.50", "2026-02-10"),
        ("VWCE", "sell", "6", "120", "3", "2026-03-10"),
        ("BRK.B", "buy", "2.5", "410.20", "1", "2026-04-01"),
        ("ABC", "buy", "0.125", "80", "0", "2026-05-01"),
    ):
        clock.advance(minutes=1)
        inv.add_lot(
            logged_in,
            account_id=broker.id,
            symbol=symbol,
            kind=kind,
            units=units,
            price=price,
            fees=fees,
            date=day,
        )
    inv.set_price(logged_in, symbol="VWCE", price="125", currency="EUR", date="2026-11-27")
    inv.set_price(logged_in, symbol="BRK.B", price="395.10", currency="EUR", date="2026-11-27")


def run(lots: bool = False):
    async def run_before(pilot: Pilot) -> None:
        await in_finance(pilot)
        await pilot.press("v")
        await settle(
            pilot,
            lambda: isinstance(pilot.app.screen, InvestmentsScreen) and pilot.app.screen.is_ready,
        )
        if lots:
            screen = pilot.app.screen
            screen.table.move_cursor(row=2)  # VWCE, after ABC and BRK.B
            await pilot.pause()
            await pilot.press("l")
            await settle(
                pilot,
                lambda: isinstance(pilot.app.screen, LotsScreen) and pilot.app.screen.is_ready,
            )
        await showing(type(pilot.app.screen).__name__)(pilot)

    return run_before


@both_sizes
def test_finance_investments(snap_compare, portfolio, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run())


@both_sizes
def test_finance_investment_lots(snap_compare, portfolio, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(lots=True))
