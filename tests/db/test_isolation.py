"""The two-user matrix: for every method of every user-scoped repository, user B can
neither read, change nor delete user A's rows, on both engines.

Table-driven: each area adds its repository methods as rows of CASES (and, if it
needs one, a seed for A's row). A test fails when a public repository method has no
row, so nothing new slips through untested."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest

import dashboard_tui.repositories as repo_pkg
from dashboard_tui.models.auth import LoginSession
from dashboard_tui.models.shared import Profile
from dashboard_tui.repositories.auth import LoginSessionRepository
from dashboard_tui.repositories.base import UserScopedRepository
from dashboard_tui.repositories.profile import ProfileRepository
from tests.support import FIXED_NOW

FAR_FUTURE = FIXED_NOW + timedelta(days=10_000)

# What A owns that a case targets: model, and how to find A's row id.
SEEDS: dict[str, tuple[type, Callable]] = {
    "session": (LoginSession, lambda s, a: a.session_id),
    "profile": (Profile, lambda s, a: ProfileRepository(s, a.scope).get().id),
}


@dataclass(frozen=True)
class Case:
    method: str  # "RepositoryClass.method", checked against the real classes
    repo: type[UserScopedRepository]
    seed: str
    # B's attempt on A's row: (B's repository, A's row as a stray object, A's row id)
    attempt: Callable[[UserScopedRepository, object, uuid.UUID], object]
    refused: type[Exception] | None = None  # the attempt must raise this


def _ids(rows) -> set:  # noqa: ANN001
    return {r.id for r in rows}


CASES = [
    Case(
        "LoginSessionRepository.list",
        LoginSessionRepository,
        "session",
        lambda r, row, rid: rid in _ids(r.list()) and "LEAK",
    ),
    Case(
        "LoginSessionRepository.get",
        LoginSessionRepository,
        "session",
        lambda r, row, rid: r.get(rid) and "LEAK",
    ),
    Case(
        "LoginSessionRepository.delete",
        LoginSessionRepository,
        "session",
        lambda r, row, rid: r.delete(row),
        refused=LookupError,
    ),
    Case(
        "LoginSessionRepository.delete_others",
        LoginSessionRepository,
        "session",
        lambda r, row, rid: r.delete_others(None),
    ),
    Case(
        "LoginSessionRepository.delete_expired",
        LoginSessionRepository,
        "session",
        lambda r, row, rid: r.delete_expired(FAR_FUTURE, FAR_FUTURE),
    ),
    Case(
        "ProfileRepository.get",
        ProfileRepository,
        "profile",
        lambda r, row, rid: r.get().id == rid and "LEAK",
    ),
    Case(
        "ProfileRepository.get_or_create",
        ProfileRepository,
        "profile",
        lambda r, row, rid: r.get_or_create().id == rid and "LEAK",
    ),
]


def scoped_repository_methods() -> set[str]:
    found = set()
    for info in pkgutil.iter_modules(repo_pkg.__path__):
        module = importlib.import_module(f"{repo_pkg.__name__}.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, UserScopedRepository) and cls is not UserScopedRepository:
                for name, fn in inspect.getmembers(cls, inspect.isfunction):
                    if not name.startswith("_") and fn.__qualname__.startswith(cls.__name__):
                        found.add(f"{cls.__name__}.{name}")
    return found


def test_every_repository_method_is_in_the_matrix():
    missing = scoped_repository_methods() - {c.method for c in CASES}
    assert not missing, f"add two-user cases for: {sorted(missing)}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.method)
def test_user_b_cannot_reach_user_a_rows(case, db, make_user):
    a, b = make_user("Ana"), make_user("Ben")
    model, find = SEEDS[case.seed]
    with db.transaction(read_only=True) as s:
        target = find(s, a)
        before = {c.key: getattr(s.get(model, target), c.key) for c in model.__table__.columns}

    with db.transaction(user_id=b.user.id) as s:
        stray = s.get(model, target)  # as if a bug handed B's code A's row
        repo = case.repo(s, b.scope)
        if case.refused:
            with pytest.raises(case.refused):
                case.attempt(repo, stray, target)
        else:
            assert case.attempt(repo, stray, target) != "LEAK"

    with db.transaction(read_only=True) as s:
        row = s.get(model, target)
        assert row is not None, "B deleted A's row"
        assert {c.key: getattr(row, c.key) for c in model.__table__.columns} == before
