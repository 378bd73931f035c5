"""Shared fixtures. DB tests run on SQLite and PostgreSQL (DESIGN.md §6).

PostgreSQL comes from DASHBOARD_TEST_DATABASE_URL: this run creates its own
databases there, each dropped right after its test (templates when the session
ends), all named after the run, whose end sweeps any leftover. Without the URL the
PostgreSQL cases are skipped with a visible reason, unless
DASHBOARD_TEST_REQUIRE_POSTGRES=1."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from dashboard_tui.account.auth import AuthService
from dashboard_tui.account.passwords import Passwords, cheap_hasher
from dashboard_tui.account.profile import ProfileService
from dashboard_tui.config import Settings
from dashboard_tui.db import migrate
from dashboard_tui.db.audit_chain import ClientInfo
from dashboard_tui.db.uow import Database
from tests.support import FakeClock, MemoryKeyring, private_copy

PG_ENV = "DASHBOARD_TEST_DATABASE_URL"
REQUIRE_PG = os.environ.get("DASHBOARD_TEST_REQUIRE_POSTGRES") == "1"
ENGINES = ["sqlite", "postgresql"]
TEST_CLIENT = ClientInfo("test-host", "dashboard-tui test")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """Never touch the developer's data, config or keyring."""
    for var in (
        "DASHBOARD_DATABASE_URL",
        "DATABASE_URL",
        "DASHBOARD_CONFIG",
        "DASHBOARD_REGISTRATION",
        "DASHBOARD_REMEMBER_INSECURELY",
        "DASHBOARD_SESSION_IDLE_DAYS",
        "DASHBOARD_SESSION_ABSOLUTE_DAYS",
        "DASHBOARD_API_KEY",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DASHBOARD_CONFIG_DIR", str(tmp_path / "config"))
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


# -- PostgreSQL server -------------------------------------------------------------
# Every name this run makes on the server (databases, roles) starts with
# dashboard_test_<run>_: one <run> for the whole run, shared by its xdist workers
# (handed to them in pytest_configure_node), so the end of the run can sweep what a
# crashed worker left behind without touching another run's databases.
RUN_ID = uuid.uuid4().hex[:8]


def pytest_configure(config: pytest.Config) -> None:
    global RUN_ID
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None and "dashboard_run_id" in workerinput:
        RUN_ID = workerinput["dashboard_run_id"]


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    node.workerinput["dashboard_run_id"] = RUN_ID


def run_prefix() -> str:
    return f"dashboard_test_{RUN_ID}_"


class PgServer:
    """Creates and drops scratch databases on the test server.

    A database made during a test is dropped right after it (see _drop_scratch);
    one made with keep=True (a template, a session's setup) when the session ends."""

    current: PgServer | None = None  # this process's server, for _drop_scratch

    def __init__(self, admin_url: str) -> None:
        self.url = make_url(admin_url).set(drivername="postgresql+psycopg")
        self.engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.scratch: list[str] = []
        self.kept: list[str] = []

    def new_name(self, kind: str = "db") -> str:
        """A database or role name of this run's own (63 characters at most)."""
        return f"{run_prefix()}{self.worker}_{kind}_{uuid.uuid4().hex[:8]}"

    def create(self, template: str | None = None, *, keep: bool = False) -> str:
        name = self.new_name("tpl" if keep else "db")
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        (self.kept if keep else self.scratch).append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, name: str) -> None:
        with self.engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        for names in (self.scratch, self.kept):
            if name in names:
                names.remove(name)

    def drop_scratch(self) -> None:
        while self.scratch:
            self.drop(self.scratch[-1])

    def close(self) -> None:
        self.drop_scratch()
        while self.kept:
            self.drop(self.kept[-1])
        self.engine.dispose()


def sweep(admin_url: str, prefix: str) -> list[str]:
    """Drop every database, then every role, whose name starts with `prefix`; returns
    their names. Roles go after the databases, as a role cannot be dropped while it
    owns one; DROP OWNED BY clears its grants in the admin database."""
    engine = create_engine(
        make_url(admin_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    gone: list[str] = []
    try:
        with engine.connect() as conn:
            find = "SELECT {0} FROM {1} WHERE starts_with({0}, :p) ORDER BY {0}"
            for name in conn.scalars(text(find.format("datname", "pg_database")), {"p": prefix}):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                gone.append(name)
            for role in conn.scalars(text(find.format("rolname", "pg_roles")), {"p": prefix}):
                conn.execute(text(f'DROP OWNED BY "{role}"'))
                conn.execute(text(f'DROP ROLE "{role}"'))
                gone.append(role)
    finally:
        engine.dispose()
    return gone


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer | None]:
    url = os.environ.get(PG_ENV)
    if not url:
        yield None
        return
    server = PgServer(url)
    try:
        with server.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        server.engine.dispose()
        pytest.fail(f"{PG_ENV} is set but the server does not answer: {exc}")
    PgServer.current = server
    yield server
    PgServer.current = None
    server.close()


@pytest.fixture(autouse=True)
def _drop_scratch() -> Iterator[None]:
    """Each test's PostgreSQL databases are dropped as soon as it ends (autouse, so
    set up first and torn down last: after the fixtures that hold connections)."""
    yield
    if PgServer.current is not None:
        PgServer.current.drop_scratch()


_sweep_notes: list[str] = []


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The run's last word on the server (the xdist controller, or a plain run):
    whatever is still named after this run goes, e.g. what a crashed worker left."""
    url = os.environ.get(PG_ENV)
    if not url or hasattr(session.config, "workerinput"):
        return
    try:
        gone = sweep(url, run_prefix())
    except Exception as exc:
        _sweep_notes.append(f"could not sweep this run's PostgreSQL leftovers: {exc}")
        return
    if gone:
        _sweep_notes.append(f"swept {len(gone)} leftovers of this run: {', '.join(gone)}")


PG_SKIP_REASON = f"PostgreSQL cases skipped: set {PG_ENV} to run them"


def pytest_terminal_summary(terminalreporter) -> None:
    """Say it once, at the end, in plain words: a green run without a server did
    not test PostgreSQL."""
    for note in _sweep_notes:
        terminalreporter.write_line(note, yellow=True)
    counts_path = os.environ.get("DASHBOARD_TEST_COUNTS")  # tests/run_suite.py adds parts up
    if counts_path and not hasattr(terminalreporter.config, "workerinput"):
        stats = terminalreporter.stats
        counts = {k: len(stats.get(k, [])) for k in ("passed", "failed", "error", "skipped")}
        Path(counts_path).write_text(json.dumps(counts))
    skipped = [
        r for r in terminalreporter.stats.get("skipped", []) if PG_SKIP_REASON in str(r.longrepr)
    ]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} PostgreSQL cases were skipped: set {PG_ENV} "
            "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres) to run them.",
            yellow=True,
        )


def _need_pg(pg_server: PgServer | None) -> PgServer:
    if pg_server is None:
        reason = PG_SKIP_REASON
        if REQUIRE_PG:
            pytest.fail(f"DASHBOARD_TEST_REQUIRE_POSTGRES=1 but {PG_ENV} is not set")
        pytest.skip(reason)
    return pg_server


# -- migrated templates, copied per test (faster than migrating every time) -------
@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database.from_url(f"sqlite:///{path}")
    migrate.upgrade(db)
    db.dispose()  # the last connection closing checkpoints the WAL into the file
    return path


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer | None) -> str | None:
    if pg_server is None:
        return None
    url = pg_server.create(keep=True)
    db = Database.from_url(url)
    migrate.upgrade(db)
    db.dispose()
    return make_url(url).database


def fresh_url(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty, unmigrated database URL on the given engine."""
    if engine == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    return _need_pg(request.getfixturevalue("pg_server")).create()


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def db_url(engine_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A migrated database of its own for this test, on each engine."""
    if engine_name == "sqlite":
        target = tmp_path / "test.sqlite3"
        private_copy(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    server = _need_pg(request.getfixturevalue("pg_server"))
    return server.create(template=request.getfixturevalue("pg_template"))


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database.from_url(db_url)
    yield database
    database.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def passwords() -> Passwords:
    return Passwords(cheap_hasher())


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(database_url=db_url)


@pytest.fixture
def auth(db: Database, settings: Settings, passwords: Passwords, clock: FakeClock) -> AuthService:
    return AuthService(db, settings, passwords=passwords, clock=clock, client=TEST_CLIENT)


@pytest.fixture
def profiles(db: Database, clock: FakeClock) -> ProfileService:
    return ProfileService(db, clock=clock, client=TEST_CLIENT)


PASSWORD = "correct horse battery"


@pytest.fixture
def make_user(auth: AuthService):
    """Register a user (the first one is the admin) and return their Login."""

    def make(name: str = "Ana", email: str | None = None, password: str = PASSWORD):
        email = email or f"{name.lower()}@example.com"
        return auth.register(name, email, password, password).login

    return make


@pytest.fixture
def run_cli(db: Database, passwords: Passwords, capsys: pytest.CaptureFixture[str]):
    """`dashboard-tui ARGV --database-url <the test database>` in this process:
    (exit code, stdout, stderr); never a traceback."""
    from dashboard_tui.cli import main

    url = db.engine.url.render_as_string(hide_password=False)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--database-url", url], passwords=passwords)
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    return run
