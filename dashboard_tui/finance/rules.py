"""What the finance services accept, as rules on stored rows (kit/rules.py): an import
holds the finance rows it brings to them, so none comes in that the finance forms
would refuse to save again. The checks are the services' own (clean_name,
clean_notes, the payee and tag checks, the currency table, the kinds and statuses)."""

from __future__ import annotations

from typing import Any

from dashboard_tui.finance.money import MAX_MINOR, clean_currency
from dashboard_tui.finance.services.base import clean_payee, clean_tags
from dashboard_tui.finance.services.investments import clean_symbol
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.recurrence import parse_rule
from dashboard_tui.kit.rules import FieldRules, StoredRules, one_of, whole
from dashboard_tui.kit.validation import clean_name, clean_notes
from dashboard_tui.models.finance import ACCOUNT_KINDS, LOT_KINDS, TRANSACTION_STATUSES

MONEY = whole(-MAX_MINOR, MAX_MINOR)


def _currency(value: Any, field: str) -> object:
    """A stored code is canonical already (upper case): it must be one as it is."""
    if clean_currency(str(value), field) != value:
        raise ValidationError.one(field, "Write the currency code in capitals (EUR).")
    return value


def _tags(value: Any, field: str) -> object:
    """Stored tags are normalised already (lower case, sorted, one space)."""
    if clean_tags(str(value), field) != value:
        raise ValidationError.one(field, "Tags are lower-case words, sorted, one space apart.")
    return value


def _rrule(value: Any, field: str) -> object:
    """A stored rule is canonical already (kit/recurrence.parse_rule's text)."""
    if parse_rule(str(value), field) != value:
        raise ValidationError.one(field, "Write the rule as FREQ=…;… in capitals.")
    return value


def _symbol(value: Any, field: str) -> object:
    """A stored symbol is canonical already (upper case, trimmed)."""
    if clean_symbol(str(value), field) != value:
        raise ValidationError.one(field, "Write the symbol in capitals (VWCE).")
    return value


def _nonzero(value: Any, field: str) -> object:
    if MONEY(value, field) == 0:
        raise ValidationError.one(field, "Enter an amount other than zero.")
    return value


STORED_RULES: StoredRules = {
    "financial_accounts": FieldRules(
        name=clean_name,
        kind=one_of(ACCOUNT_KINDS, "Choose checking, savings, cash, credit card or investment."),
        currency=_currency,
        opening_balance_minor=MONEY,
        balance_minor=MONEY,
    ),
    "credit_cards": FieldRules(
        limit_minor=whole(0, MAX_MINOR), statement_day=whole(1, 31), due_day=whole(1, 31)
    ),
    "transactions": FieldRules(
        amount_minor=_nonzero,
        currency=_currency,
        payee=clean_payee,
        memo=clean_notes,
        tags=_tags,
        status=one_of(TRANSACTION_STATUSES, "Choose uncleared, cleared or reconciled."),
    ),
    "transaction_splits": FieldRules(
        amount_minor=_nonzero, memo=clean_notes, position=whole(0, 49)
    ),
    "scheduled_transactions": FieldRules(
        amount_minor=_nonzero, payee=clean_payee, memo=clean_notes, rrule=_rrule
    ),
    # A budget is more than zero (zero is no budget: the service deletes the row).
    "budgets": FieldRules(amount_minor=whole(1, MAX_MINOR), currency=_currency),
    # A rate is a positive fraction (the database checks it too); codes as the forms keep them.
    "exchange_rates": FieldRules(
        from_currency=_currency,
        to_currency=_currency,
        rate_num=whole(1, 2**63 - 1),
        rate_den=whole(1, 2**63 - 1),
    ),
    # the CSV import's (migration 0010)
    "import_profiles": FieldRules(name=clean_name),
    "payee_rules": FieldRules(contains=clean_payee, position=whole(0, 32767)),
    # investments (migration 0013)
    "investment_lots": FieldRules(
        symbol=_symbol,
        kind=one_of(LOT_KINDS, "Choose buy or sell."),
        units_micro=whole(1, MAX_MINOR),
        price_minor=whole(0, MAX_MINOR),
        fees_minor=whole(0, MAX_MINOR),
    ),
    "investment_prices": FieldRules(
        symbol=_symbol, currency=_currency, price_minor=whole(0, MAX_MINOR)
    ),
}
