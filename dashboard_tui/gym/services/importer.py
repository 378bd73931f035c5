"""Training history from Strong and Hevy (gym/import_csv.py reads the file), and the
gym's own CSV export.

Rules:
- Exercises are matched by name, any case and spacing: first the person's remembered
  names (`gym_import_names`, from earlier reviews), then the catalog (shipped and
  own). A name neither knows is *unmatched*: the import stops (`Unmatched`, nothing
  written) until each is mapped to a catalog exercise or created as an own one; both
  choices are remembered for the next import.
- One file is ONE unit of work: every workout, exercise, set, created exercise and
  remembered name goes in, with the records recomputed, or nothing does.
- A workout is the same one when its start (to the minute, in the file's local time)
  and its name are: `workouts.import_key`; a re-import skips those and adds nothing.
- Times in the file are the person's local time: stored in UTC through the profile's
  timezone. Sets were done, so they are completed (at the workout's start).
- Audit: one `gym.workouts.imported` row on the person (like `data.imported`) saying
  what came in; each exercise created for the import has its own `created` row.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dashboard_tui.db import audit_chain
from dashboard_tui.gym import CATALOG_EXERCISE
from dashboard_tui.gym.import_csv import ImportedWorkout, ParsedFile, name_key
from dashboard_tui.gym.repository.workouts import GymImportRepository
from dashboard_tui.gym.services.base import GymServiceBase, GymWork
from dashboard_tui.gym.services.records import refresh_records
from dashboard_tui.kit.errors import ServiceError
from dashboard_tui.kit.parsing import weight_in
from dashboard_tui.kit.service import Actor
from dashboard_tui.kit.validation import spreadsheet_cell
from dashboard_tui.models.gym import Exercise, ExerciseSet, Workout
from dashboard_tui.models.shared import CatalogItem

CREATE = "create"  # a review's choice for a name: make it an own exercise


@dataclass(frozen=True)
class NameMatch:
    """One exercise name of the file and what it is here (None: unmatched)."""

    name: str
    catalog_item_id: uuid.UUID | None
    catalog_name: str | None
    remembered: bool


@dataclass(frozen=True)
class ImportSummary:
    workouts_added: int
    workouts_skipped: int
    sets_added: int
    exercises_created: tuple[str, ...]
    records_changed: int


class Unmatched(ServiceError):
    """Exercise names with no catalog exercise and no choice: nothing was imported."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        super().__init__(
            f"{len(names)} exercise name(s) match nothing in the catalog: "
            + ", ".join(names[:10])
            + (" …" if len(names) > 10 else "")
            + ". Map each to a catalog exercise or create it as your own."
        )


class ImportWork(GymWork):
    @property
    def imports(self) -> GymImportRepository:
        return self.repo(GymImportRepository)


def _catalog_by_key(uow: GymWork) -> dict[str, CatalogItem]:
    """Every visible exercise by name key; an own exercise wins over a shipped one."""
    found: dict[str, CatalogItem] = {}
    after = None
    while True:
        rows = uow.catalog.page(limit=500, after=after)
        for item in rows:
            key = name_key(item.name)
            if key not in found or item.user_id is not None:
                found[key] = item
        if len(rows) < 500:
            return found
        after = (rows[-1].name.lower(), rows[-1].id)


def _matches(uow: ImportWork, parsed: ParsedFile) -> list[NameMatch]:
    catalog = _catalog_by_key(uow)
    by_id = {item.id: item for item in catalog.values()}
    remembered = uow.imports.remembered()
    result = []
    for name in parsed.exercise_names:
        key = name_key(name)
        item_id = remembered.get(key)
        item = by_id.get(item_id) if item_id else None
        if item is None and item_id is not None:
            item = uow.catalog.get(item_id)
        if item is not None:
            result.append(NameMatch(name, item.id, item.name, True))
        elif (found := catalog.get(key)) is not None:
            result.append(NameMatch(name, found.id, found.name, False))
        else:
            result.append(NameMatch(name, None, None, False))
    return result


def _utc(local: datetime, zone: ZoneInfo) -> datetime:
    return local.replace(tzinfo=zone).astimezone(UTC)


class GymImportService(GymServiceBase):
    uow_class = ImportWork

    def review(self, login: Actor, parsed: ParsedFile) -> tuple[NameMatch, ...]:
        """Each exercise name of the file and the exercise it would be (the review)."""
        return self._read(login, lambda u: tuple(_matches(u, parsed)))  # type: ignore[arg-type]

    def import_file(
        self,
        login: Actor,
        parsed: ParsedFile,
        *,
        choices: Mapping[str, uuid.UUID | str] | None = None,
        create_unmatched: bool = False,
        source: str = "",
    ) -> ImportSummary:
        """Bring the file in. `choices` maps a file's exercise name to a catalog
        exercise id or CREATE; `create_unmatched` creates every name left unmatched.
        Raises Unmatched (nothing written) when a name is left without either."""
        chosen = {name_key(k): v for k, v in (choices or {}).items()}

        def work(uow: ImportWork) -> ImportSummary:
            item_of: dict[str, uuid.UUID] = {}
            created: list[str] = []
            unmatched: list[str] = []
            for match in _matches(uow, parsed):
                key = name_key(match.name)
                choice = chosen.get(key)
                if isinstance(choice, uuid.UUID):
                    item = uow.exercise_item(choice)
                    item_of[key] = item.id
                    uow.imports.remember(key, item.id)
                elif match.catalog_item_id is not None and choice != CREATE:
                    item_of[key] = match.catalog_item_id
                elif choice == CREATE or create_unmatched:
                    item = uow.catalog.add(CatalogItem(name=match.name, mode=_mode_of(parsed, key)))
                    uow.audit(
                        CATALOG_EXERCISE, "created", item.id, after=audit_chain.snapshot(item)
                    )
                    item_of[key] = item.id
                    created.append(match.name)
                    uow.imports.remember(key, item.id)
                else:
                    unmatched.append(match.name)
            if unmatched:
                raise Unmatched(tuple(unmatched))
            known = uow.imports.known_keys([w.fingerprint for w in parsed.workouts])
            fresh, seen = [], set(known)
            for w in parsed.workouts:
                if w.fingerprint not in seen:  # the same workout twice in one file: once
                    seen.add(w.fingerprint)
                    fresh.append(w)
            sets = _insert(uow, fresh, item_of)
            changed = 0
            for item_id in {item_of[name_key(e.name)] for w in fresh for e in w.exercises}:
                changed += len(refresh_records(uow, item_id))
            summary = ImportSummary(
                workouts_added=len(fresh),
                workouts_skipped=len(parsed.workouts) - len(fresh),
                sets_added=sets,
                exercises_created=tuple(created),
                records_changed=changed,
            )
            uow.audit_user(
                "gym.workouts.imported",
                after={
                    "source": source[:200],
                    "format": parsed.format,
                    "workouts_added": summary.workouts_added,
                    "workouts_skipped": summary.workouts_skipped,
                    "sets_added": sets,
                    "exercises_created": list(created),
                    "first": min((w.start.date() for w in fresh), default=None),
                    "last": max((w.start.date() for w in fresh), default=None),
                },
            )
            return summary

        return self._write(login, work)  # type: ignore[arg-type]

    def export_csv(self, login: Actor) -> str:
        """Every workout with its done sets, newest first, in the gym's own layout (the
        Strong layout with the units in the header, and a Superset column), which
        `import --format strong` reads back."""
        return self._read(login, _export)


def _mode_of(parsed: ParsedFile, key: str) -> str:
    """An exercise done only as distance/time sets is cardio; else strength."""
    sets = [
        s for w in parsed.workouts for e in w.exercises if name_key(e.name) == key for s in e.sets
    ]
    timed = all(s.reps is None and s.weight_g is None and (s.distance_m or s.seconds) for s in sets)
    return "cardio" if sets and timed and any(s.distance_m for s in sets) else "strength"


def _insert(uow: ImportWork, workouts: list[ImportedWorkout], item_of: dict[str, uuid.UUID]) -> int:
    zone = ZoneInfo(uow.timezone)
    rows: dict[type, list[dict]] = {Workout: [], Exercise: [], ExerciseSet: []}
    for w in workouts:
        started = _utc(w.start, zone)
        ended = _utc(w.end, zone) if w.end else None
        if ended is None and w.duration_s:
            ended = started + timedelta(seconds=w.duration_s)
        workout_id = uuid.uuid4()
        rows[Workout].append(
            {
                "id": workout_id,
                "name": w.name,
                "date": w.start.date(),
                "started_at": started,
                "ended_at": ended,
                "duration_s": w.duration_s,
                "notes": w.notes,
                "template_id": None,
                "import_key": w.fingerprint,
            }
        )
        for position, e in enumerate(w.exercises):
            exercise_id = uuid.uuid4()
            rows[Exercise].append(
                {
                    "id": exercise_id,
                    "workout_id": workout_id,
                    "catalog_item_id": item_of[name_key(e.name)],
                    "position": position,
                    "notes": e.notes,
                    "superset": e.superset,
                }
            )
            for number, s in enumerate(e.sets):
                rows[ExerciseSet].append(
                    {
                        "id": uuid.uuid4(),
                        "exercise_id": exercise_id,
                        "position": number,
                        "set_type": s.set_type,
                        "weight_g": s.weight_g,
                        "reps": s.reps,
                        "rpe_x10": s.rpe_x10,
                        "rir": None,
                        "duration_s": s.seconds,
                        "distance_m": s.distance_m,
                        "completed_at": started,
                    }
                )
    for model, batch in rows.items():
        uow.imports.insert(model, batch, uow.now)
    return len(rows[ExerciseSet])


EXPORT_TYPES = {"warmup": "W", "drop": "D", "failure": "F"}


def _export(uow: GymWork) -> str:
    unit = uow.weight_unit
    zone = ZoneInfo(uow.timezone)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    weight_header = "Weight (kg)" if unit == "kg" else "Weight (lbs)"
    distance_header = "Distance (km)" if unit == "kg" else "Distance (mi)"
    writer.writerow(
        [
            "Date",
            "Workout Name",
            "Duration",
            "Exercise Name",
            "Set Order",
            weight_header,
            "Reps",
            distance_header,
            "Seconds",
            "Notes",
            "Workout Notes",
            "RPE",
            "Superset",
        ]
    )
    per_unit = 1000 if unit == "kg" else 1609.344
    cursor = None
    while True:  # a page of workouts at a time: a long history never sits in memory
        workouts, cursor = uow.workouts.keyset_page(limit=200, after=cursor)
        for w in workouts:
            _export_workout(uow, writer, w, unit, zone, per_unit)
        if cursor is None:
            return out.getvalue()


def _export_workout(
    uow: GymWork, writer: Any, w: Workout, unit: str, zone: ZoneInfo, per_unit: float
) -> None:
    if w.started_at is not None:
        local = w.started_at.astimezone(zone)
    else:
        local = datetime.combine(w.date, datetime.min.time())
    when = local.strftime("%Y-%m-%d %H:%M:%S")
    duration = f"{w.duration_s // 3600}h {w.duration_s % 3600 // 60}m" if w.duration_s else ""
    pairs = uow.workouts.exercises(w.id)
    sets_of: dict[uuid.UUID, list[ExerciseSet]] = {}
    for s in uow.workouts.sets([e.id for e, _ in pairs]):
        sets_of.setdefault(s.exercise_id, []).append(s)
    for e, item in pairs:
        number = 0
        for s in sets_of.get(e.id, []):
            if s.completed_at is None:
                continue  # a planned set was not done
            if s.set_type == "working":
                number += 1
            writer.writerow(
                [
                    when,
                    spreadsheet_cell(w.name),
                    duration,
                    spreadsheet_cell(item.name),
                    EXPORT_TYPES.get(s.set_type, str(number)),
                    str(weight_in(s.weight_g, unit)) if s.weight_g else "",
                    s.reps or "",
                    f"{s.distance_m / per_unit:.3f}".rstrip("0").rstrip(".")
                    if s.distance_m
                    else "",
                    s.duration_s or "",
                    spreadsheet_cell(e.notes),
                    spreadsheet_cell(w.notes),
                    f"{s.rpe_x10 / 10:g}" if s.rpe_x10 else "",
                    "" if e.superset is None else e.superset,
                ]
            )
