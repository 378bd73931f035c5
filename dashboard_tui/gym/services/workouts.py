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
  '220.5 lb' the form was filled with) keeps the stored grams exactly; so does the
  weight of a planned set typed as shown, and an `Exact` weight (what the screens
  send for a value they filled in and got back unchanged, kit/forms.kept). A
  template is copied into planned sets in grams, never through text.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from typing import Any

from dashboard_tui.account.auth import Login
from dashboard_tui.db import audit_chain
from dashboard_tui.gym import EXERCISE, WORKOUT
from dashboard_tui.gym.dto import (
    DEFAULT_WORKOUT_NAME,
    SessionSets,
    WorkoutDetail,
    WorkoutExerciseInfo,
    WorkoutInfo,
    WorkoutSummary,
)
from dashboard_tui.gym.services.base import GymServiceBase, GymWork, workout_info
from dashboard_tui.gym.services.records import refresh_records
from dashboard_tui.gym.services.views import (
    exercise_image,
    exercise_info,
    previous_of,
    sessions_of,
    workout_detail,
    workout_image,
)
from dashboard_tui.kit.edit import Form, audit_edit, moved, need, renumber
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.paging import Cursor, Page, check_page_size, split_page
from dashboard_tui.kit.parsing import parse_duration
from dashboard_tui.kit.query import dated_key
from dashboard_tui.kit.validation import clean_name, clean_notes
from dashboard_tui.models.gym import Exercise, ExerciseSet, Workout

DEFAULT_NAME = DEFAULT_WORKOUT_NAME


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

        def work(uow: GymWork) -> Page[WorkoutSummary]:
            text_ = text.strip()
            start = uow.optional_date(date_from, "date_from")
            end = uow.optional_date(date_to, "date_to")
            rows, next_cursor = uow.workouts.keyset_page(
                limit=limit, after=cursor, text=text_, date_from=start, date_to=end
            )
            totals = uow.workouts.totals([w.id for w in rows])
            summaries = tuple(_summary(workout_info(w), totals[w.id]) for w in rows)
            total = (
                uow.workouts.count(text=text_, date_from=start, date_to=end) if with_total else None
            )
            return Page(summaries, next_cursor, total)

        return self._read(login, work)

    def search_workouts(
        self, login: Login, query: str, *, limit: int = 10
    ) -> tuple[WorkoutInfo, ...]:
        """For the command palette: `today`, `yesterday`, `2026-11-21`, `2026-11` or
        `2026` find workouts on that day/month/year; anything else matches names."""
        count = check_page_size(limit)

        def work(uow: GymWork) -> tuple[WorkoutInfo, ...]:
            q = query.strip()
            if not q:
                return ()
            span = _date_span(q, uow.today)
            if span is not None:
                rows = uow.workouts.page(limit=count, date_from=span[0], date_to=span[1])
            else:
                rows = uow.workouts.page(limit=count, text=q[:200])
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

        def work(uow: GymWork) -> uuid.UUID | None:
            exercise_id: uuid.UUID | None = entity_id
            if entity == "exercise_set":
                row = uow.workouts.get_set(entity_id)
                exercise_id = row.exercise_id if row else None
            elif entity != "exercise":
                raise ValueError(f"not part of a workout: {entity}")
            exercise = uow.workouts.get_exercise(exercise_id) if exercise_id else None
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

        def work(uow: GymWork) -> Page[SessionSets]:
            uow.exercise_item(catalog_item_id)
            pairs = uow.workouts.sessions(catalog_item_id, limit=limit + 1, before=cursor)
            pairs, next_cursor = split_page(
                pairs, limit, lambda pair: (*dated_key(pair[0]), pair[1].id)
            )
            return Page(sessions_of(uow, pairs), next_cursor)

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

        def work(uow: GymWork) -> WorkoutDetail:
            form = Form()
            template = None
            if template_id is not None:
                template = uow.templates.get(template_id)
                if template is None:
                    form.errors["template"] = "That template does not exist any more."
            name_ = form.take(clean_name, name) if name.strip() else None
            day = form.take(uow.date, date)
            notes_ = form.take(clean_notes, notes)
            form.done()
            workout = uow.workouts.add(
                Workout(
                    name=name_ or (template.name if template else DEFAULT_NAME),
                    date=day,
                    started_at=uow.now if day == uow.today else None,
                    notes=notes_,
                    template_id=template.id if template else None,
                )
            )
            if template is not None:
                for position, (target, _) in enumerate(uow.templates.exercises(template.id)):
                    exercise = uow.workouts.add_exercise(
                        workout,
                        Exercise(catalog_item_id=target.catalog_item_id, position=position),
                    )
                    for number in range(target.target_sets):
                        uow.workouts.add_set(
                            exercise,
                            ExerciseSet(
                                position=number,
                                set_type="working",
                                weight_g=target.target_weight_g,
                                reps=target.target_reps,
                            ),
                        )
            uow.audit(WORKOUT, "created", workout.id, after=workout_image(uow, workout))
            return workout_detail(uow, workout.id, True)

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

        def work(uow: GymWork) -> WorkoutInfo:
            workout = need(uow.workouts.get(workout_id), "workout")
            form = Form()
            values: dict[str, Any] = {}
            if name is not None:
                values["name"] = form.take(clean_name, name)
            if date is not None:
                values["date"] = form.take(uow.date, date)
            if notes is not None:
                values["notes"] = form.take(clean_notes, notes)
            if duration is not None:
                values["duration_s"] = form.take(parse_duration, duration, required=False)
            form.done()
            before = audit_chain.snapshot(workout)
            for key, value in values.items():
                setattr(workout, key, value)
            uow.session.flush()
            if before["date"] != audit_chain.snapshot(workout)["date"]:
                for item_id in {e.catalog_item_id for e, _ in uow.workouts.exercises(workout.id)}:
                    refresh_records(uow, item_id)
            audit_edit(uow, WORKOUT, workout, before)
            return workout_info(workout)

        return self._write(login, work)

    def finish_workout(
        self, login: Login, workout_id: uuid.UUID, *, duration: str | None = None
    ) -> WorkoutInfo:
        """Set ended_at = now; the duration is the one given, else (for a workout
        started live) the time since it started."""

        def work(uow: GymWork) -> WorkoutInfo:
            workout = need(uow.workouts.get(workout_id), "workout")
            if workout.ended_at is not None:
                raise ValidationError.one(
                    "workout", "This workout is already finished; edit its duration instead."
                )
            seconds = parse_duration(duration, required=False) if duration else None
            before = audit_chain.snapshot(workout)
            workout.ended_at = uow.now
            if seconds is not None:
                workout.duration_s = seconds
            elif workout.started_at is not None and workout.duration_s is None:
                elapsed = int((uow.now - workout.started_at).total_seconds())
                workout.duration_s = max(0, min(elapsed, 24 * 3600))
            uow.session.flush()
            uow.audit(
                WORKOUT,
                "finished",
                workout.id,
                before=before,
                after=audit_chain.snapshot(workout),
            )
            return workout_info(workout)

        return self._write(login, work)

    def delete_workout(self, login: Login, workout_id: uuid.UUID) -> None:
        """Delete the workout with its exercises and sets; the audit row keeps all
        of it as the before-image. Records are recomputed without it."""

        def work(uow: GymWork) -> None:
            workout = need(uow.workouts.get(workout_id), "workout")
            before = workout_image(uow, workout)
            items = {e["catalog_item_id"] for e in before["exercises"]}
            uow.workouts.delete(workout)
            for item_id in items:
                refresh_records(uow, uuid.UUID(item_id))
            uow.audit(WORKOUT, "deleted", workout_id, before=before)

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

        def work(uow: GymWork) -> WorkoutExerciseInfo:
            workout = need(uow.workouts.get(workout_id), "workout")
            form = Form()
            item = form.take(uow.exercise_item, catalog_item_id)
            notes_ = form.take(clean_notes, notes)
            form.done()
            position = len(uow.workouts.exercises(workout.id))
            exercise = uow.workouts.add_exercise(
                workout, Exercise(catalog_item_id=item.id, position=position, notes=notes_)
            )
            uow.audit(EXERCISE, "created", exercise.id, after=exercise_image(uow, exercise))
            return exercise_info(uow, exercise, item, (), previous_of(uow, exercise, workout))

        return self._write(login, work)

    def edit_exercise(self, login: Login, exercise_id: uuid.UUID, *, notes: str) -> None:
        """Change the notes of an exercise in a workout."""

        def work(uow: GymWork) -> None:
            exercise = need(uow.workouts.get_exercise(exercise_id), "exercise")
            notes_ = clean_notes(notes)
            before = exercise_image(uow, exercise)
            exercise.notes = notes_
            uow.session.flush()
            audit_edit(uow, EXERCISE, exercise, before, lambda e: exercise_image(uow, e))

        self._write(login, work)

    def remove_exercise(self, login: Login, exercise_id: uuid.UUID) -> None:
        """Remove an exercise (and its sets) from its workout."""

        def work(uow: GymWork) -> None:
            exercise = need(uow.workouts.get_exercise(exercise_id), "exercise")
            before = {
                **exercise_image(uow, exercise),
                "sets": [audit_chain.snapshot(s) for s in uow.workouts.sets([exercise.id])],
            }
            workout_id, item_id = exercise.workout_id, exercise.catalog_item_id
            uow.workouts.delete_exercise(exercise)
            renumber([e for e, _ in uow.workouts.exercises(workout_id)])
            refresh_records(uow, item_id)
            uow.audit(EXERCISE, "deleted", exercise_id, before=before)

        self._write(login, work)

    def move_exercise(self, login: Login, exercise_id: uuid.UUID, offset: int) -> int:
        """Move an exercise up (-1) or down (+1) in its workout; returns its new
        0-based position."""

        def work(uow: GymWork) -> int:
            exercise = need(uow.workouts.get_exercise(exercise_id), "exercise")
            rows = [e for e, _ in uow.workouts.exercises(exercise.workout_id)]
            before = exercise.position
            renumber(moved(rows, exercise, offset))
            uow.session.flush()
            if exercise.position != before:
                uow.audit(
                    EXERCISE,
                    "moved",
                    exercise.id,
                    before={**exercise_image(uow, exercise), "position": before},
                    after=exercise_image(uow, exercise),
                )
            return exercise.position

        return self._write(login, work)


# -- helpers ----------------------------------------------------------------------------
def _summary(info: WorkoutInfo, totals: tuple[int, int, int]) -> WorkoutSummary:
    exercises, sets, volume = totals
    return WorkoutSummary(**vars(info), exercise_count=exercises, set_count=sets, volume_g=volume)


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
