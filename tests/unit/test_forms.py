"""Form specs (kit/forms.py): a value shown rounded and saved unchanged comes back as
the exact stored value, never as the rounded text (DESIGN.md §5)."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard_tui.kit.forms import FieldSpec, FormSpec, kept
from dashboard_tui.kit.parsing import MAX_INPUT, Exact, format_weight, parse_weight


@dataclass(frozen=True)
class Lift:
    weight_g: int | None
    reps: int


@dataclass(frozen=True)
class LiftInput:
    weight: str | Exact
    reps: str


LIFT_FORM: FormSpec[Lift, LiftInput] = FormSpec(
    LiftInput,
    (
        FieldSpec(
            "weight",
            "Weight",
            lambda r: format_weight(r.weight_g, "kg") if r.weight_g else "",
            max_length=MAX_INPUT,
            exact=lambda r: r.weight_g,
        ),
        FieldSpec("reps", "Reps", lambda r: str(r.reps), "5", max_length=MAX_INPUT),
    ),
)


def test_text_saved_as_shown_is_the_stored_value():
    lift = Lift(102_058, 5)  # 225 lb
    shown = {f.name: text for f, text in LIFT_FORM.shown(lift)}
    assert shown == {"weight": "102.06 kg", "reps": "5"}
    assert parse_weight(shown["weight"], unit="kg") == 102_060  # what the text reads back as
    for same in ("102.06 kg", " 102.06KG ", "102.06kg"):
        values = LIFT_FORM.parse({**shown, "weight": same}, lift)
        assert values == LiftInput(Exact(102_058), "5")
        assert parse_weight(values.weight, unit="kg") == 102_058
    # anything else is what was typed; so is every value of the "new" form
    assert LIFT_FORM.parse({"weight": "102.06", "reps": "5"}, lift).weight == "102.06"
    assert LIFT_FORM.parse({"weight": "", "reps": "5"}, lift).weight == ""
    assert LIFT_FORM.parse({"weight": "102.06 kg"}).weight == "102.06 kg"
    assert LIFT_FORM.parse({"weight": ""}, Lift(None, 5)).weight == ""  # bodyweight


def test_kept_is_what_a_prefilled_bar_sends():
    assert kept("225 LB", "225 lb", 102_058) == Exact(102_058)
    assert kept("226 lb", "225 lb", 102_058) == "226 lb"
    assert kept("", "", None) == ""
    assert kept(Exact(5), "x", 7) == Exact(5)
