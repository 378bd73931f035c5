"""The finance reports, each in one currency at a time (amounts in different
currencies never add up), every figure with the transactions behind it:

- **month by category**: a month, a year or all time, each category's total signed
  as in the accounts (spending negative, a refund positive). A split counts by its
  parts, each in its own category; transfers are neither income nor spending.
- **income vs expense** per month (the last 12 by default): income is the sum in
  income categories, expense in expense categories; an uncategorised amount is
  income when positive and an expense when negative, as the hledger export books it
  (`income:Uncategorised` / `expenses:Uncategorised`), so `hledger bal -M income
  expenses` on the exported journal gives the same figures.
- **net worth over time**: at each month's last day, the sum of the balances of the
  person's accounts in the currency (archived accounts too: they held money then),
  opening balances included. Made from the stored balances (opening balance + every
  transaction, kept by the services) less what is dated after that day.

The sums by category and income vs expense read the totals per account, category
and month that the database keeps beside the transactions (`finance_month_totals`,
migration 0018: kept by triggers, exact under every write): a year is a few hundred
rows, not a year of transactions. Net worth and the drill-downs read the
transactions (an index range of the user's dated rows). The month helpers are the
budgets' (services/budgets.py)."""

from __future__ import annotations

import uuid
from bisect import bisect_right
from collections import defaultdict
from datetime import date
from functools import cached_property

from dashboard_tui.finance.dto import (
    CategoryFigure,
    CategoryReport,
    DrillDown,
    DrillRow,
    FlowReport,
    MonthFlow,
    NetWorthReport,
    Period,
)
from dashboard_tui.finance.repository import (
    ANY_CATEGORY,
    SIDES,
    ReportRepository,
    whole_months,
)
from dashboard_tui.finance.services.budgets import (
    FIRST_YEAR,
    LAST_YEAR,
    BudgetWork,
    add_months,
    month_label,
    parse_month,
)
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.service import Actor, Service

PERIODS = ("month", "year", "all")
FLOW_MONTHS = 12
NET_WORTH_MONTHS = 24
MAX_MONTHS = 120
DRILL_LIMIT = 500  # rows a drill-down lists; its count and sum are of them all
UNCATEGORISED = "Uncategorised"


def make_period(kind: str, at: str | date | None, today: date) -> Period:
    """The month or year holding `at` (default today), or all time."""
    if kind not in PERIODS:
        raise ValidationError.one("period", "Choose month, year or all.")
    if kind == "all":
        return Period("all", None)
    if isinstance(at, str) and at.strip().isdigit() and len(at.strip()) == 4:
        at = f"{at.strip()}-01"
    month = parse_month(today if at is None else at, "period")
    return Period(kind, month if kind == "month" else date(month.year, 1, 1))


def step_period(period: Period, steps: int) -> Period:
    """The month or year `steps` before (< 0) or after this one; all time stays."""
    if period.start is None:
        return period
    moved = add_months(period.start, steps * (12 if period.kind == "year" else 1))
    if not FIRST_YEAR <= moved.year <= LAST_YEAR:
        return period
    return Period(period.kind, moved)


def period_label(period: Period) -> str:
    if period.start is None:
        return "All time"
    return str(period.start.year) if period.kind == "year" else month_label(period.start)


def month_end(month: date) -> date:
    return date.fromordinal(add_months(month, 1).toordinal() - 1)


class ReportWork(BudgetWork):
    """A finance unit of work with the report sums (and the budgets' currency help)."""

    @property
    def reports(self) -> ReportRepository:
        return self.repo(ReportRepository)

    @cached_property
    def currencies(self) -> tuple[str, ...]:
        return tuple(sorted(self.budgets.currencies() | {self.profile_currency}))

    def report_currency(self, value: str | None) -> str:
        """`value`, else the profile's currency when the person has an account in it,
        else their first currency."""
        if value:
            return self.currency(value)
        found = self.budgets.currencies()
        if self.profile_currency in found or not found:
            return self.profile_currency
        return sorted(found)[0]

    def last_month(self, value: str | date | None) -> date:
        return parse_month(self.today if value is None else value)


def _months(value: int, default: int) -> int:
    return max(1, min(MAX_MONTHS, value or default))


class ReportService(Service[ReportWork]):
    uow_class = ReportWork

    def by_category(
        self,
        login: Actor,
        period: str = "month",
        at: str | date | None = None,
        *,
        currency: str | None = None,
    ) -> CategoryReport:
        """Each category's total in the month or year holding `at` (default: this
        one), or all time (`period` "all"), in `currency` (default: the profile's)."""

        def work(uow: ReportWork) -> CategoryReport:
            when = make_period(period, at, uow.today)
            cur = uow.report_currency(currency)
            # A period is whole months: the month totals the database keeps.
            read = (
                uow.transactions.month_category_totals
                if whole_months(when.date_from, when.date_to)
                else uow.transactions.category_totals
            )
            sums = [
                (c, total)
                for c, row_currency, total in read(when.date_from, when.date_to, cur)
                if row_currency == cur and total
            ]
            names = uow.categories.names([c for c, _ in sums])
            lines = []
            for category_id, total in sums:
                item = names.get(category_id) if category_id is not None else None
                kind = "" if item is None else item.kind.removesuffix("_category")
                lines.append(CategoryFigure(category_id, item.name if item else "", kind, total))
            income = sum(x.total_minor for x in lines if _side(x) == "income")
            expense = sum(x.total_minor for x in lines if _side(x) == "expense")
            order = {"expense": 0, "income": 1, "": 2}
            lines.sort(
                key=lambda x: (
                    order[x.kind],
                    x.total_minor if x.kind != "income" else -x.total_minor,
                    x.category.lower(),
                )
            )
            return CategoryReport(
                when, period_label(when), cur, uow.currencies, tuple(lines), income, expense
            )

        return self._read(login, work)

    def income_expense(
        self,
        login: Actor,
        last: str | date | None = None,
        *,
        months: int = FLOW_MONTHS,
        currency: str | None = None,
    ) -> FlowReport:
        """Income and expenses of each of the `months` months up to `last` (default:
        this month), oldest first."""

        def work(uow: ReportWork) -> FlowReport:
            end = uow.last_month(last)
            start = add_months(end, 1 - _months(months, FLOW_MONTHS))
            cur = uow.report_currency(currency)
            kinds = {c.id: c.kind.removesuffix("_category") for c in uow.categories.listed()}
            sums: dict[tuple[date, str], int] = defaultdict(int)
            for category_id, positive, month, total in uow.reports.flow_months(start, end, cur):
                side = kinds.get(category_id) if category_id is not None else None
                side = side or ("income" if positive else "expense")
                sums[(month, side)] += total
            flows = []
            month = start
            while month <= end:
                flows.append(MonthFlow(month, sums[(month, "income")], sums[(month, "expense")]))
                month = add_months(month, 1)
            return FlowReport(end, cur, uow.currencies, tuple(flows))

        return self._read(login, work)

    def net_worth(
        self,
        login: Actor,
        last: str | date | None = None,
        *,
        months: int = NET_WORTH_MONTHS,
        currency: str | None = None,
    ) -> NetWorthReport:
        """The accounts' balances summed at the end of each of the `months` months up
        to `last` (default: this month), oldest first."""

        def work(uow: ReportWork) -> NetWorthReport:
            end = uow.last_month(last)
            start = add_months(end, 1 - _months(months, NET_WORTH_MONTHS))
            cur = uow.report_currency(currency)
            total = uow.reports.balance_total(cur)
            later = sorted(uow.reports.days_after(month_end(start), cur))
            days = [d for d, _ in later]
            after = [0] * (len(later) + 1)  # after[i]: the sum of later[i:]
            for i in range(len(later) - 1, -1, -1):
                after[i] = after[i + 1] + later[i][1]
            points = []
            month = start
            while month <= end:
                last_day = month_end(month)
                points.append((last_day, total - after[bisect_right(days, last_day)]))
                month = add_months(month, 1)
            return NetWorthReport(end, cur, uow.currencies, tuple(points))

        return self._read(login, work)

    # -- drill-downs ------------------------------------------------------------------------
    def category_drill(
        self,
        login: Actor,
        period: Period,
        currency: str,
        category_id: uuid.UUID | None,
        *,
        limit: int = DRILL_LIMIT,
    ) -> DrillDown:
        """The transactions (and split parts) behind one category's figure in a
        report by category; `category_id` None: the uncategorised ones."""

        def work(uow: ReportWork) -> DrillDown:
            cur = uow.currency(currency)
            item = uow.category(category_id)
            name = item.name if item is not None else UNCATEGORISED
            title = f"{name} · {period_label(period)} · {cur}"
            return _drill(
                uow, title, period.date_from, period.date_to, cur, category_id, None, limit
            )

        return self._read(login, work)

    def month_drill(
        self,
        login: Actor,
        month: str | date,
        currency: str,
        side: str | None = None,
        *,
        limit: int = DRILL_LIMIT,
    ) -> DrillDown:
        """The transactions behind a month of income vs expense: its income
        (`side` "income"), its expenses ("expense") or both (None)."""

        def work(uow: ReportWork) -> DrillDown:
            if side is not None and side not in SIDES:
                raise ValidationError.one("side", "Choose income or expense.")
            first = parse_month(month)
            cur = uow.currency(currency)
            what = {"income": "Income", "expense": "Expenses", None: "Income and expenses"}
            title = f"{what[side]} · {month_label(first)} · {cur}"
            return _drill(uow, title, first, month_end(first), cur, ANY_CATEGORY, side, limit)

        return self._read(login, work)


def _side(line: CategoryFigure) -> str:
    if line.kind:
        return line.kind
    return "income" if line.total_minor > 0 else "expense"


def _drill(
    uow: ReportWork,
    title: str,
    date_from: date | None,
    date_to: date | None,
    currency: str,
    category: uuid.UUID | None | str,
    side: str | None,
    limit: int,
) -> DrillDown:
    limit = max(1, min(limit, DRILL_LIMIT))
    rows = uow.reports.behind(
        date_from, date_to, currency, category=category, side=side, limit=limit
    )
    count, total = uow.reports.behind_total(
        date_from, date_to, currency, category=category, side=side
    )
    names = uow.categories.names([r[4] for r in rows])
    accounts = {a.id: a.name for a in uow.accounts.listed(include_archived=True)}
    found = []
    for tid, day, account_id, payee, category_id, amount, part in rows:
        item = names.get(category_id) if category_id is not None else None
        found.append(
            DrillRow(
                tid,
                day,
                accounts.get(account_id, ""),
                payee,
                item.name if item is not None else "",
                amount,
                part,
            )
        )
    return DrillDown(title, currency, tuple(found), count, total)
