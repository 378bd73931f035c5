"""What the gym's screens share: the profile's weight unit, and the way back from a
workout, template or progress screen (to the gym's lists under it)."""

from __future__ import annotations

from dashboard_tui.ui.base import DashboardScreen


class GymBaseScreen(DashboardScreen):
    @property
    def unit(self) -> str:
        return self.dashboard.weight_unit

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:  # opened straight from elsewhere (e.g. the palette): the gym is under it
            self.dashboard.action_open_gym()
