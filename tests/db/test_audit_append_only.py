"""On PostgreSQL the audit table is append-only for the app role (grants and a
trigger), while ON DELETE CASCADE from users still removes a deleted user's rows,
and `audit verify` needs a role that RLS hides nothing from."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from dashboard_tui.cli import main
from dashboard_tui.models import all_metadata
from tests.conftest import PASSWORD
from tests.db.seed import seed_every_table

CHANGES = (
    "UPDATE audit_logs SET action = 'auth.nothing'",
    "DELETE FROM audit_logs",
    "TRUNCATE audit_logs",
)


@pytest.fixture
def ana(role_db, passwords, clock):
    auth = role_db.auth(passwords, clock)
    login = auth.register("Ana", "ana@example.com", PASSWORD, PASSWORD).login
    auth.logout(auth.login("ana@example.com", PASSWORD))
    return login


def attempt(db, login, sql: str, sqlstate: str = "42501") -> DBAPIError:
    """`sql` as the app role signed in as `login`: refused (insufficient_privilege,
    or integrity_constraint_violation from the chain's triggers)."""
    with (
        pytest.raises(DBAPIError) as err,
        db.transaction(user_id=login.user.id, credential=login.credential) as s,
    ):
        s.execute(text(sql))
    assert err.value.orig.sqlstate == sqlstate, err.value
    return err.value


def audit_count(role_db, user_id=None) -> int:
    where = "WHERE user_id = :u" if user_id else ""
    with role_db.superuser.engine.connect() as conn:
        return conn.scalar(text(f"SELECT count(*) FROM audit_logs {where}"), {"u": user_id})


@pytest.mark.parametrize("sql", CHANGES)
def test_the_app_role_cannot_change_audit_rows_even_its_own(role_db, ana, sql):
    before = audit_count(role_db)
    assert "permission denied" in str(attempt(role_db.app, ana, sql))
    assert audit_count(role_db) == before


@pytest.mark.parametrize("sql", CHANGES)
def test_the_trigger_holds_even_if_the_grants_are_widened(role_db, ana, sql):
    """Grants are one wall; the trigger is the other (e.g. a careless GRANT ALL)."""
    with role_db.superuser.engine.begin() as conn:
        conn.execute(text(f'GRANT UPDATE, DELETE, TRUNCATE ON audit_logs TO "{role_db.setup.app}"'))
    before = audit_count(role_db)
    assert "append-only" in str(attempt(role_db.app, ana, sql))
    assert audit_count(role_db) == before


def test_the_app_role_cannot_delete_audit_heads(role_db, ana):
    attempt(role_db.app, ana, "DELETE FROM audit_heads")


def head(role_db, chain: str) -> tuple[int, str]:
    with role_db.superuser.engine.connect() as conn:
        row = conn.execute(
            text("SELECT seq, hash FROM audit_heads WHERE chain = :c"), {"c": chain}
        ).one()
    return row.seq, row.hash


FORGED_ROW = (
    "INSERT INTO audit_logs (id, user_id, actor_id, chain, seq, at, host, client, action, "
    "entity, entity_id, prev_hash, hash) VALUES (gen_random_uuid(), {user}, {user}, "
    "'{chain}', {seq}, now(), '', '', 'auth.forged', '', NULL, '{prev}', '{hash}')"
)


def test_the_app_role_cannot_write_the_system_chain_or_move_a_head(role_db, ana, capsys):
    chain = str(ana.user.id)
    seq, last = head(role_db, chain)
    forged = "f" * 64
    system = FORGED_ROW.format(user="NULL", chain="system", seq=1, prev="0" * 64, hash=forged)
    attempt(role_db.app, ana, system)
    with role_db.app.transaction(user_id=ana.user.id, credential=ana.credential) as s:
        moved = "UPDATE audit_heads SET seq = seq + 1 WHERE chain = 'system'"
        assert s.execute(text(moved)).rowcount == 0  # the system head is not even visible
    # its own chain: no rewinding the head, no row that does not follow it
    rewind = f"UPDATE audit_heads SET seq = {seq - 1} WHERE chain = '{chain}'"
    attempt(role_db.app, ana, rewind, "23000")
    fork = FORGED_ROW.format(user=f"'{chain}'", chain=chain, seq=seq, prev="0" * 64, hash=forged)
    attempt(role_db.app, ana, fork, "23000")
    skip = FORGED_ROW.format(user=f"'{chain}'", chain=chain, seq=seq + 2, prev=last, hash=forged)
    attempt(role_db.app, ana, skip, "23000")
    assert head(role_db, chain) == (seq, last)
    assert main(["audit", "verify", "--database-url", role_db.owner_url]) == 0
    assert "all ok" in capsys.readouterr().out


def test_the_owner_may_still_maintain_the_table(role_db, ana):
    with role_db.owner.transaction() as s:
        assert s.execute(text("UPDATE audit_logs SET host = host")).rowcount > 0


def test_deleting_a_user_as_the_owner_cascades_through_every_table(role_db, passwords, clock):
    auth = role_db.auth(passwords, clock)
    a = auth.register("Ana", "ana@example.com", PASSWORD, PASSWORD).login
    b = auth.register("Ben", "ben@example.com", PASSWORD, PASSWORD).login
    with role_db.superuser.engine.begin() as conn:
        seed_every_table(conn, a.user.id)
        b_rows = seed_every_table(conn, b.user.id)
    b_audit = audit_count(role_db, b.user.id)
    assert audit_count(role_db, a.user.id) > 0

    # The owner is no superuser: the cascade's deletes run as the tables' owner and
    # pass the append-only trigger; the app role's own DELETE would not.
    with role_db.owner.transaction() as s:
        assert s.execute(text("DELETE FROM users WHERE id = :u"), {"u": a.user.id}).rowcount == 1

    tables = [t.name for t in all_metadata().sorted_tables if "user_id" in t.c]
    with role_db.superuser.engine.connect() as conn:
        for table in tables:
            left = conn.scalar(
                text(f"SELECT count(*) FROM {table} WHERE user_id = :u"), {"u": a.user.id}
            )
            assert left == 0, f"{table} kept a deleted user's rows"
            kept = conn.scalar(
                text(f"SELECT count(*) FROM {table} WHERE id = :i"), {"i": b_rows[table]}
            )
            assert kept == 1, f"{table} lost B's row"
    assert audit_count(role_db, b.user.id) == b_audit
    # A's chain is closed, and the system chain says so: verify stays green.
    with role_db.superuser.engine.connect() as conn:
        said = conn.execute(
            text("SELECT after FROM audit_logs WHERE chain = 'system' AND action = 'user.deleted'")
        ).scalar_one()
    assert said["email"] == "ana@example.com" and said["chain_rows"] > 0
    assert main(["audit", "verify", "--database-url", role_db.owner_url]) == 0


def test_audit_verify_needs_a_role_that_sees_every_chain(role_db, ana, capsys):
    url = ("--database-url", role_db.app_url)
    assert main(["audit", "verify", *url]) == 1
    assert "row-level security hides" in capsys.readouterr().err
    # Not even one user's: without their login the app role reads no one's rows.
    assert main(["audit", "verify", "--user", "ana@example.com", *url]) == 1
    assert "row-level security hides" in capsys.readouterr().err
    owner = ("--database-url", role_db.owner_url)
    assert main(["audit", "verify", "--user", "ana@example.com", *owner]) == 0
    out = capsys.readouterr().out
    assert f"ok      ana@example.com [{ana.user.id}]: 4 rows" in out
    assert main(["audit", "verify", *owner]) == 0
    assert "1 chains, all ok" in capsys.readouterr().out


def test_audit_verify_as_the_owner_catches_an_edit_made_behind_the_apps_back(role_db, ana, capsys):
    with role_db.superuser.engine.begin() as conn:  # a superuser passes the trigger
        conn.execute(
            text("UPDATE audit_logs SET host = 'elsewhere' WHERE chain = :c AND seq = 3"),
            {"c": str(ana.user.id)},
        )
    assert main(["audit", "verify", "--database-url", role_db.owner_url]) == 1
    out = capsys.readouterr().out
    assert f"BROKEN  ana@example.com [{ana.user.id}]: at seq 3: content does not match" in out
    assert "1 chains, 1 broken" in out
