"""An area's screens, as the shell sees them: how to show the area (at a view),
how to show one of its records, and the palette entries it adds. Each area's
`ui/` module defines one `AreaUI`; its `Area` declaration names it by import path,
so the screens load when first opened."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard_tui.ui.shell import Shell


@dataclass(frozen=True)
class AreaCommand:
    """A palette entry: `name` opens the area at `view`."""

    name: str
    help: str
    view: str | None = None


@dataclass(frozen=True)
class AreaUI:
    open: Callable[[Shell, str | None], object]  # the area's screen, at a view (None: its first)
    open_record: Callable[[Shell, str, uuid.UUID], object]  # entity name, record id
    commands: tuple[AreaCommand, ...] = ()
