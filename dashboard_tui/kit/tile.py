"""An area's tile on the home screen: this week at a glance, a few lines, each one
leading to the screen or record it sums up.

An area declares `week="module:function"` (kit/entity.py Area); the function gets the
app context (`ctx.services(cls)` builds the area's services) and the login, runs in
the home screen's worker, and reads everything through the area's own services, so
home knows nothing of any area. UI-free: the home screen renders the tiles."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TileLine:
    """One line of a tile, and where enter on it leads: a record (`entity` and
    `record_id`), else the tile's area at `view` (None: its first screen)."""

    text: str
    view: str | None = None
    entity: str | None = None
    record_id: uuid.UUID | None = None
    # An app action instead of an area (the notifications list is the shell's own).
    action: str | None = None

    @classmethod
    def record(cls, text: str, entity: str, record_id: uuid.UUID) -> TileLine:
        return cls(text, entity=entity, record_id=record_id)


@dataclass(frozen=True)
class Tile:
    area: str  # the area's name: a line without a record opens it
    title: str
    lines: tuple[TileLine, ...]
    # The area has nothing this week: `lines` is one hint of how to start.
    empty: bool = False


# (the app context, the login) -> the area's tile; runs in a worker thread.
WeekTile = Callable[[Any, Any], Tile]


def hint(
    area: str, title: str, text: str, view: str | None = None, action: str | None = None
) -> Tile:
    """An empty area's tile: one line saying how to start (it opens the area)."""
    return Tile(area, title, (TileLine(text, view=view, action=action),), empty=True)


def more(shown: int, total: int, noun: str) -> str:
    """ "+ 3 more accounts" ("+ 1 more account") when a tile lists only the first few;
    `noun` in the singular."""
    left = total - shown
    return f"+ {left} more {noun}{'' if left == 1 else 's'}" if left > 0 else ""
