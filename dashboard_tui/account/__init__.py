"""Accounts: authentication, login sessions, the token store, the profile and the
settings screen (+ ui/). The area's declaration: its records and its audit actions."""

from __future__ import annotations

from typing import Any

from dashboard_tui.kit.entity import Area, Entity, Reading, Show

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday(value: Any, reading: Reading) -> str:
    return WEEKDAYS[value] if isinstance(value, int) and 0 <= value < 7 else str(value)


USER = Entity(
    "user",
    "account",
    "user",
    "Account",
    "dashboard_tui.models.auth:User",
    fields=(
        Show("email", "Email"),
        Show("name", "Name"),
        Show("role", "Role"),
        Show("status", "Status"),
    ),
    title=lambda image: f"Account {image['email']}",
)
SESSION = Entity(
    "session",
    "account",
    "session",
    "Login session",
    "dashboard_tui.models.auth:LoginSession",
    fields=(Show("host", "Host"), Show("client", "Client")),
)
API_KEY = Entity(
    "api_key",
    "account",
    "api_key",
    "API key",
    "dashboard_tui.models.auth:ApiKey",
    fields=(
        Show("name", "Name"),
        Show("prefix", "Starts with"),
        Show("last_used_at", "Last used"),
        Show("revoked_at", "Revoked"),
    ),
    title=lambda image: f"API key {image['name']}",
)
PROFILE = Entity(
    "profile",
    "account",
    "settings",
    "Settings",
    "dashboard_tui.models.shared:Profile",
    fields=(
        Show("weight_unit", "Weight unit"),
        Show("currency", "Currency"),
        Show("timezone", "Timezone"),
        Show("week_start", "Week starts on", weekday),
        Show("theme", "Theme"),
    ),
)

AREA = Area(
    "account",
    "Settings",
    entities=(USER, SESSION, API_KEY, PROFILE),
    key="6",
    summary="Password, login sessions, units, theme",
    audit_groups={"auth": "Logins and passwords", "user": "Accounts", "settings": "Settings"},
    ui="dashboard_tui.account.ui.settings:AREA_UI",
    stored_rules="dashboard_tui.account.rules:STORED_RULES",
)
