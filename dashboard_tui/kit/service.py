"""What every service holds: the database, the clock (injectable in tests) and where
the actions come from (for the audit rows)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from dashboard_tui.db.audit_chain import NO_CLIENT, ClientInfo
from dashboard_tui.db.uow import Database
from dashboard_tui.models.base import utcnow


class Service:
    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], datetime] = utcnow,
        client: ClientInfo = NO_CLIENT,
    ) -> None:
        self.db = db
        self.clock = clock
        self.client = client
