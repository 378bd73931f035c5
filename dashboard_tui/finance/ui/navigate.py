"""How the shell opens the finance area: the accounts list, and a finance record
(the audit history's jumps and the palette's finds post OpenRecord, which comes here
through the area registry): an account or a transaction opens its account's register.

The area stacks at most Home → Accounts → one register."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from dashboard_tui.finance import ACCOUNT, BUDGET, CREDIT_CARD, SCHEDULE, TRANSACTION
from dashboard_tui.finance.dto import AccountInfo
from dashboard_tui.finance.ui.area import FinanceScreen
from dashboard_tui.finance.ui.base import finance_services
from dashboard_tui.finance.ui.register import AccountRegisterScreen
from dashboard_tui.ui.area import AreaCommand, AreaUI

if TYPE_CHECKING:
    from dashboard_tui.ui.shell import Shell


def open_finance(shell: Shell, view: str | None = None) -> None:
    """The accounts list; view "budget": this month's budget over it, "schedules":
    the scheduled transactions (the bills) over it."""
    if view == "schedules":
        open_schedules(shell)
        return
    if not isinstance(shell.screen, FinanceScreen):
        shell.go_home()
        shell.push_screen(FinanceScreen())
    if view == "budget":
        from dashboard_tui.finance.ui.budget import BudgetScreen

        shell.push_screen(BudgetScreen())


def open_register(shell: Shell, account: AccountInfo) -> None:
    login = shell.login
    if isinstance(shell.screen, AccountRegisterScreen):
        shell.switch_screen(AccountRegisterScreen(account))
        return
    if not isinstance(shell.screen, FinanceScreen):
        shell.go_home()
        shell.push_screen(FinanceScreen())
    finance = shell.screen
    if isinstance(finance, FinanceScreen):
        finance.stale = True
    if shell.login is login:
        shell.push_screen(AccountRegisterScreen(account))


def open_record(shell: Shell, entity: str, record_id: uuid.UUID) -> None:
    ctx, login = shell.require_ctx(), shell.login
    assert login is not None
    finance = finance_services(ctx)
    if entity in (ACCOUNT.name, CREDIT_CARD.name):
        account_id = record_id
        if entity == CREDIT_CARD.name:  # no screen of its own yet: the accounts
            open_finance(shell)
            return
        shell.run_call(
            lambda: finance.accounts.get_account(login, account_id),
            lambda account: open_register(shell, account),
            group="open",
        )
    elif entity == TRANSACTION.name:

        def load() -> AccountInfo:
            t = finance.transactions.get_transaction(login, record_id)
            return finance.accounts.get_account(login, t.account_id)

        shell.run_call(load, lambda account: open_register(shell, account), group="open")
    elif entity == SCHEDULE.name:
        open_schedules(shell)
    elif entity == BUDGET.name:
        open_finance(shell, "budget")
    else:  # a category: no screen of its own yet
        open_finance(shell)


def open_schedules(shell: Shell) -> None:
    """The scheduled transactions, over the accounts list."""
    from dashboard_tui.finance.ui.schedules import SchedulesScreen

    if isinstance(shell.screen, SchedulesScreen):
        return
    open_finance(shell)
    if isinstance(shell.screen, FinanceScreen):
        shell.screen.stale = True
    shell.push_screen(SchedulesScreen())


AREA_UI = AreaUI(
    open=open_finance,
    open_record=open_record,
    commands=(
        AreaCommand("Finance: accounts", "Your accounts and their balances", None),
        AreaCommand("Finance: budget", "This month's budget: envelopes per category", "budget"),
    ),
)
