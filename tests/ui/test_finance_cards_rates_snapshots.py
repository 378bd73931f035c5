"""Snapshots of the accounts list with its net worth line and a highlighted credit
card's statement line, the card details form, and the exchange rates screen, at
120x40 and 80x24, on fixed data and the fixed clock (today 2026-11-22). Update with
`pytest tests/ui/test_finance_cards_rates_snapshots.py --snapshot-update` and look at
them."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from dashboard_tui.finance.ui.area import FinanceScreen
from dashboard_tui.finance.ui.rates import RatesScreen
from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.finance_helpers import finance_of, loaded, rows, table_of
from tests.ui.pilot_helpers import both_sizes, settle
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture


@pytest.fixture
def cards_and_rates(logged_in, backend):
    """EUR checking, a Visa card with details and spending either side of its last
    statement, a yen and a dinar account; rates for yen (two days) and for USD."""
    finance = finance_of(backend)
    a, t, r = finance.accounts, finance.transactions, finance.rates
    a.create_account(logged_in, name="Main checking", opening_balance="2 450.10")
    visa = a.create_account(logged_in, name="[b]Visa[/b]", kind="credit card")
    a.set_credit_card(logged_in, visa.id, limit="3000", statement_day=31, due_day=25)
    for day, amount in (("2026-10-28", "-410.25"), ("2026-11-03", "-89.90"), ("2026-11-20", "-12")):
        t.add_transaction(logged_in, account_id=visa.id, amount=amount, date=day, payee="Shop")
    a.create_account(logged_in, name="Tokyo", currency="JPY", opening_balance="185000")
    a.create_account(logged_in, name="Manama", currency="BHD", opening_balance="12.345")
    r.add_rate(logged_in, from_currency="JPY", to_currency="EUR", rate="0.0061", day="2026-11-20")
    r.add_rate(logged_in, from_currency="JPY", to_currency="EUR", rate="0.00615", day="2026-11-21")
    r.add_rate(logged_in, from_currency="EUR", to_currency="USD", rate="1.0842", day="2026-11-02")
    return visa.id


async def accounts_on_the_card(pilot: Pilot) -> None:
    await showing("HomeScreen")(pilot)
    await pilot.press("2")
    app = pilot.app
    await settle(pilot, lambda: isinstance(app.screen, FinanceScreen) and app.screen.is_ready)
    finance = app.screen
    await settle(pilot, loaded(table_of(finance)))
    index = next(i for i, row in enumerate(rows(finance)) if row[0] == "[b]Visa[/b]")
    table_of(finance).table.move_cursor(row=index)
    await settle(pilot, lambda: finance.summary_ready)


def run(then=None):
    async def run_before(pilot: Pilot) -> None:
        await accounts_on_the_card(pilot)
        if then is not None:
            await then(pilot)
        await showing(type(pilot.app.screen).__name__)(pilot)

    return run_before


async def to_card_form(pilot: Pilot) -> None:
    await pilot.press("c")
    await settle(pilot, lambda: isinstance(pilot.app.screen, FormModal))


async def to_rates(pilot: Pilot) -> None:
    await pilot.press("x")
    app = pilot.app
    await settle(pilot, lambda: isinstance(app.screen, RatesScreen) and app.screen.is_ready)
    await settle(pilot, loaded(table_of(app.screen)))


@both_sizes
def test_finance_accounts_card_and_net_worth(snap_compare, cards_and_rates, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run())


@both_sizes
def test_finance_card_form(snap_compare, cards_and_rates, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_card_form))


@both_sizes
def test_finance_rates(snap_compare, cards_and_rates, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_rates))
