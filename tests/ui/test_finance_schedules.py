"""Scheduled transactions as a person uses them (Pilot, SQLite and PostgreSQL): from
the accounts list S opens them; a monthly bill made by keyboard, entered with one
key (a real transaction, the balance moved), skipped, the forecast. Today is
2026-11-22. Snapshots: test_finance_schedules_snapshots.py."""

from __future__ import annotations

from datetime import date

import pytest
from textual.pilot import Pilot

from dashboard_tui.audit.history import AuditFilters
from dashboard_tui.config import Settings
from dashboard_tui.finance import SCHEDULE
from dashboard_tui.finance.ui.area import FinanceScreen
from dashboard_tui.finance.ui.register import TransactionFormModal
from dashboard_tui.finance.ui.schedules import ForecastScreen, SchedulesScreen
from dashboard_tui.ui.shell import OpenRecord
from dashboard_tui.widgets.confirm import ConfirmModal
from tests.support import history_of
from tests.ui.finance_helpers import category_id, finance_of, open_finance, rows, table_of
from tests.ui.pilot_helpers import SIZE, burst, fill, pilot_test, screen_text, settle


@pytest.fixture
def ui_settings(db_url: str) -> Settings:
    """Both engines (db_url is parametrized over SQLite and PostgreSQL)."""
    return Settings(database_url=db_url)


def main_account(backend, login):
    return next(a for a in finance_of(backend).accounts.list_accounts(login) if a.name == "Main")


async def open_schedules(pilot: Pilot) -> SchedulesScreen:
    app = pilot.app
    await open_finance(pilot)
    await pilot.press("S")
    await settle(pilot, lambda: isinstance(app.screen, SchedulesScreen) and app.screen.is_ready)
    screen = app.screen
    await settle(pilot, lambda: bool(screen.accounts))
    return screen


@pilot_test
async def test_a_monthly_bill_made_and_entered_by_keyboard(build_app, logged_in, backend):
    finance = finance_of(backend)
    finance.accounts.create_account(logged_in, name="Main", opening_balance="2 000.00")
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        schedules = await open_schedules(pilot)
        assert "No scheduled transactions yet" in screen_text(pilot)

        # n: the form; the account is the one highlighted in the list (Main)
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, TransactionFormModal))
        assert app.screen.title_text == "New scheduled transaction"
        await burst(pilot, "tab", *"Landlord", "tab", *"Housing", "tab", *"950")
        await fill(pilot, every="1", start="2026-12-01")
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is schedules)
        table = table_of(schedules)
        await settle(pilot, lambda: not table.loading and len(rows(schedules)) == 1)
        assert rows(schedules)[0] == (
            "2026-12-01",
            "Landlord",
            "Main",
            "Housing",
            "−950.00 EUR",
            "monthly on day 1",
        )

        # E enters it: a transaction of 2026-12-01, the balance moved, next due on
        await pilot.press("E")
        await settle(pilot, lambda: rows(schedules) and rows(schedules)[0][0] == "2027-01-01")
        said = [n.message for n in app._notifications]
        assert "Entered −950.00 EUR at “Landlord” on 2026-12-01; next due 2027-01-01." in said
        main = main_account(backend, logged_in)
        assert main.balance_minor == 200000 - 95000
        (entered,) = finance.transactions.register(logged_in, main.id).rows
        assert (entered.transaction.date, entered.transaction.payee) == (
            date(2026, 12, 1),
            "Landlord",
        )
        assert entered.transaction.category_id == category_id(backend, logged_in, "Housing")

        # s skips the next one: nothing entered
        await pilot.press("s")
        await settle(pilot, lambda: rows(schedules)[0][0] == "2027-02-01")
        assert main_account(backend, logged_in).balance_minor == 105000

        # f: the forecast, from today's balance
        await pilot.press("f")
        await settle(pilot, lambda: isinstance(app.screen, ForecastScreen))
        forecast = app.screen
        await settle(pilot, lambda: forecast.forecasts is not None)
        (main_forecast,) = forecast.forecasts
        # today 1,050.00; January skipped; February's rent leaves 100.00
        assert main_forecast.lowest == (date(2027, 2, 1), 10000)
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is schedules)

        # p pauses it (nothing falls due), p again resumes it
        await pilot.press("p")
        await settle(pilot, lambda: rows(schedules)[0][0] == "paused")
        assert finance.schedules.forecast(logged_in)[0].points == ((date(2026, 11, 22), 105000),)
        await pilot.press("p")
        await settle(pilot, lambda: rows(schedules)[0][0] == "2027-02-01")

        # d deletes it, asked first; the transaction stays
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await settle(pilot, lambda: app.screen is schedules and not rows(schedules))
        assert len(finance.transactions.register(logged_in, main.id).rows) == 1

        # back to the accounts: the balance there moved too
        await pilot.press("escape")
        await settle(pilot, lambda: not table_of(app.screen).loading and rows(app.screen))
        await settle(pilot, lambda: rows(app.screen)[0][3] == "1,050.00 EUR")

    page = history_of(backend).page(logged_in, AuditFilters(area="finance"), limit=50)
    assert [e.action for e in reversed(page.entries)] == [
        "finance.account.created",
        "finance.schedule.created",
        "finance.schedule.entered",
        "finance.transaction.created",
        "finance.schedule.skipped",
        "finance.schedule.edited",  # paused
        "finance.schedule.edited",  # resumed
        "finance.schedule.deleted",
    ]


@pilot_test
async def test_a_bad_rule_is_refused_next_to_its_field(build_app, logged_in, backend):
    finance_of(backend).accounts.create_account(logged_in, name="Main")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_schedules(pilot)
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, TransactionFormModal))
        form = app.screen
        form.query_one("#repeat").value = "rule"
        await fill(pilot, payee="[b]x[/b]", amount="-5", rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")
        form.query_one("#rule").focus()
        await pilot.press("enter")
        await settle(pilot, lambda: form.query_one("#field-rule").has_class("-invalid"))
        assert "This rule never falls on any day." in screen_text(pilot)
        assert finance_of(backend).schedules.list_schedules(logged_in) == ()


@pilot_test
async def test_a_schedule_in_the_audit_history_opens_the_schedules(build_app, logged_in, backend):
    finance = finance_of(backend)
    main = finance.accounts.create_account(logged_in, name="Main")
    bill = finance.schedules.create_schedule(logged_in, account_id=main.id, amount="-1")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_finance(pilot)
        app.post_message(OpenRecord(SCHEDULE.name, bill.id))
        await settle(pilot, lambda: isinstance(app.screen, SchedulesScreen) and app.screen.is_ready)
        await settle(pilot, lambda: len(rows(app.screen)) == 1)
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, FinanceScreen))
