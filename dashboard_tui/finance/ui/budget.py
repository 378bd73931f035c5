"""The budget of one month, envelope style: per expense category what was budgeted,
spent and is available (last month's rest included), with a bar of how much of the
envelope is used; at the top what is left to budget. The figures are the service's
(finance/services/budgets.py says how they are made).

[ / ] (or ← / →) step a month, enter or e budgets the highlighted category (typed
like `300` or `12,50`; empty or 0 clears it), x clears it, C copies last month's
budgets into this one, a shows every category (else only those with a budget,
spending or money left), c steps through the currencies, escape goes back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from dashboard_tui.finance.dto import BudgetInfo, BudgetLine, BudgetMonth
from dashboard_tui.finance.money import MAX_TEXT, format_amount
from dashboard_tui.finance.services.budgets import add_months, month_label
from dashboard_tui.finance.ui.base import (
    ONE_CURRENCY,
    FinanceBaseScreen,
    finance_services,
    money,
    next_currency,
    quoted,
)
from dashboard_tui.kit.forms import FieldSpec, FormSpec
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.table import KeyTable
from dashboard_tui.widgets.text import clean, literal, literal_text

if TYPE_CHECKING:
    pass

BAR_CELLS = 10
AMOUNT_CHARS = 12  # −999,999.99 whole; longer amounts end in an ellipsis
COLUMNS = (
    # label, width (None: fits), min width when narrowed, optional
    ("Category", None, 12, False),
    ("Budgeted".rjust(AMOUNT_CHARS), AMOUNT_CHARS, None, False),
    ("Spent".rjust(AMOUNT_CHARS), AMOUNT_CHARS, None, False),
    ("Available".rjust(AMOUNT_CHARS), AMOUNT_CHARS, None, False),
    ("Used", BAR_CELLS + 5, None, True),
)


@dataclass(frozen=True)
class BudgetInput:
    amount: str


def budget_form(currency: str) -> FormSpec[BudgetLine, BudgetInput]:
    """One field: the month's budget of a category, in the month view's currency."""
    return FormSpec(
        BudgetInput,
        (
            FieldSpec(
                "amount",
                f"Budget ({currency})",
                lambda x: (
                    format_amount(x.budgeted_minor, currency, grouping=False)
                    if x.budgeted_minor
                    else ""
                ),
                placeholder="e.g. 300, 12,50 (empty: none)",
                max_length=MAX_TEXT,
            ),
        ),
    )


def used_bar(line: BudgetLine) -> Text:
    """How much of the envelope (budgeted + carried) is spent: `███████░░░  70%`;
    spending with nothing in the envelope, or more than it held, is a full red bar."""
    funds = line.budgeted_minor + line.carried_minor
    spent = -line.spent_minor
    if funds <= 0 and spent <= 0:
        return Text("")
    if funds <= 0 or spent > funds:
        return Text("█" * BAR_CELLS + " over", style="red")
    share = max(0, spent) / funds
    full = round(share * BAR_CELLS)
    style = "yellow" if share >= 0.9 else "green"
    bar = Text("█" * full, style=style)
    bar.append("░" * (BAR_CELLS - full), style="dim")
    bar.append(f" {round(share * 100):3d}%")
    return bar


def amount_cell(minor: int, currency: str, *, warn: bool = False) -> Text:
    """Right-aligned (DataTable does not align cells), red when `warn` and below 0."""
    shown = format_amount(minor, currency, minus="−").rjust(AMOUNT_CHARS)
    return literal_text(shown, "red" if warn and minor < 0 else "")


class BudgetScreen(FinanceBaseScreen):
    BINDINGS = [
        Binding("escape", "back", "Accounts", id="budget.back"),
        Binding("left_square_bracket,left", "prev_month", "Prev month", id="budget.prev_month"),
        Binding("right_square_bracket,right", "next_month", "Next month", id="budget.next_month"),
        Binding("e", "edit_budget", "Budget", id="budget.edit"),
        Binding("x", "clear_budget", "Clear", id="budget.clear"),
        Binding("C", "copy_last_month", "Copy last", id="budget.copy_last_month"),
        Binding("a", "toggle_all", "Show all", id="budget.show_all"),
        Binding("c", "next_currency", "Currency", id="budget.next_currency"),
    ]

    def __init__(self, month: date | None = None, currency: str | None = None) -> None:
        super().__init__()
        self.month = month  # None: this month (the service knows the person's today)
        self.currency = currency  # None: the profile's
        self.view: BudgetMonth | None = None
        self.show_all = False
        self.is_ready = False  # a month is shown (tests wait on it)
        self.shown_lines: list[BudgetLine] = []

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="budget"):
            yield Static(literal("Budget"), id="budget-title")
            yield Static("", id="budget-summary")
            table = KeyTable(id="budget-table", cursor_type="row", zebra_stripes=True)
            for label, width, least, optional in COLUMNS:
                table.add_column(label, width=width, min_width=least, optional=optional)
            yield table
            yield Static("", id="budget-empty")
        yield AppFooter()

    def on_mount(self) -> None:
        self.table.focus()
        self.load()

    @property
    def table(self) -> KeyTable:
        return self.query_one("#budget-table", KeyTable)

    # -- loading ----------------------------------------------------------------------
    def load(self) -> None:
        ctx, login, month, currency = self.ctx, self.login, self.month, self.currency
        self.is_ready = False
        self.run_call(
            lambda: finance_services(ctx).budgets.month_view(login, month, currency=currency),
            self.show_month,
            group="month",
            exclusive=True,
        )

    def show_month(self, view: BudgetMonth) -> None:
        self.view, self.month, self.currency = view, view.month, view.currency
        cur = view.currency
        title = f"Budget · {month_label(view.month)} · {cur}"
        if len(view.currencies) > 1:
            title += f"  (c: {' / '.join(view.currencies)})"
        self.query_one("#budget-title", Static).update(literal(title))
        carried = f"carried {money(view.carried_minor, cur)}"
        if view.overspent_minor:
            carried += f" (after {money(view.overspent_minor, cur)} overspent last month)"
        summary = Text()
        summary.append("Available to budget ")
        summary.append(
            money(view.to_budget_minor, cur),
            style="bold red" if view.to_budget_minor < 0 else "bold green",
        )
        summary.append(
            f"\nincome {money(view.income_minor, cur)} · {carried} · budgeted "
            f"{money(view.budgeted_minor, cur)}"
        )
        summary.append(
            f"\nspent {money(view.spent_minor, cur)} · available {money(view.available_minor, cur)}"
        )
        self.query_one("#budget-summary", Static).update(summary)
        self.fill_table()
        self.is_ready = True

    def fill_table(self, keep: str | None = None) -> None:
        view = self.view
        if view is None:
            return
        table = self.table
        if keep is None and table.row_count:
            keep = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        table.clear()
        self.shown_lines = [x for x in view.lines if self.show_all or x.active]
        cur = view.currency
        for line in self.shown_lines:
            table.add_row(
                literal_text(clean(line.category)),
                amount_cell(line.budgeted_minor, cur),
                amount_cell(line.spent_minor, cur),
                amount_cell(line.available_minor, cur, warn=True),
                used_bar(line),
                key=str(line.category_id),
            )
        empty = ""
        if not self.shown_lines:
            empty = (
                "Nothing budgeted or spent this month. a shows every category (then e "
                "budgets one), C copies last month's budgets."
            )
        self.query_one("#budget-empty", Static).update(literal(empty))
        if keep is not None:
            index = next(
                (i for i, x in enumerate(self.shown_lines) if str(x.category_id) == keep), None
            )
            if index is not None:
                table.move_cursor(row=index)

    def highlighted(self) -> BudgetLine | None:
        table = self.table
        if not self.shown_lines or table.cursor_row >= len(self.shown_lines):
            return None
        return self.shown_lines[table.cursor_row]

    # -- moving -------------------------------------------------------------------------
    def action_prev_month(self) -> None:
        self.step(-1)

    def action_next_month(self) -> None:
        self.step(1)

    def step(self, months: int) -> None:
        if self.month is None:
            return  # the first month is still on its way
        self.month = add_months(self.month, months)
        self.load()

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.fill_table()
        self.notify(
            "Every category shown." if self.show_all else "Only categories in use shown.",
            markup=False,
        )

    def action_next_currency(self) -> None:
        view = self.view
        if view is None or len(view.currencies) < 2:
            self.notify(ONE_CURRENCY, markup=False)
            return
        self.currency = next_currency(view.currencies, view.currency)
        self.load()

    # -- changes ------------------------------------------------------------------------
    @on(DataTable.RowSelected, "#budget-table")
    def selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit_budget()

    def action_edit_budget(self) -> None:
        line, view = self.highlighted(), self.view
        if line is None or view is None:
            return
        ctx, login, month, cur = self.ctx, self.login, view.month, view.currency
        self.open_form(
            f"Budget {quoted(line.category)}, {month_label(month)}",
            budget_form(cur),
            line,
            # In a tuple: a cleared budget is None, which the form would take for a cancel.
            lambda v: (
                finance_services(ctx).budgets.set_budget(
                    login, category_id=line.category_id, month=month, amount=v.amount, currency=cur
                ),
            ),
            lambda saved: self.changed(saved[0], line),
            note=(
                f"Spent {money(line.spent_minor, cur)}, carried "
                f"{money(line.carried_minor, cur)} from last month."
            ),
        )

    def changed(self, saved: BudgetInfo | None, line: BudgetLine) -> None:
        if saved is None:
            self.notify(f"No budget for {clean(line.category)} now.", markup=False)
        else:
            self.notify(
                f"{clean(line.category)}: {money(saved.amount_minor, saved.currency)}.",
                markup=False,
            )
        self.load()

    def action_clear_budget(self) -> None:
        line, view = self.highlighted(), self.view
        if line is None or view is None:
            return
        if not line.budgeted_minor:
            self.notify(f"{clean(line.category)} has no budget this month.", markup=False)
            return
        ctx, login, month = self.ctx, self.login, view.month
        self.ask_then_run(
            f"Clear the budget of {quoted(line.category)} for {month_label(month)} "
            f"({money(line.budgeted_minor, view.currency)})?",
            lambda: finance_services(ctx).budgets.clear_budget(
                login, category_id=line.category_id, month=month
            ),
            lambda _: self.changed(None, line),
        )

    def action_copy_last_month(self) -> None:
        view = self.view
        if view is None:
            return
        ctx, login, month, cur = self.ctx, self.login, view.month, view.currency

        def copied(found: tuple[BudgetInfo, ...]) -> None:
            last = month_label(add_months(month, -1))
            if found:
                self.notify(f"{len(found)} budgets copied from {last}.", markup=False)
            else:
                self.notify(f"Nothing to copy from {last} (in {cur}).", markup=False)
            self.load()

        self.run_call(
            lambda: finance_services(ctx).budgets.copy_last_month(login, month=month, currency=cur),
            copied,
        )
