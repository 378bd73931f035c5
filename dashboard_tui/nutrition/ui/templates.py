"""Meal templates and recipes: enter (or a) logs the highlighted one into a day's
meal (a recipe by servings eaten), r renames it or sets its yield, d deletes it. A
template is made from a meal on the day view (s)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from dashboard_tui.nutrition import MEAL_LABELS
from dashboard_tui.nutrition.log_dto import TemplateInfo
from dashboard_tui.nutrition.ui.base import NutritionBaseScreen, nutrition_services
from dashboard_tui.nutrition.ui.forms import TEMPLATE_FORM, apply_form
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.table import KeyTable
from dashboard_tui.widgets.text import clean, literal, literal_text, shorten

COLUMNS = (
    ("Name", None, 14, False),
    ("Meal", 10, None, True),
    ("Makes", 8, None, False),
    ("Foods", None, 10, True),
)


class TemplatesScreen(NutritionBaseScreen):
    DEFAULT_CSS = """
    TemplatesScreen #templates { padding: 0 1; }
    TemplatesScreen #templates-title { text-style: bold; }
    TemplatesScreen #templates-empty { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", "Day", id="nutrition_templates.back"),
        Binding("a", "apply", "Log it", id="nutrition_templates.apply"),
        Binding("r", "rename", "Rename", id="nutrition_templates.rename"),
        Binding("d", "delete", "Delete", id="nutrition_templates.delete"),
    ]

    def __init__(self, day: date | None = None, kind: str = "breakfast") -> None:
        super().__init__()
        self.day, self.kind = day, kind
        self.templates: tuple[TemplateInfo, ...] = ()
        self.is_ready = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="templates"):
            yield Static(literal("Meal templates and recipes"), id="templates-title")
            table = KeyTable(id="templates-table", cursor_type="row")
            for label, width, least, optional in COLUMNS:
                table.add_column(label, width=width, min_width=least, optional=optional)
            yield table
            yield Static("", id="templates-empty")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one(KeyTable).focus()
        self.load()

    def load(self) -> None:
        ctx, login = self.ctx, self.login
        self.run_call(
            lambda: nutrition_services(ctx).templates.list_templates(login), self.show_templates
        )

    def show_templates(self, templates: tuple[TemplateInfo, ...]) -> None:
        self.templates = templates
        table = self.query_one(KeyTable)
        table.clear()
        for t in templates:
            foods = ", ".join(clean(i.name) for i in t.items)
            table.add_row(
                literal_text(shorten(clean(t.name), 40)),
                Text(MEAL_LABELS[t.kind]),
                Text(f"{t.servings} serv." if t.servings else "—"),
                literal_text(shorten(foods, 60)),
                key=str(t.id),
            )
        empty = "" if templates else "No templates yet: on the day, s saves a meal as one."
        self.query_one("#templates-empty", Static).update(literal(empty))
        self.is_ready = True

    def highlighted(self) -> TemplateInfo | None:
        row = self.query_one(KeyTable).cursor_row
        return self.templates[row] if self.templates and 0 <= row < len(self.templates) else None

    @on(DataTable.RowSelected, "#templates-table")
    def selected(self, event: DataTable.RowSelected) -> None:
        self.action_apply()

    def action_apply(self) -> None:
        t = self.highlighted()
        if t is None:
            return
        ctx, login, template_id = self.ctx, self.login, t.id
        day = (self.day or date.today()).isoformat()
        self.open_form(
            f"Log {clean(t.name)}",
            apply_form(day, self.kind, t.is_recipe),
            None,
            lambda v: nutrition_services(ctx).templates.apply(
                login, template_id, day=v.to_day, kind=v.to_kind, servings=v.servings
            ),
            lambda count: self.notify(
                f"Logged {count} {'food' if count == 1 else 'foods'}.", markup=False
            ),
            note=(
                f"Makes {t.servings} servings: each food × servings eaten / {t.servings}."
                if t.servings
                else "Its foods with the catalog's values of today."
            ),
        )

    def action_rename(self) -> None:
        t = self.highlighted()
        if t is None:
            return
        ctx, login, template_id = self.ctx, self.login, t.id
        self.open_form(
            f"Rename {clean(t.name)}",
            TEMPLATE_FORM,
            t,
            lambda v: nutrition_services(ctx).templates.edit_template(
                login, template_id, name=v.name, servings=v.servings
            ),
            lambda _: self.load(),
        )

    def action_delete(self) -> None:
        t = self.highlighted()
        if t is None:
            return
        ctx, login, template_id = self.ctx, self.login, t.id
        self.ask_then_run(
            f"Delete the template {shorten(clean(t.name), 40)}?",
            lambda: nutrition_services(ctx).templates.delete_template(login, template_id),
            lambda _: self.load(),
        )

    def action_close(self) -> None:
        self.dismiss(None)
