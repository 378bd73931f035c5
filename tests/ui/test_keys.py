"""Keys do what the person meant (issue 10, items 3-5): bursts land where they were
typed, digits typed outside a field never jump areas (g then the key does), and
leaving, quitting and logging out ask where a slip of a key would lose something.

Bursts go through `burst`: every key is in the app's queue before the first is
handled, as with a paste or a fast typist (Pilot's press waits after each key)."""

from __future__ import annotations

from textual.widgets import Input

from dashboard_tui.account.ui.login import LoginScreen
from dashboard_tui.audit.ui.history import AuditScreen
from dashboard_tui.gym.ui.area import GymScreen
from dashboard_tui.gym.ui.workout import WorkoutScreen
from dashboard_tui.ui.help import HelpScreen
from dashboard_tui.ui.home import HomeScreen
from dashboard_tui.widgets.confirm import ConfirmModal
from dashboard_tui.widgets.form_modal import FormModal
from tests.support import gym_of
from tests.ui.gym_helpers import on, open_gym, open_workout, seed_workout, value_of
from tests.ui.pilot_helpers import (
    SIZE,
    burst,
    palette_highlights,
    pilot_test,
    screen_text,
    settle,
    wait_until,
)


def form_titled(app, title):
    return lambda: isinstance(app.screen, FormModal) and app.screen.title_text == title


# -- 3. bursts --------------------------------------------------------------------------
@pilot_test
async def test_a_burst_opening_a_form_lands_in_the_field_tabbed_to(build_app, logged_in):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_gym(pilot)
        await burst(pilot, "n", "tab", "tab", "a", "b", "c")
        await settle(pilot, form_titled(app, "Start a workout"))
        form = app.screen
        assert [value_of(form, f) for f in ("name", "date", "notes")] == ["Workout", "today", "abc"]
        assert form.focused is form.query_one("#notes", Input)


@pilot_test
async def test_a_burst_in_the_log_bar_moves_on_at_the_tab(build_app, logged_in, backend):
    workout_id = seed_workout(backend, logged_in, "Legs", "2026-11-20", {"Back Squat": []})
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_workout(pilot, workout_id)
        screen = app.screen
        await burst(pilot, "l", "1", "0", "0", "k", "g", "tab", "5", "enter")
        await settle(pilot, lambda: screen.detail is not None and screen.detail.set_count == 1)
        detail = gym_of(backend).workouts.get_workout(logged_in, workout_id)
        (logged,) = detail.exercises[0].sets
        assert (logged.weight_g, logged.reps) == (100_000, 5)


@pilot_test
async def test_a_key_right_after_a_tab_switch_goes_to_the_new_tab(build_app, logged_in):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        gym = await open_gym(pilot)
        await burst(pilot, "c", "n")  # the cardio tab, then its "new"
        await settle(pilot, form_titled(app, "Log cardio"))
        assert gym.tab == "cardio"


# -- 4. digits and the g chord ------------------------------------------------------------
@pilot_test
async def test_digits_typed_on_the_workout_never_leave_it(build_app, logged_in, backend):
    workout_id = seed_workout(backend, logged_in, "Legs", "2026-11-20", {"Back Squat": []})
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_workout(pilot, workout_id)
        screen = app.screen
        await burst(pilot, "l", "shift+tab")  # into the log bar and out of it again
        await burst(pilot, *"225lb")  # meant for the weight field
        assert app.screen is screen
        assert value_of(screen, "weight") == "b"  # l moved into the bar; b was typed there
        await burst(pilot, *"12345")
        assert app.screen is screen and value_of(screen, "weight") == "b12345"


@pilot_test
async def test_digits_in_a_form_are_typed(build_app, logged_in):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_gym(pilot)
        await burst(pilot, "n", *"123456", "tab", "tab", *"5g5")
        await settle(pilot, form_titled(app, "Start a workout"))
        assert value_of(app.screen, "name") == "123456"
        assert value_of(app.screen, "notes") == "5g5"


@pilot_test
async def test_g_then_a_number_jumps_from_the_workout(build_app, logged_in, backend):
    workout_id = seed_workout(backend, logged_in, "Legs", "2026-11-20", {"Back Squat": []})
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_workout(pilot, workout_id)
        await burst(pilot, "5")
        assert isinstance(app.screen, WorkoutScreen)
        await burst(pilot, "g", "x")  # not an area: a hint, and x does nothing else
        assert isinstance(app.screen, WorkoutScreen)
        assert "g then an area's number: 1 Gym" in screen_text(pilot)
        await burst(pilot, "g", "5")
        await settle(pilot, on(app, AuditScreen))
        await burst(pilot, "g", "4")
        await settle(pilot, lambda: type(app.screen).__name__ == "FamilyScreen")
        await burst(pilot, "g", "1")
        await settle(pilot, on(app, GymScreen))


@pilot_test
async def test_help_and_palette_show_the_g_chord(build_app, logged_in, backend):
    workout_id = seed_workout(backend, logged_in, "Legs", "2026-11-20", {"Back Squat": []})
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_workout(pilot, workout_id)
        await burst(pilot, "f1")
        await settle(pilot, on(app, HelpScreen))
        text = screen_text(pilot)
        assert "Go to area (g, then its number)" in text
        assert "Back (quits from home)" in text
        assert "^c       Quit (asks first)" in text
        await burst(pilot, "escape", "ctrl+p", *"gym")
        await settle(pilot, palette_highlights(pilot, "Gym"))
        assert "(g 1)" in screen_text(pilot)


# -- 5. leaving and quitting --------------------------------------------------------------
@pilot_test
async def test_q_goes_back_a_screen_at_a_time_and_quits_from_home(build_app, logged_in, backend):
    workout_id = seed_workout(backend, logged_in, "Legs", "2026-11-20", {"Back Squat": []})
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_gym(pilot)
        await burst(pilot, "enter")
        await settle(pilot, lambda: getattr(app.screen, "workout_id", None) == workout_id)
        await burst(pilot, "q")
        await settle(pilot, on(app, GymScreen))
        await burst(pilot, "q")
        await settle(pilot, on(app, HomeScreen))
        await burst(pilot, "q")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


@pilot_test
async def test_q_in_a_field_is_typed(build_app, logged_in, backend):
    workout_id = seed_workout(backend, logged_in, "Legs", "2026-11-20", {"Back Squat": []})
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_workout(pilot, workout_id)
        await burst(pilot, "l", "q")
        assert isinstance(app.screen, WorkoutScreen)
        assert value_of(app.screen, "weight") == "q"
        await burst(pilot, "escape", "w", "end", "q")  # out of the bar, then the details
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        assert value_of(app.screen, "name") == "Legsq"


@pilot_test
async def test_ctrl_c_asks_then_quits(build_app, logged_in):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, on(app, HomeScreen))
        await burst(pilot, "ctrl+c")
        await settle(pilot, on(app, ConfirmModal))
        await burst(pilot, "n")
        await settle(pilot, on(app, HomeScreen))
        await burst(pilot, "ctrl+c", "enter")  # enter says yes here
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


@pilot_test
async def test_escape_in_a_changed_form_asks_before_discarding(build_app, logged_in, backend):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        gym = await open_gym(pilot)
        await burst(pilot, "n", "escape")  # nothing typed: closes at once
        await settle(pilot, lambda: app.screen is gym)
        await burst(pilot, "n", *"Legs", "escape")
        await settle(pilot, on(app, ConfirmModal))
        await burst(pilot, "n")  # no: back to the form, the text kept
        await settle(pilot, form_titled(app, "Start a workout"))
        assert value_of(app.screen, "name") == "Legs"
        await burst(pilot, "escape", "y")
        await settle(pilot, lambda: app.screen is gym)
    assert gym_of(backend).workouts.list_workouts(logged_in).rows == ()


@pilot_test
async def test_ctrl_l_asks_and_the_login_form_keeps_the_email(build_app, logged_in, token_store):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, on(app, HomeScreen))
        await burst(pilot, "ctrl+l")
        await settle(pilot, on(app, ConfirmModal))
        await burst(pilot, "n")
        await settle(pilot, on(app, HomeScreen))
        assert app.login is not None and token_store.get() is not None
        await burst(pilot, "ctrl+l", "y")
        await settle(pilot, on(app, LoginScreen))
        login = app.screen
        assert app.login is None
        assert login.query_one("#email", Input).value == logged_in.user.email
        assert login.focused is login.query_one("#password", Input)
        await burst(pilot, "ctrl+l")  # no one to log out: nothing asked
        assert isinstance(app.screen, LoginScreen)


@pilot_test
async def test_the_exercise_picker_takes_a_typed_name_and_enter_at_once(
    build_app, logged_in, backend
):
    """`a`, a name and enter in one burst: the filter is applied and its top match is
    picked (its subtitle says 'enter picks the top one'), with no second enter."""
    workout_id = seed_workout(backend, logged_in, "Legs", "2026-11-20", {"Back Squat": []})
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_gym(pilot)
        await burst(pilot, "enter")
        await settle(pilot, lambda: getattr(app.screen, "workout_id", None) == workout_id)
        await settle(pilot, lambda: getattr(app.screen, "is_ready", False))
        await burst(pilot, "a", *"romanian deadlift", "enter")
        await settle(pilot, lambda: "Romanian Deadlift" in screen_text(pilot))
        assert type(app.screen).__name__ == "WorkoutScreen"
        names = [e.name for e in app.screen.detail.exercises]
        assert names == ["Back Squat", "Romanian Deadlift"]
