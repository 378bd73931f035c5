"""The finance area: the person's accounts with their balances (archived ones when
asked for). n/e make and change an account, A archives or restores it, enter opens
its register, S the scheduled transactions, b the month's budget, c a credit card's
limit, statement day and due day (its next statement, payment due and utilisation
show under the list when it is highlighted), x the exchange rates behind the net
worth line, r the reports."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from dashboard_tui.finance.dto import AccountInfo, CardStatus, NetWorth
from dashboard_tui.finance.ui.base import (
    FinanceBaseScreen,
    amount_cell,
    finance_services,
    money,
    quoted,
)
from dashboard_tui.finance.ui.forms import ACCOUNT_FORM, CARD_FORM, KIND_CHOICES
from dashboard_tui.kit.paging import Page
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable, figure_head
from dashboard_tui.widgets.text import literal, literal_lines

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext

KIND_LABELS = {value: label for label, value in KIND_CHOICES}
ACCOUNT_COLUMNS = (
    Col("Account", min_width=12),
    Col("Kind", 11),
    Col("Currency", 8),
    Col(figure_head("Balance"), 22, min_width=14),
    Col("Archived", 8, optional=True),
)


def account_row(a: AccountInfo) -> PagedRow:
    cells = (
        a.name,
        KIND_LABELS.get(a.kind, a.kind),
        a.currency,
        amount_cell(a.balance_minor, a.currency),
        "archived" if a.archived else "",
    )
    return PagedRow(str(a.id), cells, a)


def accounts_loader(ctx: AppContext, login: Login, include_archived: bool) -> Any:
    """One page: a person has a handful of accounts (runs in a worker thread)."""

    def load(cursor: Any, limit: int, text: str) -> Page[PagedRow]:
        accounts = finance_services(ctx).accounts.list_accounts(
            login, include_archived=include_archived
        )
        needle = text.strip().casefold()
        return Page([account_row(a) for a in accounts if needle in a.name.casefold()], None)

    return load


def worth_text(worth: NetWorth) -> str:
    """ "Net worth 12,345.67 EUR (rates of 2026-11-28) · no rate for JPY: not counted"."""
    text = f"Net worth {money(worth.total_minor, worth.currency)}"
    dates = [d.isoformat() for d in worth.rate_dates]
    if len(dates) == 1:
        text += f" (rates of {dates[0]})"
    elif dates:
        text += f" (rates of {dates[0]} to {dates[-1]})"
    if worth.missing:
        text += f" · no rate for {', '.join(worth.missing)}: not counted"
    return text


def card_text(account: AccountInfo, status: CardStatus | None) -> Content:
    """The highlighted credit card's statements, or how to set its details."""
    name = quoted(account.name)
    if status is None:
        return literal(f"{name}: c sets its limit, statement day and due day.")
    cur = status.currency
    return literal_lines(
        [
            f"{name}: next statement {status.next_statement.isoformat()}, "
            f"{money(status.statement_total_minor, cur)} since "
            f"{status.period_start.isoformat()}",
            f"Payment due {money(status.payment_due_minor, cur)} by "
            f"{status.due_date.isoformat()} (statement of {status.last_statement.isoformat()}) · "
            f"utilisation {status.utilisation} of {money(status.limit_minor, cur)}",
        ]
    )


class FinanceScreen(FinanceBaseScreen):
    BINDINGS = [
        # Short words, the views first: at 80 columns the footer holds about eight;
        # help (? or f1) and the palette list every key with its full name.
        Binding("escape", "app.go_home", "Home", id="finance.home"),
        Binding("n", "new_account", "New", id="finance.new_account"),
        Binding("e", "edit_account", "Edit", id="finance.edit_account"),
        Binding("b", "budgets", "Budget", id="finance.budgets"),
        Binding("r", "reports", "Reports", id="finance.reports"),
        Binding("S", "schedules", "Schedules", id="finance.schedules"),
        Binding("v", "investments", "Investments", id="finance.investments"),
        Binding("i", "import_csv", "Import", id="finance.import"),
        Binding("x", "rates", "Rates", id="finance.rates"),
        Binding("c", "card_details", "Card", id="finance.card_details"),
        Binding("A", "archive_account", "Archive", id="finance.archive_account"),
        Binding("a", "toggle_archived", "Archived", id="finance.show_archived"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_archived = False
        self.is_ready = False  # the accounts are listed (tests wait on it)
        self.stale = False  # a register was opened over this: balances may have moved
        self.cards: dict[uuid.UUID, CardStatus] = {}  # by account id
        self.worth: NetWorth | None = None
        self.summary_ready = False  # the net worth and card lines are shown (tests wait)
        self.keep_cursor_on: str | None = None  # the row to stay on after a reload

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="finance"):
            yield Static(literal("Accounts"), id="finance-title")
            yield Static("", id="finance-worth")
            yield PagedTable(
                *ACCOUNT_COLUMNS,
                loader=accounts_loader(self.ctx, self.login, False),
                page_size=200,
                empty_text="No accounts yet: n makes one.",
                id="accounts-table",
            )
            yield Static("", id="finance-card")
        yield AppFooter()

    def on_mount(self) -> None:
        self.table.focus()

    def on_screen_resume(self) -> None:
        if self.stale and self.app.screen is self:
            self.stale = False
            self.table.reload()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#accounts-table", PagedTable)

    def highlighted(self) -> AccountInfo | None:
        row = self.table.highlighted
        return row[1] if row and isinstance(row[1], AccountInfo) else None

    @on(PagedTable.Loaded)
    def loaded(self, event: PagedTable.Loaded) -> None:
        self.is_ready = True
        self.summary_ready = False
        key, self.keep_cursor_on = self.keep_cursor_on, None
        if key is not None and any(row.key == key for row in event.rows):
            self.table.table.move_cursor(row=self.table.table.get_row_index(key))
        ctx, login = self.ctx, self.login

        def load() -> tuple[dict[uuid.UUID, CardStatus], NetWorth]:
            services = finance_services(ctx)
            return dict(services.cards.statuses(login)), services.rates.net_worth(login)

        self.run_call(load, self.show_summary, group="summary", exclusive=True)

    def show_summary(self, found: tuple[dict[uuid.UUID, CardStatus], NetWorth]) -> None:
        self.cards, self.worth = found
        worth = self.query_one("#finance-worth", Static)
        worth.update(literal(worth_text(self.worth)) if self.worth.lines else "")
        self.show_card()
        self.summary_ready = True

    @on(DataTable.RowHighlighted)
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_card()

    def show_card(self) -> None:
        account = self.highlighted()
        line = self.query_one("#finance-card", Static)
        if account is None or account.kind != "credit_card":
            line.update("")
            line.display = False
            return
        line.display = True
        line.update(card_text(account, self.cards.get(account.id)))

    @on(PagedTable.LoadFailed)
    def load_failed(self, event: PagedTable.LoadFailed) -> None:
        self.report_failure(event.error)

    @on(PagedTable.Selected)
    def selected(self, event: PagedTable.Selected) -> None:
        if isinstance(event.value, AccountInfo):
            self.open_register(event.value)

    def open_register(self, account: AccountInfo) -> None:
        from dashboard_tui.finance.ui.register import AccountRegisterScreen

        self.stale = True
        self.app.push_screen(AccountRegisterScreen(account))

    def action_schedules(self) -> None:
        """The scheduled transactions (a new one is in the highlighted account)."""
        from dashboard_tui.finance.ui.schedules import SchedulesScreen

        account = self.highlighted()
        self.stale = True  # entering one moves a balance
        self.app.push_screen(SchedulesScreen(account.id if account else None))

    def action_budgets(self) -> None:
        from dashboard_tui.finance.ui.budget import BudgetScreen

        self.app.push_screen(BudgetScreen())

    def action_rates(self) -> None:
        """The exchange rates behind the net worth line."""
        from dashboard_tui.finance.ui.rates import RatesScreen

        self.stale = True  # a rate changed moves the net worth
        self.app.push_screen(RatesScreen(self.worth.currency if self.worth else "EUR"))

    def action_card_details(self) -> None:
        """The highlighted credit card's limit, statement day and due day."""
        account = self.highlighted()
        if account is None:
            return
        if account.kind != "credit_card":
            self.notify("Only a credit card account has card details.", markup=False)
            return
        ctx, login = self.ctx, self.login
        self.open_form(
            f"Card details of {quoted(account.name)}",
            CARD_FORM,
            account,
            lambda v: finance_services(ctx).accounts.set_credit_card(
                login,
                account.id,
                limit=v.limit,
                statement_day=v.statement_day,
                due_day=v.due_day,
            ),
            lambda a: self.saved(f"Card details of {quoted(a.name)} saved."),
            note=(
                f"Limit in {account.currency}. A day past a month's end is its last day; "
                "the payment is due on the first due day after the statement."
            ),
        )

    def action_import_csv(self) -> None:
        """The CSV import into the highlighted account."""
        from dashboard_tui.finance.ui.importer import ImportScreen

        account = self.highlighted()
        if account is None:
            self.notify("Make an account first (n), then import into it.", markup=False)
            return
        self.stale = True
        self.app.push_screen(ImportScreen(account))

    def action_reports(self) -> None:
        from dashboard_tui.finance.ui.reports import ReportsScreen

        self.app.push_screen(ReportsScreen())

    def action_investments(self) -> None:
        """The holdings of the highlighted investment account."""
        from dashboard_tui.finance.ui.investments import InvestmentsScreen

        account = self.highlighted()
        if account is None or account.kind != "investment":
            self.notify("Highlight an investment account, then v shows its holdings.", markup=False)
            return
        self.app.push_screen(InvestmentsScreen(account))

    def refresh_list(self) -> None:
        self.table.set_loader(accounts_loader(self.ctx, self.login, self.show_archived))

    # -- actions ----------------------------------------------------------------------
    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.refresh_list()
        shown = "shown" if self.show_archived else "hidden"
        self.notify(f"Archived accounts {shown}.", markup=False)

    def action_new_account(self) -> None:
        ctx, login = self.ctx, self.login
        self.open_form(
            "New account",
            ACCOUNT_FORM,
            None,
            lambda v: finance_services(ctx).accounts.create_account(
                login,
                name=v.name,
                kind=v.kind,
                currency=v.currency,
                opening_balance=v.opening_balance,
            ),
            lambda a: self.saved(f"Account {quoted(a.name)} made."),
        )

    def action_edit_account(self) -> None:
        account = self.highlighted()
        if account is None:
            return
        ctx, login = self.ctx, self.login
        self.open_form(
            f"Edit account {quoted(account.name)}",
            ACCOUNT_FORM,
            account,
            lambda v: finance_services(ctx).accounts.edit_account(
                login, account.id, name=v.name, opening_balance=v.opening_balance
            ),
            lambda a: self.saved(f"Account {quoted(a.name)} saved."),
            note=f"Kind and currency stay ({KIND_LABELS.get(account.kind)}, {account.currency}).",
        )

    def action_archive_account(self) -> None:
        account = self.highlighted()
        if account is None:
            return
        ctx, login = self.ctx, self.login
        archive = not account.archived
        if archive:
            prompt = (
                f"Archive the account {quoted(account.name)}? It keeps its history and "
                "leaves the lists; a shows archived accounts, A restores one."
            )
        else:
            prompt = f"Restore the account {quoted(account.name)}?"
        self.ask_then_run(
            prompt,
            lambda: finance_services(ctx).accounts.archive_account(login, account.id, archive),
            lambda a: self.saved(
                f"Account {quoted(a.name)} {'archived' if archive else 'restored'}."
            ),
        )

    def saved(self, message: str) -> None:
        self.notify(message, markup=False)
        row = self.table.highlighted
        self.keep_cursor_on = row[0] if row else None
        self.table.reload()
