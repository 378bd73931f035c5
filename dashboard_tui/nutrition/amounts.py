"""An eaten amount as a person types it: "150g", "150 g", "1.5 cup", "1,5 cup",
"2 large", "2 cups" or a bare number in the food's default unit.

Parsed string → Decimal, never float, so grams stay exact ("1.5 cup" of a 158.00 g cup
is 237.000 g). `Amount.text()` is what is stored and shown back: an edit form shows
what was typed, not a rounded figure. `macros_for` scales a food's per-100 g values
to an amount of grams, rounding half-even to integers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from dashboard_tui.nutrition.dto import Food, Macros

GRAMS = "g"
# What may be typed for grams and kilograms (kilograms convert to grams).
_GRAM_WORDS = frozenset({"g", "gr", "gram", "grams", "gramme", "grammes"})
_KILO_WORDS = frozenset({"kg", "kilo", "kilos", "kilogram", "kilograms"})
MAX_GRAMS = Decimal(10_000)  # 10 kg in one item: beyond it, surely a typo
MAX_TEXT = 40
MAX_DECIMALS = 3
_HUNDRED = Decimal(100)

_AMOUNT = re.compile(r"^(?P<number>\d+(?:[.,]\d+)?|[.,]\d+)\s*(?P<unit>[^\d\s.,][^\d]*)?$")


class AmountError(ValueError):
    """str(e) is the message shown next to the field."""


@dataclass(frozen=True)
class Amount:
    quantity: Decimal  # 1.5
    unit: str  # "cup" / "g"
    grams: Decimal  # exact: 1.5 * 158.00 = 237.000

    def text(self) -> str:
        """ "1.5 cup", "150 g": what is stored and shown back."""
        return f"{_plain(self.quantity)} {self.unit}"


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _shown(text: str) -> str:
    """Typed text quoted in a message: printable characters only, short."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in text)
    return clean if len(clean) <= 20 else clean[:19] + "…"


def _singular(word: str) -> list[str]:
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms


def units_of(food: Food) -> tuple[str, ...]:
    """Every unit this food's amounts may be typed in: g, then its portions."""
    return (GRAMS, *(p.name for p in food.portions))


def parse_amount(text: str, food: Food) -> Amount:
    raw = text.strip()
    if not raw:
        raise AmountError("Type an amount, e.g. 150g or 1 cup.")
    if len(raw) > MAX_TEXT:
        raise AmountError("That amount is too long.")
    if raw.startswith(("-", "−")):
        raise AmountError("An amount cannot be negative.")
    if re.match(r"^[\d.,]+\s*e[+-]?\d", raw, re.IGNORECASE):
        raise AmountError("Write the number in full (no exponent), e.g. 150g.")
    match = _AMOUNT.match(raw)
    if match is None:
        raise AmountError(f"“{_shown(raw)}” is not an amount: type e.g. 150g, 1.5 cup or 2.")
    number = match.group("number").replace(",", ".")
    try:
        quantity = Decimal(number)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits digits only
        raise AmountError("That is not a number.") from exc
    if quantity == 0:
        raise AmountError("An amount must be more than zero.")
    exponent = quantity.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        raise AmountError(f"Use at most {MAX_DECIMALS} decimals.")
    typed = re.sub(r"\s+", " ", (match.group("unit") or "").strip().lower())
    unit, grams_each = _unit(typed, food)
    grams = quantity * grams_each
    if grams > MAX_GRAMS:
        raise AmountError("That is more than 10 kg in one item; check the amount.")
    return Amount(quantity=quantity, unit=unit, grams=grams)


def _unit(typed: str, food: Food) -> tuple[str, Decimal]:
    """(unit as stored, grams in one) for the typed unit word ("" = the default)."""
    if not typed:
        typed = food.default_unit or GRAMS
    if typed in _GRAM_WORDS:
        return GRAMS, Decimal(1)
    if typed in _KILO_WORDS:
        return "kg", Decimal(1000)
    portions = {p.name.lower(): p for p in food.portions}
    for form in _singular(typed):
        found = portions.get(form)
        if found is not None:
            return found.name, found.grams
    known = ", ".join(units_of(food))
    raise AmountError(f"“{_shown(typed)}” is not a unit of this food: use {known}.")


def _scaled(per_100g: int | None, grams: Decimal) -> int:
    if per_100g is None:
        return 0
    return int((Decimal(per_100g) * grams / _HUNDRED).quantize(Decimal(1), ROUND_HALF_EVEN))


def macros_for(food: Food, grams: Decimal) -> Macros:
    """The food's per-100 g values for `grams`, rounded half-even; None counts 0."""
    return Macros(
        kcal=_scaled(food.kcal_per_100g, grams),
        protein_mg=_scaled(food.protein_mg_per_100g, grams),
        carbs_mg=_scaled(food.carbs_mg_per_100g, grams),
        fat_mg=_scaled(food.fat_mg_per_100g, grams),
        fibre_mg=_scaled(food.fibre_mg_per_100g, grams),
    )
