"""Budgets, envelope style (as Actual Budget does them): each expense category gets
an amount per month, and the month view says, per category, what was budgeted, what
was spent and what is available.

The figures, for one month M in one currency (amounts in other currencies never mix
in: a person budgets each currency on its own, their profile's by default):
- spent(c, M): the sum of M's transactions in category c, and of the parts of split
  transactions in c (each part counts in its own category), signed as in the
  accounts (spending is negative, a refund positive). Transfers are neither income
  nor spending. Uncategorised transactions are in no envelope.
- available(c, M) = budgeted(c, M) + spent(c, M) + carried(c, M), where
  carried(c, M) = max(0, available(c, M−1)): money left in an envelope rolls over
  into the next month.
- Overspending, as Actual does it by default: an envelope that ends a month below
  zero starts the next at zero, and the overspent amount is taken from the next
  month's "available to budget" instead (so it is covered by money not yet given to
  an envelope, and reduces the next month either way).
- available to budget(M) = income(M) + carried to budget(M) − budgeted(M), where
  income(M) is the sum of M's transactions (and split parts) in income categories,
  and carried to budget(M) = available to budget(M−1) + the overspending of M−1
  (a negative sum of the envelopes below zero at the end of M−1).
The history is read from the first month with a budget or a transaction in that
currency.

One budget per category and month (the table's unique key): it is in one currency,
so a category budgeted in EUR for a month cannot also be budgeted in USD that month
(the service says so; clear the other first).

Every change is audited in human terms: "Groceries, March 2026: budget 300.00 EUR →
350.00 EUR"."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from datetime import date
from functools import cached_property
from typing import Any

from sqlalchemy import select

from dashboard_tui.db import audit_chain
from dashboard_tui.finance import BUDGET
from dashboard_tui.finance.dto import BudgetInfo, BudgetLine, BudgetMonth
from dashboard_tui.finance.money import clean_currency, parse_amount
from dashboard_tui.finance.repository import CATEGORY_KINDS, BudgetRepository
from dashboard_tui.finance.services.base import FinanceWork, shown_amount
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.service import Actor, Service
from dashboard_tui.models.finance import Budget
from dashboard_tui.models.shared import CatalogItem, Profile

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_RE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
FIRST_YEAR, LAST_YEAR = 1900, 2200


def month_label(month: date) -> str:
    """ "March 2026"."""
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def first_of(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def parse_month(value: str | date, field: str = "month") -> date:
    """A date (any day of the month), or `2026-03` / `2026-03-15` → 2026-03-01."""
    if isinstance(value, date):
        day = value
    else:
        found = _MONTH_RE.fullmatch(str(value).strip())
        try:
            if found is None:
                raise ValueError(value)
            year, month, dom = found.groups()
            day = date(int(year), int(month), int(dom or 1))
        except ValueError:
            raise ValidationError.one(field, "Use a month like 2026-03.") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError.one(field, f"Choose a month from {FIRST_YEAR} to {LAST_YEAR}.")
    return first_of(day)


class BudgetWork(FinanceWork):
    """A finance unit of work with the budgets, and the profile's currency."""

    @property
    def budgets(self) -> BudgetRepository:
        return self.repo(BudgetRepository)

    @cached_property
    def profile_currency(self) -> str:
        found = self.session.scalars(
            select(Profile.currency).where(Profile.user_id == self.scope.user_id)
        ).one_or_none()
        return str(found or "EUR")

    def currency(self, value: str | None) -> str:
        return clean_currency(value) if value else self.profile_currency

    def expense_category(self, category_id: uuid.UUID) -> CatalogItem:
        row = self.category(category_id)
        assert row is not None
        if row.kind != CATEGORY_KINDS["expense"]:
            raise ValidationError.one(
                "category",
                "Budget expense categories: income fills “available to budget”.",
            )
        return row


def budget_image(uow: BudgetWork, row: Budget, was: int | None = None) -> dict[str, Any]:
    item = uow.categories.get(row.category_id)
    image = {
        **audit_chain.snapshot(row),
        "category": item.name if item is not None else "",
        "month_label": month_label(row.month),
        "amount": shown_amount(row.amount_minor, row.currency),
    }
    if was is not None:
        image["was"] = shown_amount(was, row.currency)
    return image


def budget_info(row: Budget, path: str) -> BudgetInfo:
    return BudgetInfo(row.id, row.category_id, path, row.month, row.amount_minor, row.currency)


def _set(uow: BudgetWork, item: CatalogItem, month: date, minor: int, currency: str) -> Budget:
    """Create or change one budget, audited (nothing when it is the same already)."""
    row = uow.budgets.find(item.id, month)
    if row is not None and row.currency != currency:
        raise ValidationError.one(
            "amount",
            f"{item.name} has a {shown_amount(row.amount_minor, row.currency)} budget for "
            f"{month_label(month)}: clear it to budget it in {currency}.",
        )
    if row is None:
        row = uow.budgets.add(
            Budget(category_id=item.id, month=month, amount_minor=minor, currency=currency)
        )
        uow.audit(BUDGET, "set", row.id, after=budget_image(uow, row))
    elif row.amount_minor != minor:
        before = budget_image(uow, row)
        was = row.amount_minor
        row.amount_minor = minor
        uow.session.flush()
        uow.audit(BUDGET, "changed", row.id, before=before, after=budget_image(uow, row, was))
    return row


class BudgetService(Service[BudgetWork]):
    uow_class = BudgetWork

    # -- changes --------------------------------------------------------------------
    def set_budget(
        self,
        login: Actor,
        *,
        category_id: uuid.UUID,
        month: str | date,
        amount: str | int,
        currency: str | None = None,
    ) -> BudgetInfo | None:
        """Budget `amount` (typed: `300`, `12,50`) for an expense category in a month,
        in `currency` (the profile's by default). Zero or empty clears it (None)."""

        def work(uow: BudgetWork) -> BudgetInfo | None:
            month_ = parse_month(month)
            item = uow.expense_category(category_id)
            currency_ = uow.currency(currency)
            text = amount.strip() if isinstance(amount, str) else amount
            minor = 0 if text == "" else parse_amount(text, currency_)
            if minor < 0:
                raise ValidationError.one("amount", "A budget is zero or more.")
            if minor == 0:
                _clear(uow, item.id, month_)
                return None
            return budget_info(_set(uow, item, month_, minor, currency_), item.name)

        return self._write(login, work)

    def clear_budget(self, login: Actor, *, category_id: uuid.UUID, month: str | date) -> bool:
        """No budget for the category that month (False: there was none)."""

        def work(uow: BudgetWork) -> bool:
            month_ = parse_month(month)
            item = uow.category(category_id)
            assert item is not None
            return _clear(uow, item.id, month_)

        return self._write(login, work)

    def copy_last_month(
        self, login: Actor, *, month: str | date, currency: str | None = None
    ) -> tuple[BudgetInfo, ...]:
        """Last month's budgets in `currency` for the categories that have none this
        month (a budget already set this month stays as it is): what was copied."""

        def work(uow: BudgetWork) -> tuple[BudgetInfo, ...]:
            month_ = parse_month(month)
            currency_ = uow.currency(currency)
            have = {b.category_id for b in uow.budgets.of_month(month_)}
            copied = []
            last = [
                b
                for b in uow.budgets.of_month(add_months(month_, -1))
                if b.currency == currency_ and b.category_id not in have
            ]
            names = uow.categories.names([b.category_id for b in last])
            for old in sorted(last, key=lambda b: names[b.category_id].name.lower()):
                item = names[old.category_id]
                row = _set(uow, item, month_, old.amount_minor, currency_)
                copied.append(budget_info(row, item.name))
            return tuple(copied)

        return self._write(login, work)

    # -- the month view -----------------------------------------------------------------
    def month_view(
        self, login: Actor, month: str | date | None = None, *, currency: str | None = None
    ) -> BudgetMonth:
        """The month's envelopes in `currency` (the profile's by default); `month`
        None is this month (in the profile's timezone). The module's docstring says how
        each figure is made."""

        def work(uow: BudgetWork) -> BudgetMonth:
            month_ = parse_month(uow.today if month is None else month)
            currency_ = uow.currency(currency)
            return _month_view(uow, month_, currency_)

        return self._read(login, work)


def _clear(uow: BudgetWork, category_id: uuid.UUID, month: date) -> bool:
    row = uow.budgets.find(category_id, month)
    if row is None:
        return False
    before = budget_image(uow, row)
    uow.budgets.delete(row)
    uow.audit(BUDGET, "cleared", row.id, before=before)
    return True


def _month_view(uow: BudgetWork, month: date, currency: str) -> BudgetMonth:
    categories = uow.categories.listed()
    expense = {c.id: c for c in categories if c.kind == CATEGORY_KINDS["expense"]}
    income_ids = {c.id for c in categories if c.kind == CATEGORY_KINDS["income"]}
    # (month, category) -> sum, and month -> income
    spent: dict[tuple[date, uuid.UUID], int] = defaultdict(int)
    income: dict[date, int] = defaultdict(int)
    for category_id, key, total in uow.budgets.month_totals(currency, add_months(month, 1)):
        if category_id in expense:
            spent[(key, category_id)] += total
        elif category_id in income_ids:
            income[key] += total
    budgeted: dict[tuple[date, uuid.UUID], int] = defaultdict(int)
    for row in uow.budgets.up_to(month, currency):
        if row.category_id in expense:
            budgeted[(row.month, row.category_id)] += row.amount_minor
    months = [m for m, _ in spent] + [m for m, _ in budgeted] + list(income)
    start = min([*months, month])

    available: dict[uuid.UUID, int] = defaultdict(int)  # at the end of the month before
    to_budget = 0
    current = start
    while True:
        carried = {c: max(0, v) for c, v in available.items()}
        overspent = sum(min(0, v) for v in available.values())
        carried_to_budget = to_budget + overspent
        month_budgeted = sum(budgeted[(current, c)] for c in expense)
        to_budget = income[current] + carried_to_budget - month_budgeted
        available = defaultdict(int)
        for c in expense:
            value = budgeted[(current, c)] + spent[(current, c)] + carried.get(c, 0)
            if value:
                available[c] = value
        if current >= month:
            break
        current = add_months(current, 1)

    lines = tuple(
        sorted(
            (
                BudgetLine(
                    category_id=c,
                    category=item.name,
                    budgeted_minor=budgeted[(month, c)],
                    spent_minor=spent[(month, c)],
                    carried_minor=carried.get(c, 0),
                    available_minor=available.get(c, 0),
                )
                for c, item in expense.items()
            ),
            key=lambda x: x.category.lower().split(":"),
        )
    )
    currencies = uow.budgets.currencies() | {uow.profile_currency, currency}
    return BudgetMonth(
        month=month,
        currency=currency,
        currencies=tuple(sorted(currencies)),
        lines=lines,
        income_minor=income[month],
        carried_minor=carried_to_budget,
        overspent_minor=overspent,
        budgeted_minor=sum(x.budgeted_minor for x in lines),
        spent_minor=sum(x.spent_minor for x in lines),
        available_minor=sum(x.available_minor for x in lines),
        to_budget_minor=to_budget,
    )
