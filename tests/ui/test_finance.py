"""The finance area as a person uses it: accounts, a register, transactions added,
edited and deleted from the keyboard (Pilot; what the UI did is checked through the
services on the same database, SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from dashboard_tui.audit.history import AuditFilters
from dashboard_tui.config import Settings
from dashboard_tui.finance.ui.area import FinanceScreen
from dashboard_tui.finance.ui.register import TransactionFormModal
from dashboard_tui.widgets.confirm import ConfirmModal
from dashboard_tui.widgets.form_modal import FormModal
from tests.support import history_of
from tests.ui.finance_helpers import (
    finance_of,
    loaded,
    open_finance,
    open_register,
    rows,
    table_of,
)
from tests.ui.gym_helpers import field_error, value_of
from tests.ui.pilot_helpers import SIZE, burst, fill, pilot_test, screen_text, settle


@pytest.fixture
def ui_settings(db_url: str) -> Settings:
    """Overrides the ui conftest's: these journeys run on both engines (db_url is
    parametrized over SQLite and PostgreSQL)."""
    return Settings(database_url=db_url)


def form_titled(app, title):
    return lambda: isinstance(app.screen, FormModal) and app.screen.title_text == title


def account(backend, login, name):
    accounts = finance_of(backend).accounts.list_accounts(login, include_archived=True)
    return next(a for a in accounts if a.name == name)


async def new_transaction(pilot, clock, *keys: str) -> None:
    """n, then `keys` as one burst into the form (date is focused first), saved."""
    app = pilot.app
    register = app.screen
    clock.advance(minutes=1)  # newest first: each one a minute after the last
    await pilot.press("n")
    await settle(pilot, lambda: isinstance(app.screen, TransactionFormModal))
    await burst(pilot, *keys, "enter")
    await settle(pilot, lambda: app.screen is register)
    await settle(pilot, loaded(table_of(register)))


@pilot_test
async def test_account_register_add_edit_delete_by_keyboard(build_app, logged_in, backend, clock):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_finance(pilot)
        assert "No accounts yet" in screen_text(pilot)
        await pilot.press("n")
        await settle(pilot, form_titled(app, "New account"))
        await pilot.press(*"Main")
        await fill(pilot, opening_balance="1 000.00")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, FinanceScreen))
        finance = app.screen
        await settle(pilot, lambda: rows(finance) and rows(finance)[0][0] == "Main")
        assert rows(finance)[0][1:4] == ("checking", "EUR", "1,000.00 EUR")

        register = await open_register(pilot, "Main")
        await new_transaction(pilot, clock, "tab", *"Lidl", "tab", *"Groceries", "tab", *"12.50")
        await new_transaction(pilot, clock, "tab", *"ACME", "tab", *"Salary", "tab", *"2000")
        assert [r[1:6] for r in rows(register)] == [
            ("ACME", "Salary", "2,000.00 EUR", "2,987.50 EUR", ""),
            ("Lidl", "Groceries", "−12.50 EUR", "987.50 EUR", ""),
        ]
        assert account(backend, logged_in, "Main").balance_minor == 298750
        await settle(pilot, lambda: "balance 2,987.50 EUR" in screen_text(pilot))

        # edit the expense: the form shows it signed; a new amount keeps its sign
        await pilot.press("j", "e")
        await settle(pilot, lambda: isinstance(app.screen, TransactionFormModal))
        assert value_of(app.screen, "amount") == "-12.50"
        assert value_of(app.screen, "category") == "Groceries"
        await fill(pilot, amount="15")
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is register)
        await settle(pilot, lambda: rows(register)[1][3] == "−15.00 EUR")
        assert rows(register)[0][4] == "2,985.00 EUR"

        # c marks it cleared
        await pilot.press("c")
        await settle(pilot, lambda: rows(register)[1][5] == "*")

        # delete the income: asked first
        await pilot.press("k", "d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert "Delete the transaction 2,000.00 EUR" in app.screen.prompt
        await pilot.press("y")
        await settle(pilot, lambda: app.screen is register and len(rows(register)) == 1)
        assert rows(register)[0][4] == "985.00 EUR"
        assert account(backend, logged_in, "Main").balance_minor == 98500
        await settle(pilot, lambda: "balance 985.00 EUR" in screen_text(pilot))

        # back to the accounts: the balance there moved too
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is finance and not table_of(finance).loading)
        await settle(pilot, lambda: rows(finance)[0][3] == "985.00 EUR")

    page = history_of(backend).page(logged_in, AuditFilters(area="finance"), limit=50)
    done = [(e.action, e.record) for e in reversed(page.entries)]
    assert [a for a, _ in done] == [
        "finance.account.created",
        "finance.transaction.created",
        "finance.transaction.created",
        "finance.transaction.edited",  # the amount
        "finance.transaction.edited",  # cleared
        "finance.transaction.deleted",
    ]
    assert done[0][1] == "Account Main"
    assert "Groceries" in done[1][1] and "Lidl" in done[1][1]
    assert "Salary" in done[5][1]


@pilot_test
async def test_a_refused_amount_stays_with_its_message(build_app, logged_in, backend):
    finance_of(backend).accounts.create_account(logged_in, name="Main")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_finance(pilot)
        register = await open_register(pilot, "Main")
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, TransactionFormModal))
        form = app.screen
        await fill(pilot, payee="Lidl", amount="12.5.0")
        await pilot.press("enter")
        await settle(pilot, lambda: "Group digits" in field_error(form, "amount"))
        assert value_of(form, "amount") == "12.5.0"  # what was typed stays
        await fill(pilot, amount="1,234.5", category="Nothing like it")
        await pilot.press("enter")
        await settle(pilot, lambda: "Choose a category" in field_error(form, "category"))
        await fill(pilot, category="")
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is register)
        await settle(pilot, lambda: len(rows(register)) == 1)
        assert rows(register)[0][1:4] == ("Lidl", "", "1,234.50 EUR")  # no category: as typed


@pilot_test
async def test_hostile_payees_are_shown_literally_or_refused(build_app, logged_in, backend):
    finance_of(backend).accounts.create_account(logged_in, name="[b]Main[/b]")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_finance(pilot)
        assert "[b]Main[/b]" in screen_text(pilot)
        register = await open_register(pilot, "[b]Main[/b]")
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, TransactionFormModal))
        form = app.screen
        for hostile in ("\x1b[31mred", "evil\u202etxt"):
            await fill(pilot, payee=hostile, amount="-1")
            await pilot.press("enter")
            await settle(pilot, lambda: "Control" in field_error(form, "payee"))
            assert value_of(form, "payee") == hostile
        await fill(pilot, payee="[b]x[/b]", memo="[red]m[/red]", amount="-1")
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is register and len(rows(register)) == 1)
        assert "[b]x[/b]" in screen_text(pilot)
        assert "[b]Main[/b] · EUR" in screen_text(pilot)


@pilot_test
async def test_a_transfer_shows_on_both_registers_and_deletes_as_one(build_app, logged_in, backend):
    finance = finance_of(backend)
    finance.accounts.create_account(logged_in, name="Checking", opening_balance="500")
    finance.accounts.create_account(logged_in, name="Savings", kind="savings")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_finance(pilot)
        register = await open_register(pilot, "Checking")
        await pilot.press("t")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await pilot.press("tab", *"200", "enter")  # from the account choice to the amount
        await settle(pilot, lambda: app.screen is register and len(rows(register)) == 1)
        assert rows(register)[0][2:5] == ("transfer → Savings", "−200.00 EUR", "300.00 EUR")
        assert account(backend, logged_in, "Savings").balance_minor == 20000
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert "Both legs go" in app.screen.prompt and "“Savings”" in app.screen.prompt
        await pilot.press("y")
        await settle(pilot, lambda: app.screen is register and not rows(register))
        assert account(backend, logged_in, "Savings").balance_minor == 0
        assert account(backend, logged_in, "Checking").balance_minor == 50000


@pilot_test
async def test_a_reconciled_row_asks_before_an_edit(build_app, logged_in, backend):
    finance = finance_of(backend)
    main = finance.accounts.create_account(logged_in, name="Main")
    t = finance.transactions.add_transaction(logged_in, account_id=main.id, amount="-5")
    finance.transactions.set_status(logged_in, t.id, "reconciled")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_finance(pilot)
        register = await open_register(pilot, "Main")
        assert rows(register)[0][5] == "R"
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert "reconciled" in app.screen.prompt
        await pilot.press("y")
        await settle(pilot, lambda: isinstance(app.screen, TransactionFormModal))
        await fill(pilot, amount="-7")
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is register)
        await settle(pilot, lambda: rows(register)[0][3] == "−7.00 EUR")
    assert finance.transactions.get_transaction(logged_in, t.id).status == "reconciled"


@pilot_test
async def test_g_2_opens_finance_and_archived_accounts_hide(build_app, logged_in, backend):
    finance = finance_of(backend)
    finance.accounts.create_account(logged_in, name="Old")
    finance.accounts.create_account(logged_in, name="New")
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.login is not None)
        await burst(pilot, "g", "2")
        await settle(pilot, lambda: isinstance(app.screen, FinanceScreen) and app.screen.is_ready)
        screen = app.screen
        assert [r[0] for r in rows(screen)] == ["New", "Old"]
        await pilot.press("j", "A")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await settle(
            pilot, lambda: app.screen is screen and [r[0] for r in rows(screen)] == ["New"]
        )
        await pilot.press("a")
        await settle(pilot, lambda: [r[0] for r in rows(screen)] == ["New", "Old"])
        assert rows(screen)[1][4] == "archived"
        assert account(backend, logged_in, "Old").archived


@pilot_test
async def test_a_burst_into_the_transaction_form_lands_in_its_fields(build_app, logged_in, backend):
    finance_of(backend).accounts.create_account(logged_in, name="Main")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_finance(pilot)
        await open_register(pilot, "Main")
        keys = ["n", "tab", *"Lidl", "tab", *"Groceries", "tab", *"12.50", "tab", *"milk"]
        await burst(pilot, *keys)
        await settle(pilot, lambda: isinstance(app.screen, TransactionFormModal))
        form = app.screen
        typed = [value_of(form, f) for f in ("date", "payee", "category", "amount", "memo")]
        assert typed == ["today", "Lidl", "Groceries", "12.50", "milk"]


@pilot_test
async def test_the_filter_keeps_the_accounts_own_balances(build_app, logged_in, backend, clock):
    finance = finance_of(backend)
    main = finance.accounts.create_account(logged_in, name="Main", opening_balance="100")
    for payee, amount in (("Lidl", "-10"), ("ACME", "+50"), ("Lidl Nord", "-5")):
        clock.advance(minutes=1)
        finance.transactions.add_transaction(
            logged_in, account_id=main.id, payee=payee, amount=amount
        )
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_finance(pilot)
        register = await open_register(pilot, "Main")
        assert [r[4] for r in rows(register)] == ["135.00 EUR", "140.00 EUR", "90.00 EUR"]
        await pilot.press("slash", *"lid", "enter")
        await settle(pilot, lambda: len(rows(register)) == 2 and not table_of(register).loading)
        assert [(r[1], r[4]) for r in rows(register)] == [
            ("Lidl Nord", "135.00 EUR"),
            ("Lidl", "90.00 EUR"),
        ]


@pilot_test
async def test_F_shows_only_a_period_a_category_and_an_amount_range(
    build_app, logged_in, backend, clock
):
    finance = finance_of(backend)
    main = finance.accounts.create_account(logged_in, name="Main", opening_balance="100")
    groceries = next(
        c.id for c in finance.categories.list_categories(logged_in) if c.path == "Groceries"
    )
    for day, amount, category in (
        (3, "-12.50", groceries),
        (9, "-40", None),
        (20, "-7", groceries),
    ):
        clock.advance(minutes=1)
        finance.transactions.add_transaction(
            logged_in,
            account_id=main.id,
            amount=amount,
            date=f"2026-11-{day:02d}",
            category_id=category,
        )
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_finance(pilot)
        register = await open_register(pilot, "Main")
        await pilot.press("F")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        form = app.screen
        await fill(pilot, date_from="2026-11-10", date_to="2026-11-01")
        await pilot.press("enter")
        await settle(pilot, lambda: "before the first day" in field_error(form, "date_to"))
        await fill(pilot, category="[b]x[/b]")
        await pilot.press("enter")
        await settle(pilot, lambda: "Choose a category" in field_error(form, "category"))
        await fill(
            pilot, date_from="2026-11-02", date_to="", category="groceries", amount_max="-10"
        )
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is register)
        await settle(pilot, lambda: len(rows(register)) == 1 and not table_of(register).loading)
        # The account's own running balance, not the filtered rows' sum.
        assert rows(register)[0][3:5] == ("−12.50 EUR", "87.50 EUR")
        assert "only from 2026-11-02 · groceries · amounts up to -10 (F)" in screen_text(app)
        await pilot.press("F")  # opens as it was left; emptied, every row again
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        assert value_of(app.screen, "category") == "groceries"
        await fill(pilot, date_from="", category="", amount_max="")
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is register)
        await settle(pilot, lambda: len(rows(register)) == 3 and not table_of(register).loading)


@pilot_test
async def test_forms_typed_in_one_burst_each_save_first(build_app, logged_in, backend):
    """n, a name, enter, n, another name, enter, as a script types them: two accounts.
    The second `n` used to reach the first form while it was still saving, and
    "Savings" the list below it as commands (S schedules, a, v investments, i import)."""
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_finance(pilot)
        finance = app.screen
        await burst(pilot, "n", *"Main", "enter", "n", *"Savings", "enter")
        await settle(pilot, lambda: app.screen is finance and len(rows(finance)) == 2)
        accounts = finance_of(backend).accounts.list_accounts(logged_in)
        assert sorted(a.name for a in accounts) == ["Main", "Savings"]
