"""What every finance service shares: the unit of work with the finance repositories,
the checks of typed fields, and the ORM → DTO and audit-image conversions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from dashboard_tui.db import audit_chain
from dashboard_tui.finance import MINUS
from dashboard_tui.finance.dto import (
    AccountInfo,
    CategoryInfo,
    CreditCardInfo,
    SplitInfo,
    TransactionInfo,
)
from dashboard_tui.finance.money import format_amount
from dashboard_tui.finance.repository import (
    CATEGORY_KINDS,
    AccountRepository,
    CategoryRepository,
    TransactionRepository,
)
from dashboard_tui.kit.edit import need
from dashboard_tui.kit.errors import ServiceError, ValidationError
from dashboard_tui.kit.service import Service, UnitOfWork
from dashboard_tui.kit.validation import clean_text
from dashboard_tui.models.finance import CreditCard, FinancialAccount, Transaction, TransactionSplit
from dashboard_tui.models.shared import CatalogItem

PAYEE_MAX = 200
TAGS_MAX = 400
KIND_OF_CATALOG = {v: k for k, v in CATEGORY_KINDS.items()}


class Locked(ServiceError):
    """A reconciled transaction: changing it needs the caller's explicit `force`
    (the screen asks first)."""


class FinanceWork(UnitOfWork):
    """One finance action's unit of work, with the finance repositories."""

    @property
    def accounts(self) -> AccountRepository:
        return self.repo(AccountRepository)

    @property
    def transactions(self) -> TransactionRepository:
        return self.repo(TransactionRepository)

    @property
    def categories(self) -> CategoryRepository:
        return self.repo(CategoryRepository)

    def account(self, account_id: uuid.UUID, field: str = "account") -> FinancialAccount:
        row = self.accounts.get(account_id)
        if row is None:
            raise ValidationError.one(field, "Choose one of your accounts.")
        return row

    def category(
        self, category_id: uuid.UUID | None, field: str = "category"
    ) -> CatalogItem | None:
        if category_id is None:
            return None
        row = self.categories.get(category_id)
        if row is None:
            raise ValidationError.one(field, "Choose a category from the list.")
        return row


class FinanceServiceBase(Service[FinanceWork]):
    uow_class = FinanceWork


# -- typed fields -------------------------------------------------------------------------
def clean_payee(value: str, field: str = "payee") -> str:
    return clean_text(field, value, max_len=PAYEE_MAX, required=False)


def clean_tags(value: str | tuple[str, ...] | list[str], field: str = "tags") -> str:
    """ "Tax, holiday  tax" → "holiday tax": lower case, unique, sorted, one space."""
    text = value if isinstance(value, str) else " ".join(value)
    text = clean_text(field, text, max_len=TAGS_MAX, required=False)
    words = sorted({w.strip().lower() for w in text.replace(",", " ").split() if w.strip()})
    return " ".join(words)


def need_transaction(uow: FinanceWork, transaction_id: uuid.UUID) -> Transaction:
    return need(uow.transactions.get(transaction_id), "transaction")


# -- ORM → DTO ----------------------------------------------------------------------------
def card_info(row: CreditCard) -> CreditCardInfo:
    return CreditCardInfo(row.account_id, row.limit_minor, row.statement_day, row.due_day)


def account_info(row: FinancialAccount, card: CreditCard | None = None) -> AccountInfo:
    return AccountInfo(
        id=row.id,
        name=row.name,
        kind=row.kind,
        currency=row.currency,
        opening_balance_minor=row.opening_balance_minor,
        balance_minor=row.balance_minor,
        archived=row.archived,
        card=card_info(card) if card is not None else None,
    )


def category_info(row: CatalogItem) -> CategoryInfo:
    return CategoryInfo(row.id, row.name, KIND_OF_CATALOG[row.kind], row.user_id is None)


def transaction_infos(uow: FinanceWork, rows: Sequence[Transaction]) -> list[TransactionInfo]:
    """Many rows at once: their parts, category names, accounts and transfer legs in
    a few queries, not a few per row (a register page)."""
    ids = [r.id for r in rows]
    parts = uow.transactions.splits_of(ids)
    transfer_ids = [r.transfer_id for r in rows if r.transfer_id is not None]
    legs = uow.transactions.legs_of(transfer_ids)
    category_ids = [r.category_id for r in rows]
    category_ids += [p.category_id for ps in parts.values() for p in ps]
    names = uow.categories.names(category_ids)
    accounts = {a.id: a.name for a in uow.accounts.listed(include_archived=True)}

    def path(category_id: uuid.UUID | None) -> str:
        item = names.get(category_id) if category_id is not None else None
        return item.name if item is not None else ""

    found = []
    for row in rows:
        other = next(
            (leg for leg in legs if leg.transfer_id == row.transfer_id and leg.id != row.id)
            if row.transfer_id is not None
            else iter(()),
            None,
        )
        found.append(
            TransactionInfo(
                id=row.id,
                account_id=row.account_id,
                account=accounts.get(row.account_id, ""),
                date=row.date,
                amount_minor=row.amount_minor,
                currency=row.currency,
                payee=row.payee,
                category_id=row.category_id,
                category=path(row.category_id),
                memo=row.memo,
                tags=tuple(row.tags.split()),
                status=row.status,
                transfer_id=row.transfer_id,
                splits=tuple(
                    SplitInfo(
                        p.id, p.position, p.category_id, path(p.category_id), p.amount_minor, p.memo
                    )
                    for p in parts.get(row.id, [])
                ),
                counterpart_id=other.id if other is not None else None,
                counterpart_account=accounts.get(other.account_id, "") if other is not None else "",
                created_at=row.created_at,
            )
        )
    return found


def transaction_info(uow: FinanceWork, row: Transaction) -> TransactionInfo:
    return transaction_infos(uow, [row])[0]


# -- audit images, in human terms -------------------------------------------------------------
def shown_amount(minor: int, currency: str) -> str:
    return format_amount(minor, currency, code=True, minus=MINUS)


def account_image(row: FinancialAccount) -> dict[str, Any]:
    return {
        **audit_chain.snapshot(row),
        "opening_balance": shown_amount(row.opening_balance_minor, row.currency),
    }


def card_image(uow: FinanceWork, row: CreditCard) -> dict[str, Any]:
    account = uow.accounts.get(row.account_id)
    currency = account.currency if account is not None else "EUR"
    return {
        **audit_chain.snapshot(row),
        "limit": shown_amount(row.limit_minor, currency),
        "account": account.name if account is not None else "",
    }


def transaction_image(uow: FinanceWork, row: Transaction) -> dict[str, Any]:
    """The row with its account's and category's names, its amount as read, its parts
    and the other leg of a transfer: what the audit history shows."""
    info = transaction_info(uow, row)
    image = {
        **audit_chain.snapshot(row),
        "account": info.account,
        "category": info.category,
        "amount": shown_amount(row.amount_minor, row.currency),
        "splits": [
            {
                "category": p.category,
                "amount": shown_amount(p.amount_minor, row.currency),
                "amount_minor": p.amount_minor,
                "memo": p.memo,
            }
            for p in info.splits
        ],
    }
    if info.counterpart_account:
        image["transfer_with"] = info.counterpart_account
    return image


def category_image(row: CatalogItem) -> dict[str, Any]:
    return {"name": row.name, "kind": KIND_OF_CATALOG.get(row.kind, row.kind), "id": str(row.id)}


def split_rows(parts: list[TransactionSplit]) -> list[TransactionSplit]:
    return sorted(parts, key=lambda p: p.position)
