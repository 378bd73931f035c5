"""The finance use cases; `FinanceService` is the one object a screen or the CLI holds
for the area."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from dashboard_tui.db.audit_chain import NO_CLIENT, ClientInfo
from dashboard_tui.db.uow import Database
from dashboard_tui.finance.services.accounts import AccountService
from dashboard_tui.finance.services.budgets import BudgetService
from dashboard_tui.finance.services.cards import CardService
from dashboard_tui.finance.services.categories import CategoryService
from dashboard_tui.finance.services.converted import ConvertedReportService
from dashboard_tui.finance.services.importer import ImportService
from dashboard_tui.finance.services.investments import InvestmentService
from dashboard_tui.finance.services.rates import RateService
from dashboard_tui.finance.services.reports import ReportService
from dashboard_tui.finance.services.rule_offers import RuleOfferService
from dashboard_tui.finance.services.schedules import ScheduleService
from dashboard_tui.finance.services.transactions import TransactionService
from dashboard_tui.models.base import utcnow


class FinanceService:
    """The finance area: one object holding its services."""

    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], datetime] = utcnow,
        client: ClientInfo = NO_CLIENT,
    ) -> None:
        kw: dict[str, Any] = {"clock": clock, "client": client}
        self.accounts = AccountService(db, **kw)
        self.transactions = TransactionService(db, **kw)
        self.categories = CategoryService(db, **kw)
        self.schedules = ScheduleService(db, **kw)
        self.budgets = BudgetService(db, **kw)
        self.cards = CardService(db, **kw)
        self.rates = RateService(db, **kw)
        self.imports = ImportService(db, **kw)
        self.reports = ReportService(db, **kw)
        self.investments = InvestmentService(db, **kw)
        self.rule_offers = RuleOfferService(db, **kw)
        self.converted = ConvertedReportService(db, **kw)
