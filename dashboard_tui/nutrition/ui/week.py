"""A week of days (from the profile's week start): each day's energy against its goal
with a bar, its macros in grams, and the week's average over the days with something
logged. [ / ] step a week, enter opens the highlighted day, escape goes back."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from dashboard_tui.nutrition import day_label
from dashboard_tui.nutrition.log_dto import WeekView
from dashboard_tui.nutrition.ui.base import NutritionBaseScreen, bar, grams, nutrition_services
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.table import KeyTable
from dashboard_tui.widgets.text import literal

COLUMNS = (
    ("Day", 16, None, False),
    ("kcal".rjust(6), 6, None, False),
    ("Goal".rjust(6), 6, None, False),
    ("Of goal", 17, None, True),
    ("P g".rjust(5), 5, None, False),
    ("C g".rjust(5), 5, None, False),
    ("F g".rjust(5), 5, None, False),
)


class WeekScreen(NutritionBaseScreen):
    DEFAULT_CSS = """
    WeekScreen #week { padding: 0 1; }
    WeekScreen #week-title { text-style: bold; }
    WeekScreen #week-table { height: auto; max-height: 1fr; }
    WeekScreen #week-average { margin-top: 1; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "close", "Day", id="nutrition_week.back"),
        Binding("left_square_bracket", "step(-7)", "Prev week", id="nutrition_week.prev"),
        Binding("right_square_bracket", "step(7)", "Next week", id="nutrition_week.next"),
        Binding("enter", "open_day", "Open day", id="nutrition_week.open_day"),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.day = day
        self.view: WeekView | None = None
        self.is_ready = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="week"):
            yield Static("", id="week-title")
            table = KeyTable(id="week-table", cursor_type="row")
            for label, width, least, optional in COLUMNS:
                table.add_column(label, width=width, min_width=least, optional=optional)
            yield table
            yield Static("", id="week-average")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one(KeyTable).focus()
        self.load()

    def load(self) -> None:
        ctx, login, day = self.ctx, self.login, self.day
        self.is_ready = False
        self.run_call(
            lambda: nutrition_services(ctx).log.week(login, day),
            self.show_week,
            group="week",
            exclusive=True,
        )

    def show_week(self, view: WeekView) -> None:
        self.view = view
        end = view.start + timedelta(days=6)
        self.query_one("#week-title", Static).update(
            literal(f"Week · {day_label(view.start)} – {day_label(end)}")
        )
        table = self.query_one(KeyTable)
        table.clear()
        for d in view.days:
            goal = d.goal.kcal if d.goal else None
            name = f"{d.date.strftime('%a')} {d.date.day} {d.date.strftime('%b')}"
            if d.date == view.today:
                name += " ·"
            table.add_row(
                Text(name, style="bold" if d.date == view.today else ""),
                Text(str(d.totals.kcal).rjust(6) if d.logged else "—".rjust(6)),
                Text(str(goal).rjust(6) if goal else "—".rjust(6)),
                bar(d.totals.kcal, goal, 10) if d.logged else Text(""),
                Text(grams(d.totals.protein_mg).rjust(5)),
                Text(grams(d.totals.carbs_mg).rjust(5)),
                Text(grams(d.totals.fat_mg).rjust(5)),
                key=d.date.isoformat(),
            )
        if self.day is not None:
            table.move_cursor(row=max(0, min(6, (self.day - view.start).days)))
        a = view.average
        if view.logged_days:
            text = Text(f"Average of {view.logged_days} logged days: ")
            text.append(f"{a.kcal} kcal", style="bold")
            if view.average_goal_kcal:
                text.append(f" / goal {view.average_goal_kcal} kcal  ")
                text.append_text(bar(a.kcal, view.average_goal_kcal, 10))
            text.append(
                f"\nProtein {grams(a.protein_mg)} g · carbs {grams(a.carbs_mg)} g · "
                f"fat {grams(a.fat_mg)} g a day"
            )
        else:
            text = Text("Nothing logged this week.", style="dim")
        self.query_one("#week-average", Static).update(text)
        self.is_ready = True

    def highlighted_day(self) -> date | None:
        if self.view is None:
            return None
        row = self.query_one(KeyTable).cursor_row
        return self.view.days[row].date if 0 <= row < 7 else None

    def action_step(self, days: int) -> None:
        if self.view is not None:
            base = self.highlighted_day() or self.view.start
            self.day = base + timedelta(days=days)
            self.load()

    @on(DataTable.RowSelected, "#week-table")
    def selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_day()

    def action_open_day(self) -> None:
        day = self.highlighted_day()
        if day is not None:
            self.dismiss(day)

    def action_close(self) -> None:
        self.dismiss(None)
