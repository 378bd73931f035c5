"""The finance reports, one currency at a time: 1 month by category (a month, a year
or all time: p switches), 2 income vs expense per month (the last 12), 3 net worth at
each month's end (the last 24). [ / ] (or ← / →) step the period, c steps through
the currencies and then, for reports 1 and 2, "converted": every currency in the
profile's at the person's exchange rates (finance/services/converted.py; the rates
used show with their dates, a currency without one is named as left out), enter
(or t) on a row opens the transactions behind its figure: a category's in the
period, or a month's income and expenses; their sum is the figure. The figures are
the service's (finance/services/reports.py says how they are made)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from dashboard_tui.finance.dto import (
    CategoryFigure,
    CategoryReport,
    Conversion,
    ConvertedCategoryReport,
    ConvertedFlowReport,
    DrillDown,
    FlowReport,
    MonthFlow,
    NetWorthReport,
    Period,
)
from dashboard_tui.finance.money import format_amount, minor_units
from dashboard_tui.finance.services.budgets import add_months, month_label
from dashboard_tui.finance.ui.base import (
    ONE_CURRENCY,
    FinanceBaseScreen,
    finance_services,
    money,
    next_currency,
)
from dashboard_tui.widgets.chart import LineChart, Series
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.table import KeyTable
from dashboard_tui.widgets.text import clean, literal, literal_text

if TYPE_CHECKING:
    pass

REPORTS = ("category", "flow", "worth")
REPORT_NAMES = {"category": "By category", "flow": "Income vs expense", "worth": "Net worth"}
PERIOD_KINDS = ("month", "year", "all")
BAR_CELLS = 20
AMOUNT_CHARS = 14  # −99,999,999.99 whole
UNCATEGORISED = "Uncategorised"


def amount_cell(minor: int, currency: str) -> Text:
    """Right-aligned (DataTable does not align cells), red below zero."""
    shown = format_amount(minor, currency, minus="−").rjust(AMOUNT_CHARS)
    return literal_text(shown, "red" if minor < 0 else "")


def bar(minor: int, largest: int) -> Text:
    """A horizontal bar as long as the figure's share of the largest one: red for
    money out, green for money in (at least one cell for any figure)."""
    if not minor or not largest:
        return Text("")
    cells = max(1, round(abs(minor) / largest * BAR_CELLS))
    return Text("█" * cells, style="red" if minor < 0 else "green")


def as_number(currency: str) -> Callable[[int], float]:
    """Minor units → the amount a person reads, for a chart's y axis only (never
    written back)."""
    scale = 10 ** minor_units(currency)
    return lambda minor: minor / scale


def conversion_text(conversion: Conversion) -> str:
    """ "Rates: USD 0.9234 (2026-11-28) · left out, no rate on or before a month's end:
    JPY" (a rate per currency and date used)."""
    rates = ", ".join(f"{r.currency} {r.rate} ({r.date.isoformat()})" for r in conversion.rates)
    text = f"Rates: {rates}" if rates else "No rate was needed."
    if conversion.missing:
        text += " · left out, no rate on or before a month's end: " + ", ".join(conversion.missing)
    return text


class ReportsScreen(FinanceBaseScreen):
    BINDINGS = [
        Binding("escape", "back", "Accounts", id="reports.back"),
        Binding("1", "show('category')", "By category", id="reports.by_category"),
        Binding("2", "show('flow')", "Income/expense", id="reports.income_expense"),
        Binding("3", "show('worth')", "Net worth", id="reports.net_worth"),
        Binding("left_square_bracket,left", "step(-1)", "Prev", id="reports.prev"),
        Binding("right_square_bracket,right", "step(1)", "Next", id="reports.next"),
        Binding("p", "next_period", "Month/year/all", id="reports.period"),
        Binding("c", "next_currency", "Currency", id="reports.next_currency"),
        Binding("t", "drill", "Transactions", id="reports.drill"),
    ]

    def __init__(self, report: str = "category", currency: str | None = None) -> None:
        super().__init__()
        self.report = report
        self.currency = currency  # None: the profile's
        self.converted = False  # reports 1 and 2: every currency in the profile's
        self.period: Period | None = None  # None: this month (the service knows today)
        self.last: date | None = None  # the last month of reports 2 and 3
        self.remembered: date | None = None  # the month or year shown before all time
        self.data: CategoryReport | FlowReport | NetWorthReport | None = None
        self.row_values: list[Any] = []
        self.is_ready = False  # a report is shown (tests wait on it)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="reports"):
            yield Static("", id="reports-tabs")
            yield Static("", id="reports-title")
            # the rates a converted report used (shown only then)
            yield Static("", id="reports-rates")
            yield Static("", id="reports-summary")
            yield LineChart(y_label="", x_label="month end", id="reports-chart")
            yield KeyTable(id="reports-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="reports-empty")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#reports-rates", Static).display = False
        self.table.focus()
        self.load()

    @property
    def table(self) -> KeyTable:
        return self.query_one("#reports-table", KeyTable)

    @property
    def chart(self) -> LineChart:
        return self.query_one("#reports-chart", LineChart)

    # -- loading ----------------------------------------------------------------------
    def load(self) -> None:
        ctx, login, currency = self.ctx, self.login, self.currency
        period, last = self.period, self.last
        self.is_ready = False
        call: Callable[[], CategoryReport | FlowReport | NetWorthReport]
        converted = self.converted and self.report != "worth"
        if self.report == "category":
            kind = period.kind if period is not None else "month"
            at = period.start if period is not None else None
            if converted:
                call = lambda: finance_services(ctx).converted.by_category(  # noqa: E731
                    login, kind, at
                )
            else:
                call = lambda: finance_services(ctx).reports.by_category(  # noqa: E731
                    login, kind, at, currency=currency
                )
        elif self.report == "flow" and converted:
            call = lambda: finance_services(ctx).converted.income_expense(  # noqa: E731
                login, last
            )
        elif self.report == "flow":
            call = lambda: finance_services(ctx).reports.income_expense(  # noqa: E731
                login, last, currency=currency
            )
        else:
            call = lambda: finance_services(ctx).reports.net_worth(  # noqa: E731
                login, last, currency=currency
            )
        self.run_call(call, self.report_loaded, group="report", exclusive=True)

    def report_loaded(self, data: object) -> None:
        assert isinstance(data, CategoryReport | FlowReport | NetWorthReport)
        self.show_report(data)

    def show_report(self, data: CategoryReport | FlowReport | NetWorthReport) -> None:
        self.data = data
        conversion = (
            data.conversion
            if isinstance(data, ConvertedCategoryReport | ConvertedFlowReport)
            else None
        )
        if conversion is None:
            self.currency = data.currency
        if isinstance(data, CategoryReport):
            self.period = data.period
            self.remembered = data.period.start or self.remembered
            what = data.label
        else:
            self.last = data.last
            first = data.months[0].month if isinstance(data, FlowReport) else data.points[0][0]
            what = f"{month_label(first)} – {month_label(data.last)}"
        tabs = Text()
        for index, name in enumerate(REPORTS, 1):
            label = f" {index} {REPORT_NAMES[name]} "
            tabs.append(label, style="reverse bold" if name == self.report else "dim")
            tabs.append(" ")
        self.query_one("#reports-tabs", Static).update(tabs)
        title = f"{REPORT_NAMES[self.report]} · {what} · {data.currency}"
        if conversion is not None:
            title += " (all currencies, converted)"
        if len(data.currencies) > 1:
            title += f"  (c: {' / '.join(data.currencies)})"
        rates = self.query_one("#reports-rates", Static)
        rates.display = conversion is not None
        rates.update(literal(conversion_text(conversion)) if conversion is not None else "")
        self.query_one("#reports-title", Static).update(literal(title))
        table = self.table
        table.clear(columns=True)
        self.row_values = []
        if isinstance(data, CategoryReport):
            self.fill_categories(data)
        elif isinstance(data, FlowReport):
            self.fill_flow(data)
        else:
            self.fill_worth(data)
        self.chart.display = not isinstance(data, CategoryReport)
        self.is_ready = True

    def fill_categories(self, data: CategoryReport) -> None:
        cur, table = data.currency, self.table
        table.add_column("Category", min_width=12)
        table.add_column("Amount".rjust(AMOUNT_CHARS), width=AMOUNT_CHARS)
        table.add_column("", width=BAR_CELLS, optional=True)
        largest = max((abs(x.total_minor) for x in data.lines), default=0)
        for line in data.lines:
            name = line.category or UNCATEGORISED
            table.add_row(
                literal_text(clean(name), "" if line.category else "italic"),
                amount_cell(line.total_minor, cur),
                bar(line.total_minor, largest),
            )
            self.row_values.append(line)
        summary = Text()
        summary.append(f"income {money(data.income_minor, cur)} · ")
        summary.append(f"expenses {money(data.expense_minor, cur)} · ")
        net = data.income_minor + data.expense_minor
        summary.append(f"net {money(net, cur)}", style="bold red" if net < 0 else "bold green")
        self.query_one("#reports-summary", Static).update(summary)
        self.set_empty(
            ""
            if data.lines
            else f"No income or expenses in {data.label} ({cur}): [ / ] "
            "step, p switches month / year / all time."
        )

    def fill_flow(self, data: FlowReport) -> None:
        cur, table = data.currency, self.table
        table.add_column("Month", min_width=9)
        for label in ("Income", "Expenses", "Net"):
            table.add_column(label.rjust(AMOUNT_CHARS), width=AMOUNT_CHARS)
        for month in reversed(data.months):
            table.add_row(
                literal_text(month.month.strftime("%Y-%m")),
                amount_cell(month.income_minor, cur),
                amount_cell(month.expense_minor, cur),
                amount_cell(month.net_minor, cur),
            )
            self.row_values.append(month)
        number = as_number(cur)
        self.chart.y_label, self.chart.x_label = cur, "month"
        self.chart.set_series(
            [
                Series([(m.month, number(m.income_minor)) for m in data.months], "income"),
                Series([(m.month, number(-m.expense_minor)) for m in data.months], "expenses"),
            ]
            if any(m.income_minor or m.expense_minor for m in data.months)
            else []
        )
        income = sum(m.income_minor for m in data.months)
        expense = sum(m.expense_minor for m in data.months)
        self.query_one("#reports-summary", Static).update(
            literal(
                f"{len(data.months)} months: income {money(income, cur)} · expenses "
                f"{money(expense, cur)} · net {money(income + expense, cur)}"
            )
        )
        self.set_empty("")

    def fill_worth(self, data: NetWorthReport) -> None:
        cur, table = data.currency, self.table
        table.add_column("Month end", min_width=10)
        table.add_column("Net worth".rjust(AMOUNT_CHARS), width=AMOUNT_CHARS)
        table.add_column("Change".rjust(AMOUNT_CHARS), width=AMOUNT_CHARS)
        values = [v for _, v in data.points]
        for index in range(len(data.points) - 1, -1, -1):
            day, value = data.points[index]
            table.add_row(
                literal_text(day.isoformat()),
                amount_cell(value, cur),
                # the oldest month's change is not known from this window: blank
                amount_cell(value - values[index - 1], cur) if index else Text(""),
            )
            self.row_values.append((day, value))
        number = as_number(cur)
        self.chart.y_label, self.chart.x_label = cur, "month end"
        self.chart.set_series([Series([(d, number(v)) for d, v in data.points], "net worth")])
        first, last = data.points[0][1], data.points[-1][1]
        self.query_one("#reports-summary", Static).update(
            literal(
                f"now {money(last, cur)} · {len(data.points)} months ago "
                f"{money(first, cur)} · change {money(last - first, cur)}"
            )
        )
        self.set_empty("")

    def set_empty(self, text: str) -> None:
        self.query_one("#reports-empty", Static).update(literal(text))

    def highlighted(self) -> Any:
        table = self.table
        if not self.row_values or table.cursor_row >= len(self.row_values):
            return None
        return self.row_values[table.cursor_row]

    # -- switching ------------------------------------------------------------------------
    def action_show(self, report: str) -> None:
        if report in REPORTS and report != self.report:
            self.report = report
            self.load()

    def action_step(self, steps: int) -> None:
        if not self.is_ready:
            return  # the report is still on its way
        if self.report == "category":
            if self.period is None or self.period.start is None:
                self.notify("All time has no previous or next: p switches.", markup=False)
                return
            months = 12 if self.period.kind == "year" else 1
            self.period = Period(self.period.kind, add_months(self.period.start, steps * months))
        elif self.last is not None:
            self.last = add_months(self.last, steps)
        self.load()

    def action_next_period(self) -> None:
        if self.report != "category":
            self.notify("p switches the period of the report by category (1).", markup=False)
            return
        if self.period is None or not self.is_ready:
            return
        kind = PERIOD_KINDS[(PERIOD_KINDS.index(self.period.kind) + 1) % len(PERIOD_KINDS)]
        start = self.period.start or self.remembered
        if start is None:
            return
        if kind == "year":
            start = date(start.year, 1, 1)
        self.period = Period(kind, None if kind == "all" else start)
        self.load()

    def action_next_currency(self) -> None:
        """The next currency; after the last, "converted" (reports 1 and 2)."""
        data = self.data
        if data is None or len(data.currencies) < 2:
            self.notify(ONE_CURRENCY, markup=False)
            return
        current = self.currency or data.currency
        if self.converted:
            self.converted = False
            self.currency = data.currencies[0]
        elif current == data.currencies[-1] and self.report != "worth":
            self.converted = True
        else:
            self.currency = next_currency(data.currencies, current)
        self.load()

    # -- drilling down --------------------------------------------------------------------
    @on(DataTable.RowSelected, "#reports-table")
    def selected(self, event: DataTable.RowSelected) -> None:
        self.action_drill()

    def action_drill(self) -> None:
        value, data = self.highlighted(), self.data
        if value is None or data is None:
            return
        if isinstance(data, ConvertedCategoryReport | ConvertedFlowReport):
            self.notify(
                "A converted figure adds up several currencies: c to one currency to see "
                "the transactions behind it.",
                markup=False,
            )
            return
        ctx, login, cur = self.ctx, self.login, data.currency
        call: Callable[[], DrillDown]
        if isinstance(value, CategoryFigure) and isinstance(data, CategoryReport):
            period, category_id = data.period, value.category_id
            call = lambda: finance_services(ctx).reports.category_drill(  # noqa: E731
                login, period, cur, category_id
            )
        elif isinstance(value, MonthFlow):
            month = value.month
            call = lambda: finance_services(ctx).reports.month_drill(  # noqa: E731
                login, month, cur
            )
        else:
            self.notify(
                "Net worth is every account's balance: open an account's register to see "
                "its transactions.",
                markup=False,
            )
            return
        self.run_call(call, self.open_drill, group="drill", exclusive=True)

    def open_drill(self, down: DrillDown) -> None:
        self.app.push_screen(ReportDrillScreen(down))


class ReportDrillScreen(FinanceBaseScreen):
    """The transactions behind one figure of a report (a split's part where only the
    part is in it), newest first, with their count and sum: the figure."""

    BINDINGS = [Binding("escape", "back", "Report", id="reports.drill_back")]

    def __init__(self, down: DrillDown) -> None:
        super().__init__()
        self.down = down
        self.is_ready = False  # laid out (tests wait on it)

    def compose(self) -> ComposeResult:
        down = self.down
        yield AppHeader()
        with Vertical(id="drill"):
            yield Static(literal(down.title), id="drill-title")
            # a split's parts are one entry each
            count = f"{down.count} entr{'ies' if down.count != 1 else 'y'}"
            shown = f" (the newest {len(down.rows)} listed)" if down.truncated else ""
            yield Static(
                literal(f"{count}{shown} · sum {money(down.total_minor, down.currency)}"),
                id="drill-summary",
            )
            table = KeyTable(id="drill-table", cursor_type="row", zebra_stripes=True)
            table.add_column("Date", width=10)
            table.add_column("Account", min_width=8)
            table.add_column("Payee", min_width=8)
            table.add_column("Category", min_width=8, optional=True)
            table.add_column("Amount".rjust(AMOUNT_CHARS), width=AMOUNT_CHARS)
            for row in down.rows:
                category = row.category or UNCATEGORISED
                if row.part >= 0:
                    category += f" (part {row.part + 1})"
                table.add_row(
                    literal_text(row.date.isoformat()),
                    literal_text(row.account),
                    literal_text(row.payee),
                    literal_text(category),
                    amount_cell(row.amount_minor, down.currency),
                )
            yield table
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#drill-table", KeyTable).focus()
        self.call_after_refresh(self.drawn)

    def drawn(self) -> None:
        self.is_ready = True
