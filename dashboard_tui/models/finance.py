"""Finance: accounts, credit cards, transactions, budgets, investment holdings.

Money is integer minor units (BigInteger) beside an ISO 4217 code; never float or
Numeric (SQLite stores Numeric as REAL). Investment units are micro-units (1e-6).

A transaction's change history (DESIGN.md `transaction_audit`) is not a table of its
own: it is served by `audit_logs` with entity='transaction' and entity_id = the
transaction's id, whose before/after images already hold every version. One audit
mechanism, hash-chained, rather than two that could disagree.
"""

from __future__ import annotations

import datetime as dt  # not `from datetime import date`: tables have a `date` column
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from dashboard_tui.models import shared as _shared  # noqa: F401 - FK targets (catalog, users)
from dashboard_tui.models.base import (
    Base,
    Timestamps,
    UserOwned,
    UTCDateTime,
    UUIDPk,
    currency_column,
    money_column,
    owner_key,
    owner_unique,
)

ACCOUNT_KINDS = ("checking", "savings", "cash", "credit_card", "investment")
TRANSACTION_STATUSES = ("uncleared", "cleared", "reconciled")
LOT_KINDS = ("buy", "sell")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class FinancialAccount(UUIDPk, UserOwned, Timestamps, Base):
    __tablename__ = "financial_accounts"
    __table_args__ = (CheckConstraint(_in("kind", ACCOUNT_KINDS), name="kind"), owner_unique())

    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))
    currency: Mapped[str] = currency_column()
    opening_balance_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    # Archived accounts keep their history but leave pickers and totals.
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    # Opening balance plus every transaction's amount, kept by the services in the same
    # unit of work as each change (an atomic `balance_minor + delta`), so a register
    # opens from its newest row at once instead of summing the account (migration 0008).
    balance_minor: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class CreditCard(UUIDPk, UserOwned, Timestamps, Base):
    """Card details for a financial account of kind 'credit_card' (one per account)."""

    __tablename__ = "credit_cards"
    __table_args__ = (
        CheckConstraint("statement_day BETWEEN 1 AND 31", name="statement_day"),
        CheckConstraint("due_day BETWEEN 1 AND 31", name="due_day"),
        owner_key("account_id", "financial_accounts", ondelete="CASCADE"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    limit_minor: Mapped[int] = money_column()
    # Day of month; 29-31 fall back to the month's last day when it is shorter.
    statement_day: Mapped[int] = mapped_column(SmallInteger)
    due_day: Mapped[int] = mapped_column(SmallInteger)


class Transaction(UUIDPk, UserOwned, Timestamps, Base):
    __tablename__ = "transactions"
    __table_args__ = (
        # NULL fingerprints (hand-entered rows) never collide; imported rows do, once.
        UniqueConstraint("user_id", "import_fingerprint"),
        Index("ix_transactions_user_id_date", "user_id", "date"),
        # The register: one account's rows newest first (migration 0008).
        Index("ix_transactions_account_id_date", "account_id", "date", "created_at", "id"),
        # Payee completion: a prefix range of one user's payees (migration 0008).
        Index("ix_transactions_user_id_payee", "user_id", "payee"),
        # The report and budget sums: one index range, never the table (migration 0012).
        Index(
            "ix_transactions_report",
            "user_id",
            "currency",
            "date",
            "transfer_id",
            "category_id",
            "amount_minor",
        ),
        # What transaction_splits' owner key refers to. A unique index rather than a
        # constraint: SQLite adds an index in place, where a constraint would rebuild
        # the table and drop its catalog trigger (migration 0006).
        Index("uq_transactions_id_user_id", "id", "user_id", unique=True),
        CheckConstraint(_in("status", TRANSACTION_STATUSES), name="status"),
        owner_key("account_id", "financial_accounts", ondelete="CASCADE"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    amount_minor: Mapped[int] = money_column()  # signed: negative = money out
    currency: Mapped[str] = currency_column()
    category_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("catalog_items.id", ondelete="SET NULL"), nullable=True
    )
    payee: Mapped[str] = mapped_column(String(200), default="")
    memo: Mapped[str] = mapped_column(Text, default="")
    # Both legs of a transfer share one transfer_id; not an FK, there is no parent row.
    transfer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(16), default="uncleared")
    import_fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Lower-case words, one space between, sorted: "holiday tax" (migration 0008).
    tags: Mapped[str] = mapped_column(String(400), default="", server_default="")


class TransactionSplit(UUIDPk, UserOwned, Timestamps, Base):
    """One part of a split transaction: a category, an amount, a memo. A transaction
    with parts has no category of its own, and its parts add up to its amount: the
    services keep that, and the database checks it (migration 0008: a deferred
    constraint trigger on PostgreSQL, a trigger on the transaction's row on SQLite)."""

    __tablename__ = "transaction_splits"
    __table_args__ = (owner_key("transaction_id", "transactions", ondelete="CASCADE"),)

    transaction_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    position: Mapped[int] = mapped_column(SmallInteger)  # 0-based, contiguous
    category_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("catalog_items.id", ondelete="SET NULL"), nullable=True
    )
    amount_minor: Mapped[int] = money_column()  # signed, like its transaction's
    memo: Mapped[str] = mapped_column(Text, default="")


class Budget(UUIDPk, UserOwned, Timestamps, Base):
    __tablename__ = "budgets"
    __table_args__ = (UniqueConstraint("user_id", "category_id", "month"),)

    category_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("catalog_items.id", ondelete="CASCADE"), index=True
    )
    # Always the first day of the month; the repository normalises it.
    month: Mapped[dt.date] = mapped_column(Date)
    amount_minor: Mapped[int] = money_column()
    currency: Mapped[str] = currency_column()


class Investment(UUIDPk, UserOwned, Timestamps, Base):
    """A holding. Market value = units_micro * price_minor / 1_000_000."""

    __tablename__ = "investments"
    __table_args__ = (owner_key("account_id", "financial_accounts", ondelete="CASCADE"),)

    account_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    symbol: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(120), default="")
    units_micro: Mapped[int] = mapped_column(BigInteger)
    cost_basis_minor: Mapped[int] = money_column()  # total paid, not per unit
    # Per whole unit; NULL until a first price is known (price_at says how old it is).
    price_minor: Mapped[int | None] = money_column(nullable=True)
    currency: Mapped[str] = currency_column()
    price_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class InvestmentLot(UUIDPk, UserOwned, Timestamps, Base):
    """One buy or sell of a symbol in an investment account (migration 0013): units in
    micro-units (1e-6), the price per whole unit and the fees in the account's minor
    units. Holdings are computed from the lots (finance/services/investments.py)."""

    __tablename__ = "investment_lots"
    __table_args__ = (
        Index("ix_investment_lots_account_id_symbol_date", "account_id", "symbol", "date"),
        CheckConstraint(_in("kind", LOT_KINDS), name="kind"),
        CheckConstraint("units_micro > 0", name="units_micro"),
        CheckConstraint("price_minor >= 0", name="price_minor"),
        CheckConstraint("fees_minor >= 0", name="fees_minor"),
        owner_key("account_id", "financial_accounts", ondelete="CASCADE"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    symbol: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(4))
    date: Mapped[dt.date] = mapped_column(Date)
    units_micro: Mapped[int] = mapped_column(BigInteger)
    price_minor: Mapped[int] = money_column()  # per whole unit
    fees_minor: Mapped[int] = money_column()


class InvestmentPrice(UUIDPk, UserOwned, Timestamps, Base):
    """A symbol's price per whole unit on a day, in minor units of `currency`
    (migration 0013); one a symbol, currency and day."""

    __tablename__ = "investment_prices"
    __table_args__ = (
        UniqueConstraint("user_id", "symbol", "currency", "date"),
        CheckConstraint("price_minor >= 0", name="price_minor"),
    )

    symbol: Mapped[str] = mapped_column(String(32))
    currency: Mapped[str] = currency_column()
    date: Mapped[dt.date] = mapped_column(Date)
    price_minor: Mapped[int] = money_column()


class ScheduledTransaction(UUIDPk, UserOwned, Timestamps, Base):
    """A recurring transaction (a bill, a salary, a standing transfer): what to enter
    and when, by an RFC 5545 rule (kit/recurrence.py) from `dtstart` (migration 0009).
    `next_due` is the first day not yet entered or skipped; NULL once the rule ended."""

    __tablename__ = "scheduled_transactions"
    __table_args__ = (
        Index("ix_scheduled_transactions_user_id_next_due", "user_id", "next_due"),
        owner_key("account_id", "financial_accounts", ondelete="CASCADE"),
        owner_key("transfer_account_id", "financial_accounts", ondelete="CASCADE"),
        CheckConstraint("amount_minor <> 0", name="amount_minor"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    # A standing transfer: the money goes from account_id to this one (amount < 0).
    transfer_account_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    payee: Mapped[str] = mapped_column(String(200), default="")
    category_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("catalog_items.id", ondelete="SET NULL"), nullable=True
    )
    amount_minor: Mapped[int] = money_column()  # signed, in the account's currency
    memo: Mapped[str] = mapped_column(Text, default="")
    # The RRULE property's value (RFC 5545 §3.3.10): "FREQ=MONTHLY;BYMONTHDAY=1".
    rrule: Mapped[str] = mapped_column(String(300))
    dtstart: Mapped[dt.date] = mapped_column(Date)
    next_due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ExchangeRate(UUIDPk, UserOwned, Timestamps, Base):
    """A rate the person entered: on `date`, 1 `from_currency` = rate_num / rate_den
    `to_currency` (migration 0011). Exact: the typed decimal as a fraction of two
    integers (1.0842 → 10842 / 10000), never a float. Net worth converts each account
    with the latest rate on or before today (finance/services/rates.py)."""

    __tablename__ = "exchange_rates"
    __table_args__ = (
        UniqueConstraint("user_id", "from_currency", "to_currency", "date"),
        CheckConstraint("from_currency <> to_currency", name="pair"),
        CheckConstraint("rate_num > 0 AND rate_den > 0", name="rate"),
    )

    from_currency: Mapped[str] = mapped_column(String(3))
    to_currency: Mapped[str] = mapped_column(String(3))
    rate_num: Mapped[int] = mapped_column(BigInteger)
    rate_den: Mapped[int] = mapped_column(BigInteger)
    date: Mapped[dt.date] = mapped_column(Date)


class ImportProfile(UUIDPk, UserOwned, Timestamps, Base):
    """A named way to read one bank's CSV export (finance/importer.py's Mapping as
    JSON: delimiter, encoding, date format, decimal mark, columns, skipped lines,
    newest first, currency). Migration 0010."""

    __tablename__ = "import_profiles"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    name: Mapped[str] = mapped_column(String(120))
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class PayeeRule(UUIDPk, UserOwned, Timestamps, Base):
    """ "Payee contains X → category Y", applied on import in `position` order (the
    first rule that matches wins; the match ignores case). Migration 0010."""

    __tablename__ = "payee_rules"
    __table_args__ = (Index("ix_payee_rules_user_id_position", "user_id", "position"),)

    position: Mapped[int] = mapped_column(SmallInteger)
    contains: Mapped[str] = mapped_column(String(200))
    category_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("catalog_items.id", ondelete="CASCADE")
    )


class FinanceMonthTotal(UUIDPk, UserOwned, Base):
    """What the reports by month and category read instead of every transaction
    (migration 0018): per account, category (NULL: uncategorised), currency, month
    (its first day) and sign of each posting (`positive`: an uncategorised amount's
    side), the sum and the number of postings. A split counts by its parts, transfers
    not at all: the same postings as repository.income_expense_sums.

    Kept exact by database triggers on transactions and transaction_splits (both
    engines), so every write path keeps it: the services, the bulk CSV import, a
    category's deletion (SET NULL), an account's or a person's (CASCADE), a restore.
    Nothing writes it otherwise; a row whose count reaches 0 is deleted. Exports leave
    it out (data/transfer.py): a restore's inserts make it again."""

    __tablename__ = "finance_month_totals"
    __table_args__ = (
        # The triggers' upsert key and the reports' range: (user, currency, months).
        # An expression for the category: a NULL would never conflict.
        Index(
            "uq_finance_month_totals_key",
            "user_id",
            "currency",
            "month",
            "account_id",
            "positive",
            text("coalesce(category_id, '00000000-0000-0000-0000-000000000000')"),
            unique=True,
        ),
        # Deferred, each key (checked at commit): while a cascade deletes a person's
        # or an account's rows, the triggers may update a total whose
        # parent went earlier in the statement; by the commit the cascade took it too.
        ForeignKeyConstraint(
            ["account_id", "user_id"],
            ["financial_accounts.id", "financial_accounts.user_id"],
            ondelete="CASCADE",
            deferrable=True,
            initially="DEFERRED",
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid,
        ForeignKey("users.id", ondelete="CASCADE", deferrable=True, initially="DEFERRED"),
        index=True,
    )
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    # No key to the catalog: what the triggers write comes from postings whose own
    # keys were checked, and a deleted category's postings move to uncategorised by
    # their SET NULL, leaving its totals at no postings (deleted).
    category_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    currency: Mapped[str] = mapped_column(String(3))
    month: Mapped[dt.date] = mapped_column(Date)
    positive: Mapped[bool] = mapped_column(Boolean)
    total_minor: Mapped[int] = money_column()
    count: Mapped[int] = mapped_column(BigInteger)
