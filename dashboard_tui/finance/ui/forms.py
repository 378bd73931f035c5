"""The finance forms, declared once each for their "new" and "edit" forms
(kit/forms.py). Each input dataclass holds what was typed, one str per field; the
screens pass its attributes to the services by name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashboard_tui.finance.dto import AccountInfo, RateInfo, TransactionInfo
from dashboard_tui.finance.money import MAX_TEXT, format_amount
from dashboard_tui.finance.services.base import PAYEE_MAX, TAGS_MAX
from dashboard_tui.finance.services.rates import RATE_TEXT
from dashboard_tui.kit.forms import FieldSpec, FormSpec
from dashboard_tui.kit.parsing import MAX_INPUT
from dashboard_tui.kit.validation import NAME_MAX, NOTES_MAX

DATES = "e.g. 2026-11-21, today, yesterday"
AMOUNTS = "e.g. 12.50, -12,50, 1 234.56"
KIND_CHOICES = (
    ("checking", "checking"),
    ("savings", "savings"),
    ("cash", "cash"),
    ("credit card", "credit_card"),
    ("investment", "investment"),
)
CURRENCY_CHARS = 3  # an ISO 4217 code
SIGNS = ("-", "+", "−", "(")


def typed_amount(minor: int, currency: str) -> str:
    """An amount as the edit form shows it: signed either way ("+12.50", "-12.50"),
    so saving it unchanged never lets the category's kind turn its sign."""
    text = format_amount(minor, currency, grouping=False)
    return text if minor < 0 else f"+{text}"


def signed(text: str, kind: str | None) -> str:
    """What the service gets for a typed amount: a sign typed is kept; without one,
    an expense category makes it money out ("12.50" for Groceries is −12.50)."""
    stripped = text.strip()
    if not stripped or stripped.startswith(SIGNS) or kind != "expense":
        return stripped
    return f"-{stripped}"


# -- accounts ---------------------------------------------------------------------------
@dataclass(frozen=True)
class AccountInput:
    name: str
    kind: str
    currency: str
    opening_balance: str


ACCOUNT_FORM: FormSpec[AccountInfo, AccountInput] = FormSpec(
    AccountInput,
    (
        FieldSpec("name", "Name", lambda a: a.name, max_length=NAME_MAX),
        FieldSpec(
            "kind", "Kind", lambda a: a.kind, "checking", choices=KIND_CHOICES, on_edit=False
        ),
        FieldSpec(
            "currency",
            "Currency",
            lambda a: a.currency,
            "EUR",
            placeholder="EUR, USD, JPY …",
            max_length=CURRENCY_CHARS,
            on_edit=False,  # the account's amounts are in it
        ),
        FieldSpec(
            "opening_balance",
            "Opening balance",
            lambda a: format_amount(a.opening_balance_minor, a.currency, grouping=False),
            "0",
            placeholder=AMOUNTS,
            max_length=MAX_TEXT,
        ),
    ),
)


# -- transactions -----------------------------------------------------------------------
@dataclass(frozen=True)
class TransactionInput:
    date: str
    payee: str
    category: str
    amount: str
    memo: str
    tags: str


def _date(t: TransactionInfo) -> str:
    return t.date.isoformat()


DATE: FieldSpec[TransactionInfo] = FieldSpec(
    "date", "Date", _date, "today", placeholder=DATES, max_length=MAX_INPUT
)
PAYEE: FieldSpec[TransactionInfo] = FieldSpec(
    "payee", "Payee", lambda t: t.payee, placeholder="e.g. Lidl", max_length=PAYEE_MAX
)
MEMO: FieldSpec[TransactionInfo] = FieldSpec(
    "memo", "Notes", lambda t: t.memo, max_length=NOTES_MAX
)
TAGS: FieldSpec[TransactionInfo] = FieldSpec(
    "tags",
    "Tags",
    lambda t: " ".join(t.tags),
    placeholder="words, e.g. holiday tax",
    max_length=TAGS_MAX,
)


def _amount_field(label: str = "Amount") -> FieldSpec[TransactionInfo]:
    return FieldSpec(
        "amount",
        label,
        lambda t: typed_amount(t.amount_minor, t.currency),
        placeholder=AMOUNTS,
        max_length=MAX_TEXT,
    )


TRANSACTION_FORM: FormSpec[TransactionInfo, TransactionInput] = FormSpec(
    TransactionInput,
    (
        DATE,
        PAYEE,
        FieldSpec(
            "category",
            "Category",
            lambda t: t.category,
            placeholder="e.g. Food:Groceries (→ takes the suggestion)",
            max_length=NAME_MAX,
        ),
        _amount_field(),
        MEMO,
        TAGS,
    ),
)
TRANSACTION_NOTE = (
    "An amount without a sign is money out for an expense category, in for an income "
    "one; type -12.50 or +12.50 to say which."
)


@dataclass(frozen=True)
class TransferEditInput:
    date: str
    payee: str
    amount: str
    memo: str
    tags: str


# A transfer leg: no category; its amount is mirrored on the other leg.
TRANSFER_EDIT_FORM: FormSpec[TransactionInfo, TransferEditInput] = FormSpec(
    TransferEditInput, (DATE, PAYEE, _amount_field(), MEMO, TAGS)
)


@dataclass(frozen=True)
class TransferInput:
    to_account: str
    amount: str
    to_amount: str
    date: str
    memo: str


def transfer_form(to: Sequence[AccountInfo]) -> FormSpec[AccountInfo, TransferInput]:
    """A new transfer out of the register's account into one of `to`."""
    return FormSpec(
        TransferInput,
        (
            FieldSpec(
                "to_account",
                "To account",
                choices=[(f"{a.name} ({a.currency})", str(a.id)) for a in to],
            ),
            FieldSpec("amount", "Amount", placeholder="moved, e.g. 250.00", max_length=MAX_TEXT),
            FieldSpec(
                "to_amount",
                "Arrives",
                placeholder="only between currencies: what arrives",
                max_length=MAX_TEXT,
            ),
            FieldSpec("date", "Date", default="today", placeholder=DATES, max_length=MAX_INPUT),
            FieldSpec("memo", "Notes", max_length=NOTES_MAX),
        ),
    )


# -- reconcile --------------------------------------------------------------------------
@dataclass(frozen=True)
class ReconcileInput:
    statement_balance: str
    statement_date: str


RECONCILE_FORM: FormSpec[AccountInfo, ReconcileInput] = FormSpec(
    ReconcileInput,
    (
        FieldSpec(
            "statement_balance",
            "End balance",
            placeholder="the statement's closing balance, e.g. 1 234.56",
            max_length=MAX_TEXT,
        ),
        FieldSpec(
            "statement_date",
            "Statement date",
            default="today",
            placeholder=DATES,
            max_length=MAX_INPUT,
        ),
    ),
)
RECONCILE_NOTE = (
    "Then tick (space) each transaction the statement shows; the difference must "
    "reach zero to finish (f). Escape leaves with nothing changed."
)


# -- credit card details ------------------------------------------------------------------
@dataclass(frozen=True)
class CardInput:
    limit: str
    statement_day: str
    due_day: str


def _card_limit(a: AccountInfo) -> str:
    return format_amount(a.card.limit_minor, a.currency, grouping=False) if a.card else ""


# Always opened as an edit form of the account (blank fields when it has no details yet).
CARD_FORM: FormSpec[AccountInfo, CardInput] = FormSpec(
    CardInput,
    (
        FieldSpec("limit", "Limit", _card_limit, placeholder="e.g. 2 000", max_length=MAX_TEXT),
        FieldSpec(
            "statement_day",
            "Statement day",
            lambda a: str(a.card.statement_day) if a.card else "",
            placeholder="1-31 (31: each month's last day)",
            max_length=MAX_INPUT,
        ),
        FieldSpec(
            "due_day",
            "Due day",
            lambda a: str(a.card.due_day) if a.card else "",
            placeholder="1-31: the first such day after the statement",
            max_length=MAX_INPUT,
        ),
    ),
)


# -- exchange rates -------------------------------------------------------------------------
@dataclass(frozen=True)
class RateInput:
    from_currency: str
    to_currency: str
    rate: str
    date: str


def rate_form(to_currency: str) -> FormSpec[RateInfo, RateInput]:
    """A rate: 1 `from` = rate `to`; a new one is into `to_currency` (the profile's)."""
    return FormSpec(
        RateInput,
        (
            FieldSpec(
                "from_currency",
                "1 unit of",
                lambda r: r.from_currency,
                placeholder="USD, JPY …",
                max_length=CURRENCY_CHARS,
            ),
            FieldSpec(
                "to_currency",
                "Is worth, in",
                lambda r: r.to_currency,
                to_currency,
                placeholder="EUR …",
                max_length=CURRENCY_CHARS,
            ),
            FieldSpec(
                "rate", "Rate", lambda r: r.rate, placeholder="e.g. 0.9234", max_length=RATE_TEXT
            ),
            FieldSpec(
                "date",
                "Date",
                lambda r: r.date.isoformat(),
                "today",
                placeholder=DATES,
                max_length=MAX_INPUT,
            ),
        ),
    )


@dataclass(frozen=True)
class RegisterFilterInput:
    """The register's filter form as typed (kept, so F opens it as it was left)."""

    date_from: str = ""
    date_to: str = ""
    category: str = ""
    amount_min: str = ""
    amount_max: str = ""

    @property
    def words(self) -> str:
        """ "2026-01-01 to 2026-03-31 · Groceries · amounts up to −10": what narrows."""
        return " · ".join(
            part
            for part in (
                _range("", self.date_from, self.date_to),
                self.category.strip(),
                _range("amounts ", self.amount_min, self.amount_max),
            )
            if part
        )


def _range(what: str, low: str, high: str) -> str:
    low, high = low.strip(), high.strip()
    if low and high:
        return f"{what}{low} to {high}"
    if low:
        return f"{what}from {low}"
    return f"{what}up to {high}" if high else ""


REGISTER_FILTER_FORM: FormSpec[RegisterFilterInput, RegisterFilterInput] = FormSpec(
    RegisterFilterInput,
    (
        FieldSpec(
            "date_from",
            "From",
            lambda f: f.date_from,
            placeholder="2026-01-01 (empty: from the first)",
            max_length=MAX_INPUT,
        ),
        FieldSpec(
            "date_to",
            "To",
            lambda f: f.date_to,
            placeholder="today (empty: to the last)",
            max_length=MAX_INPUT,
        ),
        FieldSpec(
            "category",
            "Category",
            lambda f: f.category,
            placeholder="e.g. Groceries: it and what is under it",
            max_length=NAME_MAX,
        ),
        FieldSpec(
            "amount_min",
            "Amount from",
            lambda f: f.amount_min,
            placeholder="e.g. −50 (spending is negative)",
            max_length=MAX_TEXT,
        ),
        FieldSpec(
            "amount_max",
            "Amount to",
            lambda f: f.amount_max,
            placeholder="e.g. −10",
            max_length=MAX_TEXT,
        ),
    ),
)
