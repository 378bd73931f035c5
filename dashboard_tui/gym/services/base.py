"""What every gym service shares: the unit of work with the gym's repositories, the
set type's aliases and the ORM → DTO conversions."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from dashboard_tui.db import audit_chain
from dashboard_tui.gym.dto import (
    CardioInfo,
    CatalogExercise,
    SetInfo,
    TemplateExerciseInfo,
    WorkoutInfo,
)
from dashboard_tui.gym.repository.catalog import CatalogRepository
from dashboard_tui.gym.repository.workouts import (
    CardioRepository,
    ProgressRepository,
    TemplateRepository,
    WorkoutRepository,
)
from dashboard_tui.kit.errors import ServiceError, ValidationError
from dashboard_tui.kit.parsing import parse_int
from dashboard_tui.kit.service import Service, UnitOfWork
from dashboard_tui.models.gym import (
    SET_TYPES,
    CardioSession,
    ExerciseSet,
    Workout,
    WorkoutTemplate,
    WorkoutTemplateExercise,
)
from dashboard_tui.models.shared import CatalogItem

T = TypeVar("T")
R = TypeVar("R")

MAX_PAGE = 500
# Reps: one rule for a logged set, a planned one and a template's target. Not 0: a
# set with no rep done lifted nothing, yet it would count as a set of the workout;
# and a planned set with no target has none (NULL), which 0 would only pretend to be.
MIN_REPS, MAX_REPS = 1, 1000
SET_TYPE_ALIASES = {
    "": "working",
    "w": "warmup",
    "wu": "warmup",
    "warm-up": "warmup",
    "warm up": "warmup",
    "warmup": "warmup",
    "working": "working",
    "work": "working",
    "d": "drop",
    "drop": "drop",
    "dropset": "drop",
    "drop set": "drop",
    "f": "failure",
    "failure": "failure",
}
assert set(SET_TYPE_ALIASES.values()) == set(SET_TYPES)


class InUse(ServiceError):
    """The row is still used elsewhere and cannot be deleted; the message says where."""


class GymWork(UnitOfWork):
    """One gym action's unit of work, with the gym's repositories."""

    @property
    def workouts(self) -> WorkoutRepository:
        return self.repo(WorkoutRepository)

    @property
    def progress(self) -> ProgressRepository:
        return self.repo(ProgressRepository)

    @property
    def templates(self) -> TemplateRepository:
        return self.repo(TemplateRepository)

    @property
    def cardio(self) -> CardioRepository:
        return self.repo(CardioRepository)

    @property
    def catalog(self) -> CatalogRepository:
        return self.repo(CatalogRepository)

    def exercise_item(self, item_id: uuid.UUID, field: str = "exercise") -> CatalogItem:
        item = self.catalog.get(item_id)
        if item is None:
            raise ValidationError.one(field, "Choose an exercise from the catalog.")
        return item


class GymServiceBase(Service[GymWork]):
    uow_class = GymWork


def parse_reps(value: int | str | None, field: str = "reps") -> int:
    return parse_int(value, field=field, lo=MIN_REPS, hi=MAX_REPS, label="reps")


def parse_set_type(value: str, field: str = "set_type") -> str:
    canonical = SET_TYPE_ALIASES.get(str(value).strip().lower())
    if canonical is None:
        raise ValidationError.one(field, "Choose warm-up, working, drop or failure.")
    return canonical


# -- ORM → DTO ------------------------------------------------------------------------
def catalog_exercise(row: CatalogItem) -> CatalogExercise:
    return CatalogExercise(
        row.id,
        row.name,
        row.muscle_group or "",
        row.equipment or "",
        row.mode or "strength",
        row.user_id is None,
    )


def set_info(row: ExerciseSet) -> SetInfo:
    return SetInfo(
        id=row.id,
        exercise_id=row.exercise_id,
        position=row.position,
        set_type=row.set_type,
        weight_g=row.weight_g,
        reps=row.reps,
        rpe=row.rpe_x10 / 10 if row.rpe_x10 is not None else None,
        rir=row.rir,
        completed=row.completed_at is not None,
        completed_at=row.completed_at,
        duration_s=row.duration_s,
        distance_m=row.distance_m,
    )


def workout_info(row: Workout) -> WorkoutInfo:
    return WorkoutInfo(
        id=row.id,
        name=row.name,
        date=row.date,
        started_at=row.started_at,
        ended_at=row.ended_at,
        duration_s=row.duration_s,
        notes=row.notes,
        template_id=row.template_id,
    )


def template_exercise_info(row: WorkoutTemplateExercise, item: CatalogItem) -> TemplateExerciseInfo:
    return TemplateExerciseInfo(
        id=row.id,
        template_id=row.template_id,
        catalog_item_id=row.catalog_item_id,
        name=item.name,
        position=row.position,
        target_sets=row.target_sets,
        target_reps=row.target_reps,
        target_weight_g=row.target_weight_g,
    )


def template_exercise_image(uow: GymWork, row: WorkoutTemplateExercise) -> dict[str, Any]:
    """A template's exercise with its name and the template's, for the audit history."""
    item = uow.catalog.get(row.catalog_item_id)
    template = uow.templates.get(row.template_id)
    return {
        **audit_chain.snapshot(row),
        "name": item.name if item is not None else "",
        "template": template.name if template is not None else "",
    }


def template_snapshot(uow: GymWork, template: WorkoutTemplate) -> dict[str, Any]:
    """A template with its exercises, for the audit's before/after image."""
    return {
        **audit_chain.snapshot(template),
        "exercises": [
            {**audit_chain.snapshot(t), "name": item.name}
            for t, item in uow.templates.exercises(template.id)
        ],
    }


def cardio_info(row: CardioSession) -> CardioInfo:
    return CardioInfo(
        id=row.id,
        date=row.date,
        activity_id=row.activity_id,
        activity_name=row.activity_name,
        duration_s=row.duration_s,
        distance_m=row.distance_m,
        avg_hr=row.avg_hr,
        notes=row.notes,
    )
