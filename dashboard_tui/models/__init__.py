"""ORM models, one module per domain.

Importing this package loads no domain module: the app's start-up needs only auth
and shared, and each domain costs import time. `all_metadata()` loads every table
(for migrations and schema checks)."""

from __future__ import annotations

from sqlalchemy import MetaData

DOMAINS = ("auth", "shared", "gym", "finance", "nutrition", "family")


def all_metadata() -> MetaData:
    import importlib

    for name in DOMAINS:
        importlib.import_module(f"dashboard_tui.models.{name}")
    from dashboard_tui.models.base import Base

    return Base.metadata
