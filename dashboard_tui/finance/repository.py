"""The finance queries, always for one user (kit/repository.py): accounts, their
transactions and split parts, and the categories (shipped + the user's own)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, union_all, update

from dashboard_tui.kit.query import BY_NAME, NEWEST_FIRST, DatedKey, dated_before, escape_like
from dashboard_tui.kit.repository import AnySelect, EntityRepository, ScopedRepository
from dashboard_tui.models.finance import (
    Budget,
    CreditCard,
    ExchangeRate,
    FinancialAccount,
    Transaction,
    TransactionSplit,
)
from dashboard_tui.models.shared import CatalogItem

CATEGORY_KINDS = {"income": "income_category", "expense": "expense_category"}


def newer_than(key: DatedKey) -> ColumnElement[bool]:
    """Transactions after `key` in time: newer in the register's (date, created_at, id)."""
    day, created, row_id = key
    return and_(
        Transaction.date >= day,
        or_(
            Transaction.date > day,
            Transaction.created_at > created,
            and_(Transaction.created_at == created, Transaction.id > row_id),
        ),
    )


class AccountRepository(EntityRepository[FinancialAccount]):
    model = FinancialAccount
    keyset = BY_NAME
    search = ("name",)

    def listed(self, *, include_archived: bool = False) -> list[FinancialAccount]:
        stmt = self._select(FinancialAccount)
        if not include_archived:
            stmt = stmt.where(FinancialAccount.archived.is_(False))
        return list(
            self.session.scalars(
                stmt.order_by(func.lower(FinancialAccount.name), FinancialAccount.id)
            )
        )

    def find_by_name(self, name: str) -> list[FinancialAccount]:
        same = or_(func.lower(FinancialAccount.name) == name.lower(), FinancialAccount.name == name)
        return list(self.session.scalars(self._select(FinancialAccount).where(same).limit(10)))

    def add_to_balance(self, account_id: uuid.UUID, delta: int) -> None:
        """balance_minor += delta, in the database (two writers never lose one)."""
        if delta:
            self.session.execute(
                update(FinancialAccount)
                .where(
                    FinancialAccount.id == account_id,
                    FinancialAccount.user_id == self.scope.user_id,
                )
                .values(balance_minor=FinancialAccount.balance_minor + delta)
                .execution_options(synchronize_session="fetch")
            )

    def card(self, account_id: uuid.UUID) -> CreditCard | None:
        stmt = self._select(CreditCard).where(CreditCard.account_id == account_id)
        return self.session.scalars(stmt).one_or_none()

    def add_card(self, card: CreditCard) -> CreditCard:
        return self._add(card)

    def postings_total(self, account_id: uuid.UUID) -> int:
        """The sum of the account's transactions, counted (for checks, not for pages)."""
        stmt = self._select(Transaction, func.coalesce(func.sum(Transaction.amount_minor), 0))
        return int(self.session.scalar(stmt.where(Transaction.account_id == account_id)) or 0)


class TransactionRepository(EntityRepository[Transaction]):
    model = Transaction
    keyset = NEWEST_FIRST
    search = ("payee", "memo")

    # -- the register ----------------------------------------------------------------
    def register(
        self,
        account_id: uuid.UUID,
        *,
        limit: int,
        after: DatedKey | None = None,
        text: str = "",
        date_from: date | None = None,
        date_to: date | None = None,
        category_ids: Sequence[uuid.UUID] = (),
        amount_min: int | None = None,
        amount_max: int | None = None,
    ) -> list[Transaction]:
        """One account's transactions newest first, after the key `after`."""
        stmt = self._filtered(
            self._select(Transaction).where(Transaction.account_id == account_id),
            text,
            date_from,
            date_to,
        )
        if category_ids:
            in_part = exists().where(
                TransactionSplit.transaction_id == Transaction.id,
                TransactionSplit.user_id == self.scope.user_id,
                TransactionSplit.category_id.in_(category_ids),
            )
            stmt = stmt.where(or_(Transaction.category_id.in_(category_ids), in_part))
        if amount_min is not None:
            stmt = stmt.where(Transaction.amount_minor >= amount_min)
        if amount_max is not None:
            stmt = stmt.where(Transaction.amount_minor <= amount_max)
        if after is not None:
            stmt = stmt.where(dated_before(Transaction, after))
        stmt = stmt.order_by(*NEWEST_FIRST.order_by(Transaction)).limit(limit)
        return list(self.session.scalars(stmt))

    def sum_between(self, account_id: uuid.UUID, older: DatedKey, newer: DatedKey | None) -> int:
        """The sum of the account's transactions strictly between two register keys
        (`newer` None: up to the newest). An index range of the account's rows."""
        stmt = self._select(
            Transaction, func.coalesce(func.sum(Transaction.amount_minor), 0)
        ).where(Transaction.account_id == account_id, newer_than(older))
        if newer is not None:
            stmt = stmt.where(dated_before(Transaction, newer))
        return int(self.session.scalar(stmt) or 0)

    # -- reconcile ----------------------------------------------------------------------
    def status_total(self, account_id: uuid.UUID, status: str) -> int:
        """The sum of the account's transactions with this status."""
        stmt = self._select(
            Transaction, func.coalesce(func.sum(Transaction.amount_minor), 0)
        ).where(Transaction.account_id == account_id, Transaction.status == status)
        return int(self.session.scalar(stmt) or 0)

    def with_status(
        self, account_id: uuid.UUID, status: str, until: date
    ) -> list[tuple[uuid.UUID, int]]:
        """(id, amount) of the account's transactions with this status dated on or
        before `until`."""
        stmt = self._select(Transaction, Transaction.id, Transaction.amount_minor).where(
            Transaction.account_id == account_id,
            Transaction.status == status,
            Transaction.date <= until,
        )
        return [(row[0], int(row[1])) for row in self.session.execute(stmt)]

    # -- transfers and splits ----------------------------------------------------------
    def legs(self, transfer_id: uuid.UUID) -> list[Transaction]:
        stmt = self._select(Transaction).where(Transaction.transfer_id == transfer_id)
        return list(self.session.scalars(stmt.order_by(Transaction.amount_minor)))

    def legs_of(self, transfer_ids: Sequence[uuid.UUID]) -> list[Transaction]:
        if not transfer_ids:
            return []
        stmt = self._select(Transaction).where(Transaction.transfer_id.in_(list(transfer_ids)))
        return list(self.session.scalars(stmt))

    def splits(self, transaction_id: uuid.UUID) -> list[TransactionSplit]:
        stmt = self._select(TransactionSplit).where(
            TransactionSplit.transaction_id == transaction_id
        )
        return list(self.session.scalars(stmt.order_by(TransactionSplit.position)))

    def splits_of(
        self, transaction_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, list[TransactionSplit]]:
        found: dict[uuid.UUID, list[TransactionSplit]] = {}
        if not transaction_ids:
            return found
        stmt = self._select(TransactionSplit).where(
            TransactionSplit.transaction_id.in_(list(transaction_ids))
        )
        for part in self.session.scalars(stmt.order_by(TransactionSplit.position)):
            found.setdefault(part.transaction_id, []).append(part)
        return found

    def touch(self, row: Transaction, now: datetime) -> None:
        """Write the transaction's row (its updated_at), always: on SQLite that is when
        the database checks its parts add up (migration 0008), and an ORM assignment
        of an equal value would write nothing."""
        self.session.flush()
        self.session.execute(
            update(Transaction)
            .where(Transaction.id == row.id, Transaction.user_id == self.scope.user_id)
            .values(updated_at=now)
            .execution_options(synchronize_session="fetch")
        )

    def add_split(self, part: TransactionSplit) -> TransactionSplit:
        return self._add(part)

    def delete_split(self, part: TransactionSplit) -> None:
        self._delete(part)

    # -- completion, categories, reports -----------------------------------------------
    def payees(self, prefix: str, limit: int) -> list[tuple[str, int]]:
        """Past payees starting with `prefix` (any case), most used first."""
        uses = func.count()
        stmt = self._select(Transaction, Transaction.payee, uses).where(Transaction.payee != "")
        if prefix:
            stmt = stmt.where(
                func.lower(Transaction.payee).like(f"{escape_like(prefix.lower())}%", escape="\\")
            )
        stmt = stmt.group_by(Transaction.payee).order_by(uses.desc(), Transaction.payee)
        return [(payee, int(n)) for payee, n in self.session.execute(stmt.limit(limit))]

    def recategorise(self, source: uuid.UUID, target: uuid.UUID) -> tuple[int, int]:
        """Every transaction and split part in `source` moves to `target`: (counts)."""
        counts = []
        for model in (Transaction, TransactionSplit):
            result = self.session.execute(
                update(model)
                .where(model.user_id == self.scope.user_id, model.category_id == source)
                .values(category_id=target)
                .execution_options(synchronize_session="fetch")
            )
            counts.append(int(getattr(result, "rowcount", 0) or 0))
        return counts[0], counts[1]

    def category_totals(
        self, date_from: date | None = None, date_to: date | None = None
    ) -> list[tuple[uuid.UUID | None, str, int]]:
        """(category id, currency, sum) over income and expenses (transfers are not
        either): a split counts by its parts."""
        t = Transaction
        plain = self._select(t, t.category_id, t.currency, t.amount_minor.label("amount")).where(
            t.transfer_id.is_(None),
            ~exists().where(TransactionSplit.transaction_id == t.id),
        )
        parts = (
            select(
                TransactionSplit.category_id,
                t.currency,
                TransactionSplit.amount_minor.label("amount"),
            )
            .join(
                t,
                and_(
                    t.id == TransactionSplit.transaction_id, t.user_id == TransactionSplit.user_id
                ),
            )
            .where(TransactionSplit.user_id == self.scope.user_id)
        )
        for bound, op in ((date_from, "ge"), (date_to, "le")):
            if bound is not None:
                cond = t.date >= bound if op == "ge" else t.date <= bound
                plain, parts = plain.where(cond), parts.where(cond)
        both = union_all(plain, parts).subquery()
        stmt = select(both.c.category_id, both.c.currency, func.sum(both.c.amount)).group_by(
            both.c.category_id, both.c.currency
        )
        found: list[tuple[uuid.UUID | None, str, int]] = []
        for row in self.session.execute(stmt):
            found.append((row[0], str(row[1]), int(row[2])))
        return found

    def everything(self) -> Iterator[Transaction]:
        """Every transaction of the user, oldest first, streamed (the export)."""
        stmt = self._select(Transaction).order_by(
            Transaction.date, Transaction.created_at, Transaction.id
        )
        yield from self.session.scalars(stmt.execution_options(yield_per=2000))


class CategoryRepository(ScopedRepository):
    """Finance categories as one user sees them: shipped (user_id NULL, read-only) and
    the user's own, of kinds income_category and expense_category."""

    def _visible(self, *columns: Any) -> AnySelect:
        stmt = select(*columns) if columns else select(CatalogItem)
        return stmt.where(
            CatalogItem.kind.in_(tuple(CATEGORY_KINDS.values())),
            or_(CatalogItem.user_id.is_(None), CatalogItem.user_id == self.scope.user_id),
        )

    def get(self, item_id: uuid.UUID) -> CatalogItem | None:
        return self.session.scalars(self._visible().where(CatalogItem.id == item_id)).one_or_none()

    def listed(self, kind: str | None = None) -> list[CatalogItem]:
        stmt = self._visible()
        if kind is not None:
            stmt = stmt.where(CatalogItem.kind == CATEGORY_KINDS[kind])
        return list(
            self.session.scalars(stmt.order_by(func.lower(CatalogItem.name), CatalogItem.id))
        )

    def by_path(self, kind: str, path: str) -> list[CatalogItem]:
        """Visible categories of `kind` with this path, ignoring (ASCII) case."""
        same = or_(func.lower(CatalogItem.name) == path.lower(), CatalogItem.name == path)
        stmt = self._visible().where(CatalogItem.kind == CATEGORY_KINDS[kind], same)
        return list(self.session.scalars(stmt.limit(10)))

    def beneath(self, item: CatalogItem) -> list[CatalogItem]:
        """Visible categories below `item` in its hierarchy (`Food:` …)."""
        prefix = f"{escape_like(item.name)}:%"
        stmt = self._visible().where(
            CatalogItem.kind == item.kind, CatalogItem.name.like(prefix, escape="\\")
        )
        return list(self.session.scalars(stmt))

    def add(self, item: CatalogItem) -> CatalogItem:
        return self._add(item)

    def delete(self, item: CatalogItem) -> None:
        self._delete(item)  # refuses shipped rows (user_id NULL) and other users' rows

    def usage(self, item_id: uuid.UUID) -> int:
        """How many of this user's transactions and split parts use the category."""
        total = 0
        for model in (Transaction, TransactionSplit):
            stmt = self._select(model, func.count()).where(model.category_id == item_id)
            total += int(self.session.scalar(stmt) or 0)
        return total

    def names(self, ids: Sequence[uuid.UUID | None]) -> dict[uuid.UUID, CatalogItem]:
        wanted = [i for i in set(ids) if i is not None]
        if not wanted:
            return {}
        stmt = self._visible().where(CatalogItem.id.in_(wanted))
        rows: list[CatalogItem] = list(self.session.scalars(stmt))
        return {row.id: row for row in rows}


class BudgetRepository(ScopedRepository):
    """Budgets (one amount per category per month) and the month sums they are read
    against: the user's income and expenses per category, month and currency."""

    def get(self, budget_id: uuid.UUID) -> Budget | None:
        row: Budget | None = self._get(Budget, budget_id)
        return row

    def find(self, category_id: uuid.UUID, month: date) -> Budget | None:
        stmt = self._select(Budget).where(Budget.category_id == category_id, Budget.month == month)
        return self.session.scalars(stmt).one_or_none()

    def of_month(self, month: date) -> list[Budget]:
        stmt = self._select(Budget).where(Budget.month == month)
        return list(self.session.scalars(stmt.order_by(Budget.category_id)))

    def up_to(self, month: date, currency: str) -> list[Budget]:
        """The budgets in `currency` of `month` and every month before it."""
        stmt = self._select(Budget).where(Budget.month <= month, Budget.currency == currency)
        return list(self.session.scalars(stmt.order_by(Budget.month)))

    def add(self, row: Budget) -> Budget:
        added: Budget = self._add(row)
        return added

    def delete(self, row: Budget) -> None:
        self._delete(row)

    def currencies(self) -> set[str]:
        """Every currency the user has an account or a budget in."""
        found = set(self.session.scalars(self._select(FinancialAccount, FinancialAccount.currency)))
        found |= set(self.session.scalars(self._select(Budget, Budget.currency)))
        return {str(c) for c in found}

    def day_totals(self, currency: str, before: date) -> list[tuple[uuid.UUID | None, date, int]]:
        """(category id, day, sum) of income and expenses in `currency` dated before
        `before`: transfers are neither, a split counts by its parts. Per day, not per
        month: grouping on the date column as stored is several times faster than on
        a month computed per row (SQLite's strftime), and the caller adds the days up."""
        t = Transaction
        plain = self._select(t, t.category_id, t.date, t.amount_minor.label("amount")).where(
            t.transfer_id.is_(None),
            t.currency == currency,
            t.date < before,
            ~exists().where(TransactionSplit.transaction_id == t.id),
        )
        parts = (
            select(
                TransactionSplit.category_id, t.date, TransactionSplit.amount_minor.label("amount")
            )
            .join(
                t,
                and_(
                    t.id == TransactionSplit.transaction_id, t.user_id == TransactionSplit.user_id
                ),
            )
            .where(
                TransactionSplit.user_id == self.scope.user_id,
                t.transfer_id.is_(None),
                t.currency == currency,
                t.date < before,
            )
        )
        both = union_all(plain, parts).subquery()
        stmt = select(both.c.category_id, both.c.date, func.sum(both.c.amount)).group_by(
            both.c.category_id, both.c.date
        )
        return [(row[0], row[1], int(row[2])) for row in self.session.execute(stmt)]


class CardRepository(ScopedRepository):
    """What a credit card's statements are read from: its account's transactions
    summed over a span of days (finance/services/cards.py)."""

    def cards(self) -> list[CreditCard]:
        return list(self.session.scalars(self._select(CreditCard)))

    def total_between(self, account_id: uuid.UUID, after: date, through: date) -> int:
        """The sum of the account's transactions dated after `after`, up to and
        including `through`."""
        stmt = self._select(Transaction, func.coalesce(func.sum(Transaction.amount_minor), 0))
        stmt = stmt.where(
            Transaction.account_id == account_id,
            Transaction.date > after,
            Transaction.date <= through,
        )
        return int(self.session.scalar(stmt) or 0)

    def total_through(self, account_id: uuid.UUID, through: date) -> int:
        """The sum of the account's transactions dated up to and including `through`."""
        stmt = self._select(Transaction, func.coalesce(func.sum(Transaction.amount_minor), 0))
        stmt = stmt.where(Transaction.account_id == account_id, Transaction.date <= through)
        return int(self.session.scalar(stmt) or 0)


class RateRepository(ScopedRepository):
    """The person's exchange rates (finance/services/rates.py)."""

    def get(self, rate_id: uuid.UUID) -> ExchangeRate | None:
        found: ExchangeRate | None = self._get(ExchangeRate, rate_id)
        return found

    def listed(self) -> list[ExchangeRate]:
        """Newest first, then by pair."""
        r = ExchangeRate
        stmt = self._select(r).order_by(r.date.desc(), r.from_currency, r.to_currency, r.id)
        return list(self.session.scalars(stmt))

    def find(self, from_currency: str, to_currency: str, day: date) -> ExchangeRate | None:
        r = ExchangeRate
        stmt = self._select(r).where(
            r.from_currency == from_currency, r.to_currency == to_currency, r.date == day
        )
        return self.session.scalars(stmt).one_or_none()

    def latest(self, from_currency: str, to_currency: str, on: date) -> ExchangeRate | None:
        """The pair's newest rate dated on or before `on`."""
        r = ExchangeRate
        stmt = self._select(r).where(
            r.from_currency == from_currency, r.to_currency == to_currency, r.date <= on
        )
        return self.session.scalars(stmt.order_by(r.date.desc()).limit(1)).one_or_none()

    def add(self, row: ExchangeRate) -> ExchangeRate:
        added: ExchangeRate = self._add(row)
        return added

    def delete(self, row: ExchangeRate) -> None:
        self._delete(row)
