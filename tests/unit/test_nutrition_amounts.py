"""Eaten amounts: every form a person types ("150g", "1,5 cup", "2 large", "2 cups",
a bare number in the food's default unit), refusals with messages, and exact
arithmetic (grams are exact Decimals; macros of a sum stay within rounding of the
sum of macros)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard_tui.nutrition.amounts import Amount, AmountError, macros_for, parse_amount
from dashboard_tui.nutrition.dto import Food, Portion

OATS = Food(
    id=uuid.uuid4(),
    name="Oats",
    own=False,
    kcal_per_100g=389,
    protein_mg_per_100g=16890,
    carbs_mg_per_100g=66270,
    fat_mg_per_100g=6900,
    fibre_mg_per_100g=10600,
    portions=(
        Portion("cup", "1 cup (158.00 g)", Decimal("158.00")),
        Portion("slice", "1 slice (28.35 g)", Decimal("28.35")),
        Portion("large", "1 large (50.00 g)", Decimal("50.00")),
        Portion("fl oz", "1 fl oz (31.40 g)", Decimal("31.40")),
        Portion("patty", "1 patty (85.00 g)", Decimal("85.00")),
    ),
    default_unit="g",
)
BAR = Food(
    id=uuid.uuid4(),
    name="Bar",
    own=True,
    kcal_per_100g=350,
    protein_mg_per_100g=None,  # not measured counts 0
    carbs_mg_per_100g=37500,
    fat_mg_per_100g=None,
    fibre_mg_per_100g=None,
    portions=(Portion("bar", "1 bar (60 g)", Decimal("60")),),
    default_unit="bar",
)


@pytest.mark.parametrize(
    ("typed", "quantity", "unit", "grams", "shown"),
    [
        ("150g", "150", "g", "150", "150 g"),
        ("150 g", "150", "g", "150", "150 g"),
        ("  150   G ", "150", "g", "150", "150 g"),
        ("150 grams", "150", "g", "150", "150 g"),
        ("0.5kg", "0.5", "kg", "500.0", "0.5 kg"),
        ("1.5 cup", "1.5", "cup", "237.000", "1.5 cup"),
        ("1,5 cup", "1.5", "cup", "237.000", "1.5 cup"),
        (".5 cup", "0.5", "cup", "79.000", "0.5 cup"),
        ("2 cups", "2", "cup", "316.00", "2 cup"),
        ("2 CUPS", "2", "cup", "316.00", "2 cup"),
        ("3 slices", "3", "slice", "85.05", "3 slice"),
        ("2 large", "2", "large", "100.00", "2 large"),
        ("2 patties", "2", "patty", "170.00", "2 patty"),
        ("2 fl oz", "2", "fl oz", "62.80", "2 fl oz"),
        ("1 cup", "1", "cup", "158.00", "1 cup"),
        ("2", "2", "g", "2", "2 g"),
        ("120", "120", "g", "120", "120 g"),
    ],
)
def test_every_form_of_an_amount(typed, quantity, unit, grams, shown):
    amount = parse_amount(typed, OATS)
    assert amount == Amount(Decimal(quantity), unit, Decimal(grams))
    assert amount.grams == Decimal(grams)  # exact, not float
    assert amount.text() == shown
    assert parse_amount(amount.text(), OATS) == amount  # what is stored reads back the same


def test_a_bare_number_is_in_the_foods_default_unit():
    assert parse_amount("2", BAR) == Amount(Decimal(2), "bar", Decimal(120))
    assert parse_amount("1,5", BAR).grams == Decimal("90.0")
    assert parse_amount("30g", BAR).grams == Decimal(30)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type an amount"),
        ("   ", "Type an amount"),
        ("-1g", "cannot be negative"),
        ("−1 cup", "cannot be negative"),
        ("0 cup", "more than zero"),
        ("0g", "more than zero"),
        ("0,0", "more than zero"),
        ("1e9g", "no exponent"),
        ("1E3 cup", "no exponent"),
        ("20000 g", "more than 10 kg"),
        ("100 cups", "more than 10 kg"),
        ("1.23456 cup", "at most 3 decimals"),
        ("cup", "is not an amount"),
        ("1.2.3 g", "is not an amount"),
        ("two cups", "is not an amount"),
        ("1 bowl", "use g, cup, slice, large, fl oz, patty"),
        ("2 [b]x[/b]", "“[b]x[/b]” is not a unit"),
        ("1 \x1b[31m", "is not an amount"),
        ("9" * 50, "too long"),
    ],
)
def test_refusals_say_why(typed, message):
    with pytest.raises(AmountError) as err:
        parse_amount(typed, OATS)
    assert message.lower() in str(err.value).lower()
    assert str(err.value).isprintable()  # a typed escape never reaches the screen


def test_macros_scale_per_100g_half_even_and_missing_counts_zero():
    m = macros_for(OATS, Decimal("237.000"))
    # 389 * 2.37 = 921.93; 16890 * 2.37 = 40029.3; 66270 * 2.37 = 157059.9
    assert (m.kcal, m.protein_mg, m.carbs_mg, m.fat_mg, m.fibre_mg) == (
        922,
        40029,
        157060,
        16353,
        25122,
    )
    assert macros_for(BAR, Decimal(60)).protein_mg == 0
    assert macros_for(BAR, Decimal(60)).kcal == 210
    # half-even: 350 * 0.5 / 100 = 1.75 → 2; 37500 * 0.002 / 100 ... exact halves go even
    half = Food(**{**OATS.__dict__, "kcal_per_100g": 5, "portions": ()})
    assert macros_for(half, Decimal(10)).kcal == 0  # 0.5 → 0
    assert macros_for(half, Decimal(30)).kcal == 2  # 1.5 → 2


grams_st = st.decimals(min_value=Decimal("0.001"), max_value=Decimal(5000), places=3)


@given(st.lists(grams_st, min_size=1, max_size=12))
def test_macros_of_a_sum_stay_within_rounding_of_the_sum_of_macros(parts):
    total = macros_for(OATS, sum(parts, Decimal(0)))
    each = [macros_for(OATS, g) for g in parts]
    for field in ("kcal", "protein_mg", "carbs_mg", "fat_mg", "fibre_mg"):
        summed = sum(getattr(m, field) for m in each)
        # each part rounds by at most 0.5, the total by at most 0.5
        assert abs(getattr(total, field) - summed) <= (len(parts) + 1) / 2


@given(
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal(60), places=3),
    st.sampled_from([p.name for p in OATS.portions]),
    st.booleans(),
)
def test_grams_are_exactly_quantity_times_the_portion(quantity, unit, comma):
    typed = f"{quantity:f} {unit}"
    if comma:
        typed = typed.replace(".", ",", 1)
    amount = parse_amount(typed, OATS)
    portion = next(p for p in OATS.portions if p.name == unit)
    assert amount.grams == quantity * portion.grams
    assert amount.quantity == quantity and amount.unit == unit
