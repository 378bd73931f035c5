"""Exchange rates: the person's own, newest first, each "1 USD = 0.9234 EUR on a
day". Opened with x from the accounts list; n adds one (into the profile's currency
by default), e (or enter) edits the highlighted one, d deletes it. The accounts
list's net worth converts with the newest rate on or before today."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from dashboard_tui.finance.dto import RateInfo
from dashboard_tui.finance.ui.base import FinanceBaseScreen, finance_services
from dashboard_tui.finance.ui.forms import rate_form
from dashboard_tui.ui.record_list import RecordListScreen
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable
from dashboard_tui.widgets.text import literal

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext
    from dashboard_tui.kit.paging import Page

RATE_COLUMNS = (
    Col("Date", 10),
    Col("1 unit of", 9),
    Col("Is worth", 22, min_width=14),
    Col("In", 4),
)


def rate_row(r: RateInfo) -> PagedRow:
    cells = (r.date.isoformat(), r.from_currency, r.rate, r.to_currency)
    return PagedRow(str(r.id), cells, r)


def rates_loader(ctx: AppContext, login: Login) -> Any:
    """Runs in a worker thread: a person keeps a few rates, one page."""

    def load(cursor: Any, limit: int, text: str) -> Page[PagedRow]:
        from dashboard_tui.kit.paging import Page

        found = finance_services(ctx).rates.list_rates(login)
        needle = text.strip().casefold()
        rows = [
            rate_row(r)
            for r in found
            if needle in r.from_currency.casefold() or needle in r.to_currency.casefold()
        ]
        return Page(rows, None)

    return load


def said(r: RateInfo) -> str:
    return f"1 {r.from_currency} = {r.rate} {r.to_currency} on {r.date.isoformat()}"


class RatesScreen(FinanceBaseScreen, RecordListScreen):
    BINDINGS = [
        Binding("escape", "back", "Accounts", id="rates.back"),
        Binding("n", "new_rate", "New", id="rates.new"),
        Binding("e", "edit_rate", "Edit", id="rates.edit"),
        Binding("d", "delete_rate", "Delete", id="rates.delete"),
    ]
    ROW_TYPE = RateInfo

    def __init__(self, currency: str = "EUR") -> None:
        super().__init__()
        self.currency = currency  # the net worth's (the profile's): a new rate's target

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="rates"):
            yield Static(literal("Exchange rates"), id="rates-title")
            yield Static(
                literal(
                    f"The net worth (in {self.currency}) converts each account with its "
                    "currency's newest rate on or before today."
                ),
                id="rates-note",
            )
            yield PagedTable(
                *RATE_COLUMNS,
                loader=rates_loader(self.ctx, self.login),
                page_size=500,
                empty_text="No exchange rates yet: n adds one (1 USD = 0.92 EUR).",
                filter_placeholder="Currency (enter: apply, escape: clear)",
                filter_max_length=3,
                id="rates-table",
            )
        yield AppFooter()

    def on_mount(self) -> None:
        self.table.focus()

    def open_row(self) -> None:
        self.action_edit_rate()

    def action_new_rate(self) -> None:
        ctx, login = self.ctx, self.login
        self.open_form(
            "New exchange rate",
            rate_form(self.currency),
            None,
            lambda v: finance_services(ctx).rates.add_rate(
                login,
                from_currency=v.from_currency,
                to_currency=v.to_currency,
                rate=v.rate,
                day=v.date,
            ),
            lambda r: self.changed(f"Rate {said(r)} added."),
            note="On that day, 1 unit of the first currency is worth the rate in the second.",
        )

    def action_edit_rate(self) -> None:
        rate = self.highlighted()
        if rate is None:
            return
        ctx, login = self.ctx, self.login
        self.open_form(
            "Edit exchange rate",
            rate_form(self.currency),
            rate,
            lambda v: finance_services(ctx).rates.edit_rate(
                login,
                rate.id,
                from_currency=v.from_currency,
                to_currency=v.to_currency,
                rate=v.rate,
                day=v.date,
            ),
            lambda r: self.changed(f"Rate {said(r)} saved."),
        )

    def action_delete_rate(self) -> None:
        rate = self.highlighted()
        if rate is None:
            return
        ctx, login = self.ctx, self.login
        self.ask_then_run(
            f"Delete the rate {said(rate)}? The audit history keeps a copy.",
            lambda: finance_services(ctx).rates.delete_rate(login, rate.id),
            lambda _: self.changed("Rate deleted."),
        )
