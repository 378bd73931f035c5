"""The family area's main screen: the agenda, one line per occurrence for 30 days
from a start day (today at first), in the profile's timezone: events, changed
occurrences where they moved to, and members' birthdays with the age. `[` and `]`
move the window a week, `t` back to today, `n` adds an event; `e` (or enter) edits
the highlighted occurrence and `d` deletes it, asking for a series whether this
occurrence, this and the following ones, or all."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from dashboard_tui.family.dto import AgendaItem, EventInfo, EventTypeInfo, MemberInfo
from dashboard_tui.kit.forms import FieldSpec, FormSpec
from dashboard_tui.kit.validation import NOTES_MAX
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable
from dashboard_tui.widgets.text import literal

if TYPE_CHECKING:
    from pathlib import Path

    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext
    from dashboard_tui.family.ics_service import ExportResult, ImportSummary
    from dashboard_tui.family.services import FamilyService, RepeatChoices
    from dashboard_tui.kit.paging import Page

DAYS = 30
PAGE_SIZE = 100  # rows a page adds to the table (a month of 500 series is ~3,800)
COLUMNS = (
    Col("Day", 15),
    Col("Time", 11),
    Col("Title", 30, min_width=12),
    Col("Member", 12, min_width=6, optional=True),
    Col("Type", 12, min_width=6, optional=True),
    Col("Location", 20, min_width=8, optional=True),
)
NO_REPEAT = ("Does not repeat", "none")
KEEP_RULE = "keep"  # the edit form's choice for a rule it cannot show: kept as it is


def repeat_choices(day: date | None) -> tuple[tuple[str, str], ...]:
    """How an event can repeat; the monthly ones named from the form's first day, as
    Google Calendar does ("Monthly on the 2nd Tuesday")."""
    from dashboard_tui.family.services import monthly_labels

    monthly = monthly_labels(day)
    return (
        NO_REPEAT,
        ("Daily", "daily"),
        ("Weekly (on the days below)", "weekly"),
        *((label, kind) for kind, label in monthly.items()),
        ("Yearly", "yearly"),
    )


RepeatsOn = Callable[[date | None], tuple[tuple[str, str], ...]]


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
    from dashboard_tui.family.ui.colors import coloured

    title = coloured(item, item.title + (" (moved)" if item.moved else ""))
    cells = (day, time_, title, item.member, item.type_name, item.location)
    return PagedRow(row_key(item), cells, item)


def row_key(item: AgendaItem) -> str:
    return f"{item.event_id}:{item.original}"


@dataclass(frozen=True)
class AgendaCursor:
    """Where the agenda's next page starts: `index` in the window from `first` as
    the load that made `expanded` listed it, after the row keyed `after`."""

    expanded: object  # the load's token: its occurrences are reused while kept
    first: date
    index: int
    after: str


def agenda_loader(ctx: AppContext, login: Login, screen: FamilyScreen) -> Any:
    """Runs in a worker thread: the 30-day window (from the screen's first day; none
    yet: the day of the event to show, else today in the profile's zone) in pages.
    The first page expands the window once and keeps its occurrences; the next pages
    are slices of them (an AgendaCursor), so the first frame adds one page to the
    table, not the window's thousands of occurrences. A page asked for after another
    load replaced the kept ones expands the window again and goes on after the row
    it ended on. While the palette's event is to be shown, the first page reaches its
    row, so the cursor can go on it."""
    first, event_id = screen.first, screen.event_id
    kept: dict[str, Any] = {}  # the last load's token and items (one slot: loads race)

    def expand(start: date, text: str) -> list[AgendaItem]:
        """The window's occurrences the filter keeps; rows are made a page at a time."""
        needle = text.strip().casefold()
        return [
            i
            for i in family_services(ctx).agenda(login, start, DAYS)
            if not needle or needle in f"{i.title} {i.member} {i.location}".casefold()
        ]

    def first_day() -> date:
        from dashboard_tui.kit.errors import NotFound

        services = family_services(ctx)
        start = first
        if start is None and event_id is not None:
            try:
                start = services.day_to_show(login, event_id)
            except NotFound:  # deleted since: today (the screen says it is gone)
                start = None
        return start or services.today(login)

    def load(cursor: AgendaCursor | None, limit: int, text: str) -> Page[PagedRow]:
        from dashboard_tui.kit.paging import Page

        if cursor is None:
            token, start, index = object(), first_day(), 0
            items = expand(start, text)
            kept.update(token=token, items=items)
            shown = screen.event_id
            found = (n for n, i in enumerate(items) if shown and shows_event(i, shown))
            end = max(limit, next(found, -1) + 1)
        elif kept.get("token") is cursor.expanded:
            token, start, index = cursor.expanded, cursor.first, cursor.index
            items = kept["items"]
            end = index + limit
        else:  # another load came since: the window again, after the same row
            token, start = object(), cursor.first
            items = expand(start, text)
            kept.update(token=token, items=items)
            keys = [row_key(i) for i in items]
            index = keys.index(cursor.after) + 1 if cursor.after in keys else cursor.index
            end = index + limit
        screen.shown_from = start
        page = [agenda_row(i) for i in items[index:end]]
        more = end < len(items) and page
        return Page(page, AgendaCursor(token, start, end, page[-1].key) if more else None)

    return load


def shows_event(item: object, event_id: uuid.UUID | None) -> bool:
    """The item is an occurrence of the event (or its changed one's own row)."""
    return isinstance(item, AgendaItem) and event_id in (item.event_id, item.changed_id)


@dataclass(frozen=True)
class FormChoices:
    """What the event forms offer from the database: the members and event types."""

    members: tuple[MemberInfo, ...] = ()
    types: tuple[EventTypeInfo, ...] = ()

    def member_choices(self) -> tuple[tuple[str, str], ...]:
        return (("— (nobody)", ""), *((m.name, str(m.id)) for m in self.members))

    def type_choices(self) -> tuple[tuple[str, str], ...]:
        return (("— (no type)", ""), *((t.name, str(t.id)) for t in self.types))


def load_choices(ctx: AppContext, login: Login) -> FormChoices:
    """Runs in a worker thread."""
    services = family_services(ctx)
    return FormChoices(tuple(services.members(login)), tuple(services.event_types(login)))


@dataclass(frozen=True)
class EventInput:
    title: str
    day: str
    start: str
    end: str
    member: str
    type: str
    repeat: str
    every: str
    days: str
    ends: str
    location: str
    notes: str

    def repeats(self) -> RepeatChoices:
        from dashboard_tui.family.services import RepeatChoices

        return RepeatChoices(self.repeat, self.every, self.days, self.ends)


def _uuid(text: str) -> uuid.UUID | None:
    return uuid.UUID(text) if text else None


def _repeat_fields(
    repeats: tuple[tuple[str, str], ...], shown: Callable[[Any], RepeatChoices]
) -> tuple[FieldSpec[Any], ...]:
    """The repeat part of both forms; `shown` reads an edit form's record's choices.
    Ends is one field (never, a last day or a number of times): a form of few fields
    fits a small terminal."""
    from dashboard_tui.family.services import ends_text
    from dashboard_tui.kit.parsing import MAX_INPUT

    return (
        FieldSpec("repeat", "Repeats", lambda r: shown(r).repeat, "none", choices=repeats),
        FieldSpec("every", "Every", lambda r: shown(r).every, "1", placeholder="1", max_length=2),
        FieldSpec(
            "days",
            "On days",
            lambda r: shown(r).days,
            placeholder="weekly: mon,wed,fri (empty: the date's weekday)",
            max_length=60,
        ),
        FieldSpec(
            "ends",
            "Ends",
            lambda r: ends_text(shown(r)),
            placeholder="never · a last day (2027-03-31) · a number of times (10)",
            max_length=MAX_INPUT,
        ),
    )


def event_form(day: date | None, choices: FormChoices = FormChoices()) -> FormSpec[Any, EventInput]:
    """A new event's form, on `day` (the agenda's first) unless changed."""
    from dashboard_tui.family.services import RepeatChoices

    return FormSpec(
        EventInput,
        (
            FieldSpec("title", "Title", lambda e: e.title, max_length=200),
            FieldSpec(
                "day",
                "Date",
                lambda e: "",
                day.isoformat() if day else "",
                placeholder="YYYY-MM-DD",
                max_length=10,
            ),
            FieldSpec(
                "start",
                "Starts at",
                lambda e: "",
                placeholder="09:30 (empty: all day)",
                max_length=5,
            ),
            FieldSpec(
                "end", "Ends at", lambda e: "", placeholder="10:30 (empty: an hour)", max_length=5
            ),
            FieldSpec("member", "Member", lambda e: "", choices=choices.member_choices()),
            FieldSpec("type", "Type", lambda e: "", choices=choices.type_choices()),
            *_repeat_fields(repeat_choices(day), lambda e: RepeatChoices()),
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
class EditInput(EventInput):
    """The new-event form's fields, and which occurrences the edit is for."""

    scope: str


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


def shown_repeats(item: AgendaItem) -> RepeatChoices | None:
    """The occurrence's series as the form's repeat choices; None: a rule the form
    cannot show (it offers to keep it, in words)."""
    from dashboard_tui.family.services import choices_from_rule

    start = item.series_start or (item.start if isinstance(item.start, date) else None)
    if start is None or isinstance(start, datetime):
        return None
    return choices_from_rule(item.rule, start, timezone=item.timezone, all_day=item.all_day)


def edit_repeats(item: AgendaItem) -> RepeatsOn:
    """The edit form's repeat choices on a day: "Keep: …" (the rule in words) first
    for a rule the form cannot show."""
    keep = ((f"Keep: {item.repeats}", KEEP_RULE),) if shown_repeats(item) is None else ()
    return lambda day: (*keep, *repeat_choices(day))


def edit_form(
    item: AgendaItem, choices: FormChoices = FormChoices()
) -> FormSpec[AgendaItem, EditInput]:
    """An occurrence's edit form; for a series, which occurrences the change is for.
    Its repeat choices read the series' rule back; one the form cannot show is kept
    ("Keep: …", its words) unless another repeat is picked."""
    from dashboard_tui.family.services import RepeatChoices

    scopes = _scopes(item)
    prefilled = shown_repeats(item)
    day = _in_own_zone(item, item.start)
    repeats = edit_repeats(item)(day.date() if isinstance(day, datetime) else day)
    kept = prefilled or RepeatChoices(KEEP_RULE)
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
            FieldSpec(
                "member",
                "Member",
                lambda i: str(i.member_id or ""),
                choices=choices.member_choices(),
            ),
            FieldSpec(
                "type", "Type", lambda i: str(i.type_id or ""), choices=choices.type_choices()
            ),
            *_repeat_fields(repeats, lambda i: kept),
            FieldSpec("location", "Location", lambda i: i.location, max_length=200),
            FieldSpec("notes", "Notes", lambda i: i.notes, max_length=NOTES_MAX),
        ),
    )


def open_new_event(
    screen: DashboardScreen, day: date | None, then: Callable[[EventInfo], object]
) -> None:
    """The new event form on `day` (its members and types loaded first)."""
    ctx, login = screen.ctx, screen.login

    def save(v: EventInput) -> EventInfo:
        return family_services(ctx).add_event(
            login,
            title=v.title,
            day=v.day,
            start=v.start or None,
            end=v.end or None,
            member_id=_uuid(v.member),
            type_id=_uuid(v.type),
            repeat=v.repeats(),
            location=v.location,
            notes=v.notes,
        )

    def show(choices: FormChoices) -> None:
        from dashboard_tui.family.ui.event_form import EventFormModal

        form = partial(EventFormModal, repeats=repeat_choices)
        screen.open_form("New event", event_form(day, choices), None, save, then, modal=form)

    # The keys typed after n (the title) wait for the form: its choices load first.
    screen.run_call(lambda: load_choices(ctx, login), show, group="form", hold_keys=True)


def open_edit_event(
    screen: DashboardScreen, item: AgendaItem, then: Callable[[EventInfo], object]
) -> None:
    """An occurrence's edit form; the repeat is passed on only when it was changed
    (an unchanged one would restart a "following" series' count)."""
    ctx, login = screen.ctx, screen.login
    before = shown_repeats(item)

    def save(v: EditInput) -> EventInfo:
        repeat: dict[str, Any] = {}
        from dashboard_tui.family.services import check_days_fit, settled

        typed = v.repeats()
        if typed.repeat == KEEP_RULE:
            check_days_fit(typed)  # the kept rule is not rebuilt: the days would be lost
        elif settled(typed) != before:
            repeat["repeat"] = typed
        return family_services(ctx).edit_event(
            login,
            item.event_id,
            scope=v.scope,
            original=item.original,
            title=v.title,
            day=v.day,
            start=v.start or None,
            end=v.end or None,
            member_id=_uuid(v.member),
            type_id=_uuid(v.type),
            location=v.location,
            notes=v.notes,
            **repeat,
        )

    def show(choices: FormChoices) -> None:
        from dashboard_tui.family.ui.event_form import EventFormModal

        form = partial(EventFormModal, repeats=edit_repeats(item))
        screen.open_form("Edit event", edit_form(item, choices), item, save, then, modal=form)

    screen.run_call(lambda: load_choices(ctx, login), show, group="form", hold_keys=True)


def delete_form(item: AgendaItem) -> FormSpec[AgendaItem, DeleteInput]:
    scopes = _scopes(item)
    return FormSpec(
        DeleteInput, (FieldSpec("scope", "Delete", lambda i: scopes[0][1], choices=scopes),)
    )


class FamilyScreen(DashboardScreen):
    BINDINGS = [
        Binding("escape", "back", "Home", id="family.back"),
        # Moving in time is in the help (?) and the palette: at 80 columns the footer
        # has room for what changes things (n, e, d) and the other views.
        Binding("left_square_bracket", "week(-1)", "Week back", show=False, id="family.week_back"),
        Binding("right_square_bracket", "week(1)", "Week on", show=False, id="family.week_on"),
        Binding("t", "today", "Today", show=False, id="family.today"),
        Binding("n", "new_event", "New event", id="family.new"),
        Binding("e", "edit_event", "Edit", id="family.edit"),
        Binding("d", "delete_event", "Delete", id="family.delete"),
        Binding("m", "month", "Month", id="family.month"),
        Binding("w", "week_view", "Week", id="family.week"),
        Binding("M", "members", "Members", id="family.members"),
        Binding("i", "import_ics", "Import .ics", id="family.import_ics"),
        Binding("x", "export_ics", "Export .ics", id="family.export_ics"),
        Binding("r", "reminders", "Reminders", id="family.reminders"),
        Binding("R", "remind_event", "Remind of event", id="family.remind_event"),
        Binding("l", "time_logs", "Time logs", id="family.time_logs"),
    ]

    def __init__(self, first: date | None = None, event_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.first = first  # None: today (or `event_id`'s day)
        # An event to show (the palette's find): from its next occurrence, on its row.
        self.event_id = event_id
        self.shown_from: date | None = None  # the first day of the rows shown
        self.is_ready = False  # the list is shown (tests wait on it)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="family"):
            yield Static(literal("Agenda"), id="family-title")
            yield PagedTable(
                *COLUMNS,
                loader=agenda_loader(self.ctx, self.login, self),
                page_size=PAGE_SIZE,
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
        if self.event_id is not None:
            self.show_event(self.event_id, event.rows)
            self.event_id = None
        self.is_ready = True

    def show_event(self, event_id: uuid.UUID, rows: tuple[PagedRow, ...]) -> None:
        """The cursor on the event's first occurrence listed (or its changed one's)."""
        for index, row in enumerate(rows):
            if shows_event(row.value, event_id):
                self.table.table.move_cursor(row=index)
                return
        self.notify("That event is not in the agenda any more (deleted).", markup=False)

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
        if item is not None:
            open_edit_event(self, item, lambda e: self.changed(f"{e.title} saved."))

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

    def action_week_view(self) -> None:
        from dashboard_tui.family.ui.week import WeekScreen

        def back(_: object = None) -> None:
            self.table.reload()  # events may have changed there

        self.app.push_screen(WeekScreen(self.first), back)

    def action_members(self, member_id: uuid.UUID | None = None) -> None:
        """The members (on `member_id`, a member found in the palette)."""
        from dashboard_tui.family.ui.members import MembersScreen

        def back(_: object = None) -> None:
            self.table.reload()  # birthdays may have changed

        self.app.push_screen(MembersScreen(member_id), back)

    def action_time_logs(self) -> None:
        from dashboard_tui.family.ui.time_logs import TimeLogsScreen

        self.app.push_screen(TimeLogsScreen())

    def action_new_event(self) -> None:
        def then(e: EventInfo) -> None:
            self.notify(f"{e.title} added.", markup=False)
            self.table.reload()

        open_new_event(self, self.shown_from, then)

    def action_import_ics(self) -> None:
        from dashboard_tui.family.ui import ics

        ctx, login = self.ctx, self.login

        def then(summary: ImportSummary) -> None:
            self.table.reload()
            self.app.push_screen(ics.IcsSummaryModal(summary))

        self.open_form(
            "Import an iCalendar file",
            ics.IMPORT_FORM,
            None,
            lambda v: ics.import_file(ctx, login, v.path),
            then,
            note="Events already imported (the same UID) are updated, not added twice.",
        )

    def action_export_ics(self) -> None:
        from dashboard_tui.family.ui import ics

        ctx, login = self.ctx, self.login
        default = ics.default_export_path(self.shown_from or date.today())

        def then(done: tuple[ExportResult, Path]) -> None:
            result, path = done
            self.notify(
                f"{result.events} events{result.and_birthdays} exported to {path}.", markup=False
            )

        self.open_form(
            "Export to an iCalendar file",
            ics.export_form(default),
            None,
            lambda v: ics.export_file(ctx, login, v.path),
            then,
            note="A new file only you can read (0600).",
        )

    def action_reminders(self) -> None:
        from dashboard_tui.family.ui.reminders import RemindersScreen

        self.app.push_screen(RemindersScreen())

    def action_remind_event(self) -> None:
        """A reminder before the highlighted occurrence's event (each one of a series)."""
        from dashboard_tui.family.ui.reminders import remind_of_event

        item = self.highlighted()
        if item is not None:
            remind_of_event(
                self, item, lambda r: self.notify(f"Reminder set: {r.title}.", markup=False)
            )
