"""One limit per field: every form field takes as many characters as the service's
check of it accepts, no more and no fewer (a name field once took 200 characters and
the save refused anything past 120). Each limit is found by asking the check itself,
so a limit changed on one side only fails here."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date

import pytest

from dashboard_tui.account.passwords import MAX_PASSWORD, check_new_password
from dashboard_tui.gym.services.catalog import _label
from dashboard_tui.gym.ui import forms
from dashboard_tui.gym.ui.workout import LOG_BAR
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.forms import FormSpec
from dashboard_tui.kit.parsing import (
    MAX_INPUT,
    parse_date,
    parse_distance,
    parse_duration,
    parse_int,
    parse_rpe,
    parse_weight,
)
from dashboard_tui.kit.validation import MAX_EMAIL, NAME_MAX, clean_email, clean_name, clean_notes

TODAY = date(2026, 11, 21)


def whole(value: str) -> object:
    return parse_int(value, field="n", lo=0, hi=10**9)


# The check each service runs on a field of that name (the gym services: clean_name,
# clean_notes, the catalog's label check, kit/parsing's readers of numbers and dates).
CHECKS: dict[str, Callable[[str], object]] = {
    "name": clean_name,
    "activity": clean_name,
    "notes": clean_notes,
    "muscle_group": lambda v: _label("muscle_group", v),
    "equipment": lambda v: _label("equipment", v),
    "date": lambda v: parse_date(v, today=TODAY),
    "duration": parse_duration,
    "distance": parse_distance,
    "weight": lambda v: parse_weight(v, unit="kg"),
    "target_weight": lambda v: parse_weight(v, unit="kg"),
    "reps": whole,
    "target_reps": whole,
    "target_sets": whole,
    "rir": whole,
    "avg_hr": whole,
    "rpe": parse_rpe,
}


def too_long(check: Callable[[str], object], length: int) -> bool:
    """Whether `check` refuses `length` characters for being too many (any other
    refusal, such as xxx not being a number, is not about the length)."""
    try:
        check("x" * length)
    except ValidationError as exc:
        message = " ".join(exc.errors.values())
        return "characters (got" in message or "too long" in message
    return False


def limit_of(check: Callable[[str], object]) -> int:
    """The most characters `check` takes."""
    length = 1
    while not too_long(check, length):
        length += 1
        assert length < 10_000, "no limit"
    return length - 1


def gym_forms() -> list[tuple[str, FormSpec]]:
    """Every FormSpec the gym declares: module-level ones and those built per unit."""
    found = []
    for name, value in vars(forms).items():
        if isinstance(value, FormSpec):
            found.append((name, value))
        elif inspect.isfunction(value) and value.__module__ == forms.__name__:
            built = value("kg") if list(inspect.signature(value).parameters) == ["unit"] else None
            if isinstance(built, FormSpec):
                found.append((name, built))
    return found


FIELDS = [
    (f"{form}.{field.name}", field.name, field.max_length)
    for form, spec in gym_forms()
    for field in spec.fields
    if field.choices is None
]


def test_every_gym_form_is_walked():
    names = {name for name, _ in gym_forms()}
    assert {"WORKOUT_FORM", "CARDIO_FORM", "EXERCISE_FORM", "set_form", "target_form"} <= names


@pytest.mark.parametrize(("where", "field", "max_length"), FIELDS, ids=[f[0] for f in FIELDS])
def test_form_field_takes_what_the_service_accepts(where, field, max_length):
    assert field in CHECKS, f"{where}: which service check reads it? add it to CHECKS"
    assert max_length == limit_of(CHECKS[field]), where


@pytest.mark.parametrize(("field", "max_length"), [(f[0], f[3]) for f in LOG_BAR])
def test_log_bar_field_takes_what_the_service_accepts(field, max_length):
    assert max_length == limit_of(CHECKS[field])


def test_account_and_audit_limits_are_the_services():
    # The account screens and the audit filters take these constants; here they are
    # held to the lines the checks draw.
    assert limit_of(clean_name) == NAME_MAX
    assert limit_of(clean_email) == MAX_EMAIL
    assert limit_of(lambda v: parse_date(v, today=TODAY)) == MAX_INPUT
    with pytest.raises(ValidationError):
        check_new_password("x" * (MAX_PASSWORD + 1), "x" * (MAX_PASSWORD + 1))
