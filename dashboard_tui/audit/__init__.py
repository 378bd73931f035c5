"""The audit history as a person reads it (+ ui/). The chain itself is written by
db/audit_chain.py inside every unit of work; this area only reads it."""

from __future__ import annotations

from dashboard_tui.kit.entity import Area, Entity

# An entry of the history itself (the command palette finds and opens them).
AUDIT_ENTRY = Entity(
    "audit_entry", "audit", "entry", "Audit entry", "dashboard_tui.models.shared:AuditLog"
)

AREA = Area(
    "audit",
    "Audit history",
    entities=(AUDIT_ENTRY,),
    key="5",
    summary="Every change and login, before and after",
    services="dashboard_tui.audit.history:AuditHistoryService",
    search="dashboard_tui.audit.history:search",
    ui="dashboard_tui.audit.ui.history:AREA_UI",
)
