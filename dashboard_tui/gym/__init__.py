"""The gym area: workouts with their exercises and sets, templates, cardio, the
exercise catalog and personal records.

This module is the area's whole declaration (kit/entity.py says what feeds from it).
It stays light: the services, the search and the screens are named by import path
and loaded when first needed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard_tui.kit.entity import Area, Entity, Reading, Show, as_text
from dashboard_tui.kit.parsing import format_distance, format_duration, format_weight

MODELS = "dashboard_tui.models.gym"
REPOSITORIES = "dashboard_tui.gym.repository.workouts"


# -- how stored values read -------------------------------------------------------------
def weight(value: Any, reading: Reading) -> str:
    return "bodyweight" if value is None else format_weight(int(value), reading.weight_unit)


def rpe(value: Any, reading: Reading) -> str:
    return "—" if value is None else f"{int(value) / 10:g}"


def duration(value: Any, reading: Reading) -> str:
    return format_duration(value) or "—"


def distance(value: Any, reading: Reading) -> str:
    return format_distance(value) or "—"


def number(value: Any, reading: Reading) -> str:
    """A 0-based position as the person counts it."""
    return "—" if value is None else str(int(value) + 1)


def done(value: Any, reading: Reading) -> str:
    return "planned" if value is None else f"done {moment(value, reading)}"


def moment(value: Any, reading: Reading) -> str:
    """An ISO timestamp from an image, to the minute (UTC, as stored)."""
    text = str(value or "")
    return f"{text[:10]} {text[11:16]} UTC" if len(text) >= 16 else as_text(value, reading)


def heart_rate(value: Any, reading: Reading) -> str:
    return "—" if value is None else f"{value} bpm"


def set_text(image: Any, reading: Reading) -> str:
    """One set of an image: "100 kg × 5", "bodyweight × 12", "(planned) 60 kg × 8"."""
    if not isinstance(image, dict):
        return str(image)
    text = f"{weight(image.get('weight_g'), reading)} × {image.get('reps') or '—'}"
    return text if image.get("completed_at") else f"(planned) {text}"


def exercises(value: Any, reading: Reading) -> str:
    """A workout's or template's exercises, one a line: "Back Squat: 125 kg × 5, …"."""
    if not isinstance(value, list) or not value:
        return "none"
    lines = []
    for item in value:
        if not isinstance(item, dict):
            lines.append(str(item))
            continue
        name = str(item.get("name") or "an exercise")
        sets = item.get("sets")
        if isinstance(sets, list) and sets:
            lines.append(f"{name}: {', '.join(set_text(s, reading) for s in sets)}")
        elif "target_sets" in item:
            target = f"{item['target_sets']} × {item.get('target_reps')}"
            lines.append(f"{name}: {target} at {weight(item.get('target_weight_g'), reading)}")
        else:
            lines.append(name)
    return "\n".join(lines)


def sets(value: Any, reading: Reading) -> str:
    if not isinstance(value, list):
        return as_text(value, reading)
    return ", ".join(set_text(s, reading) for s in value) or "none"


# -- titles: one record named from its audit image ------------------------------------------
def _in_workout(image: Mapping[str, Any]) -> str:
    where = " ".join(str(image[k]) for k in ("workout", "workout_date") if image.get(k))
    return f", {where}" if where else ""


def workout_title(image: Mapping[str, Any]) -> str:
    return f"Workout {image['name']} {image['date']}"


def exercise_title(image: Mapping[str, Any]) -> str:
    return f"{image['name']}{_in_workout(image)}"


def set_title(image: Mapping[str, Any]) -> str:
    of = f" of {image['exercise']}" if image.get("exercise") else ""
    return f"Set {int(image['position']) + 1}{of}{_in_workout(image)}"


def template_title(image: Mapping[str, Any]) -> str:
    return f"Template {image['name']}"


def template_exercise_title(image: Mapping[str, Any]) -> str:
    where = f" in template {image['template']}" if image.get("template") else ""
    return f"{image['name']}{where}"


def cardio_title(image: Mapping[str, Any]) -> str:
    return f"{image['activity_name']} {image['date']}"


def catalog_title(image: Mapping[str, Any]) -> str:
    return f"Exercise {image['name']}"


NAME, DATE, NOTES = Show("name", "Name"), Show("date", "Date"), Show("notes", "Notes")
WORKOUT = Entity(
    "workout",
    "gym",
    "workout",
    "Workout",
    f"{MODELS}:Workout",
    fields=(
        NAME,
        DATE,
        Show("duration_s", "Duration", duration),
        Show("started_at", "Started", moment),
        Show("ended_at", "Finished", moment),
        NOTES,
        Show("exercises", "Exercises", exercises),
    ),
    title=workout_title,
    repository=f"{REPOSITORIES}:WorkoutRepository",
)
EXERCISE = Entity(
    "exercise",
    "gym",
    "exercise",
    "Exercise",
    f"{MODELS}:Exercise",
    fields=(
        Show("name", "Exercise"),
        Show("position", "Place", number),
        NOTES,
        Show("sets", "Sets", sets),
    ),
    title=exercise_title,
)
SET = Entity(
    "exercise_set",
    "gym",
    "set",
    "Set",
    f"{MODELS}:ExerciseSet",
    fields=(
        Show("position", "Set", number),
        Show("set_type", "Type"),
        Show("weight_g", "Weight", weight),
        Show("reps", "Reps"),
        Show("rpe_x10", "RPE", rpe),
        Show("rir", "RIR"),
        Show("completed_at", "Done", done),
    ),
    title=set_title,
)
TEMPLATE = Entity(
    "workout_template",
    "gym",
    "template",
    "Template",
    f"{MODELS}:WorkoutTemplate",
    fields=(NAME, NOTES, Show("exercises", "Exercises", exercises)),
    title=template_title,
    repository=f"{REPOSITORIES}:TemplateRepository",
)
TEMPLATE_EXERCISE = Entity(
    "workout_template_exercise",
    "gym",
    "template_exercise",
    "Template exercise",
    f"{MODELS}:WorkoutTemplateExercise",
    fields=(
        Show("name", "Exercise"),
        Show("position", "Place", number),
        Show("target_sets", "Sets"),
        Show("target_reps", "Reps"),
        Show("target_weight_g", "Weight", weight),
    ),
    title=template_exercise_title,
)
CARDIO = Entity(
    "cardio_session",
    "gym",
    "cardio",
    "Cardio session",
    f"{MODELS}:CardioSession",
    fields=(
        Show("activity_name", "Activity"),
        DATE,
        Show("duration_s", "Duration", duration),
        Show("distance_m", "Distance", distance),
        Show("avg_hr", "Average HR", heart_rate),
        NOTES,
    ),
    title=cardio_title,
    repository=f"{REPOSITORIES}:CardioRepository",
)
CATALOG_EXERCISE = Entity(
    "catalog_item",
    "gym",
    "catalog",
    "Exercise",
    "dashboard_tui.models.shared:CatalogItem",
    fields=(
        NAME,
        Show("muscle_group", "Muscle group"),
        Show("equipment", "Equipment"),
        Show("mode", "Mode"),
    ),
    title=catalog_title,
)

AREA = Area(
    "gym",
    "Gym",
    entities=(WORKOUT, EXERCISE, SET, TEMPLATE, TEMPLATE_EXERCISE, CARDIO, CATALOG_EXERCISE),
    key="1",
    summary="Workouts, templates, cardio, records",
    audit_groups={"gym": "Gym"},
    services="dashboard_tui.gym.services:GymService",
    search="dashboard_tui.gym.services.search:search",
    ui="dashboard_tui.gym.ui.navigate:AREA_UI",
    week="dashboard_tui.gym.week:tile",
    stored_rules="dashboard_tui.gym.rules:STORED_RULES",
)
