"""Personal records and progress charts.

Records live in workout_progress, one row per (exercise, kind[, reps]). They are
derived data: after any change to an exercise's sets (log, edit, delete, a workout's
date or deletion) that exercise's records are recomputed from its remaining counted
sets — completed, not warm-up, at least one rep — and the stored rows made to match.
Simple, and right whatever was edited; the database does the aggregation, so only
a few rows travel whatever the history's length. Kinds:
- heaviest: the most weight lifted in one set;
- e1rm: the best estimated one-rep max (EPLEY in gym_dto);
- rep_max: for each rep count on the frontier, the most weight done for it (so both
  "the 5-rep max" and "the best reps at 100 kg" can be read off);
- volume: the best session volume (sum of weight × reps of that exercise's sets).
Ties go to the earliest set (workout date, then entry order).

A rebuild reads the stored records and the sets, then writes the difference: right
only if no other unit of the same person's changes them in between (two racing
rebuilds would both insert the same first record, or update a row the other just
deleted). Every write unit holds its person's lock from its first statement
(Database.lock_user; on SQLite one writer runs at a time), so rebuilds of one person
run one after another."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from dashboard_tui.account.auth import Login
from dashboard_tui.gym.dto import (
    E1rmPoint,
    ExerciseRecords,
    RecordInfo,
    VolumePoint,
    WeeklySummary,
    WeekStats,
    epley_g,
)
from dashboard_tui.gym.repository.workouts import RecordValue
from dashboard_tui.gym.services.base import GymServiceBase, GymWork
from dashboard_tui.kit.parsing import parse_date, parse_int

MAX_WEEKS = 520


def compute_records(
    best_by_reps: Iterable[Any], best_volume: tuple[Any, ...] | None
) -> list[RecordValue]:
    """Records from each rep count's best set (rows of (set_id, weight_g, reps,
    workout_id, date, created_at), oldest first) and the best session volume
    ((workout_id, date, volume, last set id) or None). The heaviest set and the best
    e1RM are always among the rep counts' best sets (e1RM grows with the weight)."""
    heaviest: RecordValue | None = None
    e1rm: RecordValue | None = None
    by_reps: dict[int, RecordValue] = {}
    for set_id, weight, reps, _, day, _ in best_by_reps:
        weight = weight or 0
        if weight > 0 and (heaviest is None or weight > heaviest.value):
            heaviest = RecordValue("heaviest", None, weight, day, set_id)
        estimate = epley_g(weight, reps)
        if estimate and (e1rm is None or estimate > e1rm.value):
            e1rm = RecordValue("e1rm", None, estimate, day, set_id)
        by_reps[reps] = RecordValue("rep_max", reps, weight, day, set_id)
    result = [r for r in (heaviest, e1rm) if r is not None]
    best_weight = -1
    for reps in sorted(by_reps, reverse=True):  # keep only the frontier
        if by_reps[reps].value > best_weight:
            result.append(by_reps[reps])
            best_weight = by_reps[reps].value
    if best_volume is not None:
        _, day, volume, last_set = best_volume
        result.append(RecordValue("volume", None, volume, day, last_set))
    return result


def refresh_records(uow: GymWork, catalog_item_id: uuid.UUID) -> dict[tuple, RecordValue]:
    """Recompute and store one exercise's records; returns those that changed or are
    new, by (kind, reps)."""
    before = {
        (p.kind, p.reps): (p.value, p.achieved_on, p.set_id)
        for p, _, _ in (uow.progress.records(catalog_item_id))
    }
    values = compute_records(
        uow.progress.best_sets_by_reps(catalog_item_id),
        uow.progress.best_session_volume(catalog_item_id),
    )
    uow.progress.replace(catalog_item_id, values)
    return {(v.kind, v.reps): v for v in values if before.get((v.kind, v.reps)) != tuple(v[2:])}


def new_records_of(
    changed: dict[tuple, RecordValue], set_id: uuid.UUID, workout_id: uuid.UUID
) -> tuple[RecordInfo, ...]:
    """The changed records that this set made (a new PR to celebrate)."""
    return tuple(
        RecordInfo(v.kind, v.value, v.reps, v.achieved_on, v.set_id, workout_id)
        for v in changed.values()
        if v.set_id == set_id
    )


def _exercise_records(item_id: uuid.UUID, name: str, rows: list[tuple]) -> ExerciseRecords:
    found: dict[str, list[RecordInfo]] = {}
    for p, _, workout_id in rows:
        found.setdefault(p.kind, []).append(
            RecordInfo(p.kind, p.value, p.reps, p.achieved_on, p.set_id, workout_id)
        )
    return ExerciseRecords(
        catalog_item_id=item_id,
        name=name,
        heaviest=found.get("heaviest", [None])[0],
        e1rm=found.get("e1rm", [None])[0],
        volume=found.get("volume", [None])[0],
        rep_maxes=tuple(sorted(found.get("rep_max", []), key=lambda r: r.reps or 0)),
    )


class ProgressService(GymServiceBase):
    def records(self, login: Login, catalog_item_id: uuid.UUID) -> ExerciseRecords:
        """One exercise's records (all None/empty when it has none yet)."""

        def work(uow: GymWork) -> ExerciseRecords:
            item = uow.exercise_item(catalog_item_id)
            return _exercise_records(item.id, item.name, uow.progress.records(item.id))

        return self._read(login, work)

    def record_board(self, login: Login) -> tuple[ExerciseRecords, ...]:
        """Records of every exercise that has any, by exercise name (bounded by the
        number of distinct exercises the person has done)."""

        def work(uow: GymWork) -> tuple[ExerciseRecords, ...]:
            grouped: dict[uuid.UUID, tuple[str, list]] = {}
            for row in uow.progress.records():
                grouped.setdefault(row[0].catalog_item_id, (row[1], []))[1].append(row)
            return tuple(
                _exercise_records(item_id, name, rows) for item_id, (name, rows) in grouped.items()
            )

        return self._read(login, work)

    def e1rm_series(
        self,
        login: Login,
        catalog_item_id: uuid.UUID,
        *,
        since: str | date | None = None,
    ) -> tuple[E1rmPoint, ...]:
        """Per session, the best Epley e1RM of this exercise (counted sets of 1–12
        reps with a weight), oldest first: the progress chart."""

        def work(uow: GymWork) -> tuple[E1rmPoint, ...]:
            item = uow.exercise_item(catalog_item_id)
            start = uow.optional_date(since, "since")
            return tuple(
                E1rmPoint(day, wid, (2 * times30 + 30) // 60)
                for day, wid, times30 in uow.progress.e1rm_by_session(item.id, since=start)
            )

        return self._read(login, work)

    def weekly_volume(
        self,
        login: Login,
        *,
        weeks: int | str = 12,
        catalog_item_id: uuid.UUID | None = None,
    ) -> tuple[VolumePoint, ...]:
        """Counted sets and volume per week (the profile's week start), oldest first,
        the last `weeks` weeks up to this one, empty weeks included."""
        count = parse_int(weeks, field="weeks", lo=1, hi=MAX_WEEKS)

        def work(uow: GymWork) -> tuple[VolumePoint, ...]:
            if catalog_item_id is not None:
                uow.exercise_item(catalog_item_id)
            this_week = uow.week_of(uow.today)
            first = this_week - timedelta(weeks=count - 1)
            totals = {first + timedelta(weeks=i): [0, 0] for i in range(count)}
            for day, sets, volume in uow.progress.daily_totals(
                first, this_week + timedelta(days=6), catalog_item_id=catalog_item_id
            ):
                week = totals[uow.week_of(day)]
                week[0] += sets
                week[1] += volume
            return tuple(VolumePoint(w, s, v) for w, (s, v) in totals.items())

        return self._read(login, work)

    def weekly_summary(self, login: Login, *, day: str | date = "today") -> WeeklySummary:
        """The week of `day` (default today) against the week before: workouts,
        counted sets, volume, cardio sessions, minutes and distance."""

        def work(uow: GymWork) -> WeeklySummary:
            start = uow.week_of(parse_date(day, today=uow.today, field="day"))
            return WeeklySummary(_week(uow, start), _week(uow, start - timedelta(weeks=1)))

        return self._read(login, work)


def _week(uow: GymWork, start: date) -> WeekStats:
    end = start + timedelta(days=6)
    days = uow.progress.daily_totals(start, end)
    sessions, seconds, metres = uow.cardio.totals(start, end)
    return WeekStats(
        week_start=start,
        workouts=uow.workouts.count(date_from=start, date_to=end),
        sets=sum(d[1] for d in days),
        volume_g=sum(d[2] for d in days),
        cardio_sessions=sessions,
        cardio_s=seconds,
        cardio_m=metres,
    )
