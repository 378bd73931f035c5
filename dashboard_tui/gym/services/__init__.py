"""The gym's use cases; `GymService` is the one object the UI holds for the area."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from dashboard_tui.db.audit_chain import NO_CLIENT, ClientInfo
from dashboard_tui.db.uow import Database
from dashboard_tui.gym.services.cardio import CardioService
from dashboard_tui.gym.services.catalog import ExerciseCatalogService
from dashboard_tui.gym.services.importer import GymImportService
from dashboard_tui.gym.services.records import ProgressService
from dashboard_tui.gym.services.sets import SetService
from dashboard_tui.gym.services.templates import TemplateService
from dashboard_tui.gym.services.workouts import WorkoutService
from dashboard_tui.models.base import utcnow


class GymService:
    """The gym area: one object holding its services."""

    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], datetime] = utcnow,
        client: ClientInfo = NO_CLIENT,
    ) -> None:
        kw: dict[str, Any] = {"clock": clock, "client": client}
        self.catalog = ExerciseCatalogService(db, **kw)
        self.workouts = WorkoutService(db, **kw)
        self.sets = SetService(db, **kw)
        self.templates = TemplateService(db, **kw)
        self.cardio = CardioService(db, **kw)
        self.progress = ProgressService(db, **kw)
        self.imports = GymImportService(db, **kw)
