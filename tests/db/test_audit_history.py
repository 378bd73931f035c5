"""The audit history service on both engines: who sees what, keyset paging, filters,
the before/after diff, the record an entry concerns, and the chain state."""

from __future__ import annotations

import sys
import types
import uuid

import pytest
from sqlalchemy import text

from dashboard_tui.audit.history import AuditFilters, AuditHistoryService, diff
from dashboard_tui.db import audit_chain
from dashboard_tui.gym import SET, WORKOUT
from dashboard_tui.kit import registry
from dashboard_tui.kit.entity import Area, Entity, Reading, Show
from dashboard_tui.kit.errors import NotFound, ValidationError
from tests.conftest import PASSWORD, TEST_CLIENT


@pytest.fixture
def history(db, clock) -> AuditHistoryService:
    return AuditHistoryService(db, clock=clock)


def record(db, login, action, *, entity="", entity_id=None, before=None, after=None, clock=None):
    with db.transaction(user_id=login.user.id) as s:
        row = audit_chain.record(
            s,
            action=action,
            at=clock() if clock else login_time(),
            client=TEST_CLIENT,
            user_id=login.user.id,
            entity=entity,
            entity_id=entity_id,
            before=before,
            after=after,
        )
        return row.id


def login_time():
    from tests.support import FIXED_NOW

    return FIXED_NOW


def everything(history, login, filters=None, limit=7):
    """Walk every page; returns the entries in order."""
    entries, cursor = [], None
    while True:
        page = history.page(login, filters, cursor, limit=limit)
        entries += page.entries
        if page.next_cursor is None:
            return entries
        cursor = page.next_cursor


@pytest.fixture
def two_users(make_user, profiles, db, clock, auth):
    """Ana (the first account: admin) and Ben (member), each with account events and
    data events: a settings change and a gym event."""
    ana = make_user("Ana")
    clock.advance(minutes=1)
    ben = make_user("Ben")
    clock.advance(minutes=1)
    profiles.update(ana, weight_unit="lb", currency="USD", timezone="UTC", theme="nord")
    profiles.update(ben, weight_unit="lb", currency="GBP", timezone="UTC", theme="nord")
    clock.advance(minutes=1)
    record(
        db,
        ben,
        "gym.workout.deleted",
        entity="workout",
        entity_id=uuid.uuid4(),
        before={"name": "Ben's legs"},
        clock=clock,
    )
    auth.logout(auth.login("ben@example.com", PASSWORD))
    return ana, ben


def actions(entries):
    return [e.action for e in entries]


def test_a_member_sees_only_their_own_history(history, two_users):
    ana, ben = two_users
    entries = everything(history, ben)
    assert entries and all(e.user_id == ben.user.id and e.own for e in entries)
    assert "gym.workout.deleted" in actions(entries)
    assert "settings.changed" in actions(entries)


def test_an_admin_sees_every_account_event_but_no_one_elses_data(history, two_users):
    ana, ben = two_users
    entries = everything(history, ana)
    others = [e for e in entries if e.user_id != ana.user.id]
    assert {e.action for e in others} >= {"user.register", "auth.login", "auth.logout"}
    assert all(e.area in ("auth", "user") for e in others)  # no settings, no gym
    assert {e.user_email for e in others} == {"ben@example.com"}
    assert not any(e.own for e in others)
    own = [e for e in entries if e.own]
    assert "settings.changed" in actions(own)


def test_an_entry_of_someone_else_cannot_be_opened_unless_it_is_an_account_event(
    history, two_users
):
    ana, ben = two_users
    bens = everything(history, ben)
    data = next(e for e in bens if e.action == "settings.changed")
    account = next(e for e in bens if e.action == "user.register")
    with pytest.raises(NotFound):
        history.entry(ana, data.id)  # admin: never another user's data
    assert history.entry(ana, account.id).entry.user_email == "ben@example.com"
    anas = everything(history, ana)
    with pytest.raises(NotFound):
        history.entry(ben, next(e for e in anas if e.own).id)  # member: only their own


def test_pages_are_newest_first_and_each_entry_appears_once(history, make_user, db, clock):
    ana = make_user("Ana")
    ids = []
    for i in range(30):
        if i % 4 == 0:
            clock.advance(seconds=1)  # several rows share a timestamp: id breaks the tie
        ids.append(record(db, ana, "gym.set.added", entity="set", entity_id=i, clock=clock))
    entries = everything(history, ana, AuditFilters(area="gym"), limit=7)
    assert sorted(e.id for e in entries) == sorted(ids)
    assert len({e.id for e in entries}) == 30
    keys = [(e.at, e.seq, e.id) for e in entries]
    assert keys == sorted(keys, reverse=True)


def test_filters_by_area_action_text_and_dates(history, make_user, profiles, db, clock):
    ana = make_user("Ana")  # 2026-11-22 09:00 UTC: user.register, auth.login
    profiles.update(ana, weight_unit="kg", currency="EUR", timezone="Europe/Madrid", theme="nord")
    clock.advance(days=1)
    record(db, ana, "gym.workout.created", entity="Workout", entity_id="W-100%", clock=clock)
    record(db, ana, "gym.set.added", entity="set", entity_id="s_1", clock=clock)  # same time

    def found(**filters):
        return actions(everything(history, ana, AuditFilters(**filters)))

    assert found(area="gym") == ["gym.set.added", "gym.workout.created"]
    assert found(area="settings") == ["settings.changed"]
    assert found(action="GYM.WORKOUT") == ["gym.workout.created"]
    assert found(text="workout") == ["gym.workout.created"]  # entity, any case
    assert found(text="100%") == ["gym.workout.created"]  # % is literal
    assert found(text="%") == ["gym.workout.created"]
    assert found(text="s_1") == ["gym.set.added"]  # _ is literal
    assert found(text="PROFILE") == ["settings.changed"]
    # "today" is 2026-11-23 in Madrid; yesterday holds the account's first events.
    assert found(date_from="today") == ["gym.set.added", "gym.workout.created"]
    assert set(found(date_to="yesterday")) == {"user.register", "auth.login", "settings.changed"}
    assert found(date_from="2026-11-22", date_to="2026-11-22", area="auth") == ["auth.login"]
    assert found(date_from="2026-11-24") == []


def test_bad_filters_name_their_field(history, make_user):
    ana = make_user("Ana")
    with pytest.raises(ValidationError) as err:
        history.page(ana, AuditFilters(date_from="soon", date_to="2026-13-01", area="[b]"))
    assert set(err.value.errors) == {"date_from", "date_to", "area"}
    with pytest.raises(ValidationError) as err:
        history.page(ana, AuditFilters(date_from="today", date_to="yesterday"))
    assert set(err.value.errors) == {"date_to"}
    with pytest.raises(ValidationError) as err:
        history.page(ana, AuditFilters(text="a\x00b"))
    assert set(err.value.errors) == {"text"}


def test_an_entry_shows_a_field_by_field_diff(history, make_user, profiles):
    ana = make_user("Ana")
    profiles.update(ana, weight_unit="lb", currency="USD", timezone="UTC", theme="nord")
    changed = everything(history, ana, AuditFilters(action="settings.changed"))[0]
    detail = history.entry(ana, changed.id)
    kinds = {f.field: f.kind for f in detail.fields}  # labelled as the profile declares
    assert kinds["Weight unit"] == "changed" and kinds["Currency"] == "changed"
    unit = next(f for f in detail.fields if f.field == "Weight unit")
    assert (unit.before, unit.after) == ("kg", "lb")
    assert detail.has_before and detail.has_after


def test_diff_names_changed_added_removed_and_same():
    changes = diff({"a": 1, "b": "x", "c": None}, {"a": 2, "b": "x", "d": [1, "é"]})
    assert [(c.field, c.kind, c.before, c.after) for c in changes] == [
        ("a", "changed", "1", "2"),
        ("b", "same", "x", "x"),
        ("c", "removed", "null", None),
        ("d", "added", None, '[1, "é"]'),
    ]
    assert [c.kind for c in diff(None, {"a": 1})] == ["added"]


def test_target_says_whether_the_record_still_exists(history, make_user, auth, db, clock):
    ana = make_user("Ana")
    other = auth.login("ana@example.com", PASSWORD)
    auth.end_session(ana, other.session_id)
    entries = everything(history, ana)
    logins = [e for e in entries if e.action == "auth.login"]
    current = next(e for e in logins if e.entity_id == str(ana.session_id))
    ended = next(e for e in logins if e.entity_id == str(other.session_id))
    assert history.target(ana, current).exists
    assert not history.target(ana, ended).exists
    # an area that has not registered its records (family is not built yet)
    record(
        db,
        ana,
        "family.event.deleted",
        entity="family_event",
        entity_id=uuid.uuid4(),
        clock=clock,
    )
    meal = next(e for e in everything(history, ana) if e.action == "family.event.deleted")
    target = history.target(ana, meal)
    assert not target.known and not target.exists
    # a registered area's record that is gone (finance declares its transactions)
    record(
        db,
        ana,
        "finance.transaction.deleted",
        entity="transaction",
        entity_id=uuid.uuid4(),
        clock=clock,
    )
    finance = everything(history, ana, AuditFilters(area="finance"))[0]
    target = history.target(ana, finance)
    assert target.known and not target.exists


def test_a_declared_entity_reads_in_human_terms_with_only_its_fields():
    before = {
        "id": "3f1c",
        "user_id": "9a",
        "exercise_id": "77",
        "position": 2,
        "set_type": "working",
        "weight_g": 102500,
        "reps": 5,
        "rpe_x10": 95,
        "rir": None,
        "completed_at": "2026-11-21T09:30:12+00:00",
        "exercise": "Bench press",
        "workout": "Push day",
        "workout_date": "2026-11-21",
    }
    after = {**before, "weight_g": 105000, "rpe_x10": 100}
    changes = {c.field: c for c in diff(before, after, SET, Reading("kg"))}
    assert list(changes) == ["Set", "Type", "Weight", "Reps", "RPE", "RIR", "Done"]
    assert (changes["Weight"].before, changes["Weight"].after) == ("102.5 kg", "105 kg")
    assert (changes["RPE"].before, changes["RPE"].after) == ("9.5", "10")
    assert changes["Set"].after == "3" and changes["Set"].kind == "same"
    assert changes["Done"].after == "done 2026-11-21 09:30 UTC"
    in_lb = {c.field: c for c in diff(before, after, SET, Reading("lb"))}
    assert in_lb["Weight"].before == "226 lb"
    assert SET.title_of(before) == "Set 3 of Bench press, Push day 2026-11-21"
    # An image written before the names were kept still gets a title.
    assert SET.title_of({"position": 0}) == "Set 1"
    assert WORKOUT.title_of({"id": "x"}) == "Workout"


@pytest.fixture
def notes_area(monkeypatch):
    """A made-up area, registered as a new area would be: its package's AREA."""
    page = Entity(
        "page",
        "notes",
        "page",
        "Page",
        "dashboard_tui.models.shared:Profile",  # any user-owned model will do
        fields=(Show("title", "Title"),),
        title=lambda image: f"Page {image['title']}",
    )
    module = types.ModuleType("notes_area_for_tests")
    module.AREA = Area("notes", "Notes", entities=(page,), audit_groups={"notes": "Notes"})
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(registry, "AREA_PACKAGES", (*registry.AREA_PACKAGES, module.__name__))
    registry.areas.cache_clear()
    registry.entities.cache_clear()
    yield page
    monkeypatch.undo()
    registry.areas.cache_clear()
    registry.entities.cache_clear()


def test_an_area_declares_its_entities_for_the_history(history, make_user, db, clock, request):
    from dashboard_tui.account.profile_repository import ProfileRepository

    ana = make_user("Ana")
    with db.transaction(user_id=ana.user.id) as s:
        profile_id = ProfileRepository(s, ana.scope).get_or_create().id
    image = {"title": "[b]Groceries[/b]", "secret_column": 1}
    record(
        db,
        ana,
        "notes.page.edited",
        entity="page",
        entity_id=profile_id,
        clock=clock,
        before=image,
        after={**image, "title": "Shopping"},
    )
    entry = everything(history, ana, AuditFilters(area="notes"))[0]
    assert not history.target(ana, entry).known  # no area declares pages yet
    assert entry.record == "page"

    request.getfixturevalue("notes_area")
    entry = everything(history, ana, AuditFilters(area="notes"))[0]
    target = history.target(ana, entry)
    assert target.known and target.exists
    assert entry.record == "Page Shopping"
    fields = history.entry(ana, entry.id).fields
    assert [(f.field, f.before, f.after) for f in fields] == [
        ("Title", "[b]Groceries[/b]", "Shopping")
    ]
    assert "notes" in registry.audit_groups()


def test_an_admin_cannot_reach_another_users_record(history, two_users):
    ana, ben = two_users
    bens_login = next(e for e in everything(history, ana) if e.action == "auth.login" and not e.own)
    target = history.target(ana, bens_login)
    assert target.known and not target.own and not target.exists


def test_chain_state_reports_a_verified_chain_and_a_broken_one(history, make_user, profiles, db):
    ana = make_user("Ana")
    profiles.update(ana, weight_unit="lb", currency="USD", timezone="UTC", theme="nord")
    state = history.chain_state(ana)
    assert state.ok and state.rows == 3
    with db.transaction() as s:
        s.execute(
            text("UPDATE audit_logs SET action = 'auth.nothing' WHERE chain = :c AND seq = 2"),
            {"c": str(ana.user.id)},
        )
    state = history.chain_state(ana)
    assert not state.ok and state.broken_at_seq == 2 and "edited" in state.reason


def test_row_level_security_gives_the_admin_view_and_nothing_more(role_db, passwords, clock):
    """PostgreSQL as the app role (no BYPASSRLS): the admin's unit of work sets role
    'admin', and the database itself shows others' account events, no data events."""
    auth, profiles = role_db.auth(passwords, clock), role_db.profiles(clock)
    ana = auth.register("Ana", "ana@example.com", PASSWORD, PASSWORD).login
    ben = auth.register("Ben", "ben@example.com", PASSWORD, PASSWORD).login
    profiles.update(ben, weight_unit="lb", currency="GBP", timezone="UTC", theme="nord")
    history = AuditHistoryService(role_db.app, clock=clock)

    anas = everything(history, ana)
    others = [e for e in anas if not e.own]
    assert {e.action for e in others} == {"user.register", "auth.login"}
    assert {e.user_email for e in others} == {"ben@example.com"}
    assert {e.action for e in everything(history, ben)} == {
        "user.register",
        "auth.login",
        "settings.changed",
    }
    assert all(e.own for e in everything(history, ben))
    assert history.chain_state(ana).ok and history.chain_state(ben).rows == 3
