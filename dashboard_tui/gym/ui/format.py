"""How the gym area writes its numbers: sets, hints, records, summaries. Pure
functions of DTOs and the profile's weight unit (kg or lb), also used from worker
threads. Imports of the services stay inside functions' callers: these only take
the DTOs, so importing this module is cheap."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard_tui.kit.parsing import (
    format_distance,
    format_duration,
    format_pace,
    format_volume,
    format_weight,
)

if TYPE_CHECKING:
    from dashboard_tui.gym.dto import (
        CardioInfo,
        ExerciseRecords,
        RecordInfo,
        SessionSets,
        SetInfo,
        WeekStats,
    )

SET_TYPE_LABELS = {"warmup": "warm-up", "working": "working", "drop": "drop", "failure": "failure"}
SET_TYPE_CHOICES = tuple((label, value) for value, label in SET_TYPE_LABELS.items())
HINT_SETS = 6  # sets of the previous session quoted in the hint


def effort(s: SetInfo) -> str:
    if s.rpe is not None:
        return f"RPE {s.rpe:g}"
    if s.rir is not None:
        return f"RIR {s.rir}"
    return ""


def set_brief(s: SetInfo, unit: str) -> str:
    """'100 kg × 5', 'BW × 12'; a planned set shows its targets with '?'; a time or
    distance set (imported: a plank, a run) '5.00 km in 25:00', '1:00'."""
    if s.reps is None and (s.duration_s or s.distance_m):
        timed = " in ".join(
            text for text in (format_distance(s.distance_m), format_duration(s.duration_s)) if text
        )
        return f"{format_weight(s.weight_g, unit)} · {timed}" if s.weight_g else timed
    reps = "?" if s.reps is None else str(s.reps)
    return f"{format_weight(s.weight_g, unit)} × {reps}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def set_cells(s: SetInfo, unit: str) -> tuple[str, ...]:
    status = "" if s.completed else "planned"
    return (
        f"    set {s.number}",
        SET_TYPE_LABELS.get(s.set_type, s.set_type),
        set_brief(s, unit),
        effort(s),
        status,
    )


def sets_brief(sets: tuple[SetInfo, ...], unit: str, limit: int, more: str = " more") -> str:
    """The completed sets, '100 kg × 5, 105 kg × 3', the first `limit` of them and
    how many more ('(+2 more)'; `more` is the word after the count)."""
    done = [s for s in sets if s.completed]
    shown = ", ".join(set_brief(s, unit) for s in done[:limit])
    return shown + (f" (+{len(done) - limit}{more})" if len(done) > limit else "")


def previous_hint(previous: SessionSets | None, unit: str) -> str:
    if previous is None:
        return "First time: no earlier session of this exercise."
    shown = sets_brief(previous.sets, unit, HINT_SETS)
    return f"Last time ({previous.date.isoformat()}): {shown or 'no completed sets'}"


def record_line(label: str, record: RecordInfo | None, unit: str) -> str:
    if record is None:
        return f"{label}: —"
    if record.kind == "volume":
        value = format_volume(record.value, unit)
    else:
        value = format_weight(record.value, unit)
    return f"{label}: {value} ({record.achieved_on.isoformat()})"


def records_text(records: ExerciseRecords, unit: str) -> list[str]:
    """The records of one exercise, one per line; warm-up and planned sets never count."""
    lines = [
        record_line("Heaviest set", records.heaviest, unit),
        record_line("Best estimated 1RM", records.e1rm, unit),
        record_line("Best session volume", records.volume, unit),
    ]
    if records.rep_maxes:
        best = ", ".join(
            f"{r.reps} × {format_weight(r.value, unit)}" for r in records.rep_maxes[:8]
        )
        lines.append(f"Best reps at a weight: {best}")
    else:
        lines.append("Best reps at a weight: —")
    lines.append(f"1RM formula: {records.formula}")
    return lines


def week_text(label: str, week: WeekStats, unit: str) -> str:
    parts = [
        plural(week.workouts, "workout"),
        plural(week.sets, "set"),
        format_volume(week.volume_g, unit),
    ]
    if week.cardio_sessions:
        cardio = f"{week.cardio_sessions} cardio ({format_duration(week.cardio_s)}"
        if week.cardio_m:
            cardio += f", {format_distance(week.cardio_m)}"
        parts.append(cardio + ")")
    return f"{label} (from {week.week_start.isoformat()}): " + " · ".join(parts)


def cardio_cells(c: CardioInfo) -> tuple[str, ...]:
    speed = f"{c.speed_kmh:g} km/h" if c.speed_kmh is not None else ""
    return (
        c.date.isoformat(),
        c.activity_name,
        format_duration(c.duration_s),
        format_distance(c.distance_m),
        format_pace(c.pace_s_per_km),
        speed,
        "" if c.avg_hr is None else f"{c.avg_hr} bpm",
        c.notes.replace("\n", " "),
    )
