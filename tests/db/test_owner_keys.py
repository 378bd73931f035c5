"""No row may point at another user's row (migration 0006), on both engines.

Foreign keys ignore row-level security, so these tests act as an attacker would: raw
SQL through the connection the app has (SQLite: the file; PostgreSQL: the app role,
held by RLS, with the login's secret presented as the unit of work does). Every reference
between two user-owned tables is found in the models, so a table added later is
checked without anyone listing it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic.util import CommandError
from sqlalchemy import (
    Connection,
    Table,
    create_engine,
    delete,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from dashboard_tui.account.auth import Login
from dashboard_tui.db import migrate
from dashboard_tui.db.uow import Database
from dashboard_tui.gym.services import GymService
from dashboard_tui.gym.services.base import InUse
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.models import all_metadata
from tests.conftest import PASSWORD, TEST_CLIENT, fresh_url
from tests.db.seed import seed_every_table

BEFORE = "0005_gym_indexes"
AFTER = "0007_trust_no_client"
TABLES: dict[str, Table] = dict(all_metadata().tables)


def owner_refs() -> list[tuple[str, str, str]]:
    """(table, column, parent) for every reference from a user-owned table to another
    user-owned table (users itself aside), from the models."""
    found = set()
    for table in TABLES.values():
        if "user_id" not in table.c:
            continue
        for fk in table.foreign_key_constraints:
            parent = fk.referred_table
            if parent.name == "users" or "user_id" not in parent.c:
                continue
            (column,) = [c.name for c in fk.columns if c.name != "user_id"]
            found.add((table.name, column, parent.name))
    return sorted(found)


REFS = owner_refs()


def on_delete(table: str, column: str) -> str:
    """The action the models declare for the column's parent going away."""
    (action,) = {
        fk.ondelete.upper()
        for fk in TABLES[table].foreign_key_constraints
        if column in fk.column_keys and fk.ondelete
    }
    return action


def act(conn: Connection, login: Login) -> None:
    """What db/uow.py's act_as does, in raw SQL (nothing on SQLite: it has no roles):
    present the login's secret, which row-level security looks up."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT set_config('app.credential', :c, true)"), {"c": login.credential})


def is_foreign_key_error(exc: DBAPIError) -> bool:
    if getattr(exc.orig, "sqlstate", None) == "23503":
        return True
    return "FOREIGN KEY constraint failed" in str(exc.orig)


@dataclass
class World:
    """A and B with a row each in every user-owned table."""

    attacker: Database  # SQLite: the database file; PostgreSQL: the app role under RLS
    admin: Database  # seeds and looks (PostgreSQL: the superuser, past RLS)
    ana: Login
    ben: Login
    seeded: dict[uuid.UUID, dict[str, uuid.UUID]]

    @property
    def a(self) -> uuid.UUID:
        return self.ana.user.id

    @property
    def b(self) -> uuid.UUID:
        return self.ben.user.id

    @contextmanager
    def as_user(self, user_id: uuid.UUID) -> Iterator[Connection]:
        with self.attacker.engine.begin() as conn:
            act(conn, self.ana if user_id == self.a else self.ben)
            yield conn

    def row(self, table: str, row_id: uuid.UUID) -> dict[str, Any] | None:
        t = TABLES[table]
        with self.admin.engine.connect() as conn:
            found = conn.execute(select(t).where(t.c.id == row_id)).mappings().first()
        return dict(found) if found else None

    def fresh(self, table: str, user_id: uuid.UUID) -> uuid.UUID:
        """A new row of `user_id`'s in `table` (a copy of the seeded one), that no
        other row refers to yet."""
        copy = {**self.row(table, self.seeded[user_id][table]), "id": uuid.uuid4()}
        with self.admin.engine.begin() as conn:
            conn.execute(insert(TABLES[table]).values(copy))
        return copy["id"]

    def shipped(self, table: str) -> uuid.UUID:
        with self.admin.engine.connect() as conn:
            return conn.scalar(
                select(TABLES[table].c.id).where(TABLES[table].c.user_id.is_(None)).limit(1)
            )

    def point(self, user_id: uuid.UUID, table: str, row: dict[str, Any], column: str, to) -> None:
        """As `user_id`: the row, written anew (delete, then insert) pointing at `to`."""
        t = TABLES[table]
        with self.as_user(user_id) as conn:
            conn.execute(delete(t).where(t.c.id == row["id"]))
            conn.execute(insert(t).values({**row, column: to}))


@pytest.fixture
def world(engine_name, request, passwords, clock) -> World:
    if engine_name == "sqlite":
        auth = request.getfixturevalue("auth")
        attacker = admin = request.getfixturevalue("db")
    else:
        role_db = request.getfixturevalue("role_db")
        auth = role_db.auth(passwords, clock)
        attacker, admin = role_db.app, role_db.superuser
    ana = auth.register("Ana", "ana@example.com", PASSWORD, PASSWORD).login
    ben = auth.register("Ben", "ben@example.com", PASSWORD, PASSWORD).login
    with admin.engine.begin() as conn:
        seeded = {login.user.id: seed_every_table(conn, login.user.id) for login in (ana, ben)}
    return World(attacker, admin, ana, ben, seeded)


def test_the_models_list_references_of_every_area():
    # Not a list to keep up to date: a guard that owner_refs() finds what it must.
    tables = {table for table, _, _ in REFS}
    assert {"exercises", "transactions", "food_items", "events", "cardio_sessions"} <= tables
    assert ("workouts", "template_id", "workout_templates") in REFS
    assert len(REFS) >= 23


@pytest.mark.parametrize("ref", REFS, ids=lambda ref: f"{ref[0]}.{ref[1]}")
def test_a_row_points_only_at_its_own_users_rows(ref, world):
    table, column, parent = ref
    a, b = world.a, world.b
    mine = world.row(table, world.seeded[a][table])
    theirs = world.fresh(parent, b)

    # A's row, written anew or changed, pointing at B's row: the database says no
    with pytest.raises(IntegrityError) as refused:
        world.point(a, table, mine, column, theirs)
    assert is_foreign_key_error(refused.value), refused.value
    with pytest.raises(IntegrityError) as refused, world.as_user(a) as conn:
        t = TABLES[table]
        conn.execute(update(t).where(t.c.id == mine["id"]).values({column: theirs}))
    assert is_foreign_key_error(refused.value), refused.value
    assert world.row(table, mine["id"]) == mine

    # a shipped catalog row and A's own row are fine
    targets = [world.shipped(parent)] if TABLES[parent].c.user_id.nullable else []
    own = world.fresh(parent, a)
    for target in [*targets, own]:
        world.point(a, table, mine, column, target)
        assert world.row(table, mine["id"])[column] == target

    # A's parent cannot move to B while A's row points at it (past RLS: as admin)
    with pytest.raises(IntegrityError), world.admin.engine.begin() as conn:
        p = TABLES[parent]
        conn.execute(update(p).where(p.c.id == own).values(user_id=b))
    assert world.row(parent, own)["user_id"] == a

    # and the parent going away does to A's row what the models say
    action = on_delete(table, column)
    p = TABLES[parent]
    if action == "RESTRICT":
        with pytest.raises(IntegrityError), world.as_user(a) as conn:
            conn.execute(delete(p).where(p.c.id == own))
        assert world.row(table, mine["id"])[column] == own
        return
    with world.as_user(a) as conn:
        conn.execute(delete(p).where(p.c.id == own))
    after = world.row(table, mine["id"])
    if action == "CASCADE":
        assert after is None
    else:
        assert action == "SET NULL" and after is not None and after[column] is None


def test_every_reference_is_an_owner_key_or_guarded_by_a_trigger(engine_name, db):
    """Models and database agree on the owner keys (test_migrations compares the keys;
    triggers it cannot see, so they are looked up here)."""
    with db.engine.connect() as conn:
        if engine_name == "sqlite":
            sql = "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'"
        else:
            sql = "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal"
        triggers = {tuple(row) for row in conn.execute(text(sql))}
    for table, column, parent in REFS:
        if TABLES[parent].c.user_id.nullable:  # the catalog: shipped rows have no user
            names = [f"{table}_{column}_catalog_owner"]
            if engine_name == "sqlite":
                names = [f"{names[0]}_insert", f"{names[0]}_update"]
            for name in names:
                assert (table, name) in triggers, f"{table}.{column} has no trigger {name}"
            continue
        keys = [
            fk
            for fk in TABLES[table].foreign_key_constraints
            if fk.column_keys == [column, "user_id"]
            and [e.target_fullname for e in fk.elements] == [f"{parent}.id", f"{parent}.user_id"]
        ]
        assert keys, f"{table}.{column} is not an owner key"
    assert ("catalog_items", "catalog_items_owner_fixed") in triggers


def test_ben_deletes_his_exercise_that_ana_tried_to_use(world, clock):
    """The issue's case: A's exercise on B's own catalog item made B's delete fail with
    a raw IntegrityError. Now A's row is refused, so B's delete goes through; B's own
    use of it is still a clear message."""
    gym = GymService(world.attacker, clock=clock, client=TEST_CLIENT)
    ana, ben = world.ana, world.ben
    item = gym.catalog.create_exercise(ben, name="Ben's Press")
    workout = gym.workouts.start_workout(ana, name="Push").workout
    with pytest.raises(ValidationError, match="Choose an exercise from the catalog"):
        gym.workouts.add_exercise(ana, workout.id, item.id)
    exercise = world.row("exercises", world.seeded[world.a]["exercises"])
    with pytest.raises(IntegrityError):
        world.point(world.a, "exercises", exercise, "catalog_item_id", item.id)

    bens = gym.workouts.start_workout(ben, name="Push").workout
    used = gym.workouts.add_exercise(ben, bens.id, item.id)
    with pytest.raises(InUse, match="“Ben's Press” is used in 1 workout, so it cannot be"):
        gym.catalog.delete_exercise(ben, item.id)
    gym.workouts.remove_exercise(ben, used.id)
    gym.catalog.delete_exercise(ben, item.id)
    assert world.row("catalog_items", item.id) is None


# -- the migration ----------------------------------------------------------------------
# The tables and columns of revision 0005, as the models name them (later revisions add
# tables and columns that a database at 0005 lacks). Filled by the first one built.
AT_0005: dict[str, list[str]] = {}


def _note_0005(db: Database) -> None:
    if not AT_0005:
        found = inspect(db.engine)
        for name in TABLES:
            if found.has_table(name):
                AT_0005[name] = [c["name"] for c in found.get_columns(name)]


@pytest.fixture
def at_0005(engine_name, tmp_path, request) -> Iterator[Database]:
    """A database migrated to the revision before 0006."""
    database = Database.from_url(fresh_url(engine_name, tmp_path, request))
    migrate.upgrade(database, BEFORE)
    _note_0005(database)
    yield database
    database.dispose()


def _seed_people(db: Database) -> dict[uuid.UUID, dict[str, uuid.UUID]]:
    """Two people with a row in every table, every nullable reference set too (to the
    same person's rows), so the keys added have something to check."""
    users = TABLES["users"]
    now = datetime(2026, 11, 1, tzinfo=UTC)
    seeded = {}
    with db.engine.begin() as conn:
        for name in ("ana", "ben"):
            uid = uuid.uuid4()
            conn.execute(
                insert(users).values(
                    id=uid,
                    email=f"{name}@example.com",
                    name=name,
                    role="member",
                    status="active",
                    email_verified=False,
                    failed_logins=0,
                    created_at=now,
                    updated_at=now,
                )
            )
            rows = seed_every_table(conn, uid, as_of_schema=True)
            for table, column, parent in REFS:
                if table not in rows or column not in AT_0005.get(table, ()):
                    continue  # a table or a column of a later revision
                t = TABLES[table]
                conn.execute(update(t).where(t.c.id == rows[table]).values({column: rows[parent]}))
            seeded[uid] = rows
    return seeded


def _everything(db: Database) -> dict[str, list[tuple]]:
    """Every row of the tables and columns of revision 0005 (later revisions add some)."""
    with db.engine.connect() as conn:
        return {
            name: sorted(
                tuple(map(str, row))
                for row in conn.execute(select(*(t.c[c] for c in AT_0005[name])))
            )
            for name, t in TABLES.items()
            if name in AT_0005
        }


def _schema(db: Database) -> dict[str, Any]:
    """Indexes, CHECKs, unique constraints and keys of every table, comparable."""
    insp = inspect(db.engine)
    out: dict[str, Any] = {}
    for name in AT_0005:
        out[name] = {
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in insp.get_indexes(name)
                if "duplicates_constraint" not in i  # PostgreSQL: a UNIQUE's own index
            ),
            "checks": sorted((c["name"], c["sqltext"]) for c in insp.get_check_constraints(name)),
            "uniques": sorted(
                (u["name"], tuple(u["column_names"])) for u in insp.get_unique_constraints(name)
            ),
            "keys": sorted(
                (
                    fk["name"],
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                    str((fk.get("options") or {}).get("ondelete")),
                )
                for fk in insp.get_foreign_keys(name)
            ),
        }
    return out


def test_upgrade_and_downgrade_keep_every_row_index_and_check(at_0005):
    _seed_people(at_0005)
    rows, schema = _everything(at_0005), _schema(at_0005)

    migrate.upgrade(at_0005, AFTER)  # 0008 adds indexes of its own
    assert _everything(at_0005) == rows
    upgraded = _schema(at_0005)
    for name, parts in schema.items():
        assert upgraded[name]["indexes"] == parts["indexes"], name
        assert upgraded[name]["checks"] == parts["checks"], name
    assert upgraded["exercises"]["keys"] != schema["exercises"]["keys"]

    migrate.downgrade(at_0005, BEFORE)
    assert migrate.current_revision(at_0005) == BEFORE
    assert _everything(at_0005) == rows
    assert _schema(at_0005) == schema
    with at_0005.engine.connect() as conn:  # the triggers went too
        if conn.dialect.name == "sqlite":
            sql = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
        else:
            sql = "SELECT count(*) FROM pg_proc WHERE proname LIKE 'catalog_%'"
        assert conn.scalar(text(sql)) == 0

    migrate.upgrade(at_0005)
    assert migrate.current_revision(at_0005) == migrate.HEAD


def test_upgrade_refuses_rows_pointing_at_another_users_row(at_0005):
    seeded = _seed_people(at_0005)
    ana, ben = seeded
    crossing = [
        ("exercises", "workout_id", "workouts"),
        ("cardio_sessions", "activity_id", "catalog_items"),
        ("events", "member_id", "family_members"),
    ]
    with at_0005.engine.begin() as conn:
        for table, column, parent in crossing:
            t = TABLES[table]
            conn.execute(
                update(t).where(t.c.id == seeded[ana][table]).values({column: seeded[ben][parent]})
            )
    rows, schema = _everything(at_0005), _schema(at_0005)

    with pytest.raises(CommandError) as refused:
        migrate.upgrade(at_0005)
    message = str(refused.value)
    assert "3 row(s) point at another user's row" in message
    assert "left unchanged" in message and "then upgrade again" in message
    for table, column, parent in crossing:
        assert f"{table} {seeded[ana][table]} ({column} -> {parent} {seeded[ben][parent]})" in (
            message
        )
    assert migrate.current_revision(at_0005) == BEFORE
    assert _everything(at_0005) == rows and _schema(at_0005) == schema

    with at_0005.engine.begin() as conn:  # put right, it goes through
        for table, column, parent in crossing:
            t = TABLES[table]
            conn.execute(
                update(t).where(t.c.id == seeded[ana][table]).values({column: seeded[ana][parent]})
            )
    migrate.upgrade(at_0005)
    assert migrate.current_revision(at_0005) == migrate.HEAD


def test_alembics_own_command_line_keeps_every_row_too(tmp_path):
    """env.py without a connection from migrate.py (Alembic's command line) makes the
    same one: on SQLite the rebuilds must not run the children's ON DELETE actions."""
    from alembic import command

    db = Database.from_url(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    try:
        migrate.upgrade(db, BEFORE)
        _note_0005(db)
        _seed_people(db)
        rows = _everything(db)
        command.upgrade(migrate.alembic_config(db), AFTER)  # 0008 ships catalog rows
        assert migrate.current_revision(db) == AFTER
        assert _everything(db) == rows
    finally:
        db.dispose()


def test_sqlite_migration_refuses_rows_whose_parent_is_missing(tmp_path):
    """With foreign keys off during the migration, foreign_key_check stands in for
    them: a row left without its parent (written with the pragma off) stops it."""
    url = f"sqlite:///{tmp_path / 'orphan.sqlite3'}"
    db = Database.from_url(url)
    try:
        migrate.upgrade(db, BEFORE)
        seeded = _seed_people(db)
        ana = next(iter(seeded))
        plain = create_engine(url)  # no pragmas: SQLite's default, foreign keys off
        with plain.begin() as conn:
            t = TABLES["exercise_sets"]
            conn.execute(
                update(t)
                .where(t.c.id == seeded[ana]["exercise_sets"])
                .values(exercise_id=uuid.uuid4())
            )
        plain.dispose()
        with pytest.raises(CommandError, match=r"1 row\(s\) refer to rows that do not exist"):
            migrate.upgrade(db)
        assert migrate.current_revision(db) == BEFORE
    finally:
        db.dispose()


def test_sqlite_connections_keep_foreign_keys_on_after_migrating(tmp_path):
    """migrate.py turns them off for the migration's own connection only."""
    db = Database.from_url(f"sqlite:///{tmp_path / 'fk.sqlite3'}")
    try:
        migrate.upgrade(db, BEFORE)
        migrate.upgrade(db)
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose()


@pytest.mark.postgres
def test_the_owner_role_downgrades_and_upgrades_with_rls_intact(role_db):
    """Production migrates as the owner of `db create-roles`; the policies stay."""
    sql = (
        "SELECT count(*) FROM pg_class c WHERE c.relrowsecurity AND c.relforcerowsecurity "
        "AND c.relnamespace = current_schema()::regnamespace"
    )
    policies = "SELECT count(*) FROM pg_policy"
    with role_db.superuser.engine.connect() as conn:
        before = conn.scalar(text(sql)), conn.scalar(text(policies))
    migrate.downgrade(role_db.owner, BEFORE)
    migrate.upgrade(role_db.owner)
    with role_db.superuser.engine.connect() as conn:
        assert (conn.scalar(text(sql)), conn.scalar(text(policies))) == before
    assert before[0] >= 30
