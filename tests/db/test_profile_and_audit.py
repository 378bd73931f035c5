"""Settings are stored and audited; the audit chain holds and shows tampering."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from dashboard_tui.db import audit_chain
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.models.shared import AuditLog


def test_profile_changes_are_stored_and_audited_with_before_and_after(profiles, db, make_user):
    ana = make_user("Ana")
    assert profiles.get(ana).weight_unit == "kg"
    saved = profiles.update(
        ana, weight_unit="lb", currency="usd", timezone="Europe/Madrid", theme="nord", week_start=6
    )
    assert (saved.weight_unit, saved.currency, saved.timezone, saved.theme, saved.week_start) == (
        "lb",
        "USD",
        "Europe/Madrid",
        "nord",
        6,
    )
    with db.transaction(read_only=True) as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "settings.changed")).one()
    assert row.before["weight_unit"] == "kg" and row.after["weight_unit"] == "lb"
    assert set(row.after) == {"weight_unit", "currency", "timezone", "theme", "week_start"}


def test_bad_settings_name_each_field_and_keep_what_was_saved(profiles, make_user):
    ana = make_user("Ana")
    with pytest.raises(ValidationError) as err:
        profiles.update(
            ana,
            weight_unit="stone",
            currency="EURO",
            timezone="Mars/Base",
            theme="[b]x[/b]",
            week_start=9,
        )
    assert set(err.value.errors) == {"weight_unit", "currency", "timezone", "theme", "week_start"}
    assert profiles.get(ana).currency == "EUR"


def test_users_do_not_share_a_profile(profiles, make_user):
    ana, ben = make_user("Ana"), make_user("Ben")
    profiles.update(ana, weight_unit="lb", currency="USD", timezone="UTC", theme="nord")
    assert profiles.get(ben).weight_unit == "kg"


def verify(db, chain):
    with db.transaction(read_only=True) as s:
        return audit_chain.verify_chain(s, chain)


@pytest.fixture
def chained(auth, make_user, profiles):
    ana = make_user("Ana")
    auth.logout(auth.login("ana@example.com", "correct horse battery"))
    profiles.update(ana, weight_unit="lb", currency="USD", timezone="UTC", theme="nord")
    return str(ana.user.id)


def test_the_audit_chain_verifies(db, chained):
    report = verify(db, chained)
    assert report.ok and report.rows == 5


SWAP_2_AND_3 = [  # reorder two rows; the (chain, seq) unique key needs a detour
    "UPDATE audit_logs SET seq = -seq WHERE chain = :c AND seq IN (2, 3)",
    "UPDATE audit_logs SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END WHERE chain = :c AND seq < 0",
]


@pytest.mark.parametrize(
    ("statements", "reason"),
    [
        (["UPDATE audit_logs SET action = 'auth.nothing' WHERE chain = :c AND seq = 2"], "edited"),
        (["DELETE FROM audit_logs WHERE chain = :c AND seq = 3"], "missing"),
        (SWAP_2_AND_3, "link broken"),
        (["DELETE FROM audit_logs WHERE chain = :c AND seq = 5"], "newest rows are missing"),
    ],
    ids=["edit", "delete", "reorder", "delete-newest"],
)
def test_tampering_is_detected(db, chained, statements, reason):
    with db.transaction() as s:
        for stmt in statements:
            s.execute(text(stmt), {"c": chained})
    report = verify(db, chained)
    assert not report.ok and report.broken_at_seq in (2, 3, 4, 5) and reason in report.reason
