"""Time logs (l from the agenda): a week's logs, Monday to Sunday or from the profile's
week start. `[` and `]` move a week, `t` back to this week; `n` logs time (a member or
nobody, an activity with suggestions from the catalog and one's own, a day, how long:
`1h30`, `45m`, `1:30`), `e` (or enter) edits the highlighted log, `d` deletes it after
asking. `w` shows the week's report instead: minutes per activity and member, the
totals of both, and the week before beside them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from dashboard_tui.family.dto import MemberInfo, TimeLogInfo, TimeWeek, WeekReport
from dashboard_tui.kit.forms import FieldSpec, FormSpec
from dashboard_tui.kit.parsing import MAX_INPUT, format_minutes
from dashboard_tui.kit.validation import NAME_MAX, NOTES_MAX
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.form_modal import FormModal
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable
from dashboard_tui.widgets.table import KeyTable
from dashboard_tui.widgets.text import clean, literal, literal_text, shorten

if TYPE_CHECKING:
    from dashboard_tui.context import AppContext
    from dashboard_tui.family.time_logs import TimeLogService
    from dashboard_tui.kit.paging import Page

FIGURE = 8  # "168h 00m": a week's most; "+24h 00m"
MEMBER_CHARS = 12  # a member's column in the report: the name is cut beyond (80 columns)
TOTAL_HEADS = ("Total", "Before", "Change")  # before: the week before the one shown
NOBODY = "none"  # the member choice of a log for no one in particular
COLUMNS = (
    Col("Day", 11),
    Col("Member", 14, min_width=6),
    Col("Activity", 24, min_width=10),
    Col("Time".rjust(FIGURE), FIGURE),
    Col("Notes", 30, min_width=8, optional=True),
)


def time_services(ctx: AppContext) -> TimeLogService:
    from dashboard_tui.family.time_logs import TimeLogService

    return ctx.services(TimeLogService)


def short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"  # "Mon 16 Nov"


def week_span(first: date, last: date) -> str:
    return f"{short_day(first)} – {short_day(last)} {last.year}"


def minutes_cell(minutes: int, width: int = FIGURE, blank_zero: bool = False) -> Text:
    shown = "" if blank_zero and not minutes else format_minutes(minutes)
    return Text(shown.rjust(width), no_wrap=True)


def change_cell(now: int, before: int, width: int = FIGURE) -> Text:
    diff = now - before
    sign = "+" if diff > 0 else "−" if diff < 0 else "±"
    style = "green" if diff > 0 else "red" if diff < 0 else "dim"
    return Text(f"{sign}{format_minutes(abs(diff))}".rjust(width), style=style, no_wrap=True)


def log_row(log: TimeLogInfo) -> PagedRow:
    cells = (
        short_day(log.day),
        log.member or "—",
        log.activity or "(deleted activity)",
        minutes_cell(log.minutes),
        log.notes.replace("\n", " "),
    )
    return PagedRow(str(log.id), cells, log)


@dataclass(frozen=True)
class TimeLogInput:
    member: str
    activity: str
    day: str
    duration: str
    notes: str


def member_choices(members: list[MemberInfo]) -> tuple[tuple[str, str], ...]:
    """The member choice list: each member (names shown as typed) and nobody."""
    return (*((m.name, str(m.id)) for m in members), ("Nobody", NOBODY))


def time_log_form(
    members: list[MemberInfo], today: date | None
) -> FormSpec[TimeLogInfo, TimeLogInput]:
    """A log's form; a new one is for the first member (or nobody), today."""
    return FormSpec(
        TimeLogInput,
        (
            FieldSpec(
                "member",
                "Member",
                lambda x: str(x.member_id) if x.member_id else NOBODY,
                str(members[0].id) if members else NOBODY,
                choices=member_choices(members),
            ),
            FieldSpec(
                "activity",
                "Activity",
                lambda x: x.activity,
                placeholder="e.g. Reading (→ takes a suggestion)",
                max_length=NAME_MAX,
            ),
            FieldSpec(
                "day",
                "Day",
                lambda x: x.day.isoformat(),
                today.isoformat() if today else "today",
                placeholder="YYYY-MM-DD, today or yesterday",
                max_length=MAX_INPUT,
            ),
            FieldSpec(
                "duration",
                "How long",
                lambda x: format_minutes(x.minutes),
                placeholder="1h30, 45m, 90 (minutes) or 1:30",
                max_length=MAX_INPUT,
            ),
            FieldSpec("notes", "Notes", lambda x: x.notes, max_length=NOTES_MAX),
        ),
    )


class TimeLogFormModal(FormModal[Any, Any, Any]):
    """The form, with the activity names (shipped and own) as suggestions."""

    def __init__(self, *args: Any, activities: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activities = activities

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#activity", Input).suggester = SuggestFromList(
            self.activities, case_sensitive=False
        )


class TimeLogsScreen(DashboardScreen):
    DEFAULT_CSS = """
    TimeLogsScreen #family-time { padding: 0 1; }
    TimeLogsScreen #family-time-title { text-style: bold; }
    TimeLogsScreen #family-time-summary { color: $text-muted; }
    TimeLogsScreen #family-time-report { height: auto; max-height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "back", "Agenda", id="family_time.back"),
        Binding("left_square_bracket", "week(-1)", "Week back", id="family_time.week_back"),
        Binding("right_square_bracket", "week(1)", "Week on", id="family_time.week_on"),
        Binding("t", "this_week", "This week", id="family_time.this_week"),
        Binding("n", "new_log", "Log time", id="family_time.new"),
        Binding("e", "edit_log", "Edit", id="family_time.edit"),
        Binding("d", "delete_log", "Delete", id="family_time.delete"),
        Binding("w", "report", "Week report", id="family_time.report"),
    ]

    def __init__(self, day: date | None = None, log_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.day = day  # a day of the week shown; None: this week (or `log_id`'s)
        self.log_id = log_id  # a log to show (the palette's find): its week, on its row
        self.week: TimeWeek | None = None
        self.members: list[MemberInfo] = []
        self.activities: list[str] = []
        self.showing_report = False
        self.is_ready = False  # the week (or its report) is shown: tests wait on it

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="family-time"):
            yield Static(literal("Time logs"), id="family-time-title")
            yield Static("", id="family-time-summary")
            yield PagedTable(
                *COLUMNS,
                loader=self.loader(),
                page_size=2000,
                empty_text="No time logged this week: n logs some.",
                filter_placeholder="Member, activity or notes (enter: apply, escape: clear)",
                filter_max_length=60,
                id="family-time-list",
            )
            report = KeyTable(id="family-time-report", cursor_type="row")
            report.display = False
            yield report
        yield AppFooter()

    def on_mount(self) -> None:
        self.table.focus()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#family-time-list", PagedTable)

    @property
    def report(self) -> KeyTable:
        return self.query_one("#family-time-report", KeyTable)

    def loader(self) -> Any:
        """Runs in a worker thread: the week's logs, the members and the activity
        names the form offers."""
        ctx, login, day, log_id = self.ctx, self.login, self.day, self.log_id

        def load(cursor: Any, limit: int, text: str) -> Page[PagedRow]:
            from dashboard_tui.family.ui.agenda import family_services
            from dashboard_tui.kit.errors import NotFound
            from dashboard_tui.kit.paging import Page

            services = time_services(ctx)
            shown = day
            if shown is None and log_id is not None:
                try:
                    shown = services.get(login, log_id).day
                except NotFound:  # deleted since: this week
                    shown = None
            week = services.week(login, shown)
            self.week = week
            self.members = family_services(ctx).members(login)
            self.activities = services.activities(login)
            needle = text.strip().casefold()
            rows = [
                log_row(x)
                for x in week.logs
                if needle in f"{x.member} {x.activity} {x.notes}".casefold()
            ]
            return Page(rows, None)

        return load

    # -- what is shown ------------------------------------------------------------------
    @on(PagedTable.Loaded)
    def loaded(self, event: PagedTable.Loaded) -> None:
        week = self.week
        if week is None:
            return
        self.day = week.first
        if self.log_id is not None:
            table = self.table.table
            if str(self.log_id) in table.rows:
                table.move_cursor(row=table.get_row_index(str(self.log_id)))
            self.log_id = None
        total = sum(x.minutes for x in week.logs)
        count = len(week.logs)
        self.query_one("#family-time-title", Static).update(
            literal(f"Time logs: {week_span(week.first, week.last)}")
        )
        summary = f"{count} log{'s' if count != 1 else ''} · {format_minutes(total)} this week"
        self.query_one("#family-time-summary", Static).update(
            literal(f"{summary} · w: the week's report")
        )
        if self.showing_report:
            self.load_report()
        else:
            self.is_ready = True

    @on(PagedTable.LoadFailed)
    def load_failed(self, event: PagedTable.LoadFailed) -> None:
        self.report_failure(event.error)

    @on(PagedTable.Selected)
    def selected(self, event: PagedTable.Selected) -> None:
        self.action_edit_log()

    def load_report(self) -> None:
        ctx, login, day = self.ctx, self.login, self.day
        self.is_ready = False
        self.run_call(
            lambda: time_services(ctx).report(login, day),
            self.show_report,
            group="report",
            exclusive=True,
        )

    def show_report(self, report: WeekReport) -> None:
        self.query_one("#family-time-title", Static).update(
            literal(f"Week report: {week_span(report.first, report.last)}")
        )
        self.query_one("#family-time-summary", Static).update(
            literal(
                f"{format_minutes(report.totals.total)} this week, "
                f"{format_minutes(report.totals.previous)} the week before · w: the logs"
            )
        )
        table = self.report
        table.clear(columns=True)
        table.add_column("Activity", min_width=10)
        widths = [max(FIGURE, len(shorten(clean(m), MEMBER_CHARS))) for m in report.members]
        for name, width in zip(report.members, widths, strict=True):
            table.add_column(literal_text(shorten(name, MEMBER_CHARS).rjust(width)), width=width)
        total_w, before_w, change_w = (max(FIGURE, len(x)) for x in TOTAL_HEADS)
        for label in TOTAL_HEADS:
            width = max(FIGURE, len(label))
            table.add_column(label.rjust(width), width=width)

        def figures(minutes: tuple[int, ...], blank_zero: bool) -> list[Text]:
            return [minutes_cell(m, w, blank_zero) for m, w in zip(minutes, widths, strict=True)]

        for line in report.lines:
            table.add_row(
                literal_text(line.label),
                *figures(line.minutes, True),
                minutes_cell(line.total, total_w),
                minutes_cell(line.previous, before_w),
                change_cell(line.total, line.previous, change_w),
            )
        totals = report.totals
        table.add_row(
            Text("Total", style="bold"),
            *figures(totals.minutes, False),
            minutes_cell(totals.total, total_w),
            minutes_cell(totals.previous, before_w),
            change_cell(totals.total, totals.previous, change_w),
        )
        table.add_row(
            Text("Before", style="dim"),
            *figures(report.previous, False),
            minutes_cell(totals.previous, total_w),
            Text(""),
            Text(""),
        )
        self.is_ready = True

    # -- keys -------------------------------------------------------------------------
    def show_week(self, day: date | None) -> None:
        self.day = day
        self.is_ready = False
        self.table.set_loader(self.loader())

    def action_week(self, weeks: int) -> None:
        if self.week is not None:
            self.show_week(self.week.first + timedelta(weeks=weeks))

    def action_this_week(self) -> None:
        self.show_week(None)

    def action_report(self) -> None:
        self.showing_report = not self.showing_report
        self.table.display = not self.showing_report
        self.report.display = self.showing_report
        if self.showing_report:
            self.report.focus()
            self.load_report()
        else:
            self.table.focus()
            self.is_ready = False
            self.table.reload()

    def action_back(self) -> None:
        self.dismiss(None)

    def highlighted(self) -> TimeLogInfo | None:
        if self.showing_report:
            self.notify("w goes back to the logs to change one.", markup=False)
            return None
        row = self.table.highlighted
        return row[1] if row and isinstance(row[1], TimeLogInfo) else None

    def changed(self, message: str) -> None:
        self.notify(message, markup=False)
        self.is_ready = False
        self.table.reload()

    def open_log_form(self, title: str, record: TimeLogInfo | None, save: Any) -> None:
        spec = time_log_form(self.members, self.week.today if self.week else None)

        def closed(result: tuple[TimeLogInfo] | None) -> None:
            if result is not None:
                log = result[0]
                who = f", {log.member}" if log.member else ""
                self.changed(f"{log.activity}{who}: {format_minutes(log.minutes)} saved.")

        modal = TimeLogFormModal(
            title, spec, record, lambda v: (save(v),), activities=self.activities
        )
        self.app.push_screen(modal, closed)

    def _save(self, log_id: Any = None) -> Any:
        ctx, login = self.ctx, self.login

        def save(v: TimeLogInput) -> TimeLogInfo:
            services = time_services(ctx)
            values: dict[str, Any] = {
                "member_id": None if v.member == NOBODY else uuid.UUID(v.member),
                "activity": v.activity,
                "day": v.day,
                "duration": v.duration,
                "notes": v.notes,
            }
            if log_id is None:
                return services.add_log(login, **values)
            return services.edit_log(login, log_id, **values)

        return save

    def action_new_log(self) -> None:
        if self.showing_report:
            self.action_report()
        self.open_log_form("Log time", None, self._save())

    def action_edit_log(self) -> None:
        log = self.highlighted()
        if log is not None:
            self.open_log_form("Edit time log", log, self._save(log.id))

    def action_delete_log(self) -> None:
        log = self.highlighted()
        if log is None:
            return
        ctx, login = self.ctx, self.login
        who = f", {log.member}" if log.member else ""
        self.ask_then_run(
            f"Delete {log.activity}{who}, {format_minutes(log.minutes)} on {short_day(log.day)}?",
            lambda: time_services(ctx).delete_log(login, log.id),
            lambda _: self.changed("Deleted. The audit history keeps a copy."),
        )
