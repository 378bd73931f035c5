"""Shared fixtures. DB tests run on SQLite and PostgreSQL (DESIGN.md §6).

PostgreSQL comes from DASHBOARD_TEST_DATABASE_URL: this run creates its own
databases there and drops them at the end. Without the URL the PostgreSQL cases are
skipped with a visible reason, unless DASHBOARD_TEST_REQUIRE_POSTGRES=1."""

from __future__ import annotations

import os
import shutil
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
from tests.support import FakeClock, MemoryKeyring

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
class PgServer:
    """Creates and drops scratch databases on the test server."""

    def __init__(self, admin_url: str) -> None:
        self.url = make_url(admin_url).set(drivername="postgresql+psycopg")
        self.engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def create(self, template: str | None = None) -> str:
        name = f"dashboard_test_{uuid.uuid4().hex[:12]}"
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        self.created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, name: str) -> None:
        with self.engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        for name in self.created:
            self.drop(name)
        self.engine.dispose()


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
    yield server
    server.close()


PG_SKIP_REASON = f"PostgreSQL cases skipped: set {PG_ENV} to run them"


def pytest_terminal_summary(terminalreporter) -> None:
    """Say it once, at the end, in plain words: a green run without a server did
    not test PostgreSQL."""
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
    url = pg_server.create()
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
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
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
