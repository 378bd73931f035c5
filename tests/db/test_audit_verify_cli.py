"""`dashboard-tui audit verify` on both engines: one line per chain, exit 1 when one
is broken (rows edited, deleted or reordered behind the app's back)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from dashboard_tui.cli import main
from dashboard_tui.kit.errors import AuthError
from tests.conftest import PASSWORD, fresh_url

TAMPER = {
    "edited": (
        ["UPDATE audit_logs SET entity = 'x' WHERE chain = :c AND seq = 2"],
        "at seq 2: content does not match its hash (row edited)",
    ),
    "deleted": (
        ["DELETE FROM audit_logs WHERE chain = :c AND seq = 2"],
        "at seq 3: expected seq 2, found 3 (a row is missing)",
    ),
    "newest deleted": (
        ["DELETE FROM audit_logs WHERE chain = :c AND seq = 4"],
        "at seq 4: the newest rows are missing",
    ),
    "reordered": (
        [
            "UPDATE audit_logs SET seq = -seq WHERE chain = :c AND seq IN (2, 3)",
            "UPDATE audit_logs SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END "
            "WHERE chain = :c AND seq < 0",
        ],
        "at seq 2: previous-hash link broken",
    ),
}


@pytest.fixture
def two_chains(auth, make_user):
    ana = make_user("Ana")
    auth.logout(auth.login("ana@example.com", PASSWORD))  # 4 rows in Ana's chain
    with pytest.raises(AuthError):  # an unknown email: a row in the system chain
        auth.login("nobody@example.com", PASSWORD)
    return ana


def verify(db_url: str, capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["audit", "verify", "--database-url", db_url, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_chain_verifies(db_url, two_chains, capsys):
    code, out, _ = verify(db_url, capsys)
    assert code == 0
    assert f"ok      ana@example.com [{two_chains.user.id}]: 4 rows" in out
    assert "ok      system [system]: 1 rows" in out
    assert out.rstrip().endswith("2 chains, all ok")


@pytest.mark.parametrize("case", TAMPER, ids=list(TAMPER))
def test_tampering_is_reported_with_the_first_broken_link(db, db_url, two_chains, capsys, case):
    statements, says = TAMPER[case]
    chain = str(two_chains.user.id)
    with db.transaction() as s:  # behind the app's back (as the tables' owner)
        for sql in statements:
            s.execute(text(sql), {"c": chain})
    code, out, _ = verify(db_url, capsys)
    assert code == 1
    assert f"BROKEN  ana@example.com [{chain}]: {says}" in out
    assert "ok      system" in out and "2 chains, 1 broken" in out
    code, out, _ = verify(db_url, capsys, "--user", "ANA@example.com ")
    assert code == 1 and "1 chains, 1 broken" in out


def test_unknown_user_and_empty_database_are_clear_errors(
    db_url, engine_name, tmp_path, request, capsys
):
    code, _, err = verify(db_url, capsys, "--user", "nobody@example.com")
    assert code == 1 and "no user with email nobody@example.com" in err
    code, _, err = verify(fresh_url(engine_name, tmp_path, request), capsys)
    assert code == 1 and "the database is empty" in err
