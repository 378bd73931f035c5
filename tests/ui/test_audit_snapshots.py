"""Snapshots of the audit history: the list, an entry's detail and the help for the
screen. Deterministic: the fixed clock, TEST_CLIENT, fixed entity ids and times, and
a relative database path (test_snapshots.ui_settings). The rows with random ids (the
account's registration and first login) are the oldest, below the visible ones.

Update with `pytest tests/ui/test_audit_snapshots.py --snapshot-update` and look."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from textual.pilot import Pilot

from dashboard_tui.db import audit_chain
from tests.conftest import TEST_CLIENT
from tests.support import FIXED_NOW
from tests.ui.pilot_helpers import both_sizes, settle
from tests.ui.test_snapshots import showing, ui_settings  # noqa: F401 - the fixture

WORKOUT = uuid.UUID("00000000-0000-4000-8000-00000000beef")
EDIT_BEFORE = {
    "name": "Push day",
    "notes": "[b]heavy[/b] bench",
    "duration_s": 3600,
    "rpe": 8,
}
EDIT_AFTER = {
    "name": "Push day A",
    "notes": "[b]heavy[/b] bench",
    "duration_s": 4200,
    "tags": ["chest", "triceps"],
}


@pytest.fixture
def seeded(logged_in, backend):
    """40 entries after the account's own two, one a minute, the newest an edit."""
    actions = ["gym.set.added", "settings.changed", "gym.workout.created", "auth.login"]
    with backend.db.transaction(user_id=logged_in.user.id) as s:
        for i in range(40):
            action = actions[i % len(actions)]
            audit_chain.record(
                s,
                action=action,
                at=FIXED_NOW + timedelta(minutes=i + 1),
                client=TEST_CLIENT,
                user_id=logged_in.user.id,
                entity=action.split(".")[1] if action.startswith("gym") else "profile",
                entity_id=uuid.UUID(int=i + 1),
            )
        audit_chain.record(
            s,
            action="gym.workout.edited",
            at=FIXED_NOW + timedelta(minutes=45),
            client=TEST_CLIENT,
            user_id=logged_in.user.id,
            entity="workout",
            entity_id=WORKOUT,
            before=EDIT_BEFORE,
            after=EDIT_AFTER,
        )
    return logged_in


async def open_audit(pilot: Pilot) -> None:
    await pilot.press("5")
    await settle(pilot, lambda: type(pilot.app.screen).__name__ == "AuditScreen")


@both_sizes
def test_audit_screen(snap_compare, seeded, build_app, size):
    run_before = showing("HomeScreen", then=open_audit)
    assert snap_compare(build_app(), terminal_size=size, run_before=run_before)


@both_sizes
def test_audit_detail(snap_compare, seeded, build_app, size):
    async def open_detail(pilot: Pilot) -> None:
        await open_audit(pilot)
        await pilot.press("enter")
        await settle(pilot, lambda: bool(pilot.app.screen.query(".diff-row")))

    run_before = showing("HomeScreen", then=open_detail)
    assert snap_compare(build_app(), terminal_size=size, run_before=run_before)


@both_sizes
def test_audit_help(snap_compare, seeded, build_app, size):
    async def open_help(pilot: Pilot) -> None:
        await open_audit(pilot)
        await pilot.press("question_mark")
        await settle(pilot, lambda: type(pilot.app.screen).__name__ == "HelpScreen")

    run_before = showing("HomeScreen", then=open_help)
    assert snap_compare(build_app(), terminal_size=size, run_before=run_before)
