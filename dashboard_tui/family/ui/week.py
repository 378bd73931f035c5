"""The week view (w from the agenda or the month): seven columns from the profile's
week start, each day's occurrences in time order (all-day ones first), coloured by
member (else by type); an event with a type is marked ● in the type's colour, as in
the agenda's Type column. left/right move a day, up/down an occurrence, `[`/`]` a week,
`t` back to today; enter or e edits the highlighted occurrence (the agenda's form),
n adds an event on the highlighted day. The line under the grid tells the whole of
the highlighted occurrence (time, member, type, place): a cell shows what fits, cut
with an ellipsis."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from dashboard_tui.family.dto import AgendaItem, EventInfo
from dashboard_tui.family.ui.agenda import family_services, open_edit_event, open_new_event, when
from dashboard_tui.family.ui.colors import coloured, type_mark
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.text import literal, literal_text

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext

CHROME_LINES = 9  # header, title, grid heading and rule, detail line, footer, margins
FOCUS = "reverse"


@dataclass(frozen=True)
class Week:
    """What a load brings back: the week's first day, today, and each day's items."""

    first: date
    today: date
    days: dict[date, list[AgendaItem]] = field(default_factory=dict)


def day_order(item: AgendaItem) -> tuple[bool, str, str]:
    """All-day first, then by start time, then by title."""
    start = item.start
    at = f"{start:%H:%M}" if isinstance(start, datetime) and not item.all_day else ""
    return (not item.all_day, at, item.title.casefold())


def start_day(item: AgendaItem) -> date:
    return item.start.date() if isinstance(item.start, datetime) else item.start


def load_week(ctx: AppContext, login: Login, around: date | None) -> Week:
    """Runs in a worker thread: the week around `around` (None: this week)."""
    services = family_services(ctx)
    today = services.today(login)
    first = services.week_of(login, around or today)
    days: dict[date, list[AgendaItem]] = defaultdict(list)
    for item in services.agenda(login, first, 7):
        days[start_day(item)].append(item)
    return Week(first, today, {d: sorted(items, key=day_order) for d, items in days.items()})


def cell_text(item: AgendaItem) -> Text:
    """ "17:00 Swimming" in the occurrence's colour; an event with a type has its mark
    (in the type's colour) for the space: "08:00●Dentist", "●School trip"."""
    mark = type_mark(item)
    at = "" if item.all_day else f"{item.start:%H:%M}"
    text = coloured(item, at + (" " if at and not mark else ""))
    text.append_text(mark)
    text.append_text(coloured(item, item.title))
    return text


def grid(week: Week, focus_day: int, focus_row: int, rows: int) -> Table:
    """The seven columns; at most `rows` lines a day (a "+N more" line when cut; the
    highlighted day scrolls to keep its highlighted occurrence in view)."""
    table = Table(
        box=box.SIMPLE_HEAD,
        expand=True,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        collapse_padding=True,
    )
    columns: list[list[Text]] = []
    for i in range(7):
        day = week.first + timedelta(days=i)
        style = FOCUS if i == focus_day else ("bold underline" if day == week.today else "bold")
        heading = Text(f"{day:%a} {day.day}", style=style)
        table.add_column(heading, ratio=1, no_wrap=True, overflow="ellipsis", min_width=4)
        items = week.days.get(day, [])
        top = max(0, focus_row - rows + 2) if i == focus_day and len(items) > rows else 0
        shown = items[top : top + rows]
        lines = []
        for n, item in enumerate(shown, start=top):
            text = cell_text(item)
            if i == focus_day and n == focus_row:
                text.stylize(FOCUS)
            lines.append(text)
        hidden = len(items) - top - len(shown)
        if hidden > 0:
            lines[-1] = Text(f"+{hidden + 1} more", style="dim")
        columns.append(lines)
    for r in range(max((len(c) for c in columns), default=0)):
        table.add_row(*(c[r] if r < len(c) else Text("") for c in columns))
    return table


def detail(item: AgendaItem | None, day: date) -> Text:
    """The highlighted occurrence in full, or the highlighted day when it has none."""
    if item is None:
        return literal_text(f"{day:%A} {day.day} {day:%B %Y}: nothing yet (n adds an event).")
    shown_day, at = when(item)
    parts = [shown_day, at, item.member, item.type_name, item.location, item.repeats]
    line = coloured(item, item.title)
    line.append_text(literal_text(" · " + " · ".join(p for p in parts if p)))
    return line


class WeekScreen(DashboardScreen):
    BINDINGS = [
        Binding("escape", "back", "Agenda", id="family_week.back"),
        Binding("left", "day(-1)", "Day back", id="family_week.day_back"),
        Binding("right", "day(1)", "Day on", id="family_week.day_on"),
        Binding("up,k", "row(-1)", "Up", show=False, id="family_week.up"),
        Binding("down,j", "row(1)", "Down", show=False, id="family_week.down"),
        Binding("left_square_bracket", "week(-1)", "Week back", id="family_week.week_back"),
        Binding("right_square_bracket", "week(1)", "Week on", id="family_week.week_on"),
        Binding("t", "today", "Today", id="family_week.today"),
        Binding("n", "new_event", "New event", id="family_week.new"),
        Binding("e,enter", "edit_event", "Edit", id="family_week.edit"),
    ]

    def __init__(self, around: date | None = None) -> None:
        super().__init__()
        self.around = around  # a day of the week to show; None: this week
        self.week: Week | None = None
        self.focus_day = 0
        self.focus_row = 0
        self.is_ready = False  # the week is shown (tests wait on it)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="family-week"):
            yield Static(literal("Week"), id="family-week-title")
            yield Static("", id="family-week-grid")
            yield Static("", id="family-week-detail")
        yield AppFooter()

    def on_mount(self) -> None:
        self.load(self.around)

    def on_resize(self) -> None:
        self.render_week()

    def load(self, around: date | None, focus: date | None = None) -> None:
        """Show the week around `around`, highlighting `focus` (default: today when
        it is in the week, else the week's first day)."""
        ctx, login = self.ctx, self.login
        self.is_ready = False

        def shown(week: Week) -> None:
            self.week = week
            wanted = focus or (week.today if around is None else around)
            offset = (wanted - week.first).days
            self.focus_day = offset if 0 <= offset < 7 else 0
            self.focus_row = 0
            self.render_week()
            self.is_ready = True

        self.run_call(
            lambda: load_week(ctx, login, around),
            shown,
            failed=self.report_failure,
            group="load",
            exclusive=True,
        )

    @property
    def day(self) -> date:
        assert self.week is not None
        return self.week.first + timedelta(days=self.focus_day)

    def items(self) -> list[AgendaItem]:
        return self.week.days.get(self.day, []) if self.week is not None else []

    def highlighted(self) -> AgendaItem | None:
        items = self.items()
        return items[self.focus_row] if 0 <= self.focus_row < len(items) else None

    def render_week(self) -> None:
        week = self.week
        if week is None:
            return
        last = week.first + timedelta(days=6)
        title = f"Week: {week.first:%a} {week.first.day} {week.first:%b %Y} – "
        title += f"{last:%a} {last.day} {last:%b %Y}"
        self.query_one("#family-week-title", Static).update(literal(title))
        rows = max(2, self.app.size.height - CHROME_LINES)
        table = grid(week, self.focus_day, self.focus_row, rows)
        self.query_one("#family-week-grid", Static).update(table)
        self.query_one("#family-week-detail", Static).update(detail(self.highlighted(), self.day))

    # -- moving ------------------------------------------------------------------------
    def action_day(self, days: int) -> None:
        if self.week is None:
            return
        target = self.focus_day + days
        if 0 <= target < 7:
            self.focus_day, self.focus_row = target, 0
            self.render_week()
        else:  # over the week's edge: the next (or last) week, on the day moved to
            self.load(self.day + timedelta(days=days), self.day + timedelta(days=days))

    def action_row(self, rows: int) -> None:
        count = len(self.items())
        if count:
            self.focus_row = min(max(0, self.focus_row + rows), count - 1)
            self.render_week()

    def action_week(self, weeks: int) -> None:
        if self.week is not None:
            moved = self.day + timedelta(weeks=weeks)
            self.load(moved, moved)

    def action_today(self) -> None:
        self.load(None)

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- changing ----------------------------------------------------------------------
    def changed(self, message: str) -> None:
        self.notify(message, markup=False)
        if self.week is not None:
            self.load(self.day, self.day)

    def action_edit_event(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        if item.birthday_age is not None:
            self.notify("A birthday comes from its member's details.", markup=False)
            return
        open_edit_event(self, item, lambda e: self.changed(f"{e.title} saved."))

    def action_new_event(self) -> None:
        if self.week is None:
            return

        def then(e: EventInfo) -> None:
            self.changed(f"{e.title} added.")

        open_new_event(self, self.day, then)
