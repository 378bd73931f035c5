"""Completion in the transaction form: past payees (asked of the service as one
types, off the UI thread) and the category list (loaded once per form)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from textual.suggester import Suggester

from dashboard_tui.widgets.text import clean


def completion(typed: str, candidates: Sequence[str]) -> str | None:
    """The first candidate starting with what was typed (any case), continued from
    the typed text itself, so the field shows what the person typed plus the rest.
    A candidate with characters the field would show otherwise is never offered."""
    if not typed:
        return None
    folded = typed.casefold()
    for candidate in candidates:
        if candidate.casefold().startswith(folded) and clean(candidate) == candidate:
            return typed + candidate[len(typed) :]
    return None


class PayeeSuggester(Suggester):
    """Past payees starting with what was typed, most used first."""

    def __init__(self, payees: Callable[[str], Sequence[str]]) -> None:
        super().__init__(use_cache=True, case_sensitive=True)
        self.payees = payees  # runs in a thread: a database read

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        found = await asyncio.to_thread(self.payees, value)
        return completion(value, found)


class ListSuggester(Suggester):
    """The first of a fixed list (category paths) starting with what was typed."""

    def __init__(self, items: Sequence[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=True)
        self.items = tuple(items)

    async def get_suggestion(self, value: str) -> str | None:
        return completion(value, self.items)
