"""Credit card details and exchange rates as a person uses them, by keyboard (Pilot;
checked through the services on the same database, SQLite and PostgreSQL): c sets a
card's limit and statement day and the utilisation shows under the list; x opens the
rates, n adds one, and the net worth line converts with it; e edits it, d deletes it."""

from __future__ import annotations

import pytest

from dashboard_tui.audit.history import AuditFilters
from dashboard_tui.config import Settings
from dashboard_tui.finance.ui.rates import RatesScreen
from dashboard_tui.widgets.confirm import ConfirmModal
from dashboard_tui.widgets.form_modal import FormModal
from tests.support import history_of
from tests.ui.finance_helpers import finance_of, loaded, open_finance, rows, table_of
from tests.ui.gym_helpers import field_error, value_of
from tests.ui.pilot_helpers import SIZE, burst, fill, pilot_test, screen_text, settle


@pytest.fixture
def ui_settings(db_url: str) -> Settings:
    """These journeys run on both engines (db_url is parametrized)."""
    return Settings(database_url=db_url)


@pytest.fixture
def accounts(logged_in, backend):
    """Main (EUR), a Visa card with 250.00 spent this period, a Yen account."""
    finance = finance_of(backend)
    finance.accounts.create_account(logged_in, name="Main", opening_balance="1 000")
    visa = finance.accounts.create_account(logged_in, name="Visa", kind="credit card")
    finance.transactions.add_transaction(
        logged_in, account_id=visa.id, amount="-250", payee="Shop", date="2026-11-18"
    )
    finance.accounts.create_account(logged_in, name="Yen", currency="JPY", opening_balance="100000")
    return visa.id


def to_row(screen, name: str) -> None:
    table = table_of(screen).table
    table.move_cursor(row=next(i for i, r in enumerate(rows(screen)) if r[0] == name))


@pilot_test
async def test_card_details_then_a_rate_and_the_net_worth(build_app, logged_in, backend, accounts):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        finance = await open_finance(pilot)
        await settle(pilot, lambda: finance.summary_ready)
        # no rate for JPY yet: the yen are left out and named
        assert "Net worth 750.00 EUR · no rate for JPY: not counted" in screen_text(pilot)

        # not a card: c says so
        to_row(finance, "Main")
        await pilot.press("c")
        await settle(pilot, lambda: "Only a credit card account" in screen_text(pilot))

        to_row(finance, "Visa")
        await settle(pilot, lambda: "c sets its limit" in screen_text(pilot))
        await pilot.press("c")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await burst(pilot, *"1000", "tab", *"32", "tab", *"5", "enter")
        await settle(pilot, lambda: field_error(app.screen, "statement_day") != "")
        assert value_of(app.screen, "limit") == "1000"  # kept
        await fill(pilot, statement_day="15")
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is finance)
        await settle(pilot, lambda: finance.summary_ready and "utilisation" in screen_text(pilot))
        text = screen_text(pilot)
        assert "next statement 2026-12-15, −250.00 EUR since 2026-11-16" in text
        assert "Payment due 0.00 EUR by 2026-12-05" in text
        assert "utilisation 25.0 % of 1,000.00 EUR" in text

        # the rates: x, n; a rate for the yen; back, and the net worth has them
        await pilot.press("x")
        await settle(pilot, lambda: isinstance(app.screen, RatesScreen) and app.screen.is_ready)
        rates = app.screen
        assert "No exchange rates yet" in screen_text(pilot)
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        assert value_of(app.screen, "to_currency") == "EUR"
        # the same currency twice is refused next to the field; what was typed stays
        await burst(pilot, *"eur", "tab", "tab", *"0,0061", "enter")
        await settle(pilot, lambda: "two different" in field_error(app.screen, "to_currency"))
        assert value_of(app.screen, "rate") == "0,0061"
        await fill(pilot, from_currency="jpy", date="2026-11-20")
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is rates)
        await settle(pilot, loaded(table_of(rates)))
        await settle(pilot, lambda: rows(rates) == [("2026-11-20", "JPY", "0.0061", "EUR")])
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is finance)
        await settle(
            pilot,
            lambda: "Net worth 1,360.00 EUR (rates of 2026-11-20)" in screen_text(pilot),
        )

        # edit it, then delete it
        await pilot.press("x")
        await settle(pilot, lambda: isinstance(app.screen, RatesScreen) and app.screen.is_ready)
        rates = app.screen
        await settle(pilot, lambda: len(rows(rates)) == 1)
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await fill(pilot, rate="0.0065")
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is rates and rows(rates)[0][2] == "0.0065")
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await settle(pilot, lambda: app.screen is rates and rows(rates) == [])
        await pilot.press("escape")
        await settle(pilot, lambda: "no rate for JPY" in screen_text(pilot))

    page = history_of(backend).page(logged_in, AuditFilters(area="finance"), limit=50)
    done = [(e.action, e.record) for e in reversed(page.entries)]
    assert done[-4:] == [
        ("finance.card.created", "Card details of Visa"),
        ("finance.rate.created", "Rate 1 JPY = 0.0061 EUR on 2026-11-20"),
        ("finance.rate.edited", "Rate 1 JPY = 0.0065 EUR on 2026-11-20"),
        ("finance.rate.deleted", "Rate 1 JPY = 0.0065 EUR on 2026-11-20"),
    ]
    status = finance_of(backend).cards.status(logged_in, accounts)
    assert status is not None and status.utilisation == "25.0 %"
