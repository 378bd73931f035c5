"""Start-up: fast imports, a safe database label, error screens without tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dashboard_tui.app import database_hint, make_app
from dashboard_tui.config import Settings
from dashboard_tui.widgets.text import clean, literal
from tests.ui.pilot_helpers import SIZE, pilot_test, screen_text, settle, wait_until

HEAVY = ("sqlalchemy", "alembic", "keyring", "argon2", "psycopg", "dashboard_tui.context")
ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_app_loads_no_database_stack():
    code = (
        f"import sys, dashboard_tui.app\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == ""


def test_charts_load_plotext_only_when_one_is_drawn():
    code = (
        "import sys, dashboard_tui.app, dashboard_tui.gym.ui.progress\n"
        "print(','.join(m for m in ('plotext', 'textual_plotext') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == ""


def test_the_start_up_label_never_shows_a_password():
    assert database_hint("postgresql+psycopg://ann:s3cret@db.example:5433/dash") == (
        "PostgreSQL ann@db.example:5433/dash"
    )
    assert database_hint("sqlite:////var/lib/d.sqlite3") == "SQLite /var/lib/d.sqlite3"
    assert database_hint("postgresql://h:notaport/x") == "the database"


def test_control_and_bidi_characters_never_reach_the_terminal():
    shown = clean("a\x1b[31mred\x07\u202eevil\x00")
    assert "\x1b" not in shown and "\u202e" not in shown and "\x00" not in shown
    assert shown.startswith("a\N{REPLACEMENT CHARACTER}[31mred")
    assert literal("[b]x[/b]").plain == "[b]x[/b]"


async def show_startup_error(app) -> str:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: type(app.screen).__name__ == "StartupErrorScreen")
        text = " ".join(screen_text(pilot).split())
        await pilot.press("q")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 2
    assert "The database could not be opened." in text
    assert "Traceback" not in text
    return text


@pilot_test
async def test_an_unreachable_server_shows_why_and_q_quits():
    app = make_app(Settings(database_url="postgresql+psycopg://ann@127.0.0.1:1/[b]dash[/b]"))
    text = await show_startup_error(app)
    assert "cannot connect to PostgreSQL ann@127.0.0.1:1/[b]dash[/b]" in text


@pilot_test
async def test_an_unexpected_start_up_failure_is_named_not_dumped(tmp_path):
    (tmp_path / "in-the-way").write_text("a file where a folder should be")
    app = make_app(Settings(database_url=f"sqlite:///{tmp_path}/in-the-way/d.sqlite3"))
    text = await show_startup_error(app)
    assert "Error: [Errno" in text  # FileExistsError / NotADirectoryError, by name


@pilot_test
async def test_a_bad_database_url_is_shown_literally(tmp_path):
    app = make_app(Settings(database_url="nosuch[b]db[/b]://x"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: type(app.screen).__name__ == "StartupErrorScreen")
        assert "nosuch[b]db[/b]" in screen_text(pilot)


@pilot_test
async def test_a_database_open_to_other_users_is_said_at_start_up(build_app, ui_settings):
    """A database the person put somewhere with a loose mode is theirs to change: the
    app leaves it, and says so once, in a warning that stays a while."""
    target = Path(ui_settings.database_url.removeprefix("sqlite:///"))
    target.chmod(0o644)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: bool(app._notifications))
        (note,) = [n for n in app._notifications if "open to other users" in n.message]
        assert note.severity == "warning"
        assert note.message.startswith(f"The database {target} is open to other users")
        assert f"chmod 600 {target}" in note.message
    assert target.stat().st_mode & 0o777 == 0o644
