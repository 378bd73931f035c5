"""The gym area as a person uses it (Pilot on a temporary SQLite file; what the UI did
is checked through the services on the same database)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from textual.command import CommandList, CommandPalette

from dashboard_tui.audit.history import AuditFilters
from dashboard_tui.audit.ui.history import AuditDetailScreen, AuditScreen
from dashboard_tui.gym.dto import VolumePoint
from dashboard_tui.gym.ui.area import GymScreen
from dashboard_tui.gym.ui.progress import ProgressScreen, volume_series
from dashboard_tui.gym.ui.template import TemplateScreen
from dashboard_tui.gym.ui.workout import WorkoutScreen
from dashboard_tui.ui.help import HelpScreen
from dashboard_tui.ui.home import HomeScreen
from dashboard_tui.widgets.chart import POINT
from dashboard_tui.widgets.confirm import ConfirmModal
from dashboard_tui.widgets.form_modal import FormModal
from dashboard_tui.widgets.paged_table import PagedTable
from tests.support import gym_of, history_of
from tests.ui.gym_helpers import (
    field_error,
    item_id,
    on,
    open_gym,
    open_workout,
    seed_workout,
    tab_table,
    table_ready,
    type_keys,
    value_of,
)
from tests.ui.pilot_helpers import SIZE, fill, pilot_test, screen_text, settle


def workout_ready(app):
    return lambda: isinstance(app.screen, WorkoutScreen) and app.screen.is_ready


def sets_of(detail):
    return [
        (e.name, [(s.weight_g, s.reps, s.set_type, s.completed) for s in e.sets])
        for e in detail.exercises
    ]


def actions(backend, login, area="gym"):
    page = history_of(backend).page(login, AuditFilters(area=area), limit=200)
    return [e.action for e in page.entries]


async def add_exercise(pilot, query: str) -> None:
    app = pilot.app
    await pilot.press("a")
    await settle(pilot, lambda: type(app.screen).__name__ == "ExercisePicker")
    await type_keys(pilot, query)
    await pilot.press("enter")  # one enter: the filter is applied and its top match picked
    await settle(pilot, workout_ready(app))


@pilot_test
async def test_log_a_workout_with_three_exercises_from_the_keyboard_alone(
    logged_in, backend, build_app
):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_gym(pilot)
        await pilot.press("n")
        await settle(pilot, on(app, FormModal))
        await type_keys(pilot, "Push and legs")
        await pilot.press("enter")  # date "today" is filled in
        await settle(pilot, workout_ready(app))

        await add_exercise(pilot, "barbell bench")
        await type_keys(pilot, "100kg")
        await pilot.press("tab", *"5", "enter")
        await settle(pilot, workout_ready(app))
        await pilot.press("enter")  # the numbers stay: the same set again
        await settle(pilot, workout_ready(app))
        await pilot.press("escape")  # back to the table

        await add_exercise(pilot, "back squat")
        await type_keys(pilot, "60")  # the profile's unit (kg)
        await pilot.press("tab", *"8", "tab", *"6", "enter")  # RPE 6
        await settle(pilot, workout_ready(app))
        await pilot.press("escape")

        await add_exercise(pilot, "pull-up")
        await pilot.press("tab", *"12", "enter")  # no weight: bodyweight
        await settle(pilot, workout_ready(app))
        await pilot.press("escape", "f")
        await settle(pilot, workout_ready(app))
        workout_id = app.screen.workout_id
        text = screen_text(pilot)
        assert "Push and legs" in text and "finished" in text
        assert "100 kg × 5" in text and "BW × 12" in text
        await pilot.press("escape")  # the list shows what was just logged
        gym = app.screen
        await settle(pilot, lambda: isinstance(gym, GymScreen) and not gym.stale)
        await tab_table(pilot, gym, "workouts")
        assert gym.table("workouts").highlighted[1].set_count == 4
        assert "This week (from 2026-11-16): 1 workout · 4 sets" in screen_text(pilot)

    detail = gym_of(backend).workouts.get_workout(logged_in, workout_id)
    assert sets_of(detail) == [
        ("Barbell Bench Press", [(100_000, 5, "working", True), (100_000, 5, "working", True)]),
        ("Back Squat", [(60_000, 8, "working", True)]),
        ("Pull-up", [(None, 12, "working", True)]),
    ]
    assert detail.exercises[1].sets[0].rpe == 6
    assert detail.workout.finished
    logged = actions(backend, logged_in)
    assert logged.count("gym.set.created") == 4
    assert logged.count("gym.exercise.created") == 3
    assert logged[-1] == "gym.workout.created" and logged[0] == "gym.workout.finished"


@pilot_test
async def test_bad_set_input_is_named_next_to_its_field_and_kept(logged_in, backend, build_app):
    workout_id = seed_workout(backend, logged_in, "Bench", "today", {"Barbell Bench Press": []})
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_gym(pilot)
        await pilot.press("enter")
        await settle(pilot, workout_ready(app))
        screen = app.screen
        await pilot.press("l")
        await fill(pilot, weight="heavy", reps="5", rpe="11")
        screen.query_one("#reps").focus()
        await pilot.press("enter")
        await settle(pilot, lambda: "weight like" in field_error(screen, "weight"))
        assert "RPE" in field_error(screen, "rpe")
        assert (value_of(screen, "weight"), value_of(screen, "reps")) == ("heavy", "5")
        assert gym_of(backend).workouts.get_workout(logged_in, workout_id).set_count == 0

        await fill(pilot, weight="225lb", rpe="")
        await pilot.press("enter")
        await settle(pilot, lambda: field_error(screen, "weight") == "")
        await settle(pilot, lambda: "1/1 sets" in screen_text(pilot))
    detail = gym_of(backend).workouts.get_workout(logged_in, workout_id)
    assert detail.exercises[0].sets[0].weight_g == 102_058  # 225 lb, exact to the gram


@pilot_test
async def test_reps_out_of_range_say_so_next_to_the_field(logged_in, backend, build_app):
    workout_id = seed_workout(backend, logged_in, "Bench", "today", {"Barbell Bench Press": []})
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_workout(pilot, workout_id)
        screen = app.screen
        await pilot.press("l")
        must = "Reps must be a whole number from 1 to 1000."
        for reps in ("-1", "2.5", "0"):
            await fill(pilot, weight="100kg", reps="")
            screen.query_one("#reps").focus()
            await type_keys(pilot, reps)
            await pilot.press("enter")
            await settle(pilot, lambda: field_error(screen, "reps") == must)
            assert value_of(screen, "reps") == reps  # kept, to be corrected
            await fill(pilot, reps="")
            await pilot.press("enter")
            await settle(pilot, lambda: "Enter the reps" in field_error(screen, "reps"))
    assert gym_of(backend).workouts.get_workout(logged_in, workout_id).set_count == 0


@pilot_test
async def test_editing_a_set_moves_the_personal_record(logged_in, backend, build_app):
    seed_workout(backend, logged_in, "Old", "2026-11-10", {"Barbell Bench Press": [("100kg", 5)]})
    seed_workout(backend, logged_in, "New", "2026-11-20", {"Barbell Bench Press": [("110kg", 3)]})
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_gym(pilot)
        await pilot.press("r")  # the records tab
        await tab_table(pilot, app.screen, "records")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ProgressScreen) and app.screen.is_ready)
        assert "Heaviest set: 110 kg (2026-11-20)" in screen_text(pilot)
        await pilot.press("escape", "w")
        await settle(pilot, on(app, GymScreen))
        await pilot.press("enter")  # the newest workout
        await settle(pilot, workout_ready(app))
        await pilot.press("j", "enter")  # its set: the edit form
        await settle(pilot, on(app, FormModal))
        await fill(pilot, weight="90kg")
        await pilot.press("enter")
        await settle(pilot, workout_ready(app))
        await pilot.press("p")
        await settle(pilot, lambda: isinstance(app.screen, ProgressScreen) and app.screen.is_ready)
        text = screen_text(pilot)
        assert "Heaviest set: 100 kg (2026-11-10)" in text  # the older set holds it now
        assert "Best estimated 1RM: 116.67 kg (2026-11-10)" in text

        await pilot.press("escape")
        await settle(pilot, on(app, GymScreen))
        await pilot.press("enter")
        await settle(pilot, workout_ready(app))
        await pilot.press("j", "e")
        await settle(pilot, on(app, FormModal))
        await fill(pilot, weight="120kg")
        await pilot.press("enter")
        await settle(pilot, workout_ready(app))
        notes = [n.message for n in app._notifications]
        assert any(n.startswith("New personal record: heaviest set 120 kg") for n in notes)


@pilot_test
async def test_a_deleted_workout_is_in_the_audit_history_with_its_before_image(
    logged_in, backend, build_app
):
    seed_workout(backend, logged_in, "Keep me", "2026-11-18", {"Deadlift": [("140kg", 5)]})
    seed_workout(
        backend, logged_in, "Leg day", "2026-11-20", {"Back Squat": [("120kg", 5), ("125kg", 3)]}
    )
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        gym = await open_gym(pilot)
        await pilot.press("d")
        await settle(pilot, on(app, ConfirmModal))
        assert "Leg day" in screen_text(pilot) and "2 sets" in screen_text(pilot)
        await pilot.press("y")
        await settle(pilot, lambda: "Workout deleted." in screen_text(pilot))
        await tab_table(pilot, gym, "workouts")
        assert "Leg day" not in screen_text(pilot) and "Keep me" in screen_text(pilot)

        await pilot.press("g", "5")
        await settle(pilot, on(app, AuditScreen))
        audit_table = app.screen.query_one(PagedTable)
        await table_ready(pilot, audit_table)
        assert audit_table.highlighted[1].action == "gym.workout.deleted"
        await pilot.press("enter")
        await settle(pilot, lambda: bool(app.screen.query(".diff-row.-removed")))
        text = screen_text(pilot)
        assert isinstance(app.screen, AuditDetailScreen)
        assert "Deleted: there is no after image." in text
        before = " ".join(
            str(w.render()) for w in app.screen.query(".diff-row.-removed .diff-before")
        )
        # In a person's terms: the sets with their weights, not columns and grams.
        assert "Leg day" in before and "Back Squat: 120 kg × 5, 125 kg × 3" in before
        assert "weight_g" not in text and "125000" not in text
        await pilot.press("o")
        await settle(pilot)
        assert "That workout no longer exists." in screen_text(pilot)


@pilot_test
async def test_the_palette_jumps_to_a_workout_by_name_or_date(logged_in, backend, build_app):
    legs = seed_workout(backend, logged_in, "Leg day", "2026-11-19", {"Back Squat": [("100", 5)]})
    seed_workout(backend, logged_in, "Push day", "2026-11-21", {"Barbell Bench Press": []})
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        for query in ("leg d", "2026-11-19"):
            await pilot.press("ctrl+p")
            await settle(pilot, on(app, CommandPalette))
            await type_keys(pilot, query)
            await settle(pilot, lambda: "Workout: Leg day" in screen_text(pilot))
            # In the palette's hits (home's gym tile, behind it, lists Push day too).
            hits = app.screen.query_one(CommandList)
            shown = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
            assert not any("Push day" in hit for hit in shown)
            await pilot.press("enter")
            await settle(pilot, workout_ready(app))
            assert app.screen.workout_id == legs
            assert "Last time" not in screen_text(pilot)  # the first squat session
            await pilot.press("escape")
            await settle(pilot, on(app, GymScreen))


@pilot_test
async def test_previous_session_is_the_hint_and_fills_the_log_bar(logged_in, backend, build_app):
    seed_workout(
        backend, logged_in, "Monday", "2026-11-16", {"Back Squat": [("100kg", 5), ("105kg", 5)]}
    )
    today = seed_workout(backend, logged_in, "Thursday", "today", {"Back Squat": []})
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_workout(pilot, today)
        text = screen_text(pilot)
        assert "Last time (2026-11-16): 100 kg × 5, 105 kg × 5" in text
        assert (value_of(app.screen, "weight"), value_of(app.screen, "reps")) == ("100 kg", "5")


@pilot_test
async def test_a_template_is_made_started_and_filled_in(logged_in, backend, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_gym(pilot)
        await pilot.press("t", "n")
        await settle(pilot, on(app, FormModal))
        await fill(pilot, name="Upper A")
        await pilot.press("enter")
        await settle(pilot, on(app, TemplateScreen))
        await pilot.press("a")
        await settle(pilot, lambda: type(app.screen).__name__ == "ExercisePicker")
        await type_keys(pilot, "barbell row")
        await pilot.press("enter")  # picks the only match
        await settle(pilot, on(app, FormModal))
        await fill(pilot, target_sets="2", target_reps="8", target_weight="70kg")
        await pilot.press("enter")
        await settle(pilot, lambda: "Barbell Row" in screen_text(pilot))
        assert "70 kg" in screen_text(pilot)

        await pilot.press("s")  # start a workout from it
        await settle(pilot, workout_ready(app))
        text = screen_text(pilot)
        assert "Upper A" in text and "0/2 sets" in text and "planned" in text
        assert "Next planned set: 70 kg × 8" in text
        await pilot.press("l", "enter")  # the planned numbers are in the bar
        await settle(pilot, lambda: "1/2 sets" in screen_text(pilot))
        workout_id = app.screen.workout_id

        await pilot.press("escape", "s")  # and save it as a template again
        await settle(pilot, on(app, FormModal))
        await fill(pilot, name="Upper B")
        await pilot.press("enter")
        await settle(pilot, lambda: "Saved as the template" in screen_text(pilot))

    detail = gym_of(backend).workouts.get_workout(logged_in, workout_id)
    assert sets_of(detail) == [
        ("Barbell Row", [(70_000, 8, "working", True), (70_000, 8, "working", False)])
    ]
    names = [t.name for t in gym_of(backend).templates.list_templates(logged_in).rows]
    assert names == ["Upper A", "Upper B"]


def records_announced(app) -> list[str]:
    return [n.message for n in app._notifications if n.message.startswith("New personal")]


@pilot_test
async def test_a_prefilled_weight_logged_as_shown_keeps_its_exact_grams(
    logged_in, backend, build_app
):
    """225 lb is 102058 g, shown in a kg profile as 102.06 kg, which read back would be
    102060 g: a heavier set, and a false personal record."""
    monday = seed_workout(
        backend, logged_in, "Monday", "2026-11-16", {"Back Squat": [("225lb", 5), ("225lb", 5)]}
    )
    gym_of(backend).templates.save_workout_as_template(logged_in, monday)
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_gym(pilot)
        await pilot.press("t")
        await tab_table(pilot, app.screen, "templates")
        await pilot.press("s")  # a workout from the template: two planned sets
        await settle(pilot, workout_ready(app))
        screen = app.screen
        assert (value_of(screen, "weight"), value_of(screen, "reps")) == ("102.06 kg", "5")
        await pilot.press("l")
        # the two planned sets, then one more: the bar keeps the numbers of the last set
        for shown in ("1/2 sets", "2/2 sets", "3/3 sets"):
            await pilot.press("enter")
            await settle(pilot, lambda shown=shown: shown in screen_text(pilot))
        assert value_of(screen, "weight") == "102.06 kg"

        await pilot.press("escape", "j", "enter")  # the edit form of set 1
        await settle(pilot, on(app, FormModal))
        assert value_of(app.screen, "weight") == "102.06 kg"
        await fill(pilot, rpe="8")  # the weight left as shown
        await pilot.press("enter")
        await settle(pilot, lambda: workout_ready(app)() and "RPE 8" in screen_text(pilot))
        assert records_announced(app) == []
        workout_id = screen.workout_id

    detail = gym_of(backend).workouts.get_workout(logged_in, workout_id)
    assert [(s.weight_g, s.reps, s.rpe) for s in detail.exercises[0].sets] == [
        (102_058, 5, 8),
        (102_058, 5, None),
        (102_058, 5, None),
    ]
    squat = item_id(backend, logged_in, "Back Squat")
    assert gym_of(backend).progress.records(logged_in, squat).heaviest.workout_id == monday


@pilot_test
async def test_the_previous_sessions_weight_logged_as_shown_keeps_its_grams(
    logged_in, backend, build_app
):
    seed_workout(backend, logged_in, "Monday", "2026-11-16", {"Back Squat": [("225lb", 5)]})
    today = seed_workout(backend, logged_in, "Thursday", "today", {"Back Squat": []})
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_workout(pilot, today)
        assert value_of(app.screen, "weight") == "102.06 kg"  # the hint fills the bar
        await pilot.press("l", "enter")
        await settle(pilot, lambda: "1/1 sets" in screen_text(pilot))
        assert records_announced(app) == []
    detail = gym_of(backend).workouts.get_workout(logged_in, today)
    assert [s.weight_g for s in detail.exercises[0].sets] == [102_058]


@pilot_test
async def test_cardio_is_logged_with_pace_and_speed_and_edited(logged_in, backend, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        gym = await open_gym(pilot)
        await pilot.press("c", "n")
        await settle(pilot, on(app, FormModal))
        await fill(pilot, activity="Running", duration="25m", distance="5km", avg_hr="fast")
        await pilot.press("enter")
        await settle(pilot, lambda: "20" in field_error(app.screen, "avg_hr"))
        await fill(pilot, avg_hr="152")
        await pilot.press("enter")
        await settle(pilot, on(app, GymScreen))
        await tab_table(pilot, gym, "cardio")
        text = screen_text(pilot)
        assert "Running" in text and "5:00 /km" in text and "12 km/h" in text
        assert "152 bpm" in text
        await pilot.press("e")
        await settle(pilot, on(app, FormModal))
        assert value_of(app.screen, "distance") == "5 km"
        await fill(pilot, distance="")
        await pilot.press("enter")
        await settle(pilot, on(app, GymScreen))
        await tab_table(pilot, gym, "cardio")
        assert "/km" not in screen_text(pilot)
    assert actions(backend, logged_in)[:2] == ["gym.cardio.edited", "gym.cardio.created"]


@pilot_test
async def test_own_exercises_are_made_renamed_and_deleted(logged_in, backend, build_app):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        gym = await open_gym(pilot)
        await pilot.press("x")
        exercises = await tab_table(pilot, gym, "exercises")
        await pilot.press("e")  # the first row is shipped
        await settle(pilot, lambda: "Shipped exercises cannot be changed" in screen_text(pilot))
        await pilot.press("n")
        await settle(pilot, on(app, FormModal))
        await fill(pilot, name="[b]Zercher[/b] squat", muscle_group="legs")
        await pilot.press("enter")
        await settle(pilot, on(app, GymScreen))
        exercises.set_filter("zercher")
        await table_ready(pilot, exercises)
        assert "[b]Zercher[/b] squat" in screen_text(pilot)
        await pilot.press("e")
        await settle(pilot, on(app, FormModal))
        await fill(pilot, name="Zercher squat")
        await pilot.press("enter")
        await settle(pilot, on(app, GymScreen))
        await table_ready(pilot, exercises)
        await pilot.press("d", "y")
        await settle(pilot, lambda: "Exercise deleted." in screen_text(pilot))
        await table_ready(pilot, exercises)
        assert exercises.row_count == 0
    assert actions(backend, logged_in)[:3] == [
        "gym.catalog.deleted",
        "gym.catalog.edited",
        "gym.catalog.created",
    ]


@pilot_test
async def test_weights_show_in_the_profiles_unit(logged_in, backend, build_app):
    backend.profiles.update(
        logged_in, weight_unit="lb", currency="USD", timezone="UTC", theme="textual-dark"
    )
    workout_id = seed_workout(
        backend, logged_in, "Bench", "2026-11-20", {"Barbell Bench Press": [("100kg", 5)]}
    )
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_workout(pilot, workout_id)
        await pilot.press("l")
        await fill(pilot, weight="135")  # a bare number is in lb now
        await pilot.press("enter")
        await settle(pilot, lambda: "2/2 sets" in screen_text(pilot))
        text = screen_text(pilot)
        assert "220.5 lb × 5" in text and "135 lb × 5" in text
    detail = gym_of(backend).workouts.get_workout(logged_in, workout_id)
    assert detail.exercises[0].sets[1].weight_g == 61_235


@pilot_test
async def test_an_audit_entry_of_a_set_jumps_to_its_workout(logged_in, backend, build_app):
    workout_id = seed_workout(
        backend, logged_in, "Pull day", "2026-11-20", {"Deadlift": [("150kg", 3)]}
    )
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("g", "5")
        await settle(pilot, on(app, AuditScreen))
        audit_table = app.screen.query_one(PagedTable)
        await table_ready(pilot, audit_table)
        assert audit_table.highlighted[1].action == "gym.set.created"
        await pilot.press("enter")
        await settle(pilot, on(app, AuditDetailScreen))
        await pilot.press("o")
        await settle(pilot, workout_ready(app))
        assert app.screen.workout_id == workout_id
        assert [type(s).__name__ for s in app.screen_stack[1:]] == [
            "HomeScreen",
            "GymScreen",
            "WorkoutScreen",
        ]


@pilot_test
async def test_removing_a_set_and_an_exercise_asks_first(logged_in, backend, build_app):
    workout_id = seed_workout(
        backend,
        logged_in,
        "Mixed",
        "2026-11-20",
        {"Deadlift": [("150kg", 3), ("160kg", 1)], "Barbell Row": [("80kg", 8)]},
    )
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_workout(pilot, workout_id)
        await pilot.press("j", "j", "d")  # the 160 kg single
        await settle(pilot, on(app, ConfirmModal))
        await pilot.press("n")  # no: nothing happens
        await settle(pilot, workout_ready(app))
        await pilot.press("d", "y")
        await settle(pilot, lambda: "1/1 sets" in screen_text(pilot))
        await pilot.press("K")  # the cursor is on Barbell Row now: it moves up
        await settle(pilot, lambda: "1. Barbell Row" in screen_text(pilot))
        await pilot.press("d", "y")
        await settle(pilot, lambda: "Barbell Row" not in screen_text(pilot))
    detail = gym_of(backend).workouts.get_workout(logged_in, workout_id)
    assert sets_of(detail) == [("Deadlift", [(150_000, 3, "working", True)])]


@pilot_test
async def test_help_and_palette_offer_every_gym_action(logged_in, backend, build_app):
    workout_id = seed_workout(backend, logged_in, "Bench", "today", {"Barbell Bench Press": []})
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, on(app, HomeScreen))
        await pilot.press("ctrl+p")
        await settle(pilot, on(app, CommandPalette))
        await type_keys(pilot, "gym: cardio")
        await settle(pilot, lambda: "Gym: cardio" in screen_text(pilot))
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, GymScreen) and app.screen.is_ready)
        assert app.screen.tab == "cardio"

        await open_workout(pilot, workout_id)
        await pilot.press("question_mark")
        await settle(pilot, on(app, HelpScreen))
        text = screen_text(pilot)
        for action in (
            "Add exercise",
            "Log set",
            "Finish",
            "Progress",
            "Workout details",
            "Save as template",
            "Move exercise up",
            "Move exercise down",
        ):
            assert action in text, action
        await pilot.press("escape")
        await settle(pilot, workout_ready(app))
        await pilot.press("ctrl+p")
        await settle(pilot, on(app, CommandPalette))
        await type_keys(pilot, "save as templ")
        await settle(pilot, lambda: "Save as template" in screen_text(pilot))
        await pilot.press("enter")
        await settle(pilot, on(app, FormModal))
        assert "Save as template" in screen_text(pilot)


@pilot_test
async def test_the_progress_charts_read_in_the_profiles_unit_on_an_honest_scale(
    logged_in, backend, build_app
):
    backend.profiles.update(
        logged_in, weight_unit="lb", currency="USD", timezone="UTC", theme="textual-dark"
    )
    seed_workout(backend, logged_in, "A", "2026-11-10", {"Barbell Bench Press": [("100kg", 5)]})
    seed_workout(backend, logged_in, "B", "2026-11-17", {"Barbell Bench Press": [("99kg", 5)]})
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_gym(pilot)
        await pilot.press("r")
        await tab_table(pilot, app.screen, "records")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ProgressScreen) and app.screen.is_ready)
        await pilot.pause()
        e1rm = app.screen.query_one("#e1rm-chart").render().plain
        volume = app.screen.query_one("#volume-chart").render().plain
    # 116.67 kg = 257.2 lb, then 115.5 kg = 254.6 lb: a 2.6 lb dip on a 30 lb axis.
    ticks = re.findall(r"^\s*([\d.,]+)┤", e1rm, re.MULTILINE)
    assert [float(t) for t in ticks] == [270, 260, 250, 240]
    assert e1rm.count(POINT) == 2
    assert "2026-11-10" in e1rm and "2026-11-17" in e1rm
    assert e1rm.splitlines()[-1].split() == ["lb", "date"]
    # The weekly volume starts at zero: 100 kg × 5 = 1,102.3 lb × reps.
    assert re.findall(r"^\s*([\d.,]+)┤", volume, re.MULTILINE)[-1] == "0"
    assert volume.splitlines()[-1].split() == ["lb", "date"]


def test_weeks_without_volume_leave_the_chart_to_its_hint():
    weeks = tuple(VolumePoint(date(2026, 11, 2) + timedelta(weeks=i), 0, 0) for i in range(3))
    assert volume_series(weeks, "kg") == []
    some = (*weeks[:2], VolumePoint(date(2026, 11, 16), 2, 500_000))
    (series,) = volume_series(some, "lb")
    assert series.points[-1] == (date(2026, 11, 16), 1102.3)  # 500 kg × reps in lb × reps
