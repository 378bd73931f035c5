"""After an imported transaction was re-categorised in the register: "Always put
payees containing [LIDL] in Groceries?" (finance/services/rule_offers.py). The text
is the payee's, to change; the choice says whether the account's other imported rows
like it move too (how many, counted again as the text changes). Save: yes; escape:
no rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.widgets import Input, Select

from dashboard_tui.finance.dto import RuleOffer, RuleOfferResult
from dashboard_tui.finance.services.base import PAYEE_MAX
from dashboard_tui.kit.forms import FieldSpec, FormSpec
from dashboard_tui.widgets.form_modal import FormModal

ALL, RULE_ONLY = "all", "rule"


@dataclass(frozen=True)
class RuleOfferInput:
    contains: str
    also: str


def others_label(count: int) -> str:
    """No user text here: a choice's label is read as markup."""
    if count == 0:
        return "Yes (no other imported transaction matches)"
    return f"Yes, and move the {count} other{'s' if count != 1 else ''} too"


def also_choices(count: int) -> tuple[tuple[str, str], ...]:
    return ((others_label(count), ALL), ("Yes, the rule only", RULE_ONLY))


def offer_question(offer: RuleOffer) -> str:
    """Shown literally (names are user text)."""
    others = "uncategorised"
    if offer.previous_category:
        others += f" or in {offer.previous_category}"
    moved = f"The others: imported rows of {offer.account} with the text in the payee ({others})."
    if offer.rule_id is not None and offer.rule_category != offer.category:
        return (
            f"A rule puts payees containing “{offer.contains}” in {offer.rule_category}. "
            f"Change it to {offer.category}? {moved} (escape: no)"
        )
    return f"Always put payees containing the text below in {offer.category}? {moved} (escape: no)"


def offer_form(offer: RuleOffer) -> FormSpec[RuleOffer, RuleOfferInput]:
    return FormSpec(
        RuleOfferInput,
        (
            FieldSpec("contains", "Payee contains", lambda o: o.contains, max_length=PAYEE_MAX),
            FieldSpec(
                "also",
                "Also",
                lambda _: ALL,
                choices=also_choices(offer.others),
            ),
        ),
    )


class RuleOfferModal(FormModal[RuleOffer, RuleOfferInput, RuleOfferResult]):
    """`count(text)` runs in a worker: how many other rows that text would move."""

    def __init__(
        self,
        offer: RuleOffer,
        save: Callable[[RuleOfferInput], RuleOfferResult],
        count: Callable[[str], int],
    ) -> None:
        super().__init__(
            f"A rule for {offer.payee}?",
            offer_form(offer),
            offer,
            save,
            note=offer_question(offer),
        )
        self.offer = offer
        self.count = count

    @on(Input.Changed, "#contains")
    def recount(self, event: Input.Changed) -> None:
        text = event.value

        def counted(n: int) -> None:
            select = self.query_one("#also", Select)
            value = select.value
            select.set_options(also_choices(n))
            # The label shown is redrawn when the value changes only: the other, then back.
            select.value = RULE_ONLY if value == ALL else ALL
            select.value = value

        self.run_call(lambda: self.count(text), counted, group="count", exclusive=True)
