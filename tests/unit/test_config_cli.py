"""Bad settings on the command line: exit 2, one stderr line per problem naming the
source and the key, and no terminal UI started (the lines stay in the scrollback,
where they can be read while the file is fixed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard_tui.cli import main
from tests.ui.pilot_helpers import pilot_test, settle

ROOT = Path(__file__).resolve().parents[2]
BAD = (
    'remember_insecurely = "false"\n'
    'registation = "closed"\n'
    "session_idle_days = -5\n"
    'session_absolute_days = "thirty"\n'
)


def expected_lines(path: Path) -> list[str]:
    return [
        f"dashboard-tui: {path}: remember_insecurely must be true or false (a TOML boolean, "
        "without quotes), not the string 'false'",
        f"dashboard-tui: {path}: unknown key 'registation' (did you mean 'registration'?)",
        f"dashboard-tui: {path}: session_idle_days must be between 1 and 3650 days, not -5",
        f"dashboard-tui: {path}: session_absolute_days must be a whole number of days "
        "(without quotes), not the string 'thirty'",
    ]


@pytest.mark.parametrize("argv", [["db", "status"], ["user", "list"], ["backup"]])
def test_a_bad_config_file_is_exit_2_with_one_line_per_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, argv: list[str]
) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(BAD, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(cfg))
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == expected_lines(cfg)
    assert captured.out == ""
    assert not (tmp_path / "data").exists()  # no database was created or touched


def test_problems_in_file_and_environment_are_reported_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("session_idle_days = 0\n", encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(cfg))
    monkeypatch.setenv("DASHBOARD_REMEMBER_INSECURELY", "yes")
    assert main(["db", "status", "--database-url", "sqlite:///x.db"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"dashboard-tui: {cfg}: session_idle_days must be between 1 and 3650 days, not 0",
        "dashboard-tui: DASHBOARD_REMEMBER_INSECURELY: remember_insecurely must be 1, 0, "
        "true or false, not 'yes'",
    ]


def test_launching_the_app_with_a_bad_config_prints_the_lines_and_exits_2(
    tmp_path: Path,
) -> None:
    """`dashboard-tui` itself (no subcommand): the problems go to stderr before the
    terminal UI would start; Textual is never imported, nothing waits for a key."""
    cfg = tmp_path / "config.toml"
    cfg.write_text(BAD, encoding="utf-8")
    outside = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
    env = {k: v for k, v in outside.items() if k != "DATABASE_URL"}
    env |= {
        "DASHBOARD_CONFIG": str(cfg),
        "DASHBOARD_DATA_DIR": str(tmp_path / "data"),
        "DASHBOARD_CONFIG_DIR": str(tmp_path / "config"),
    }
    code = (
        "import sys\n"
        "from dashboard_tui.cli import main\n"
        "code = main([])\n"
        "print('textual imported:', 'textual' in sys.modules)\n"
        "raise SystemExit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == expected_lines(cfg)
    assert done.stdout.strip() == "textual imported: False"
    assert not (tmp_path / "data").exists()


@pilot_test
async def test_the_terminal_ui_shows_every_settings_problem_and_quits_with_2(
    tmp_path: Path,
) -> None:
    """In a terminal, `dashboard-tui` shows the problems on its error screen first
    (cli.cmd_launch); q quits with exit code 2."""
    from dashboard_tui.app import SettingsErrorApp
    from dashboard_tui.config import ConfigError, load_settings

    cfg = tmp_path / "config.toml"
    cfg.write_text(BAD, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(env={}, config_path=cfg)
    app = SettingsErrorApp(caught.value)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: bool(app.screen.query("#error-message")))
        shown = str(app.screen.query_one("#error-message").render())
        for problem in caught.value.problems:
            assert problem in shown
        assert len(caught.value.problems) >= 2  # all of them, not the first
        await pilot.press("q")
    assert app.return_code == 2
