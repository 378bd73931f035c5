"""What the family services accept for members and events, as rules on stored rows
(kit/rules.py): an import or a restore holds the rows it brings to them, so none
comes in that the family forms would refuse to save again. The checks are the
services' own, with the services' own limits."""

from __future__ import annotations

from typing import Any

from dashboard_tui.family.palette import check_color
from dashboard_tui.family.services import (
    LOCATION_MAX,
    RELATION_MAX,
    TITLE_MAX,
    parse_day,
)
from dashboard_tui.kit import recurrence
from dashboard_tui.kit.rules import FieldRules, StoredRules
from dashboard_tui.kit.validation import clean_name, clean_notes, clean_text


def _text(max_len: int, *, required: bool) -> Any:
    def check(value: Any, field: str) -> str:
        return clean_text(field, value, max_len=max_len, required=required)

    return check


def _color(value: Any, field: str) -> object:
    """Stored as the form stores it: a lower-case name or #hex, nothing else."""
    return check_color(str(value), field)


def _day(value: Any, field: str) -> object:
    return parse_day(value, field)


def _zone(value: Any, field: str) -> object:
    return recurrence.zone(str(value))


def _rrule(value: Any, field: str) -> object:
    return recurrence.check_event_rule(value, field)


STORED_RULES: StoredRules = {
    "family_members": FieldRules(
        name=clean_name,
        relation=_text(RELATION_MAX, required=False),
        birthday=_day,
        color=_color,
        notes=clean_notes,
    ),
    "events": FieldRules(
        title=_text(TITLE_MAX, required=True),
        location=_text(LOCATION_MAX, required=False),
        notes=clean_notes,
        timezone=_zone,
        rrule=_rrule,
    ),
}
