"""The reminders (r from the agenda): overdue ones first, then upcoming, soonest
first, in the profile's timezone. `n` adds a standalone one (title, day, time), `R`
on the agenda one before the highlighted event; `e` (or enter) edits, `d` deletes,
space or `D` marks done, `z` snoozes (10 minutes, an hour, tomorrow at 09:00)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from dashboard_tui.kit.forms import FieldSpec, FormSpec
from dashboard_tui.kit.validation import NOTES_MAX
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable
from dashboard_tui.widgets.text import literal

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext
    from dashboard_tui.family.dto import AgendaItem
    from dashboard_tui.family.reminders import ReminderInfo, ReminderService
    from dashboard_tui.kit.paging import Page

COLUMNS = (
    Col("Due", 17),
    Col("State", 9),
    Col("Title", 30, min_width=12),
    Col("Before", 20, min_width=8, optional=True),
)
SNOOZE_CHOICES = (
    ("10 minutes", "10m"),
    ("An hour", "1h"),
    ("Tomorrow at 09:00", "tomorrow"),
)


def reminder_services(ctx: AppContext) -> ReminderService:
    from dashboard_tui.family.reminders import ReminderService

    return ctx.services(ReminderService)


def reminder_row(r: ReminderInfo) -> PagedRow:
    from dashboard_tui.family.reminders import offset_text

    state = "overdue" if r.overdue else "snoozed" if r.snoozed else "upcoming"
    before = ""
    if r.before_minutes is not None:
        every = " each" if r.repeats else ""
        before = f"{offset_text(r.before_minutes)}{every} before {r.event_title}"
    return PagedRow(str(r.id), (f"{r.due:%a %d %b %H:%M}", state, r.title, before), r)


def reminders_loader(ctx: AppContext, login: Login) -> Any:
    def load(cursor: Any, limit: int, text: str) -> Page[PagedRow]:
        from dashboard_tui.kit.paging import Page

        needle = text.strip().casefold()
        found = reminder_services(ctx).reminders(login)
        rows = [reminder_row(r) for r in found if needle in f"{r.title} {r.notes}".casefold()]
        return Page(rows, None)

    return load


@dataclass(frozen=True)
class ReminderInput:
    title: str
    day: str
    at: str
    notes: str


@dataclass(frozen=True)
class BeforeInput:
    title: str
    before: str
    notes: str


@dataclass(frozen=True)
class SnoozeInput:
    how: str


def reminder_form(today: str = "") -> FormSpec[ReminderInfo, ReminderInput]:
    """A standalone reminder: what, which day, what time (the profile's zone)."""
    return FormSpec(
        ReminderInput,
        (
            FieldSpec("title", "Title", lambda r: r.title, max_length=200),
            FieldSpec(
                "day",
                "Date",
                lambda r: f"{r.due:%Y-%m-%d}",
                today,
                placeholder="YYYY-MM-DD",
                max_length=10,
            ),
            FieldSpec(
                "at",
                "Time",
                lambda r: f"{r.due:%H:%M}",
                "09:00",
                placeholder="09:30",
                max_length=5,
            ),
            FieldSpec("notes", "Notes", lambda r: r.notes, max_length=NOTES_MAX),
        ),
    )


def before_form(title: str = "") -> FormSpec[ReminderInfo, BeforeInput]:
    """A reminder before an event (each occurrence of a series)."""
    from dashboard_tui.family.reminders import offset_text

    return FormSpec(
        BeforeInput,
        (
            FieldSpec("title", "Title", lambda r: r.title, title, max_length=200),
            FieldSpec(
                "before",
                "Before",
                lambda r: offset_text(r.before_minutes or 0),
                "15m",
                placeholder="15m, 2h, 1d",
                max_length=12,
            ),
            FieldSpec("notes", "Notes", lambda r: r.notes, max_length=NOTES_MAX),
        ),
    )


def snooze_form() -> FormSpec[ReminderInfo, SnoozeInput]:
    return FormSpec(
        SnoozeInput, (FieldSpec("how", "Snooze", lambda r: "10m", "10m", choices=SNOOZE_CHOICES),)
    )


def remind_of_event(screen: DashboardScreen, item: AgendaItem, then: Any) -> None:
    """The form for a reminder before `item`'s event (the agenda's R)."""
    ctx, login = screen.ctx, screen.login
    event_id = item.changed_id or item.event_id

    def save(v: BeforeInput) -> ReminderInfo:
        return reminder_services(ctx).add_reminder(
            login, title=v.title, before=v.before, event_id=event_id, notes=v.notes
        )

    screen.open_form(f"Remind of {item.title}", before_form(item.title), None, save, then)


class RemindersScreen(DashboardScreen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="family_reminders.back"),
        Binding("n", "new", "New", id="family_reminders.new"),
        Binding("e", "edit", "Edit", id="family_reminders.edit"),
        Binding("d", "delete", "Delete", id="family_reminders.delete"),
        Binding("space", "done", "Done", id="family_reminders.done"),
        Binding("D", "done", "Done", show=False, id="family_reminders.done_key"),
        Binding("z", "snooze", "Snooze", id="family_reminders.snooze"),
    ]

    def __init__(self, focus: uuid.UUID | None = None) -> None:
        super().__init__()
        self.focus_id = focus  # the reminder to highlight once listed (a notification's)
        self.is_ready = False  # the list is shown (tests wait on it)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="reminders"):
            yield Static(literal("Reminders: overdue, then upcoming"), id="reminders-title")
            yield PagedTable(
                *COLUMNS,
                loader=reminders_loader(self.ctx, self.login),
                page_size=500,
                empty_text="No reminders: n adds one, R on the agenda one before an event.",
                filter_placeholder="Title or notes (enter: apply, escape: clear)",
                filter_max_length=60,
                id="reminders-list",
            )
        yield AppFooter()

    def on_mount(self) -> None:
        self.table.focus()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#reminders-list", PagedTable)

    @on(PagedTable.Loaded)
    def loaded(self, event: PagedTable.Loaded) -> None:
        if self.focus_id is not None:
            if not self.table.move_to(str(self.focus_id)):  # done or deleted since
                self.notify("That reminder is not listed any more (done or deleted).")
            self.focus_id = None
        self.is_ready = True

    @on(PagedTable.LoadFailed)
    def load_failed(self, event: PagedTable.LoadFailed) -> None:
        self.report_failure(event.error)

    @on(PagedTable.Selected)
    def selected(self, event: PagedTable.Selected) -> None:
        self.action_edit()

    def highlighted(self) -> ReminderInfo | None:
        from dashboard_tui.family.reminders import ReminderInfo

        row = self.table.highlighted
        return row[1] if row and isinstance(row[1], ReminderInfo) else None

    def changed(self, message: str) -> None:
        self.notify(message, markup=False)
        self.is_ready = False
        self.table.reload()

    def action_new(self) -> None:
        ctx, login = self.ctx, self.login
        today = ""
        if self.shell.profile is not None:
            from dashboard_tui.kit.parsing import today_in

            today = today_in(ctx.clock(), self.shell.profile.timezone).isoformat()

        def save(v: ReminderInput) -> ReminderInfo:
            return reminder_services(ctx).add_reminder(
                login, title=v.title, day=v.day, at=v.at, notes=v.notes
            )

        self.open_form(
            "New reminder",
            reminder_form(today),
            None,
            save,
            lambda r: self.changed(f"{r.title} added."),
        )

    def action_edit(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        ctx, login = self.ctx, self.login
        done = lambda r: self.changed(f"{r.title} saved.")  # noqa: E731
        if item.event_id is not None:

            def save_before(v: BeforeInput) -> ReminderInfo:
                return reminder_services(ctx).edit_reminder(
                    login, item.id, title=v.title, before=v.before, notes=v.notes
                )

            self.open_form("Edit reminder", before_form(), item, save_before, done)
            return

        def save(v: ReminderInput) -> ReminderInfo:
            return reminder_services(ctx).edit_reminder(
                login, item.id, title=v.title, day=v.day, at=v.at, notes=v.notes
            )

        self.open_form("Edit reminder", reminder_form(), item, save, done)

    def action_delete(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        ctx, login = self.ctx, self.login
        self.ask_then_run(
            f"Delete the reminder {item.title}?",
            lambda: reminder_services(ctx).delete_reminder(login, item.id),
            lambda _: self.changed("Deleted. The audit history keeps a copy."),
        )

    def action_done(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        ctx, login = self.ctx, self.login
        self.run_call(
            lambda: reminder_services(ctx).done(login, item.id),
            lambda r: self.changed(f"{r.title}: done."),
        )

    def action_snooze(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        ctx, login = self.ctx, self.login

        def save(v: SnoozeInput) -> ReminderInfo:
            return reminder_services(ctx).snooze(login, item.id, v.how)

        self.open_form(
            f"Snooze {item.title}",
            snooze_form(),
            item,
            save,
            lambda r: self.changed(f"{r.title}: snoozed until {r.due:%a %d %b %H:%M}."),
        )

    def action_back(self) -> None:
        self.app.pop_screen()
