"""The gym's forms, declared once each for their "new" and "edit" forms (kit/forms.py).
Each input dataclass holds what was typed, one str per field; the screens pass its
attributes to the service by name, so a renamed field or keyword fails the type check.
A weight or distance shown rounded and saved unchanged arrives as the exact stored
value (`Exact`, kit/forms.py), not as the rounded text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboard_tui.gym.dto import (
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
from dashboard_tui.kit.parsing import Exact, format_distance, format_duration, format_weight

DATES = "today, yesterday, 2026-11-21"
DURATIONS = "45m, 1:05:00"
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
        FieldSpec("name", "Name", lambda w: w.name, placeholder="Workout"),
        FieldSpec("date", "Date", lambda w: w.date.isoformat(), "today", placeholder=DATES),
        FieldSpec(
            "duration",
            "Duration",
            lambda w: format_duration(w.duration_s),
            placeholder=DURATIONS,
            on_new=False,  # a new workout for today is timed from its start
        ),
        FieldSpec("notes", "Notes", lambda w: w.notes),
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
        FieldSpec("name", "Name", lambda t: t.name),
        FieldSpec("notes", "Notes", lambda t: t.notes),
    ),
)
# A template made from a workout: its name to start from, notes of its own.
TEMPLATE_FROM_WORKOUT: FormSpec[WorkoutInfo, TemplateInput] = FormSpec(
    TemplateInput,
    (FieldSpec("name", "Name", lambda w: w.name), FieldSpec("notes", "Notes", lambda w: "")),
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
            FieldSpec("target_sets", "Sets", lambda r: str(r.target_sets), "3"),
            FieldSpec("target_reps", "Reps", lambda r: str(r.target_reps), "10"),
            FieldSpec(
                "target_weight",
                "Weight",
                lambda r: format_weight(r.target_weight_g, unit) if r.target_weight_g else "",
                placeholder="100kg, 225lb; empty: none",
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
                placeholder="100kg, 225lb; empty: bodyweight",
                exact=lambda s: s.weight_g,
            ),
            FieldSpec("reps", "Reps", lambda s: optional(s.reps)),
            FieldSpec(
                "rpe", "RPE", lambda s: "" if s.rpe is None else f"{s.rpe:g}", placeholder="1–10"
            ),
            FieldSpec("rir", "RIR", lambda s: optional(s.rir), placeholder="0–10"),
            FieldSpec(
                "set_type", "Type", lambda s: s.set_type, "working", choices=SET_TYPE_CHOICES
            ),
        ),
    )


@dataclass(frozen=True)
class NotesInput:
    notes: str


EXERCISE_NOTES_FORM: FormSpec[WorkoutExerciseInfo, NotesInput] = FormSpec(
    NotesInput, (FieldSpec("notes", "Notes", lambda e: e.notes),)
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
        FieldSpec("activity", "Activity", lambda c: c.activity_name, placeholder="Running"),
        FieldSpec("date", "Date", lambda c: c.date.isoformat(), "today", placeholder=DATES),
        FieldSpec(
            "duration", "Duration", lambda c: format_duration(c.duration_s), placeholder=DURATIONS
        ),
        FieldSpec(
            "distance",
            "Distance",
            lambda c: format_distance(c.distance_m),
            placeholder="5km, 3.1mi, 800m",
            exact=lambda c: c.distance_m,
        ),
        FieldSpec("avg_hr", "Average HR", lambda c: optional(c.avg_hr), placeholder="bpm"),
        FieldSpec("notes", "Notes", lambda c: c.notes),
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
        FieldSpec("name", "Name", lambda e: e.name),
        FieldSpec(
            "muscle_group",
            "Muscle group",
            lambda e: e.muscle_group,
            placeholder="chest, back, legs…",
        ),
        FieldSpec(
            "equipment",
            "Equipment",
            lambda e: e.equipment,
            placeholder="barbell, dumbbell, machine…",
        ),
        FieldSpec("mode", "Mode", lambda e: e.mode, "strength", choices=MODE_CHOICES),
    ),
)
