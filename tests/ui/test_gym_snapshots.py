"""Snapshots of every gym screen and modal, on fixed data and the fixed clock (ids
are random but never shown). Update with
`pytest tests/ui/test_gym_snapshots.py --snapshot-update` and look at them."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.support import gym_of
from tests.ui.gym_helpers import item_id, seed_workout, tab_table
from tests.ui.pilot_helpers import SIZE, both_sizes, fill, settle
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture


@pytest.fixture
def training(logged_in, backend):
    """Three weeks of bench and squat, a template, cardio, and today's workout half done."""
    for i, day in enumerate(("2026-11-02", "2026-11-05", "2026-11-09", "2026-11-12", "2026-11-16")):
        bench, squat = 80 + 2.5 * i, 100 + 5 * i
        seed_workout(
            backend,
            logged_in,
            "Full body [A]" if i % 2 == 0 else "Full body B",
            day,
            {
                "Barbell Bench Press": [("40kg", 10), (f"{bench}kg", 5), (f"{bench}kg", 5)],
                "Back Squat": [(f"{squat}kg", 5), (f"{squat}kg", 5)],
            },
        )
    gym = gym_of(backend)
    template = gym.templates.create_template(logged_in, name="Upper A", notes="Heavy day")
    for name, sets, reps, weight in (("Barbell Bench Press", 3, 5, "90kg"), ("Pull-up", 3, 8, "")):
        gym.templates.add_template_exercise(
            logged_in,
            template.template.id,
            item_id(backend, logged_in, name),
            target_sets=sets,
            target_reps=reps,
            target_weight=weight,
        )
    today = gym.workouts.start_workout(logged_in, template_id=template.template.id)
    first = today.exercises[0]
    gym.sets.log_set(logged_in, first.id, weight="90kg", reps=5, rpe="8")
    gym.cardio.log_cardio(
        logged_in, activity="Running", date="2026-11-21", duration="25m", distance="5km", avg_hr=151
    )
    gym.cardio.log_cardio(logged_in, activity="Rowing Machine", date="2026-11-18", duration="20m")
    return today.workout.id


TABS = {"t": "templates", "c": "cardio", "r": "records"}


def in_gym(then=None):
    async def run_before(pilot: Pilot) -> None:
        await showing("HomeScreen")(pilot)
        await pilot.press("1")
        await settle(pilot, lambda: getattr(pilot.app.screen, "is_ready", False))
        if then is not None:
            await then(pilot)
        await showing(type(pilot.app.screen).__name__)(pilot)

    return run_before


async def press(pilot: Pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def ready(pilot: Pilot) -> bool:
    return getattr(pilot.app.screen, "is_ready", True)


@both_sizes
def test_gym_workouts(snap_compare, training, build_app, size):
    assert snap_compare(build_app(), terminal_size=size, run_before=in_gym())


@pytest.mark.parametrize("tab", ["t", "c", "r"], ids=["templates", "cardio", "records"])
@both_sizes
def test_gym_tabs(snap_compare, training, build_app, tab, size):
    async def to_tab(pilot: Pilot) -> None:
        await press(pilot, tab)
        await tab_table(pilot, pilot.app.screen, TABS[tab])

    assert snap_compare(build_app(), terminal_size=size, run_before=in_gym(to_tab))


@both_sizes
def test_workout_screen(snap_compare, training, build_app, size):
    async def open_it(pilot: Pilot) -> None:
        await press(pilot, "enter")  # today's workout, from the template
        await settle(pilot, lambda: ready(pilot))

    assert snap_compare(build_app(), terminal_size=size, run_before=in_gym(open_it))


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x40", "80x24"])
def test_progress_screen(snap_compare, training, build_app, size):
    async def open_it(pilot: Pilot) -> None:
        await press(pilot, "enter")
        await settle(pilot, lambda: ready(pilot))
        await press(pilot, "p")
        await settle(pilot, lambda: ready(pilot) and pilot.app.screen.query_one("#history-table"))
        await settle(pilot, lambda: pilot.app.screen.query_one("#history-table").row_count > 0)

    assert snap_compare(build_app(), terminal_size=size, run_before=in_gym(open_it))


@both_sizes
def test_template_screen(snap_compare, training, build_app, size):
    async def open_it(pilot: Pilot) -> None:
        await press(pilot, "t", "enter")
        await settle(pilot, lambda: pilot.app.screen.detail is not None)

    assert snap_compare(build_app(), terminal_size=size, run_before=in_gym(open_it))


@both_sizes
def test_exercise_picker(snap_compare, training, build_app, size):
    async def open_it(pilot: Pilot) -> None:
        await press(pilot, "enter")
        await settle(pilot, lambda: ready(pilot))
        await press(pilot, "a", *"press")  # filtered as typed; enter would pick the top one
        table = pilot.app.screen.query_one("PagedTable")
        await settle(pilot, lambda: table.filter_text == "press" and not table.loading)

    assert snap_compare(build_app(), terminal_size=size, run_before=in_gym(open_it))


@both_sizes
def test_new_workout_form_with_field_errors(snap_compare, training, build_app, size):
    async def submit_bad(pilot: Pilot) -> None:
        await press(pilot, "n")
        await fill(pilot, name="[b]Leg day[/b]", date="tomorrow-ish")
        await press(pilot, "ctrl+s")

    assert snap_compare(build_app(), terminal_size=size, run_before=in_gym(submit_bad))


@both_sizes
def test_delete_workout_confirm(snap_compare, training, build_app, size):
    async def ask(pilot: Pilot) -> None:
        await press(pilot, "j", "d")

    assert snap_compare(build_app(), terminal_size=size, run_before=in_gym(ask))


@both_sizes
def test_log_bar_error(snap_compare, training, build_app, size):
    async def bad_set(pilot: Pilot) -> None:
        await press(pilot, "enter")
        await settle(pilot, lambda: ready(pilot))
        await press(pilot, "l")
        await fill(pilot, weight="heavy", reps="5")
        await press(pilot, "enter")

    assert snap_compare(build_app(), terminal_size=size, run_before=in_gym(bad_set))


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x40", "80x24"])
def test_gym_list_filter_shows_what_is_typed(snap_compare, training, build_app, size):
    """The `/` filter is one line above the list, and what was typed is on it (it
    once drew only the borders of a three-line input squeezed into that line)."""

    async def filter_it(pilot: Pilot) -> None:
        await press(pilot, "slash", *"Full body")
        await settle(pilot, lambda: not pilot.app.screen.query_one("PagedTable").loading)

    assert snap_compare(build_app(), terminal_size=size, run_before=in_gym(filter_it))
