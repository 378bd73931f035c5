"""What the finance screens share: the area's services, how amounts and names read
on a screen, and the way back to the accounts list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from dashboard_tui.finance import AREA, MINUS
from dashboard_tui.finance.money import format_amount
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.ui.shell import OpenArea
from dashboard_tui.widgets.text import clean, shorten

if TYPE_CHECKING:
    from dashboard_tui.context import AppContext
    from dashboard_tui.finance.services import FinanceService

NAME_CHARS = 60  # of a name quoted in a prompt or a title


def finance_services(ctx: AppContext) -> FinanceService:
    """The finance services for this open database (built on first use)."""
    from dashboard_tui.finance.services import FinanceService

    return ctx.services(FinanceService)


def money(minor: int, currency: str) -> str:
    """ "−1,234.50 EUR": the minus a person reads (U+2212), the code after."""
    return format_amount(minor, currency, code=True, minus=MINUS)


def amount_cell(minor: int, currency: str) -> Text:
    """Money right-aligned, so the decimal points line up down the column (under a
    `figure_head`)."""
    return Text(money(minor, currency), justify="right", no_wrap=True, overflow="ellipsis")


def quoted(name: str) -> str:
    return f"“{shorten(clean(name), NAME_CHARS)}”"


def next_currency(currencies: Sequence[str], current: str) -> str:
    """The currency after `current` in the list, round (the first when it is not in it)."""
    index = currencies.index(current) if current in currencies else -1
    return currencies[(index + 1) % len(currencies)]


ONE_CURRENCY = "You have accounts in one currency only."


class FinanceBaseScreen(DashboardScreen):
    @property
    def services(self) -> FinanceService:
        return finance_services(self.ctx)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:  # opened straight from elsewhere: the accounts list goes under it
            self.post_message(OpenArea(AREA.name))
