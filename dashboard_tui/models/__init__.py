"""ORM models, one module per area.

Importing this package loads no area's module: the app's start-up needs only auth
and shared, and each area costs import time. `all_metadata()` loads every module
found here (for migrations and schema checks): a new area's module needs no list."""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData


def all_metadata() -> MetaData:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    from dashboard_tui.models.base import Base

    return Base.metadata
