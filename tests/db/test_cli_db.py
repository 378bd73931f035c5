"""The command line against real databases, on SQLite and PostgreSQL. Each test runs
`main([...])` in-process and checks the effect through the services, not only the text."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select, text

from dashboard_tui.account.auth import AuthService
from dashboard_tui.account.passwords import Passwords
from dashboard_tui.cli import main
from dashboard_tui.config import RegistrationMode
from dashboard_tui.db import migrate
from dashboard_tui.db.uow import Database, SessionEnded
from dashboard_tui.kit.errors import AuthError, PermissionDenied
from dashboard_tui.models.shared import AuditLog
from tests.conftest import PASSWORD, TEST_CLIENT, fresh_url

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def run(db_url: str, passwords: Passwords, monkeypatch: pytest.MonkeyPatch, capsys):
    """run(*argv, stdin=...) -> (exit code, stdout, stderr) on this test's database."""

    def call(*argv: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main([*argv, "--database-url", db_url], passwords=passwords)
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    return call


@pytest.fixture
def add(run) -> Callable[..., tuple[int, str, str]]:
    def call(email: str, name: str = "Someone", *flags: str, password: str = PASSWORD):
        return run(
            "user",
            "add",
            "--email",
            email,
            "--name",
            name,
            "--password-stdin",
            *flags,
            stdin=password + "\n",
        )

    return call


def audit_rows(db: Database, action: str) -> list[AuditLog]:
    with db.transaction(read_only=True) as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)))


def with_mode(auth: AuthService, mode: RegistrationMode) -> AuthService:
    return AuthService(
        auth.db,
        replace(auth.settings, registration=mode),
        passwords=auth.passwords,
        clock=auth.clock,
        client=TEST_CLIENT,
    )


# -- db ----------------------------------------------------------------------------
def test_status_and_upgrade_on_a_fresh_database(
    engine_name: str, tmp_path: Path, request: pytest.FixtureRequest, passwords, capsys
) -> None:
    url = fresh_url(engine_name, tmp_path, request)
    assert main(["db", "status", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "revision: none" in out and "needs upgrade" in out
    assert f"head:     {migrate.HEAD}" in out

    assert main(["db", "upgrade", "--database-url", url]) == 0
    assert f"(empty) -> {migrate.HEAD}" in capsys.readouterr().out
    db = Database.from_url(url)
    try:
        assert migrate.current_revision(db) == migrate.HEAD
        if db.is_sqlite:
            superuser = False
        else:
            with db.engine.connect() as conn:
                superuser = conn.execute(
                    text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                ).scalar()
    finally:
        db.dispose()

    assert main(["db", "status", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "status:   up to date" in out
    assert ("a PostgreSQL superuser" in out) == bool(superuser)
    assert main(["db", "upgrade", "--database-url", url]) == 0
    assert "already at" in capsys.readouterr().out


def test_downgrade_to_base_and_back(run, db: Database) -> None:
    code, out, _ = run("db", "downgrade", "base", "--yes")
    assert code == 0 and "-> (base)" in out
    assert migrate.current_revision(db) is None
    code, out, _ = run("db", "status")
    assert "needs upgrade" in out
    assert run("db", "upgrade")[0] == 0
    assert migrate.current_revision(db) == migrate.HEAD


def test_unknown_downgrade_target(run, db: Database) -> None:
    code, _, err = run("db", "downgrade", "nope", "--yes")
    assert code == 2 and "unknown revision 'nope'" in err
    assert migrate.current_revision(db) == migrate.HEAD


def test_schema_from_a_newer_app_is_named_as_such(run, db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999_future'"))
    code, _, err = run("user", "list")
    assert code == 1
    assert err.strip() == (
        "dashboard-tui: the database was migrated by a newer dashboard-tui (revision "
        "'0999_future' is unknown to this version): upgrade dashboard-tui"
    )
    code, _, err = run("db", "upgrade")
    assert code == 1 and "newer dashboard-tui" in err
    code, out, _ = run("db", "status")
    assert code == 1 and "newer dashboard-tui" in out
    assert migrate.current_revision(db) == "0999_future"  # nothing was touched


# -- user add ------------------------------------------------------------------------
def test_first_user_added_is_an_admin_without_a_session(add, auth: AuthService, db) -> None:
    code, out, _ = add("Ana@Example.com", "Ana")
    assert code == 0 and "admin" in out
    login = auth.login("ana@example.com", PASSWORD)
    assert (login.user.role, login.user.status) == ("admin", "active")
    # The CLI logged nobody in: the only session is the one just opened.
    assert [s.current for s in auth.list_sessions(login)] == [True]
    (row,) = audit_rows(db, "user.register")
    assert "(cli;" in row.client and row.host


def test_later_users_are_members_unless_admin(add, auth: AuthService, db) -> None:
    add("ana@example.com", "Ana")
    assert add("ben@example.com", "Ben")[0] == 0
    assert add("cy@example.com", "Cy", "--admin")[0] == 0
    admin = auth.local_admin()
    roles = {u.email: u.role for u in auth.list_users(admin)}
    assert roles == {
        "ana@example.com": "admin",
        "ben@example.com": "member",
        "cy@example.com": "admin",
    }
    ana = auth.login("ana@example.com", PASSWORD).user
    ben_row = [r for r in audit_rows(db, "user.register") if r.after["email"] == "ben@example.com"]
    assert ben_row[0].actor_id == ana.id  # the CLI acted as the first admin


def test_user_add_prompts_twice(run, auth: AuthService, monkeypatch) -> None:
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, _ = run("user", "add", "--email", "ana@example.com", "--name", "Ana")
    assert code == 0
    assert auth.login("ana@example.com", PASSWORD).user.role == "admin"


def test_mismatched_confirmation_creates_nothing(run, auth: AuthService, monkeypatch) -> None:
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, err = run("user", "add", "--email", "ana@example.com", "--name", "Ana")
    assert code == 2
    assert err.strip() == "dashboard-tui: password_confirm: The two passwords do not match."
    assert not auth.has_users()


def test_ctrl_c_at_the_prompt(run, auth: AuthService, monkeypatch) -> None:
    def interrupted(prompt: str = "") -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("getpass.getpass", interrupted)
    code, out, err = run("user", "add", "--email", "ana@example.com", "--name", "Ana")
    assert code == 130 and err.strip() == ""
    assert not auth.has_users()


def test_malformed_email_and_short_password(add, run, auth: AuthService) -> None:
    code, _, err = add("not-an-email", "Ana")
    assert code == 2 and err.startswith("dashboard-tui: email: ")
    code, _, err = add("ana@example.com", "Ana", password="short")
    assert code == 2 and "dashboard-tui: password: Use at least" in err
    assert not auth.has_users()


def test_duplicate_email(add, auth: AuthService) -> None:
    add("ana@example.com", "Ana")
    code, _, err = add("ANA@example.com", "Other")
    assert code == 2 and "email: An account with this email already exists." in err
    assert len(auth.list_users(auth.local_admin())) == 1


def test_closed_registration_still_allows_user_add(add, auth: AuthService, monkeypatch) -> None:
    monkeypatch.setenv("DASHBOARD_REGISTRATION", "closed")
    assert add("ana@example.com", "Ana")[0] == 0
    assert add("ben@example.com", "Ben")[0] == 0
    assert auth.login("ben@example.com", PASSWORD).user.status == "active"
    with pytest.raises(PermissionDenied):  # self-registration is still closed
        with_mode(auth, RegistrationMode.CLOSED).register("Cy", "cy@x.org", PASSWORD, PASSWORD)


# -- user admin --------------------------------------------------------------------
def test_user_commands_need_an_admin_first(run) -> None:
    code, _, err = run("user", "list")
    assert code == 1 and "no admin in this database yet" in err


def test_list(add, run) -> None:
    add("ana@example.com", "Ana [b]x[/b]")
    add("ben@example.com", "Ben")
    code, out, _ = run("user", "list")
    lines = out.strip().splitlines()
    assert code == 0 and lines[0].split() == ["EMAIL", "NAME", "ROLE", "STATUS"]
    assert "Ana [b]x[/b]" in lines[1] and lines[2].split()[-2:] == ["member", "active"]


def test_approve_disable_enable(add, run, auth: AuthService, db) -> None:
    add("ana@example.com", "Ana")
    approval = with_mode(auth, RegistrationMode.APPROVAL)
    approval.register("Ben", "ben@example.com", PASSWORD, PASSWORD)
    with pytest.raises(AuthError, match="approval"):
        auth.login("ben@example.com", PASSWORD)

    code, out, _ = run("user", "approve", "ben@example.com")
    assert code == 0 and "ben@example.com is now active" in out
    ben = auth.login("ben@example.com", PASSWORD)
    code, _, err = run("user", "approve", "ben@example.com")
    assert code == 2 and "not pending" in err

    code, out, _ = run("user", "disable", "BEN@example.com")
    assert code == 0 and "disabled" in out
    with pytest.raises(AuthError, match="disabled"):
        auth.login("ben@example.com", PASSWORD)
    with pytest.raises(SessionEnded):  # their sessions were ended
        auth.list_sessions(ben)

    assert run("user", "enable", "ben@example.com")[0] == 0
    assert auth.login("ben@example.com", PASSWORD).user.status == "active"
    ana = auth.local_admin()
    assert {r.actor_id for r in audit_rows(db, "user.disabled")} == {ana.user_id}


def test_unknown_email(add, run) -> None:
    add("ana@example.com", "Ana")
    code, _, err = run("user", "disable", "nobody@example.com")
    assert code == 1 and err.strip() == "dashboard-tui: No user with email nobody@example.com."


def test_reset_token_then_reset_password_then_login(add, run, auth: AuthService, db) -> None:
    add("ana@example.com", "Ana")
    add("ben@example.com", "Ben")
    old = auth.login("ben@example.com", PASSWORD)

    code, out, _ = run("user", "reset-token", "ben@example.com")
    assert code == 0 and "valid until" in out
    token = out.splitlines()[1]
    assert len(token) >= 43  # 256 bits, URL-safe base64
    issued = audit_rows(db, "user.reset_token_issued")
    assert len(issued) == 1 and token not in str((issued[0].before, issued[0].after))

    code, out, _ = run(
        "user", "reset-password", "--password-stdin", stdin=f"{token}\n{NEW_PASSWORD}\n"
    )
    assert code == 0 and "ben@example.com" in out
    assert auth.login("ben@example.com", NEW_PASSWORD).user.email == "ben@example.com"
    with pytest.raises(AuthError):
        auth.login("ben@example.com", PASSWORD)
    assert auth.resume(old.token) is None  # every earlier session ended

    code, _, err = run("user", "reset-password", "--password-stdin", stdin=f"{token}\n{PASSWORD}\n")
    assert code == 2 and "token: This reset token is unknown, used or expired." in err
    assert auth.login("ben@example.com", NEW_PASSWORD)  # one-time: unchanged


def test_reset_password_by_prompts(add, run, auth: AuthService, monkeypatch) -> None:
    add("ana@example.com", "Ana")
    token = run("user", "reset-token", "ana@example.com")[1].splitlines()[1]
    answers = iter([token, NEW_PASSWORD, NEW_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert run("user", "reset-password")[0] == 0
    assert auth.login("ana@example.com", NEW_PASSWORD)
