"""The nutrition use cases; `NutritionService` is the one object a screen or the CLI
holds for the area."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from dashboard_tui.db.audit_chain import NO_CLIENT, ClientInfo
from dashboard_tui.db.uow import Database
from dashboard_tui.models.base import utcnow
from dashboard_tui.nutrition.services.foods import FoodService
from dashboard_tui.nutrition.services.goals import GoalService
from dashboard_tui.nutrition.services.log import LogService
from dashboard_tui.nutrition.services.templates import TemplateService


class NutritionService:
    """The nutrition area: one object holding its services."""

    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], datetime] = utcnow,
        client: ClientInfo = NO_CLIENT,
    ) -> None:
        kw: dict[str, Any] = {"clock": clock, "client": client}
        self.foods = FoodService(db, **kw)
        self.log = LogService(db, **kw)
        self.goals = GoalService(db, **kw)
        self.templates = TemplateService(db, **kw)
