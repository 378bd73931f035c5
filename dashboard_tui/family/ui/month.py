"""The month view (m from the agenda): the weeks of a month, Monday first, one
cell a day with its day number, its first occurrence's title (in its member's or
type's colour, with the week view's type mark) and how many more (the agenda lists
them all). `[` and `]` move a
month, `t` back to this month, `w` the week view of the highlighted week."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from dashboard_tui.family.dto import AgendaItem
from dashboard_tui.family.ui.agenda import family_services
from dashboard_tui.family.ui.colors import coloured, type_mark
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable
from dashboard_tui.widgets.text import literal

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext
    from dashboard_tui.kit.paging import Page

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def columns(week_start: int) -> tuple[Col, ...]:
    """The seven day columns, from the profile's first day of the week (0 = Monday)."""
    names = DAY_NAMES[week_start:] + DAY_NAMES[:week_start]
    return tuple(Col(name, 16, min_width=9) for name in names)


def first_of(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def grid_start(month: date, week_start: int) -> date:
    """The first day of the grid: the week start on or before the 1st."""
    return month - timedelta(days=(month.weekday() - week_start) % 7)


def cell(day: date, month: date, items: list[AgendaItem]) -> Text:
    """ "24 +2 Swimming" (another month's day in brackets: "(1)"); the title in its
    member's (or type's) colour, shown literally. As in the week view, a typed first
    occurrence has its type's mark (in the type's colour) for the space before the
    title: "24 +2●Swimming"."""
    number = f"{day.day:2}" if day.month == month.month else f"({day.day})"
    text = Text(number, no_wrap=True, overflow="ellipsis")
    if items:
        first = items[0]
        if len(items) > 1:  # before the title, which is cut where it does not fit
            text.append(f" +{len(items) - 1}")
        mark = type_mark(first)
        text.append_text(mark if mark else Text(" "))
        text.append_text(coloured(first, first.title))
    return text


def month_loader(ctx: AppContext, login: Login, screen: MonthScreen) -> Any:
    month = screen.month

    def load(cursor: Any, limit: int, text: str) -> Page[PagedRow]:
        from dashboard_tui.kit.paging import Page

        services = family_services(ctx)
        shown = month or first_of(services.today(login))
        screen.shown_month = shown
        start = grid_start(shown, screen.week_start)
        by_day: dict[date, list[AgendaItem]] = defaultdict(list)
        for item in services.agenda(login, start, 42):
            first = item.start.date() if isinstance(item.start, datetime) else item.start
            by_day[first].append(item)
        rows = []
        for week in range(6):
            days = [start + timedelta(days=7 * week + i) for i in range(7)]
            if week == 5 and days[0].month != shown.month:
                break
            cells = tuple(cell(d, shown, by_day.get(d, [])) for d in days)
            rows.append(PagedRow(days[0].isoformat(), cells, days[0]))
        return Page(rows, None)

    return load


class MonthScreen(DashboardScreen):
    BINDINGS = [
        Binding("escape", "back", "Agenda", id="family_month.back"),
        Binding("left_square_bracket", "month(-1)", "Month back", id="family_month.back_month"),
        Binding("right_square_bracket", "month(1)", "Month on", id="family_month.on_month"),
        Binding("t", "today", "This month", id="family_month.today"),
        Binding("w", "week_view", "Week", id="family_month.week"),
    ]

    def __init__(self, month: date | None = None) -> None:
        super().__init__()
        self.month = first_of(month) if month else None  # None: this month
        self.shown_month: date | None = None
        self.is_ready = False
        self.week_start = 0  # Monday, until compose reads the profile's

    def compose(self) -> ComposeResult:
        profile = self.shell.profile
        self.week_start = profile.week_start if profile else 0
        yield AppHeader()
        with Vertical(id="family-month"):
            yield Static(literal("Month"), id="family-month-title")
            yield PagedTable(
                *columns(self.week_start),
                loader=month_loader(self.ctx, self.login, self),
                page_size=10,
                empty_text="",
                filter_placeholder="",
                filter_max_length=1,
                id="family-month-table",
            )
        yield AppFooter()

    def on_mount(self) -> None:
        self.table.focus()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#family-month-table", PagedTable)

    @on(PagedTable.Loaded)
    def loaded(self, event: PagedTable.Loaded) -> None:
        self.month = self.shown_month
        if self.month is not None:
            title = f"{self.month:%B %Y}"
            self.query_one("#family-month-title", Static).update(literal(title))
        self.is_ready = True

    @on(PagedTable.LoadFailed)
    def load_failed(self, event: PagedTable.LoadFailed) -> None:
        self.report_failure(event.error)

    def show(self, month: date | None) -> None:
        self.month = month
        self.is_ready = False
        self.table.set_loader(month_loader(self.ctx, self.login, self))

    def action_month(self, months: int) -> None:
        if self.month is not None:
            self.show(add_months(self.month, months))

    def action_today(self) -> None:
        self.show(None)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_week_view(self) -> None:
        """The week of the highlighted row."""
        from dashboard_tui.family.ui.week import WeekScreen

        row = self.table.highlighted
        first = row[1] if row and isinstance(row[1], date) else self.month
        self.app.push_screen(WeekScreen(first), lambda _=None: self.table.reload())
