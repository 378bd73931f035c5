"""Workout templates: named lists of exercises with target sets, reps and weight.
Start a workout from one with WorkoutService.start_workout(template_id=...)."""

from __future__ import annotations

import uuid
from typing import Any

from dashboard_tui.account.auth import Login
from dashboard_tui.db import audit_chain
from dashboard_tui.gym import TEMPLATE, TEMPLATE_EXERCISE
from dashboard_tui.gym.dto import TemplateDetail, TemplateExerciseInfo, TemplateInfo, counts
from dashboard_tui.gym.services.base import (
    MAX_REPS,
    GymServiceBase,
    GymWork,
    parse_reps,
    template_exercise_image,
    template_exercise_info,
    template_snapshot,
)
from dashboard_tui.kit.edit import Form, apply_edit, moved, need, renumber
from dashboard_tui.kit.forms import kept
from dashboard_tui.kit.paging import Cursor, Page, check_page_size
from dashboard_tui.kit.parsing import Exact, format_weight, parse_int, parse_weight
from dashboard_tui.kit.validation import clean_name, clean_notes
from dashboard_tui.models.gym import WorkoutTemplate, WorkoutTemplateExercise

MAX_TARGET_SETS = 50


def _info(row: WorkoutTemplate, exercise_count: int) -> TemplateInfo:
    return TemplateInfo(row.id, row.name, row.notes, exercise_count)


def _detail(uow: GymWork, row: WorkoutTemplate) -> TemplateDetail:
    pairs = uow.templates.exercises(row.id)
    return TemplateDetail(
        _info(row, len(pairs)), tuple(template_exercise_info(t, c) for t, c in pairs)
    )


def _targets(
    uow: GymWork,
    *,
    target_sets: int | str | None,
    target_reps: int | str | None,
    target_weight: str | Exact | None,
    current_weight_g: int | None = None,
) -> dict[str, Any]:
    """Parsed targets; None = not given (keep). The current weight typed as shown
    ('102.06 kg' for 102058 g) keeps its grams."""
    form = Form()
    values: dict[str, Any] = {}
    if target_sets is not None:
        values["target_sets"] = form.take(
            parse_int, target_sets, field="target_sets", lo=1, hi=MAX_TARGET_SETS, label="sets"
        )
    if target_reps is not None:
        values["target_reps"] = form.take(parse_reps, target_reps, "target_reps")
    if target_weight is not None:
        shown = format_weight(current_weight_g, uow.weight_unit)
        values["target_weight_g"] = form.take(
            parse_weight,
            kept(target_weight, shown, current_weight_g),
            unit=uow.weight_unit,
            field="target_weight",
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

        def work(uow: GymWork) -> Page[TemplateInfo]:
            rows, next_cursor = uow.templates.keyset_page(
                limit=limit, after=cursor, text=text.strip()[:120]
            )
            counts_ = uow.templates.exercise_counts([r.id for r in rows])
            return Page(tuple(_info(r, counts_.get(r.id, 0)) for r in rows), next_cursor)

        return self._read(login, work)

    def get_template(self, login: Login, template_id: uuid.UUID) -> TemplateDetail:
        return self._read(
            login, lambda u: _detail(u, need(u.templates.get(template_id), "template"))
        )

    def template_of(self, login: Login, row_id: uuid.UUID) -> uuid.UUID | None:
        """The template a template exercise belongs to (None: it is gone)."""

        def work(uow: GymWork) -> uuid.UUID | None:
            row = uow.templates.get_exercise(row_id)
            return row.template_id if row else None

        return self._read(login, work)

    def create_template(self, login: Login, *, name: str, notes: str = "") -> TemplateDetail:
        def work(uow: GymWork) -> TemplateDetail:
            form = Form()
            name_, notes_ = form.take(clean_name, name), form.take(clean_notes, notes)
            form.done()
            row = uow.templates.add(WorkoutTemplate(name=name_, notes=notes_))
            uow.audit(TEMPLATE, "created", row.id, after=audit_chain.snapshot(row))
            return _detail(uow, row)

        return self._write(login, work)

    def edit_template(
        self,
        login: Login,
        template_id: uuid.UUID,
        *,
        name: str | None = None,
        notes: str | None = None,
    ) -> TemplateInfo:
        def work(uow: GymWork) -> TemplateInfo:
            row = need(uow.templates.get(template_id), "template")
            form = Form()
            values = {}
            if name is not None:
                values["name"] = form.take(clean_name, name)
            if notes is not None:
                values["notes"] = form.take(clean_notes, notes)
            form.done()
            apply_edit(uow, TEMPLATE, row, values)
            return _info(row, len(uow.templates.exercises(row.id)))

        return self._write(login, work)

    def delete_template(self, login: Login, template_id: uuid.UUID) -> None:
        """Delete a template with its exercises (workouts made from it stay)."""

        def work(uow: GymWork) -> None:
            row = need(uow.templates.get(template_id), "template")
            before = template_snapshot(uow, row)
            uow.templates.delete(row)
            uow.audit(TEMPLATE, "deleted", template_id, before=before)

        self._write(login, work)

    def add_template_exercise(
        self,
        login: Login,
        template_id: uuid.UUID,
        catalog_item_id: uuid.UUID,
        *,
        target_sets: int | str = 3,
        target_reps: int | str = 10,
        target_weight: str | Exact = "",
    ) -> TemplateExerciseInfo:
        """Append an exercise with targets (weight as typed; empty = none/bodyweight)."""

        def work(uow: GymWork) -> TemplateExerciseInfo:
            template = need(uow.templates.get(template_id), "template")
            form = Form()
            item = form.take(uow.exercise_item, catalog_item_id)
            values = form.take(
                _targets,
                uow,
                target_sets=target_sets,
                target_reps=target_reps,
                target_weight=target_weight,
            )
            form.done()
            position = len(uow.templates.exercises(template.id))
            row = uow.templates.add_exercise(
                template,
                WorkoutTemplateExercise(catalog_item_id=item.id, position=position, **values),
            )
            uow.audit(TEMPLATE_EXERCISE, "created", row.id, after=template_exercise_image(uow, row))
            return template_exercise_info(row, item)

        return self._write(login, work)

    def edit_template_exercise(
        self,
        login: Login,
        row_id: uuid.UUID,
        *,
        target_sets: int | str | None = None,
        target_reps: int | str | None = None,
        target_weight: str | Exact | None = None,
    ) -> TemplateExerciseInfo:
        """Change targets (None = keep; weight "" = none)."""

        def work(uow: GymWork) -> TemplateExerciseInfo:
            row = need(uow.templates.get_exercise(row_id), "template exercise")
            values = _targets(
                uow,
                target_sets=target_sets,
                target_reps=target_reps,
                target_weight=target_weight,
                current_weight_g=row.target_weight_g,
            )
            apply_edit(
                uow, TEMPLATE_EXERCISE, row, values, lambda r: template_exercise_image(uow, r)
            )
            return template_exercise_info(row, uow.exercise_item(row.catalog_item_id))

        return self._write(login, work)

    def remove_template_exercise(self, login: Login, row_id: uuid.UUID) -> None:
        def work(uow: GymWork) -> None:
            row = need(uow.templates.get_exercise(row_id), "template exercise")
            before, template_id = template_exercise_image(uow, row), row.template_id
            uow.templates.delete_exercise(row)
            renumber([t for t, _ in uow.templates.exercises(template_id)])
            uow.audit(TEMPLATE_EXERCISE, "deleted", row_id, before=before)

        self._write(login, work)

    def move_template_exercise(self, login: Login, row_id: uuid.UUID, offset: int) -> int:
        """Move up (-1) or down (+1); returns the new 0-based position."""

        def work(uow: GymWork) -> int:
            row = need(uow.templates.get_exercise(row_id), "template exercise")
            rows = [t for t, _ in uow.templates.exercises(row.template_id)]
            before = template_exercise_image(uow, row)
            renumber(moved(rows, row, offset))
            uow.session.flush()
            if row.position != before["position"]:
                after = template_exercise_image(uow, row)
                uow.audit(TEMPLATE_EXERCISE, "moved", row.id, before=before, after=after)
            return row.position

        return self._write(login, work)

    def save_workout_as_template(
        self, login: Login, workout_id: uuid.UUID, *, name: str = "", notes: str = ""
    ) -> TemplateDetail:
        """A new template from a workout: its exercises in order; per exercise the
        target sets = its completed non-warm-up sets (all non-warm-up sets if none is
        completed; at least 1), and the target weight and reps = those of the
        heaviest of them. The name defaults to the workout's."""

        def work(uow: GymWork) -> TemplateDetail:
            workout = need(uow.workouts.get(workout_id), "workout")
            form = Form()
            name_ = form.take(clean_name, name or workout.name)
            notes_ = form.take(clean_notes, notes)
            form.done()
            template = uow.templates.add(WorkoutTemplate(name=name_, notes=notes_))
            exercises = [e for e, _ in uow.workouts.exercises(workout.id)]
            sets: dict[uuid.UUID, list] = {}
            for s in uow.workouts.sets([e.id for e in exercises]):
                sets.setdefault(s.exercise_id, []).append(s)
            for position, exercise in enumerate(exercises):
                mine = [s for s in sets.get(exercise.id, []) if s.set_type != "warmup"]
                done = [s for s in mine if counts(s.set_type, s.completed_at is not None)]
                chosen = done or mine
                top = max(chosen, key=lambda s: s.weight_g or 0, default=None)
                uow.templates.add_exercise(
                    template,
                    WorkoutTemplateExercise(
                        catalog_item_id=exercise.catalog_item_id,
                        position=position,
                        target_sets=max(1, min(len(chosen), MAX_TARGET_SETS)),
                        target_reps=min(max(top.reps or 0, 1), MAX_REPS) if top else 10,
                        target_weight_g=top.weight_g if top else None,
                    ),
                )
            uow.audit(
                TEMPLATE,
                "created",
                template.id,
                after={**template_snapshot(uow, template), "from_workout_id": str(workout.id)},
            )
            return _detail(uow, template)

        return self._write(login, work)
