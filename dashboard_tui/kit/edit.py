"""The shapes of create / edit / delete that every entity's service shares: collect
each field's error (`Form`), say a record is gone (`need`), write a change and its
audit row (`apply_edit`, `audit_edit`), keep positions contiguous (`renumber`,
`moved`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from dashboard_tui.db import audit_chain
from dashboard_tui.kit.entity import Entity
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.kit.service import UnitOfWork

T = TypeVar("T")


class Form:
    """Collects every field's error so a form can show them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def take(self, parse: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            return parse(*args, **kwargs)
        except ValidationError as exc:
            for key, message in exc.errors.items():
                self.errors.setdefault(key, message)
            # Typed T for the callers' sake: done() raises before a None is used.
            return None  # type: ignore[return-value]

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def need(row: T | None, what: str) -> T:
    if row is None:
        raise NotFound(f"That {what} does not exist (it may have been deleted).")
    return row


def audit_edit(
    uow: UnitOfWork,
    entity: Entity,
    row: Any,
    before: dict[str, Any],
    image: Callable[[Any], dict[str, Any]] = audit_chain.snapshot,
    verb: str = "edited",
) -> None:
    """Audit an edit with full before/after images, unless nothing changed."""
    after = image(row)
    if any(before.get(k) != v for k, v in after.items() if k != "updated_at"):
        uow.audit(entity, verb, row.id, before=before, after=after)


def apply_edit(
    uow: UnitOfWork,
    entity: Entity,
    row: Any,
    values: dict[str, Any],
    image: Callable[[Any], dict[str, Any]] = audit_chain.snapshot,
) -> None:
    """Set `values` on `row` and audit the edit (full before/after), unless nothing
    changed."""
    before = image(row)
    for key, value in values.items():
        setattr(row, key, value)
    uow.session.flush()
    audit_edit(uow, entity, row, before, image)


def renumber(rows: list[Any]) -> None:
    """Positions 0..n-1 in the given order."""
    for i, row in enumerate(rows):
        if row.position != i:
            row.position = i


def moved(rows: list[Any], row: Any, offset: int) -> list[Any]:
    """`rows` with `row` moved by `offset` places (clamped to the ends)."""
    rest = [r for r in rows if r is not row]
    index = max(0, min(len(rest), rows.index(row) + offset))
    return [*rest[:index], row, *rest[index:]]
