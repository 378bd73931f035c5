"""The finance area: the person's accounts with their balances (archived ones when
asked for). n/e make and change an account, A archives or restores it, enter opens
its register, S the scheduled transactions, b the month's budget, r the reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from dashboard_tui.finance.dto import AccountInfo
from dashboard_tui.finance.ui.base import FinanceBaseScreen, finance_services, money, quoted
from dashboard_tui.finance.ui.forms import ACCOUNT_FORM, KIND_CHOICES
from dashboard_tui.kit.paging import Page
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable
from dashboard_tui.widgets.text import literal

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext

KIND_LABELS = {value: label for label, value in KIND_CHOICES}
ACCOUNT_COLUMNS = (
    Col("Account", min_width=12),
    Col("Kind", 11),
    Col("Currency", 8),
    Col("Balance", 22, min_width=14),
    Col("Archived", 8, optional=True),
)


def account_row(a: AccountInfo) -> PagedRow:
    cells = (
        a.name,
        KIND_LABELS.get(a.kind, a.kind),
        a.currency,
        money(a.balance_minor, a.currency),
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


class FinanceScreen(FinanceBaseScreen):
    BINDINGS = [
        Binding("escape", "app.go_home", "Home", id="finance.home"),
        Binding("n", "new_account", "New account", id="finance.new_account"),
        Binding("e", "edit_account", "Edit", id="finance.edit_account"),
        Binding("A", "archive_account", "Archive/restore", id="finance.archive_account"),
        Binding("a", "toggle_archived", "Show archived", id="finance.show_archived"),
        Binding("S", "schedules", "Schedules", id="finance.schedules"),
        Binding("b", "budgets", "Budget", id="finance.budgets"),
        Binding("i", "import_csv", "Import CSV", id="finance.import"),
        Binding("r", "reports", "Reports", id="finance.reports"),
        Binding("v", "investments", "Investments", id="finance.investments"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_archived = False
        self.is_ready = False  # the accounts are listed (tests wait on it)
        self.stale = False  # a register was opened over this: balances may have moved

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="finance"):
            yield Static(literal("Accounts"), id="finance-title")
            yield PagedTable(
                *ACCOUNT_COLUMNS,
                loader=accounts_loader(self.ctx, self.login, False),
                page_size=200,
                empty_text="No accounts yet: n makes one.",
                id="accounts-table",
            )
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
        self.table.reload()
