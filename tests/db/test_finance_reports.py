"""The finance reports on both engines: month/year/all-time totals by category
(splits by part, transfers not counted, currencies apart), income vs expense per
month, net worth at each month's end, and the drill-down of a figure listing the
transactions whose sum is that figure; and the same figures as the real `hledger`
on the exported journal (`hledger bal` per category and month, `-M` for income and
expenses, `-H` for the balances), random ledgers with splits, transfers and three
currencies included."""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.finance.dto import Period, SplitPart
from dashboard_tui.finance.money import to_decimal
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.finance.services.reports import make_period, month_end, step_period
from dashboard_tui.kit.errors import ValidationError
from tests.conftest import TEST_CLIENT
from tests.db.test_finance_hledger import (  # noqa: F401 - hledger: the fixture
    amounts,
    balances,
    build_ledger,
    export,
    hledger,
    run,
)

GROCERIES = seed_id("expense_category", "Groceries")
DINING = seed_id("expense_category", "Dining out")
SALARY = seed_id("income_category", "Salary")
JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


@pytest.fixture
def fin(db, clock) -> FinanceService:
    return FinanceService(db, clock=clock, client=TEST_CLIENT)


def ledger(fin, who):
    """EUR: Main (opening 1000), Savings, a Visa card; JPY: Tokyo (opening 50000).
    January: salary 2000, groceries 250, a split 80 groceries + 20 dining, a
    transfer of 500 to savings, uncategorised −30 and +12, dining 45.50 on the card.
    February: groceries 60 and a 15 refund, 100 EUR moved to Tokyo as 16000 JPY.
    December 2025: groceries 10. JPY: groceries 3000 in January, salary 100000 in
    February."""
    a = fin.accounts
    main = a.create_account(who, name="Main", currency="EUR", opening_balance="1000")
    savings = a.create_account(who, name="Savings", kind="savings", currency="EUR")
    visa = a.create_account(who, name="Visa", kind="credit_card", currency="EUR")
    tokyo = a.create_account(
        who, name="Tokyo", kind="cash", currency="JPY", opening_balance="50000"
    )
    t = fin.transactions

    def add(account, day, amount, category=None, **kw):
        return t.add_transaction(
            who, account_id=account.id, date=day, amount=amount, category_id=category, **kw
        )

    add(main, "2025-12-31", "-10", GROCERIES)
    add(main, "2026-01-05", "2000", SALARY, payee="Employer")
    add(main, "2026-01-10", "-250", GROCERIES, payee="[b]Lidl[/b]")
    add(
        main,
        "2026-01-15",
        "-100",
        payee="Market",
        splits=[SplitPart(GROCERIES, "-80"), SplitPart(DINING, "-20")],
    )
    t.add_transfer(
        who, from_account_id=main.id, to_account_id=savings.id, amount="500", date="2026-01-20"
    )
    add(main, "2026-01-25", "-30")
    add(main, "2026-01-26", "12")
    add(visa, "2026-01-28", "-45.50", DINING)
    add(main, "2026-02-03", "-60", GROCERIES)
    add(main, "2026-02-04", "15", GROCERIES, payee="refund")
    t.add_transfer(
        who,
        from_account_id=main.id,
        to_account_id=tokyo.id,
        amount="100",
        to_amount="16000",
        date="2026-02-20",
    )
    add(tokyo, "2026-01-12", "-3000", GROCERIES)
    add(tokyo, "2026-02-12", "100000", SALARY)
    return main, tokyo


def totals(report) -> dict[str, int]:
    return {x.category or "-": x.total_minor for x in report.lines}


def test_by_category_for_a_month_a_year_and_all_time(fin, make_user):
    ana = make_user("Ana")
    ledger(fin, ana)
    jan = fin.reports.by_category(ana, "month", "2026-01-17")
    assert (jan.label, jan.currency, jan.currencies) == ("January 2026", "EUR", ("EUR", "JPY"))
    assert totals(jan) == {"Groceries": -33000, "Dining out": -6550, "-": -1800, "Salary": 200000}
    # expenses first, the most spent first; then income; the uncategorised last
    assert [x.category for x in jan.lines] == ["Groceries", "Dining out", "Salary", ""]
    assert (jan.income_minor, jan.expense_minor) == (200000, -33000 - 6550 - 1800)

    year = fin.reports.by_category(ana, "year", "2026-06")
    assert year.label == "2026" and year.period == Period("year", JAN)
    assert totals(year)["Groceries"] == -33000 - 6000 + 1500
    all_time = fin.reports.by_category(ana, "all")
    assert (
        all_time.label == "All time"
        and totals(all_time)["Groceries"] == -33000 - 6000 + 1500 - 1000
    )

    yen = fin.reports.by_category(ana, "month", JAN, currency="JPY")
    assert totals(yen) == {"Groceries": -3000}
    assert totals(fin.reports.by_category(ana, "month", "2026-03")) == {}

    with pytest.raises(ValidationError):
        fin.reports.by_category(ana, "week")
    with pytest.raises(ValidationError):
        fin.reports.by_category(ana, "month", "2026-13")


def test_periods_step_and_end():
    today = date(2026, 11, 22)
    assert make_period("month", None, today) == Period("month", date(2026, 11, 1))
    assert make_period("year", "2024", today) == Period("year", date(2024, 1, 1))
    assert step_period(Period("month", date(2026, 12, 1)), 1) == Period("month", date(2027, 1, 1))
    assert step_period(Period("year", JAN), -1) == Period("year", date(2025, 1, 1))
    assert step_period(Period("all", None), 1) == Period("all", None)
    assert Period("month", date(2028, 2, 1)).date_to == date(2028, 2, 29)
    assert month_end(date(2026, 12, 1)) == date(2026, 12, 31)


def test_income_vs_expense_per_month(fin, make_user):
    ana = make_user("Ana")
    ledger(fin, ana)
    flow = fin.reports.income_expense(ana, "2026-02")
    assert len(flow.months) == 12 and flow.months[0].month == date(2025, 3, 1)
    by_month = {m.month: (m.income_minor, m.expense_minor) for m in flow.months}
    assert by_month[date(2025, 12, 1)] == (0, -1000)
    assert by_month[JAN] == (200000 + 1200, -33000 - 6550 - 3000)
    assert by_month[FEB] == (0, -6000 + 1500)
    assert flow.months[-1].net_minor == -4500
    yen = fin.reports.income_expense(ana, "2026-02", months=2, currency="JPY")
    assert [(m.income_minor, m.expense_minor) for m in yen.months] == [(0, -3000), (100000, 0)]


def test_net_worth_at_each_months_end(fin, make_user):
    ana = make_user("Ana")
    ledger(fin, ana)
    eur = fin.reports.net_worth(ana, "2026-03", months=5)
    assert [d for d, _ in eur.points] == [
        date(2025, 11, 30),
        date(2025, 12, 31),
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    end_jan = 100000 - 1000 + 200000 - 25000 - 10000 - 3000 + 1200 - 4550
    assert [v for _, v in eur.points] == [
        100000,
        99000,
        end_jan,
        end_jan - 6000 + 1500 - 10000,
        end_jan - 6000 + 1500 - 10000,
    ]
    accounts = fin.accounts.list_accounts(ana, include_archived=True)
    assert eur.points[-1][1] == sum(a.balance_minor for a in accounts if a.currency == "EUR")
    yen = fin.reports.net_worth(ana, "2026-02", months=3, currency="JPY")
    assert [v for _, v in yen.points] == [50000, 47000, 163000]


def test_every_figure_drills_down_to_its_transactions(fin, make_user):
    ana = make_user("Ana")
    ledger(fin, ana)
    jan = fin.reports.by_category(ana, "month", JAN)
    for line in jan.lines:
        down = fin.reports.category_drill(ana, jan.period, "EUR", line.category_id)
        assert down.total_minor == line.total_minor == sum(r.amount_minor for r in down.rows)
        assert down.count == len(down.rows) and not down.truncated
    groceries = fin.reports.category_drill(ana, jan.period, "EUR", GROCERIES)
    assert groceries.title == "Groceries · January 2026 · EUR"
    assert [(r.date, r.payee, r.amount_minor, r.part) for r in groceries.rows] == [
        (date(2026, 1, 15), "Market", -8000, 0),  # the split's part, not the whole
        (date(2026, 1, 10), "[b]Lidl[/b]", -25000, -1),
    ]
    assert {r.account for r in groceries.rows} == {"Main"}
    none = fin.reports.category_drill(ana, jan.period, "EUR", None)
    assert none.title.startswith("Uncategorised") and none.total_minor == -1800

    flow = fin.reports.income_expense(ana, "2026-02")
    for month in flow.months:
        for side, figure in (("income", month.income_minor), ("expense", month.expense_minor)):
            down = fin.reports.month_drill(ana, month.month, "EUR", side)
            assert down.total_minor == figure == sum(r.amount_minor for r in down.rows)
        both = fin.reports.month_drill(ana, month.month, "EUR")
        assert both.total_minor == month.net_minor
    few = fin.reports.month_drill(ana, JAN, "EUR", "expense", limit=2)
    assert len(few.rows) == 2 and few.count == 5 and few.truncated
    assert few.total_minor == -33000 - 6550 - 3000
    with pytest.raises(ValidationError):
        fin.reports.month_drill(ana, JAN, "EUR", "other")


def test_reports_are_one_persons(fin, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    ledger(fin, ana)
    assert fin.reports.by_category(ben, "all").lines == ()
    flow = fin.reports.income_expense(ben, "2026-02", currency="EUR")
    assert all(not m.income_minor and not m.expense_minor for m in flow.months)
    assert all(v == 0 for _, v in fin.reports.net_worth(ben, "2026-02", currency="EUR").points)
    down = fin.reports.month_drill(ben, JAN, "EUR")
    assert down.rows == () and down.total_minor == 0
    with pytest.raises(ValidationError):  # Ben cannot name Ana's own category either
        food = fin.categories.create_category(ana, name="Food")
        fin.reports.category_drill(ben, Period("all", None), "EUR", food.id)


# -- against hledger ---------------------------------------------------------------------
def hledger_categories(exe: str, journal, *period: str) -> dict[str, dict[str, Decimal]]:
    """`hledger bal expenses income` as the app's signs, uncategorised ones as one."""
    found: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for name, cell in balances(exe, journal, "expenses", "income", *period).items():
        key = name.split(":", 1)[1]
        for currency, value in cell.items():
            found[key][currency] = found[key].get(currency, Decimal(0)) - value
    return {
        k: {c: v for c, v in cell.items() if v} for k, cell in found.items() if any(cell.values())
    }


def app_categories(fin, who, period: str, at) -> dict[str, dict[str, Decimal]]:
    found: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for currency in fin.reports.by_category(who, period, at).currencies:
        for x in fin.reports.by_category(who, period, at, currency=currency).lines:
            found[x.category or "Uncategorised"][currency] = to_decimal(x.total_minor, currency)
    return dict(found)


def hledger_monthly(exe: str, journal, top: str, first: date, after: date):
    """`hledger bal -M TOP --depth 1`: {month: {currency: total}} as the app's signs."""
    out = run(
        exe, journal, "bal", "-M", top, "--depth", "1", "-N", "-O", "csv",
        "-b", str(first), "-e", str(after),
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(out)))
    found: dict[date, dict[str, Decimal]] = {}
    month = first
    for cell in rows[1][1:] if len(rows) > 1 else []:
        found[month] = {c: -v for c, v in amounts(cell).items()}
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return found


@pytest.mark.parametrize("seed", [None, 7, 2026])
def test_reports_equal_hledger(
    hledger,  # noqa: F811 - the fixture
    fin,
    db,
    clock,
    make_user,
    tmp_path,
    seed,
):
    ana, ben = make_user("Ana"), make_user("Ben")
    if seed is None:
        ledger(fin, ana)
    else:
        build_ledger(fin, ana, random.Random(seed))
    ledger(fin, ben)  # never in Ana's journal, nor in her reports
    journal = export(fin, db, clock, ana, tmp_path)
    currencies = fin.reports.by_category(ana, "all").currencies

    assert app_categories(fin, ana, "all", None) == hledger_categories(hledger, journal)
    assert app_categories(fin, ana, "year", "2026") == hledger_categories(
        hledger, journal, "-b", "2026-01-01", "-e", "2027-01-01"
    )
    for month in range(1, 6):
        first = date(2026, month, 1)
        after = month_end(first) + timedelta(days=1)
        want = hledger_categories(hledger, journal, "-b", str(first), "-e", str(after))
        assert app_categories(fin, ana, "month", first) == want, first

    first, after = date(2025, 12, 1), date(2026, 6, 1)
    for currency in currencies:
        flow = fin.reports.income_expense(ana, "2026-05", months=6, currency=currency)
        for top, field in (("income", "income_minor"), ("expenses", "expense_minor")):
            hl = hledger_monthly(hledger, journal, top, first, after)
            for m in flow.months:
                want = hl.get(m.month, {}).get(currency, Decimal(0))
                assert to_decimal(getattr(m, field), currency) == want, (currency, top, m)

    # net worth: at month ends after every account's opening day (the export dates an
    # opening balance on the account's first day; the report counts it from the start)
    for currency in currencies:
        worth = fin.reports.net_worth(ana, "2026-06", months=3, currency=currency)
        for day, value in worth.points:
            cell = balances(
                hledger, journal, "assets", "liabilities", "-H", "-e", str(day + timedelta(days=1))
            )
            got = sum((v.get(currency, Decimal(0)) for v in cell.values()), Decimal(0))
            assert to_decimal(value, currency) == got, (currency, day)
