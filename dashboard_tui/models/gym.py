"""Gym: workouts, the exercises and sets done in them, records, templates, cardio.

Weights are integer grams and durations integer seconds, so totals and records are
exact on both engines; kg/lb is a display choice (profiles.weight_unit).
"""

from __future__ import annotations

import datetime as dt  # not `from datetime import date`: tables have a `date` column
import uuid

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from dashboard_tui.models import shared as _shared  # noqa: F401 - FK targets (catalog, users)
from dashboard_tui.models.base import (
    Base,
    Timestamps,
    UserOwned,
    UTCDateTime,
    UUIDPk,
    owner_check,
    owner_key,
    owner_unique,
)

SET_TYPES = ("warmup", "working", "drop", "failure")
PROGRESS_KINDS = ("heaviest", "e1rm", "rep_max", "volume")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class WorkoutTemplate(UUIDPk, UserOwned, Timestamps, Base):
    __tablename__ = "workout_templates"
    __table_args__ = (owner_unique(),)

    name: Mapped[str] = mapped_column(String(120))
    notes: Mapped[str] = mapped_column(Text, default="")


class Workout(UUIDPk, UserOwned, Timestamps, Base):
    __tablename__ = "workouts"
    __table_args__ = (
        Index("ix_workouts_user_id_date", "user_id", "date"),
        # A workout brought in from another app, once per person (migration 0020).
        Index("ix_workouts_user_id_import_key", "user_id", "import_key", unique=True),
        owner_unique(),
        owner_check("workouts", "template_id", "workout_templates"),
    )

    name: Mapped[str] = mapped_column(String(120))
    date: Mapped[dt.date] = mapped_column(Date)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Kept separately from started/ended: a workout logged after the fact has only this.
    duration_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    # A template may be deleted later; the workouts made from it stay.
    template_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("workout_templates.id", ondelete="SET NULL"), nullable=True
    )
    # The hash of (start, name) of a workout imported from Strong/Hevy: a re-import
    # finds it and adds nothing. NULL for workouts made here.
    import_key: Mapped[str | None] = mapped_column(String(64), nullable=True)


class Exercise(UUIDPk, UserOwned, Timestamps, Base):
    """An exercise as done in one workout; what it is lives in catalog_items."""

    __tablename__ = "exercises"
    # (foreign key, user_id): queries filter every joined table on user_id (0005)
    __table_args__ = (
        Index("ix_exercises_workout_id_user_id", "workout_id", "user_id"),
        Index("ix_exercises_catalog_item_id_user_id", "catalog_item_id", "user_id"),
        owner_unique(),
        owner_key("workout_id", "workouts", ondelete="CASCADE"),
    )

    workout_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    # RESTRICT: a catalog exercise with logged history must not vanish silently.
    catalog_item_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("catalog_items.id", ondelete="RESTRICT")
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Exercises of a workout with the same number are done as one superset.
    superset: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)


class ExerciseSet(UUIDPk, UserOwned, Timestamps, Base):
    __tablename__ = "exercise_sets"
    __table_args__ = (
        CheckConstraint(_in("set_type", SET_TYPES), name="set_type"),
        CheckConstraint("rpe_x10 IS NULL OR rpe_x10 BETWEEN 10 AND 100", name="rpe_x10"),
        CheckConstraint("rir IS NULL OR rir >= 0", name="rir"),
        Index("ix_exercise_sets_exercise_id_user_id", "exercise_id", "user_id"),
        owner_unique(),
        owner_key("exercise_id", "exercises", ondelete="CASCADE"),
    )

    exercise_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    position: Mapped[int] = mapped_column(Integer, default=0)
    set_type: Mapped[str] = mapped_column(String(16), default="working")
    weight_g: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # NULL = bodyweight
    reps: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rpe_x10: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)  # RPE 6.5 -> 65
    rir: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    # Time and distance sets (a plank, a run inside a workout): seconds and metres.
    duration_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    distance_m: Mapped[int | None] = mapped_column(Integer, nullable=True)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class WorkoutProgress(UUIDPk, UserOwned, Timestamps, Base):
    """Personal records per user and catalog exercise. Derived from the sets, so it
    can always be rebuilt; value is grams for weights and gram-reps for volume."""

    __tablename__ = "workout_progress"
    __table_args__ = (
        UniqueConstraint("user_id", "catalog_item_id", "kind", "reps"),
        # NULLs are distinct in a unique constraint on both engines, so records without
        # a rep count ('heaviest', 'e1rm', 'volume') need their own partial index.
        Index(
            "ix_workout_progress_no_reps",
            "user_id",
            "catalog_item_id",
            "kind",
            unique=True,
            sqlite_where=text("reps IS NULL"),
            postgresql_where=text("reps IS NULL"),
        ),
        CheckConstraint(_in("kind", PROGRESS_KINDS), name="kind"),
        owner_check("workout_progress", "set_id", "exercise_sets"),
    )

    catalog_item_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("catalog_items.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[int] = mapped_column(BigInteger)
    reps: Mapped[int | None] = mapped_column(Integer, nullable=True)
    achieved_on: Mapped[dt.date] = mapped_column(Date)
    # The set that made the record; the record outlives the set if it is deleted.
    set_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("exercise_sets.id", ondelete="SET NULL"), nullable=True
    )


class WorkoutTemplateExercise(UUIDPk, UserOwned, Timestamps, Base):
    __tablename__ = "workout_template_exercises"
    __table_args__ = (owner_key("template_id", "workout_templates", ondelete="CASCADE"),)

    template_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    catalog_item_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("catalog_items.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    target_sets: Mapped[int] = mapped_column(SmallInteger, default=3)
    target_reps: Mapped[int] = mapped_column(SmallInteger, default=10)
    target_weight_g: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class GymImportName(UUIDPk, UserOwned, Timestamps, Base):
    """An exercise name from another app's export → the catalog exercise it is, kept
    so the next import needs no review for it. Migration 0020."""

    __tablename__ = "gym_import_names"
    __table_args__ = (UniqueConstraint("user_id", "name_key"),)

    name_key: Mapped[str] = mapped_column(String(200))  # gym/import_csv.name_key
    catalog_item_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("catalog_items.id", ondelete="CASCADE"), index=True
    )


class CardioSession(UUIDPk, UserOwned, Timestamps, Base):
    __tablename__ = "cardio_sessions"
    __table_args__ = (Index("ix_cardio_sessions_user_id_date", "user_id", "date"),)

    date: Mapped[dt.date] = mapped_column(Date)
    activity_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("catalog_items.id", ondelete="SET NULL"), nullable=True
    )
    # Copied from the catalog so the session still reads right if the item goes.
    activity_name: Mapped[str] = mapped_column(String(120))
    duration_s: Mapped[int] = mapped_column(Integer)
    distance_m: Mapped[int | None] = mapped_column(Integer, nullable=True)
    avg_hr: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
