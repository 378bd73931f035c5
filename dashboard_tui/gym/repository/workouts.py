"""Gym data access, scoped to one user: workouts with their exercises and sets,
records and the aggregates behind charts, templates, cardio sessions.

Lists are keyset-paged. Workouts and cardio sessions go newest first by the key
(date, created_at, id), served by the (user_id, date) indexes; templates by
(lower(name), id). Methods that attach a child row take the parent row and refuse
one that is not this user's (LookupError), so a stray row cannot cross users even
through a foreign key."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, case, func, insert, or_, select, union_all
from sqlalchemy.orm import aliased

from dashboard_tui.kit.query import (
    BY_NAME,
    NEWEST_FIRST,
    DatedKey,
    dated_before,
)
from dashboard_tui.kit.repository import EntityRepository, ScopedRepository
from dashboard_tui.models.gym import (
    CardioSession,
    Exercise,
    ExerciseSet,
    GymImportName,
    Workout,
    WorkoutProgress,
    WorkoutTemplate,
    WorkoutTemplateExercise,
)
from dashboard_tui.models.shared import CatalogItem

# (date, created_at, id) of a workout or cardio session: the newest-first keyset.
E1RM_MAX_REPS = 12  # e1RM (Epley) only from sets of 1..12 reps; gym_dto.EPLEY says so


class RecordValue(NamedTuple):
    kind: str
    reps: int | None
    value: int
    achieved_on: date
    set_id: uuid.UUID | None


def counted() -> ColumnElement[bool]:
    """Sets that count for records, volume and summaries: completed, not warm-up."""
    return and_(ExerciseSet.completed_at.is_not(None), ExerciseSet.set_type != "warmup")


def set_volume() -> ColumnElement[int]:
    return func.coalesce(ExerciseSet.weight_g, 0) * func.coalesce(ExerciseSet.reps, 0)


def _check_owner(scope_user: uuid.UUID, row: Any) -> None:
    if row is None or row.user_id != scope_user:
        raise LookupError("row not found for this user")


class WorkoutRepository(EntityRepository[Workout]):
    """Workouts (newest first; `text` looks in names), their exercises and sets."""

    model = Workout
    keyset = NEWEST_FIRST
    search = ("name",)

    def active(self) -> Workout | None:
        """The newest workout that was started live and not finished yet."""
        stmt = self._select(Workout).where(
            Workout.started_at.is_not(None), Workout.ended_at.is_(None)
        )
        return self.session.scalars(stmt.order_by(*NEWEST_FIRST.order_by(Workout)).limit(1)).first()

    def totals(self, workout_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[int, int, int]]:
        """Per workout: (exercises, counted sets, volume in gram-reps)."""
        if not workout_ids:
            return {}
        result = {wid: (0, 0, 0) for wid in workout_ids}
        exercise_counts = self.session.execute(
            self._select(Exercise, Exercise.workout_id, func.count())
            .where(Exercise.workout_id.in_(workout_ids))
            .group_by(Exercise.workout_id)
        )
        for wid, n in exercise_counts:
            result[wid] = (n, 0, 0)
        set_totals = self.session.execute(
            self._select(
                ExerciseSet, Exercise.workout_id, func.count(ExerciseSet.id), func.sum(set_volume())
            )
            .join(Exercise, Exercise.id == ExerciseSet.exercise_id)
            .where(
                Exercise.user_id == self.scope.user_id,
                Exercise.workout_id.in_(workout_ids),
                counted(),
            )
            .group_by(Exercise.workout_id)
        )
        for wid, n, volume in set_totals:
            result[wid] = (result[wid][0], n, int(volume or 0))
        return result

    # -- exercises in a workout -------------------------------------------------------
    def exercises(self, workout_id: uuid.UUID) -> list[tuple[Exercise, CatalogItem]]:
        """The workout's exercises in order, each with its catalog item."""
        stmt = (
            self._select(Exercise, Exercise, CatalogItem)
            .join(CatalogItem, CatalogItem.id == Exercise.catalog_item_id)
            .where(Exercise.workout_id == workout_id)
            .order_by(Exercise.position, Exercise.created_at, Exercise.id)
        )
        return [(e, c) for e, c in self.session.execute(stmt)]

    def get_exercise(self, exercise_id: uuid.UUID) -> Exercise | None:
        return self._get(Exercise, exercise_id)

    def add_exercise(self, workout: Workout, exercise: Exercise) -> Exercise:
        _check_owner(self.scope.user_id, workout)
        exercise.workout_id = workout.id
        return self._add(exercise)

    def delete_exercise(self, exercise: Exercise) -> None:
        self._delete(exercise)

    # -- sets --------------------------------------------------------------------------
    def sets(self, exercise_ids: Sequence[uuid.UUID]) -> list[ExerciseSet]:
        """The sets of these exercises, each exercise's in order."""
        if not exercise_ids:
            return []
        stmt = (
            self._select(ExerciseSet)
            .where(ExerciseSet.exercise_id.in_(exercise_ids))
            .order_by(ExerciseSet.exercise_id, ExerciseSet.position, ExerciseSet.created_at)
        )
        return list(self.session.scalars(stmt))

    def get_set(self, set_id: uuid.UUID) -> ExerciseSet | None:
        return self._get(ExerciseSet, set_id)

    def add_set(self, exercise: Exercise, row: ExerciseSet) -> ExerciseSet:
        _check_owner(self.scope.user_id, exercise)
        row.exercise_id = exercise.id
        return self._add(row)

    def delete_set(self, row: ExerciseSet) -> None:
        self._delete(row)

    # -- an exercise's history ----------------------------------------------------------
    def sessions(
        self,
        catalog_item_id: uuid.UUID,
        *,
        limit: int,
        before: DatedKey | tuple[date, datetime, uuid.UUID, uuid.UUID] | None = None,
    ) -> list[tuple[Workout, Exercise]]:
        """The (workout, exercise) rows of this catalog exercise, newest workout first
        (a workout with it twice gives two rows), after `before`: a workout's key
        (strictly older workouts) or a row's key (date, created_at, workout id,
        exercise id)."""
        stmt = (
            self._select(Workout, Workout, Exercise)
            .join(Exercise, Exercise.workout_id == Workout.id)
            .where(
                Exercise.user_id == self.scope.user_id,
                Exercise.catalog_item_id == catalog_item_id,
            )
        )
        if before is not None:
            older = dated_before(Workout, before[:3])
            if len(before) == 4:
                older = or_(older, and_(Workout.id == before[2], Exercise.id < before[3]))
            stmt = stmt.where(older)
        stmt = stmt.order_by(*NEWEST_FIRST.order_by(Workout), Exercise.id.desc()).limit(limit)
        return [(w, e) for w, e in self.session.execute(stmt)]

    def latest_sessions(
        self, catalog_item_ids: Sequence[uuid.UUID], *, before: DatedKey, recent: int = 30
    ) -> dict[uuid.UUID, tuple[Workout, Exercise]]:
        """For each catalog exercise, its (workout, exercise) in the newest workout
        older than `before` where at least one of its sets was completed: the
        previous-session hints of a whole workout. The `recent` workouts before it are
        looked at first (one walk back along (user_id, date)); an exercise not done
        in them is looked up on its own (one newest-first LIMIT 1 branch each)."""
        wanted = list(dict.fromkeys(catalog_item_ids))
        if not wanted:
            return {}
        done = self._select(ExerciseSet, ExerciseSet.id).where(
            ExerciseSet.exercise_id == Exercise.id, ExerciseSet.completed_at.is_not(None)
        )

        def of_these(workouts: Any, items: list[uuid.UUID]) -> list[tuple[Workout, Exercise]]:
            stmt = (
                self._select(Workout, Workout, Exercise)
                .join(Exercise, Exercise.workout_id == Workout.id)
                .where(
                    Exercise.user_id == self.scope.user_id,
                    Workout.id.in_(workouts),
                    Exercise.catalog_item_id.in_(items),
                    done.exists(),
                )
                .order_by(*NEWEST_FIRST.order_by(Workout), Exercise.id.desc())
            )
            return [(w, e) for w, e in self.session.execute(stmt)]

        window = (
            self._select(Workout, Workout.id)
            .where(dated_before(Workout, before))
            .order_by(*NEWEST_FIRST.order_by(Workout))
            .limit(recent)
        )
        found: dict[uuid.UUID, tuple[Workout, Exercise]] = {}
        for w, e in of_these(select(window.subquery().c.id), wanted):
            found.setdefault(e.catalog_item_id, (w, e))
        missing = [i for i in wanted if i not in found]
        if (
            missing
            and self.session.scalar(select(func.count()).select_from(window.subquery())) == recent
        ):
            branches = [
                select(
                    self._select(Exercise, Workout.id)
                    .select_from(Exercise)
                    .join(Workout, Workout.id == Exercise.workout_id)
                    .where(
                        Workout.user_id == self.scope.user_id,
                        Exercise.catalog_item_id == item_id,
                        dated_before(Workout, before),
                        done.exists(),
                    )
                    .order_by(*NEWEST_FIRST.order_by(Workout), Exercise.id.desc())
                    .limit(1)
                    .subquery()
                )
                for item_id in missing
            ]
            for w, e in of_these(union_all(*branches), missing):
                found.setdefault(e.catalog_item_id, (w, e))
        return found


class ProgressRepository(ScopedRepository):
    def records(
        self, catalog_item_id: uuid.UUID | None = None
    ) -> list[tuple[WorkoutProgress, str, uuid.UUID | None]]:
        """Stored records (with the catalog name and the record set's workout), of one
        exercise or of all, ordered by exercise name."""
        record_set = aliased(ExerciseSet)
        record_exercise = aliased(Exercise)
        stmt = (
            self._select(
                WorkoutProgress, WorkoutProgress, CatalogItem.name, record_exercise.workout_id
            )
            .join(CatalogItem, CatalogItem.id == WorkoutProgress.catalog_item_id)
            .outerjoin(
                record_set,
                and_(
                    record_set.id == WorkoutProgress.set_id,
                    record_set.user_id == self.scope.user_id,
                ),
            )
            .outerjoin(
                record_exercise,
                and_(
                    record_exercise.id == record_set.exercise_id,
                    record_exercise.user_id == self.scope.user_id,
                ),
            )
            .order_by(
                func.lower(CatalogItem.name),
                WorkoutProgress.catalog_item_id,
                WorkoutProgress.kind,
                WorkoutProgress.reps,
            )
        )
        if catalog_item_id is not None:
            stmt = stmt.where(WorkoutProgress.catalog_item_id == catalog_item_id)
        return [(p, name, wid) for p, name, wid in self.session.execute(stmt)]

    def _counted_of(self, catalog_item_id: uuid.UUID, *columns: Any) -> Any:
        """Counted sets with at least one rep of this exercise, joined to workouts."""
        return (
            self._select(ExerciseSet, *columns)
            .join(Exercise, Exercise.id == ExerciseSet.exercise_id)
            .join(Workout, Workout.id == Exercise.workout_id)
            .where(
                Exercise.user_id == self.scope.user_id,
                Workout.user_id == self.scope.user_id,
                Exercise.catalog_item_id == catalog_item_id,
                counted(),
                ExerciseSet.reps >= 1,
            )
        )

    def best_sets_by_reps(self, catalog_item_id: uuid.UUID) -> list[Any]:
        """For each rep count, the earliest of the heaviest counted sets done for it
        (bodyweight = 0 g): rows of (set_id, weight_g, reps, workout_id, date,
        created_at), oldest first. Every weight record is among these rows."""
        weight = func.coalesce(ExerciseSet.weight_g, 0)
        rank = func.row_number().over(
            partition_by=ExerciseSet.reps,
            order_by=(weight.desc(), Workout.date, ExerciseSet.created_at, ExerciseSet.id),
        )
        ranked = self._counted_of(
            catalog_item_id,
            ExerciseSet.id.label("set_id"),
            ExerciseSet.weight_g,
            ExerciseSet.reps,
            Workout.id.label("workout_id"),
            Workout.date,
            ExerciseSet.created_at,
            rank.label("rank"),
        ).subquery()
        c = ranked.c
        stmt = (
            select(c.set_id, c.weight_g, c.reps, c.workout_id, c.date, c.created_at)
            .where(c.rank == 1)
            .order_by(c.date, c.created_at, c.set_id)
        )
        return list(self.session.execute(stmt))

    def best_session_volume(self, catalog_item_id: uuid.UUID) -> tuple[Any, ...] | None:
        """The workout with the most volume of this exercise (the earliest on a tie):
        (workout_id, date, volume, the id of its last counted set); None without any."""
        volume = func.sum(set_volume())
        best = self.session.execute(
            self._counted_of(catalog_item_id, Workout.id, Workout.date, volume)
            .group_by(Workout.id, Workout.date, Workout.created_at)
            .having(volume > 0)
            .order_by(volume.desc(), Workout.date, Workout.created_at, Workout.id)
            .limit(1)
        ).first()
        if best is None:
            return None
        last_set = self.session.scalar(
            self._counted_of(catalog_item_id, ExerciseSet.id)
            .where(Workout.id == best[0])
            .order_by(ExerciseSet.created_at.desc(), ExerciseSet.id.desc())
            .limit(1)
        )
        return (best[0], best[1], int(best[2]), last_set)

    def replace(self, catalog_item_id: uuid.UUID, values: Iterable[RecordValue]) -> None:
        """Make the stored records of this exercise exactly `values`."""
        wanted = {(v.kind, v.reps): v for v in values}
        stored = self.session.scalars(
            self._select(WorkoutProgress).where(WorkoutProgress.catalog_item_id == catalog_item_id)
        ).all()
        for row in stored:
            value = wanted.pop((row.kind, row.reps), None)
            if value is None:
                self._delete(row)
            elif (row.value, row.achieved_on, row.set_id) != value[2:]:
                row.value, row.achieved_on, row.set_id = value[2:]
        for value in wanted.values():
            self._add(
                WorkoutProgress(
                    catalog_item_id=catalog_item_id,
                    kind=value.kind,
                    reps=value.reps,
                    value=value.value,
                    achieved_on=value.achieved_on,
                    set_id=value.set_id,
                )
            )
        self.session.flush()

    def e1rm_by_session(
        self, catalog_item_id: uuid.UUID, *, since: date | None = None
    ) -> list[tuple[date, uuid.UUID, int]]:
        """Per workout with this exercise: (date, workout id, best Epley e1RM × 30 in
        grams); oldest first. Sets of 1–12 reps with a weight."""
        times30: ColumnElement[int] = case(
            (ExerciseSet.reps == 1, ExerciseSet.weight_g * 30),
            else_=ExerciseSet.weight_g * (30 + ExerciseSet.reps),
        )
        stmt = (
            self._select(ExerciseSet, Workout.date, Workout.id, func.max(times30))
            .join(Exercise, Exercise.id == ExerciseSet.exercise_id)
            .join(Workout, Workout.id == Exercise.workout_id)
            .where(
                Exercise.user_id == self.scope.user_id,
                Workout.user_id == self.scope.user_id,
                Exercise.catalog_item_id == catalog_item_id,
                counted(),
                ExerciseSet.weight_g > 0,
                ExerciseSet.reps.between(1, E1RM_MAX_REPS),
            )
            .group_by(Workout.date, Workout.created_at, Workout.id)
            .order_by(Workout.date, Workout.created_at, Workout.id)
        )
        if since is not None:
            stmt = stmt.where(Workout.date >= since)
        return [(d, wid, int(v)) for d, wid, v in self.session.execute(stmt)]

    def daily_totals(
        self, start: date, end: date, *, catalog_item_id: uuid.UUID | None = None
    ) -> list[tuple[date, int, int]]:
        """Per training day from start to end: (date, counted sets, volume)."""
        stmt = (
            self._select(
                ExerciseSet, Workout.date, func.count(ExerciseSet.id), func.sum(set_volume())
            )
            .join(Exercise, Exercise.id == ExerciseSet.exercise_id)
            .join(Workout, Workout.id == Exercise.workout_id)
            .where(
                Exercise.user_id == self.scope.user_id,
                Workout.user_id == self.scope.user_id,
                Workout.date.between(start, end),
                counted(),
            )
            .group_by(Workout.date)
            .order_by(Workout.date)
        )
        if catalog_item_id is not None:
            stmt = stmt.where(Exercise.catalog_item_id == catalog_item_id)
        return [(d, n, int(v or 0)) for d, n, v in self.session.execute(stmt)]


class TemplateRepository(EntityRepository[WorkoutTemplate]):
    """Templates by name, and the exercises in them."""

    model = WorkoutTemplate
    keyset = BY_NAME
    search = ("name",)

    def exercise_counts(self, template_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        if not template_ids:
            return {}
        rows = self.session.execute(
            self._select(WorkoutTemplateExercise, WorkoutTemplateExercise.template_id, func.count())
            .where(WorkoutTemplateExercise.template_id.in_(template_ids))
            .group_by(WorkoutTemplateExercise.template_id)
        )
        return {tid: n for tid, n in rows}

    def exercises(
        self, template_id: uuid.UUID
    ) -> list[tuple[WorkoutTemplateExercise, CatalogItem]]:
        stmt = (
            self._select(WorkoutTemplateExercise, WorkoutTemplateExercise, CatalogItem)
            .join(CatalogItem, CatalogItem.id == WorkoutTemplateExercise.catalog_item_id)
            .where(WorkoutTemplateExercise.template_id == template_id)
            .order_by(
                WorkoutTemplateExercise.position,
                WorkoutTemplateExercise.created_at,
                WorkoutTemplateExercise.id,
            )
        )
        return [(t, c) for t, c in self.session.execute(stmt)]

    def get_exercise(self, row_id: uuid.UUID) -> WorkoutTemplateExercise | None:
        return self._get(WorkoutTemplateExercise, row_id)

    def add_exercise(
        self, template: WorkoutTemplate, row: WorkoutTemplateExercise
    ) -> WorkoutTemplateExercise:
        _check_owner(self.scope.user_id, template)
        row.template_id = template.id
        return self._add(row)

    def delete_exercise(self, row: WorkoutTemplateExercise) -> None:
        self._delete(row)


class CardioRepository(EntityRepository[CardioSession]):
    """Cardio sessions, newest first; `text` looks in the activity and the notes."""

    model = CardioSession
    keyset = NEWEST_FIRST
    search = ("activity_name", "notes")

    def totals(self, start: date, end: date) -> tuple[int, int, int]:
        """(sessions, seconds, metres) from start to end, inclusive."""
        sessions, seconds, metres = self.session.execute(
            self._select(
                CardioSession,
                func.count(),
                func.sum(CardioSession.duration_s),
                func.sum(CardioSession.distance_m),
            ).where(CardioSession.date.between(start, end))
        ).one()
        return int(sessions or 0), int(seconds or 0), int(metres or 0)


class GymImportRepository(ScopedRepository):
    """What a Strong/Hevy import reads and writes: the workouts already brought in
    (by import key), the remembered names, and the rows in bulk (one INSERT per
    table and batch, not an ORM object and a flush each: 10,000 sets in seconds)."""

    def known_keys(self, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            found.update(
                k
                for k in self.session.scalars(
                    self._select(Workout, Workout.import_key).where(Workout.import_key.in_(chunk))
                )
                if k is not None
            )
        return found

    def remembered(self) -> dict[str, uuid.UUID]:
        """name key → catalog exercise, of this person's earlier imports."""
        rows = self.session.execute(
            self._select(GymImportName, GymImportName.name_key, GymImportName.catalog_item_id)
        )
        return {key: item for key, item in rows}

    def remember(self, name_key: str, catalog_item_id: uuid.UUID) -> None:
        row = self.session.scalars(
            self._select(GymImportName).where(GymImportName.name_key == name_key)
        ).one_or_none()
        if row is None:
            self._add(GymImportName(name_key=name_key, catalog_item_id=catalog_item_id))
        else:
            row.catalog_item_id = catalog_item_id

    def insert(self, model: type[Any], rows: list[dict[str, Any]], now: datetime) -> None:
        """New rows of this person (user_id and timestamps set here)."""
        for row in rows:
            row.update(user_id=self.scope.user_id, created_at=now, updated_at=now)
        for start in range(0, len(rows), 2000):
            self.session.execute(insert(model), rows[start : start + 2000])
