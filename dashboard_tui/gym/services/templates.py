"""Workout templates: named lists of exercises with target sets, reps and weight.
Start a workout from one with WorkoutService.start_workout(template_id=...)."""

from __future__ import annotations

import uuid
from typing import Any

from dashboard_tui.account.auth import Login
from dashboard_tui.db import audit_chain
from dashboard_tui.gym.dto import (
    Cursor,
    Page,
    TemplateDetail,
    TemplateExerciseInfo,
    TemplateInfo,
    counts,
)
from dashboard_tui.gym.services.base import (
    Form,
    GymServiceBase,
    Unit,
    check_page_size,
    clean_name,
    clean_notes,
    moved,
    name_key,
    need,
    renumber,
    split_page,
    template_exercise_info,
    template_snapshot,
)
from dashboard_tui.gym.services.views import apply_edit
from dashboard_tui.kit.parsing import format_weight, parse_int, parse_weight
from dashboard_tui.models.gym import WorkoutTemplate, WorkoutTemplateExercise

MAX_TARGET_SETS = 50
MAX_TARGET_REPS = 1000


def _info(row: WorkoutTemplate, exercise_count: int) -> TemplateInfo:
    return TemplateInfo(row.id, row.name, row.notes, exercise_count)


def _detail(unit: Unit, row: WorkoutTemplate) -> TemplateDetail:
    pairs = unit.templates.exercises(row.id)
    return TemplateDetail(
        _info(row, len(pairs)), tuple(template_exercise_info(t, c) for t, c in pairs)
    )


def _targets(
    unit: Unit,
    *,
    target_sets: int | str | None,
    target_reps: int | str | None,
    target_weight: str | None,
    current_weight_g: int | None = None,
) -> dict[str, Any]:
    """Parsed targets; None = not given (keep)."""
    form = Form()
    values: dict[str, Any] = {}
    if target_sets is not None:
        values["target_sets"] = form.take(
            parse_int, target_sets, field="target_sets", lo=1, hi=MAX_TARGET_SETS
        )
    if target_reps is not None:
        values["target_reps"] = form.take(
            parse_int, target_reps, field="target_reps", lo=1, hi=MAX_TARGET_REPS
        )
    shown = format_weight(current_weight_g, unit.weight_unit).lower()
    if target_weight is not None and target_weight.strip().lower() != shown:
        values["target_weight_g"] = form.take(
            parse_weight, target_weight, unit=unit.weight_unit, field="target_weight"
        )
    form.done()
    return values


class TemplateService(GymServiceBase):
    def list_templates(
        self,
        login: Login,
        *,
        text: str = "",
        page_size: int = 50,
        cursor: Cursor | None = None,
    ) -> Page[TemplateInfo]:
        """By name (any case), keyset-paged; `text` filters names (contains)."""
        limit = check_page_size(page_size)

        def work(unit: Unit) -> Page[TemplateInfo]:
            rows = unit.templates.page(limit=limit + 1, after=cursor, text=text.strip()[:120])
            rows, next_cursor = split_page(rows, limit, name_key)
            counts_ = unit.templates.exercise_counts([r.id for r in rows])
            return Page(tuple(_info(r, counts_.get(r.id, 0)) for r in rows), next_cursor)

        return self._read(login, work)

    def get_template(self, login: Login, template_id: uuid.UUID) -> TemplateDetail:
        return self._read(
            login, lambda u: _detail(u, need(u.templates.get(template_id), "template"))
        )

    def template_of(self, login: Login, row_id: uuid.UUID) -> uuid.UUID | None:
        """The template a template exercise belongs to (None: it is gone)."""

        def work(unit: Unit) -> uuid.UUID | None:
            row = unit.templates.get_exercise(row_id)
            return row.template_id if row else None

        return self._read(login, work)

    def create_template(self, login: Login, *, name: str, notes: str = "") -> TemplateDetail:
        def work(unit: Unit) -> TemplateDetail:
            form = Form()
            name_, notes_ = form.take(clean_name, name), form.take(clean_notes, notes)
            form.done()
            row = unit.templates.add(WorkoutTemplate(name=name_, notes=notes_))
            unit.audit(
                "gym.template.created", "workout_template", row.id, after=audit_chain.snapshot(row)
            )
            return _detail(unit, row)

        return self._write(login, work)

    def edit_template(
        self,
        login: Login,
        template_id: uuid.UUID,
        *,
        name: str | None = None,
        notes: str | None = None,
    ) -> TemplateInfo:
        def work(unit: Unit) -> TemplateInfo:
            row = need(unit.templates.get(template_id), "template")
            form = Form()
            values = {}
            if name is not None:
                values["name"] = form.take(clean_name, name)
            if notes is not None:
                values["notes"] = form.take(clean_notes, notes)
            form.done()
            apply_edit(unit, row, values, "gym.template.edited", "workout_template")
            return _info(row, len(unit.templates.exercises(row.id)))

        return self._write(login, work)

    def delete_template(self, login: Login, template_id: uuid.UUID) -> None:
        """Delete a template with its exercises (workouts made from it stay)."""

        def work(unit: Unit) -> None:
            row = need(unit.templates.get(template_id), "template")
            before = template_snapshot(unit, row)
            unit.templates.delete(row)
            unit.audit("gym.template.deleted", "workout_template", template_id, before=before)

        self._write(login, work)

    def add_template_exercise(
        self,
        login: Login,
        template_id: uuid.UUID,
        catalog_item_id: uuid.UUID,
        *,
        target_sets: int | str = 3,
        target_reps: int | str = 10,
        target_weight: str = "",
    ) -> TemplateExerciseInfo:
        """Append an exercise with targets (weight as typed; empty = none/bodyweight)."""

        def work(unit: Unit) -> TemplateExerciseInfo:
            template = need(unit.templates.get(template_id), "template")
            form = Form()
            item = form.take(unit.exercise_item, catalog_item_id)
            values = form.take(
                _targets,
                unit,
                target_sets=target_sets,
                target_reps=target_reps,
                target_weight=target_weight,
            )
            form.done()
            position = len(unit.templates.exercises(template.id))
            row = unit.templates.add_exercise(
                template,
                WorkoutTemplateExercise(catalog_item_id=item.id, position=position, **values),
            )
            unit.audit(
                "gym.template_exercise.created",
                "workout_template_exercise",
                row.id,
                after=audit_chain.snapshot(row),
            )
            return template_exercise_info(row, item)

        return self._write(login, work)

    def edit_template_exercise(
        self,
        login: Login,
        row_id: uuid.UUID,
        *,
        target_sets: int | str | None = None,
        target_reps: int | str | None = None,
        target_weight: str | None = None,
    ) -> TemplateExerciseInfo:
        """Change targets (None = keep; weight "" = none)."""

        def work(unit: Unit) -> TemplateExerciseInfo:
            row = need(unit.templates.get_exercise(row_id), "template exercise")
            values = _targets(
                unit,
                target_sets=target_sets,
                target_reps=target_reps,
                target_weight=target_weight,
                current_weight_g=row.target_weight_g,
            )
            apply_edit(
                unit, row, values, "gym.template_exercise.edited", "workout_template_exercise"
            )
            return template_exercise_info(row, unit.exercise_item(row.catalog_item_id))

        return self._write(login, work)

    def remove_template_exercise(self, login: Login, row_id: uuid.UUID) -> None:
        def work(unit: Unit) -> None:
            row = need(unit.templates.get_exercise(row_id), "template exercise")
            before, template_id = audit_chain.snapshot(row), row.template_id
            unit.templates.delete_exercise(row)
            renumber([t for t, _ in unit.templates.exercises(template_id)])
            unit.audit(
                "gym.template_exercise.deleted", "workout_template_exercise", row_id, before=before
            )

        self._write(login, work)

    def move_template_exercise(self, login: Login, row_id: uuid.UUID, offset: int) -> int:
        """Move up (-1) or down (+1); returns the new 0-based position."""

        def work(unit: Unit) -> int:
            row = need(unit.templates.get_exercise(row_id), "template exercise")
            rows = [t for t, _ in unit.templates.exercises(row.template_id)]
            before = audit_chain.snapshot(row)
            renumber(moved(rows, row, offset))
            unit.session.flush()
            if row.position != before["position"]:
                unit.audit(
                    "gym.template_exercise.moved",
                    "workout_template_exercise",
                    row.id,
                    before=before,
                    after=audit_chain.snapshot(row),
                )
            return row.position

        return self._write(login, work)

    def save_workout_as_template(
        self, login: Login, workout_id: uuid.UUID, *, name: str = "", notes: str = ""
    ) -> TemplateDetail:
        """A new template from a workout: its exercises in order; per exercise the
        target sets = its completed non-warm-up sets (all non-warm-up sets if none is
        completed; at least 1), and the target weight and reps = those of the
        heaviest of them. The name defaults to the workout's."""

        def work(unit: Unit) -> TemplateDetail:
            workout = need(unit.workouts.get(workout_id), "workout")
            form = Form()
            name_ = form.take(clean_name, name or workout.name)
            notes_ = form.take(clean_notes, notes)
            form.done()
            template = unit.templates.add(WorkoutTemplate(name=name_, notes=notes_))
            exercises = [e for e, _ in unit.workouts.exercises(workout.id)]
            sets: dict[uuid.UUID, list] = {}
            for s in unit.workouts.sets([e.id for e in exercises]):
                sets.setdefault(s.exercise_id, []).append(s)
            for position, exercise in enumerate(exercises):
                mine = [s for s in sets.get(exercise.id, []) if s.set_type != "warmup"]
                done = [s for s in mine if counts(s.set_type, s.completed_at is not None)]
                chosen = done or mine
                top = max(chosen, key=lambda s: s.weight_g or 0, default=None)
                unit.templates.add_exercise(
                    template,
                    WorkoutTemplateExercise(
                        catalog_item_id=exercise.catalog_item_id,
                        position=position,
                        target_sets=max(1, min(len(chosen), MAX_TARGET_SETS)),
                        target_reps=min(max(top.reps or 0, 1), MAX_TARGET_REPS) if top else 10,
                        target_weight_g=top.weight_g if top else None,
                    ),
                )
            unit.audit(
                "gym.template.created",
                "workout_template",
                template.id,
                after={**template_snapshot(unit, template), "from_workout_id": str(workout.id)},
            )
            return _detail(unit, template)

        return self._write(login, work)
