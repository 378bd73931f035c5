"""What the finance services take and return: frozen dataclasses, never ORM objects.

Money is integer minor units of the row's currency (`amount_minor`, signed: negative
is money out of the account); format it with finance.money.format_amount."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from dashboard_tui.finance.money import format_amount


@dataclass(frozen=True)
class CreditCardInfo:
    account_id: uuid.UUID
    limit_minor: int
    statement_day: int  # 1-31; a shorter month uses its last day
    due_day: int


@dataclass(frozen=True)
class AccountInfo:
    id: uuid.UUID
    name: str
    kind: str  # checking | savings | cash | credit_card | investment
    currency: str
    opening_balance_minor: int
    balance_minor: int  # opening balance + every transaction
    archived: bool
    card: CreditCardInfo | None = None

    @property
    def balance(self) -> str:
        return format_amount(self.balance_minor, self.currency, code=True)


@dataclass(frozen=True)
class CategoryInfo:
    id: uuid.UUID
    path: str  # "Food:Groceries": ':' separates the levels, as in hledger
    kind: str  # income | expense
    shipped: bool  # shipped with the app: read-only

    @property
    def name(self) -> str:
        """The last level: "Groceries"."""
        return self.path.rpartition(":")[2]

    @property
    def parent_path(self) -> str | None:
        return self.path.rpartition(":")[0] or None


@dataclass(frozen=True)
class SplitPart:
    """One part of a split, as the caller gives it: `amount` typed text (or minor
    units), signed like the whole."""

    category_id: uuid.UUID | None
    amount: str | int
    memo: str = ""


@dataclass(frozen=True)
class SplitInfo:
    id: uuid.UUID
    position: int
    category_id: uuid.UUID | None
    category: str  # its path, "" when none
    amount_minor: int
    memo: str


@dataclass(frozen=True)
class TransactionInfo:
    id: uuid.UUID
    account_id: uuid.UUID
    account: str
    date: date
    amount_minor: int
    currency: str
    payee: str
    category_id: uuid.UUID | None
    category: str  # its path; "" when none or split
    memo: str
    tags: tuple[str, ...]
    status: str  # uncleared | cleared | reconciled
    transfer_id: uuid.UUID | None
    splits: tuple[SplitInfo, ...] = ()
    # The other leg of a transfer (None otherwise).
    counterpart_id: uuid.UUID | None = None
    counterpart_account: str = ""
    created_at: datetime | None = None

    @property
    def kind(self) -> str:
        if self.transfer_id is not None:
            return "transfer"
        if self.splits:
            return "split"
        return "income" if self.amount_minor > 0 else "expense"

    @property
    def locked(self) -> bool:
        return self.status == "reconciled"

    @property
    def amount(self) -> str:
        return format_amount(self.amount_minor, self.currency, code=True)


@dataclass(frozen=True)
class TransferInfo:
    """Both legs: `out` leaves its account (negative), `into` arrives (positive)."""

    transfer_id: uuid.UUID
    out: TransactionInfo
    into: TransactionInfo


@dataclass(frozen=True)
class RegisterRow:
    """One line of an account's register: the transaction and the account's balance
    right after it (all of the account's rows count, whatever the filter shows)."""

    transaction: TransactionInfo
    balance_minor: int


@dataclass(frozen=True)
class RegisterFilter:
    text: str = ""  # payee or memo contains (any case)
    date_from: date | None = None
    date_to: date | None = None
    category_id: uuid.UUID | None = None  # the category or a part of a split in it
    amount_min_minor: int | None = None  # signed bounds, inclusive
    amount_max_minor: int | None = None

    @property
    def narrows(self) -> bool:
        return any(
            v not in (None, "")
            for v in (
                self.text,
                self.date_from,
                self.date_to,
                self.category_id,
                self.amount_min_minor,
                self.amount_max_minor,
            )
        )


@dataclass(frozen=True)
class CategoryTotal:
    """The sum of one category's postings in one currency (a report's cell)."""

    category_id: uuid.UUID | None
    category: str  # path; "" uncategorised
    kind: str  # income | expense | "" (uncategorised)
    currency: str
    amount_minor: int


@dataclass(frozen=True)
class MergeResult:
    into: CategoryInfo
    transactions: int  # re-categorised
    splits: int


# -- CSV import (finance/services/importer.py) ------------------------------------------
@dataclass(frozen=True)
class ImportProfileInfo:
    id: uuid.UUID
    name: str
    mapping: dict[str, object]  # finance.importer.Mapping.to_json()


@dataclass(frozen=True)
class PayeeRuleInfo:
    id: uuid.UUID
    position: int
    contains: str
    category_id: uuid.UUID
    category: str  # its path


@dataclass(frozen=True)
class PreviewRow:
    line: int
    date: date | None
    amount_minor: int | None
    payee: str
    memo: str
    category: str  # from the file, or the rule's (rule=True)
    rule: bool = False
    error: str = ""


@dataclass(frozen=True)
class ImportPreview:
    header: tuple[str, ...]
    columns: dict[str, str]  # role → the header it reads
    delimiter: str
    encoding: str
    date_format: str
    decimal_mark: str
    newest_first: bool
    currency: str
    rows: tuple[PreviewRow, ...]
    total_rows: int


@dataclass(frozen=True)
class ImportSummary:
    account_id: uuid.UUID | None
    account: str
    currency: str
    rows: int  # in the file
    added: int
    duplicates: int  # already imported: skipped
    categorised: int  # by a payee rule
    total_minor: int  # of the added rows
    first: date | None
    last: date | None
    account_created: bool = False
    dry_run: bool = False
