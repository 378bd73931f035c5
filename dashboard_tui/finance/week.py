"""The finance tile on the home screen (kit/tile.py): this month's budget, spent
against budgeted, the bills (scheduled transactions) due in the next 7 days, and the
accounts' balances. Read through finance's own services."""

from __future__ import annotations

from typing import Any

from dashboard_tui.finance import ACCOUNT, SCHEDULE
from dashboard_tui.finance.money import format_amount
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.kit.tile import Tile, TileLine, hint, more

BILL_DAYS = 7
SHOWN_BILLS = 3
SHOWN_ACCOUNTS = 3


def money(minor: int, currency: str) -> str:
    return format_amount(minor, currency, code=True, minus="−")


def tile(ctx: Any, login: Any) -> Tile:
    finance = ctx.services(FinanceService)
    accounts = finance.accounts.list_accounts(login)
    if not accounts:
        return hint("finance", "Finance", "No accounts yet: 2 then n adds one.")
    month = finance.budgets.month_view(login)
    bills = finance.schedules.upcoming(login, BILL_DAYS)
    spent = -month.spent_minor  # spending is negative, like the accounts
    lines = [
        TileLine(
            f"Budget {month.month:%b}: {format_amount(spent, month.currency, minus='−')}"
            f" / {money(month.budgeted_minor, month.currency)}",
            view="budget",
        ),
        TileLine(f"Bills in {BILL_DAYS} days: {len(bills)}", view="schedules"),
    ]
    for bill in bills[:SHOWN_BILLS]:
        s = bill.schedule
        due = "overdue" if bill.overdue else f"{bill.date:%a %d}"
        text = f"{due} {s.payee or s.category or s.account} {money(s.amount_minor, s.currency)}"
        lines.append(TileLine.record(text, SCHEDULE.name, s.id))
    if extra := more(SHOWN_BILLS, len(bills), "bill"):
        lines.append(TileLine(extra, view="schedules"))
    for account in accounts[:SHOWN_ACCOUNTS]:
        text = f"{account.name} {money(account.balance_minor, account.currency)}"
        lines.append(TileLine.record(text, ACCOUNT.name, account.id))
    if extra := more(SHOWN_ACCOUNTS, len(accounts), "account"):
        lines.append(TileLine(extra))
    return Tile("finance", "Finance", tuple(lines))
