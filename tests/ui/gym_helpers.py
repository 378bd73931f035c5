"""Arranging gym data through the real services, and reaching the gym screens."""

from __future__ import annotations

from textual.widgets import Input

from dashboard_tui.gym import WORKOUT
from dashboard_tui.gym.ui.area import GymScreen
from dashboard_tui.ui.home import HomeScreen
from dashboard_tui.ui.shell import OpenRecord
from dashboard_tui.widgets.paged_table import PagedTable
from tests.support import gym_of
from tests.ui.pilot_helpers import settle


def on(app, screen_type):
    return lambda: isinstance(app.screen, screen_type)


def item_id(backend, login, name):
    """The catalog exercise called exactly `name`."""
    page = gym_of(backend).catalog.list_exercises(login, text=name, page_size=20)
    return next(item.id for item in page.rows if item.name == name)


def seed_workout(backend, login, name, day, exercises):
    """A logged workout: `exercises` maps a catalog name to [(weight, reps), …]."""
    detail = gym_of(backend).workouts.start_workout(login, name=name, date=day)
    for exercise_name, sets in exercises.items():
        exercise = gym_of(backend).workouts.add_exercise(
            login, detail.workout.id, item_id(backend, login, exercise_name)
        )
        for weight, reps in sets:
            gym_of(backend).sets.log_set(login, exercise.id, weight=weight, reps=reps)
    return detail.workout.id


async def table_ready(pilot, table: PagedTable) -> None:
    await settle(pilot, lambda: len(table.loaded_pages) > 0 and not table.loading)


async def tab_table(pilot, gym: GymScreen, tab: str) -> PagedTable:
    """The tab's table once built (tabs build theirs when first shown) and loaded."""
    await settle(pilot, lambda: gym.table(tab) is not None)
    table = gym.table(tab)
    await table_ready(pilot, table)
    return table


async def open_gym(pilot) -> GymScreen:
    app = pilot.app
    await settle(pilot, on(app, HomeScreen))
    await pilot.press("1")
    await settle(pilot, lambda: isinstance(app.screen, GymScreen) and app.screen.is_ready)
    return app.screen


async def type_keys(pilot, text: str) -> None:
    """Key by key, as a person types (into whatever has focus)."""
    await pilot.press(*text)


def field_error(screen, field: str) -> str:
    return str(screen.query_one(f"#field-{field} .form-field--error").render())


def value_of(screen, field_id: str) -> str:
    return screen.query_one(f"#{field_id}", Input).value


async def open_workout(pilot, workout_id):
    """Straight to a workout (as the palette does), once someone is logged in."""
    app = pilot.app
    await settle(pilot, lambda: app.login is not None)
    app.post_message(OpenRecord(WORKOUT.name, workout_id))
    await settle(pilot, lambda: getattr(app.screen, "workout_id", None) == workout_id)
    await settle(pilot, lambda: app.screen.is_ready)
