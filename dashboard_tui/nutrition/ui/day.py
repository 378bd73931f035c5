"""The nutrition area's main screen: one day's meals and what was eaten in them, the
day's energy against its goal (eaten / goal / remaining, with a bar) and the macros
in grams, as a share of the energy and against their goals.

[ / ] step a day, t today. On the highlighted meal (or item): a adds a food (type
part of its name, enter, the amount, enter), r the same from recent and frequent
foods, Q a quick entry (energy and optional macros, no food), e edits, d deletes,
m moves an item to another meal, c copies the meal to another day (and meal), C the
whole day to another date, y copies yesterday into this day, s saves the meal as a
template, T the templates, f the food catalog (own foods: add, edit, hide), w the
week, G the goals. (g and q stay the app's: g then a number goes to an area, q back.)"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from dashboard_tui.nutrition import MEAL_LABELS, day_label
from dashboard_tui.nutrition.log_dto import DayView, LoggedItem, MealDay
from dashboard_tui.nutrition.ui.base import (
    NutritionBaseScreen,
    bar,
    grams,
    nutrition_services,
    weekday_label,
)
from dashboard_tui.nutrition.ui.forms import (
    AMOUNT_FORM,
    QUICK_FORM,
    TEMPLATE_FORM,
    copy_form,
    day_form,
    move_form,
)
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.table import KeyTable
from dashboard_tui.widgets.text import clean, literal, literal_text, shorten

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext
    from dashboard_tui.nutrition.dto import Food

NAME_CHARS = 40
COLUMNS = (
    # label, width (None: fits), min width when narrowed, optional
    ("Food", None, 14, False),
    ("Amount", 12, 6, True),
    ("kcal".rjust(6), 6, None, False),
    ("P g".rjust(5), 5, None, False),
    ("C g".rjust(5), 5, None, False),
    ("F g".rjust(5), 5, None, False),
)
MACROS = (("Protein", "protein_mg", 4), ("Carbs", "carbs_mg", 4), ("Fat", "fat_mg", 9))


def load_day(ctx: AppContext, login: Login, day: date | None) -> DayView:
    return nutrition_services(ctx).log.day(login, day)


def summary(view: DayView) -> Text:
    """Eaten / goal / remaining with a bar, then each macro: grams, % of energy, and a
    bar against its goal when there is one."""
    t, goal = view.totals, view.goal
    text = Text()
    text.append("Eaten ")
    text.append(f"{t.kcal} kcal", style="bold")
    if goal is not None:
        left = goal.kcal - t.kcal
        text.append(f" / goal {goal.kcal} kcal · ")
        text.append(
            f"{left} kcal left" if left >= 0 else f"{-left} kcal over",
            style="green" if left >= 0 else "bold red",
        )
        text.append("  ")
        text.append_text(bar(t.kcal, goal.kcal))
    else:
        text.append(" · no goal (G sets one)", style="dim")
    for label, field, per_g in MACROS:
        mg = getattr(t, field)
        share = f"{round(mg * per_g / 10 / t.kcal):3d}%" if t.kcal else "  —"
        text.append(f"\n{label:<8}{grams(mg):>5} g {share} of energy")
        target = getattr(goal, field) if goal is not None else None
        if target:
            text.append(f"  / {grams(target)} g  ")
            text.append_text(bar(mg, target, 12))
    return text


class DayScreen(NutritionBaseScreen):
    DEFAULT_CSS = """
    DayScreen #day { padding: 0 1; }
    DayScreen #day-title { text-style: bold; }
    DayScreen #day-summary { height: auto; margin-bottom: 1; }
    DayScreen #day-table { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "app.go_home", "Home", id="nutrition.home"),
        Binding("left_square_bracket", "step(-1)", "Prev day", id="nutrition.prev_day"),
        Binding("right_square_bracket", "step(1)", "Next day", id="nutrition.next_day"),
        Binding("t", "today", "Today", id="nutrition.today"),
        Binding("a", "add_food", "Add food", id="nutrition.add_food"),
        Binding("r", "recent", "Recent", id="nutrition.recent"),
        Binding("Q", "quick", "Quick kcal", id="nutrition.quick"),
        Binding("e", "edit", "Edit", id="nutrition.edit"),
        Binding("d", "delete", "Delete", id="nutrition.delete"),
        Binding("m", "move", "Move", id="nutrition.move"),
        Binding("c", "copy_meal", "Copy meal", id="nutrition.copy_meal"),
        Binding("C", "copy_day", "Copy day", id="nutrition.copy_day"),
        Binding("y", "copy_yesterday", "Copy yesterday", id="nutrition.copy_yesterday"),
        Binding("s", "save_template", "Save as template", id="nutrition.save_template"),
        Binding("T", "templates", "Templates", id="nutrition.templates"),
        Binding("f", "foods", "Foods", id="nutrition.foods"),
        Binding("w", "week", "Week", id="nutrition.week"),
        Binding("G", "goals", "Goals", id="nutrition.goals"),
    ]

    def __init__(self, first: DayView | None = None, day: date | None = None) -> None:
        super().__init__()
        self.view: DayView | None = first
        self.day = first.date if first is not None else day
        self.rows: list[tuple[MealDay, LoggedItem | None]] = []
        self.is_ready = False  # a day is shown (tests wait on it)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="day"):
            yield Static("", id="day-title")
            yield Static("", id="day-summary")
            table = KeyTable(id="day-table", cursor_type="row")
            for label, width, least, optional in COLUMNS:
                table.add_column(label, width=width, min_width=least, optional=optional)
            yield table
        yield AppFooter()

    def on_mount(self) -> None:
        self.table.focus()
        if self.view is not None:
            self.show_day(self.view)
        else:
            self.load()

    def on_screen_resume(self) -> None:
        if self.is_ready:
            self.load()

    @property
    def table(self) -> KeyTable:
        return self.query_one("#day-table", KeyTable)

    # -- loading ----------------------------------------------------------------------
    def load(self, keep: str | None = None) -> None:
        ctx, login, day = self.ctx, self.login, self.day
        self.run_call(
            lambda: load_day(ctx, login, day),
            lambda view: self.show_day(view, keep),
            group="day",
            exclusive=True,
        )

    def show_day(self, view: DayView, keep: str | None = None) -> None:
        table = self.table
        if keep is None and table.row_count:
            keep = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        self.view, self.day = view, view.date
        when = weekday_label(view.date)
        offset = (view.date - view.today).days
        named = {0: " · today", -1: " · yesterday", 1: " · tomorrow"}.get(offset, "")
        self.query_one("#day-title", Static).update(literal(f"Nutrition · {when}{named}"))
        self.query_one("#day-summary", Static).update(summary(view))
        table.clear()
        self.rows = []
        for meal in view.meals:
            t = meal.totals
            table.add_row(
                literal_text(f"{meal.label}" + ("" if meal.items else "  (empty)"), "bold"),
                Text(""),
                Text(str(t.kcal).rjust(6), style="bold"),
                Text(grams(t.protein_mg).rjust(5)),
                Text(grams(t.carbs_mg).rjust(5)),
                Text(grams(t.fat_mg).rjust(5)),
                key=f"meal:{meal.kind}",
            )
            self.rows.append((meal, None))
            for item in meal.items:
                name = shorten(clean(item.name), NAME_CHARS)
                table.add_row(
                    literal_text(f"  {name}", "italic" if item.quick else ""),
                    literal_text(item.amount or "quick"),
                    Text(str(item.totals.kcal).rjust(6)),
                    Text(grams(item.totals.protein_mg).rjust(5)),
                    Text(grams(item.totals.carbs_mg).rjust(5)),
                    Text(grams(item.totals.fat_mg).rjust(5)),
                    key=str(item.id),
                )
                self.rows.append((meal, item))
        if keep is not None:
            index = next((i for i, k in enumerate(self.row_keys()) if k == keep), None)
            if index is not None:
                table.move_cursor(row=index)
        self.is_ready = True

    def row_keys(self) -> list[str]:
        return [f"meal:{m.kind}" if i is None else str(i.id) for m, i in self.rows]

    def highlighted(self) -> tuple[MealDay, LoggedItem | None] | None:
        row = self.table.cursor_row
        return self.rows[row] if self.rows and 0 <= row < len(self.rows) else None

    @property
    def meal_kind(self) -> str:
        found = self.highlighted()
        return found[0].kind if found else "breakfast"

    def item_or_say(self) -> LoggedItem | None:
        found = self.highlighted()
        if found is None or found[1] is None:
            self.notify("Highlight a food first (↓ from the meal's line).", markup=False)
            return None
        return found[1]

    # -- moving -------------------------------------------------------------------------
    def action_step(self, days: int) -> None:
        if self.day is not None:
            self.day = self.day + timedelta(days=days)
            self.load(keep=f"meal:{self.meal_kind}")

    def action_today(self) -> None:
        self.day = None
        self.load()

    def open_day(self, day: date | None) -> None:
        if day is not None:
            self.day = day
            self.load()

    # -- logging ------------------------------------------------------------------------
    def where(self) -> str:
        return f"{MEAL_LABELS[self.meal_kind]}, {day_label(self.day or date.today())}"

    def action_add_food(self, recent: bool = False) -> None:
        from dashboard_tui.nutrition.ui.picker import FoodPicker

        ctx, login, day, kind = self.ctx, self.login, self.day, self.meal_kind

        def save(food: Food, amount: str) -> LoggedItem:
            return nutrition_services(ctx).log.add_food(
                login, day=day, kind=kind, food_id=food.id, amount=amount
            )

        title = f"{'Recent foods' if recent else 'Add food'} to {self.where()}"
        self.app.push_screen(FoodPicker(ctx, login, title, save, recent=recent), self.logged)

    def action_recent(self) -> None:
        self.action_add_food(recent=True)

    def logged(self, item: LoggedItem | None) -> None:
        if item is not None:
            self.notify(
                f"{MEAL_LABELS[item.kind]}: {clean(item.name)} {item.amount} "
                f"({item.totals.kcal} kcal).",
                markup=False,
            )
            self.load(keep=str(item.id))

    def action_quick(self) -> None:
        ctx, login, day, kind = self.ctx, self.login, self.day, self.meal_kind
        self.open_form(
            f"Quick entry to {self.where()}",
            QUICK_FORM,
            None,
            lambda v: nutrition_services(ctx).log.quick_add(
                login,
                day=day,
                kind=kind,
                name=v.name,
                kcal=v.kcal,
                protein=v.protein,
                carbs=v.carbs,
                fat=v.fat,
            ),
            self.logged,
            note="Energy with no food (coffee, a restaurant meal); macros in grams, optional.",
        )

    def action_edit(self) -> None:
        item = self.item_or_say()
        if item is None:
            return
        ctx, login, item_id = self.ctx, self.login, item.id
        log = nutrition_services(ctx).log
        if item.quick:
            self.open_form(
                f"Edit {clean(item.name)}",
                QUICK_FORM,
                item,
                lambda v: log.edit_item(
                    login,
                    item_id,
                    name=v.name,
                    kcal=v.kcal,
                    protein=v.protein,
                    carbs=v.carbs,
                    fat=v.fat,
                ),
                self.logged,
            )
        else:
            self.open_form(
                f"Amount of {clean(item.name)}",
                AMOUNT_FORM,
                item,
                lambda v: log.edit_item(login, item_id, amount=v.amount),
                self.logged,
                note="Its macros are taken again for the new amount.",
            )

    def action_delete(self) -> None:
        item = self.item_or_say()
        if item is None:
            return
        ctx, login, item_id = self.ctx, self.login, item.id
        self.ask_then_run(
            f"Delete {shorten(clean(item.name), NAME_CHARS)} {item.amount} "
            f"({item.totals.kcal} kcal) from {MEAL_LABELS[item.kind]}?",
            lambda: nutrition_services(ctx).log.delete_item(login, item_id),
            lambda _: self.load(),
        )

    def action_move(self) -> None:
        item = self.item_or_say()
        if item is None:
            return
        ctx, login, item_id = self.ctx, self.login, item.id
        self.open_form(
            f"Move {clean(item.name)}",
            move_form(item.kind),
            None,
            lambda v: nutrition_services(ctx).log.move_item(login, item_id, kind=v.kind),
            lambda moved: self.load(keep=str(moved.id)),
        )

    # -- copies ---------------------------------------------------------------------------
    def copied(self, count: Any, what: str) -> None:
        self.notify(f"{count} items copied {what}." if count else "Nothing to copy.", markup=False)
        self.load()

    def action_copy_meal(self) -> None:
        ctx, login, day, kind = self.ctx, self.login, self.day, self.meal_kind
        tomorrow = (day + timedelta(days=1)).isoformat() if day else "today"
        self.open_form(
            f"Copy {self.where()} to",
            copy_form(tomorrow, kind),
            None,
            lambda v: (
                nutrition_services(ctx).log.copy_meal(
                    login, day=day, kind=kind, to_day=v.to_day, to_kind=v.to_kind
                ),
                v.to_day,
            ),
            lambda done: self.copied(done[0], f"to {done[1]}"),
        )

    def action_copy_day(self) -> None:
        ctx, login, day = self.ctx, self.login, self.day
        tomorrow = (day + timedelta(days=1)).isoformat() if day else "today"
        self.open_form(
            f"Copy the whole of {day_label(day or date.today())} to",
            day_form(tomorrow),
            None,
            lambda v: (
                nutrition_services(ctx).log.copy_day(login, day=day, to_day=v.to_day),
                v.to_day,
            ),
            lambda done: self.copied(done[0], f"to {done[1]}"),
        )

    def action_copy_yesterday(self) -> None:
        if self.day is None:
            return
        ctx, login, day = self.ctx, self.login, self.day
        self.run_call(
            lambda: nutrition_services(ctx).log.copy_day(
                login, day=day - timedelta(days=1), to_day=day
            ),
            lambda count: self.copied(count, "from the day before"),
        )

    def action_save_template(self) -> None:
        ctx, login, day, kind = self.ctx, self.login, self.day, self.meal_kind
        self.open_form(
            f"Save {self.where()} as a template",
            TEMPLATE_FORM,
            None,
            lambda v: nutrition_services(ctx).templates.save_meal(
                login, day=day, kind=kind, name=v.name, servings=v.servings
            ),
            lambda saved: self.notify(
                f"Saved as {clean(saved.name)} ({len(saved.items)} foods).", markup=False
            ),
        )

    # -- other views ----------------------------------------------------------------------
    def action_week(self) -> None:
        from dashboard_tui.nutrition.ui.week import WeekScreen

        self.app.push_screen(WeekScreen(self.day), self.open_day)

    def action_goals(self) -> None:
        from dashboard_tui.nutrition.ui.goals import GoalsScreen

        self.app.push_screen(GoalsScreen(self.day))

    def action_templates(self) -> None:
        from dashboard_tui.nutrition.ui.templates import TemplatesScreen

        self.app.push_screen(TemplatesScreen(self.day, self.meal_kind))

    def action_foods(self) -> None:
        from dashboard_tui.nutrition.ui.foods import FoodCatalogScreen

        self.app.push_screen(FoodCatalogScreen())

    def show_record(self, day: date, item_id: uuid.UUID | None = None) -> None:
        self.day = day
        self.load(keep=str(item_id) if item_id else None)
