"""The budget screen by keyboard, on both engines: b from the accounts opens this
month; a category is budgeted (typed `300`, `12,50`), the next month shows what
rolled over, last month's budgets are copied with C, x clears one (asked first);
what the screen did is checked through the services and the audit history."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard_tui.audit.history import AuditFilters
from dashboard_tui.config import Settings
from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.finance.ui.budget import BudgetScreen
from dashboard_tui.widgets.confirm import ConfirmModal
from dashboard_tui.widgets.form_modal import FormModal
from tests.support import history_of
from tests.ui.finance_helpers import finance_of, open_finance
from tests.ui.pilot_helpers import SIZE, burst, pilot_test, run_command, screen_text, settle

GROCERIES = seed_id("expense_category", "Groceries")
DINING = seed_id("expense_category", "Dining out")
SALARY = seed_id("income_category", "Salary")
NOV, DEC = date(2026, 11, 1), date(2026, 12, 1)


@pytest.fixture
def ui_settings(db_url: str) -> Settings:
    """Overrides the ui conftest's: on both engines (db_url is parametrized)."""
    return Settings(database_url=db_url)


def month_of_spending(backend, login) -> None:
    """November 2026 (the fixed clock's month): salary 2000, groceries 250."""
    fin = finance_of(backend)
    main = fin.accounts.create_account(login, name="Main", currency="EUR")
    for day, amount, category in (
        ("2026-11-01", "2000", SALARY),
        ("2026-11-10", "-250", GROCERIES),
    ):
        fin.transactions.add_transaction(
            login, account_id=main.id, date=day, amount=amount, category_id=category
        )


def budget_rows(screen: BudgetScreen) -> dict[str, tuple[str, ...]]:
    """Category → (budgeted, spent, available, bar) as shown."""
    table = screen.table
    found = {}
    for i in range(table.row_count):
        cells = [str(c).strip() for c in table.get_row_at(i)]
        found[cells[0]] = tuple(cells[1:])
    return found


async def to_row(pilot, screen: BudgetScreen, category: str) -> None:
    index = next(i for i, x in enumerate(screen.shown_lines) if x.category == category)
    screen.table.move_cursor(row=index)
    await pilot.pause()


async def budget(pilot, screen: BudgetScreen, category: str, key: str, amount: str) -> None:
    app = pilot.app
    await to_row(pilot, screen, category)
    await pilot.press(key)
    await settle(pilot, lambda: isinstance(app.screen, FormModal))
    await burst(pilot, *amount, "enter")
    await settle(pilot, lambda: app.screen is screen and screen.is_ready)


@pilot_test
async def test_budget_a_month_and_see_it_roll_over(build_app, logged_in, backend):
    month_of_spending(backend, logged_in)
    fin = finance_of(backend)
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_finance(pilot)
        await pilot.press("b")
        await settle(pilot, lambda: isinstance(app.screen, BudgetScreen) and app.screen.is_ready)
        screen = app.screen
        assert "Budget · November 2026 · EUR" in screen_text(pilot)
        # only what is in use: Groceries (spent), not the dozens of other categories
        assert list(budget_rows(screen)) == ["Groceries"]
        assert "Available to budget 2,000.00 EUR" in screen_text(pilot)

        await budget(pilot, screen, "Groceries", "enter", "300")
        await settle(pilot, lambda: budget_rows(screen)["Groceries"][0] == "300.00")
        assert budget_rows(screen)["Groceries"][1:3] == ("−250.00", "50.00")
        assert "83%" in budget_rows(screen)["Groceries"][3]
        assert "Available to budget 1,700.00 EUR" in screen_text(pilot)

        # a: every category; Dining out gets 12,50
        await pilot.press("a")
        await settle(pilot, lambda: "Dining out" in budget_rows(screen))
        await budget(pilot, screen, "Dining out", "e", "12,50")
        await settle(pilot, lambda: budget_rows(screen)["Dining out"][0] == "12.50")

        # ] to December: what was left rolled over; nothing budgeted there yet
        await pilot.press("right_square_bracket")
        await settle(pilot, lambda: screen.is_ready and screen.month == DEC)
        assert "Budget · December 2026" in screen_text(pilot)
        assert budget_rows(screen)["Groceries"][:3] == ("0.00", "0.00", "50.00")
        assert budget_rows(screen)["Dining out"][2] == "12.50"
        assert "Available to budget 1,687.50 EUR" in screen_text(pilot)

        # C copies November's budgets into December
        await pilot.press("C")
        await settle(
            pilot, lambda: screen.is_ready and budget_rows(screen)["Groceries"][0] == "300.00"
        )
        assert budget_rows(screen)["Groceries"][2] == "350.00"
        december = fin.budgets.month_view(logged_in, DEC)
        assert december.line(GROCERIES).available_minor == 35000
        assert december.line(DINING).budgeted_minor == 1250

        # ← back to November; x clears Dining out's budget, after asking
        await pilot.press("left")
        await settle(pilot, lambda: screen.is_ready and screen.month == NOV)
        await to_row(pilot, screen, "Dining out")
        await pilot.press("x")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert "Clear the budget of “Dining out” for November 2026 (12.50 EUR)?" in (
            app.screen.prompt
        )
        await pilot.press("y")
        await settle(
            pilot, lambda: screen.is_ready and budget_rows(screen)["Dining out"][0] == "0.00"
        )
        assert fin.budgets.month_view(logged_in, NOV).line(DINING).budgeted_minor == 0

        # escape: back to the accounts
        await pilot.press("escape")
        await settle(pilot, lambda: not isinstance(app.screen, BudgetScreen))

    page = history_of(backend).page(logged_in, AuditFilters(area="finance"), limit=50)
    done = [(e.action, e.record) for e in reversed(page.entries) if "budget" in e.action]
    assert done == [
        ("finance.budget.set", "Groceries, November 2026: budget 300.00 EUR"),
        ("finance.budget.set", "Dining out, November 2026: budget 12.50 EUR"),
        ("finance.budget.set", "Dining out, December 2026: budget 12.50 EUR"),
        ("finance.budget.set", "Groceries, December 2026: budget 300.00 EUR"),
        ("finance.budget.cleared", "Dining out, November 2026: budget 12.50 EUR"),
    ]


@pilot_test
async def test_a_refused_budget_stays_with_its_message(build_app, logged_in, backend):
    month_of_spending(backend, logged_in)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_finance(pilot)
        await pilot.press("b")
        await settle(pilot, lambda: isinstance(app.screen, BudgetScreen) and app.screen.is_ready)
        screen = app.screen
        await to_row(pilot, screen, "Groceries")
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        form = app.screen
        await burst(pilot, *"-5", "enter")
        await settle(pilot, lambda: "zero or more" in screen_text(pilot))
        assert app.screen is form


@pilot_test
async def test_the_palette_opens_the_budget_and_c_steps_currencies(build_app, logged_in, backend):
    month_of_spending(backend, logged_in)
    fin = finance_of(backend)
    yen = fin.accounts.create_account(logged_in, name="Tokyo", kind="cash", currency="JPY")
    fin.transactions.add_transaction(
        logged_in, account_id=yen.id, date="2026-11-02", amount="-1500", category_id=DINING
    )
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await run_command(pilot, "budget", "Finance: budget")
        await settle(pilot, lambda: isinstance(app.screen, BudgetScreen) and app.screen.is_ready)
        screen = app.screen
        assert list(budget_rows(screen)) == ["Groceries"]  # the EUR spending only
        await pilot.press("c")
        await settle(pilot, lambda: screen.is_ready and screen.currency == "JPY")
        assert "Budget · November 2026 · JPY" in screen_text(pilot)
        assert budget_rows(screen) == {"Dining out": ("0", "−1,500", "−1,500", "██████████ over")}
        await pilot.press("c")
        await settle(pilot, lambda: screen.is_ready and screen.currency == "EUR")
        await pilot.press("escape")  # the accounts list is under it
        await settle(pilot, lambda: type(app.screen).__name__ == "FinanceScreen")
