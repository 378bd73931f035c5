"""The reports by keyboard, on both engines: r from the accounts opens the month by
category; enter on a category opens the transactions behind it, whose sum is the
figure (a split's part, not the whole; the transfer not at all); 2 and 3 switch to
income vs expense and net worth, [ / ] step, p the period, c the currency; enter on
a month of income vs expense lists its income and expenses, summing to its net."""

from __future__ import annotations

import pytest

from dashboard_tui.config import Settings
from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.finance.dto import CategoryFigure, MonthFlow, SplitPart
from dashboard_tui.finance.ui.reports import ReportDrillScreen, ReportsScreen
from tests.ui.finance_helpers import finance_of, open_finance
from tests.ui.pilot_helpers import SIZE, pilot_test, screen_text, settle

GROCERIES = seed_id("expense_category", "Groceries")
DINING = seed_id("expense_category", "Dining out")
SALARY = seed_id("income_category", "Salary")


@pytest.fixture
def ui_settings(db_url: str) -> Settings:
    """Overrides the ui conftest's: on both engines (db_url is parametrized)."""
    return Settings(database_url=db_url)


def november(backend, login) -> None:
    """November 2026 (the fixed clock's month): salary 2000, groceries 250, a split
    of 80 groceries + 20 dining, 500 moved to savings; October: groceries 40; a yen
    account with groceries 3000."""
    fin = finance_of(backend)
    main = fin.accounts.create_account(login, name="Main", currency="EUR", opening_balance="100")
    savings = fin.accounts.create_account(login, name="Savings", kind="savings", currency="EUR")
    yen = fin.accounts.create_account(login, name="Tokyo", kind="cash", currency="JPY")
    t = fin.transactions
    for account, day, amount, category in (
        (main, "2026-10-20", "-40", GROCERIES),
        (main, "2026-11-01", "2000", SALARY),
        (main, "2026-11-10", "-250", GROCERIES),
        (yen, "2026-11-11", "-3000", GROCERIES),
    ):
        t.add_transaction(
            login, account_id=account.id, date=day, amount=amount, category_id=category
        )
    t.add_transaction(
        login,
        account_id=main.id,
        date="2026-11-12",
        amount="-100",
        payee="[b]Market[/b]",
        splits=[SplitPart(GROCERIES, "-80"), SplitPart(DINING, "-20")],
    )
    t.add_transfer(
        login, from_account_id=main.id, to_account_id=savings.id, amount="500", date="2026-11-13"
    )


def cells(table) -> list[tuple[str, ...]]:
    return [tuple(str(c).strip() for c in table.get_row_at(i)) for i in range(table.row_count)]


async def to_row(pilot, screen: ReportsScreen, match) -> None:
    index = next(i for i, v in enumerate(screen.row_values) if match(v))
    screen.table.move_cursor(row=index)
    await pilot.pause()


async def drill(pilot, screen: ReportsScreen) -> ReportDrillScreen:
    app = pilot.app
    await pilot.press("enter")
    await settle(pilot, lambda: isinstance(app.screen, ReportDrillScreen) and app.screen.is_ready)
    return app.screen


@pilot_test
async def test_open_reports_and_drill_down_from_a_category(build_app, logged_in, backend):
    november(backend, logged_in)
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_finance(pilot)
        await pilot.press("r")
        await settle(pilot, lambda: isinstance(app.screen, ReportsScreen) and app.screen.is_ready)
        screen = app.screen
        assert "By category · November 2026 · EUR  (c: EUR / JPY)" in screen_text(pilot)
        rows = cells(screen.table)
        assert [r[:2] for r in rows] == [
            ("Groceries", "−330.00"),
            ("Dining out", "−20.00"),
            ("Salary", "2,000.00"),
        ]
        assert "█" in rows[0][2]

        # enter on Groceries: its two rows, the split's part only; the sum is the figure
        await to_row(pilot, screen, lambda v: v.category_id == GROCERIES)
        down = await drill(pilot, screen)
        text = screen_text(pilot)
        assert "Groceries · November 2026 · EUR" in text
        assert "2 entries · sum −330.00 EUR" in text
        listed = cells(down.query_one("#drill-table"))
        assert [(r[0], r[2], r[4]) for r in listed] == [
            ("2026-11-12", "[b]Market[/b]", "−80.00"),
            ("2026-11-10", "", "−250.00"),
        ]
        assert sum(r.amount_minor for r in down.down.rows) == -33000
        assert listed[0][3] == "Groceries (part 1)"
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is screen)

        # [ : October; p: the year 2026; c: yen
        await pilot.press("left_square_bracket")
        await settle(pilot, lambda: screen.is_ready and "October 2026" in screen_text(pilot))
        assert [r[:2] for r in cells(screen.table)] == [("Groceries", "−40.00")]
        await pilot.press("p")
        await settle(
            pilot, lambda: screen.is_ready and "By category · 2026 · EUR" in screen_text(pilot)
        )
        assert cells(screen.table)[0][:2] == ("Groceries", "−370.00")
        await pilot.press("c")
        await settle(pilot, lambda: screen.is_ready and "· 2026 · JPY" in screen_text(pilot))
        assert [r[:2] for r in cells(screen.table)] == [("Groceries", "−3,000")]
        # c after the last currency: converted into EUR (no JPY rate: left out, named)
        await pilot.press("c")
        await settle(pilot, lambda: screen.is_ready and screen.converted)
        assert "(all currencies, converted)" in screen_text(pilot)
        assert "left out, no rate on or before a month's end: JPY" in screen_text(pilot)
        assert cells(screen.table)[0][:2] == ("Groceries", "−370.00")
        await pilot.press("c")
        await settle(
            pilot, lambda: screen.is_ready and screen.currency == "EUR" and not screen.converted
        )

        # 2: income vs expense, newest month first; enter lists November's, net 1,650
        await pilot.press("2")
        await settle(pilot, lambda: screen.is_ready and screen.report == "flow")
        assert "Income vs expense · December 2025 – November 2026 · EUR" in screen_text(pilot)
        assert cells(screen.table)[0] == ("2026-11", "2,000.00", "−350.00", "1,650.00")
        await to_row(pilot, screen, lambda v: isinstance(v, MonthFlow) and v.month.month == 11)
        down = await drill(pilot, screen)
        assert "4 entries · sum 1,650.00 EUR" in screen_text(pilot)
        assert sum(r.amount_minor for r in down.down.rows) == 165000
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is screen)

        # 3: net worth at each month's end: 100 + 2000 − 40 − 250 − 100 (the transfer
        # stays within EUR)
        await pilot.press("3")
        await settle(pilot, lambda: screen.is_ready and screen.report == "worth")
        assert cells(screen.table)[0][:2] == ("2026-11-30", "1,710.00")
        assert cells(screen.table)[1][:2] == ("2026-10-31", "60.00")
        assert "now 1,710.00 EUR" in screen_text(pilot)

        # 1 again: back on the year's categories; escape to the accounts
        await pilot.press("1")
        await settle(pilot, lambda: screen.is_ready and screen.report == "category")
        assert all(isinstance(v, CategoryFigure) for v in screen.row_values)
        await pilot.press("escape")
        await settle(pilot, lambda: not isinstance(app.screen, ReportsScreen))


@pilot_test
async def test_reports_converted_into_the_profile_currency(build_app, logged_in, backend):
    """c after the last currency: both reports in EUR with the yen at the rate dated on
    or before each month's end, the rate shown with its date; enter asks for one
    currency instead of mixing them."""
    november(backend, logged_in)
    fin = finance_of(backend)
    fin.rates.add_rate(
        logged_in, from_currency="JPY", to_currency="EUR", rate="0.0061", day="2026-11-05"
    )
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        finance = await open_finance(pilot)
        await pilot.press("r")
        await settle(pilot, lambda: isinstance(app.screen, ReportsScreen) and app.screen.is_ready)
        screen = app.screen
        await pilot.press("c", "c")
        await settle(pilot, lambda: screen.is_ready and screen.converted)
        text = screen_text(pilot)
        assert "By category · November 2026 · EUR (all currencies, converted)" in text
        assert "Rates: JPY 0.0061 (2026-11-05)" in text
        assert "left out" not in text
        # groceries: 250 + 80 EUR and 3000 JPY × 0.0061 = 18.30 EUR
        expected = fin.converted.by_category(logged_in, "month", "2026-11")
        groceries = next(x for x in expected.lines if x.category_id == GROCERIES)
        assert groceries.total_minor == -(25000 + 8000 + 1830)
        assert ("Groceries", "−348.30") in [r[:2] for r in cells(screen.table)]
        await pilot.press("enter")
        await settle(
            pilot, lambda: any("c to one currency" in str(n.message) for n in app._notifications)
        )
        assert app.screen is screen
        # 2: income vs expense converted too; October has no yen, November's does
        await pilot.press("2")
        await settle(pilot, lambda: screen.is_ready and screen.report == "flow")
        assert "(all currencies, converted)" in screen_text(pilot)
        assert cells(screen.table)[0] == ("2026-11", "2,000.00", "−368.30", "1,631.70")
        assert cells(screen.table)[1][:3] == ("2026-10", "0.00", "−40.00")
    assert finance is not None
