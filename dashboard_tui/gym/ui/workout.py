"""One workout: its exercises in order with their sets, the previous session of the
highlighted exercise as a hint, and a bar to log the next set from the keyboard.

Logging: highlight an exercise (j/k), press l (or enter) and type weight and reps;
enter logs the set, keeps the numbers for the next one and says when it set a
record. Weight takes `100`, `100kg` or `225lb`; empty is bodyweight. A weight the bar
was filled with and logged as shown ('102.06 kg' for 102058 g) is logged exact."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Input, Select, Static

from dashboard_tui.gym import CATALOG_EXERCISE
from dashboard_tui.gym.dto import SetInfo, SetResult
from dashboard_tui.gym.ui.area import quoted
from dashboard_tui.gym.ui.base import GymBaseScreen, gym_services
from dashboard_tui.gym.ui.format import (
    SET_TYPE_CHOICES,
    plural,
    previous_hint,
    set_brief,
    set_cells,
)
from dashboard_tui.gym.ui.forms import (
    EXERCISE_NOTES_FORM,
    TEMPLATE_FROM_WORKOUT,
    WORKOUT_FORM,
    NotesInput,
    SetInput,
    set_form,
)
from dashboard_tui.gym.ui.picker import ExercisePicker
from dashboard_tui.kit.forms import FormSpec, kept
from dashboard_tui.kit.parsing import MAX_INPUT, format_volume, format_weight
from dashboard_tui.ui.shell import OpenRecord
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.form import FormField, clear_field_errors, show_field_errors
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.table import KeyTable
from dashboard_tui.widgets.text import SafeInput, clean, literal, literal_lines, literal_text

if TYPE_CHECKING:
    from dashboard_tui.gym.dto import (
        CatalogExercise,
        RecordInfo,
        SetInfo,
        SetResult,
        WorkoutDetail,
        WorkoutExerciseInfo,
    )

# The log bar's text fields: (service field, label, placeholder, max length); then the type.
# Placeholders are hints ("e.g. 5"), never a bare number that reads as a value typed
# in; each field takes what kit/parsing reads a number from (MAX_INPUT), no more.
LOG_BAR = (
    ("weight", "Weight", "e.g. 100kg, BW", MAX_INPUT),
    ("reps", "Reps", "e.g. 5", MAX_INPUT),
    ("rpe", "RPE", "e.g. 8.5", MAX_INPUT),
    ("rir", "RIR", "e.g. 2", MAX_INPUT),
)
LOG_FIELDS = (*(f[0] for f in LOG_BAR), "set_type")
RECORD_NAMES = {"heaviest": "heaviest set", "e1rm": "best e1RM"}

R = TypeVar("R")  # the record a form starts from
V = TypeVar("V")  # the form's typed values


def record_news(records: tuple[RecordInfo, ...], unit: str) -> str | None:
    """The records a set broke, for a notification. Session volume is left out: it
    grows with nearly every set of a good session (the progress screen has it)."""
    parts = []
    for r in records:
        if r.kind == "rep_max":
            parts.append(f"{r.reps} reps at {format_weight(r.value, unit)}")
        elif r.kind in RECORD_NAMES:
            parts.append(f"{RECORD_NAMES[r.kind]} {format_weight(r.value, unit)}")
    return "New personal record: " + ", ".join(parts) + "!" if parts else None


class WorkoutTable(KeyTable):
    BINDINGS = [
        Binding("enter", "select_cursor", "Log / edit", show=False, id="workout.log_or_edit")
    ]


class WorkoutScreen(GymBaseScreen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="workout.back"),
        Binding("a", "add_exercise", "Add exercise", id="workout.add_exercise"),
        Binding("l", "log", "Log set", id="workout.log"),
        Binding("e", "edit", "Edit", id="workout.edit"),
        Binding("d", "delete", "Delete", id="workout.delete"),
        Binding("w", "edit_workout", "Workout details", show=False, id="workout.details"),
        Binding("f", "finish", "Finish", id="workout.finish"),
        Binding("s", "save_template", "Save as template", show=False, id="workout.save_template"),
        Binding("p", "progress", "Progress", id="workout.progress"),
        Binding("K", "move(-1)", "Move exercise up", show=False, id="workout.move_up"),
        Binding("J", "move(1)", "Move exercise down", show=False, id="workout.move_down"),
    ]

    def __init__(self, workout_id: uuid.UUID, detail: WorkoutDetail | None = None) -> None:
        super().__init__()
        self.workout_id = workout_id
        self.first_detail = detail  # loaded before the screen was pushed (app.open_workout)
        self.detail: WorkoutDetail | None = None
        self.rows: dict[str, WorkoutExerciseInfo | SetInfo] = {}
        self.exercise_of: dict[str, WorkoutExerciseInfo] = {}  # row key -> its exercise
        self.prefilled_for: uuid.UUID | None = None
        # The weight text the bar was filled with and the grams it stands for.
        self.prefilled_weight: tuple[str, int | None] = ("", None)
        self.is_ready = False  # the workout is shown (the bench waits on it)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="workout"):
            yield Static(literal("Loading the workout…"), id="workout-title")
            yield Static("", id="workout-notes", markup=False)
            table = WorkoutTable(cursor_type="row", id="workout-table")
            # Narrowed at 80 columns down to what a row must still show: the
            # exercise's name, the set, "planned" in the notes column.
            for label, width, least in (
                ("Exercise / set", 36, 18),
                ("Type / muscles", 14, 9),
                ("Weight × reps / sets", 20, 13),
                ("Effort / volume", 15, 12),
                ("Notes", 20, 7),
            ):
                table.add_column(label, width=width, min_width=least)
            yield table
            yield Static("", id="workout-hint", markup=False)
            with Horizontal(id="log-bar"):
                for field, label, hint, length in LOG_BAR:
                    control = SafeInput(id=field, placeholder=hint, max_length=length, compact=True)
                    yield FormField(label, control, field=field)
                yield FormField(
                    "Type",
                    Select(
                        SET_TYPE_CHOICES,
                        value="working",
                        allow_blank=False,
                        id="set_type",
                        compact=True,
                    ),
                    field="set_type",
                )
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one(WorkoutTable).focus()
        if self.first_detail is not None:
            self.show(self.first_detail)
        else:
            self.load()

    def load(self, focus_key: str | None = None, then: Any = None) -> None:
        """Fetch and show the workout (cursor on `focus_key` if given), then `then()`."""
        ctx, login, workout_id = self.ctx, self.login, self.workout_id

        def shown(detail: WorkoutDetail) -> None:
            self.show(detail, focus_key)
            if then is not None:
                then()

        self.run_call(
            lambda: gym_services(ctx).workouts.get_workout(login, workout_id), shown, group="load"
        )

    # -- showing ------------------------------------------------------------------------
    def show(self, detail: WorkoutDetail, focus_key: str | None = None) -> None:
        unit = self.unit
        self.detail = detail
        w = detail.workout
        title = Content.assemble(
            literal(w.name, "bold"),
            f" · {w.date.isoformat()} · {w.status} · {plural(detail.set_count, 'set')}"
            f" · {format_volume(detail.volume_g, unit)}",
        )
        self.query_one("#workout-title", Static).update(title)
        self.query_one("#workout-notes", Static).update(literal(w.notes.replace("\n", " ")))
        table = self.query_one(WorkoutTable)
        old_key, old_row = focus_key or self.current_key(), table.cursor_row
        table.clear()
        self.rows.clear()
        self.exercise_of.clear()
        for e in detail.exercises:
            key = f"x:{e.id}"
            done = sum(1 for s in e.sets if s.completed)
            table.add_row(
                literal_text(f"{e.position + 1}. {e.name}", "bold"),
                literal_text(e.muscle_group),
                f"{done}/{len(e.sets)} sets",
                format_volume(e.volume_g, unit),
                literal_text(e.notes.replace("\n", " ")),
                key=key,
            )
            self.rows[key], self.exercise_of[key] = e, e
            for s in e.sets:
                skey = f"s:{s.id}"
                table.add_row(*(Text(cell) for cell in set_cells(s, unit)), key=skey)
                self.rows[skey], self.exercise_of[skey] = s, e
        if not detail.exercises:
            self.query_one("#workout-hint", Static).update(literal("No exercises yet: a adds one."))
        if old_key in self.rows:
            table.move_cursor(row=table.get_row_index(old_key))
        elif table.row_count:  # its row was deleted: stay at the same place
            table.move_cursor(row=min(old_row, table.row_count - 1))
        self.update_hint()
        self.is_ready = True

    def current_key(self) -> str | None:
        table = self.query_one(WorkoutTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def current_exercise(self) -> WorkoutExerciseInfo | None:
        key = self.current_key()
        return self.exercise_of.get(key) if key else None

    @on(DataTable.RowHighlighted, "#workout-table")
    def highlighted(self) -> None:
        self.update_hint()

    def update_hint(self) -> None:
        exercise = self.current_exercise()
        if exercise is None:
            return
        unit = self.unit
        lines = [f"{exercise.name} · " + previous_hint(exercise.previous, unit)]
        planned = next((s for s in exercise.sets if not s.completed), None)
        if planned is not None:
            lines.append(f"Next planned set: {set_brief(planned, unit)}")
        self.query_one("#workout-hint", Static).update(literal_lines(lines))
        if exercise.id != self.prefilled_for:
            self.prefill(exercise)

    def prefill(self, exercise: WorkoutExerciseInfo) -> None:
        """The numbers most likely next: the next planned set's, else the last set
        done today, else the previous session's first working set."""
        bar = self.query_one("#log-bar")
        if self.focused is not None and bar in self.focused.ancestors:
            return  # never overwrite what is being typed
        self.prefilled_for = exercise.id
        planned = next((s for s in exercise.sets if not s.completed), None)
        done = [s for s in exercise.sets if s.completed]
        earlier = (
            [s for s in exercise.previous.sets if s.set_type == "working"]
            if (exercise.previous)
            else []
        )
        source = planned or (done[-1] if done else None) or (earlier[0] if earlier else None)
        weight = reps = ""
        set_type = "working"
        if source is not None:
            weight = format_weight(source.weight_g, self.unit) if source.weight_g else ""
            reps = "" if source.reps is None else str(source.reps)
            set_type = source.set_type if source is planned or source in done else "working"
        self.query_one("#weight", Input).value = weight
        self.prefilled_weight = (weight, source.weight_g if source is not None else None)
        self.query_one("#reps", Input).value = reps
        self.query_one("#rpe", Input).value = ""
        self.query_one("#rir", Input).value = ""
        self.query_one("#set_type", Select).value = set_type
        clear_field_errors(bar)

    # -- logging ------------------------------------------------------------------------
    @on(DataTable.RowSelected, "#workout-table")
    def row_chosen(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key and key.startswith("s:"):
            self.edit_set(self.rows[key])  # type: ignore[arg-type]
        else:
            self.action_log()

    def action_log(self) -> None:
        exercise = self.current_exercise()
        if exercise is None:
            self.notify("Add an exercise first (a).", markup=False)
            return
        self.query_one("#weight", Input).focus()

    @on(Input.Submitted, "#log-bar Input")
    def log_submitted(self) -> None:
        exercise = self.current_exercise()
        if exercise is None:
            return
        values = {f.field: f.value for f in self.query_one("#log-bar").query(FormField)}
        weight = kept(values["weight"], *self.prefilled_weight)
        ctx, login, unit = self.ctx, self.login, self.unit

        def logged(result: SetResult) -> None:
            clear_field_errors(self.query_one("#log-bar"))
            news = record_news(result.new_records, unit)
            if news:
                self.notify(news, title="PR", markup=False)
            self.load(focus_key=f"x:{exercise.id}")

        def log() -> SetResult:
            return gym_services(ctx).sets.log_set(
                login,
                exercise.id,
                weight=weight,
                reps=values["reps"],
                rpe=values["rpe"],
                rir=values["rir"],
                set_type=values["set_type"],
            )

        self.run_call(log, logged, group="log")

    def report_failure(self, error: BaseException) -> None:
        from dashboard_tui.kit.errors import ValidationError

        if isinstance(error, ValidationError) and set(error.errors) & set(LOG_FIELDS):
            rest = show_field_errors(self.query_one("#log-bar"), error.errors)
            if rest:
                self.notify(clean(" ".join(rest.values())), severity="error", markup=False)
            return
        super().report_failure(error)

    # -- editing ------------------------------------------------------------------------
    def form(
        self,
        title: str,
        spec: FormSpec[R, V],
        record: R,
        save: Callable[[V], object],
        focus_key: str | None,
    ) -> None:
        def saved(result: object) -> None:
            news = record_news(getattr(result, "new_records", ()), self.unit)
            if news:
                self.notify(news, title="PR", markup=False)
            self.load(focus_key)

        self.open_form(title, spec, record, save, saved)

    def edit_set(self, s: SetInfo) -> None:
        ctx, login = self.ctx, self.login

        def save(v: SetInput) -> SetResult:
            return gym_services(ctx).sets.edit_set(
                login,
                s.id,
                weight=v.weight,
                reps=v.reps,
                rpe=v.rpe,
                rir="" if v.rpe else v.rir,  # one effort measure; RPE wins, as in the log bar
                set_type=v.set_type,
            )

        self.form(f"Edit set {s.number}", set_form(self.unit), s, save, f"s:{s.id}")

    def action_edit(self) -> None:
        key = self.current_key()
        if key is None:
            return
        row = self.rows[key]
        if isinstance(row, SetInfo):
            self.edit_set(row)
            return
        ctx, login, exercise_id = self.ctx, self.login, row.id

        def save(v: NotesInput) -> bool:
            gym_services(ctx).workouts.edit_exercise(login, exercise_id, notes=v.notes)
            return True  # the form closes on a result; edit_exercise returns none

        self.form(f"Notes on {quoted(row.name)}", EXERCISE_NOTES_FORM, row, save, key)

    def action_edit_workout(self) -> None:
        if self.detail is None:
            return
        ctx, login, w = self.ctx, self.login, self.detail.workout
        self.form(
            f"Edit workout {quoted(w.name)}",
            WORKOUT_FORM,
            w,
            lambda v: gym_services(ctx).workouts.edit_workout(
                login, w.id, name=v.name, date=v.date, duration=v.duration, notes=v.notes
            ),
            None,
        )

    def action_delete(self) -> None:
        key = self.current_key()
        if key is None:
            return
        ctx, login, row = self.ctx, self.login, self.rows[key]
        if key.startswith("s:"):
            exercise = self.exercise_of[key]
            prompt = f"Delete set {row.number} of {quoted(exercise.name)}?"  # type: ignore[union-attr]
            call = lambda: gym_services(ctx).sets.delete_set(login, row.id)  # noqa: E731
        else:
            count = len(row.sets)  # type: ignore[union-attr]
            prompt = f"Remove {quoted(row.name)} and its {count} sets from this workout?"  # type: ignore[union-attr]
            call = lambda: gym_services(ctx).workouts.remove_exercise(login, row.id)  # noqa: E731
        self.ask_then_run(prompt, call, lambda _: self.load())

    def action_move(self, offset: int) -> None:
        exercise = self.current_exercise()
        if exercise is not None:
            ctx, login = self.ctx, self.login
            self.run_call(
                lambda: gym_services(ctx).workouts.move_exercise(login, exercise.id, offset),
                lambda _: self.load(focus_key=f"x:{exercise.id}"),
            )

    def action_add_exercise(self) -> None:
        ctx, login = self.ctx, self.login

        def picked(item: CatalogExercise | None) -> None:
            if item is None:
                return

            def added(info: WorkoutExerciseInfo) -> None:
                self.query_one(WorkoutTable).focus()  # so the bar is filled for it
                self.load(f"x:{info.id}", then=self.action_log)

            self.run_call(
                lambda: gym_services(ctx).workouts.add_exercise(login, self.workout_id, item.id),
                added,
            )

        self.app.push_screen(ExercisePicker(ctx, login, "Add an exercise"), picked)

    def action_finish(self) -> None:
        if self.detail is None:
            return
        if self.detail.workout.finished:
            self.notify("This workout is finished; w edits its duration.", markup=False)
            return
        ctx, login = self.ctx, self.login

        def finished(_: Any) -> None:
            self.notify("Workout finished.", markup=False)
            self.load()

        self.run_call(
            lambda: gym_services(ctx).workouts.finish_workout(login, self.workout_id), finished
        )

    def action_save_template(self) -> None:
        if self.detail is None:
            return
        ctx, login, w = self.ctx, self.login, self.detail.workout

        def saved(detail: Any) -> None:
            self.notify(
                clean(f"Saved as the template {quoted(detail.template.name)}."), markup=False
            )

        self.open_form(
            "Save as template",
            TEMPLATE_FROM_WORKOUT,
            w,
            lambda v: gym_services(ctx).templates.save_workout_as_template(
                login, w.id, name=v.name, notes=v.notes
            ),
            saved,
            note="Each exercise keeps its working sets as targets (heaviest set).",
        )

    def action_progress(self) -> None:
        exercise = self.current_exercise()
        if exercise is not None:
            self.post_message(OpenRecord(CATALOG_EXERCISE.name, exercise.catalog_item_id))

    def action_back(self) -> None:
        focused = self.focused
        if focused is not None and self.query_one("#log-bar") in focused.ancestors:
            self.query_one(WorkoutTable).focus()
        else:
            super().action_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete", "progress", "log", "move"):
            return self.is_mounted and bool(self.rows)
        return True
