"""What the gym services return: frozen dataclasses (never ORM objects), and the pure
arithmetic of records (Epley e1RM, volume) that the services and the DTOs share.

Units: weights are integer grams, volumes integer gram-reps, durations seconds,
distances metres. Format them with services.parsing (format_weight, ...)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar

from dashboard_tui.gym.repository.workouts import E1RM_MAX_REPS
from dashboard_tui.kit.parsing import format_duration

T = TypeVar("T")


# What a workout started with no name is called (the new-workout form shows it).
DEFAULT_WORKOUT_NAME = "Workout"
EPLEY = "Epley: weight × (1 + reps / 30); 1 rep = the weight; sets of 1–12 reps"


def epley_g(weight_g: int | None, reps: int | None) -> int | None:
    """Estimated one-rep max in grams (Epley), rounded half-up; None when the set
    says nothing about it (no weight, no reps, or more than E1RM_MAX_REPS reps)."""
    if not weight_g or not reps or reps > E1RM_MAX_REPS:
        return None
    if reps == 1:
        return weight_g
    return (2 * weight_g * (30 + reps) + 30) // 60


def counts(set_type: str, completed: bool) -> bool:
    """Whether a set counts for records, volume and summaries: done, and no warm-up."""
    return completed and set_type != "warmup"


# -- catalog -----------------------------------------------------------------------
@dataclass(frozen=True)
class CatalogExercise:
    id: uuid.UUID
    name: str
    muscle_group: str
    equipment: str
    mode: str  # strength | cardio | mobility
    shipped: bool  # shipped with the app: read-only


# -- workouts ------------------------------------------------------------------------
@dataclass(frozen=True)
class SetInfo:
    id: uuid.UUID
    exercise_id: uuid.UUID
    position: int  # 0-based, contiguous within the exercise
    set_type: str  # warmup | working | drop | failure
    weight_g: int | None  # None = bodyweight (no added weight)
    reps: int | None
    rpe: float | None  # 1–10 in steps of 0.5
    rir: int | None
    completed: bool  # False = planned (from a template), not done yet
    completed_at: datetime | None
    duration_s: int | None = None  # a time set (a plank; a run with distance_m)
    distance_m: int | None = None

    @property
    def number(self) -> int:
        return self.position + 1

    @property
    def counts(self) -> bool:
        return counts(self.set_type, self.completed)

    @property
    def e1rm_g(self) -> int | None:
        return epley_g(self.weight_g, self.reps) if self.counts else None

    @property
    def volume_g(self) -> int:
        return (self.weight_g or 0) * (self.reps or 0) if self.counts else 0


@dataclass(frozen=True)
class SessionSets:
    """One exercise as done in one workout: the previous-session hint and the rows of
    an exercise's history."""

    workout_id: uuid.UUID
    workout_name: str
    date: date
    exercise_id: uuid.UUID
    sets: tuple[SetInfo, ...]

    @property
    def best_e1rm_g(self) -> int | None:
        return max((s.e1rm_g for s in self.sets if s.e1rm_g), default=None)

    @property
    def volume_g(self) -> int:
        return sum(s.volume_g for s in self.sets)


@dataclass(frozen=True)
class WorkoutExerciseInfo:
    id: uuid.UUID
    workout_id: uuid.UUID
    catalog_item_id: uuid.UUID
    name: str
    muscle_group: str
    mode: str
    position: int  # 0-based, contiguous within the workout
    notes: str
    sets: tuple[SetInfo, ...] = ()
    # The sets of this exercise in the most recent earlier workout (None: first time).
    previous: SessionSets | None = None

    @property
    def volume_g(self) -> int:
        return sum(s.volume_g for s in self.sets)


@dataclass(frozen=True)
class WorkoutInfo:
    id: uuid.UUID
    name: str
    date: date
    started_at: datetime | None
    ended_at: datetime | None
    duration_s: int | None
    notes: str
    template_id: uuid.UUID | None

    @property
    def finished(self) -> bool:
        return self.ended_at is not None

    @property
    def status(self) -> str:
        """ "finished · 1:05:00", "in progress", "logged"."""
        if self.finished:
            return (
                f"finished · {format_duration(self.duration_s)}" if self.duration_s else "finished"
            )
        if self.started_at is not None:
            return "in progress"
        return f"logged · {format_duration(self.duration_s)}" if self.duration_s else "logged"


@dataclass(frozen=True)
class WorkoutSummary(WorkoutInfo):
    """A row of the workout list: the workout and its totals (counted sets only)."""

    exercise_count: int = 0
    set_count: int = 0
    volume_g: int = 0


@dataclass(frozen=True)
class WorkoutDetail:
    workout: WorkoutInfo
    exercises: tuple[WorkoutExerciseInfo, ...]

    @property
    def set_count(self) -> int:
        return sum(1 for e in self.exercises for s in e.sets if s.counts)

    @property
    def volume_g(self) -> int:
        return sum(e.volume_g for e in self.exercises)


# -- records and charts ------------------------------------------------------------------
@dataclass(frozen=True)
class RecordInfo:
    kind: str  # heaviest | e1rm | rep_max | volume
    value: int  # grams (heaviest, e1rm, rep_max) or gram-reps (volume)
    reps: int | None  # rep_max only: the reps done at `value`
    achieved_on: date
    set_id: uuid.UUID | None
    workout_id: uuid.UUID | None


@dataclass(frozen=True)
class SetResult:
    """A logged or edited set, and the records it set (empty: no new PR)."""

    set: SetInfo
    new_records: tuple[RecordInfo, ...] = ()


@dataclass(frozen=True)
class ExerciseRecords:
    """Personal records for one catalog exercise. `rep_maxes` is the frontier of
    (reps, heaviest weight for those reps): no entry is beaten by another with both
    more reps and at least the weight. Bodyweight sets count as 0 g added weight."""

    catalog_item_id: uuid.UUID
    name: str
    heaviest: RecordInfo | None
    e1rm: RecordInfo | None
    volume: RecordInfo | None
    rep_maxes: tuple[RecordInfo, ...]
    formula: str = EPLEY

    def best_reps_at(self, weight_g: int) -> int | None:
        """The most reps done with at least this weight."""
        return max((r.reps or 0 for r in self.rep_maxes if r.value >= weight_g), default=None)

    def rep_max(self, reps: int) -> int | None:
        """The heaviest weight done for at least this many reps (the N-rep max)."""
        return max((r.value for r in self.rep_maxes if (r.reps or 0) >= reps), default=None)


@dataclass(frozen=True)
class E1rmPoint:
    date: date
    workout_id: uuid.UUID
    e1rm_g: int


@dataclass(frozen=True)
class VolumePoint:
    week_start: date
    sets: int
    volume_g: int


@dataclass(frozen=True)
class WeekStats:
    week_start: date
    workouts: int = 0
    sets: int = 0
    volume_g: int = 0
    cardio_sessions: int = 0
    cardio_s: int = 0
    cardio_m: int = 0


@dataclass(frozen=True)
class WeeklySummary:
    this_week: WeekStats
    last_week: WeekStats


# -- templates -----------------------------------------------------------------------
@dataclass(frozen=True)
class TemplateExerciseInfo:
    id: uuid.UUID
    template_id: uuid.UUID
    catalog_item_id: uuid.UUID
    name: str
    position: int
    target_sets: int
    target_reps: int
    target_weight_g: int | None


@dataclass(frozen=True)
class TemplateInfo:
    id: uuid.UUID
    name: str
    notes: str
    exercise_count: int = 0


@dataclass(frozen=True)
class TemplateDetail:
    template: TemplateInfo
    exercises: tuple[TemplateExerciseInfo, ...] = field(default_factory=tuple)


# -- cardio --------------------------------------------------------------------------
@dataclass(frozen=True)
class CardioInfo:
    id: uuid.UUID
    date: date
    activity_id: uuid.UUID | None
    activity_name: str
    duration_s: int
    distance_m: int | None
    avg_hr: int | None
    notes: str

    @property
    def pace_s_per_km(self) -> int | None:
        """Seconds per km (shown as min:ss /km), rounded half-up."""
        if not self.distance_m:
            return None
        return (2 * self.duration_s * 1000 + self.distance_m) // (2 * self.distance_m)

    @property
    def speed_kmh(self) -> float | None:
        """km/h to two places."""
        if not self.distance_m or not self.duration_s:
            return None
        return round(self.distance_m * 3.6 / self.duration_s, 2)
