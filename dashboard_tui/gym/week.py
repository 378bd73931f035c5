"""The gym's tile on the home screen (kit/tile.py): this week's workouts, done and
still ahead, its sets and volume against last week's, cardio, and the records set
this week. Read through the gym's own services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, NamedTuple

from dashboard_tui.gym import CATALOG_EXERCISE, WORKOUT
from dashboard_tui.gym.dto import ExerciseRecords, RecordInfo
from dashboard_tui.gym.services import GymService
from dashboard_tui.gym.ui.format import plural  # textual-free: the screens' wording
from dashboard_tui.kit.parsing import (
    format_distance,
    format_duration,
    format_volume,
    format_weight,
    today_in,
)
from dashboard_tui.kit.tile import Tile, TileLine, hint, more

SHOWN_WORKOUTS = 3
SHOWN_RECORDS = 2
WEEK_WORKOUTS = 50  # one page holds any week's workouts
SHOWN_PER_EXERCISE = 1
RECORD_LABELS = {"heaviest": "heaviest", "e1rm": "e1RM", "volume": "volume"}


def new_records(board: tuple[ExerciseRecords, ...], since: date) -> list[NewRecords]:
    """Each exercise with records achieved on or after `since`, and those records
    (heaviest and e1RM first: the ones a line has room for), by exercise name."""
    found = []
    for exercise in sorted(board, key=lambda e: e.name.lower()):
        records = (exercise.heaviest, exercise.e1rm, exercise.volume, *exercise.rep_maxes)
        new = tuple(r for r in records if r is not None and r.achieved_on >= since)
        if new:
            found.append(NewRecords(exercise, new))
    return found


class NewRecords(NamedTuple):
    exercise: ExerciseRecords
    records: tuple[RecordInfo, ...]

    def text(self, unit: str) -> str:
        """ "PR Bench press: heaviest 100 kg and 3 more": the first record and how many
        more (reps, volume, estimated 1RM) it set."""
        shown = [record_text(r, unit) for r in self.records[:SHOWN_PER_EXERCISE]]
        extra = len(self.records) - len(shown)
        return (
            f"PR {self.exercise.name}: "
            + " · ".join(shown)
            + (f" and {extra} more" if extra else "")
        )


def record_text(record: RecordInfo, unit: str) -> str:
    if record.kind == "volume":
        value = format_volume(record.value, unit)
    else:
        value = format_weight(record.value, unit)
    what = f"{record.reps}-rep max" if record.kind == "rep_max" else RECORD_LABELS[record.kind]
    return f"{what} {value}"


def tile(ctx: Any, login: Any) -> Tile:
    gym = ctx.services(GymService)
    profile = ctx.profiles.get(login)
    unit, today = profile.weight_unit, today_in(ctx.clock(), profile.timezone)
    summary = gym.progress.weekly_summary(login)
    week = summary.this_week
    start, end = week.week_start, week.week_start + timedelta(days=6)
    workouts = gym.workouts.list_workouts(
        login, date_from=start, date_to=end, page_size=WEEK_WORKOUTS
    ).rows
    records = new_records(gym.progress.record_board(login), start)
    if not workouts and not week.cardio_sessions and not records:
        return hint("gym", "Gym", "No workouts this week: 1 then n starts one.")
    ahead = [w for w in workouts if w.date > today]
    done = len(workouts) - len(ahead)
    last_week = format_volume(summary.last_week.volume_g, unit)
    lines = [
        TileLine(f"{done} done · {len(ahead)} planned · {plural(week.sets, 'set')}"),
        TileLine(f"Volume {format_volume(week.volume_g, unit)} (last week {last_week})"),
    ]
    for w in sorted(workouts, key=lambda w: (w.date, w.name))[:SHOWN_WORKOUTS]:
        lines.append(
            TileLine.record(
                f"{w.date:%a %d} {w.name} · {plural(w.set_count, 'set')}",
                WORKOUT.name,
                w.id,
            )
        )
    if extra := more(SHOWN_WORKOUTS, len(workouts), "workout"):
        lines.append(TileLine(extra))
    if week.cardio_sessions:
        cardio = f"Cardio: {week.cardio_sessions} · {format_duration(week.cardio_s)}"
        if week.cardio_m:
            cardio += f" · {format_distance(week.cardio_m)}"
        lines.append(TileLine(cardio, view="cardio"))
    count = sum(len(n.records) for n in records)
    on = plural(len(records), "exercise")
    lines.append(TileLine(f"New PRs: {count} on {on}", view="records"))
    for new in records[:SHOWN_RECORDS]:
        text = new.text(unit)
        lines.append(TileLine.record(text, CATALOG_EXERCISE.name, new.exercise.catalog_item_id))
    return Tile("gym", "Gym", tuple(lines))
