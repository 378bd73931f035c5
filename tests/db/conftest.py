"""PostgreSQL with the two roles of `db create-roles` (row-level security tests).

Once per session (per xdist worker): owner and app roles named after the run and the
worker, a database set up by the CLI's `db create-roles` and migrated as the owner.
Each test gets a copy of it, dropped after the test. At the end the database goes,
then both roles (nothing is left on the server; the run's sweep catches the rest)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from dashboard_tui.account.auth import AuthService
from dashboard_tui.account.profile import ProfileService
from dashboard_tui.cli import main
from dashboard_tui.config import Settings
from dashboard_tui.db import migrate
from dashboard_tui.db.uow import Database
from tests.conftest import TEST_CLIENT, PgServer, _need_pg


def drop_roles(server: PgServer, *roles: str) -> None:
    """DROP OWNED BY clears what is left in the admin database (each app database
    is dropped before); then the roles themselves."""
    with server.engine.connect() as conn:
        for role in roles:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
                conn.execute(text(f'DROP OWNED BY "{role}"'))
                conn.execute(text(f'DROP ROLE "{role}"'))


@dataclass(frozen=True)
class RoleSetup:
    server: PgServer
    template: str  # database name, migrated as the owner
    owner: str
    app: str


@pytest.fixture(scope="session")
def role_setup(pg_server: PgServer | None) -> Iterator[RoleSetup]:
    server = _need_pg(pg_server)
    owner, app = server.new_name("owner"), server.new_name("app")
    url = server.create(keep=True)
    name = make_url(url).database
    try:
        args = ["db", "create-roles", "--owner", owner, "--app", app, "--database-url", url]
        assert main(args) == 0
        as_owner = Database.from_url(make_url(url).set(username=owner).render_as_string(False))
        migrate.upgrade(as_owner)
        as_owner.dispose()
        yield RoleSetup(server, name, owner, app)
    finally:
        server.drop(name)
        drop_roles(server, owner, app)


@dataclass
class RoleDb:
    """One test's database: the same data seen as superuser, owner and app role."""

    name: str
    superuser_url: str
    owner_url: str
    app_url: str
    superuser: Database
    owner: Database
    app: Database
    setup: RoleSetup

    def auth(self, passwords, clock, **settings) -> AuthService:
        return AuthService(
            self.app,
            Settings(database_url=self.app_url, **settings),
            passwords=passwords,
            clock=clock,
            client=TEST_CLIENT,
        )

    def profiles(self, clock) -> ProfileService:
        return ProfileService(self.app, clock=clock, client=TEST_CLIENT)


@pytest.fixture
def role_db(role_setup: RoleSetup) -> Iterator[RoleDb]:
    su_url = role_setup.server.create(template=role_setup.template)  # dropped after the test
    url = make_url(su_url)
    owner_url = url.set(username=role_setup.owner).render_as_string(False)
    app_url = url.set(username=role_setup.app).render_as_string(False)
    dbs = [Database.from_url(u) for u in (su_url, owner_url, app_url)]
    try:
        yield RoleDb(url.database, su_url, owner_url, app_url, *dbs, role_setup)
    finally:
        for db in dbs:
            db.dispose()
