"""Credit cards and exchange rates on both engines: statement dates (day 31 in
February and April, the due day in the next month), the next statement's total, the
payment due and utilisation; rates added, edited and deleted (audited in human terms,
exact, never float); net worth in the profile currency, each account rounded once
half-even to the target's minor units (JPY 0 decimals, BHD 3)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

import pytest
from sqlalchemy import select

from dashboard_tui.finance import CREDIT_CARD, EXCHANGE_RATE
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.finance.services.cards import (
    due_date,
    next_statement,
    previous_statement,
    utilisation_permille,
)
from dashboard_tui.finance.services.rates import convert, parse_rate, rate_text
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.models.finance import ExchangeRate
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT
from tests.support import FakeClock


@pytest.fixture
def fin(db, clock) -> FinanceService:
    return FinanceService(db, clock=clock, client=TEST_CLIENT)


def audited(db, entity: str) -> list[tuple[str, str]]:
    with db.transaction(read_only=True) as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.entity == entity).order_by(AuditLog.seq))
        return [(r.action, r.after or r.before) for r in rows]


# -- credit cards: the dates ------------------------------------------------------------
def test_statement_day_31_falls_back_to_the_months_last_day():
    assert next_statement(date(2026, 2, 10), 31) == date(2026, 2, 28)
    assert next_statement(date(2028, 2, 10), 31) == date(2028, 2, 29)  # a leap year
    assert next_statement(date(2026, 4, 5), 31) == date(2026, 4, 30)
    assert next_statement(date(2026, 5, 1), 31) == date(2026, 5, 31)
    assert previous_statement(date(2026, 3, 31), 31) == date(2026, 2, 28)
    assert previous_statement(date(2026, 5, 31), 31) == date(2026, 4, 30)
    assert previous_statement(date(2026, 1, 31), 31) == date(2025, 12, 31)
    # the statement day itself is the next statement; the day after moves on
    assert next_statement(date(2026, 11, 15), 15) == date(2026, 11, 15)
    assert next_statement(date(2026, 11, 16), 15) == date(2026, 12, 15)
    assert next_statement(date(2026, 12, 20), 15) == date(2027, 1, 15)


def test_the_due_day_is_the_first_after_the_statement():
    assert due_date(date(2026, 11, 15), 5) == date(2026, 12, 5)  # the next month
    assert due_date(date(2026, 12, 15), 5) == date(2027, 1, 5)  # and the next year
    assert due_date(date(2026, 11, 15), 15) == date(2026, 12, 15)  # never the same day
    assert due_date(date(2026, 11, 5), 28) == date(2026, 11, 28)  # later that month
    assert due_date(date(2026, 1, 31), 30) == date(2026, 2, 28)  # February is short
    assert due_date(date(2026, 4, 30), 31) == date(2026, 5, 31)
    assert due_date(date(2026, 3, 31), 31) == date(2026, 4, 30)


def test_utilisation_rounds_half_even_once():
    assert utilisation_permille(16000, 100000) == 160
    assert utilisation_permille(1, 8000) == 0  # 0.125 tenths: down to even
    assert utilisation_permille(3, 2000) == 2  # 1.5: up to even
    assert utilisation_permille(5, 2000) == 2  # 2.5: down to even
    assert utilisation_permille(200000, 100000) == 2000  # over the limit
    assert utilisation_permille(0, 100000) == 0
    assert utilisation_permille(100, 0) is None


# -- credit cards: on a real database -----------------------------------------------------
def test_a_cards_statement_payment_due_and_utilisation(fin, db, make_user):
    """Today is 2026-11-22 (the test clock); statement on the 15th, due on the 5th."""
    ana = make_user("Ana")
    card = fin.accounts.create_account(ana, name="Visa", kind="credit card", currency="EUR")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR", opening_balance="500")
    assert fin.cards.status(ana, card.id) is None  # no details yet
    assert fin.cards.status(ana, main.id) is None  # not a card

    fin.accounts.set_credit_card(ana, card.id, limit="1 000", statement_day="15", due_day=5)
    for day, amount in (
        ("2026-10-20", "-100"),  # an earlier period
        ("2026-11-15", "-50"),  # the last statement day: closed with it
        ("2026-11-16", "-30"),  # the current period
        ("2026-11-22", "-20.00"),
    ):
        fin.transactions.add_transaction(ana, account_id=card.id, amount=amount, date=day)
    fin.transactions.add_transfer(  # a payment, in the current period
        ana, from_account_id=main.id, to_account_id=card.id, amount="40", date="2026-11-20"
    )
    status = fin.cards.status(ana, card.id)
    assert status is not None
    assert (status.last_statement, status.period_start, status.next_statement) == (
        date(2026, 11, 15),
        date(2026, 11, 16),
        date(2026, 12, 15),
    )
    assert status.statement_total_minor == -3000 - 2000 + 4000
    assert (status.payment_due_minor, status.due_date) == (15000, date(2026, 12, 5))
    assert status.owed_minor == 16000
    assert (status.utilisation_permille, status.utilisation) == (160, "16.0 %")
    assert fin.cards.statuses(ana) == {card.id: status}

    # the details changed: audited in human terms; nothing refused is kept
    fin.accounts.set_credit_card(ana, card.id, limit="2000", statement_day=31, due_day=25)
    for kwargs, field in (
        ({"limit": "-1", "statement_day": 1, "due_day": 1}, "limit"),
        ({"limit": "1", "statement_day": 32, "due_day": 1}, "statement_day"),
        ({"limit": "1", "statement_day": 1, "due_day": "x"}, "due_day"),
    ):
        with pytest.raises(ValidationError) as refused:
            fin.accounts.set_credit_card(ana, card.id, **kwargs)
        assert field in refused.value.errors
    said = [(action, CREDIT_CARD.title_of(image)) for action, image in audited(db, "credit_card")]
    assert said == [
        ("finance.card.created", "Card details of Visa"),
        ("finance.card.edited", "Card details of Visa"),
    ]
    edited = audited(db, "credit_card")[1][1]
    assert (edited["limit"], edited["statement_day"], edited["due_day"]) == (
        "2,000.00 EUR",
        31,
        25,
    )
    status = fin.cards.status(ana, card.id)
    assert status is not None
    # statement day 31 in November is the 30th; the period is 1 Nov - 30 Nov
    assert (status.last_statement, status.next_statement) == (
        date(2026, 10, 31),
        date(2026, 11, 30),
    )
    assert status.statement_total_minor == -5000 - 3000 - 2000 + 4000
    assert (status.payment_due_minor, status.due_date) == (10000, date(2026, 11, 25))
    assert status.utilisation == "8.0 %"

    # another person reaches none of it
    ben = make_user("Ben")
    with pytest.raises(ValidationError):
        fin.cards.status(ben, card.id)
    assert fin.cards.statuses(ben) == {}


def test_statement_day_31_in_february_on_the_database(db, make_user):
    fin = FinanceService(db, clock=FakeClock(datetime(2026, 2, 20, 12, tzinfo=UTC)))
    ana = make_user("Ana")
    card = fin.accounts.create_account(ana, name="Card", kind="card", currency="JPY")
    fin.accounts.set_credit_card(ana, card.id, limit="300000", statement_day=31, due_day=20)
    for day, amount in (("2026-01-31", "-1000"), ("2026-02-01", "-2500"), ("2026-02-28", "-1")):
        fin.transactions.add_transaction(ana, account_id=card.id, amount=amount, date=day)
    status = fin.cards.status(ana, card.id)
    assert status is not None
    assert (status.last_statement, status.next_statement) == (date(2026, 1, 31), date(2026, 2, 28))
    assert status.statement_total_minor == -2501
    assert (status.payment_due_minor, status.due_date) == (1000, date(2026, 2, 20))
    assert status.utilisation == "1.2 %"  # 3501 / 300000 = 1.167 %


# -- exchange rates -----------------------------------------------------------------------
def test_rates_parse_exactly():
    assert parse_rate("1.0842") == (10842, 10000)
    assert parse_rate(" 1,5 ") == (15, 10)
    assert parse_rate("165") == (165, 1)
    assert parse_rate("0.000000000001") == (1, 10**12)
    assert rate_text(10842, 10000) == "1.0842"
    assert rate_text(165, 1) == "165"
    assert rate_text(1, 10**12) == "0.000000000001"
    for bad in ("0", "0.000", "-1", "1e5", "abc", "", "1.0000000000001", "1 000", "9" * 19):
        with pytest.raises(ValidationError):
            parse_rate(bad)


def test_converting_rounds_once_half_even_to_the_targets_minor_units():
    # to JPY (0 decimals): 0.50 EUR at 165 = 82.5 yen → 82; 1.50 EUR = 247.5 → 248
    assert convert(50, "EUR", "JPY", Fraction(165)) == 82
    assert convert(150, "EUR", "JPY", Fraction(165)) == 248
    assert convert(-50, "EUR", "JPY", Fraction(165)) == -82
    # from JPY: 1 yen at 0.005 EUR = 0.5 cent → 0; 3 yen = 1.5 cents → 2
    assert convert(1, "JPY", "EUR", Fraction(5, 1000)) == 0
    assert convert(3, "JPY", "EUR", Fraction(5, 1000)) == 2
    assert convert(12345, "JPY", "EUR", Fraction(61, 10000)) == 7530  # 75.3045 EUR
    # to BHD (3 decimals): 1.00 EUR at 0.4105 = 410.5 fils → 410; 3.00 EUR → 1232
    assert convert(100, "EUR", "BHD", Fraction(4105, 10000)) == 410
    assert convert(300, "EUR", "BHD", Fraction(4105, 10000)) == 1232
    # from BHD: 1.235 BHD at 2.5 = 3.0875 EUR → 3.09
    assert convert(1235, "BHD", "EUR", Fraction(25, 10)) == 309
    # a huge balance stays exact (no float would)
    assert convert(10**17 + 1, "EUR", "USD", Fraction(3, 2)) == 15 * 10**16 + 2


def test_rates_are_added_edited_deleted_and_audited(fin, db, make_user):
    ana = make_user("Ana")
    rate = fin.rates.add_rate(
        ana, from_currency="usd", to_currency="EUR", rate="0,9234", day="2026-11-20"
    )
    assert (rate.from_currency, rate.to_currency, rate.rate, rate.date) == (
        "USD",
        "EUR",
        "0.9234",
        date(2026, 11, 20),
    )
    with db.transaction(read_only=True) as s:
        row = s.scalars(select(ExchangeRate)).one()
        assert (row.rate_num, row.rate_den) == (9234, 10000)
        assert isinstance(row.rate_num, int)
    fin.rates.add_rate(ana, from_currency="JPY", to_currency="EUR", rate="0.0061")  # today
    for kwargs, field in (
        ({"from_currency": "EUR", "to_currency": "eur", "rate": "1"}, "to_currency"),
        ({"from_currency": "EURO", "to_currency": "USD", "rate": "1"}, "from_currency"),
        ({"from_currency": "EUR", "to_currency": "USD", "rate": "-1"}, "rate"),
        ({"from_currency": "EUR", "to_currency": "USD", "rate": "1", "day": "soon"}, "date"),
        ({"from_currency": "USD", "to_currency": "EUR", "rate": "1", "day": "2026-11-20"}, "date"),
    ):
        with pytest.raises(ValidationError) as refused:
            fin.rates.add_rate(ana, **kwargs)
        assert field in refused.value.errors
    edited = fin.rates.edit_rate(
        ana, rate.id, from_currency="USD", to_currency="EUR", rate="0.93", day="2026-11-21"
    )
    assert (edited.rate, edited.date) == ("0.93", date(2026, 11, 21))
    assert fin.rates.get_rate(ana, rate.id) == edited
    assert [r.date for r in fin.rates.list_rates(ana)] == [date(2026, 11, 22), date(2026, 11, 21)]

    ben = make_user("Ben")
    assert fin.rates.list_rates(ben) == ()
    for attempt in (
        lambda: fin.rates.get_rate(ben, rate.id),
        lambda: fin.rates.edit_rate(
            ben, rate.id, from_currency="USD", to_currency="EUR", rate="9", day="today"
        ),
        lambda: fin.rates.delete_rate(ben, rate.id),
    ):
        with pytest.raises(NotFound):
            attempt()
    fin.rates.delete_rate(ana, rate.id)
    with pytest.raises(NotFound):
        fin.rates.get_rate(ana, rate.id)

    said = [(a, EXCHANGE_RATE.title_of(image)) for a, image in audited(db, "exchange_rate")]
    assert said == [
        ("finance.rate.created", "Rate 1 USD = 0.9234 EUR on 2026-11-20"),
        ("finance.rate.created", "Rate 1 JPY = 0.0061 EUR on 2026-11-22"),
        ("finance.rate.edited", "Rate 1 USD = 0.93 EUR on 2026-11-21"),
        ("finance.rate.deleted", "Rate 1 USD = 0.93 EUR on 2026-11-21"),
    ]


def test_net_worth_in_the_profile_currency(fin, make_user):
    ana = make_user("Ana")  # profile currency EUR; today 2026-11-22
    fin.accounts.create_account(ana, name="Main", currency="EUR", opening_balance="1000")
    fin.accounts.create_account(ana, name="Yen", currency="JPY", opening_balance="150000")
    fin.accounts.create_account(ana, name="Dollars", currency="USD", opening_balance="200")
    fin.accounts.create_account(ana, name="Dinar", currency="BHD", opening_balance="1.234")
    card = fin.accounts.create_account(ana, name="Card", kind="credit card", currency="EUR")
    fin.transactions.add_transaction(ana, account_id=card.id, amount="-100", date="2026-11-01")
    old = fin.accounts.create_account(ana, name="Old", currency="EUR", opening_balance="7")
    fin.accounts.archive_account(ana, old.id)

    worth = fin.rates.net_worth(ana)
    assert (worth.currency, worth.on, worth.missing) == (
        "EUR",
        date(2026, 11, 22),
        ("BHD", "JPY", "USD"),
    )
    assert worth.total_minor == 100000 - 10000  # only what needs no rate

    fin.rates.add_rate(ana, from_currency="JPY", to_currency="EUR", rate="0.0061", day="2026-11-20")
    fin.rates.add_rate(ana, from_currency="JPY", to_currency="EUR", rate="0.5", day="2026-11-23")
    fin.rates.add_rate(ana, from_currency="EUR", to_currency="USD", rate="1.25", day="2026-11-21")
    worth = fin.rates.net_worth(ana)
    assert worth.missing == ("BHD",)
    lines = {ln.account: (ln.converted_minor, ln.rate_date) for ln in worth.lines}
    assert lines == {
        "Main": (100000, None),
        "Yen": (91500, date(2026, 11, 20)),  # tomorrow's rate is not used yet
        "Dollars": (16000, date(2026, 11, 21)),  # EUR → USD, used the other way
        "Dinar": (None, None),
        "Card": (-10000, None),
    }
    assert worth.total_minor == 100000 + 91500 + 16000 - 10000
    assert worth.rate_dates == (date(2026, 11, 20), date(2026, 11, 21))

    # a direct rate newer than the inverse one wins
    fin.rates.add_rate(ana, from_currency="USD", to_currency="EUR", rate="0.9", day="2026-11-22")
    assert {ln.account: ln.converted_minor for ln in fin.rates.net_worth(ana).lines}[
        "Dollars"
    ] == 18000

    # in BHD (3 decimals): each account rounded once, half-even
    fin.rates.add_rate(ana, from_currency="EUR", to_currency="BHD", rate="0.4105")
    in_bhd = fin.rates.net_worth(ana, currency="BHD")
    got = {ln.account: ln.converted_minor for ln in in_bhd.lines}
    assert got["Main"] == 410500 and got["Dinar"] == 1234 and got["Card"] == -41050
    assert in_bhd.missing == ("JPY", "USD")

    ben = make_user("Ben")
    assert fin.rates.net_worth(ben).lines == ()
