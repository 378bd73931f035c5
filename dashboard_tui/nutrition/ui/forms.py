"""The nutrition forms, declared once (kit/forms.py): a quick entry, an item's
amount, a copy's target, a move, a goal, a template's name and yield, servings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from dashboard_tui.kit.entity import Reading
from dashboard_tui.kit.forms import FieldSpec, FormSpec
from dashboard_tui.kit.parsing import MAX_INPUT
from dashboard_tui.kit.validation import NAME_MAX
from dashboard_tui.models.nutrition import MEAL_KINDS
from dashboard_tui.nutrition import MEAL_LABELS, grams_text
from dashboard_tui.nutrition.log_dto import GoalInfo, LoggedItem, TemplateInfo

MEAL_CHOICES = tuple((MEAL_LABELS[k], k) for k in MEAL_KINDS)
AMOUNT_MAX = 40  # food_items.amount
R = TypeVar("R")


def _g(mg: int | None) -> str:
    return "" if not mg else grams_text(mg, Reading()).removesuffix(" g")


def _grams_of(mg: Callable[[R], int | None]) -> Callable[[R], str]:
    return lambda record: _g(mg(record))


def macro_fields(
    protein: Callable[[R], int | None],
    carbs: Callable[[R], int | None],
    fat: Callable[[R], int | None],
) -> tuple[FieldSpec[R], ...]:
    """Protein, carbs and fat in grams, each optional (a quick entry's, a goal's)."""
    return tuple(
        FieldSpec(
            name,
            label,
            _grams_of(mg),
            placeholder="optional",
            max_length=MAX_INPUT,
        )
        for name, label, mg in (
            ("protein", "Protein (g)", protein),
            ("carbs", "Carbs (g)", carbs),
            ("fat", "Fat (g)", fat),
        )
    )


@dataclass(frozen=True)
class QuickInput:
    name: str
    kcal: str
    protein: str
    carbs: str
    fat: str


QUICK_FORM: FormSpec[LoggedItem, QuickInput] = FormSpec(
    QuickInput,
    (
        FieldSpec("name", "Name", lambda x: x.name, default="Quick entry", max_length=NAME_MAX),
        FieldSpec(
            "kcal",
            "Energy (kcal)",
            lambda x: str(x.totals.kcal),
            placeholder="e.g. 250",
            max_length=MAX_INPUT,
        ),
        *macro_fields(
            lambda x: x.totals.protein_mg, lambda x: x.totals.carbs_mg, lambda x: x.totals.fat_mg
        ),
    ),
)


@dataclass(frozen=True)
class AmountInput:
    amount: str


AMOUNT_FORM: FormSpec[LoggedItem, AmountInput] = FormSpec(
    AmountInput,
    (
        FieldSpec(
            "amount",
            "Amount",
            lambda x: x.amount,
            placeholder="e.g. 150g, 1.5 cup, 2 large",
            max_length=AMOUNT_MAX,
        ),
    ),
)


@dataclass(frozen=True)
class CopyInput:
    to_day: str
    to_kind: str


def copy_form(default_day: str, kind: str) -> FormSpec[None, CopyInput]:
    return FormSpec(
        CopyInput,
        (
            FieldSpec(
                "to_day",
                "To day",
                default=default_day,
                placeholder="2026-03-03, today, -1",
                max_length=MAX_INPUT,
            ),
            FieldSpec("to_kind", "Meal", default=kind, choices=MEAL_CHOICES),
        ),
    )


@dataclass(frozen=True)
class DayInput:
    to_day: str


def day_form(default_day: str) -> FormSpec[None, DayInput]:
    return FormSpec(
        DayInput,
        (
            FieldSpec(
                "to_day",
                "To day",
                default=default_day,
                placeholder="2026-03-03, today, -1",
                max_length=MAX_INPUT,
            ),
        ),
    )


@dataclass(frozen=True)
class MoveInput:
    kind: str


def move_form(current: str) -> FormSpec[None, MoveInput]:
    others = [c for c in MEAL_CHOICES if c[1] != current]
    return FormSpec(
        MoveInput, (FieldSpec("kind", "To meal", default=others[0][1], choices=others),)
    )


@dataclass(frozen=True)
class GoalInput:
    effective_from: str
    kcal: str
    protein: str
    carbs: str
    fat: str


def goal_form(default_from: str) -> FormSpec[GoalInfo, GoalInput]:
    return FormSpec(
        GoalInput,
        (
            FieldSpec(
                "effective_from",
                "From",
                lambda g: g.effective_from.isoformat(),
                default=default_from,
                max_length=MAX_INPUT,
            ),
            FieldSpec(
                "kcal",
                "Energy (kcal)",
                lambda g: str(g.kcal),
                placeholder="e.g. 2200",
                max_length=MAX_INPUT,
            ),
            *macro_fields(lambda g: g.protein_mg, lambda g: g.carbs_mg, lambda g: g.fat_mg),
        ),
    )


@dataclass(frozen=True)
class TemplateInput:
    name: str
    servings: str


TEMPLATE_FORM: FormSpec[TemplateInfo, TemplateInput] = FormSpec(
    TemplateInput,
    (
        FieldSpec("name", "Name", lambda t: t.name, max_length=NAME_MAX),
        FieldSpec(
            "servings",
            "Makes servings",
            lambda t: str(t.servings or ""),
            placeholder="a recipe's yield, e.g. 4 (empty: a meal template)",
            max_length=MAX_INPUT,
        ),
    ),
)


@dataclass(frozen=True)
class ApplyInput:
    to_day: str
    to_kind: str
    servings: str


def apply_form(default_day: str, kind: str, recipe: bool) -> FormSpec[None, ApplyInput]:
    return FormSpec(
        ApplyInput,
        (
            FieldSpec("to_day", "Day", default=default_day, max_length=MAX_INPUT),
            FieldSpec("to_kind", "Meal", default=kind, choices=MEAL_CHOICES),
            FieldSpec(
                "servings",
                "Servings eaten" if recipe else "Times",
                default="1",
                placeholder="e.g. 1.5",
                max_length=MAX_INPUT,
            ),
        ),
    )
