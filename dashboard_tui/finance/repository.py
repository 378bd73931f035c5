"""The finance queries, always for one user (kit/repository.py): accounts, their
transactions and split parts, and the categories (shipped + the user's own)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    exists,
    func,
    literal_column,
    or_,
    select,
    union_all,
    update,
)

from dashboard_tui.kit.query import BY_NAME, NEWEST_FIRST, DatedKey, dated_before, escape_like
from dashboard_tui.kit.repository import (
    EntityRepository,
    ScopedRepository,
    SharedCatalogRepository,
)
from dashboard_tui.models.finance import (
    Budget,
    CreditCard,
    ExchangeRate,
    FinanceMonthTotal,
    FinancialAccount,
    Transaction,
    TransactionSplit,
)
from dashboard_tui.models.shared import CatalogItem

CATEGORY_KINDS = {"income": "income_category", "expense": "expense_category"}
SIDES = ("income", "expense")
ANY_CATEGORY = "any"  # ReportRepository.behind: every category (None is uncategorised)


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


def income_expense_sums(
    repo: ScopedRepository,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    before: date | None = None,
    currency: str | None = None,
) -> Any:
    """The user's income and expense per day, as a subquery of (date, currency,
    category_id, positive, amount, n) for callers to sum further: a split counts by its
    parts, transfers are neither. `positive` is the posting's sign, which tells an
    uncategorised one's side (ReportRepository's class doc); a group is a real one
    where the sum of `n` is above zero (`real_groups`).

    Written as every transaction's whole, less the wholes of the split ones, plus their
    parts: the same sums as "the wholes of transactions without parts, and the parts",
    without asking of each of a year's rows whether it has parts (that check was most
    of a year's report at 1M rows). The wholes come from one index range of
    ix_transactions_report and the split ones are few; each part is summed per day
    before the union, so what the callers group is a few rows a day, not every row. A
    whole taken back keeps its own sign in `positive`, so it cancels in its group."""
    t, s = Transaction, TransactionSplit

    def bounds(date: Any, cur: Any) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = [t.transfer_id.is_(None)]
        if currency is not None:
            found.append(cur == currency)
        if date_from is not None:
            found.append(date >= date_from)
        if date_to is not None:
            found.append(date <= date_to)
        if before is not None:
            found.append(date < before)
        return found

    uid = repo.scope.user_id
    # The split ones are found from their parts (few), each whole by its key: their
    # date and currency are compared through an expression no index serves, or
    # SQLite (which plans without statistics) reads the period's every row again
    # for each of them, twice, to ask whether it has parts.
    late = bounds(func.coalesce(t.date, t.date), func.coalesce(t.currency, t.currency))

    def per_day(amount: Any, category: Any, sign: int) -> Any:
        positive = (amount > 0).label("positive")
        keys = (t.date, t.currency, category, positive)
        return select(*keys, func.sum(amount * sign), func.count() * sign).group_by(*keys)

    wholes = per_day(t.amount_minor, t.category_id, 1).where(
        t.user_id == uid, *bounds(t.date, t.currency)
    )
    split_ids = select(s.transaction_id).where(s.user_id == uid).distinct().subquery()
    taken_back = (
        per_day(t.amount_minor, t.category_id, -1)
        .select_from(split_ids)
        .join(t, and_(t.id == split_ids.c.transaction_id, t.user_id == uid))
        .where(*late)
    )
    parts = (
        per_day(s.amount_minor, s.category_id, 1)
        .select_from(s)
        .join(t, and_(t.id == s.transaction_id, t.user_id == s.user_id))
        .where(s.user_id == uid, *late)
    )
    both = union_all(wholes, taken_back, parts).subquery()
    # Named for the callers (a compound select takes its first part's names).
    return select(
        both.c[0].label("date"),
        both.c[1].label("currency"),
        both.c[2].label("category_id"),
        both.c[3].label("positive"),
        both.c[4].label("amount"),
        both.c[5].label("n"),
    ).subquery()


def real_groups(sums: Any) -> ColumnElement[bool]:
    """The HAVING of a GROUP BY over income_expense_sums: a group some posting is in,
    not one a split's whole made and its taking back emptied."""
    return func.sum(sums.c.n) > 0


def month_sums(
    repo: ScopedRepository,
    currency: str,
    *keys: Any,
    month_from: date | None = None,
    month_to: date | None = None,
) -> Any:
    """The user's income and expenses in `currency` summed per `keys` (columns of
    finance_month_totals) over the months from `month_from` to `month_to` (first days,
    inclusive; None: open): the same sums as a GROUP BY over income_expense_sums, read
    from the totals the database keeps per month (migration 0018), a few rows a
    month instead of every transaction. One range of its key index: (user, currency,
    month)."""
    m = FinanceMonthTotal
    stmt = select(*keys, func.sum(m.total_minor)).where(
        m.user_id == repo.scope.user_id, m.currency == currency
    )
    if month_from is not None:
        stmt = stmt.where(m.month >= month_from)
    if month_to is not None:
        stmt = stmt.where(m.month <= month_to)
    return stmt.group_by(*keys)


def whole_months(date_from: date | None, date_to: date | None) -> bool:
    """Whether a span of days is whole months (open ends count), as the totals hold."""
    starts = date_from is None or date_from.day == 1
    ends = date_to is None or (date_to + timedelta(days=1)).day == 1
    return starts and ends


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
        self,
        date_from: date | None = None,
        date_to: date | None = None,
        currency: str | None = None,
    ) -> list[tuple[uuid.UUID | None, str, int]]:
        """(category id, currency, sum) over income and expenses (transfers are not
        either): a split counts by its parts. With `currency`, that currency's only:
        ix_transactions_report leads with (user_id, currency, date), so a period is
        then one range of it; without, the whole of the user's part of the index is
        read to find the period's days in each currency (a year's report at 1M rows
        read all five years)."""
        both = income_expense_sums(self, date_from=date_from, date_to=date_to, currency=currency)
        stmt = (
            select(both.c.category_id, both.c.currency, func.sum(both.c.amount))
            .group_by(both.c.category_id, both.c.currency)
            .having(real_groups(both))
        )
        return [(row[0], str(row[1]), int(row[2])) for row in self.session.execute(stmt)]

    def month_category_totals(
        self, date_from: date | None, date_to: date | None, currency: str
    ) -> list[tuple[uuid.UUID | None, str, int]]:
        """category_totals over whole months (`whole_months`), from the month totals."""
        m = FinanceMonthTotal
        stmt = month_sums(self, currency, m.category_id, month_from=date_from, month_to=date_to)
        return [(row[0], currency, int(row[1])) for row in self.session.execute(stmt)]

    def everything(self) -> Iterator[Transaction]:
        """Every transaction of the user, oldest first, streamed (the export)."""
        stmt = self._select(Transaction).order_by(
            Transaction.date, Transaction.created_at, Transaction.id
        )
        yield from self.session.scalars(stmt.execution_options(yield_per=2000))


class CategoryRepository(SharedCatalogRepository):
    """Finance categories as one user sees them: shipped (read-only) and the user's
    own, of kinds income_category and expense_category."""

    kinds = tuple(CATEGORY_KINDS.values())

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

    def month_totals(self, currency: str, before: date) -> list[tuple[uuid.UUID | None, date, int]]:
        """(category id, month, sum) of income and expenses in `currency` in the months
        before `before` (a month's first day), from the month totals: transfers are
        neither, a split counts by its parts."""
        m = FinanceMonthTotal
        stmt = month_sums(self, currency, m.category_id, m.month).where(m.month < before)
        return [(row[0], row[1], int(row[2])) for row in self.session.execute(stmt)]


class ReportRepository(ScopedRepository):
    """The sums behind the finance reports, always aggregated in the database (GROUP
    BY over an index range of the user's dated rows), never a loop over every row;
    and the rows behind one figure (a drill-down). A split counts by its parts, each
    in its own category; transfers are neither income nor spending.

    Income or expense is the category's kind; an uncategorised amount is income when
    it is positive and an expense when negative (as the hledger export books it)."""

    def _postings(self, date_from: date | None, date_to: date | None, currency: str | None) -> Any:
        """The rows behind a figure, as one subquery: a whole transaction when it has
        no parts, else each part: (date, category_id, amount, transaction_id,
        account_id, payee, position; position -1 is a whole one). Sums use
        income_expense_sums, which needs no per-row check for parts."""
        t, s = Transaction, TransactionSplit
        bounds: list[ColumnElement[bool]] = [t.transfer_id.is_(None)]
        if date_from is not None:
            bounds.append(t.date >= date_from)
        if date_to is not None:
            bounds.append(t.date <= date_to)
        if currency is not None:
            bounds.append(t.currency == currency)
        plain = self._select(
            t,
            t.date.label("date"),
            t.category_id.label("category_id"),
            t.amount_minor.label("amount"),
            t.id.label("transaction_id"),
            t.account_id.label("account_id"),
            t.payee.label("payee"),
            literal_column("-1").label("position"),
        ).where(*bounds, ~exists().where(s.transaction_id == t.id))
        parts = (
            self._select(
                t, t.date, s.category_id, s.amount_minor, t.id, t.account_id, t.payee, s.position
            )
            .join(s, and_(s.transaction_id == t.id, s.user_id == t.user_id))
            .where(*bounds)
        )
        return union_all(plain, parts).subquery()

    @staticmethod
    def _side(both: Any) -> Any:
        """'income' or 'expense' of a posting (see the class doc)."""
        return case(
            (CatalogItem.kind == CATEGORY_KINDS["income"], literal_column("'income'")),
            (CatalogItem.kind == CATEGORY_KINDS["expense"], literal_column("'expense'")),
            (both.c.amount > 0, literal_column("'income'")),
            else_=literal_column("'expense'"),
        )

    def flow_days(
        self, date_from: date, date_to: date, currency: str
    ) -> list[tuple[uuid.UUID | None, bool, date, int]]:
        """(category id, positive, day, sum) of income and expenses in `currency`
        between two days (inclusive); `positive` tells an uncategorised amount's side
        (the caller knows the categories' kinds). Per day: grouping on the stored date
        is faster than on a month computed per row; the caller adds the days up."""
        both = income_expense_sums(self, date_from=date_from, date_to=date_to, currency=currency)
        positive = both.c.positive
        stmt = (
            select(both.c.category_id, positive, both.c.date, func.sum(both.c.amount))
            .group_by(both.c.category_id, positive, both.c.date)
            .having(real_groups(both))
        )
        return [(row[0], bool(row[1]), row[2], int(row[3])) for row in self.session.execute(stmt)]

    def flow_months(
        self, month_from: date, month_to: date, currency: str
    ) -> list[tuple[uuid.UUID | None, bool, date, int]]:
        """As flow_days, per month (first days, inclusive), from the month totals."""
        m = FinanceMonthTotal
        stmt = month_sums(
            self,
            currency,
            m.category_id,
            m.positive,
            m.month,
            month_from=month_from,
            month_to=month_to,
        )
        return [(row[0], bool(row[1]), row[2], int(row[3])) for row in self.session.execute(stmt)]

    def balance_total(self, currency: str) -> int:
        """The sum of the balances of the user's accounts in `currency`, archived
        ones too (their history is the past's net worth)."""
        a = FinancialAccount
        stmt = self._select(a, func.coalesce(func.sum(a.balance_minor), 0)).where(
            a.currency == currency
        )
        return int(self.session.scalar(stmt) or 0)

    def days_after(self, day: date, currency: str) -> list[tuple[date, int]]:
        """(day, sum) of every transaction in `currency` (transfers too) dated after
        `day`: what to take from today's balances to get a past day's."""
        t = Transaction
        stmt = (
            self._select(t, t.date, func.sum(t.amount_minor))
            .where(t.date > day, t.currency == currency)
            .group_by(t.date)
        )
        return [(row[0], int(row[1])) for row in self.session.execute(stmt)]

    def _behind(
        self,
        date_from: date | None,
        date_to: date | None,
        currency: str,
        category: uuid.UUID | None | str,
        side: str | None,
    ) -> tuple[Any, list[ColumnElement[bool]]]:
        both = self._postings(date_from, date_to, currency)
        conds: list[ColumnElement[bool]] = []
        if category is None:
            conds.append(both.c.category_id.is_(None))
        elif isinstance(category, uuid.UUID):
            conds.append(both.c.category_id == category)
        if side is not None:
            if side not in SIDES:
                raise ValueError(side)
            conds.append(self._side(both) == side)
        return both, conds

    def behind(
        self,
        date_from: date | None,
        date_to: date | None,
        currency: str,
        *,
        category: uuid.UUID | None | str = ANY_CATEGORY,
        side: str | None = None,
        limit: int,
    ) -> list[tuple[uuid.UUID, date, uuid.UUID, str, uuid.UUID | None, int, int]]:
        """The postings behind a figure, newest first: (transaction id, date, account
        id, payee, category id, amount, position). `category` None: uncategorised;
        `side` 'income' / 'expense': only those."""
        both, conds = self._behind(date_from, date_to, currency, category, side)
        stmt = (
            select(
                both.c.transaction_id,
                both.c.date,
                both.c.account_id,
                both.c.payee,
                both.c.category_id,
                both.c.amount,
                both.c.position,
            )
            .select_from(both)
            .outerjoin(CatalogItem, CatalogItem.id == both.c.category_id)
            .where(*conds)
            .order_by(both.c.date.desc(), both.c.transaction_id, both.c.position)
            .limit(limit)
        )
        return [
            (r[0], r[1], r[2], str(r[3]), r[4], int(r[5]), int(r[6]))
            for r in self.session.execute(stmt)
        ]

    def behind_total(
        self,
        date_from: date | None,
        date_to: date | None,
        currency: str,
        *,
        category: uuid.UUID | None | str = ANY_CATEGORY,
        side: str | None = None,
    ) -> tuple[int, int]:
        """(how many postings, their sum) behind a figure (as `behind`)."""
        both, conds = self._behind(date_from, date_to, currency, category, side)
        stmt = (
            select(func.count(), func.coalesce(func.sum(both.c.amount), 0))
            .select_from(both)
            .outerjoin(CatalogItem, CatalogItem.id == both.c.category_id)
            .where(*conds)
        )
        row = self.session.execute(stmt).one()
        return int(row[0]), int(row[1])


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
