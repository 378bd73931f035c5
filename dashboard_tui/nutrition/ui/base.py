"""What the nutrition screens share: the area's services, how energy and grams read,
bars of a share of a goal, and the way back to the day."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from dashboard_tui.nutrition import AREA, day_label
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.ui.shell import OpenArea

if TYPE_CHECKING:
    from datetime import date

    from dashboard_tui.context import AppContext
    from dashboard_tui.nutrition.services import NutritionService

__all__ = ["day_label"]


def nutrition_services(ctx: AppContext) -> NutritionService:
    """The nutrition services for this open database (built on first use)."""
    from dashboard_tui.nutrition.services import NutritionService

    return ctx.services(NutritionService)


def grams(mg: int | None) -> str:
    """Milligrams as whole grams for a table: 12600 → "13" (half-even, like the sums)."""
    if mg is None:
        return "—"
    whole, rest = divmod(mg, 1000)
    return str(whole + (1 if rest > 500 or (rest == 500 and whole % 2) else 0))


def weekday_label(day: date) -> str:
    """ "Tue 3 Mar 2026"."""
    return f"{day.strftime('%a')} {day_label(day)}"


def bar(value: int, goal: int | None, cells: int = 20) -> Text:
    """`██████░░░░ 62%` of a goal; over it, a full bar in red with the share."""
    if not goal:
        return Text("")
    share = value / goal
    full = min(cells, round(share * cells))
    style = "red" if share > 1.05 else ("yellow" if share >= 0.9 else "green")
    text = Text("█" * full, style=style)
    text.append("░" * (cells - full), style="dim")
    text.append(f" {round(share * 100):3d}%")
    return text


class NutritionBaseScreen(DashboardScreen):
    @property
    def services(self) -> NutritionService:
        return nutrition_services(self.ctx)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:  # opened straight from elsewhere: the day goes under it
            self.post_message(OpenArea(AREA.name))
