"""Keyset pages, one type for services and the paged table.

Repositories are asked for `limit + 1` rows: the extra one only says that there is
a next page, which starts after the key of the last row kept (`split_page`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from dashboard_tui.kit.errors import ValidationError

T = TypeVar("T")
R = TypeVar("R")

# An opaque keyset position: pass `Page.next_cursor` back to get the next page.
Cursor = tuple[Any, ...]
MAX_PAGE = 500


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list. Keep the cursors of pages seen to page back."""

    rows: Sequence[T]
    next_cursor: Any | None  # None: no more rows after these
    total: int | None = None  # only when asked for (with_total=True)

    @property
    def has_more(self) -> bool:
        return self.next_cursor is not None


def split_page(rows: list[R], limit: int, key: Callable[[R], Any]) -> tuple[list[R], Any]:
    """The first `limit` rows, and the cursor after them (None: no more)."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, key(rows[-1])


def check_page_size(value: int) -> int:
    if not isinstance(value, int) or not 1 <= value <= MAX_PAGE:
        raise ValidationError.one("page_size", f"Use a page size from 1 to {MAX_PAGE}.")
    return value
