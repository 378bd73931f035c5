"""Backup, restore, export and import (command line)."""

from __future__ import annotations

from dashboard_tui.kit.entity import Area

AREA = Area("data", "Import and export", audit_groups={"data": "Import and export"})
