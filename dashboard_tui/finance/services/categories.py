"""Categories: the shipped ones (read-only) and the person's own, in a hierarchy
written as a path (`Food:Groceries`, as hledger names accounts). Create (under a
parent), rename (its own subcategories follow), merge (re-categorises history)."""

from __future__ import annotations

import uuid

from dashboard_tui.finance import CATEGORY
from dashboard_tui.finance.dto import CategoryInfo, MergeResult
from dashboard_tui.finance.repository import CATEGORY_KINDS
from dashboard_tui.finance.services.base import (
    FinanceServiceBase,
    FinanceWork,
    category_image,
    category_info,
)
from dashboard_tui.kit.edit import need
from dashboard_tui.kit.errors import PermissionDenied, ServiceError, ValidationError
from dashboard_tui.kit.service import Actor
from dashboard_tui.kit.validation import NAME_MAX, clean_name
from dashboard_tui.models.shared import CatalogItem

SHIPPED_READ_ONLY = "Categories shipped with the app cannot be changed; create your own instead."
SEPARATOR = ":"


class InUse(ServiceError):
    """The category still has subcategories; the message says what to do."""


def _kind(value: str) -> str:
    kind = str(value).strip().lower()
    if kind not in CATEGORY_KINDS:
        raise ValidationError.one("kind", "Choose income or expense.")
    return kind


def _segment(value: str, field: str = "name") -> str:
    """One level's name: no ':' (it separates levels)."""
    name = clean_name(value, field)
    if SEPARATOR in name:
        raise ValidationError.one(field, "Choose a parent for a subcategory instead of typing ':'.")
    return name


def _own(uow: FinanceWork, category_id: uuid.UUID) -> CatalogItem:
    row = need(uow.categories.get(category_id), "category")
    if row.user_id is None:
        raise PermissionDenied(SHIPPED_READ_ONLY)
    return row


def _free(uow: FinanceWork, kind: str, path: str, category_id: uuid.UUID | None) -> None:
    if len(path) > NAME_MAX:
        raise ValidationError.one("name", f"The full name is at most {NAME_MAX} characters.")
    if any(r.id != category_id for r in uow.categories.by_path(kind, path)):
        raise ValidationError.one("name", f"There is a category {path} already.")


class CategoryService(FinanceServiceBase):
    def list_categories(self, login: Actor, *, kind: str | None = None) -> tuple[CategoryInfo, ...]:
        """Shipped and own, by path (so a parent comes just before its children)."""
        kind_ = _kind(kind) if kind else None

        def work(uow: FinanceWork) -> tuple[CategoryInfo, ...]:
            rows = [category_info(r) for r in uow.categories.listed(kind_)]
            return tuple(sorted(rows, key=lambda c: (c.kind, c.path.lower().split(SEPARATOR))))

        return self._read(login, work)

    def create_category(
        self, login: Actor, *, name: str, kind: str = "expense", parent_id: uuid.UUID | None = None
    ) -> CategoryInfo:
        def work(uow: FinanceWork) -> CategoryInfo:
            kind_ = _kind(kind)
            path = _segment(name)
            if parent_id is not None:
                parent = uow.category(parent_id, "parent")
                assert parent is not None
                if parent.kind != CATEGORY_KINDS[kind_]:
                    raise ValidationError.one("parent", f"Choose an {kind_} category as parent.")
                path = f"{parent.name}{SEPARATOR}{path}"
            _free(uow, kind_, path, None)
            row = uow.categories.add(
                CatalogItem(kind=CATEGORY_KINDS[kind_], name=path, attributes={})
            )
            uow.audit(CATEGORY, "created", row.id, after=category_image(row))
            return category_info(row)

        return self._write(login, work)

    def rename_category(self, login: Actor, category_id: uuid.UUID, name: str) -> CategoryInfo:
        """A new name for the last level; the person's own subcategories follow."""

        def work(uow: FinanceWork) -> CategoryInfo:
            row = _own(uow, category_id)
            parent = row.name.rpartition(SEPARATOR)[0]
            path = f"{parent}{SEPARATOR}{_segment(name)}" if parent else _segment(name)
            kind = row.kind.removesuffix("_category")
            _free(uow, kind, path, row.id)
            old = row.name
            for item in [row, *uow.categories.beneath(row)]:
                if item.user_id is None:
                    continue  # a shipped child keeps its name (it never sits under an own one)
                before = category_image(item)
                item.name = path + item.name[len(old) :]
                uow.session.flush()
                uow.audit(CATEGORY, "renamed", item.id, before=before, after=category_image(item))
            return category_info(row)

        return self._write(login, work)

    def merge_category(self, login: Actor, source_id: uuid.UUID, into_id: uuid.UUID) -> MergeResult:
        """Everything in `source` (transactions and split parts) moves to `into`, and
        `source`, one of your own, goes. Both must be income, or both expense."""

        def work(uow: FinanceWork) -> MergeResult:
            source = _own(uow, source_id)
            into = uow.category(into_id, "into")
            assert into is not None
            if into.id == source.id:
                raise ValidationError.one("into", "Choose another category to merge into.")
            if into.kind != source.kind:
                raise ValidationError.one("into", "Merge income into income, expense into expense.")
            if uow.categories.beneath(source):
                raise InUse(f"{source.name} has subcategories: merge or rename them first.")
            moved, parts = uow.transactions.recategorise(source.id, into.id)
            before = category_image(source)
            uow.categories.delete(source)
            uow.audit(
                CATEGORY,
                "merged",
                source_id,
                before=before,
                after={
                    **before,
                    "merged_into": into.name,
                    "moved": f"{moved} transactions, {parts} split parts",
                },
            )
            return MergeResult(category_info(into), moved, parts)

        return self._write(login, work)
