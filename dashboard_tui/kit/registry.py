"""The areas of the app, in the order the home screen lists them: the one place an
area is registered. Each package's `AREA` (kit/entity.py) says everything else.

The packages are loaded by name, when first asked for: their `__init__` modules are
declarations only (no SQLAlchemy, no Textual), so this costs little, and nothing here
depends on any area's code."""

from __future__ import annotations

import importlib
from functools import cache

from dashboard_tui.kit.entity import Area, Entity

AREA_PACKAGES = (
    "dashboard_tui.gym",
    "dashboard_tui.finance",
    "dashboard_tui.nutrition",
    "dashboard_tui.family",
    "dashboard_tui.audit",
    "dashboard_tui.account",
    "dashboard_tui.data",
)


@cache
def areas() -> tuple[Area, ...]:
    return tuple(importlib.import_module(name).AREA for name in AREA_PACKAGES)


@cache
def entities() -> dict[str, Entity]:
    """Every entity of every area, by the name its audit rows use."""
    found: dict[str, Entity] = {}
    for area in areas():
        for entity in area.entities:
            if entity.name in found:
                raise ValueError(f"entity {entity.name!r} is declared twice")
            found[entity.name] = entity
    return found


def area(name: str) -> Area | None:
    return next((a for a in areas() if a.name == name), None)


def audit_groups() -> dict[str, str]:
    """Audit action prefixes → what the filter calls them, in the areas' order."""
    return {prefix: label for a in areas() for prefix, label in a.audit_groups.items()}
