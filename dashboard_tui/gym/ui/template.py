"""One workout template: its exercises in order with target sets, reps and weight;
s starts a workout from it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from dashboard_tui.gym import WORKOUT
from dashboard_tui.gym.ui.area import quoted
from dashboard_tui.gym.ui.base import GymBaseScreen, gym_services
from dashboard_tui.gym.ui.forms import TEMPLATE_FORM, target_form
from dashboard_tui.gym.ui.picker import ExercisePicker
from dashboard_tui.kit.forms import FormSpec
from dashboard_tui.kit.parsing import format_weight
from dashboard_tui.ui.shell import OpenRecord
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.table import KeyTable
from dashboard_tui.widgets.text import literal, literal_text

if TYPE_CHECKING:
    from dashboard_tui.gym.dto import (
        CatalogExercise,
        TemplateDetail,
        TemplateExerciseInfo,
    )

R = TypeVar("R")  # the record a form starts from
V = TypeVar("V")  # the form's typed values
T = TypeVar("T")


class TemplateScreen(GymBaseScreen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="template.back"),
        Binding("s", "start", "Start workout", id="template.start_workout"),
        Binding("a", "add_exercise", "Add exercise", id="template.add_exercise"),
        Binding("e", "edit", "Edit targets", id="template.edit"),
        Binding("d", "delete", "Remove exercise", id="template.remove_exercise"),
        Binding("w", "edit_template", "Name and notes", id="template.details"),
        Binding("K", "move(-1)", "Move up", show=False, id="template.move_up"),
        Binding("J", "move(1)", "Move down", show=False, id="template.move_down"),
    ]

    def __init__(self, template_id: uuid.UUID) -> None:
        super().__init__()
        self.template_id = template_id
        self.detail: TemplateDetail | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="template"):
            yield Static(literal("Loading the template…"), id="template-title")
            yield Static("", id="template-notes", markup=False)
            table = KeyTable(cursor_type="row", id="template-table")
            for label, width, least in (
                ("#", 3, None),
                ("Exercise", 40, 18),
                ("Sets", 5, None),
                ("Reps", 5, None),
                ("Weight", 12, None),
            ):
                table.add_column(label, width=width, min_width=least)
            yield table
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one(KeyTable).focus()
        self.load()

    def load(self, focus_id: uuid.UUID | None = None) -> None:
        ctx, login, template_id = self.ctx, self.login, self.template_id
        self.run_call(
            lambda: gym_services(ctx).templates.get_template(login, template_id),
            lambda detail: self.show(detail, focus_id),
            group="load",
        )

    def show(self, detail: TemplateDetail, focus_id: uuid.UUID | None) -> None:
        self.detail = detail
        unit = self.unit
        t = detail.template
        self.query_one("#template-title", Static).update(literal(f"Template: {t.name}", "bold"))
        self.query_one("#template-notes", Static).update(literal(t.notes.replace("\n", " ")))
        table = self.query_one(KeyTable)
        shown = self.current()
        current = focus_id or (shown.id if shown is not None else None)
        table.clear()
        for row in detail.exercises:
            weight = format_weight(row.target_weight_g, unit) if row.target_weight_g else "—"
            table.add_row(
                str(row.position + 1),
                literal_text(row.name),
                str(row.target_sets),
                str(row.target_reps),
                weight,
                key=str(row.id),
            )
        if current is not None and str(current) in {str(r.id) for r in detail.exercises}:
            table.move_cursor(row=table.get_row_index(str(current)))

    def current(self) -> TemplateExerciseInfo | None:
        table = self.query_one(KeyTable)
        if self.detail is None or not table.row_count:
            return None
        return self.detail.exercises[table.cursor_row]

    def form(
        self,
        title: str,
        spec: FormSpec[R, V],
        record: R | None,
        save: Callable[[V], T],
        then: Callable[[T], object] | None = None,
    ) -> None:
        self.open_form(title, spec, record, save, then or (lambda _: self.load()))

    def action_add_exercise(self) -> None:
        ctx, login, unit = self.ctx, self.login, self.unit

        def picked(item: CatalogExercise | None) -> None:
            if item is not None:
                self.form(
                    f"Targets for {quoted(item.name)}",
                    target_form(unit),
                    None,
                    lambda v: gym_services(ctx).templates.add_template_exercise(
                        login,
                        self.template_id,
                        item.id,
                        target_sets=v.target_sets,
                        target_reps=v.target_reps,
                        target_weight=v.target_weight,
                    ),
                    lambda row: self.load(focus_id=row.id),
                )

        self.app.push_screen(ExercisePicker(ctx, login, "Add an exercise to the template"), picked)

    def action_edit(self) -> None:
        row = self.current()
        if row is not None:
            ctx, login = self.ctx, self.login
            self.form(
                f"Targets for {quoted(row.name)}",
                target_form(self.unit),
                row,
                lambda v: gym_services(ctx).templates.edit_template_exercise(
                    login,
                    row.id,
                    target_sets=v.target_sets,
                    target_reps=v.target_reps,
                    target_weight=v.target_weight,
                ),
            )

    def action_delete(self) -> None:
        row = self.current()
        if row is None:
            return
        ctx, login = self.ctx, self.login
        self.ask_then_run(
            f"Remove {quoted(row.name)} from the template?",
            lambda: gym_services(ctx).templates.remove_template_exercise(login, row.id),
            lambda _: self.load(),
        )

    def action_move(self, offset: int) -> None:
        row = self.current()
        if row is not None:
            ctx, login = self.ctx, self.login
            self.run_call(
                lambda: gym_services(ctx).templates.move_template_exercise(login, row.id, offset),
                lambda _: self.load(focus_id=row.id),
            )

    def action_edit_template(self) -> None:
        if self.detail is None:
            return
        ctx, login, t = self.ctx, self.login, self.detail.template
        self.form(
            f"Edit template {quoted(t.name)}",
            TEMPLATE_FORM,
            t,
            lambda v: gym_services(ctx).templates.edit_template(
                login, t.id, name=v.name, notes=v.notes
            ),
        )

    def action_start(self) -> None:
        ctx, login = self.ctx, self.login
        self.run_call(
            lambda: gym_services(ctx).workouts.start_workout(login, template_id=self.template_id),
            lambda detail: self.post_message(OpenRecord(WORKOUT.name, detail.workout.id)),
        )
