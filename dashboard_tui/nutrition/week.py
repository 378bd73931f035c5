"""The nutrition tile on the home screen (kit/tile.py): today's energy against its
goal, the week's average against the goal, and each day of the week. Read through
nutrition's own services (the week view the week screen shows)."""

from __future__ import annotations

from typing import Any

from dashboard_tui.kit.tile import Tile, TileLine, hint
from dashboard_tui.nutrition.log_dto import WeekDay
from dashboard_tui.nutrition.services import NutritionService

DAYS_PER_LINE = 4  # a week's days on two lines that fit a narrow tile


def kcal(value: int) -> str:
    return f"{value:,}"


def day_text(day: WeekDay) -> str:
    """ "Mo 1,850" (eaten), "Mo –" (nothing logged)."""
    return f"{day.date:%a}"[:2] + " " + (kcal(day.totals.kcal) if day.logged else "–")


def tile(ctx: Any, login: Any) -> Tile:
    week = ctx.services(NutritionService).log.week(login)
    if not week.logged_days:
        return hint("nutrition", "Nutrition", "No meals this week: 3 then a logs a food.")
    today = next((d for d in week.days if d.date == week.today), None)
    lines = []
    if today is not None:
        goal = f" / {kcal(today.goal.kcal)}" if today.goal else ""
        lines.append(TileLine(f"Today {kcal(today.totals.kcal)}{goal} kcal"))
    goal_avg = week.average_goal_kcal
    lines.append(
        TileLine(
            f"Average {kcal(week.average.kcal)}"
            + (f" / {kcal(goal_avg)}" if goal_avg is not None else "")
            + f" kcal ({week.logged_days} days)",
            view="week",
        )
    )
    days = [day_text(d) for d in week.days]
    for first in range(0, len(days), DAYS_PER_LINE):
        lines.append(TileLine("  ".join(days[first : first + DAYS_PER_LINE]), view="week"))
    return Tile("nutrition", "Nutrition", tuple(lines))
