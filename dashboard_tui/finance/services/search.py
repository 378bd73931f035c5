"""The finance records for the command palette: accounts by name, transactions by
payee or notes."""

from __future__ import annotations

from dashboard_tui.finance import ACCOUNT, TRANSACTION
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.finance.services.base import FinanceWork, transaction_infos
from dashboard_tui.kit.entity import Found
from dashboard_tui.kit.service import Actor

PER_KIND = 5


def search(finance: FinanceService, login: Actor, text: str) -> list[Found]:
    needle = text.strip().lower()
    found = [
        Found(ACCOUNT.name, a.id, f"Account: {a.name}", f"{a.kind.replace('_', ' ')} · {a.balance}")
        for a in finance.accounts.list_accounts(login, include_archived=True)
        if needle in a.name.lower()
    ][:PER_KIND]

    def work(uow: FinanceWork) -> list[Found]:
        rows = uow.transactions.page(limit=PER_KIND, text=text.strip()[:120])
        return [
            Found(
                TRANSACTION.name,
                t.id,
                f"Transaction: {t.payee or t.category or t.account}",
                f"{t.date.isoformat()} · {t.amount} · {t.account}",
            )
            for t in transaction_infos(uow, rows)
        ]

    return found + finance.transactions._read(login, work)
