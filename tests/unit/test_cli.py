"""The command line without a database server: arguments, settings, error lines,
start-up cost. Commands against real databases are in tests/db/test_cli_db.py."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

from dashboard_tui import cli
from dashboard_tui.cli import main

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/x"


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("dashboard-tui: ")
    return lines[0]


def test_importing_the_cli_loads_nothing_heavy() -> None:
    """`dashboard-tui --help` must be instant: no SQLAlchemy, Alembic, Textual, argon2."""
    code = (
        "import sys, dashboard_tui.cli\n"
        "heavy = {'sqlalchemy', 'alembic', 'textual', 'argon2', 'keyring', 'psycopg'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_help_and_usage_errors_return_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "db" in capsys.readouterr().out
    assert main(["user", "frobnicate"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main(["db"]) == 2


def test_unreachable_server_is_one_line_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "status", "--database-url", UNREACHABLE]) == 1
    line = one_error_line(capsys)
    assert "cannot connect to PostgreSQL nobody@127.0.0.1:1/x" in line


def test_unreachable_server_for_a_user_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", UNREACHABLE, "user", "list"]) == 1
    assert "cannot connect" in one_error_line(capsys)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs a folder nobody can write in")
def test_uncreatable_sqlite_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade", "--database-url", "sqlite:////proc/nope/x.sqlite3"]) == 1
    assert "/proc/nope" in one_error_line(capsys)


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url at all"])
def test_unusable_url_is_a_usage_error(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade", "--database-url", url]) == 2
    assert "database" in one_error_line(capsys)


def test_bad_setting_in_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DASHBOARD_REGISTRATION", "sometimes")
    assert main(["db", "status"]) == 2
    assert "DASHBOARD_REGISTRATION" in one_error_line(capsys)


def test_bad_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    config = tmp_path / "config.toml"
    config.write_text("registration = [unclosed\n")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(config))
    assert main(["user", "list"]) == 2
    assert "not valid TOML" in one_error_line(capsys)


def test_malformed_email_is_refused_before_any_database_work(tmp_path: Path, capsys) -> None:
    target = tmp_path / "never" / "x.sqlite3"
    argv = [
        "user",
        "add",
        "--email",
        "ana-at-example",
        "--name",
        "Ana",
        "--database-url",
        f"sqlite:///{target}",
    ]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "dashboard-tui: email: That does not look like an email address" in err
    assert "Traceback" not in err
    assert not target.parent.exists()  # nothing was created


def test_downgrade_needs_yes_and_touches_nothing(tmp_path: Path, capsys) -> None:
    target = tmp_path / "x.sqlite3"
    assert main(["db", "downgrade", "base", "--database-url", f"sqlite:///{target}"]) == 2
    assert "--yes" in one_error_line(capsys)
    assert not target.exists()


def test_status_of_a_missing_sqlite_file_does_not_create_it(tmp_path: Path, capsys) -> None:
    target = tmp_path / "typo" / "x.sqlite3"
    assert main(["db", "status", "--database-url", f"sqlite:///{target}"]) == 0
    assert "no file yet" in capsys.readouterr().out
    assert not target.parent.exists()


# -- launching the TUI (the app module is replaced by a recorder) -------------------
class FakeApp:
    def __init__(self, settings, behaviour=None) -> None:
        self.settings, self.behaviour, self.return_code = settings, behaviour, None
        self.keymap_problems: list[str] = []

    def run(self) -> None:
        if self.behaviour:
            raise self.behaviour
        self.return_code = 0


class FakeUI:
    """Stands in for dashboard_tui.app: records what the CLI builds the app with."""

    def __init__(self) -> None:
        self.made: list[FakeApp] = []
        self.behaviour: BaseException | None = None

    def make_app(self, settings):
        self.made.append(FakeApp(settings, self.behaviour))
        return self.made[-1]


@pytest.fixture
def fake_ui(monkeypatch: pytest.MonkeyPatch) -> FakeUI:
    ui = FakeUI()
    module = types.ModuleType("dashboard_tui.app")
    module.make_app = ui.make_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dashboard_tui.app", module)
    return ui


def test_launch_passes_settings_with_overrides(fake_ui, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_REGISTRATION", "approval")
    assert main(["--database-url", "sqlite:///elsewhere.db", "--remember-insecurely"]) == 0
    (app,) = fake_ui.made
    assert app.settings.database_url == "sqlite:///elsewhere.db"
    assert app.settings.remember_insecurely is True
    assert app.settings.registration.value == "approval"  # the rest still comes from settings


def test_launch_without_overrides_uses_environment(fake_ui, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://me@db/app")
    assert main([]) == 0
    assert fake_ui.made[0].settings.database_url == "postgresql+psycopg://me@db/app"
    assert fake_ui.made[0].settings.remember_insecurely is False


def test_ctrl_c_exits_130_quietly(fake_ui, capsys: pytest.CaptureFixture[str]) -> None:
    fake_ui.behaviour = KeyboardInterrupt()
    assert main([]) == 130
    assert "Traceback" not in capsys.readouterr().err


def test_unexpected_error_is_one_line(fake_ui, capsys, monkeypatch) -> None:
    fake_ui.behaviour = RuntimeError("boom")
    assert main([]) == 1
    assert "unexpected error: RuntimeError: boom" in one_error_line(capsys)
    monkeypatch.setenv("DASHBOARD_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main([])


def test_explain_leaves_control_characters_out(capsys: pytest.CaptureFixture[str]) -> None:
    from dashboard_tui.kit.errors import NotFound

    lines, code = cli.explain(NotFound("No user \x1b[31mred"))
    assert code == 1
    assert "\x1b" not in cli._safe(lines[0])
