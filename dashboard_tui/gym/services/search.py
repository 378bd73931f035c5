"""The gym's records for the command palette: workouts (by name, or by day, month
or year), templates, cardio sessions and exercises."""

from __future__ import annotations

from dashboard_tui.account.auth import Login
from dashboard_tui.gym import CARDIO, CATALOG_EXERCISE, TEMPLATE, WORKOUT
from dashboard_tui.gym.services import GymService
from dashboard_tui.kit.entity import Found

PER_KIND = 5


def search(gym: GymService, login: Login, text: str) -> list[Found]:
    found = [
        Found(WORKOUT.name, w.id, f"Workout: {w.name}", f"{w.date.isoformat()} · {w.status}")
        for w in gym.workouts.search_workouts(login, text, limit=8)
    ]
    found += [
        Found(TEMPLATE.name, t.id, f"Template: {t.name}", f"{t.exercise_count} exercises")
        for t in gym.templates.list_templates(login, text=text, page_size=PER_KIND).rows
    ]
    found += [
        Found(CARDIO.name, c.id, f"Cardio: {c.activity_name}", c.date.isoformat())
        for c in gym.cardio.list_cardio(login, text=text, page_size=PER_KIND).rows
    ]
    found += [
        Found(
            CATALOG_EXERCISE.name,
            e.id,
            f"Exercise: {e.name}",
            " · ".join(part for part in (e.muscle_group, e.equipment, e.mode) if part),
        )
        for e in gym.catalog.list_exercises(login, text=text, page_size=PER_KIND).rows
    ]
    return found
