"""Transactions: income and expense (signed), transfers (two linked legs), splits
(parts that add up to the whole), edit, delete, cleared/uncleared; the register (one
account, newest first, with a running balance, keyset-paged); payee completion;
totals per category.

Every write keeps the accounts' stored balances (`balance_minor`) in the same unit
of work, by the difference it makes. Reconciled rows are locked: changing one needs
`force=True` from the caller (a screen asks the person first)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard_tui.finance import TRANSACTION
from dashboard_tui.finance.dto import (
    CategoryTotal,
    ReconcileResult,
    ReconcileStart,
    RegisterFilter,
    RegisterRow,
    SplitPart,
    TransactionInfo,
    TransferInfo,
)
from dashboard_tui.finance.money import parse_amount
from dashboard_tui.finance.services.base import (
    FinanceServiceBase,
    FinanceWork,
    Locked,
    clean_payee,
    clean_tags,
    need_transaction,
    shown_amount,
    transaction_image,
    transaction_info,
    transaction_infos,
)
from dashboard_tui.kit.edit import Form
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.paging import Cursor, Page, check_page_size
from dashboard_tui.kit.service import Actor
from dashboard_tui.kit.validation import clean_notes
from dashboard_tui.models.finance import TRANSACTION_STATUSES, Transaction, TransactionSplit

MAX_PARTS = 50
RECONCILE_MAX = 10_000  # ticked transactions in one reconcile
PAYEES_MAX = 20
LOCKED = (
    "This transaction is reconciled: it matches a bank statement. Confirm to change it "
    "anyway (the reconciled balance will no longer match)."
)
ALL_ROWS = RegisterFilter()
_UNSET: Any = object()  # "keep": category_id=None means "no category"


@dataclass(frozen=True)
class _Part:
    category_id: uuid.UUID | None
    amount_minor: int
    memo: str


def _amount(value: str | int, currency: str, kind: str | None, field: str = "amount") -> int:
    minor = parse_amount(value, currency, field=field)
    if minor == 0:
        raise ValidationError.one(field, "Enter an amount other than zero.")
    if kind == "expense":
        return -abs(minor)
    if kind == "income":
        return abs(minor)
    if kind is not None:
        raise ValidationError.one("kind", "Choose income or expense.")
    return minor


def _parts(uow: FinanceWork, parts: Sequence[SplitPart], currency: str, whole: int) -> list[_Part]:
    """The parts checked: known categories, amounts in the currency, at least two, and
    a sum equal to the whole."""
    if len(parts) < 2:
        raise ValidationError.one("splits", "A split has at least two parts.")
    if len(parts) > MAX_PARTS:
        raise ValidationError.one("splits", f"At most {MAX_PARTS} parts.")
    form = Form()
    found = []
    for i, part in enumerate(parts):
        category = form.take(uow.category, part.category_id, f"splits.{i}.category")
        minor = form.take(parse_amount, part.amount, currency, field=f"splits.{i}.amount")
        if minor == 0:
            form.errors.setdefault(f"splits.{i}.amount", "Enter an amount other than zero.")
        memo = form.take(clean_notes, part.memo, f"splits.{i}.memo")
        found.append(_Part(category.id if category is not None else None, minor, memo))
    form.done()
    total = sum(p.amount_minor for p in found)
    if total != whole:
        raise ValidationError.one(
            "splits",
            f"The parts add up to {shown_amount(total, currency)}, the whole is "
            f"{shown_amount(whole, currency)}: {shown_amount(whole - total, currency)} "
            "is not assigned.",
        )
    return found


def _write_parts(uow: FinanceWork, row: Transaction, parts: list[_Part]) -> None:
    """Replace the row's parts, then write the row itself (its new amount, or at least
    its updated_at): on SQLite the database checks that the parts add up when the
    transaction's row is written (migration 0008), so the row goes last. The caller
    sets the row's new values only after this (a pending change would be flushed
    first, before the parts)."""
    for old in uow.transactions.splits(row.id):
        uow.transactions.delete_split(old)
    for i, part in enumerate(parts):
        uow.transactions.add_split(
            TransactionSplit(
                transaction_id=row.id,
                position=i,
                category_id=part.category_id,
                amount_minor=part.amount_minor,
                memo=part.memo,
            )
        )


def _check_unlocked(rows: Sequence[Transaction], force: bool) -> None:
    if not force and any(r.status == "reconciled" for r in rows):
        raise Locked(LOCKED)


def _status(value: str) -> str:
    status = str(value).strip().lower()
    if status not in TRANSACTION_STATUSES:
        raise ValidationError.one("status", "Choose uncleared, cleared or reconciled.")
    return status


class TransactionService(FinanceServiceBase):
    # -- reading ----------------------------------------------------------------------
    def get_transaction(self, login: Actor, transaction_id: uuid.UUID) -> TransactionInfo:
        return self._read(login, lambda u: transaction_info(u, need_transaction(u, transaction_id)))

    def register(
        self,
        login: Actor,
        account_id: uuid.UUID,
        *,
        filter: RegisterFilter = ALL_ROWS,
        page_size: int = 50,
        cursor: Cursor | None = None,
    ) -> Page[RegisterRow]:
        """One account's transactions newest first, each with the account's balance
        right after it. A page starts from the balance its cursor carries (the first
        from the account's stored balance), so no page sums the account; with a
        filter, the rows it hides between two shown ones are summed by the database
        (an index range), so balances stay the account's own."""
        limit = check_page_size(page_size)

        def work(uow: FinanceWork) -> Page[RegisterRow]:
            account = uow.account(account_id)
            categories: list[uuid.UUID] = []
            if filter.category_id is not None:
                item = uow.category(filter.category_id)
                assert item is not None
                categories = [item.id, *(c.id for c in uow.categories.beneath(item))]
            newer, balance = (None, account.balance_minor)
            if cursor is not None:
                newer, balance = tuple(cursor[:3]), int(cursor[3])
            rows = uow.transactions.register(
                account.id,
                limit=limit + 1,
                after=newer,
                text=filter.text.strip()[:120],
                date_from=filter.date_from,
                date_to=filter.date_to,
                category_ids=categories,
                amount_min=filter.amount_min_minor,
                amount_max=filter.amount_max_minor,
            )
            more, rows = len(rows) > limit, rows[:limit]
            shown = []
            for row, info in zip(rows, transaction_infos(uow, rows), strict=True):
                key = (row.date, row.created_at, row.id)
                if filter.narrows:
                    balance -= uow.transactions.sum_between(account.id, key, newer)
                shown.append(RegisterRow(info, balance))
                balance -= row.amount_minor
                newer = key
            next_cursor = (*newer, balance) if more and newer is not None else None
            return Page(tuple(shown), next_cursor)

        return self._read(login, work)

    def payees(self, login: Actor, prefix: str = "", *, limit: int = 10) -> tuple[str, ...]:
        """Past payees starting with `prefix` (any case), most used first."""
        limit = max(1, min(limit, PAYEES_MAX))
        text = prefix.strip()[:200]
        return self._read(login, lambda u: tuple(p for p, _ in u.transactions.payees(text, limit)))

    def totals_by_category(
        self,
        login: Actor,
        *,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
    ) -> tuple[CategoryTotal, ...]:
        """Income and expenses per category and currency (transfers are neither; a
        split counts by its parts), signed as in the accounts."""

        def work(uow: FinanceWork) -> tuple[CategoryTotal, ...]:
            lo = uow.optional_date(date_from, "date_from")
            hi = uow.optional_date(date_to, "date_to")
            sums = uow.transactions.category_totals(lo, hi)
            names = uow.categories.names([c for c, _, _ in sums])
            found = []
            for category_id, currency, total in sums:
                item = names.get(category_id) if category_id is not None else None
                kind = "" if item is None else item.kind.removesuffix("_category")
                found.append(
                    CategoryTotal(category_id, item.name if item else "", kind, currency, total)
                )
            return tuple(sorted(found, key=lambda t: (t.kind, t.category, t.currency)))

        return self._read(login, work)

    def register_filter(
        self,
        login: Actor,
        account_id: uuid.UUID,
        *,
        text: str = "",
        date_from: str = "",
        date_to: str = "",
        category_id: uuid.UUID | None = None,
        amount_min: str = "",
        amount_max: str = "",
    ) -> RegisterFilter:
        """The register's filter form as typed, read as a RegisterFilter: dates as
        everywhere (2026-11-21, today, yesterday; empty leaves that end open), amounts
        signed in the account's currency (spending is negative). Every bad field is
        named at once."""

        def work(uow: FinanceWork) -> RegisterFilter:
            currency = uow.account(account_id).currency
            errors: dict[str, str] = {}
            days: dict[str, date | None] = {}
            amounts: dict[str, int | None] = {}
            for field, typed in (("date_from", date_from), ("date_to", date_to)):
                try:
                    days[field] = uow.optional_date(typed.strip(), field)
                except ValidationError as e:
                    errors.update(e.errors)
            for field, typed in (("amount_min", amount_min), ("amount_max", amount_max)):
                try:
                    amounts[field] = (
                        parse_amount(typed, currency, field=field) if typed.strip() else None
                    )
                except ValidationError as e:
                    errors.update(e.errors)
            low, high = days.get("date_from"), days.get("date_to")
            if low is not None and high is not None and low > high:
                errors["date_to"] = "This is before the first day."
            least, most = amounts.get("amount_min"), amounts.get("amount_max")
            if least is not None and most is not None and least > most:
                errors["amount_max"] = "This is below the smallest amount."
            if errors:
                raise ValidationError(errors)
            return RegisterFilter(
                text=text,
                date_from=low,
                date_to=high,
                category_id=category_id,
                amount_min_minor=least,
                amount_max_minor=most,
            )

        return self._read(login, work)

    # -- income, expense, split --------------------------------------------------------
    def add_transaction(
        self,
        login: Actor,
        *,
        account_id: uuid.UUID,
        amount: str | int,
        date: str | date = "today",
        payee: str = "",
        category_id: uuid.UUID | None = None,
        memo: str = "",
        tags: str = "",
        kind: str | None = None,
        splits: Sequence[SplitPart] = (),
        status: str = "uncleared",
    ) -> TransactionInfo:
        """Income or expense: `amount` signed as typed (`-12.50` out), or unsigned with
        `kind` expense|income. With `splits`, one payment over several categories:
        the parts (signed like the whole) must add up to it."""

        def work(uow: FinanceWork) -> TransactionInfo:
            account = uow.account(account_id)
            form = Form()
            minor = form.take(_amount, amount, account.currency, kind)
            values = {
                "date": form.take(uow.date, date),
                "payee": form.take(clean_payee, payee),
                "memo": form.take(clean_notes, memo, "memo"),
                "tags": form.take(clean_tags, tags),
                "status": form.take(_status, status),
            }
            category = form.take(uow.category, category_id)
            if values["status"] == "reconciled":
                form.errors["status"] = "A new transaction is uncleared or cleared."
            form.done()
            parts = _parts(uow, splits, account.currency, minor) if splits else []
            if parts and category is not None:
                raise ValidationError.one("category", "A split's categories are its parts'.")
            row = uow.transactions.add(
                Transaction(
                    account_id=account.id,
                    amount_minor=minor,
                    currency=account.currency,
                    category_id=category.id if category is not None else None,
                    **values,
                )
            )
            if parts:
                _write_parts(uow, row, parts)
                uow.transactions.touch(row, uow.now)
            uow.accounts.add_to_balance(account.id, minor)
            uow.audit(TRANSACTION, "created", row.id, after=transaction_image(uow, row))
            return transaction_info(uow, row)

        return self._write(login, work)

    # -- transfers ------------------------------------------------------------------------
    def add_transfer(
        self,
        login: Actor,
        *,
        from_account_id: uuid.UUID,
        to_account_id: uuid.UUID,
        amount: str | int,
        to_amount: str | int | None = None,
        date: str | date = "today",
        payee: str = "",
        memo: str = "",
        tags: str = "",
    ) -> TransferInfo:
        """Money moved between two of your accounts: two legs sharing a transfer id.
        `amount` (positive) leaves the first, in its currency; between currencies
        `to_amount` is what arrives, in the second's."""

        def work(uow: FinanceWork) -> TransferInfo:
            out_account = uow.account(from_account_id, "from_account")
            in_account = uow.account(to_account_id, "to_account")
            if out_account.id == in_account.id:
                raise ValidationError.one("to_account", "Choose another account to move money to.")
            form = Form()
            out_minor = form.take(_amount, amount, out_account.currency, None)
            if out_minor is not None and out_minor < 0:
                form.errors["amount"] = "Enter the amount moved (positive)."
            in_minor = out_minor
            if in_account.currency != out_account.currency:
                if to_amount in (None, ""):
                    form.errors["to_amount"] = (
                        f"Enter what arrives in {in_account.currency} ({in_account.name} "
                        "is in another currency)."
                    )
                else:
                    in_minor = form.take(_amount, to_amount, in_account.currency, None, "to_amount")
            elif (
                to_amount not in (None, "")
                and form.take(parse_amount, to_amount, in_account.currency, field="to_amount")
                != out_minor
            ):
                form.errors["to_amount"] = "Both accounts are in one currency: the amounts match."
            shared = {
                "date": form.take(uow.date, date),
                "payee": form.take(clean_payee, payee),
                "memo": form.take(clean_notes, memo, "memo"),
                "tags": form.take(clean_tags, tags),
            }
            form.done()
            transfer_id = uuid.uuid4()
            legs = []
            for account, minor in ((out_account, -abs(out_minor)), (in_account, abs(in_minor))):
                legs.append(
                    uow.transactions.add(
                        Transaction(
                            account_id=account.id,
                            amount_minor=minor,
                            currency=account.currency,
                            transfer_id=transfer_id,
                            status="uncleared",
                            **shared,
                        )
                    )
                )
                uow.accounts.add_to_balance(account.id, minor)
            for leg in legs:
                uow.audit(TRANSACTION, "created", leg.id, after=transaction_image(uow, leg))
            out, into = transaction_infos(uow, legs)
            return TransferInfo(transfer_id, out, into)

        return self._write(login, work)

    # -- edit, delete, status -------------------------------------------------------------
    def edit_transaction(
        self,
        login: Actor,
        transaction_id: uuid.UUID,
        *,
        date: str | date | None = None,
        amount: str | int | None = None,
        payee: str | None = None,
        category_id: uuid.UUID | None = _UNSET,
        memo: str | None = None,
        tags: str | None = None,
        splits: Sequence[SplitPart] | None = None,
        counter_amount: str | int | None = None,
        force: bool = False,
    ) -> TransactionInfo:
        """Change any field (None = keep; `category_id=None` clears the category).
        `splits`: the new parts (an empty list ends the split). A transfer's legs
        change together: date, payee, notes and tags on both, the amount mirrored on
        the other leg (between currencies, `counter_amount` is the other leg's).
        A reconciled row (either leg) needs `force=True`."""

        def work(uow: FinanceWork) -> TransactionInfo:
            row = need_transaction(uow, transaction_id)
            legs = uow.transactions.legs(row.transfer_id) if row.transfer_id else [row]
            _check_unlocked(legs, force)
            befores = {leg.id: transaction_image(uow, leg) for leg in legs}
            form = Form()
            shared: dict[str, Any] = {}
            if date is not None:
                shared["date"] = form.take(uow.date, date)
            if payee is not None:
                shared["payee"] = form.take(clean_payee, payee)
            if memo is not None:
                shared["memo"] = form.take(clean_notes, memo, "memo")
            if tags is not None:
                shared["tags"] = form.take(clean_tags, tags)
            minor = row.amount_minor
            if amount is not None:
                minor = form.take(_amount, amount, row.currency, None)
            category = None
            if category_id is not _UNSET:
                category = form.take(uow.category, category_id)
            form.done()
            if row.transfer_id is not None:
                if category_id not in (_UNSET, None) or splits:
                    raise ValidationError.one("category", "A transfer has no category.")
                self._edit_transfer(uow, row, legs, minor, counter_amount, shared)
            else:
                parts = None
                if splits is not None:
                    parts = _parts(uow, splits, row.currency, minor) if splits else []
                elif amount is not None and uow.transactions.splits(row.id):
                    raise ValidationError.one(
                        "amount", "This is a split: change its parts with the amount."
                    )
                has_parts = (
                    bool(parts) if parts is not None else bool(uow.transactions.splits(row.id))
                )
                new_category = row.category_id
                if category_id is not _UNSET:
                    if category is not None and has_parts:
                        raise ValidationError.one(
                            "category", "A split's categories are its parts'."
                        )
                    new_category = category.id if category is not None else None
                elif parts:
                    new_category = None
                delta = minor - row.amount_minor
                if parts is not None:
                    _write_parts(uow, row, parts)
                for key, value in shared.items():
                    setattr(row, key, value)
                row.category_id = new_category
                row.amount_minor = minor
                uow.transactions.touch(row, uow.now)
                uow.accounts.add_to_balance(row.account_id, delta)
            for leg in legs:
                after = transaction_image(uow, leg)
                if any(befores[leg.id].get(k) != v for k, v in after.items() if k != "updated_at"):
                    uow.audit(TRANSACTION, "edited", leg.id, before=befores[leg.id], after=after)
            return transaction_info(uow, row)

        return self._write(login, work)

    @staticmethod
    def _edit_transfer(
        uow: FinanceWork,
        row: Transaction,
        legs: list[Transaction],
        minor: int,
        counter_amount: str | int | None,
        shared: dict[str, Any],
    ) -> None:
        other = next((leg for leg in legs if leg.id != row.id), None)
        if other is None:  # pragma: no cover - legs are made and deleted together
            raise ValidationError.one("transfer", "The other leg of this transfer is missing.")
        if counter_amount not in (None, ""):
            other_minor = _amount(counter_amount, other.currency, None, "counter_amount")  # type: ignore[arg-type]
            if other.currency == row.currency and other_minor != -minor:
                raise ValidationError.one(
                    "counter_amount", "Both accounts are in one currency: the amounts match."
                )
        elif other.currency == row.currency:
            other_minor = -minor
        else:  # another currency: what arrived stays, turned if the direction turned
            other_minor = abs(other.amount_minor) * (-1 if minor > 0 else 1)
        if (other_minor > 0) == (minor > 0):
            raise ValidationError.one(
                "counter_amount", "A transfer's legs move money in opposite directions."
            )
        for leg, new in ((row, minor), (other, other_minor)):
            delta = new - leg.amount_minor
            for key, value in shared.items():
                setattr(leg, key, value)
            leg.amount_minor = new
            uow.session.flush()
            uow.accounts.add_to_balance(leg.account_id, delta)

    def delete_transaction(
        self, login: Actor, transaction_id: uuid.UUID, *, force: bool = False
    ) -> None:
        """Delete it (a transfer: both legs; a split: its parts). Reconciled: `force`."""

        def work(uow: FinanceWork) -> None:
            row = need_transaction(uow, transaction_id)
            legs = uow.transactions.legs(row.transfer_id) if row.transfer_id else [row]
            _check_unlocked(legs, force)
            befores = [(leg, transaction_image(uow, leg)) for leg in legs]
            for leg, before in befores:
                for part in uow.transactions.splits(leg.id):
                    uow.transactions.delete_split(part)
                uow.accounts.add_to_balance(leg.account_id, -leg.amount_minor)
                uow.transactions.delete(leg)
                uow.audit(TRANSACTION, "deleted", before_id(before), before=before)

        self._write(login, work)

    def set_status(
        self, login: Actor, transaction_id: uuid.UUID, status: str, *, force: bool = False
    ) -> TransactionInfo:
        """uncleared | cleared | reconciled (of this leg only: each account reconciles
        on its own). Leaving reconciled needs `force`."""

        def work(uow: FinanceWork) -> TransactionInfo:
            row = need_transaction(uow, transaction_id)
            return _set_status(uow, row, _status(status), force)

        return self._write(login, work)

    def toggle_cleared(
        self, login: Actor, transaction_id: uuid.UUID, *, force: bool = False
    ) -> TransactionInfo:
        """uncleared ↔ cleared, one key's worth; a reconciled row goes back to cleared
        only with `force`."""

        def work(uow: FinanceWork) -> TransactionInfo:
            row = need_transaction(uow, transaction_id)
            new = "uncleared" if row.status == "cleared" else "cleared"
            return _set_status(uow, row, new, force)

        return self._write(login, work)

    # -- reconcile --------------------------------------------------------------------
    def reconcile_start(
        self, login: Actor, account_id: uuid.UUID, *, statement_date: str | date = "today"
    ) -> ReconcileStart:
        """What reconciling the account against a statement ending on
        `statement_date` starts from (see ReconcileStart)."""

        def work(uow: FinanceWork) -> ReconcileStart:
            account = uow.account(account_id)
            day = uow.date(statement_date, "statement_date")
            done = uow.transactions.status_total(account.id, "reconciled")
            cleared = uow.transactions.with_status(account.id, "cleared", day)
            return ReconcileStart(
                account.id,
                account.currency,
                day,
                account.opening_balance_minor + done,
                tuple(cleared),
            )

        return self._read(login, work)

    def reconcile(
        self,
        login: Actor,
        account_id: uuid.UUID,
        *,
        statement_balance: str | int,
        statement_date: str | date,
        transaction_ids: Sequence[uuid.UUID],
    ) -> ReconcileResult:
        """Finish reconciling: the ticked transactions (this account's, not yet
        reconciled, dated on or before the statement) become reconciled, all in one
        unit of work, each audited; refused, with nothing changed, unless the
        reconciled balance then equals the statement's end balance."""

        def work(uow: FinanceWork) -> ReconcileResult:
            account = uow.account(account_id)
            form = Form()
            balance = form.take(
                parse_amount, statement_balance, account.currency, field="statement_balance"
            )
            day = form.take(uow.date, statement_date, "statement_date")
            form.done()
            ids = list(dict.fromkeys(transaction_ids))
            if not ids:
                raise ValidationError.one("transactions", "Tick the statement's transactions.")
            if len(ids) > RECONCILE_MAX:
                raise ValidationError.one(
                    "transactions", f"At most {RECONCILE_MAX:,} transactions at once."
                )
            rows = []
            for transaction_id in ids:
                row = uow.transactions.get(transaction_id)
                if row is None or row.account_id != account.id:
                    raise ValidationError.one(
                        "transactions", "A ticked transaction is not in this account."
                    )
                if row.status == "reconciled":
                    raise ValidationError.one(
                        "transactions", "A ticked transaction is reconciled already."
                    )
                if row.date > day:
                    raise ValidationError.one(
                        "transactions",
                        f"A ticked transaction ({row.date.isoformat()}) is after the "
                        "statement date.",
                    )
                rows.append(row)
            done = account.opening_balance_minor + uow.transactions.status_total(
                account.id, "reconciled"
            )
            reached = done + sum(r.amount_minor for r in rows)
            if reached != balance:
                raise ValidationError.one(
                    "statement_balance",
                    f"The ticked transactions reach {shown_amount(reached, account.currency)}, "
                    f"the statement says {shown_amount(balance, account.currency)}: a "
                    f"difference of {shown_amount(balance - reached, account.currency)}.",
                )
            for row in rows:
                _set_status(uow, row, "reconciled", False)
            return ReconcileResult(len(rows), reached)

        return self._write(login, work)


def _set_status(uow: FinanceWork, row: Transaction, new: str, force: bool) -> TransactionInfo:
    if row.status == "reconciled" and new != "reconciled":
        _check_unlocked([row], force)
    if new != row.status:
        before = transaction_image(uow, row)
        row.status = new
        uow.session.flush()
        uow.audit(TRANSACTION, "edited", row.id, before=before, after=transaction_image(uow, row))
    return transaction_info(uow, row)


def before_id(image: dict[str, Any]) -> uuid.UUID:
    return uuid.UUID(str(image["id"]))
