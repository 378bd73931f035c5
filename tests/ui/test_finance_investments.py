"""The investments screen by keyboard, on both engines: v on an investment account
opens its holdings; b buys (typed key by key), p sets a price, and the unrealised
gain shows; s sells more than is held and is refused next to the field; l lists the
lots. What the screen did is checked through the services too."""

from __future__ import annotations

import pytest

from dashboard_tui.config import Settings
from dashboard_tui.finance.ui.area import FinanceScreen
from dashboard_tui.finance.ui.investments import InvestmentsScreen, LotsScreen
from dashboard_tui.widgets.confirm import ConfirmModal
from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.finance_helpers import finance_of, open_finance
from tests.ui.pilot_helpers import SIZE, fill, pilot_test, screen_text, settle, type_into


@pytest.fixture
def ui_settings(db_url: str) -> Settings:
    """Overrides the ui conftest's: on both engines (db_url is parametrized)."""
    return Settings(database_url=db_url)


def holding_rows(screen: InvestmentsScreen) -> list[tuple[str, ...]]:
    table = screen.table
    return [tuple(str(c).strip() for c in table.get_row_at(i)) for i in range(table.row_count)]


@pilot_test
async def test_buy_set_price_and_see_the_gain(build_app, logged_in, backend):
    fin = finance_of(backend)
    broker = fin.accounts.create_account(
        logged_in, name="Broker", kind="investment", currency="EUR"
    )
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_finance(pilot)
        await pilot.press("v")
        await settle(
            pilot, lambda: isinstance(app.screen, InvestmentsScreen) and app.screen.is_ready
        )
        screen = app.screen
        assert "Nothing bought yet" in screen_text(pilot)
        assert "Average cost" in screen_text(pilot)

        await pilot.press("b")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await type_into(pilot, "#symbol", "vwce")
        await type_into(pilot, "#units", "10")
        await type_into(pilot, "#price", "102.50")
        await type_into(pilot, "#fees", "\b2.50")
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is screen and screen.is_ready and screen.holdings)
        assert holding_rows(screen) == [
            ("VWCE", "10", "102.75", "1,027.50", "—", "—", "—"),
        ]

        await pilot.press("p")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await fill(pilot, price="110", date="2026-11-20")
        await pilot.press("enter")
        await settle(
            pilot,
            lambda: (
                app.screen is screen
                and screen.is_ready
                and screen.holdings[0].price_minor is not None
            ),
        )
        assert holding_rows(screen) == [
            ("VWCE", "10", "102.75", "1,027.50", "110.00 (2026-11-20)", "1,100.00", "72.50"),
        ]
        assert "unrealised 72.50 EUR" in screen_text(pilot)

        await pilot.press("s")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        form = app.screen
        await fill(pilot, units="11", price="110")
        await pilot.press("enter")
        await settle(pilot, lambda: form.query_one("#field-units").has_class("-invalid"))
        assert "more than the 10 VWCE" in screen_text(pilot)
        await pilot.press("escape")  # what was typed is asked about first
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await settle(pilot, lambda: app.screen is screen)

        await pilot.press("l")
        await settle(pilot, lambda: isinstance(app.screen, LotsScreen) and app.screen.is_ready)
        assert "102.50" in screen_text(pilot) and "buy" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is screen and screen.is_ready)
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, FinanceScreen))

    (held,) = fin.investments.holdings(logged_in, broker.id)
    assert (held.units_micro, held.cost_basis_minor, held.unrealised_minor) == (
        10_000_000,
        102750,
        7250,
    )


@pilot_test
async def test_v_on_another_account_says_why(build_app, logged_in, backend):
    finance_of(backend).accounts.create_account(logged_in, name="Giro", currency="EUR")
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        finance = await open_finance(pilot)
        await pilot.press("v")
        await pilot.pause()
        assert app.screen is finance
        assert "Highlight an investment account" in screen_text(pilot)
