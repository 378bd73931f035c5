"""Scheduled transactions on both engines: rules from the simple choices or a raw
RRULE, entering a due occurrence (a real transaction, the balance moved, next_due on)
and skipping one, transfers, the 90-day forecast summed exactly, the audit rows.
Today is 2026-11-22 (a Sunday: tests/support.FIXED_NOW)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.finance import SCHEDULE
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT

RENT = seed_id("expense_category", "Housing")
SALARY = seed_id("income_category", "Salary")
TODAY = date(2026, 11, 22)


@pytest.fixture
def fin(db, clock) -> FinanceService:
    return FinanceService(db, clock=clock, client=TEST_CLIENT)


def audit_rows(db, action: str) -> list[AuditLog]:
    with db.transaction(read_only=True) as s:
        return list(
            s.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.seq))
        )


def test_a_monthly_bill_is_entered_and_skipped(fin, db, make_user):
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR", opening_balance="2000")
    rent = fin.schedules.create_schedule(
        ana,
        account_id=main.id,
        payee="Landlord",
        category_id=RENT,
        amount="950",
        kind="expense",
        repeat="monthly",
        every="1",
        start="2026-12-01",
    )
    assert (rent.amount_minor, rent.rrule, rent.rule) == (
        -95000,
        "FREQ=MONTHLY;BYMONTHDAY=1",
        "monthly on day 1",
    )
    assert (rent.next_due, rent.category, rent.kind) == (date(2026, 12, 1), "Housing", "expense")

    entered = fin.schedules.enter_due(ana, rent.id)
    made = entered.transaction
    assert (made.date, made.amount_minor, made.payee, made.category) == (
        date(2026, 12, 1),
        -95000,
        "Landlord",
        "Housing",
    )
    assert entered.schedule.next_due == date(2027, 1, 1)
    assert fin.accounts.get_account(ana, main.id).balance_minor == 200000 - 95000
    assert fin.transactions.get_transaction(ana, made.id).amount_minor == -95000

    skipped = fin.schedules.skip_due(ana, rent.id)
    assert skipped.next_due == date(2027, 2, 1)
    assert fin.accounts.get_account(ana, main.id).balance_minor == 105000  # nothing entered
    assert len(fin.transactions.register(ana, main.id).rows) == 1

    # a bill that varies: this once, another amount (signed like the schedule)
    other = fin.schedules.enter_due(ana, rent.id, amount="975.50")
    assert (other.transaction.amount_minor, other.transaction.date) == (-97550, date(2027, 2, 1))
    assert fin.schedules.get_schedule(ana, rent.id).amount_minor == -95000

    # the audit: created, entered (with the transaction's own row), skipped, entered
    created = audit_rows(db, "finance.schedule.created")
    assert SCHEDULE.title_of(created[0].after) == (
        "Schedule Landlord −950.00 EUR monthly on day 1, Main"
    )
    entered_rows = audit_rows(db, "finance.schedule.entered")
    assert [(r.before["next_due"], r.after["next_due"]) for r in entered_rows] == [
        ("2026-12-01", "2027-01-01"),
        ("2027-02-01", "2027-03-01"),
    ]
    (skip,) = audit_rows(db, "finance.schedule.skipped")
    assert (skip.before["next_due"], skip.after["next_due"]) == ("2027-01-01", "2027-02-01")
    assert len(audit_rows(db, "finance.transaction.created")) == 2


def test_a_standing_transfer_moves_both_balances(fin, make_user):
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR", opening_balance="500")
    save = fin.accounts.create_account(ana, name="Savings", kind="savings", currency="EUR")
    yen = fin.accounts.create_account(ana, name="Tokyo", currency="JPY")
    plan = fin.schedules.create_schedule(
        ana,
        account_id=main.id,
        transfer_account_id=save.id,
        amount="100",
        repeat="weeks",
        every="2",
        weekday="Friday",
        start="2026-11-18",
    )
    assert (plan.amount_minor, plan.kind, plan.transfer_account) == (-10000, "transfer", "Savings")
    assert (plan.rule, plan.next_due) == ("every 2 weeks on Friday", date(2026, 11, 20))
    entered = fin.schedules.enter_due(ana, plan.id)
    assert entered.transaction.counterpart_account == "Savings"
    assert entered.schedule.next_due == date(2026, 12, 4)
    assert fin.accounts.get_account(ana, main.id).balance_minor == 40000
    assert fin.accounts.get_account(ana, save.id).balance_minor == 10000
    with pytest.raises(ValidationError, match="one currency"):
        fin.schedules.create_schedule(
            ana, account_id=main.id, transfer_account_id=yen.id, amount="1"
        )
    with pytest.raises(ValidationError, match="no category"):
        fin.schedules.create_schedule(
            ana, account_id=main.id, transfer_account_id=save.id, amount="1", category_id=RENT
        )


def test_the_forecast_adds_every_occurrence_exactly(fin, make_user):
    """90 days from 2026-11-22 to 2027-02-20, every occurrence listed by hand."""
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR", opening_balance="1000")
    save = fin.accounts.create_account(ana, name="Savings", kind="savings", currency="EUR")
    s = fin.schedules
    # 2026-11-30, 2026-12-31, 2027-01-29 (31 January 2027 is a Sunday)
    s.create_schedule(
        ana, account_id=main.id, amount="+2400", repeat="last business day", start="2026-11-01"
    )
    # 2026-12-01, 2027-01-01, 2027-02-01
    s.create_schedule(ana, account_id=main.id, amount="-950", repeat="monthly", every=1)
    # Fridays: 11-27, 12-11, 12-25, 01-08, 01-22, 02-05, 02-19
    s.create_schedule(
        ana, account_id=main.id, amount="-19.99", repeat="weeks", every=2, start="2026-11-27"
    )
    # to savings: 12-15, 01-15, 02-15
    s.create_schedule(
        ana,
        account_id=main.id,
        transfer_account_id=save.id,
        amount="100",
        repeat="rule",
        rule="FREQ=MONTHLY;BYMONTHDAY=15",
        start="2026-12-01",
    )
    # overdue since 11-20 (counts as today), then 12-20, 01-20, 02-20
    gym = s.create_schedule(
        ana, account_id=main.id, amount="-10", repeat="monthly", every=20, start="2026-11-01"
    )
    assert gym.next_due == date(2026, 11, 20)
    # paused: not in the forecast
    paused = s.create_schedule(ana, account_id=main.id, amount="-5000", repeat="monthly")
    s.edit_schedule(ana, paused.id, active=False)

    by_name = {f.account: f for f in s.forecast(ana)}
    m, v = by_name["Main"], by_name["Savings"]
    assert m.points[0] == (TODAY, 100000 - 1000)  # today, the overdue one in it
    assert m.balance_on(date(2027, 2, 20)) == (
        100000 + 3 * 240000 - 3 * 95000 - 7 * 1999 - 3 * 10000 - 4 * 1000
    )
    assert (
        m.balance_on(date(2026, 12, 22))
        == 100000 - 1000 - 1999 + 240000 - 95000 - 1999 - 10000 - 1000
    )
    assert m.lowest == (date(2026, 11, 27), 100000 - 1000 - 1999)
    assert v.points == (
        (TODAY, 0),
        (date(2026, 12, 15), 10000),
        (date(2027, 1, 15), 20000),
        (date(2027, 2, 15), 30000),
    )
    assert v.balance_on(date(2027, 1, 14)) == 10000
    days = [p[0] for p in m.points]
    assert days == sorted(days) and len(set(days)) == len(days)

    upcoming = s.upcoming(ana, days=10)
    assert [(o.date, o.schedule.amount_minor, o.overdue) for o in upcoming] == [
        (date(2026, 11, 20), -1000, True),
        (date(2026, 11, 27), -1999, False),
        (date(2026, 11, 30), 240000, False),
        (date(2026, 12, 1), -95000, False),
    ]


def test_editing_the_rule_moves_next_due_and_deleting_keeps_the_transactions(fin, db, make_user):
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR")
    bill = fin.schedules.create_schedule(
        ana,
        account_id=main.id,
        amount="-40",
        payee="Phone",
        repeat="monthly",
        every=1,
        start="2026-12-01",
    )
    fin.schedules.enter_due(ana, bill.id)  # 12-01: next 2027-01-01
    edited = fin.schedules.edit_schedule(ana, bill.id, repeat="monthly", every="15")
    assert (edited.rule, edited.next_due) == ("monthly on day 15", date(2027, 1, 15))
    edited = fin.schedules.edit_schedule(ana, bill.id, start="2026-11-01")  # a new start
    assert edited.next_due == date(2026, 11, 15)
    edited = fin.schedules.edit_schedule(
        ana, bill.id, repeat="rule", rule="FREQ=MONTHLY;BYDAY=-1FR", payee="Phone Co"
    )
    assert (edited.rule, edited.next_due, edited.payee) == (
        "monthly on the last Friday",
        date(2026, 11, 27),
        "Phone Co",
    )
    (before, after) = (lambda r: (r.before, r.after))(audit_rows(db, "finance.schedule.edited")[-1])
    assert (before["rule"], after["rule"]) == ("monthly on day 15", "monthly on the last Friday")
    fin.schedules.delete_schedule(ana, bill.id)
    assert fin.schedules.list_schedules(ana) == ()
    assert len(fin.transactions.register(ana, main.id).rows) == 1
    assert audit_rows(db, "finance.schedule.deleted")[0].before["payee"] == "Phone Co"
    with pytest.raises(NotFound):
        fin.schedules.enter_due(ana, bill.id)


def test_a_rule_that_ends_leaves_nothing_due(fin, make_user):
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR")
    twice = fin.schedules.create_schedule(
        ana,
        account_id=main.id,
        amount="-1",
        repeat="rule",
        rule="FREQ=DAILY;COUNT=2",
        start="2026-11-22",
    )
    assert twice.rule == "daily, 2 times"
    fin.schedules.enter_due(ana, twice.id)
    assert fin.schedules.skip_due(ana, twice.id).next_due is None
    with pytest.raises(ValidationError, match="ended"):
        fin.schedules.enter_due(ana, twice.id)
    assert fin.schedules.upcoming(ana, 30) == ()
    assert fin.schedules.list_schedules(ana)[0].next_due is None


def test_bad_input_is_refused_field_by_field_and_text_is_kept_literally(fin, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR")
    with pytest.raises(ValidationError) as refused:
        fin.schedules.create_schedule(
            ana, account_id=main.id, amount="0", payee="a\u202eb", repeat="monthly", every="32"
        )
    assert set(refused.value.errors) == {"amount", "payee", "every"}
    with pytest.raises(ValidationError, match="never falls") as refused:
        fin.schedules.create_schedule(
            ana,
            account_id=main.id,
            amount="1",
            repeat="rule",
            rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31",
        )
    assert set(refused.value.errors) == {"rule"}
    with pytest.raises(ValidationError, match="no day on or after"):
        fin.schedules.create_schedule(
            ana,
            account_id=main.id,
            amount="1",
            repeat="rule",
            rule="FREQ=DAILY;UNTIL=20261101",
            start="2026-11-20",
        )
    with pytest.raises(ValidationError) as refused:
        fin.schedules.create_schedule(ana, account_id=main.id, amount="1", repeat="fortnightly")
    assert set(refused.value.errors) == {"repeat"}
    hostile = fin.schedules.create_schedule(
        ana, account_id=main.id, amount="-1", payee="[b]x[/b]", memo="two\nlines"
    )
    assert (hostile.payee, hostile.memo) == ("[b]x[/b]", "two\nlines")
    # Ben can neither use Ana's account nor reach her schedule
    with pytest.raises(ValidationError, match="your accounts"):
        fin.schedules.create_schedule(ben, account_id=main.id, amount="1")
    for attempt in (
        lambda: fin.schedules.enter_due(ben, hostile.id),
        lambda: fin.schedules.skip_due(ben, hostile.id),
        lambda: fin.schedules.edit_schedule(ben, hostile.id, payee="mine"),
        lambda: fin.schedules.delete_schedule(ben, hostile.id),
    ):
        with pytest.raises(NotFound):
            attempt()
    assert fin.schedules.list_schedules(ben) == ()
    assert fin.schedules.forecast(ben) == ()
    assert fin.schedules.get_schedule(ana, hostile.id).payee == "[b]x[/b]"


def test_the_forecast_of_many_random_amounts_is_exact(fin, make_user):
    """Amounts up to a billion (minor units) on every kind of rule: each account's
    balance after 90 days is today's plus every occurrence's amount, to the cent."""
    import random

    from dashboard_tui.kit import recurrence

    rng = random.Random(11)
    ana = make_user("Ana")
    accounts = [
        fin.accounts.create_account(ana, name=f"A{i}", currency="EUR", opening_balance=i * 7)
        for i in range(3)
    ]
    choices = [
        {"repeat": "monthly", "every": "31"},
        {"repeat": "weeks", "every": "1", "weekday": "MO"},
        {"repeat": "weeks", "every": "3"},
        {"repeat": "last_business_day"},
        {"repeat": "rule", "rule": "FREQ=DAILY;INTERVAL=5"},
        {"repeat": "rule", "rule": "FREQ=MONTHLY;BYDAY=2TU,-1FR"},
    ]
    expected = {a.id: a.balance_minor for a in accounts}
    end = TODAY + timedelta(days=90)
    for _ in range(24):
        account = rng.choice(accounts)
        amount = rng.choice([-1, 1]) * rng.randint(1, 10**9)
        start = TODAY + timedelta(days=rng.randint(-20, 40))
        made = fin.schedules.create_schedule(
            ana, account_id=account.id, amount=amount, start=start, **rng.choice(choices)
        )
        days = recurrence.occurrences(made.rrule, made.dtstart, start=made.next_due, end=end)
        expected[account.id] += amount * len(days)
    for f in fin.schedules.forecast(ana):
        assert f.balance_on(end) == expected[f.account_id]
        assert all(isinstance(balance, int) for _, balance in f.points)
