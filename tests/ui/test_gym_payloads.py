"""User text in the gym area is shown literally in every widget that shows it, or
refused next to its field; nothing crashes, nothing acts, no escape sequence reaches
the terminal. One row of the matrix per payload, every gym widget in each."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from dashboard_tui.gym.ui.area import GymScreen
from dashboard_tui.gym.ui.progress import ProgressScreen
from dashboard_tui.gym.ui.template import TemplateScreen
from dashboard_tui.widgets.confirm import ConfirmModal
from dashboard_tui.widgets.form_modal import FormModal
from dashboard_tui.widgets.text import clean
from tests.support import gym_of
from tests.ui.gym_helpers import (
    field_error,
    item_id,
    on,
    open_gym,
    open_workout,
    tab_table,
    table_ready,
)
from tests.ui.pilot_helpers import SIZE, fill, pilot_test, screen_text, settle

# Stored as typed (names are at most 120 characters, notes 4000).
STORED = {
    "markup": "[b]x[/b]",
    "closing-tag": "[/]",
    "click": "[@click=app.quit]x[/]",
    "link": "[link=https://example.com]x[/link]",
    "long": "L" * 120,
}
# Refused by the services on both engines (tests/db/test_hostile_input.py): here
# the form says so next to the field and keeps the text.
REFUSED = {
    "ansi": "\x1b[31mred",
    "osc-title": "\x1b]0;title\x07",
    "nul": "a\x00b",
    "rtl-override": "\u202eevil",
    "10k": "L" * 10_000,
}
RAW = ("\x1b", "\x00", "\u202e", "\x07")


def assert_clean(text: str) -> None:
    assert not any(ch in text for ch in RAW)


def seed_everything(backend, login, payload):
    """The payload in every gym field a person types: names, notes, activity."""
    gym = gym_of(backend)
    own = gym.catalog.create_exercise(
        login, name=f"{payload}"[:120], muscle_group="legs", equipment="[i]bar[/i]"
    )
    detail = gym.workouts.start_workout(
        login, name=payload, date="2026-11-20", notes=f"note {payload}"
    )
    exercise = gym.workouts.add_exercise(login, detail.workout.id, own.id, notes=payload)
    gym.sets.log_set(login, exercise.id, weight="100kg", reps=5)
    later = gym.workouts.start_workout(login, name="Later", date="2026-11-21")
    gym.workouts.add_exercise(
        login, later.workout.id, item_id(backend, login, "Back Squat"), notes=payload
    )
    template = gym.templates.create_template(login, name=payload, notes=payload)
    gym.templates.add_template_exercise(login, template.template.id, own.id)
    gym.cardio.log_cardio(login, activity=payload, duration="30m", notes=payload)
    return detail.workout.id, later.workout.id


# Serial: with three workers on two cores, a tab's rows were once not drawn within 30 s
# (no worker running; a rare one, in 1 of 5 parallel suite runs). Alone it has
# never failed; the race is left for the shell's key-burst work (issue 10).
@pytest.mark.serial
@pytest.mark.parametrize("payload", STORED.values(), ids=STORED.keys())
@pilot_test
async def test_stored_text_is_literal_in_every_gym_widget(payload, logged_in, backend, build_app):
    workout_id, _ = seed_everything(backend, logged_in, payload)
    shown = clean(payload)[:16]
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        gym = await open_gym(pilot)
        for key, tab in (
            ("w", "workouts"),
            ("t", "templates"),
            ("c", "cardio"),
            ("x", "exercises"),
            ("r", "records"),
        ):
            await pilot.press(key)
            table = await tab_table(pilot, gym, tab)
            if tab == "exercises":
                table.set_filter(payload[:40])
                await table_ready(pilot, table)
            # Loaded is not yet drawn: wait for the tab's rows to reach the screen.
            await settle(pilot, lambda: shown in screen_text(pilot))
            assert_clean(screen_text(pilot))

        await pilot.press("w", "j", "d")  # the confirm prompt quotes the name
        await settle(pilot, on(app, ConfirmModal))
        assert shown in screen_text(pilot)
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, GymScreen))
        await pilot.press("e")  # the form's title and its field
        await settle(pilot, on(app, FormModal))
        assert shown[:20] in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, GymScreen))  # the form is gone

        await open_workout(pilot, workout_id)  # title, notes, exercise row, hint
        text = screen_text(pilot)
        assert text.count(shown) >= 3
        assert_clean(text)
        await pilot.press("p")
        await settle(pilot, lambda: isinstance(app.screen, ProgressScreen) and app.screen.is_ready)
        table = app.screen.query_one("#history-table")
        await table_ready(pilot, table)
        assert screen_text(pilot).count(shown) >= 2  # title and the session's workout

        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, GymScreen))
        await pilot.press("t")
        templates = await tab_table(pilot, app.screen, "templates")
        # Built on the first visit, the table exists before this switch lands; the enter
        # is meant for it, not for the records table that had the focus (issue 10 has
        # keys sent during a switch).
        await settle(pilot, lambda: app.screen.tab == "templates")
        templates.focus()
        await settle(pilot, lambda: templates.table.has_focus)
        await pilot.press("enter")
        await settle(pilot, on(app, TemplateScreen))
        await settle(pilot, lambda: app.screen.detail is not None)
        assert screen_text(pilot).count(shown) >= 2  # title, notes (and the exercise)

        await pilot.press("ctrl+p")
        await settle(pilot, on(app, CommandPalette))
        await pilot.press(*payload[:12])
        await settle(pilot, lambda: "Workout: " in screen_text(pilot))
        assert f"Workout: {shown}"[:30] in screen_text(pilot)
        assert_clean(screen_text(pilot))
        assert app.is_running and app.return_code is None  # nothing acted


@pytest.mark.parametrize("payload", REFUSED.values(), ids=REFUSED.keys())
@pilot_test
async def test_refused_text_is_named_next_to_its_field_and_kept(
    payload, logged_in, backend, build_app
):
    app = build_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_gym(pilot)
        await pilot.press("n")
        await settle(pilot, on(app, FormModal))
        form = app.screen
        await fill(pilot, name=payload, notes=payload)
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: field_error(form, "name") != "")
        assert field_error(form, "notes") != ""
        assert form.query_one("#name").value == payload  # kept, to correct
        assert_clean(screen_text(pilot))
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and app.return_code is None
    assert gym_of(backend).workouts.list_workouts(logged_in).rows == ()
