"""The gym's forms, declared once each for their "new" and "edit" forms (kit/forms.py).
Each input dataclass holds what was typed, one str per field; the screens pass its
attributes to the service by name, so a renamed field or keyword fails the type check.
A weight or distance shown rounded and saved unchanged arrives as the exact stored
value (`Exact`, kit/forms.py), not as the rounded text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboard_tui.gym.dto import (
    DEFAULT_WORKOUT_NAME,
    CardioInfo,
    CatalogExercise,
    SetInfo,
    TemplateExerciseInfo,
    TemplateInfo,
    WorkoutExerciseInfo,
    WorkoutInfo,
)
from dashboard_tui.gym.ui.format import SET_TYPE_CHOICES
from dashboard_tui.kit.forms import FieldSpec, FormSpec
from dashboard_tui.kit.parsing import (
    MAX_INPUT,
    Exact,
    format_distance,
    format_duration,
    format_weight,
)
from dashboard_tui.kit.validation import LABEL_MAX, NAME_MAX, NOTES_MAX

# Placeholders are hints ("e.g. …", dimmed): never a value a person could take for
# one already filled in. A value the save would use anyway is prefilled as text.
DATES = "e.g. 2026-11-21, today, yesterday"
DURATIONS = "e.g. 45m, 1:05:00"
NUMBER = MAX_INPUT  # a number, a date or a duration, as kit/parsing reads them
MODE_CHOICES = (("strength", "strength"), ("cardio", "cardio"), ("mobility", "mobility"))


def optional(value: Any) -> str:
    return "" if value is None else str(value)


# -- workouts -----------------------------------------------------------------------------
@dataclass(frozen=True)
class WorkoutInput:
    name: str
    date: str
    duration: str
    notes: str


WORKOUT_FORM: FormSpec[WorkoutInfo, WorkoutInput] = FormSpec(
    WorkoutInput,
    (
        # The name an empty one gets, shown as the value it is (not as a placeholder).
        FieldSpec("name", "Name", lambda w: w.name, DEFAULT_WORKOUT_NAME, max_length=NAME_MAX),
        FieldSpec(
            "date",
            "Date",
            lambda w: w.date.isoformat(),
            "today",
            placeholder=DATES,
            max_length=NUMBER,
        ),
        FieldSpec(
            "duration",
            "Duration",
            lambda w: format_duration(w.duration_s),
            placeholder=DURATIONS,
            max_length=NUMBER,
            on_new=False,  # a new workout for today is timed from its start
        ),
        FieldSpec("notes", "Notes", lambda w: w.notes, max_length=NOTES_MAX),
    ),
)


# -- templates ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TemplateInput:
    name: str
    notes: str


TEMPLATE_FORM: FormSpec[TemplateInfo, TemplateInput] = FormSpec(
    TemplateInput,
    (
        FieldSpec("name", "Name", lambda t: t.name, max_length=NAME_MAX),
        FieldSpec("notes", "Notes", lambda t: t.notes, max_length=NOTES_MAX),
    ),
)
# A template made from a workout: its name to start from, notes of its own.
TEMPLATE_FROM_WORKOUT: FormSpec[WorkoutInfo, TemplateInput] = FormSpec(
    TemplateInput,
    (
        FieldSpec("name", "Name", lambda w: w.name, max_length=NAME_MAX),
        FieldSpec("notes", "Notes", lambda w: "", max_length=NOTES_MAX),
    ),
)


@dataclass(frozen=True)
class TargetInput:
    target_sets: str
    target_reps: str
    target_weight: str | Exact


def target_form(unit: str) -> FormSpec[TemplateExerciseInfo, TargetInput]:
    """An exercise's targets in a template; weights in the profile's `unit`."""
    return FormSpec(
        TargetInput,
        (
            FieldSpec("target_sets", "Sets", lambda r: str(r.target_sets), "3", max_length=NUMBER),
            FieldSpec("target_reps", "Reps", lambda r: str(r.target_reps), "10", max_length=NUMBER),
            FieldSpec(
                "target_weight",
                "Weight",
                lambda r: format_weight(r.target_weight_g, unit) if r.target_weight_g else "",
                placeholder="e.g. 100kg, 225lb; empty: none",
                max_length=NUMBER,
                exact=lambda r: r.target_weight_g,
            ),
        ),
    )


# -- sets and exercises in a workout ----------------------------------------------------------
@dataclass(frozen=True)
class SetInput:
    weight: str | Exact
    reps: str
    rpe: str
    rir: str
    set_type: str


def set_form(unit: str) -> FormSpec[SetInfo, SetInput]:
    """A logged set (edit only: sets are logged from the workout's log bar)."""
    return FormSpec(
        SetInput,
        (
            FieldSpec(
                "weight",
                "Weight",
                lambda s: format_weight(s.weight_g, unit) if s.weight_g else "",
                placeholder="e.g. 100kg, 225lb; empty: bodyweight",
                max_length=NUMBER,
                exact=lambda s: s.weight_g,
            ),
            FieldSpec("reps", "Reps", lambda s: optional(s.reps), max_length=NUMBER),
            FieldSpec(
                "rpe",
                "RPE",
                lambda s: "" if s.rpe is None else f"{s.rpe:g}",
                placeholder="1 to 10",
                max_length=NUMBER,
            ),
            FieldSpec(
                "rir", "RIR", lambda s: optional(s.rir), placeholder="0 to 10", max_length=NUMBER
            ),
            FieldSpec(
                "set_type", "Type", lambda s: s.set_type, "working", choices=SET_TYPE_CHOICES
            ),
        ),
    )


@dataclass(frozen=True)
class NotesInput:
    notes: str


EXERCISE_NOTES_FORM: FormSpec[WorkoutExerciseInfo, NotesInput] = FormSpec(
    NotesInput, (FieldSpec("notes", "Notes", lambda e: e.notes, max_length=NOTES_MAX),)
)


# -- cardio ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CardioInput:
    activity: str
    date: str
    duration: str
    distance: str | Exact
    avg_hr: str
    notes: str


CARDIO_FORM: FormSpec[CardioInfo, CardioInput] = FormSpec(
    CardioInput,
    (
        FieldSpec(
            "activity",
            "Activity",
            lambda c: c.activity_name,
            placeholder="e.g. Running, Rowing",
            max_length=NAME_MAX,
        ),
        FieldSpec(
            "date",
            "Date",
            lambda c: c.date.isoformat(),
            "today",
            placeholder=DATES,
            max_length=NUMBER,
        ),
        FieldSpec(
            "duration",
            "Duration",
            lambda c: format_duration(c.duration_s),
            placeholder=DURATIONS,
            max_length=NUMBER,
        ),
        FieldSpec(
            "distance",
            "Distance",
            lambda c: format_distance(c.distance_m),
            placeholder="e.g. 5km, 3.1mi, 800m",
            max_length=NUMBER,
            exact=lambda c: c.distance_m,
        ),
        FieldSpec(
            "avg_hr",
            "Average HR",
            lambda c: optional(c.avg_hr),
            placeholder="beats per minute, e.g. 150",
            max_length=NUMBER,
        ),
        FieldSpec("notes", "Notes", lambda c: c.notes, max_length=NOTES_MAX),
    ),
)


# -- the exercise catalog ---------------------------------------------------------------------
@dataclass(frozen=True)
class ExerciseInput:
    name: str
    muscle_group: str
    equipment: str
    mode: str


EXERCISE_FORM: FormSpec[CatalogExercise, ExerciseInput] = FormSpec(
    ExerciseInput,
    (
        FieldSpec("name", "Name", lambda e: e.name, max_length=NAME_MAX),
        FieldSpec(
            "muscle_group",
            "Muscle group",
            lambda e: e.muscle_group,
            placeholder="e.g. chest, back, legs",
            max_length=LABEL_MAX,
        ),
        FieldSpec(
            "equipment",
            "Equipment",
            lambda e: e.equipment,
            placeholder="e.g. barbell, dumbbell, machine",
            max_length=LABEL_MAX,
        ),
        FieldSpec("mode", "Mode", lambda e: e.mode, "strength", choices=MODE_CHOICES),
    ),
)
