"""Logging, editing and deleting sets, with the previous session's numbers as a hint.
Every change recomputes the exercise's records (gym_records) in the same uow of
work; the result says which records a set broke."""

from __future__ import annotations

import uuid
from typing import Any

from dashboard_tui.account.auth import Login
from dashboard_tui.gym import SET
from dashboard_tui.gym.dto import SessionSets, SetResult
from dashboard_tui.gym.services.base import (
    GymServiceBase,
    GymWork,
    parse_reps,
    parse_set_type,
    set_info,
)
from dashboard_tui.gym.services.records import new_records_of, refresh_records
from dashboard_tui.gym.services.views import previous_of, set_image
from dashboard_tui.kit.edit import Form, audit_edit, need, renumber
from dashboard_tui.kit.forms import kept
from dashboard_tui.kit.parsing import Exact, format_weight, parse_int, parse_rpe, parse_weight
from dashboard_tui.models.gym import ExerciseSet

MAX_RIR = 10


class SetService(GymServiceBase):
    def previous_session(self, login: Login, exercise_id: uuid.UUID) -> SessionSets | None:
        """The sets of this exercise's catalog item in the most recent earlier workout."""

        def work(uow: GymWork) -> SessionSets | None:
            exercise = need(uow.workouts.get_exercise(exercise_id), "exercise")
            workout = need(uow.workouts.get(exercise.workout_id), "workout")
            return previous_of(uow, exercise, workout)

        return self._read(login, work)

    def log_set(
        self,
        login: Login,
        exercise_id: uuid.UUID,
        *,
        reps: int | str,
        weight: str | Exact = "",
        rpe: str | float | None = None,
        rir: str | int | None = None,
        set_type: str = "working",
        fill_planned: bool = True,
    ) -> SetResult:
        """Log a completed set: weight as typed (`100kg`, `225lb`, `100` in the
        profile's unit, empty = bodyweight), reps 1–1000, RPE (1–10, halves) or RIR
        (0–10), set type warmup|working|drop|failure (or w/d/f). Fills the first
        planned set when there is one (`fill_planned`), else appends; its weight typed
        as shown ('102.06 kg' for 102058 g) keeps its grams, as an `Exact` weight
        does. The result says which records the set broke."""

        def work(uow: GymWork) -> SetResult:
            exercise = need(uow.workouts.get_exercise(exercise_id), "exercise")
            sets = uow.workouts.sets([exercise.id])
            planned = (
                next((s for s in sets if s.completed_at is None), None) if fill_planned else None
            )
            given = weight
            if planned is not None:  # the set the workout shows as "Next planned set"
                shown = format_weight(planned.weight_g, uow.weight_unit)
                given = kept(weight, shown, planned.weight_g)
            fields = _set_fields(uow, weight=given, reps=reps, rpe=rpe, rir=rir, set_type=set_type)
            if planned is not None:
                before = set_image(uow, planned, exercise)
                row, verb = planned, "edited"
            else:
                row = uow.workouts.add_set(exercise, ExerciseSet(position=len(sets)))
                before, verb = None, "created"
            for key, value in fields.items():
                setattr(row, key, value)
            row.completed_at = uow.now
            uow.session.flush()
            changed = refresh_records(uow, exercise.catalog_item_id)
            uow.audit(SET, verb, row.id, before=before, after=set_image(uow, row, exercise))
            return SetResult(set_info(row), new_records_of(changed, row.id, exercise.workout_id))

        return self._write(login, work)

    def edit_set(
        self,
        login: Login,
        set_id: uuid.UUID,
        *,
        weight: str | Exact | None = None,
        reps: int | str | None = None,
        rpe: str | float | None = None,
        rir: str | int | None = None,
        set_type: str | None = None,
        completed: bool | None = None,
    ) -> SetResult:
        """Change any field (None = keep; "" clears RPE/RIR; weight "" = bodyweight;
        a weight typed as shown, '102.06 kg' for 102058 g, keeps the grams). Giving an
        RPE clears the RIR and the other way round. The exercise's records are
        recomputed from its remaining sets."""

        def work(uow: GymWork) -> SetResult:
            row = need(uow.workouts.get_set(set_id), "set")
            exercise = need(uow.workouts.get_exercise(row.exercise_id), "exercise")
            shown = format_weight(row.weight_g, uow.weight_unit)
            fields = _set_fields(
                uow,
                weight=None if weight is None else kept(weight, shown, row.weight_g),
                reps=reps,
                rpe=rpe,
                rir=rir,
                set_type=set_type,
                partial=True,
            )
            before = set_image(uow, row, exercise)
            for key, value in fields.items():
                setattr(row, key, value)
            if completed is not None:
                row.completed_at = (row.completed_at or uow.now) if completed else None
            uow.session.flush()
            changed = refresh_records(uow, exercise.catalog_item_id)
            audit_edit(
                uow,
                SET,
                row,
                before,
                lambda r: set_image(uow, r, exercise),
            )
            return SetResult(set_info(row), new_records_of(changed, row.id, exercise.workout_id))

        return self._write(login, work)

    def delete_set(self, login: Login, set_id: uuid.UUID) -> None:
        """Delete a set; the rest are renumbered and the records recomputed."""

        def work(uow: GymWork) -> None:
            row = need(uow.workouts.get_set(set_id), "set")
            exercise = need(uow.workouts.get_exercise(row.exercise_id), "exercise")
            before = set_image(uow, row, exercise)
            uow.workouts.delete_set(row)
            renumber(uow.workouts.sets([exercise.id]))
            refresh_records(uow, exercise.catalog_item_id)
            uow.audit(SET, "deleted", set_id, before=before)

        self._write(login, work)


def _set_fields(
    uow: GymWork,
    *,
    weight: str | Exact | None,
    reps: int | str | None,
    rpe: str | float | None,
    rir: str | int | None,
    set_type: str | None,
    partial: bool = False,
) -> dict[str, Any]:
    """Parse a set's fields; with `partial`, None means "not given"."""
    form = Form()
    fields: dict[str, Any] = {}
    if weight is not None or not partial:
        fields["weight_g"] = form.take(parse_weight, weight, unit=uow.weight_unit)
    if reps is not None or not partial:
        fields["reps"] = form.take(parse_reps, reps)
    if set_type is not None:
        fields["set_type"] = form.take(parse_set_type, set_type)
    rpe_x10 = form.take(parse_rpe, rpe) if rpe is not None else None
    rir_ = (
        form.take(parse_int, rir, field="rir", lo=0, hi=MAX_RIR, required=False, label="RIR")
        if rir is not None
        else None
    )
    if rpe_x10 is not None and rir_ is not None:
        form.errors.setdefault("rir", "Give RPE or RIR, not both.")
    if rpe is not None:
        fields["rpe_x10"] = rpe_x10
        if rpe_x10 is not None and rir is None:
            fields["rir"] = None
    if rir is not None:
        fields["rir"] = rir_
        if rir_ is not None and rpe is None:
            fields["rpe_x10"] = None
    form.done()
    return fields
