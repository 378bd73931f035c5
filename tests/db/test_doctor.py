"""`dashboard-tui doctor`: each check made to fail for real (a 0644 database, a missing
migration, a superuser role, a broken chain, ...), and an all-well run with exit code
0 on each engine, the PostgreSQL one as the app role of `db create-roles`."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail as fail_keyring
from sqlalchemy import text
from sqlalchemy.engine import make_url

from dashboard_tui import doctor, paths
from dashboard_tui.cli import main
from dashboard_tui.db import migrate
from dashboard_tui.db.uow import Database
from tests.conftest import PASSWORD, fresh_url


def run(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(["doctor", *args])
    out, err = capsys.readouterr()
    assert err == ""
    return code, out.splitlines()


def line(lines: list[str], name: str) -> str:
    """The one line of check `name` (exactly one must be there)."""
    found = [ln for ln in lines if ln[2:].startswith(f"{name}: ")]
    assert len(found) == 1, lines
    return found[0]


def sqlite_path(url: str) -> Path:
    return Path(make_url(url).database or "")


@pytest.fixture
def ana(auth, make_user):
    made = make_user("Ana")
    auth.logout(auth.login("ana@example.com", PASSWORD))  # a few audit rows
    return made


@pytest.fixture
def no_keyring():
    keyring.set_keyring(fail_keyring.Keyring())  # conftest restores the test keyring


# -- all well ------------------------------------------------------------------------
@pytest.mark.parametrize("engine_name", ["sqlite"])
def test_all_well_on_sqlite_is_exit_0_and_no_keyring_is_only_information(
    db_url, ana, no_keyring, capsys
):
    code, lines = run(capsys, "--database-url", db_url)
    assert code == 0, lines
    assert line(lines, "config").startswith("✔ config: no file at ")
    assert (
        line(lines, "database file") == f"✔ database file: {sqlite_path(db_url)} is private (0600)"
    )
    assert line(lines, "database").startswith("✔ database: SQLite ")
    assert line(lines, "migrations") == f"✔ migrations: at head ({migrate.HEAD})"
    assert line(lines, "size").startswith("✔ size: ")
    assert "biggest: " in line(lines, "size")
    assert line(lines, "audit") == "✔ audit: 1 chain verified whole (4 rows)"
    keyring_line = line(lines, "keyring")
    assert keyring_line.startswith("! keyring: none here: a login lasts until you quit")
    assert "--remember-insecurely" in keyring_line
    assert lines[-1] == "all well"


def test_all_well_on_postgresql_as_the_app_role(role_db, capsys):
    code, lines = run(capsys, "--database-url", role_db.app_url)
    assert code == 0, lines
    assert line(lines, "role") == (
        f"✔ role: {role_db.setup.app!r}: row-level security holds (no superuser, no BYPASSRLS)"
    )
    assert line(lines, "migrations") == f"✔ migrations: at head ({migrate.HEAD})"
    assert line(lines, "database").startswith("✔ database: PostgreSQL ")
    assert "audit_logs" in line(lines, "size") or "catalog_items" in line(lines, "size")
    # The app role cannot see the audit rows, so it says where they can be verified.
    assert line(lines, "audit").startswith("! audit: not checked: row-level security hides")
    assert "database file" not in "\n".join(lines)  # the server's files are not ours
    assert line(lines, "keyring").startswith("✔ keyring: MemoryKeyring")


# -- each check made to fail ---------------------------------------------------------
def test_superuser_role_fails_on_postgresql(db_url, engine_name, capsys):
    if engine_name == "sqlite":
        code, lines = run(capsys, "--database-url", db_url)
        assert code == 0 and not any(ln[2:].startswith("role:") for ln in lines)
        return
    code, lines = run(capsys, "--database-url", db_url)  # the test URL is `postgres`
    assert code == 1
    role = line(lines, "role")
    assert role.startswith("✘ role: 'postgres' bypasses row-level security (superuser)")
    assert "`dashboard-tui db create-roles --owner OWNER --app APP`" in role
    assert lines[-1] == "1 to fix"


def test_owner_role_bypasses_rls_and_verifies_the_audit(role_db, capsys):
    code, lines = run(capsys, "--database-url", role_db.owner_url)
    assert code == 1
    assert line(lines, "role").startswith(
        f"✘ role: {role_db.setup.owner!r} bypasses row-level security (BYPASSRLS)"
    )
    assert line(lines, "audit").startswith("✔ audit: ")


@pytest.mark.parametrize("engine_name", ["sqlite"])
def test_0644_database_and_its_wal_fail_with_the_chmod_to_run(db_url, capsys):
    path = sqlite_path(db_url)
    path.chmod(0o644)
    code, lines = run(capsys, "--database-url", db_url)
    assert code == 1
    said = line(lines, "database file")
    assert said.startswith(f"✘ database file: the database {path} is open to other users")
    assert f"{path.name} has mode 0644" in said
    assert said.endswith(f"→ chmod 600 {path}")
    # The doctor only reads: the mode it reported is still there.
    assert oct(path.stat().st_mode & 0o777) == "0o644"

    path.chmod(0o600)
    wal = path.with_name(path.name + "-wal")
    wal.touch()
    wal.chmod(0o644)
    code, lines = run(capsys, "--database-url", db_url)
    assert code == 1
    said = line(lines, "database file")
    assert f"{wal.name} has mode 0644" in said and f"→ chmod 600 {wal}" in said


def test_missing_migration_fails(db_url, engine_name, tmp_path, request, capsys):
    db = Database.from_url(db_url)
    try:
        migrate.downgrade(db, "-1")
        behind = migrate.current_revision(db)
    finally:
        db.dispose()
    code, lines = run(capsys, "--database-url", db_url)
    assert code == 1
    assert line(lines, "migrations") == (
        f"✘ migrations: at {behind}, behind the head {migrate.HEAD} → run `dashboard-tui "
        "db upgrade` (on PostgreSQL with the owner's URL)"
    )

    empty = fresh_url(engine_name, tmp_path, request)
    if engine_name == "sqlite":  # a SQLite file that is not there is not made
        code, lines = run(capsys, "--database-url", empty)
        assert code == 0 and line(lines, "database").startswith("! database: no database at")
        assert not sqlite_path(empty).exists()
        paths.create_private_file(sqlite_path(empty))  # an empty file is an empty database
    code, lines = run(capsys, "--database-url", empty)
    assert code == 1
    assert line(lines, "migrations").startswith("✘ migrations: the database is empty")
    assert line(lines, "audit") == "! audit: not checked: no schema yet"


def test_migration_from_a_newer_version_fails(db, db_url, capsys):
    with db.transaction() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    code, lines = run(capsys, "--database-url", db_url)
    assert code == 1
    assert line(lines, "migrations") == (
        "✘ migrations: at '9999_future', made by a newer dashboard-tui → upgrade "
        "dashboard-tui to the version that migrated it or newer"
    )


def test_broken_audit_chain_fails(db, db_url, ana, capsys):
    chain = str(ana.user.id)
    with db.transaction() as s:  # behind the app's back
        s.execute(
            text("UPDATE audit_logs SET entity = 'x' WHERE chain = :c AND seq = 2"), {"c": chain}
        )
    code, lines = run(capsys, "--database-url", db_url)
    assert code == 1
    audit = line(lines, "audit")
    assert audit.startswith(
        f"✘ audit: chain ana@example.com [{chain}] is broken at seq 2: content does not "
        "match its hash (row edited)"
    )
    assert "`dashboard-tui audit verify`" in audit


def test_big_audit_is_sampled_newest_rows_and_head(db, ana):
    chain = str(ana.user.id)
    sampled = doctor.check_audit(db, full_rows=3, sample=2)  # 4 rows > 3: sampled
    assert sampled.status is doctor.Status.OK
    assert sampled.message == (
        "1 chain sampled: the newest 2 rows of each and its head "
        "(2 of 4 rows; above 3 rows the doctor samples)"
    )
    with db.transaction() as s:  # an old row, outside the sample: not seen
        s.execute(
            text("UPDATE audit_logs SET entity = 'x' WHERE chain = :c AND seq = 1"), {"c": chain}
        )
    assert doctor.check_audit(db, full_rows=3, sample=2).status is doctor.Status.OK
    assert doctor.check_audit(db).status is doctor.Status.FAIL  # walked whole: seen
    with db.transaction() as s:  # the newest row: inside the sample
        s.execute(
            text("UPDATE audit_logs SET entity = 'x' WHERE chain = :c AND seq = 4"), {"c": chain}
        )
    broken = doctor.check_audit(db, full_rows=3, sample=2)
    assert broken.status is doctor.Status.FAIL and "at seq 4" in broken.message
    with db.transaction() as s:  # the row the sample starts from
        s.execute(text("DELETE FROM audit_logs WHERE chain = :c AND seq = 2"), {"c": chain})
    gone = doctor.check_audit(db, full_rows=2, sample=2)  # 3 rows left: still sampled
    assert gone.status is doctor.Status.FAIL and "at seq 2: row seq 2 is missing" in gone.message


@pytest.mark.parametrize("engine_name", ["sqlite"])
def test_backups_and_login_file_open_to_others_fail(db_url, capsys):
    backups = paths.data_dir() / "backups"
    paths.make_private_dir(backups)
    made = backups / "dashboard-20260101.sqlite3"
    made.write_bytes(b"x")
    made.chmod(0o644)
    token = paths.insecure_token_file()
    paths.make_private_dir(token.parent)
    login = token.with_name(token.name + "-session-abc")
    login.write_text("secret")
    login.chmod(0o600)
    token.parent.chmod(0o755)
    code, lines = run(capsys, "--database-url", db_url)
    assert code == 1
    assert line(lines, "backups") == (
        f"✘ backups: others may read backups (they hold password hashes): {made.name} has "
        f"mode 0644 → chmod 600 {made}"
    )
    assert line(lines, "login file") == (
        f"✘ login file: others may read the remembered login: {token.parent} has mode 0755 "
        f"→ chmod 700 {token.parent}"
    )
    made.chmod(0o600)
    token.parent.chmod(0o700)
    code, lines = run(capsys, "--database-url", db_url)
    assert code == 0
    assert line(lines, "backups").startswith(f"✔ backups: 1 in {backups}, all private")
    assert line(lines, "login file").startswith(f"✔ login file: 1 in {token.parent}, all private")


def test_unreachable_database_fails_and_the_rest_is_not_tried(capsys):
    code, lines = run(capsys, "--database-url", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert code == 1
    said = line(lines, "database")
    assert said.startswith("✘ database: cannot connect to PostgreSQL nobody@127.0.0.1:1/none")
    assert "start the server or correct the URL" in said
    assert not any(ln[2:].startswith(("migrations", "audit", "size")) for ln in lines)


def test_unusable_database_url_fails(capsys):
    code, lines = run(capsys, "--database-url", "mysql://app@db.example/x")
    assert code == 1
    assert line(lines, "database").startswith("✘ database: unsupported database 'mysql'")
    assert "correct the URL (--database-url, DASHBOARD_DATABASE_URL" in line(lines, "database")


def test_config_problems_fail_and_leave_the_database_alone(capsys, monkeypatch, tmp_path):
    config = paths.config_file()
    config.parent.mkdir(parents=True)
    config.write_text('registration = "sometimes"\nsession_idle_days = 0\n')
    code, lines = run(capsys)
    assert code == 1
    said = line(lines, "config")
    assert said.startswith(f"✘ config: {config}: registration")
    assert "(and 1 more)" in said and f"fix {config}" in said
    assert line(lines, "database") == (
        "! database: not checked until the settings have no problems"
    )
    assert not paths.default_database_path().exists()

    # A database password in a file others may read.
    config.write_text('database_url = "postgresql+psycopg://app:s3cret@127.0.0.1:1/x"\n')
    config.chmod(0o644)
    code, lines = run(capsys)
    assert line(lines, "config") == (
        f"✘ config: {config} holds a database password and others may read it → chmod 600 {config}"
    )
    assert "s3cret" not in "\n".join(lines)


def test_terminal_escapes_in_paths_are_printed_inert(capsys, monkeypatch, tmp_path):
    evil = tmp_path / "evil\x1b[2J\u202econfig.toml"
    monkeypatch.setenv("DASHBOARD_CONFIG", str(evil))
    code, lines = run(capsys)
    assert code == 1
    text_out = "\n".join(lines)
    assert "\x1b" not in text_out and "\u202e" not in text_out
    assert "evil?[2J?config.toml" in line(lines, "config")


@pytest.mark.parametrize("engine_name", ["sqlite"])
def test_size_without_dbstat_falls_back_to_row_counts(db, ana):
    with_pages = doctor.check_size(db)
    assert "biggest: catalog_items " in with_pages.message
    counted = doctor.check_size(db, use_dbstat=False)
    assert counted.status is doctor.Status.OK
    assert "most rows (no dbstat here): " in counted.message
    assert " rows" in counted.message and "catalog_items" in counted.message


def test_keyring_present_or_opted_into_a_file(no_keyring):
    assert doctor.check_keyring(False).status is doctor.Status.INFO
    opted = doctor.check_keyring(True)
    assert opted.status is doctor.Status.INFO and "private file (0600)" in opted.message
    assert opted.fix == ""


def test_a_real_keyring_is_fine():
    found = doctor.check_keyring(False)  # conftest's in-memory backend has a priority
    assert found.status is doctor.Status.OK
    assert found.message == "MemoryKeyring: a login is remembered in the OS keyring"


def test_help_says_what_the_marks_mean(capsys):
    assert main(["doctor", "--help"]) == 0
    out = capsys.readouterr().out
    assert "✔  fine" in out and "✘  needs fixing" in out and "!  worth knowing" in out


@pytest.mark.parametrize("engine_name", ["sqlite"])
def test_full_audit_walks_whole_what_would_be_sampled(db_url, ana, capsys, monkeypatch):
    monkeypatch.setattr(doctor, "AUDIT_FULL_ROWS", 1)
    _, lines = run(capsys, "--database-url", db_url)
    assert line(lines, "audit").startswith("✔ audit: 1 chain sampled: the newest 2000 rows")
    _, lines = run(capsys, "--database-url", db_url, "--full-audit")
    assert line(lines, "audit") == "✔ audit: 1 chain verified whole (4 rows)"


def test_a_check_the_database_refuses_is_one_line_and_the_rest_still_run(
    db, db_url, engine_name, capsys
):
    with db.transaction() as s:  # a schema damaged behind the app's back
        s.execute(text("DROP TABLE audit_heads"))
    code, lines = run(capsys, "--database-url", db_url)
    assert code == 1
    audit = line(lines, "audit")
    assert audit.startswith("✘ audit: could not be checked: ") and "audit_heads" in audit
    assert line(lines, "size").startswith("✔ size: ")  # the checks before it ran
    assert lines[-1] == ("1 to fix" if engine_name == "sqlite" else "2 to fix")  # + superuser


def test_config_key_table_problems_fail_as_the_app_would_find_them(capsys):
    config = paths.config_file()
    config.parent.mkdir(parents=True)
    config.write_text('[keys]\n"no.such_action" = "ctrl+q"\n')
    code, lines = run(capsys)
    assert code == 1
    said = line(lines, "config")
    assert said.startswith(f"✘ config: {config}: [keys] ") and "is not an action id" in said
    assert "`dashboard-tui keys --check` lists key problems" in said
