"""What the gym services accept, as rules on stored rows (kit/rules.py): an import
holds the gym rows it brings to them, so none comes in that the gym's forms would
refuse to save again. The checks are the services' own (clean_name, clean_notes,
parse_int, parse_rpe, the catalog's label check) with the services' own limits;
tests/db/test_import_rules.py checks that services and rules draw the same lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from dashboard_tui.gym.import_csv import MAX_SUPERSET
from dashboard_tui.gym.services.base import MAX_REPS, MIN_REPS
from dashboard_tui.gym.services.cardio import MAX_HR, MIN_HR
from dashboard_tui.gym.services.catalog import MODES, _label
from dashboard_tui.gym.services.sets import MAX_RIR
from dashboard_tui.gym.services.templates import MAX_TARGET_SETS
from dashboard_tui.kit.parsing import MAX_DISTANCE_M, MAX_DURATION_S, MAX_WEIGHT_G, parse_rpe
from dashboard_tui.kit.rules import FieldRules, StoredRules, one_of, whole
from dashboard_tui.kit.validation import clean_name, clean_notes
from dashboard_tui.models.gym import SET_TYPES


def _rpe_x10(value: Any, field: str) -> object:
    """RPE is stored ×10 (8.5 → 85); the form's rule is on the RPE itself."""
    return parse_rpe(str(Decimal(value) / 10), field=field)


def _catalog_label(value: Any, field: str) -> object:
    return _label(field, value)


WEIGHT = whole(0, MAX_WEIGHT_G)
# A stored value is canonical already (lower case, no alias): it must be one as it is.
SET_TYPE = one_of(SET_TYPES, "Choose warm-up, working, drop or failure.")
MODE = one_of(MODES, "Choose strength, cardio or mobility.")

STORED_RULES: StoredRules = {
    "catalog_items": FieldRules(
        name=clean_name, muscle_group=_catalog_label, equipment=_catalog_label, mode=MODE
    ),
    "workout_templates": FieldRules(name=clean_name, notes=clean_notes),
    "workout_template_exercises": FieldRules(
        target_sets=whole(1, MAX_TARGET_SETS),
        target_reps=whole(MIN_REPS, MAX_REPS),
        target_weight_g=WEIGHT,
    ),
    "workouts": FieldRules(name=clean_name, notes=clean_notes, duration_s=whole(0, MAX_DURATION_S)),
    "exercises": FieldRules(notes=clean_notes, superset=whole(0, MAX_SUPERSET)),
    "exercise_sets": FieldRules(
        set_type=SET_TYPE,
        weight_g=WEIGHT,
        reps=whole(MIN_REPS, MAX_REPS),
        rpe_x10=_rpe_x10,
        rir=whole(0, MAX_RIR),
        # as a Strong/Hevy import reads them (gym/import_csv.py)
        duration_s=whole(1, MAX_DURATION_S),
        distance_m=whole(1, MAX_DISTANCE_M),
    ),
    "cardio_sessions": FieldRules(
        activity_name=clean_name,
        notes=clean_notes,
        duration_s=whole(1, MAX_DURATION_S),
        distance_m=whole(0, MAX_DISTANCE_M),
        avg_hr=whole(MIN_HR, MAX_HR),
    ),
}
