"""The finance screens' small decisions, without a screen: the sign an amount gets,
which category a typed name means, and what completion offers."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from dashboard_tui.finance.dto import CategoryInfo
from dashboard_tui.finance.money import parse_amount
from dashboard_tui.finance.ui.forms import signed, typed_amount
from dashboard_tui.finance.ui.register import find_category
from dashboard_tui.finance.ui.suggest import PayeeSuggester, completion
from dashboard_tui.kit.errors import ValidationError


def category(path: str, kind: str = "expense") -> CategoryInfo:
    return CategoryInfo(uuid.uuid4(), path, kind, True)


CATEGORIES = (
    category("Groceries"),
    category("Groceries:Market"),
    category("Dining out:Coffee & snacks"),
    category("Salary", "income"),
    category("Travel:Market"),  # a second "Market"
)


@pytest.mark.parametrize(
    ("typed", "kind", "sent"),
    [
        ("12.50", "expense", "-12.50"),
        ("12.50", "income", "12.50"),
        ("12.50", None, "12.50"),
        ("+12.50", "expense", "+12.50"),  # a refund: the sign typed wins
        ("-12.50", "income", "-12.50"),
        ("(12.50)", "expense", "(12.50)"),
        ("  1 234,56 ", "expense", "-1 234,56"),
        ("", "expense", ""),  # the service says what is missing
    ],
)
def test_an_unsigned_amount_takes_the_categorys_direction(typed, kind, sent):
    assert signed(typed, kind) == sent


@pytest.mark.parametrize("minor", [-1250, 1250, 123456789, -1])
def test_the_edit_form_shows_amounts_signed_and_reads_them_back(minor):
    text = typed_amount(minor, "EUR")
    assert text[0] in "+-"
    assert parse_amount(signed(text, "expense"), "EUR") == minor
    assert parse_amount(signed(text, "income"), "EUR") == minor


def test_a_category_by_path_or_unique_last_level_any_case():
    assert find_category(CATEGORIES, "groceries:market").path == "Groceries:Market"
    assert find_category(CATEGORIES, "coffee & SNACKS").path == "Dining out:Coffee & snacks"
    assert find_category(CATEGORIES, "  ") is None
    with pytest.raises(ValidationError) as several:
        find_category(CATEGORIES, "market")
    assert "type its path" in several.value.errors["category"]
    with pytest.raises(ValidationError) as unknown:
        find_category(CATEGORIES, "Nothing like it")
    assert set(unknown.value.errors) == {"category"}


def test_completion_continues_what_was_typed_and_skips_unsafe_text():
    assert completion("li", ["Lidl", "Lindt"]) == "lidl"
    assert completion("Café", ["café Zoë"]) == "Café Zoë"
    assert completion("", ["Lidl"]) is None
    assert completion("ev", ["evil\u202etxt", "\x1b[31mev", "Evergreen"]) == "evergreen"


def test_payee_completion_asks_the_service_off_the_event_loop():
    asked = []

    def payees(prefix: str) -> tuple[str, ...]:
        asked.append(prefix)
        return ("[b]Lidl[/b]",) if prefix.startswith("[") else ("Lidl",)

    suggester = PayeeSuggester(payees)
    assert asyncio.run(suggester.get_suggestion("Li")) == "Lidl"
    assert asyncio.run(suggester.get_suggestion("[b]")) == "[b]Lidl[/b]"
    assert asyncio.run(suggester.get_suggestion("  ")) is None
    assert asked == ["Li", "[b]"]
