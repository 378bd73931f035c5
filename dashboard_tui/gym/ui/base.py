"""What the gym's screens share: the profile's weight unit, and the way back from a
workout, template or progress screen (to the gym's lists under it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard_tui.gym import AREA
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.ui.shell import OpenArea

if TYPE_CHECKING:
    from dashboard_tui.context import AppContext
    from dashboard_tui.gym.services import GymService


def gym_services(ctx: AppContext) -> GymService:
    """The gym's services for this open database (built on first use)."""
    from dashboard_tui.gym.services import GymService

    return ctx.services(GymService)


class GymBaseScreen(DashboardScreen):
    @property
    def unit(self) -> str:
        return self.shell.weight_unit

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:  # opened straight from elsewhere (e.g. the palette): the gym is under it
            self.post_message(OpenArea(AREA.name))
