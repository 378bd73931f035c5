"""Reading workouts into DTOs, and the before/after images the gym audit rows keep.
Shared by the workout, set and template services."""

from __future__ import annotations

import uuid
from typing import Any

from dashboard_tui.db import audit_chain
from dashboard_tui.gym.dto import SessionSets, WorkoutDetail, WorkoutExerciseInfo
from dashboard_tui.gym.services.base import GymWork, set_info, workout_info
from dashboard_tui.kit.edit import need
from dashboard_tui.kit.query import dated_key
from dashboard_tui.models.gym import Exercise, ExerciseSet, Workout


def _where(workout: Workout | None) -> dict[str, Any]:
    # Names, not only ids: the audit history reads "Set 3 of Bench press, Push day
    # 2026-11-21" even after the workout is gone.
    if workout is None:
        return {}
    return {"workout": workout.name, "workout_date": workout.date.isoformat()}


def _exercise_name(uow: GymWork, exercise: Exercise) -> str:
    item = uow.catalog.get(exercise.catalog_item_id)
    return item.name if item is not None else ""


def exercise_image(uow: GymWork, exercise: Exercise) -> dict[str, Any]:
    return {
        **audit_chain.snapshot(exercise),
        "name": _exercise_name(uow, exercise),
        **_where(uow.workouts.get(exercise.workout_id)),
    }


def set_image(uow: GymWork, row: ExerciseSet, exercise: Exercise) -> dict[str, Any]:
    # the workout id lets the audit history jump to the workout the set was in
    return {
        **audit_chain.snapshot(row),
        "workout_id": str(exercise.workout_id),
        "exercise": _exercise_name(uow, exercise),
        **_where(uow.workouts.get(exercise.workout_id)),
    }


def workout_image(uow: GymWork, workout: Workout) -> dict[str, Any]:
    pairs = uow.workouts.exercises(workout.id)
    sets: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for s in uow.workouts.sets([e.id for e, _ in pairs]):
        sets.setdefault(s.exercise_id, []).append(audit_chain.snapshot(s))
    # The exercise's name too: the catalog entry may be gone when someone reads this.
    return {
        **audit_chain.snapshot(workout),
        "exercises": [
            {**audit_chain.snapshot(e), "name": item.name, "sets": sets.get(e.id, [])}
            for e, item in pairs
        ],
    }


def exercise_info(
    uow: GymWork,
    exercise: Exercise,
    item: Any,
    sets: tuple,
    previous: SessionSets | None,
) -> WorkoutExerciseInfo:
    return WorkoutExerciseInfo(
        id=exercise.id,
        workout_id=exercise.workout_id,
        catalog_item_id=exercise.catalog_item_id,
        name=item.name,
        muscle_group=item.muscle_group or "",
        mode=item.mode or "strength",
        position=exercise.position,
        notes=exercise.notes,
        sets=sets,
        previous=previous,
    )


def workout_detail(uow: GymWork, workout_id: uuid.UUID, with_previous: bool) -> WorkoutDetail:
    """The workout with its exercises and sets, and (with_previous) each exercise's
    previous-session hint: four queries whatever the number of exercises."""
    workout = need(uow.workouts.get(workout_id), "workout")
    pairs = uow.workouts.exercises(workout.id)
    previous = (
        uow.workouts.latest_sessions(
            list({e.catalog_item_id for e, _ in pairs}), before=dated_key(workout)
        )
        if with_previous
        else {}
    )
    by_exercise = _sets_by_exercise(
        uow, [e.id for e, _ in pairs] + [e.id for _, e in previous.values()]
    )

    def hint(exercise: Exercise) -> SessionSets | None:
        found = previous.get(exercise.catalog_item_id)
        return _session(found, by_exercise) if found else None

    return WorkoutDetail(
        workout_info(workout),
        tuple(
            exercise_info(uow, e, item, tuple(by_exercise.get(e.id, ())), hint(e))
            for e, item in pairs
        ),
    )


def previous_of(uow: GymWork, exercise: Exercise, workout: Workout) -> SessionSets | None:
    """The hint: this exercise in the most recent earlier workout where it was done."""
    found = uow.workouts.latest_sessions([exercise.catalog_item_id], before=dated_key(workout)).get(
        exercise.catalog_item_id
    )
    return _session(found, _sets_by_exercise(uow, [found[1].id])) if found else None


def sessions_of(uow: GymWork, pairs: list[tuple[Workout, Exercise]]) -> tuple[SessionSets, ...]:
    by_exercise = _sets_by_exercise(uow, [e.id for _, e in pairs])
    return tuple(_session(pair, by_exercise) for pair in pairs)


def _sets_by_exercise(uow: GymWork, exercise_ids: list[uuid.UUID]) -> dict[uuid.UUID, list]:
    by_exercise: dict[uuid.UUID, list] = {}
    for s in uow.workouts.sets(exercise_ids):
        by_exercise.setdefault(s.exercise_id, []).append(set_info(s))
    return by_exercise


def _session(pair: tuple[Workout, Exercise], by_exercise: dict) -> SessionSets:
    w, e = pair
    return SessionSets(w.id, w.name, w.date, e.id, tuple(by_exercise.get(e.id, ())))
