"""How the shell opens the nutrition area: the day (today's, loaded first, then
drawn once with its data), the week, goals and templates over it, and a nutrition
record (the audit history's jumps and the palette's finds): an item or a meal opens
its day, a template the templates, a goal the goals, a food today's day.

The area stacks at most Home → Day → one of week, goals, templates."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from dashboard_tui.nutrition import FOOD_ITEM, GOAL, MEAL, TEMPLATE
from dashboard_tui.nutrition.log_dto import DayView
from dashboard_tui.nutrition.ui.base import nutrition_services
from dashboard_tui.nutrition.ui.day import DayScreen, load_day
from dashboard_tui.ui.area import AreaCommand, AreaUI

if TYPE_CHECKING:
    from dashboard_tui.ui.shell import Shell


def open_nutrition(shell: Shell, view: str | None = None, day: date | None = None) -> None:
    """The day (today when `day` is None), and `view` over it: week, goals, templates."""
    ctx, login = shell.require_ctx(), shell.login
    assert login is not None
    if isinstance(shell.screen, DayScreen):
        if day is not None:
            shell.screen.show_record(day)
        over(shell, shell.screen, view)
        return

    def show(first: DayView) -> None:
        if shell.login is login:  # still the same person
            shell.go_home()
            screen = DayScreen(first)
            shell.push_screen(screen)
            over(shell, screen, view)

    shell.run_call(lambda: load_day(ctx, login, day), show, group="open")


def over(shell: Shell, screen: DayScreen, view: str | None) -> None:
    actions = {
        "week": screen.action_week,
        "goals": screen.action_goals,
        "templates": screen.action_templates,
    }
    if view in actions:
        actions[view]()


def open_record(shell: Shell, entity: str, record_id: uuid.UUID) -> None:
    ctx, login = shell.require_ctx(), shell.login
    assert login is not None
    log = nutrition_services(ctx).log
    if entity == FOOD_ITEM.name:
        shell.run_call(
            lambda: log.get_item(login, record_id).date,
            lambda day: open_nutrition(shell, None, day),
            group="open",
        )
    elif entity == MEAL.name:
        shell.run_call(
            lambda: log.meal_date(login, record_id),
            lambda day: open_nutrition(shell, None, day),
            group="open",
        )
    elif entity == TEMPLATE.name:
        open_nutrition(shell, "templates")
    elif entity == GOAL.name:
        open_nutrition(shell, "goals")
    else:  # a food: the day, to log it
        open_nutrition(shell)


AREA_UI = AreaUI(
    open=open_nutrition,
    open_record=open_record,
    commands=(
        AreaCommand("Nutrition: today", "Today's meals, energy and macros", None),
        AreaCommand("Nutrition: week", "This week's days against the goal", "week"),
        AreaCommand("Nutrition: goals", "Energy and macro goals, from a day on", "goals"),
        AreaCommand("Nutrition: templates", "Meal templates and recipes", "templates"),
    ),
)
