"""UI fixtures: an app on a temporary SQLite file, a fixed clock, cheap hashing,
an in-memory token store and a fixed client (so snapshots never show a real host).
tests/conftest.py already isolates env, data dirs and the keyring."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard_tui.account.auth import Login
from dashboard_tui.account.passwords import Passwords
from dashboard_tui.account.token_store import MemoryTokenStore
from dashboard_tui.app import DashboardApp, make_app
from dashboard_tui.config import Settings
from dashboard_tui.context import AppContext, open_context
from tests.conftest import TEST_CLIENT
from tests.support import FakeClock, private_copy
from tests.ui.pilot_helpers import ADA, ADA_EMAIL, PASSWORD


@pytest.fixture
def ui_settings(tmp_path: Path, sqlite_template: Path) -> Settings:
    """A migrated SQLite file of this test's own (a copy: migrating each time is slow)."""
    target = tmp_path / "t.sqlite3"
    private_copy(sqlite_template, target)
    return Settings(database_url=f"sqlite:///{target}")


@pytest.fixture
def empty_settings(tmp_path: Path) -> Settings:
    """A file that does not exist yet: the app creates and migrates it."""
    return Settings(database_url=f"sqlite:///{tmp_path}/new.sqlite3")


@pytest.fixture
def token_store() -> MemoryTokenStore:
    """Shared by every app a test builds: a restart finds the token again."""
    return MemoryTokenStore()


@pytest.fixture
def build_app(
    ui_settings: Settings, passwords: Passwords, clock: FakeClock, token_store: MemoryTokenStore
) -> Callable[..., DashboardApp]:
    def build(settings: Settings | None = None, **overrides: Any) -> DashboardApp:
        kwargs: dict[str, Any] = dict(
            passwords=passwords, clock=clock, token_store=token_store, client=TEST_CLIENT
        )
        kwargs.update(overrides)
        return make_app(settings or ui_settings, **kwargs)

    return build


@pytest.fixture
def backend(ui_settings: Settings, passwords: Passwords, clock: FakeClock) -> Iterator[AppContext]:
    """The same database through the services, to arrange and to check what the UI did."""
    ctx = open_context(
        ui_settings,
        passwords=passwords,
        clock=clock,
        token_store=MemoryTokenStore(),
        client=TEST_CLIENT,
    )
    yield ctx
    ctx.close()


@pytest.fixture
def user(backend: AppContext) -> Login:
    """Ada, the first account (admin), registered through the service."""
    return backend.auth.register(ADA, ADA_EMAIL, PASSWORD, PASSWORD).login


@pytest.fixture
def logged_in(user: Login, token_store: MemoryTokenStore) -> Login:
    """Ada's token is remembered, as after an earlier run: the app opens at home."""
    token_store.set(user.token)
    return user
