"""Reports across currencies, converted into the profile's currency (both engines):
each month's amounts at the newest rate on or before its end (or the opposite pair's,
inverted), exact fractions rounded half-even once per figure, a currency with no rate
left out and named, the rates used listed with their dates. The expected figures are
made another way: the one-currency reports, month by month, times the rates."""

from __future__ import annotations

import random
from datetime import date, timedelta
from fractions import Fraction

import pytest

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.finance.money import minor_units
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.finance.services.budgets import add_months
from dashboard_tui.finance.services.reports import month_end
from tests.conftest import TEST_CLIENT

SALARY = seed_id("income_category", "Salary")
GROCERIES = seed_id("expense_category", "Groceries")
DINING = seed_id("expense_category", "Dining out")
RATES = [  # (from, to, rate, day)
    ("USD", "EUR", "0.9", date(2026, 1, 15)),
    ("USD", "EUR", "0.951237", date(2026, 2, 20)),
    ("EUR", "BHD", "0.41", date(2026, 1, 1)),  # BHD → EUR is 1 / 0.41
    ("EUR", "USD", "1.2", date(2026, 3, 10)),  # newer than USD → EUR: used inverted
]
MONTHS = [date(2026, m, 1) for m in (1, 2, 3)]


@pytest.fixture
def fin(db, clock) -> FinanceService:
    return FinanceService(db, clock=clock, client=TEST_CLIENT)


def arrange(fin, who, rng: random.Random):
    accounts = {
        cur: fin.accounts.create_account(who, name=f"In {cur}", currency=cur)
        for cur in ("EUR", "USD", "JPY", "BHD")
    }
    for src, dst, rate, day in RATES:
        fin.rates.add_rate(who, from_currency=src, to_currency=dst, rate=rate, day=day)
    for _ in range(120):
        cur = rng.choice(list(accounts))
        day = date(2025, 12, 20) + timedelta(days=rng.randrange(100))
        income = rng.random() < 0.3
        category = SALARY if income else rng.choice([GROCERIES, DINING, None])
        amount = rng.randint(1, 99_999) * (1 if income else -1)
        if category is None:
            amount = rng.choice([-1, 1]) * rng.randint(1, 9_999)
        fin.transactions.add_transaction(
            who, account_id=accounts[cur].id, amount=amount, date=day, category_id=category
        )
    return accounts


def factor(cur: str, month: date) -> Fraction | None:
    """EUR minor units per minor unit of `cur` in `month`, from RATES by hand."""
    if cur == "EUR":
        return Fraction(1)
    end = month_end(month)
    best = None
    for src, dst, rate, day in RATES:
        if day > end or {src, dst} != {cur, "EUR"}:
            continue
        value = Fraction(rate) if src == cur else 1 / Fraction(rate)
        if best is None or day > best[0] or (day == best[0] and src == cur):
            best = (day, value)
    if best is None:
        return None
    return best[1] * 100 / 10 ** minor_units(cur)


@pytest.mark.parametrize("seed", [3, 41])
def test_by_category_converted(fin, db, make_user, seed):
    ana = make_user("Ana")
    arrange(fin, ana, random.Random(seed))
    report = fin.converted.by_category(ana, "year", "2026")
    want: dict[object, Fraction] = {}
    missing = set()
    for month in MONTHS:
        for cur in ("EUR", "USD", "JPY", "BHD"):
            one = fin.reports.by_category(ana, "month", month, currency=cur)
            for line in one.lines:
                f = factor(cur, month)
                if f is None:
                    missing.add(cur)
                    continue
                want[line.category_id] = (
                    want.get(line.category_id, Fraction(0)) + line.total_minor * f
                )
    assert report.currency == "EUR"
    assert {x.category_id: x.total_minor for x in report.lines} == {
        k: round(v) for k, v in want.items() if round(v)
    }
    assert report.conversion.missing == ("JPY",) == tuple(sorted(missing))
    used = {(r.currency, r.rate, r.date) for r in report.conversion.rates}
    assert ("USD", "0.9", date(2026, 1, 15)) in used
    assert ("USD", "1 / 1.2", date(2026, 3, 10)) in used
    assert ("BHD", "1 / 0.41", date(2026, 1, 1)) in used
    # income: the income categories', and the uncategorised when they come to more than 0
    income = sum(v for k, v in want.items() if k == SALARY or (k is None and v > 0))
    assert report.income_minor == round(income)  # rounded once, from the exact sum

    # December 2025: before every USD and BHD rate: those are left out too
    december = fin.converted.by_category(ana, "month", "2025-12")
    expected = {
        cur
        for cur in ("EUR", "USD", "JPY", "BHD")
        if factor(cur, date(2025, 12, 1)) is None
        and fin.reports.by_category(ana, "month", "2025-12", currency=cur).lines
    }
    assert expected and "EUR" not in expected
    assert set(december.conversion.missing) == expected


@pytest.mark.parametrize("seed", [7])
def test_income_expense_converted(fin, db, make_user, seed):
    ana, ben = make_user("Ana"), make_user("Ben")
    arrange(fin, ana, random.Random(seed))
    arrange(fin, ben, random.Random(seed + 1))  # never in Ana's figures
    report = fin.converted.income_expense(ana, "2026-03", months=3)
    assert [m.month for m in report.months] == MONTHS
    for flow in report.months:
        income, expense = Fraction(0), Fraction(0)
        for cur in ("EUR", "USD", "BHD"):  # JPY has no rate: left out
            one = fin.reports.income_expense(ana, flow.month, months=1, currency=cur).months[0]
            f = factor(cur, flow.month)
            assert f is not None
            income += one.income_minor * f
            expense += one.expense_minor * f
        assert (flow.income_minor, flow.expense_minor) == (round(income), round(expense))
    assert report.conversion.missing == ("JPY",)
    assert add_months(MONTHS[0], 2) == report.last
