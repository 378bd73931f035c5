"""Budgets on both engines: envelope rollover over months (unspent carries forward,
overspending comes out of next month's "available to budget"), splits counted per
part, transfers not spending, copy last month, currencies apart, set/change/clear
audited in human terms; and a month's spending per category equal to `hledger bal`
on the exported journal."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.finance import BUDGET
from dashboard_tui.finance.dto import SplitPart
from dashboard_tui.finance.money import to_decimal
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.finance.services.budgets import add_months, month_label, parse_month
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT
from tests.db.test_finance_hledger import balances, export

GROCERIES = seed_id("expense_category", "Groceries")
DINING = seed_id("expense_category", "Dining out")
RENT = seed_id("expense_category", "Housing:Rent")
SALARY = seed_id("income_category", "Salary")
JAN, FEB, MAR, APR = (date(2026, m, 1) for m in (1, 2, 3, 4))


@pytest.fixture
def fin(db, clock) -> FinanceService:
    return FinanceService(db, clock=clock, client=TEST_CLIENT)


def figures(view, category_id) -> tuple[int, int, int, int]:
    line = view.line(category_id)
    assert line is not None
    return (line.budgeted_minor, line.spent_minor, line.carried_minor, line.available_minor)


def spend(fin, who, account, day, amount, category=None, **kw):
    return fin.transactions.add_transaction(
        who, account_id=account.id, amount=amount, date=day, category_id=category, **kw
    )


def three_months(fin, who):
    """January: income 2000, Groceries 300 (spent 250), Dining 100 (spent 130: over).
    February: Groceries and Dining budgeted again; a split 80 groceries + 20 dining;
    a transfer to savings. March: copied budgets; 600 on groceries (over), income 1000."""
    main = fin.accounts.create_account(who, name="Main", currency="EUR", opening_balance="5000")
    savings = fin.accounts.create_account(who, name="Savings", kind="savings", currency="EUR")
    spend(fin, who, main, "2026-01-01", "2000", SALARY)
    fin.budgets.set_budget(who, category_id=GROCERIES, month="2026-01", amount="300")
    fin.budgets.set_budget(who, category_id=DINING, month=JAN, amount="100,00")
    spend(fin, who, main, "2026-01-10", "-250", GROCERIES)
    spend(fin, who, main, "2026-01-31", "-130", DINING)
    fin.budgets.set_budget(who, category_id=GROCERIES, month=FEB, amount="300")
    fin.budgets.set_budget(who, category_id=DINING, month=FEB, amount="100")
    spend(
        fin,
        who,
        main,
        "2026-02-01",
        "-100",
        splits=[SplitPart(GROCERIES, "-80"), SplitPart(DINING, "-20")],
    )
    fin.transactions.add_transfer(
        who, from_account_id=main.id, to_account_id=savings.id, amount="500", date="2026-02-14"
    )
    copied = fin.budgets.copy_last_month(who, month=MAR)
    assert [(b.category, b.amount_minor) for b in copied] == [
        ("Dining out", 10000),
        ("Groceries", 30000),
    ]
    spend(fin, who, main, "2026-03-03", "-600", GROCERIES)
    spend(fin, who, main, "2026-03-25", "1000", SALARY)
    return main, savings


def test_envelopes_roll_over_three_months_with_overspending(fin, make_user):
    ana = make_user("Ana")
    three_months(fin, ana)

    jan = fin.budgets.month_view(ana, JAN)
    assert jan.currency == "EUR"
    assert figures(jan, GROCERIES) == (30000, -25000, 0, 5000)
    assert figures(jan, DINING) == (10000, -13000, 0, -3000)
    assert (jan.income_minor, jan.carried_minor, jan.budgeted_minor) == (200000, 0, 40000)
    assert jan.to_budget_minor == 160000
    assert jan.spent_minor == -38000 and jan.available_minor == 2000

    # February: Groceries' 50 left carries; Dining's 30 overspent does not, it comes
    # out of "available to budget" instead. The split counts per part; the transfer
    # is not spending.
    feb = fin.budgets.month_view(ana, "2026-02-15")
    assert figures(feb, GROCERIES) == (30000, -8000, 5000, 27000)
    assert figures(feb, DINING) == (10000, -2000, 0, 8000)
    assert (feb.income_minor, feb.overspent_minor, feb.carried_minor) == (0, -3000, 157000)
    assert feb.to_budget_minor == 157000 - 40000
    assert feb.spent_minor == -10000

    mar = fin.budgets.month_view(ana, MAR)
    assert figures(mar, GROCERIES) == (30000, -60000, 27000, -3000)
    assert figures(mar, DINING) == (10000, 0, 8000, 18000)
    assert mar.to_budget_minor == 100000 + 117000 - 40000

    apr = fin.budgets.month_view(ana, APR)
    assert figures(apr, GROCERIES) == (0, 0, 0, 0)
    assert figures(apr, DINING) == (0, 0, 18000, 18000)
    assert (apr.overspent_minor, apr.carried_minor) == (-3000, 177000 - 3000)
    assert apr.to_budget_minor == 174000
    shown = [x.category for x in apr.lines if x.active]
    assert shown == ["Dining out"]  # the rest have no budget, no spending, nothing left

    # Money is kept: what was given to envelopes plus what is left to give equals
    # the income, less what was spent from the envelopes.
    assert apr.to_budget_minor + apr.available_minor == 300000 - 25000 - 13000 - 10000 - 60000


def test_set_change_clear_and_refusals_are_audited_in_human_terms(fin, db, make_user):
    ana = make_user("Ana")
    first = fin.budgets.set_budget(ana, category_id=GROCERIES, month="2026-03", amount="300")
    assert first is not None and (first.month, first.amount_minor) == (MAR, 30000)
    fin.budgets.set_budget(ana, category_id=GROCERIES, month=MAR, amount="350")
    fin.budgets.set_budget(ana, category_id=GROCERIES, month=MAR, amount="350.00")  # no change
    assert fin.budgets.set_budget(ana, category_id=DINING, month=MAR, amount="12,50") is not None
    assert fin.budgets.clear_budget(ana, category_id=DINING, month=MAR)
    assert not fin.budgets.clear_budget(ana, category_id=DINING, month=MAR)
    assert fin.budgets.set_budget(ana, category_id=GROCERIES, month=APR, amount="20") is not None
    assert fin.budgets.set_budget(ana, category_id=GROCERIES, month=APR, amount="") is None

    with db.transaction(read_only=True) as s:
        rows = list(
            s.scalars(select(AuditLog).where(AuditLog.entity == "budget").order_by(AuditLog.seq))
        )
    said = [(r.action, BUDGET.title_of(r.after or r.before)) for r in rows]
    assert said == [
        ("finance.budget.set", "Groceries, March 2026: budget 300.00 EUR"),
        ("finance.budget.changed", "Groceries, March 2026: budget 300.00 EUR → 350.00 EUR"),
        ("finance.budget.set", "Dining out, March 2026: budget 12.50 EUR"),
        ("finance.budget.cleared", "Dining out, March 2026: budget 12.50 EUR"),
        ("finance.budget.set", "Groceries, April 2026: budget 20.00 EUR"),
        ("finance.budget.cleared", "Groceries, April 2026: budget 20.00 EUR"),
    ]
    assert all(r.user_id == ana.user.id for r in rows)

    for kwargs, field in (
        ({"category_id": SALARY, "month": MAR, "amount": "5"}, "category"),
        ({"category_id": GROCERIES, "month": "March", "amount": "5"}, "month"),
        ({"category_id": GROCERIES, "month": MAR, "amount": "-5"}, "amount"),
        ({"category_id": GROCERIES, "month": MAR, "amount": "5.001"}, "amount"),
        ({"category_id": GROCERIES, "month": MAR, "amount": "5", "currency": "EURO"}, "currency"),
    ):
        with pytest.raises(ValidationError) as refused:
            fin.budgets.set_budget(ana, **kwargs)
        assert field in refused.value.errors
    view = fin.budgets.month_view(ana, MAR)
    assert figures(view, GROCERIES)[0] == 35000  # nothing refused was kept

    # another person's category is refused; their month view is their own
    ben = make_user("Ben")
    own = fin.categories.create_category(ana, name="Ana's")
    with pytest.raises(ValidationError):
        fin.budgets.set_budget(ben, category_id=own.id, month=MAR, amount="1")
    assert fin.budgets.month_view(ben, MAR).budgeted_minor == 0


def test_copy_last_month_keeps_what_is_set_already(fin, make_user):
    ana = make_user("Ana")
    fin.budgets.set_budget(ana, category_id=GROCERIES, month=JAN, amount="300")
    fin.budgets.set_budget(ana, category_id=DINING, month=JAN, amount="100")
    fin.budgets.set_budget(ana, category_id=RENT, month=JAN, amount="1000", currency="USD")
    fin.budgets.set_budget(ana, category_id=DINING, month=FEB, amount="50")
    copied = fin.budgets.copy_last_month(ana, month=FEB)
    assert [(b.category, b.amount_minor, b.currency) for b in copied] == [
        ("Groceries", 30000, "EUR")
    ]
    feb = fin.budgets.month_view(ana, FEB)
    assert figures(feb, GROCERIES)[0] == 30000
    assert figures(feb, DINING)[0] == 5000
    assert figures(feb, RENT)[0] == 0  # a USD budget is not in the EUR view
    assert fin.budgets.copy_last_month(ana, month=FEB) == ()  # twice: nothing more
    usd = fin.budgets.copy_last_month(ana, month=FEB, currency="usd")
    assert [(b.category, b.currency) for b in usd] == [("Housing:Rent", "USD")]


def test_currencies_are_kept_apart(fin, make_user):
    ana = make_user("Ana")
    eur = fin.accounts.create_account(ana, name="Euro", currency="EUR")
    jpy = fin.accounts.create_account(ana, name="Yen", currency="JPY")
    spend(fin, ana, eur, "2026-01-05", "-20", GROCERIES)
    spend(fin, ana, jpy, "2026-01-06", "-1500", GROCERIES)
    spend(fin, ana, jpy, "2026-01-07", "300000", SALARY)
    fin.budgets.set_budget(ana, category_id=GROCERIES, month=JAN, amount="50")
    fin.budgets.set_budget(ana, category_id=DINING, month=JAN, amount="5000", currency="JPY")
    with pytest.raises(ValidationError, match="clear it to budget it in JPY"):
        fin.budgets.set_budget(ana, category_id=GROCERIES, month=JAN, amount="1", currency="JPY")

    in_eur = fin.budgets.month_view(ana, JAN)
    assert in_eur.currencies == ("EUR", "JPY")
    assert figures(in_eur, GROCERIES) == (5000, -2000, 0, 3000)
    assert figures(in_eur, DINING) == (0, 0, 0, 0)
    assert (in_eur.income_minor, in_eur.to_budget_minor) == (0, -5000)

    in_yen = fin.budgets.month_view(ana, JAN, currency="jpy")
    assert in_yen.currency == "JPY"
    assert figures(in_yen, GROCERIES) == (0, -1500, 0, -1500)
    assert figures(in_yen, DINING) == (5000, 0, 0, 5000)
    assert (in_yen.income_minor, in_yen.to_budget_minor) == (300000, 295000)
    feb_yen = fin.budgets.month_view(ana, FEB, currency="JPY")
    assert figures(feb_yen, DINING) == (0, 0, 5000, 5000)
    assert feb_yen.carried_minor == 295000 - 1500


def test_months_parse_and_step():
    assert parse_month("2026-3") == MAR
    assert parse_month(date(2026, 3, 31)) == MAR
    assert add_months(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert add_months(JAN, -1) == date(2025, 12, 1)
    assert month_label(MAR) == "March 2026"
    with pytest.raises(ValidationError):
        parse_month("2026-13")


@pytest.mark.skipif(shutil.which("hledger") is None, reason="hledger is not installed")
def test_a_months_spending_per_category_equals_hledger(fin, db, clock, make_user, tmp_path):
    ana = make_user("Ana")
    three_months(fin, ana)
    journal = export(fin, db, clock, ana, tmp_path)
    for month in (JAN, FEB, MAR):
        view = fin.budgets.month_view(ana, month)
        hl = balances(
            "hledger", journal, "expenses", "-b", str(month), "-e", str(add_months(month, 1))
        )
        ours = {
            f"expenses:{x.category}": {"EUR": -to_decimal(x.spent_minor, "EUR")}
            for x in view.lines
            if x.spent_minor
        }
        assert hl == ours, month
        income = balances(
            "hledger", journal, "income", "-b", str(month), "-e", str(add_months(month, 1))
        )
        got = sum(income.get("income:Salary", {}).values(), Decimal(0))
        assert -got == to_decimal(view.income_minor, "EUR")


def test_the_import_rules_draw_the_budget_services_lines(fin, make_user):
    """An imported budget row is held to what set_budget stores (zero is no row)."""
    from tests.db.test_import_rules import accepted, rule

    ana = make_user("Ana")
    codes = ("EUR", "JPY", "XAU", "EURO")  # each its own month: one currency a month
    for field, values, call in (
        (
            "amount_minor",
            (-1, 1, 10**15),
            lambda v: fin.budgets.set_budget(ana, category_id=GROCERIES, month=JAN, amount=v),
        ),
        (
            "currency",
            codes,
            lambda v: fin.budgets.set_budget(
                ana, category_id=DINING, month=f"2026-{1 + codes.index(v)}", amount=1, currency=v
            ),
        ),
    ):
        for value in values:
            assert accepted(lambda v=value, c=call: c(v)) == rule("budgets", field)(value), value
