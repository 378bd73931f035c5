"""What a screen may ask of the app: a small protocol, so screens do not depend on
`DashboardApp` itself, and the messages that ask it to open something.

Any screen posts `OpenRecord(entity, id)`; the app looks the entity up in the area
registry and lets that area's screens open it (ui/area.py). Areas never call one
another, and the app has no per-area methods."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from textual.message import Message

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from dashboard_tui.account.auth import Login
    from dashboard_tui.account.profile import ProfileInfo
    from dashboard_tui.account.signin import SignedIn
    from dashboard_tui.config import Settings
    from dashboard_tui.context import AppContext

T = TypeVar("T")


class OpenRecord(Message):
    """Show the record `record_id` of kind `entity` (an Entity's name)."""

    def __init__(self, entity: str, record_id: uuid.UUID) -> None:
        super().__init__()
        self.entity = entity
        self.record_id = record_id


HISTORY_AREA = "audit"  # the area that keeps every record's history
HISTORY_VIEW = "record"  # its view of one record: "record <entity> <id>"


def history_view(entity: str, record_id: uuid.UUID) -> str:
    """The audit area's view of one record's own history, for OpenArea("audit", …)."""
    return f"{HISTORY_VIEW} {entity} {record_id}"


def parse_history_view(view: str | None) -> tuple[str, uuid.UUID] | None:
    """(entity, id) of a history_view, else None."""
    parts = (view or "").split(" ")
    if len(parts) != 3 or parts[0] != HISTORY_VIEW:
        return None
    try:
        return parts[1], uuid.UUID(parts[2])
    except ValueError:
        return None


class OpenArea(Message):
    """Show an area's main screen, at one of its views (e.g. the gym's "cardio" tab)."""

    def __init__(self, area: str, view: str | None = None) -> None:
        super().__init__()
        self.area = area
        self.view = view


class Shell(Protocol):
    """The app as screens see it."""

    settings: Settings
    login: Login | None
    profile: ProfileInfo | None

    @property
    def weight_unit(self) -> str: ...

    @property
    def screen(self) -> Screen[Any]: ...

    def require_ctx(self) -> AppContext: ...

    def go_home(self) -> None: ...

    def show_only(self, screen: Screen[Any]) -> None: ...

    def push_screen(self, screen: Any, callback: Any = None) -> Any: ...

    def switch_screen(self, screen: Any) -> Any: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def post_message(self, message: Message) -> bool: ...

    def run_call(
        self,
        call: Callable[[], T],
        then: Callable[[T], object] | None = None,
        *,
        failed: Callable[[BaseException], object] | None = None,
        group: str = "write",
        exclusive: bool = False,
    ) -> None: ...

    # account
    def signed_in(self, signed_in: SignedIn, message: str | None = None) -> None: ...

    def show_login(self, message: str | None = None) -> None: ...

    def show_registration(self, *, first_account: bool) -> None: ...

    def profile_changed(self, profile: ProfileInfo) -> None: ...

    # notifications: the header's unread count, after a read
    def unread_changed(self, count: int) -> None: ...


def record_history(entity: str, record_id: uuid.UUID) -> OpenArea:
    """The message that opens one record's own history (the audit area's view of it),
    over the screen that posts it."""
    return OpenArea(HISTORY_AREA, history_view(entity, record_id))
