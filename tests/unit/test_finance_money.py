"""Money text ↔ integer minor units: every currency's exponent, the forms people and
bank exports write, refusals that say why, and exact sums (never float)."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard_tui.finance.money import (
    MAX_MINOR,
    MINOR_UNITS,
    clean_currency,
    format_amount,
    minor_units,
    parse_amount,
    to_decimal,
)
from dashboard_tui.kit.errors import ValidationError


def test_iso_exponents():
    assert (minor_units("JPY"), minor_units("EUR"), minor_units("BHD")) == (0, 2, 3)
    assert minor_units("KWD") == 3 and minor_units("CLF") == 4 and minor_units("ISK") == 0
    assert len(MINOR_UNITS) > 150  # every current code, not a handful
    assert "XAU" not in MINOR_UNITS and "XXX" not in MINOR_UNITS  # no minor unit: not money
    assert clean_currency(" eur ") == "EUR"
    with pytest.raises(ValidationError, match="not an ISO 4217"):
        clean_currency("EURO")


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("12.50", "EUR", 1250),
        ("-12,50", "EUR", -1250),
        ("1 234.56", "EUR", 123456),
        ("1\u00a0234,56", "EUR", 123456),
        ("1,234.56", "USD", 123456),
        ("1.234,56", "EUR", 123456),
        ("1'234.56", "CHF", 123456),
        ("1,234,567", "USD", 123456700),
        ("(12.50)", "EUR", -1250),
        ("€12.50", "EUR", 1250),
        ("-€12.50", "EUR", -1250),
        ("€ -12.50", "EUR", -1250),
        ("12.50 EUR", "EUR", 1250),
        ("12.50 eur", "EUR", 1250),
        ("EUR 12.50", "EUR", 1250),
        ("$5", "USD", 500),
        ("+5", "EUR", 500),
        ("−5", "EUR", -500),
        ("12.50-", "EUR", -1250),
        (".5", "EUR", 50),
        ("0", "EUR", 0),
        ("1,234", "JPY", 1234),
        ("¥1,234", "JPY", 1234),
        ("1234", "JPY", 1234),
        ("12.345", "BHD", 12345),
        ("-0.001", "BHD", -1),
        (1250, "EUR", 1250),
    ],
)
def test_parse_amount(text, currency, minor):
    assert parse_amount(text, currency) == minor


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        ("12.345", "EUR", "EUR has 2 decimals; 12.345 has 3 \\(not rounded\\)"),
        ("12.5", "JPY", "JPY has no decimals"),
        ("1.2345", "BHD", "BHD has 3 decimals"),
        ("", "EUR", "Enter an amount"),
        ("   ", "EUR", "Enter an amount"),
        ("1e9", "EUR", "no exponent"),
        ("--5", "EUR", "one sign"),
        ("+-5", "EUR", "one sign"),
        ("-(5)", "EUR", "one sign"),
        ("(-5)", "EUR", "one sign"),
        ("9" * 25, "EUR", "too large"),
        (str(MAX_MINOR + 1), "JPY", "too large"),
        ("1" * 100, "EUR", "At most"),
        ("12.50 USD", "EUR", "in USD; the account's currency is EUR"),
        ("$12", "EUR", "not a sign of EUR"),
        ("1,23,4", "EUR", "by three"),
        ("1.234.5", "EUR", "by three"),
        ("1 23.5", "EUR", "by three"),
        ("1,234.5,6", "EUR", "decimal mark"),
        ("NaN", "EUR", "Enter an amount such as"),
        ("Infinity", "EUR", "Enter an amount such as"),
        ("١٢", "EUR", "Enter an amount such as"),  # Arabic-Indic digits: not guessed at
        ("[b]5[/b]", "EUR", "Enter an amount such as"),
        ("12", "EURO", "not an ISO 4217"),
    ],
)
def test_refusals_say_why(text, currency, message):
    with pytest.raises(ValidationError, match=message):
        parse_amount(text, currency)


def test_format_amount():
    assert format_amount(-123456, "EUR") == "-1,234.56"
    assert format_amount(-123456, "EUR", code=True, minus="−") == "−1,234.56 EUR"
    assert format_amount(5, "BHD") == "0.005"
    assert format_amount(-5, "EUR") == "-0.05"
    assert format_amount(1234567, "JPY", grouping=False) == "1234567"
    assert to_decimal(-1, "BHD") == Decimal("-0.001")


CURRENCIES = sorted(MINOR_UNITS)
amounts = st.integers(min_value=-MAX_MINOR, max_value=MAX_MINOR)


@settings(max_examples=400)
@given(st.sampled_from(CURRENCIES), amounts, st.booleans(), st.booleans(), st.sampled_from("-−"))
def test_format_then_parse_is_the_same_amount_in_every_currency(
    currency, minor, code, grouping, minus
):
    text = format_amount(minor, currency, code=code, grouping=grouping, minus=minus)
    assert parse_amount(text, currency) == minor


@pytest.mark.parametrize("currency", CURRENCIES)
def test_every_currency_round_trips_its_edges(currency):
    for minor in (0, 1, -1, 10 ** minor_units(currency), 123456789, -MAX_MINOR, MAX_MINOR):
        assert parse_amount(format_amount(minor, currency, code=True), currency) == minor


def test_sums_of_100k_random_amounts_are_exact():
    """Parsed amounts add up exactly: the integer sum equals Decimal arithmetic on the
    typed text, where a float sum would drift."""
    rng = random.Random(11)
    for currency in ("EUR", "JPY", "BHD"):
        exponent = minor_units(currency)
        texts = []
        for _ in range(100_000):
            minor = rng.randint(-(10**9), 10**9)
            texts.append(format_amount(minor, currency, grouping=rng.random() < 0.5))
        total = sum(parse_amount(t, currency) for t in texts)
        exact = sum(Decimal(t.replace(",", "")) for t in texts)
        assert to_decimal(total, currency) == exact
        assert total == int(exact.scaleb(exponent))
