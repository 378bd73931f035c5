"""Snapshots of the finance screens and the transaction form, on fixed data and the
fixed clock (ids are random but never shown). Update with
`pytest tests/ui/test_finance_snapshots.py --snapshot-update` and look at them."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from dashboard_tui.finance.dto import SplitPart
from dashboard_tui.finance.ui.register import TransactionFormModal
from tests.ui.finance_helpers import finance_of, open_register
from tests.ui.pilot_helpers import both_sizes, fill, settle
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture


@pytest.fixture
def money(logged_in, backend, clock):
    """A checking account with income, expenses, a split, a transfer to savings and
    a reconciled row; savings; a card; an archived account (hidden)."""
    finance = finance_of(backend)
    accounts, transactions = finance.accounts, finance.transactions
    cats = {c.path: c.id for c in finance.categories.list_categories(logged_in)}
    main = accounts.create_account(logged_in, name="Main checking", opening_balance="1 250.00")
    savings = accounts.create_account(logged_in, name="Savings", kind="savings")
    accounts.create_account(logged_in, name="Visa", kind="credit card", opening_balance="-310.45")
    old = accounts.create_account(logged_in, name="Old cash", kind="cash", currency="JPY")
    accounts.archive_account(logged_in, old.id)
    rows = [
        ("2026-11-01", "ACME Ltd", "Salary:Net pay", "2 400.00", "November"),
        ("2026-11-03", "Landlord", "Housing:Rent", "-950.00", ""),
        ("2026-11-08", "Lidl", "Groceries:Supermarket", "-43.17", "[b]milk[/b]"),
        ("2026-11-15", "Café Zoë", "Dining out:Coffee & snacks", "-4.80", ""),
    ]
    made = []
    for day, payee, category, amount, memo in rows:
        clock.advance(minutes=1)
        made.append(
            transactions.add_transaction(
                logged_in,
                account_id=main.id,
                date=day,
                payee=payee,
                category_id=cats[category],
                amount=amount,
                memo=memo,
            )
        )
    transactions.set_status(logged_in, made[0].id, "reconciled")
    transactions.set_status(logged_in, made[1].id, "cleared")
    clock.advance(minutes=1)
    transactions.add_transaction(
        logged_in,
        account_id=main.id,
        date="2026-11-18",
        payee="Market hall",
        amount="-60.00",
        splits=[
            SplitPart(cats["Groceries:Market"], "-35.00"),
            SplitPart(cats["Household"], "-20.00"),
            SplitPart(cats["Gifts & donations"], "-5.00"),
        ],
    )
    clock.advance(minutes=1)
    transactions.add_transfer(
        logged_in,
        from_account_id=main.id,
        to_account_id=savings.id,
        amount="500",
        date="2026-11-20",
    )
    return main.id


async def in_finance(pilot: Pilot) -> None:
    await showing("HomeScreen")(pilot)
    await pilot.press("2")
    await settle(pilot, lambda: getattr(pilot.app.screen, "is_ready", False))


def run(then=None):
    async def run_before(pilot: Pilot) -> None:
        await in_finance(pilot)
        if then is not None:
            await then(pilot)
        await showing(type(pilot.app.screen).__name__)(pilot)

    return run_before


async def to_register(pilot: Pilot) -> None:
    await open_register(pilot, "Main checking")


async def to_bad_form(pilot: Pilot) -> None:
    await to_register(pilot)
    await pilot.press("n")
    await settle(pilot, lambda: isinstance(pilot.app.screen, TransactionFormModal))
    await fill(pilot, payee="Lidl", category="Groceries", amount="12,34,5")
    await pilot.press("enter")
    await settle(pilot, lambda: pilot.app.screen.query_one("#field-amount").has_class("-invalid"))


@both_sizes
def test_finance_accounts(snap_compare, money, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run())


@both_sizes
def test_finance_register(snap_compare, money, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_register))


@both_sizes
def test_finance_transaction_form_error(snap_compare, money, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=run(to_bad_form))
