"""A `[keys]` table moves actions to other keys (issue 10, item 7): the new key does
the action, the old one no longer does, and the footer, help (F1) and the command
palette show the key as mapped."""

from __future__ import annotations

from dashboard_tui.gym.ui.area import GymScreen
from dashboard_tui.ui.help import HelpScreen, keys_of
from dashboard_tui.ui.home import HomeScreen
from dashboard_tui.ui.palette import DashboardCommands, screen_actions
from dashboard_tui.widgets.form_modal import FormModal
from tests.ui.gym_helpers import on, open_gym
from tests.ui.pilot_helpers import SIZE, pilot_test, screen_text, settle


def footer_line(pilot) -> str:
    """The last line of the terminal: the footer."""
    return " ".join(screen_text(pilot).splitlines()[-1].split())


def mapped(build_app, ui_settings, **keys: str):
    table = {ident.replace("__", "."): value for ident, value in keys.items()}
    return build_app(ui_settings.with_overrides(keys=table))


@pilot_test
async def test_a_remapped_key_does_the_action_and_the_old_one_does_not(
    build_app, ui_settings, logged_in
):
    app = mapped(build_app, ui_settings, gym__new="ctrl+n")
    async with app.run_test(size=SIZE) as pilot:
        gym = await open_gym(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is gym  # n is no longer "new"
        assert "^n New" in footer_line(pilot)
        assert " n New" not in f" {footer_line(pilot)}"
        assert ("New", "^n") in [(a.name, a.key) for a in screen_actions(gym)]
        assert ("^n", "New") in [(k.keys, k.description) for k in keys_of(gym)]
        await pilot.press("ctrl+n")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        assert app.screen.title_text == "Start a workout"


@pilot_test
async def test_help_on_another_key_is_shown_as_mapped_everywhere(build_app, ui_settings, logged_in):
    app = mapped(build_app, ui_settings, app__help="f2")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, on(app, HomeScreen))
        assert "f2 Help" in footer_line(pilot)
        await pilot.press("f1")
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f2")
        await settle(pilot, on(app, HelpScreen))
        text = screen_text(pilot)
        assert "f2   Help" in text or "f2    Help" in text
        assert "f1" not in text.split("Everywhere", 1)[1]
        await pilot.press("escape")
        await settle(pilot, on(app, HomeScreen))
        helps = [c.help for c in DashboardCommands(app.screen).commands() if c.name == "Help"]
        assert helps == ["Every key of the current screen (f2)"]


@pilot_test
async def test_the_home_screens_area_keys_and_the_apps_keys_move(build_app, ui_settings, logged_in):
    app = mapped(build_app, ui_settings, home__area_gym="G", app__logout="ctrl+y")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, on(app, HomeScreen))
        assert "^y Log out" in footer_line(pilot)
        commands = DashboardCommands(app.screen).commands()
        assert "(ctrl+y)" not in " ".join(c.help for c in commands)  # shown as the footer does
        assert any(c.help.endswith("(^y)") for c in commands if c.name == "Log out")
        text = screen_text(pilot)
        assert " G  Gym  Workouts" in text  # the list shows the key too
        assert " 1  Gym" not in text
        assert " 5  Audit history  Every" in text  # the others keep theirs
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("G")
        await settle(pilot, lambda: isinstance(app.screen, GymScreen) and app.screen.is_ready)


@pilot_test
async def test_a_bad_keys_table_stops_at_the_start_up_error_screen(
    build_app, ui_settings, logged_in
):
    """Checked after the first paint (the login form is not delayed by importing every
    screen); each problem is one line on the error screen, and the CLI prints them
    again after the app ends (cli.cmd_launch)."""
    app = mapped(build_app, ui_settings, gym__nwe="ctrl+n")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: bool(app.keymap_problems))
        await settle(pilot, lambda: type(app.screen).__name__ == "StartupErrorScreen")
        assert app.keymap_problems == [
            "the config file: [keys] \"gym.nwe\" is not an action id (did you mean 'gym.new'?)"
        ]
        assert "is not an action id" in screen_text(pilot)
        assert app.login is None  # the database was not opened, nobody is signed in
