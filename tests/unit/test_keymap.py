"""Remappable keys (issue 10, item 7): the `[keys]` table of config.toml is read
strictly (config.py), its ids, key names and clashes are checked against the
catalog of every binding (ui/keymap.py) after the app's first paint (a problem is
one line, on the start-up error screen, then in the scrollback with exit code 2;
tests/ui/test_keymap.py), and by `dashboard-tui keys --check`, which also lists the ids."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard_tui.app import DashboardApp
from dashboard_tui.cli import main
from dashboard_tui.config import ConfigError, Settings, load_settings
from dashboard_tui.ui.keymap import (
    agree,
    bindings_of,
    bound_classes,
    catalog,
    check_keymap,
    key_problem,
)

ROOT = Path(__file__).resolve().parents[2]
SRC = "config.toml"


def settings_from(tmp_path: Path, text: str) -> Settings:
    cfg = tmp_path / "config.toml"
    cfg.write_text(text, encoding="utf-8")
    return load_settings(env={}, config_path=cfg)


# -- reading the table (config.py) -----------------------------------------------------
def test_a_keys_table_is_read_with_its_keys_stripped(tmp_path: Path) -> None:
    settings = settings_from(tmp_path, '[keys]\n"gym.new" = "ctrl+n"\n"app.help" = " f2 , ? "\n')
    assert settings.keys == {"gym.new": "ctrl+n", "app.help": "f2,?"}
    assert settings_from(tmp_path, "").keys == {}


def test_a_keys_table_of_the_wrong_shape_is_one_line_per_problem(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    with pytest.raises(ConfigError) as caught:
        settings_from(tmp_path, '[keys]\n"gym.new" = 5\n"gym.edit" = "e,,x"\n')
    assert caught.value.problems == (
        f'{cfg}: [keys] "gym.new" must be a string of keys, not 5',
        f'{cfg}: [keys] "gym.edit" = "e,,x": keys are separated by commas, none empty',
    )
    with pytest.raises(ConfigError, match=r"keys must be a table \(\[keys\]"):
        settings_from(tmp_path, 'keys = "ctrl+n"\n')


# -- the catalog ----------------------------------------------------------------------
def test_every_binding_of_ours_has_a_readable_id() -> None:
    """Ids are a public interface: every binding declared in dashboard_tui has one,
    `<scope>.<action>`, and one id never means two different things."""
    meanings: dict[str, set[str]] = {}
    for cls in bound_classes():
        for binding in cls.__dict__["BINDINGS"]:
            assert binding.id is not None, (cls.__name__, binding)
            assert re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", binding.id), binding.id
            meanings.setdefault(binding.id, set()).add(binding.description)
    assert {ident for ident, found in meanings.items() if len(found) > 1} == set()


def test_the_catalog_is_found_in_every_area_and_the_shell() -> None:
    known = catalog()
    for ident in ("app.help", "home.area_gym", "gym.new", "workout.move_up", "audit.verify_chain"):
        assert ident in known
    assert known["app.help"].keys == "f1,question_mark"
    assert known["gym.tab_workouts"].keys == "w"
    assert {cls.__name__ for cls in known["table.down"].owners} >= {"PagedDataTable", "KeyTable"}


# -- checking ids, key names and clashes --------------------------------------------------
def test_a_good_table_has_no_problems() -> None:
    table = {"gym.new": "ctrl+n", "app.help": "f2,question_mark", "table.down": "j,ctrl+j"}
    assert check_keymap(table, SRC) == []


def test_an_unknown_id_is_one_line_with_the_closest_id() -> None:
    assert check_keymap({"gym.nwe": "ctrl+n"}, SRC) == [
        "config.toml: [keys] \"gym.nwe\" is not an action id (did you mean 'gym.new'?)"
    ]
    assert check_keymap({"zzz": "x"}, SRC) == [
        'config.toml: [keys] "zzz" is not an action id (`dashboard-tui keys` lists them)'
    ]


@pytest.mark.parametrize(
    ("keys", "why"),
    [
        ("ctrl+?", '"ctrl+?": not a key name'),
        ("cntrl+n", "'cntrl' is not a modifier"),
        ("shift+ctrl+x", "in this order: ctrl+shift"),
        ("ctrl+N", "with a modifier a letter is lower case: shift+n"),
        ("n,f99", '"f99": not a key name'),
        ("enterr", "not a key name"),
    ],
)
def test_a_key_textual_never_produces_is_one_line(keys: str, why: str) -> None:
    (line,) = check_keymap({"gym.new": keys}, SRC)
    assert line.startswith(f'config.toml: [keys] "gym.new" = "{keys}":')
    assert why in line


def test_key_names_as_textual_writes_them() -> None:
    for key in ("a", "A", "5", "question_mark", "slash", "ctrl+n", "ctrl+shift+up", "f12"):
        assert key_problem(key) is None, key
    for key in ("space", "pagedown", "escape", "alt+x", "shift+tab"):
        assert key_problem(key) is None, key


def test_a_clash_on_the_same_screen_names_the_other_action() -> None:
    assert check_keymap({"gym.new": "e"}, SRC) == [
        'config.toml: [keys] "gym.new" = "e" clashes with gym.edit (Edit) on the gym screen'
    ]
    # Moving the other one away too is fine.
    assert check_keymap({"gym.new": "e", "gym.edit": "ctrl+e"}, SRC) == []


def test_a_clash_with_textuals_own_key_on_that_screen() -> None:
    (line,) = check_keymap({"gym.new": "ctrl+n,tab"}, SRC)
    assert line.startswith('config.toml: [keys] "gym.new" = "ctrl+n,tab": tab clashes with ')
    assert line.endswith("on the gym screen")


def test_the_apps_keys_and_the_tables_clash_with_every_screen() -> None:
    assert check_keymap({"app.logout": "n"}, SRC) == [
        'config.toml: [keys] "app.logout" = "n" clashes with family.new (New event) '
        "on the family screen",
        'config.toml: [keys] "app.logout" = "n" clashes with family_members.new (New) '
        "on the members screen",
        'config.toml: [keys] "app.logout" = "n" clashes with family_reminders.new (New) '
        "on the reminders screen",
        'config.toml: [keys] "app.logout" = "n" clashes with family_time.new (Log time) '
        "on the time logs screen",
        'config.toml: [keys] "app.logout" = "n" clashes with family_week.new (New event) '
        "on the week screen",
        'config.toml: [keys] "app.logout" = "n" clashes with finance.new_account (New) '
        "on the finance screen",
        'config.toml: [keys] "app.logout" = "n" clashes with rates.new (New) on the rates screen',
        'config.toml: [keys] "app.logout" = "n" clashes with finance.new_transaction (New) '
        "on the account register screen",
        'config.toml: [keys] "app.logout" = "n" clashes with schedules.new (New) '
        "on the schedules screen",
        'config.toml: [keys] "app.logout" = "n" clashes with gym.new (New) on the gym screen',
        'config.toml: [keys] "app.logout" = "n" clashes with foods.new (New food) '
        "on the food catalog screen",
    ]
    assert "clashes with gym.edit (Edit) on the gym screen" in "\n".join(
        check_keymap({"table.filter": "e"}, SRC)
    )
    # Two screens are never live together: n is new on the gym screen, no on the
    # confirm dialog, and a key of the audit screen may be n.
    assert check_keymap({"audit.filters": "n"}, SRC) == []


def test_a_dialog_only_meets_the_apps_priority_keys() -> None:
    # Not live on the confirm dialog (its y is yes): only the day screen's y is met.
    assert check_keymap({"app.logout": "y"}, SRC) == [
        'config.toml: [keys] "app.logout" = "y" clashes with nutrition.copy_yesterday '
        "(Copy yesterday) on the day screen"
    ]
    # (in the order the screen modules are found: sorted, so a new area moves nothing)
    clashes = [
        ("form.save (Save)", "form modal"),
        ("register.create (Create account)", "register screen"),
        ("settings.save_profile (Save profile)", "settings screen"),
        ("form.save (Save)", "split form modal"),
        ("finance.import_save_profile (Save)", "import screen"),
    ]
    assert sorted(check_keymap({"app.quit": "ctrl+s"}, SRC)) == sorted(
        f'config.toml: [keys] "app.quit" = "ctrl+s" clashes with {what} on the {where}'
        for what, where in clashes
    )


def test_a_key_that_works_while_typing_may_not_be_a_character() -> None:
    assert check_keymap({"app.quit": "x"}, SRC) == [
        'config.toml: [keys] "app.quit" = "x": app.quit works even while typing in a field, '
        'so "x" could never be typed: give it a key with ctrl or alt'
    ]
    assert check_keymap({"app.quit": "ctrl+x"}, SRC) == []


def test_the_default_layouts_own_overlaps_are_not_reported() -> None:
    # escape clears the table's filter and goes home from the gym screen: on purpose.
    assert check_keymap({"table.clear_filter": "escape,f5"}, SRC) == []


# -- the command line ------------------------------------------------------------------
def test_the_keys_command_lists_every_id_with_keys_and_description(capsys) -> None:
    assert main(["keys"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(catalog())
    assert re.fullmatch(r"gym\.new +n +New", next(x for x in lines if x.startswith("gym.new ")))


def test_the_readme_lists_every_id() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Keys", 1)[1].split("\n## ", 1)[0]
    for action in catalog().values():
        assert f"| `{action.id}` | `{action.keys}` | {action.description} |" in section


def launch(tmp_path: Path, config: str) -> subprocess.CompletedProcess[str]:
    """`dashboard-tui` in a child process, stopped where the app would run: it prints
    whether the catalog and the area screens were imported."""
    cfg = tmp_path / "config.toml"
    cfg.write_text(config, encoding="utf-8")
    outside = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
    env = {k: v for k, v in outside.items() if k != "DATABASE_URL"}
    env |= {
        "DASHBOARD_CONFIG": str(cfg),
        "DASHBOARD_DATA_DIR": str(tmp_path / "data"),
        "DASHBOARD_CONFIG_DIR": str(tmp_path / "config"),
    }
    code = (
        "import sys\n"
        "import dashboard_tui.app as shell\n"
        "def run(app):\n"
        "    print('keymap', 'dashboard_tui.ui.keymap' in sys.modules)\n"
        "    print('gym', 'dashboard_tui.gym.ui.area' in sys.modules)\n"
        "    print('mapped', app._keymap)\n"
        "shell.DashboardApp.run = run\n"
        "from dashboard_tui.cli import main\n"
        "raise SystemExit(main([]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_the_catalog_is_not_imported_before_the_first_paint(tmp_path: Path) -> None:
    """Not without a [keys] table, and not with one either: the app checks it in its
    start-up worker, after the login form is on the screen."""
    done = launch(tmp_path, 'registration = "open"\n')
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["keymap False", "gym False", "mapped {}"]
    done = launch(tmp_path, '[keys]\n"gym.new" = "ctrl+n"\n"app.help" = "f2,?"\n')
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "keymap False",
        "gym False",
        "mapped {'gym.new': 'ctrl+n', 'app.help': 'f2,question_mark'}",
    ]


def test_keys_check_is_exit_2_with_one_line_each(tmp_path: Path, monkeypatch, capsys) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        '[keys]\n"gym.nwe" = "ctrl+n"\n"gym.edit" = "n"\n"app.help" = "ctrl+?"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("DASHBOARD_CONFIG", str(cfg))
    assert main(["keys", "--check"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"dashboard-tui: {cfg}: [keys] \"gym.nwe\" is not an action id (did you mean 'gym.new'?)",
        f'dashboard-tui: {cfg}: [keys] "app.help" = "ctrl+?": not a key name (keys are written '
        "a, A, 5, ctrl+n, f2, question_mark, pageup, escape)",
        f'dashboard-tui: {cfg}: [keys] "gym.edit" = "n" clashes with gym.new (New) '
        "on the gym screen",
    ]
    cfg.write_text('[keys]\n"gym.new" = "ctrl+n"\n', encoding="utf-8")
    assert main(["keys", "--check"]) == 0
    assert capsys.readouterr().out == "[keys]: 1 remapped, no problems\n"


# Screens that close themselves on the app's own quit/help keys, on purpose.
CLOSES_ON_APP_KEYS = {"error.quit", "help.close", "audit_entry.close", "family.ics_summary_close"}


def test_no_screen_hides_an_app_wide_key_by_default() -> None:
    """An app key (ctrl+t for the notifications) must work on every screen; a
    screen's own binding on that key would win there (the finance import's "load
    profile" did). Textual's own bindings (no id: ctrl+c copies in a field) aside."""
    app_keys = [b for b in bindings_of(DashboardApp) if b.binding.id]
    hidden = [
        f"{cls.__name__}: {mine.key} {mine.binding.id} hides {theirs.binding.id}"
        for cls in bound_classes()
        if cls is not DashboardApp
        for mine in bindings_of(cls)
        if mine.binding.id is not None and mine.binding.id not in CLOSES_ON_APP_KEYS
        for theirs in app_keys
        if theirs.key == mine.key and not agree(theirs, mine)
    ]
    assert hidden == []
