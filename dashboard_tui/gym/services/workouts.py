"""Gym: workouts, the exercises done in them and their sets; and `GymService`, the one
object the UI holds for the whole area (catalog, workouts, templates, cardio,
progress).

Every method that changes something is one unit of work with one audit row
(`gym.<entity>.<created|edited|deleted|…>`, before/after images; a delete keeps the
whole before-image, e.g. a workout with its exercises and sets). Text fields are
validated in one place for UI and CLI; a ValidationError names each bad field.

Decisions:
- A workout started from a template gets the template's exercises, each with
  `target_sets` *planned* sets (the target reps and weight, not completed). Planned
  sets never count for records, volume or summaries until completed. `log_set` fills
  the exercise's first planned set when there is one (else appends a new set), so
  logging goes just as fast with or without a template.
- A workout started for today is started live (started_at = now); one logged for an
  earlier day is not (no started_at), and `finish_workout` then keeps the duration
  given, if any.
- Edits take keyword arguments where None means "leave as it is"; for optional
  numbers "" clears them. A weight typed as the currently shown text (e.g. the
  '220.5 lb' the form was filled with) keeps the stored grams exactly.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from dashboard_tui.account.auth import Login
from dashboard_tui.db import audit_chain
from dashboard_tui.db.audit_chain import NO_CLIENT, ClientInfo
from dashboard_tui.db.uow import Database
from dashboard_tui.gym.dto import (
    Cursor,
    Page,
    SessionSets,
    WorkoutDetail,
    WorkoutExerciseInfo,
    WorkoutInfo,
    WorkoutSummary,
)
from dashboard_tui.gym.repository.workouts import dated_key
from dashboard_tui.gym.services.base import (
    Form,
    GymServiceBase,
    Unit,
    check_page_size,
    clean_name,
    clean_notes,
    moved,
    need,
    renumber,
    split_page,
    workout_info,
)
from dashboard_tui.gym.services.cardio import CardioService
from dashboard_tui.gym.services.catalog import ExerciseCatalogService
from dashboard_tui.gym.services.records import ProgressService, refresh_records
from dashboard_tui.gym.services.sets import SetService
from dashboard_tui.gym.services.templates import TemplateService
from dashboard_tui.gym.services.views import (
    audit_edit,
    exercise_image,
    exercise_info,
    previous_of,
    sessions_of,
    workout_detail,
    workout_image,
)
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.parsing import parse_duration
from dashboard_tui.models.base import utcnow
from dashboard_tui.models.gym import Exercise, ExerciseSet, Workout

DEFAULT_NAME = "Workout"


class WorkoutService(GymServiceBase):
    # -- reading -------------------------------------------------------------------
    def list_workouts(
        self,
        login: Login,
        *,
        text: str = "",
        page_size: int = 50,
        cursor: Cursor | None = None,
        with_total: bool = False,
        date_from: str | date | None = None,
        date_to: str | date | None = None,
    ) -> Page[WorkoutSummary]:
        """Newest first, keyset-paged; `text` filters names (contains, any case)."""
        limit = check_page_size(page_size)

        def work(unit: Unit) -> Page[WorkoutSummary]:
            text_ = text.strip()
            start = unit.date(date_from, "date_from") if date_from not in (None, "") else None
            end = unit.date(date_to, "date_to") if date_to not in (None, "") else None
            rows = unit.workouts.page(
                limit=limit + 1, before=cursor, text=text_, date_from=start, date_to=end
            )
            rows, next_cursor = split_page(rows, limit, dated_key)
            totals = unit.workouts.totals([w.id for w in rows])
            summaries = tuple(
                WorkoutSummary(**vars(workout_info(w)), **_totals(totals[w.id])) for w in rows
            )
            total = (
                unit.workouts.count(text=text_, date_from=start, date_to=end)
                if with_total
                else None
            )
            return Page(summaries, next_cursor, total)

        return self._read(login, work)

    def search_workouts(
        self, login: Login, query: str, *, limit: int = 10
    ) -> tuple[WorkoutInfo, ...]:
        """For the command palette: `today`, `yesterday`, `2026-11-21`, `2026-11` or
        `2026` find workouts on that day/month/year; anything else matches names."""
        count = check_page_size(limit)

        def work(unit: Unit) -> tuple[WorkoutInfo, ...]:
            q = query.strip()
            if not q:
                return ()
            span = _date_span(q, unit.today)
            if span is not None:
                rows = unit.workouts.page(limit=count, date_from=span[0], date_to=span[1])
            else:
                rows = unit.workouts.page(limit=count, text=q[:200])
            return tuple(workout_info(w) for w in rows)

        return self._read(login, work)

    def get_workout(
        self, login: Login, workout_id: uuid.UUID, *, with_previous: bool = True
    ) -> WorkoutDetail:
        """The workout, its exercises in order with their sets, and (unless turned off)
        each exercise's previous-session sets as a hint."""
        return self._read(login, lambda u: workout_detail(u, workout_id, with_previous))

    def workout_of(self, login: Login, entity: str, entity_id: uuid.UUID) -> uuid.UUID | None:
        """The workout an `exercise` or `exercise_set` belongs to (None: it is gone),
        for the audit history's jump to a record."""

        def work(unit: Unit) -> uuid.UUID | None:
            exercise_id: uuid.UUID | None = entity_id
            if entity == "exercise_set":
                row = unit.workouts.get_set(entity_id)
                exercise_id = row.exercise_id if row else None
            elif entity != "exercise":
                raise ValueError(f"not part of a workout: {entity}")
            exercise = unit.workouts.get_exercise(exercise_id) if exercise_id else None
            return exercise.workout_id if exercise else None

        return self._read(login, work)

    def active_workout(self, login: Login) -> WorkoutInfo | None:
        """The newest workout started live and not finished (to resume it)."""
        return self._read(login, lambda u: workout_info(w) if (w := u.workouts.active()) else None)

    def exercise_history(
        self,
        login: Login,
        catalog_item_id: uuid.UUID,
        *,
        page_size: int = 20,
        cursor: Cursor | None = None,
    ) -> Page[SessionSets]:
        """Every session of one catalog exercise, newest first, keyset-paged."""
        limit = check_page_size(page_size)

        def work(unit: Unit) -> Page[SessionSets]:
            unit.exercise_item(catalog_item_id)
            pairs = unit.workouts.sessions(catalog_item_id, limit=limit + 1, before=cursor)
            pairs, next_cursor = split_page(
                pairs, limit, lambda pair: (*dated_key(pair[0]), pair[1].id)
            )
            return Page(sessions_of(unit, pairs), next_cursor)

        return self._read(login, work)

    # -- workouts ----------------------------------------------------------------------
    def start_workout(
        self,
        login: Login,
        *,
        name: str = "",
        date: str | date = "today",
        notes: str = "",
        template_id: uuid.UUID | None = None,
    ) -> WorkoutDetail:
        """An ad-hoc workout, or one from a template (its exercises with planned
        sets; the name defaults to the template's)."""

        def work(unit: Unit) -> WorkoutDetail:
            form = Form()
            template = None
            if template_id is not None:
                template = unit.templates.get(template_id)
                if template is None:
                    form.errors["template"] = "That template does not exist any more."
            name_ = form.take(clean_name, name) if name.strip() else None
            day = form.take(unit.date, date)
            notes_ = form.take(clean_notes, notes)
            form.done()
            workout = unit.workouts.add(
                Workout(
                    name=name_ or (template.name if template else DEFAULT_NAME),
                    date=day,
                    started_at=unit.now if day == unit.today else None,
                    notes=notes_,
                    template_id=template.id if template else None,
                )
            )
            if template is not None:
                for position, (target, _) in enumerate(unit.templates.exercises(template.id)):
                    exercise = unit.workouts.add_exercise(
                        workout,
                        Exercise(catalog_item_id=target.catalog_item_id, position=position),
                    )
                    for number in range(target.target_sets):
                        unit.workouts.add_set(
                            exercise,
                            ExerciseSet(
                                position=number,
                                set_type="working",
                                weight_g=target.target_weight_g,
                                reps=target.target_reps,
                            ),
                        )
            unit.audit(
                "gym.workout.created", "workout", workout.id, after=workout_image(unit, workout)
            )
            return workout_detail(unit, workout.id, True)

        return self._write(login, work)

    def edit_workout(
        self,
        login: Login,
        workout_id: uuid.UUID,
        *,
        name: str | None = None,
        date: str | date | None = None,
        notes: str | None = None,
        duration: str | None = None,
    ) -> WorkoutInfo:
        """Change any of name, date, notes, duration (`45m`, `1:05:00`; "" clears)."""

        def work(unit: Unit) -> WorkoutInfo:
            workout = need(unit.workouts.get(workout_id), "workout")
            form = Form()
            values: dict[str, Any] = {}
            if name is not None:
                values["name"] = form.take(clean_name, name)
            if date is not None:
                values["date"] = form.take(unit.date, date)
            if notes is not None:
                values["notes"] = form.take(clean_notes, notes)
            if duration is not None:
                values["duration_s"] = form.take(parse_duration, duration, required=False)
            form.done()
            before = audit_chain.snapshot(workout)
            for key, value in values.items():
                setattr(workout, key, value)
            unit.session.flush()
            if before["date"] != audit_chain.snapshot(workout)["date"]:
                for item_id in {e.catalog_item_id for e, _ in unit.workouts.exercises(workout.id)}:
                    refresh_records(unit, item_id)
            audit_edit(unit, "gym.workout.edited", "workout", workout, before)
            return workout_info(workout)

        return self._write(login, work)

    def finish_workout(
        self, login: Login, workout_id: uuid.UUID, *, duration: str | None = None
    ) -> WorkoutInfo:
        """Set ended_at = now; the duration is the one given, else (for a workout
        started live) the time since it started."""

        def work(unit: Unit) -> WorkoutInfo:
            workout = need(unit.workouts.get(workout_id), "workout")
            if workout.ended_at is not None:
                raise ValidationError.one(
                    "workout", "This workout is already finished; edit its duration instead."
                )
            seconds = parse_duration(duration, required=False) if duration else None
            before = audit_chain.snapshot(workout)
            workout.ended_at = unit.now
            if seconds is not None:
                workout.duration_s = seconds
            elif workout.started_at is not None and workout.duration_s is None:
                elapsed = int((unit.now - workout.started_at).total_seconds())
                workout.duration_s = max(0, min(elapsed, 24 * 3600))
            unit.session.flush()
            unit.audit(
                "gym.workout.finished",
                "workout",
                workout.id,
                before=before,
                after=audit_chain.snapshot(workout),
            )
            return workout_info(workout)

        return self._write(login, work)

    def delete_workout(self, login: Login, workout_id: uuid.UUID) -> None:
        """Delete the workout with its exercises and sets; the audit row keeps all
        of it as the before-image. Records are recomputed without it."""

        def work(unit: Unit) -> None:
            workout = need(unit.workouts.get(workout_id), "workout")
            before = workout_image(unit, workout)
            items = {e["catalog_item_id"] for e in before["exercises"]}
            unit.workouts.delete(workout)
            for item_id in items:
                refresh_records(unit, uuid.UUID(item_id))
            unit.audit("gym.workout.deleted", "workout", workout_id, before=before)

        self._write(login, work)

    # -- exercises in a workout ------------------------------------------------------------
    def add_exercise(
        self,
        login: Login,
        workout_id: uuid.UUID,
        catalog_item_id: uuid.UUID,
        *,
        notes: str = "",
    ) -> WorkoutExerciseInfo:
        """Append a catalog exercise to the workout (with its previous-session hint)."""

        def work(unit: Unit) -> WorkoutExerciseInfo:
            workout = need(unit.workouts.get(workout_id), "workout")
            form = Form()
            item = form.take(unit.exercise_item, catalog_item_id)
            notes_ = form.take(clean_notes, notes)
            form.done()
            position = len(unit.workouts.exercises(workout.id))
            exercise = unit.workouts.add_exercise(
                workout, Exercise(catalog_item_id=item.id, position=position, notes=notes_)
            )
            unit.audit(
                "gym.exercise.created", "exercise", exercise.id, after=exercise_image(exercise)
            )
            return exercise_info(unit, exercise, item, (), previous_of(unit, exercise, workout))

        return self._write(login, work)

    def edit_exercise(self, login: Login, exercise_id: uuid.UUID, *, notes: str) -> None:
        """Change the notes of an exercise in a workout."""

        def work(unit: Unit) -> None:
            exercise = need(unit.workouts.get_exercise(exercise_id), "exercise")
            notes_ = clean_notes(notes)
            before = exercise_image(exercise)
            exercise.notes = notes_
            unit.session.flush()
            audit_edit(unit, "gym.exercise.edited", "exercise", exercise, before, exercise_image)

        self._write(login, work)

    def remove_exercise(self, login: Login, exercise_id: uuid.UUID) -> None:
        """Remove an exercise (and its sets) from its workout."""

        def work(unit: Unit) -> None:
            exercise = need(unit.workouts.get_exercise(exercise_id), "exercise")
            before = {
                **exercise_image(exercise),
                "sets": [audit_chain.snapshot(s) for s in unit.workouts.sets([exercise.id])],
            }
            workout_id, item_id = exercise.workout_id, exercise.catalog_item_id
            unit.workouts.delete_exercise(exercise)
            renumber([e for e, _ in unit.workouts.exercises(workout_id)])
            refresh_records(unit, item_id)
            unit.audit("gym.exercise.deleted", "exercise", exercise_id, before=before)

        self._write(login, work)

    def move_exercise(self, login: Login, exercise_id: uuid.UUID, offset: int) -> int:
        """Move an exercise up (-1) or down (+1) in its workout; returns its new
        0-based position."""

        def work(unit: Unit) -> int:
            exercise = need(unit.workouts.get_exercise(exercise_id), "exercise")
            rows = [e for e, _ in unit.workouts.exercises(exercise.workout_id)]
            before = exercise.position
            renumber(moved(rows, exercise, offset))
            unit.session.flush()
            if exercise.position != before:
                unit.audit(
                    "gym.exercise.moved",
                    "exercise",
                    exercise.id,
                    before={**exercise_image(exercise), "position": before},
                    after=exercise_image(exercise),
                )
            return exercise.position

        return self._write(login, work)


class GymService:
    """The gym area: one object holding its services."""

    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], datetime] = utcnow,
        client: ClientInfo = NO_CLIENT,
    ) -> None:
        kw: dict[str, Any] = {"clock": clock, "client": client}
        self.catalog = ExerciseCatalogService(db, **kw)
        self.workouts = WorkoutService(db, **kw)
        self.sets = SetService(db, **kw)
        self.templates = TemplateService(db, **kw)
        self.cardio = CardioService(db, **kw)
        self.progress = ProgressService(db, **kw)


# -- helpers ----------------------------------------------------------------------------
def _totals(values: tuple[int, int, int]) -> dict[str, int]:
    return {"exercise_count": values[0], "set_count": values[1], "volume_g": values[2]}


def _date_span(query: str, today: date) -> tuple[date, date] | None:
    q = query.lower()
    if q in {"today", "yesterday"}:
        day = today if q == "today" else today - timedelta(days=1)
        return day, day
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", q):
            day = date.fromisoformat(q)
            return day, day
        if re.fullmatch(r"\d{4}-\d{2}", q):
            first = date.fromisoformat(f"{q}-01")
            nxt = first.replace(day=28) + timedelta(days=4)
            return first, nxt - timedelta(days=nxt.day)
        if re.fullmatch(r"\d{4}", q) and 1900 <= int(q) <= 9998:
            return date(int(q), 1, 1), date(int(q), 12, 31)
    except ValueError:
        return None
    return None


def _register_audit_targets() -> None:
    """So the audit history can tell whether a gym record still exists."""
    from dashboard_tui.audit.history import register_audit_target
    from dashboard_tui.models.gym import (
        CardioSession,
        WorkoutTemplate,
        WorkoutTemplateExercise,
    )
    from dashboard_tui.models.shared import CatalogItem

    for entity, model in (
        ("workout", Workout),
        ("exercise", Exercise),
        ("exercise_set", ExerciseSet),
        ("workout_template", WorkoutTemplate),
        ("workout_template_exercise", WorkoutTemplateExercise),
        ("cardio_session", CardioSession),
        ("catalog_item", CatalogItem),
    ):
        register_audit_target(entity, model)


_register_audit_targets()
