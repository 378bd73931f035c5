"""The notifications list, from anywhere (ctrl+t, the palette): newest first, unread
ones marked; enter marks one read and opens what it is about (a reminder: the
reminders screen), `a` marks all read. The header's unread count follows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from dashboard_tui.ui.record_list import RecordListScreen
from dashboard_tui.ui.shell import OpenRecord
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable
from dashboard_tui.widgets.text import literal

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext
    from dashboard_tui.kit.notifications import NotificationInfo, NotificationService
    from dashboard_tui.kit.paging import Page

PAGE = 100
COLUMNS = (
    Col("When", 17),
    Col("State", 14),
    Col("Title", 30, min_width=12),
    Col("Details", 40, min_width=10, optional=True),
)
REMINDER_ENTITY = "reminder"  # the family area's Entity name (the registry resolves it)


def notification_services(ctx: AppContext) -> NotificationService:
    from dashboard_tui.kit.notifications import NotificationService

    return ctx.services(NotificationService)


def notification_row(n: NotificationInfo, zone: Any) -> PagedRow:
    at = n.created_at.astimezone(zone)
    state = ("unread" if not n.read else "read") + (", missed" if n.missed else "")
    details = " ".join(n.body.split())  # one line: the body's line breaks as spaces
    return PagedRow(str(n.id), (f"{at:%a %d %b %H:%M}", state, n.title, details), n)


def notifications_loader(ctx: AppContext, login: Login, timezone: str) -> Any:
    def load(cursor: Any, limit: int, text: str) -> Page[PagedRow]:
        from dashboard_tui.kit.paging import Page
        from dashboard_tui.kit.recurrence import zone

        page = notification_services(ctx).page(login, limit, cursor)
        needle = text.strip().casefold()
        rows = [
            notification_row(n, zone(timezone))
            for n in page.rows
            if not needle or needle in f"{n.title} {n.body}".casefold()
        ]
        return Page(rows, page.cursor)

    return load


class NotificationsScreen(RecordListScreen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="notifications.back"),
        Binding("a", "all_read", "All read", id="notifications.all_read"),
    ]

    def compose(self) -> ComposeResult:
        timezone = self.shell.profile.timezone if self.shell.profile else "UTC"
        yield AppHeader()
        with Vertical(id="notifications"):
            yield Static(literal("Notifications"), id="notifications-title")
            yield PagedTable(
                *COLUMNS,
                loader=notifications_loader(self.ctx, self.login, timezone),
                page_size=PAGE,
                empty_text="No notifications yet: reminders that fire are listed here.",
                filter_placeholder="Title or details (enter: apply, escape: clear)",
                filter_max_length=60,
                id="notifications-list",
            )
        yield AppFooter()

    def on_mount(self) -> None:
        self.table.focus()

    def read_done(self, unread: int) -> None:
        self.shell.unread_changed(unread)
        self.is_ready = False
        self.changed()

    def open_row(self) -> None:
        """Enter: marks it read and opens its reminder, if it came from one."""
        from dashboard_tui.kit.notifications import NotificationInfo

        item = self.highlighted()
        if not isinstance(item, NotificationInfo):
            return
        ctx, login = self.ctx, self.login
        if not item.read:
            self.run_call(
                lambda: notification_services(ctx).mark_read(login, item.id), self.read_done
            )
        if item.reminder_id is not None:
            self.app.post_message(OpenRecord(REMINDER_ENTITY, item.reminder_id))

    def action_all_read(self) -> None:
        ctx, login = self.ctx, self.login
        self.run_call(lambda: notification_services(ctx).mark_all_read(login), self.read_done)

    def action_back(self) -> None:
        self.app.pop_screen()
