"""Input a person can see (issue 10, item 6): a paste too long for a field is refused
with a message next to it; after a refused save the field in error has its kept value
selected; placeholders read as hints, and a default is a real value."""

from __future__ import annotations

from textual.events import Paste
from textual.widgets import Input
from textual.widgets.input import Selection

from dashboard_tui.gym.ui.forms import CARDIO_FORM, EXERCISE_FORM, WORKOUT_FORM, set_form
from dashboard_tui.gym.ui.workout import LOG_BAR, WorkoutScreen
from dashboard_tui.kit.validation import NAME_MAX
from dashboard_tui.widgets.form_modal import FormModal
from dashboard_tui.widgets.paged_table import FilterInput
from tests.support import gym_of
from tests.ui.gym_helpers import field_error, item_id, on, open_gym, open_workout, type_keys
from tests.ui.pilot_helpers import SIZE, pilot_test, settle


async def new_workout_form(pilot) -> FormModal:
    await open_gym(pilot)
    await pilot.press("n")
    await settle(pilot, on(pilot.app, FormModal))
    return pilot.app.screen


@pilot_test
async def test_a_paste_too_long_for_the_field_is_refused_with_a_message(
    logged_in, backend, build_app
):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await new_workout_form(pilot)
        name = form.query_one("#name", Input)
        assert name.value == "Workout"  # the name it gets anyway: a value, not a hint
        assert app.focused is name and name.selection == Selection(0, len("Workout"))

        name.post_message(Paste("x" * 250))
        await settle(pilot, lambda: field_error(form, "name") != "")
        assert name.value == "Workout"  # nothing pasted, nothing cut
        assert field_error(form, "name") == (
            f"Pasted text is 250 characters; this field takes at most {NAME_MAX}. "
            "Nothing was pasted."
        )

        await pilot.press("end")
        name.post_message(Paste("y" * (NAME_MAX - 3)))  # with the 7 here: 124
        await settle(pilot, lambda: "with the 7 already here" in field_error(form, "name"))
        assert f"makes {NAME_MAX + 4}" in field_error(form, "name")
        assert name.value == "Workout"

        name.post_message(Paste(" A"))  # one that fits goes in, and the message goes
        await settle(pilot, lambda: name.value == "Workout A")
        assert field_error(form, "name") == ""


@pilot_test
async def test_after_a_refused_save_the_kept_value_is_selected(logged_in, backend, build_app):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await new_workout_form(pilot)
        await pilot.press("tab")  # to the date, prefilled "today"
        date = form.query_one("#date", Input)
        assert app.focused is date
        await pilot.press("end", *"-ish", "enter")  # saved from the field it is in
        await settle(pilot, lambda: field_error(form, "date") != "")
        assert date.value == "today-ish"  # kept
        assert app.focused is date and date.selection == Selection(0, len("today-ish"))

        await pilot.press("left")  # an arrow keeps it
        assert date.value == "today-ish"
        await pilot.press("enter")
        await settle(pilot, lambda: date.selection == Selection(0, len("today-ish")))
        await type_keys(pilot, "y")  # the next key replaces it
        assert date.value == "y"
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, WorkoutScreen))


def test_placeholders_are_hints_not_values():
    specs = (WORKOUT_FORM, CARDIO_FORM, EXERCISE_FORM, set_form("kg"))
    hints = [f.placeholder for spec in specs for f in spec.fields if f.placeholder]
    hints += [hint for _, _, hint, _ in LOG_BAR]
    for hint in hints:
        assert "e.g." in hint or " to " in hint, hint


@pilot_test
async def test_a_placeholder_is_drawn_unlike_typed_text(logged_in, backend, build_app):
    gym = gym_of(backend)
    workout = gym.workouts.start_workout(logged_in, name="Push")
    gym.workouts.add_exercise(
        logged_in, workout.workout.id, item_id(backend, logged_in, "Barbell Bench Press")
    )
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_workout(pilot, workout.workout.id)
        rpe = app.screen.query_one("#rpe", Input)
        assert rpe.value == ""

        def drawn(text: str) -> list:
            return [s.style for s in rpe.render_line(0) if s.text.strip() and s.text in text]

        styles = drawn("e.g. 8.5")
        assert styles and all(style.italic for style in styles)
        rpe.focus()
        await type_keys(pilot, "8")
        await pilot.pause()
        assert rpe.value == "8"
        assert not any(style.italic for style in drawn("8"))


@pilot_test
async def test_a_paste_too_long_for_a_list_filter_is_refused_in_a_notification(
    logged_in, backend, build_app
):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_gym(pilot)
        await pilot.press("slash", *"Push")
        box = app.focused
        assert isinstance(box, FilterInput) and box.value == "Push"
        box.post_message(Paste("x" * 250))
        await settle(
            pilot, lambda: any("Pasted text" in str(n.message) for n in app._notifications)
        )
        assert box.value == "Push"
        (note,) = [n.message for n in app._notifications if "Pasted text" in str(n.message)]
        assert note == (
            "Pasted text is 250 characters; with the 4 already here that makes 254, "
            "and this field takes at most 200. Nothing was pasted."
        )
