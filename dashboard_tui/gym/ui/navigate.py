"""How the shell opens the gym: the area's screen at a tab, and any gym record
(the audit history's jumps, the palette's finds and the gym's own screens all post
OpenRecord, which comes here through the area registry).

The gym stacks at most Home → Gym → one workout, template or progress screen:
opening another from one of those replaces it, so escape always leads back."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from dashboard_tui.gym import (
    CARDIO,
    CATALOG_EXERCISE,
    EXERCISE,
    SET,
    TEMPLATE,
    TEMPLATE_EXERCISE,
    WORKOUT,
)
from dashboard_tui.gym.ui.area import GymScreen
from dashboard_tui.gym.ui.base import gym_services
from dashboard_tui.gym.ui.progress import ProgressScreen
from dashboard_tui.gym.ui.template import TemplateScreen
from dashboard_tui.gym.ui.workout import WorkoutScreen
from dashboard_tui.ui.area import AreaCommand, AreaUI

if TYPE_CHECKING:
    from dashboard_tui.ui.shell import Shell

DETAIL_SCREENS = (WorkoutScreen, TemplateScreen, ProgressScreen)


def open_gym(shell: Shell, tab: str | None = None) -> None:
    """The gym's screen at `tab` (workouts when None); a tab switch when it is shown."""
    tab = tab or "workouts"
    if isinstance(shell.screen, GymScreen):
        shell.screen.action_tab(tab)
        return
    # Loaded first, then pushed: the screen is drawn once, with its rows, and the
    # load does not compete for the GIL with the screen being built (bench/gym_screens).
    ctx, login, unit = shell.require_ctx(), shell.login, shell.weight_unit
    assert login is not None

    def show(first: Any) -> None:
        if shell.login is login:  # still the same person
            shell.go_home()
            shell.push_screen(GymScreen(tab, first))

    shell.run_call(lambda: GymScreen.load_first(ctx, login, unit, tab), show, group="open")


def push_over_gym(shell: Shell, screen: Screen[Any]) -> None:
    if isinstance(shell.screen, DETAIL_SCREENS):
        shell.switch_screen(screen)
        return
    if not isinstance(shell.screen, GymScreen):
        shell.go_home()
        shell.push_screen(GymScreen())
    gym = shell.screen
    if isinstance(gym, GymScreen):
        gym.stale = True  # its lists refresh when it shows again
    shell.push_screen(screen)


def load_then_open(shell: Shell, load: Any, screen: Any) -> None:
    """Load in a worker, then push over the gym (drawn once, with its data)."""
    login = shell.login

    def opened(data: Any) -> None:
        if shell.login is login:  # still the same person
            push_over_gym(shell, screen(data))

    shell.run_call(load, opened, group="open")


def open_workout(shell: Shell, workout_id: uuid.UUID) -> None:
    ctx, login = shell.require_ctx(), shell.login
    assert login is not None
    load_then_open(
        shell,
        lambda: gym_services(ctx).workouts.get_workout(login, workout_id),
        lambda detail: WorkoutScreen(workout_id, detail),
    )


def open_progress(shell: Shell, catalog_item_id: uuid.UUID) -> None:
    ctx, login, unit = shell.require_ctx(), shell.login, shell.weight_unit
    assert login is not None
    load_then_open(
        shell,
        lambda: ProgressScreen.load(ctx, login, catalog_item_id, unit),
        lambda progress: ProgressScreen(catalog_item_id, progress),
    )


def open_record(shell: Shell, entity: str, record_id: uuid.UUID) -> None:
    """A workout (also for its exercises and sets), a template (also for its
    exercises), an exercise's progress, or the cardio tab."""
    ctx, login = shell.require_ctx(), shell.login
    assert login is not None
    gym = gym_services(ctx)
    if entity == WORKOUT.name:
        open_workout(shell, record_id)
    elif entity == TEMPLATE.name:
        push_over_gym(shell, TemplateScreen(record_id))
    elif entity == CATALOG_EXERCISE.name:
        open_progress(shell, record_id)
    elif entity == CARDIO.name:
        open_gym(shell, "cardio")
    elif entity == TEMPLATE_EXERCISE.name:

        def show_template(template_id: uuid.UUID | None) -> None:
            if template_id is not None:  # None: it is gone
                push_over_gym(shell, TemplateScreen(template_id))

        shell.run_call(lambda: gym.templates.template_of(login, record_id), show_template)
    elif entity in (EXERCISE.name, SET.name):

        def show_workout(workout_id: uuid.UUID | None) -> None:
            if workout_id is not None:  # None: it is gone
                open_workout(shell, workout_id)

        shell.run_call(lambda: gym.workouts.workout_of(login, entity, record_id), show_workout)


AREA_UI = AreaUI(
    open=open_gym,
    open_record=open_record,
    commands=(
        AreaCommand("Gym: exercises", "The exercise catalog: shipped and your own", "exercises"),
        AreaCommand("Gym: personal records", "Heaviest set, best e1RM and volume", "records"),
        AreaCommand("Gym: cardio", "Cardio sessions", "cardio"),
        AreaCommand("Gym: templates", "Workout templates", "templates"),
    ),
)
