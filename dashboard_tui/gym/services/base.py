"""What every gym service shares: the unit of work context (session, who acts, their
profile's unit/timezone/week start, today, the audit call), field validation and the
ORM → DTO conversions."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from dashboard_tui.account.auth import Login
from dashboard_tui.account.profile_repository import ProfileRepository
from dashboard_tui.db import audit_chain
from dashboard_tui.db.audit_chain import ClientInfo
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
from dashboard_tui.kit.errors import NotFound, ServiceError, ValidationError
from dashboard_tui.kit.parsing import parse_date, today_in
from dashboard_tui.kit.service import Service
from dashboard_tui.kit.validation import clean_text
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
NAME_MAX = 120
NOTES_MAX = 4000
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


class Unit:
    """One gym action's unit of work."""

    def __init__(self, session: Session, login: Login, now: datetime, client: ClientInfo):
        self.session = session
        self.login = login
        self.scope = login.scope
        self.now = now
        self.client = client

    @cached_property
    def _profile(self) -> tuple[str, str, int]:
        row = ProfileRepository(self.session, self.scope).get()
        return (row.weight_unit, row.timezone, row.week_start) if row else ("kg", "UTC", 0)

    @property
    def weight_unit(self) -> str:
        return self._profile[0]

    @property
    def week_start(self) -> int:
        return self._profile[2]

    @cached_property
    def today(self) -> date:
        return today_in(self.now, self._profile[1])

    def week_of(self, day: date) -> date:
        """The first day of `day`'s week, honouring the profile's week start."""
        return day - timedelta(days=(day.weekday() - self.week_start) % 7)

    def date(self, value: str | date, field: str = "date") -> date:
        return parse_date(value, today=self.today, field=field)

    @cached_property
    def workouts(self) -> WorkoutRepository:
        return WorkoutRepository(self.session, self.scope)

    @cached_property
    def progress(self) -> ProgressRepository:
        return ProgressRepository(self.session, self.scope)

    @cached_property
    def templates(self) -> TemplateRepository:
        return TemplateRepository(self.session, self.scope)

    @cached_property
    def cardio(self) -> CardioRepository:
        return CardioRepository(self.session, self.scope)

    @cached_property
    def catalog(self) -> CatalogRepository:
        return CatalogRepository(self.session, self.scope)

    def exercise_item(self, item_id: uuid.UUID, field: str = "exercise") -> CatalogItem:
        item = self.catalog.get(item_id)
        if item is None:
            raise ValidationError.one(field, "Choose an exercise from the catalog.")
        return item

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: object,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        audit_chain.record(
            self.session,
            action=action,
            at=self.now,
            client=self.client,
            user_id=self.login.user.id,
            entity=entity,
            entity_id=entity_id,
            before=before,
            after=after,
        )


class GymServiceBase(Service):
    def _write(self, login: Login, work: Callable[[Unit], T]) -> T:
        return self.db.run(
            lambda s: work(Unit(s, login, self.clock(), self.client)), user_id=login.user.id
        )

    def _read(self, login: Login, work: Callable[[Unit], T]) -> T:
        return self.db.run(
            lambda s: work(Unit(s, login, self.clock(), self.client)),
            user_id=login.user.id,
            read_only=True,
        )


# -- validation ----------------------------------------------------------------------
class Form:
    """Collects every field's error so a form can show them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def take(self, parse: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            return parse(*args, **kwargs)
        except ValidationError as exc:
            for key, message in exc.errors.items():
                self.errors.setdefault(key, message)
            return None  # type: ignore[return-value]

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def clean_name(value: str, field: str = "name") -> str:
    return clean_text(field, value, max_len=NAME_MAX)


def clean_notes(value: str, field: str = "notes") -> str:
    return clean_text(field, value, max_len=NOTES_MAX, required=False, multiline=True)


def parse_set_type(value: str, field: str = "set_type") -> str:
    canonical = SET_TYPE_ALIASES.get(str(value).strip().lower())
    if canonical is None:
        raise ValidationError.one(field, "Choose warm-up, working, drop or failure.")
    return canonical


def split_page(rows: list[R], limit: int, key: Callable[[R], Any]) -> tuple[list[R], Any]:
    """Repositories are asked for limit + 1 rows: the extra one only says there is a
    next page, which starts after the key of the last row kept."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, key(rows[-1])


def name_key(row: Any) -> tuple[str, uuid.UUID]:
    """The cursor of lists ordered by name (any case)."""
    return (row.name.lower(), row.id)


def check_page_size(value: int) -> int:
    if not isinstance(value, int) or not 1 <= value <= MAX_PAGE:
        raise ValidationError.one("page_size", f"Use a page size from 1 to {MAX_PAGE}.")
    return value


def need(row: T | None, what: str) -> T:
    if row is None:
        raise NotFound(f"That {what} does not exist (it may have been deleted).")
    return row


def renumber(rows: list[Any]) -> None:
    """Positions 0..n-1 in the given order."""
    for i, row in enumerate(rows):
        if row.position != i:
            row.position = i


def moved(rows: list[Any], row: Any, offset: int) -> list[Any]:
    """`rows` with `row` moved by `offset` places (clamped to the ends)."""
    rest = [r for r in rows if r is not row]
    index = max(0, min(len(rest), rows.index(row) + offset))
    return [*rest[:index], row, *rest[index:]]


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


def template_snapshot(unit: Unit, template: WorkoutTemplate) -> dict[str, Any]:
    """A template with its exercises, for the audit's before/after image."""
    return {
        **audit_chain.snapshot(template),
        "exercises": [audit_chain.snapshot(t) for t, _ in unit.templates.exercises(template.id)],
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
