"""The goals' history: each goal and the day it applies from (the newest first). a
sets a goal from a day (the viewed day by default): it applies from then on and the
days before keep theirs; e changes the highlighted one, d deletes it."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from dashboard_tui.nutrition import day_label
from dashboard_tui.nutrition.log_dto import GoalInfo
from dashboard_tui.nutrition.ui.base import NutritionBaseScreen, grams, nutrition_services
from dashboard_tui.nutrition.ui.forms import goal_form
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.table import KeyTable
from dashboard_tui.widgets.text import literal

COLUMNS = (
    ("From", 14, None, False),
    ("Until", 14, None, True),
    ("kcal".rjust(6), 6, None, False),
    ("Protein".rjust(8), 8, None, False),
    ("Carbs".rjust(8), 8, None, False),
    ("Fat".rjust(8), 8, None, False),
)


def macro(mg: int | None) -> Text:
    return Text((f"{grams(mg)} g" if mg else "—").rjust(8))


class GoalsScreen(NutritionBaseScreen):
    DEFAULT_CSS = """
    GoalsScreen #goals { padding: 0 1; }
    GoalsScreen #goals-title { text-style: bold; }
    GoalsScreen #goals-empty { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", "Day", id="nutrition_goals.back"),
        Binding("a", "new", "Add goal", id="nutrition_goals.new"),
        Binding("e", "edit", "Edit", id="nutrition_goals.edit"),
        Binding("d", "delete", "Delete", id="nutrition_goals.delete"),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.day = day
        self.goals: tuple[GoalInfo, ...] = ()
        self.is_ready = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="goals"):
            yield Static(
                literal("Nutrition goals · each applies from its day on"), id="goals-title"
            )
            table = KeyTable(id="goals-table", cursor_type="row")
            for label, width, least, optional in COLUMNS:
                table.add_column(label, width=width, min_width=least, optional=optional)
            yield table
            yield Static("", id="goals-empty")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one(KeyTable).focus()
        self.load()

    def load(self) -> None:
        ctx, login = self.ctx, self.login
        self.run_call(lambda: nutrition_services(ctx).goals.history(login), self.show_goals)

    def show_goals(self, goals: tuple[GoalInfo, ...]) -> None:
        self.goals = goals
        table = self.query_one(KeyTable)
        table.clear()
        until = None
        for g in goals:
            table.add_row(
                Text(day_label(g.effective_from)),
                Text(day_label(until) if until else "on"),
                Text(str(g.kcal).rjust(6)),
                macro(g.protein_mg),
                macro(g.carbs_mg),
                macro(g.fat_mg),
                key=str(g.id),
            )
            until = g.effective_from.fromordinal(g.effective_from.toordinal() - 1)
        empty = (
            "" if goals else "No goal yet: a sets one (energy, and protein/carbs/fat if you like)."
        )
        self.query_one("#goals-empty", Static).update(literal(empty))
        self.is_ready = True

    def highlighted(self) -> GoalInfo | None:
        row = self.query_one(KeyTable).cursor_row
        return self.goals[row] if self.goals and 0 <= row < len(self.goals) else None

    def save(self, record: GoalInfo | None) -> None:
        ctx, login = self.ctx, self.login
        start = (self.day or date.today()).isoformat()
        self.open_form(
            "Change the goal" if record else "New goal",
            goal_form(start),
            record,
            lambda v: nutrition_services(ctx).goals.set_goal(
                login,
                effective_from=v.effective_from,
                kcal=v.kcal,
                protein=v.protein,
                carbs=v.carbs,
                fat=v.fat,
            ),
            self.saved,
            note="From its day on; the days before keep the goal they had.",
        )

    def saved(self, goal: GoalInfo) -> None:
        self.notify(f"From {day_label(goal.effective_from)}: {goal.kcal} kcal a day.", markup=False)
        self.load()

    def action_new(self) -> None:
        self.save(None)

    def action_edit(self) -> None:
        goal = self.highlighted()
        if goal is not None:
            self.save(goal)

    def action_delete(self) -> None:
        goal = self.highlighted()
        if goal is None:
            return
        ctx, login, goal_id = self.ctx, self.login, goal.id
        self.ask_then_run(
            f"Delete the goal from {day_label(goal.effective_from)} ({goal.kcal} kcal)?",
            lambda: nutrition_services(ctx).goals.delete_goal(login, goal_id),
            lambda _: self.load(),
        )

    def action_close(self) -> None:
        self.dismiss(None)
