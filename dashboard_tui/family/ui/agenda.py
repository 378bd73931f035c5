"""The family area's main screen: the agenda, one line per occurrence for 30 days
from a start day (today at first), in the profile's timezone: events, changed
occurrences where they moved to, and members' birthdays with the age. `[` and `]`
move the window a week, `t` back to today, `n` adds an event; `e` (or enter) edits
the highlighted occurrence and `d` deletes it, asking for a series whether this
occurrence, this and the following ones, or all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from dashboard_tui.family.dto import AgendaItem, EventInfo
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
    from dashboard_tui.family.services import FamilyService
    from dashboard_tui.kit.paging import Page

DAYS = 30
COLUMNS = (
    Col("Day", 15),
    Col("Time", 11),
    Col("Title", 30, min_width=12),
    Col("Member", 12, min_width=6, optional=True),
    Col("Location", 20, min_width=8, optional=True),
)
REPEATS = (
    ("Does not repeat", "none"),
    ("Daily", "daily"),
    ("Weekly (on the day's weekday)", "weekly"),
    ("Monthly (on the day's date)", "monthly"),
    ("Yearly", "yearly"),
)


def family_services(ctx: AppContext) -> FamilyService:
    from dashboard_tui.family.services import FamilyService

    return ctx.services(FamilyService)


def when(item: AgendaItem) -> tuple[str, str]:
    """("Tue 06 Jan 2026", "17:00–18:00") or (…, "all day")."""
    start = item.start
    day = start.date() if isinstance(start, datetime) else start
    shown = f"{day:%a} {day.day:02} {day:%b %Y}"
    if isinstance(start, datetime) and isinstance(item.end, datetime):
        return shown, f"{start:%H:%M}–{item.end:%H:%M}"
    return shown, "all day"


def agenda_row(item: AgendaItem) -> PagedRow:
    day, time_ = when(item)
    title = item.title + (" (moved)" if item.moved else "")
    cells = (day, time_, title, item.member, item.location)
    return PagedRow(f"{item.event_id}:{item.original}", cells, item)


def agenda_loader(ctx: AppContext, login: Login, screen: FamilyScreen) -> Any:
    """Runs in a worker thread: the whole window is one page (from the screen's first
    day; none yet: today in the profile's zone)."""
    first = screen.first

    def load(cursor: Any, limit: int, text: str) -> Page[PagedRow]:
        from dashboard_tui.kit.paging import Page

        services = family_services(ctx)
        start = first or services.today(login)
        screen.shown_from = start
        items = services.agenda(login, start, DAYS)
        needle = text.strip().casefold()
        rows = [
            agenda_row(i)
            for i in items
            if not needle or needle in f"{i.title} {i.member} {i.location}".casefold()
        ]
        return Page(rows, None)

    return load


@dataclass(frozen=True)
class EventInput:
    title: str
    day: str
    start: str
    end: str
    repeat: str
    every: str
    location: str
    notes: str


def event_form(day: date | None) -> FormSpec[EventInfo, EventInput]:
    """A new event's form, on `day` (the agenda's first) unless changed."""
    return FormSpec(
        EventInput,
        (
            FieldSpec("title", "Title", lambda e: e.title, max_length=200),
            FieldSpec(
                "day",
                "Date",
                lambda e: (e.start if isinstance(e.start, date) else e.start).isoformat()[:10],
                day.isoformat() if day else "",
                placeholder="YYYY-MM-DD",
                max_length=10,
            ),
            FieldSpec(
                "start",
                "Starts at",
                lambda e: "" if e.all_day else f"{e.start:%H:%M}",
                placeholder="09:30 (empty: all day)",
                max_length=5,
            ),
            FieldSpec(
                "end",
                "Ends at",
                lambda e: "" if e.all_day else f"{e.end:%H:%M}",
                placeholder="10:30 (empty: an hour)",
                max_length=5,
            ),
            FieldSpec("repeat", "Repeats", lambda e: "none", "none", choices=REPEATS),
            FieldSpec("every", "Every", lambda e: "1", "1", placeholder="1", max_length=2),
            FieldSpec("location", "Location", lambda e: e.location, max_length=200),
            FieldSpec("notes", "Notes", lambda e: e.notes, max_length=NOTES_MAX),
        ),
    )


SERIES_SCOPES = (
    ("This occurrence", "this"),
    ("This and following", "following"),
    ("All occurrences", "all"),
)
SINGLE_SCOPE = (("This event", "all"),)


@dataclass(frozen=True)
class EditInput:
    scope: str
    title: str
    day: str
    start: str
    end: str
    location: str
    notes: str


@dataclass(frozen=True)
class DeleteInput:
    scope: str


def _in_own_zone(item: AgendaItem, moment: datetime | date) -> datetime | date:
    """An occurrence's time in its event's own zone: the one its times are typed in."""
    from dashboard_tui.kit.recurrence import zone

    return moment.astimezone(zone(item.timezone)) if isinstance(moment, datetime) else moment


def _clock(item: AgendaItem, moment: datetime | date) -> str:
    local = _in_own_zone(item, moment)
    return f"{local:%H:%M}" if isinstance(local, datetime) and not item.all_day else ""


def _scopes(item: AgendaItem) -> tuple[tuple[str, str], ...]:
    return SERIES_SCOPES if item.repeats else SINGLE_SCOPE


def edit_form(item: AgendaItem) -> FormSpec[AgendaItem, EditInput]:
    """An occurrence's edit form; for a series, which occurrences the change is for."""
    scopes = _scopes(item)
    return FormSpec(
        EditInput,
        (
            FieldSpec("scope", "Change", lambda i: scopes[0][1], choices=scopes),
            FieldSpec("title", "Title", lambda i: i.title, max_length=200),
            FieldSpec(
                "day",
                "Date",
                lambda i: str(_in_own_zone(i, i.start))[:10],
                placeholder="YYYY-MM-DD",
                max_length=10,
            ),
            FieldSpec(
                "start",
                "Starts at",
                lambda i: _clock(i, i.start),
                placeholder="09:30 (empty: all day)",
                max_length=5,
            ),
            FieldSpec(
                "end",
                "Ends at",
                lambda i: _clock(i, i.end),
                placeholder="10:30 (empty: an hour)",
                max_length=5,
            ),
            FieldSpec("location", "Location", lambda i: i.location, max_length=200),
            FieldSpec("notes", "Notes", lambda i: i.notes, max_length=NOTES_MAX),
        ),
    )


def delete_form(item: AgendaItem) -> FormSpec[AgendaItem, DeleteInput]:
    scopes = _scopes(item)
    return FormSpec(
        DeleteInput, (FieldSpec("scope", "Delete", lambda i: scopes[0][1], choices=scopes),)
    )


class FamilyScreen(DashboardScreen):
    BINDINGS = [
        Binding("escape", "back", "Home", id="family.back"),
        Binding("left_square_bracket", "week(-1)", "Week back", id="family.week_back"),
        Binding("right_square_bracket", "week(1)", "Week on", id="family.week_on"),
        Binding("t", "today", "Today", id="family.today"),
        Binding("n", "new_event", "New event", id="family.new"),
        Binding("e", "edit_event", "Edit", id="family.edit"),
        Binding("d", "delete_event", "Delete", id="family.delete"),
        Binding("m", "month", "Month", id="family.month"),
        Binding("M", "members", "Members", id="family.members"),
        Binding("l", "time_logs", "Time logs", id="family.time_logs"),
    ]

    def __init__(self, first: date | None = None) -> None:
        super().__init__()
        self.first = first  # None: today
        self.shown_from: date | None = None  # the first day of the rows shown
        self.is_ready = False  # the list is shown (tests wait on it)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="family"):
            yield Static(literal("Agenda"), id="family-title")
            yield PagedTable(
                *COLUMNS,
                loader=agenda_loader(self.ctx, self.login, self),
                page_size=2000,
                empty_text="Nothing in these 30 days: n adds an event.",
                filter_placeholder="Title, member or place (enter: apply, escape: clear)",
                filter_max_length=60,
                id="family-agenda",
            )
        yield AppFooter()

    def heading(self) -> str:
        first = self.shown_from
        if first is None:
            return "Agenda"
        last = first + timedelta(days=DAYS - 1)
        return f"Agenda: {first:%a} {first.day} {first:%b %Y} – {last:%a} {last.day} {last:%b %Y}"

    def on_mount(self) -> None:
        self.table.focus()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#family-agenda", PagedTable)

    @on(PagedTable.Loaded)
    def loaded(self, event: PagedTable.Loaded) -> None:
        self.first = self.shown_from
        self.query_one("#family-title", Static).update(literal(self.heading()))
        self.is_ready = True

    @on(PagedTable.Selected)
    def selected(self, event: PagedTable.Selected) -> None:
        self.action_edit_event()

    def highlighted(self) -> AgendaItem | None:
        row = self.table.highlighted
        item = row[1] if row and isinstance(row[1], AgendaItem) else None
        if item is not None and item.birthday_age is not None:
            self.notify("A birthday comes from its member's details.", markup=False)
            return None
        return item

    def changed(self, message: str) -> None:
        self.notify(message, markup=False)
        self.table.reload()

    def action_edit_event(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        ctx, login = self.ctx, self.login

        def save(v: EditInput) -> EventInfo:
            return family_services(ctx).edit_event(
                login,
                item.event_id,
                scope=v.scope,
                original=item.original,
                title=v.title,
                day=v.day,
                start=v.start or None,
                end=v.end or None,
                location=v.location,
                notes=v.notes,
            )

        self.open_form(
            "Edit event", edit_form(item), item, save, lambda e: self.changed(f"{e.title} saved.")
        )

    def action_delete_event(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        ctx, login = self.ctx, self.login

        def save(v: DeleteInput) -> None:
            family_services(ctx).delete_event(
                login, item.event_id, scope=v.scope, original=item.original
            )

        self.open_form(
            f"Delete {item.title}",
            delete_form(item),
            item,
            save,
            lambda _: self.changed("Deleted. The audit history keeps a copy."),
        )

    @on(PagedTable.LoadFailed)
    def load_failed(self, event: PagedTable.LoadFailed) -> None:
        self.report_failure(event.error)

    def show_from(self, first: date | None) -> None:
        self.first = first
        self.is_ready = False
        self.table.set_loader(agenda_loader(self.ctx, self.login, self))

    def action_week(self, weeks: int) -> None:
        if self.first is not None:
            self.show_from(self.first + timedelta(weeks=weeks))

    def action_today(self) -> None:
        self.show_from(None)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_month(self) -> None:
        from dashboard_tui.family.ui.month import MonthScreen

        self.app.push_screen(MonthScreen(self.first))

    def action_members(self) -> None:
        from dashboard_tui.family.ui.members import MembersScreen

        def back(_: object = None) -> None:
            self.table.reload()  # birthdays may have changed

        self.app.push_screen(MembersScreen(), back)

    def action_time_logs(self) -> None:
        from dashboard_tui.family.ui.time_logs import TimeLogsScreen

        self.app.push_screen(TimeLogsScreen())

    def action_new_event(self) -> None:
        ctx, login = self.ctx, self.login

        def save(v: EventInput) -> EventInfo:
            from dashboard_tui.family.services import simple_rule

            return family_services(ctx).add_event(
                login,
                title=v.title,
                day=v.day,
                start=v.start or None,
                end=v.end or None,
                rule=simple_rule(v.repeat, v.every),
                location=v.location,
                notes=v.notes,
            )

        def then(e: EventInfo) -> None:
            self.notify(f"{e.title} added.", markup=False)
            self.table.reload()

        self.open_form("New event", event_form(self.shown_from), None, save, then)
