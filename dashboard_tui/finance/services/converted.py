"""Reports across currencies (issue 11 items 9 and 10): month by category and income
vs expense with every currency's amounts converted into the profile's currency (or
another the caller names) with the person's exchange rates (services/rates.py).

Each month's amounts in a currency C are converted with the newest rate for C → P
dated on or before that month's last day, or else P → C used as 1 / rate, whichever
is newer (the direct one on a tie), as the net worth does. A currency with no such
rate for a month that has amounts in it is left out of that month's figures and named
in `Conversion.missing`: never dropped silently. The rates used are listed with their
dates.

Arithmetic is exact: a figure (one category's total over the period, one month's
income or expenses, the report's income and expense totals) is the exact sum of
`Fraction(minor) × rate` over its months and currencies, rounded half-even to the
target currency's minor units ONCE, at the end (`_round`). So a total may differ by a
minor unit from the sum of the rounded lines above it; each is the nearest to the
exact value. Amounts already in the target currency enter at rate 1."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from fractions import Fraction

from dashboard_tui.finance.dto import (
    CategoryFigure,
    Conversion,
    ConvertedCategoryReport,
    ConvertedFlowReport,
    MonthFlow,
    RateUsed,
)
from dashboard_tui.finance.money import minor_units
from dashboard_tui.finance.services.budgets import (
    FIRST_YEAR,
    LAST_YEAR,
    add_months,
    first_of,
)
from dashboard_tui.finance.services.rates import RateWork, rate_text
from dashboard_tui.finance.services.reports import (
    FLOW_MONTHS,
    ReportWork,
    _months,
    make_period,
    month_end,
    period_label,
)
from dashboard_tui.kit.service import Actor, Service

SIDE_ORDER = {"expense": 0, "income": 1, "": 2}


class ConvertWork(ReportWork, RateWork):
    """The report sums and the rates in one unit of work."""


class _Converter:
    """Minor units of any currency in exact minor units of `target`, month by month
    (a rate looked up once per currency and month end)."""

    def __init__(self, uow: ConvertWork, target: str) -> None:
        self.uow, self.target = uow, target
        self.scale = 10 ** minor_units(target)
        self.cache: dict[tuple[str, date], Fraction | None] = {}
        self.used: set[RateUsed] = set()
        self.missing: set[str] = set()

    def factor(self, currency: str, month: date) -> Fraction | None:
        """Target minor units per minor unit of `currency` in `month` (None: no rate)."""
        if currency == self.target:
            return Fraction(1)
        key = (currency, month)
        if key not in self.cache:
            end = month_end(month)
            direct = self.uow.rates.latest(currency, self.target, end)
            inverse = self.uow.rates.latest(self.target, currency, end)
            found: Fraction | None = None
            if direct is not None and (inverse is None or direct.date >= inverse.date):
                found = Fraction(direct.rate_num, direct.rate_den)
                shown = rate_text(direct.rate_num, direct.rate_den)
                self.used.add(RateUsed(currency, shown, direct.date))
            elif inverse is not None:
                found = Fraction(inverse.rate_den, inverse.rate_num)
                shown = f"1 / {rate_text(inverse.rate_num, inverse.rate_den)}"
                self.used.add(RateUsed(currency, shown, inverse.date))
            self.cache[key] = (
                found * self.scale / 10 ** minor_units(currency) if found is not None else None
            )
        return self.cache[key]

    def exact(self, minor: int, currency: str, month: date) -> Fraction | None:
        factor = self.factor(currency, month)
        if factor is None:
            self.missing.add(currency)
            return None
        return minor * factor

    def conversion(self) -> Conversion:
        rates = tuple(sorted(self.used, key=lambda r: (r.currency, r.date, r.rate)))
        return Conversion(rates, tuple(sorted(self.missing)))


def _round(value: Fraction) -> int:
    """The one rounding of a converted figure: half-even (Python's round of a Fraction)."""
    return round(value)


def _day_sums(
    uow: ConvertWork, start: date, end: date
) -> list[tuple[str, uuid.UUID | None, bool, date, int]]:
    """(currency, category, positive, day, sum) of income and expenses, every currency
    the person has an account in."""
    found = []
    for currency in sorted(uow.budgets.currencies()):
        for category_id, positive, day, total in uow.reports.flow_days(start, end, currency):
            found.append((currency, category_id, positive, day, total))
    return found


class ConvertedReportService(Service[ConvertWork]):
    uow_class = ConvertWork

    def by_category(
        self,
        login: Actor,
        period: str = "month",
        at: str | date | None = None,
        *,
        currency: str | None = None,
    ) -> ConvertedCategoryReport:
        """Each category's total in the period, all currencies converted into
        `currency` (default: the profile's)."""

        def work(uow: ConvertWork) -> ConvertedCategoryReport:
            when = make_period(period, at, uow.today)
            target = uow.currency(currency)
            convert = _Converter(uow, target)
            start = when.date_from or date(FIRST_YEAR, 1, 1)
            end = when.date_to or date(LAST_YEAR, 12, 31)
            # per currency and month first: a rate applies to a month's sum
            monthly: dict[tuple[str, uuid.UUID | None, date], int] = defaultdict(int)
            for cur, category_id, _, day, total in _day_sums(uow, start, end):
                monthly[(cur, category_id, first_of(day))] += total
            exact: dict[uuid.UUID | None, Fraction] = defaultdict(Fraction)
            for (cur, category_id, month), total in monthly.items():
                if not total:
                    continue
                value = convert.exact(total, cur, month)
                if value is not None:
                    exact[category_id] += value
            names = uow.categories.names([c for c in exact if c is not None])
            lines = []
            income, expense = Fraction(0), Fraction(0)
            for category_id, value in exact.items():
                if not value:
                    continue
                item = names.get(category_id) if category_id is not None else None
                kind = "" if item is None else item.kind.removesuffix("_category")
                side = kind or ("income" if value > 0 else "expense")
                if side == "income":
                    income += value
                else:
                    expense += value
                name = item.name if item else ""
                lines.append(CategoryFigure(category_id, name, kind, _round(value)))
            lines = [x for x in lines if x.total_minor]
            lines.sort(
                key=lambda x: (
                    SIDE_ORDER[x.kind],
                    x.total_minor if x.kind != "income" else -x.total_minor,
                    x.category.lower(),
                )
            )
            return ConvertedCategoryReport(
                when,
                period_label(when),
                target,
                uow.currencies,
                tuple(lines),
                _round(income),
                _round(expense),
                convert.conversion(),
            )

        return self._read(login, work)

    def income_expense(
        self,
        login: Actor,
        last: str | date | None = None,
        *,
        months: int = FLOW_MONTHS,
        currency: str | None = None,
    ) -> ConvertedFlowReport:
        """Income and expenses of each of the `months` months up to `last`, all
        currencies converted into `currency` (default: the profile's)."""

        def work(uow: ConvertWork) -> ConvertedFlowReport:
            end = uow.last_month(last)
            start = add_months(end, 1 - _months(months, FLOW_MONTHS))
            target = uow.currency(currency)
            convert = _Converter(uow, target)
            kinds = {c.id: c.kind.removesuffix("_category") for c in uow.categories.listed()}
            sums: dict[tuple[str, date, str], int] = defaultdict(int)
            for cur, category_id, positive, day, total in _day_sums(uow, start, month_end(end)):
                side = kinds.get(category_id) if category_id is not None else None
                side = side or ("income" if positive else "expense")
                sums[(cur, first_of(day), side)] += total
            exact: dict[tuple[date, str], Fraction] = defaultdict(Fraction)
            for (cur, month, side), total in sums.items():
                if not total:
                    continue
                value = convert.exact(total, cur, month)
                if value is not None:
                    exact[(month, side)] += value
            flows = []
            month = start
            while month <= end:
                flows.append(
                    MonthFlow(
                        month,
                        _round(exact[(month, "income")]),
                        _round(exact[(month, "expense")]),
                    )
                )
                month = add_months(month, 1)
            return ConvertedFlowReport(
                end, target, uow.currencies, tuple(flows), convert.conversion()
            )

        return self._read(login, work)
