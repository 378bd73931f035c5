"""Rules on stored values: what an area's services accept, stated per table, so that
rows arriving another way (an import, a portable backup's restore) are held to the
same rules, and nothing comes in that the app's own forms would refuse to save again.

An area names its rules in its declaration (`Area.stored_rules`, kit/entity.py): a
mapping of table name → `FieldRules`. Each check is the one the services call (or
is built from the same constants), given the stored value and the field's name."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, Protocol

from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.parsing import parse_int

# (stored value, field name) → anything; raises ValidationError naming the field.
Check = Callable[[Any, str], object]


class TableRule(Protocol):
    fields: frozenset[str]  # the columns it reads (a test checks that they exist)

    def __call__(self, row: Mapping[str, Any], /) -> None:
        """Raises one ValidationError naming every refused field of `row`."""


class FieldRules:
    """One table's rule: a check per field. A null value is not checked: whether a
    field may be null is its column's business."""

    def __init__(self, **checks: Check) -> None:
        self.checks = checks
        self.fields = frozenset(checks)

    def __call__(self, row: Mapping[str, Any]) -> None:
        """Raises one ValidationError naming every refused field of `row`."""
        errors: dict[str, str] = {}
        for field, check in self.checks.items():
            value = row.get(field)
            if value is None:
                continue
            try:
                check(value, field)
            except ValidationError as exc:
                errors.update(exc.errors)
        if errors:
            raise ValidationError(errors)


def whole(lo: int, hi: int) -> Check:
    """A whole number from lo to hi, as `parse_int` takes it from a form."""

    def check(value: Any, field: str) -> int:
        return parse_int(value, field=field, lo=lo, hi=hi)

    return check


def one_of(choices: Collection[str], message: str) -> Check:
    def check(value: Any, field: str) -> str:
        if value not in choices:
            raise ValidationError.one(field, message)
        return value

    return check


class TogetherRules:
    """Fields checked together by one function that takes them as keyword arguments
    (a service's check of a whole form, e.g. the settings)."""

    def __init__(self, check: Callable[..., object], *fields: str) -> None:
        self.check = check
        self.fields = frozenset(fields)

    def __call__(self, row: Mapping[str, Any]) -> None:
        self.check(**{field: row.get(field) for field in self.fields})


StoredRules = Mapping[str, TableRule]
