"""Registration, login, sessions, password change and admin actions, on both engines."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest
from sqlalchemy import func, select, text

from dashboard_tui.account.auth import GENERIC_LOGIN_ERROR, AuthService
from dashboard_tui.account.passwords import MAX_PASSWORD, Passwords
from dashboard_tui.config import RegistrationMode
from dashboard_tui.kit.errors import AuthError, NotFound, PermissionDenied, ValidationError
from dashboard_tui.models.auth import LoginSession, User, VerificationToken
from dashboard_tui.models.shared import AuditLog
from tests.conftest import PASSWORD, TEST_CLIENT
from tests.support import let_time_pass


def actions(db, user_id=None):
    with db.transaction(read_only=True) as s:
        stmt = select(AuditLog.action).order_by(AuditLog.at, AuditLog.seq)
        if user_id is not None:
            stmt = stmt.where(AuditLog.user_id == user_id)
        return list(s.scalars(stmt))


def service_with(auth, **settings):
    return AuthService(
        auth.db,
        replace(auth.settings, **settings),
        passwords=auth.passwords,
        clock=auth.clock,
        client=TEST_CLIENT,
    )


def test_first_account_is_an_active_admin_with_a_hashed_session(auth, db):
    reg = auth.register("Ana", "Ana@Example.com", PASSWORD, PASSWORD)
    assert (reg.user.role, reg.user.status, reg.user.email) == (
        "admin",
        "active",
        "ana@example.com",
    )
    token = reg.login.token
    assert len(token) >= 43  # 32 random bytes, url-safe base64
    with db.transaction(read_only=True) as s:
        row = s.scalars(select(LoginSession)).one()
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert (row.host, row.client) == (TEST_CLIENT.host, TEST_CLIENT.client)
        dump = " ".join(str(v) for v in s.execute(text("SELECT * FROM audit_logs")).all())
    assert token not in dump and PASSWORD not in dump
    assert actions(db, reg.user.id) == ["user.register", "auth.login"]


def test_later_accounts_follow_the_registration_mode(auth, make_user):
    admin = make_user("Ana")
    member = auth.register("Ben", "ben@example.com", PASSWORD, PASSWORD)
    assert (member.user.role, member.user.status) == ("member", "active")

    approval = service_with(auth, registration=RegistrationMode.APPROVAL)
    pending = approval.register("Cy", "cy@example.com", PASSWORD, PASSWORD)
    assert pending.login is None and pending.user.status == "pending"
    with pytest.raises(AuthError, match="approval"):
        approval.login("cy@example.com", PASSWORD)
    approval.approve(admin.scope, "cy@example.com")
    assert approval.login("cy@example.com", PASSWORD).user.status == "active"

    closed = service_with(auth, registration=RegistrationMode.CLOSED)
    with pytest.raises(PermissionDenied, match="closed"):
        closed.register("Dee", "dee@example.com", PASSWORD, PASSWORD)
    added = closed.register("Dee", "dee@example.com", PASSWORD, PASSWORD, by_admin=admin.scope)
    assert added.user.status == "active" and added.login is None


@pytest.mark.parametrize(
    ("name", "email", "password", "confirm", "field"),
    [
        ("Ana", "", PASSWORD, PASSWORD, "email"),
        ("Ana", "not-an-email", PASSWORD, PASSWORD, "email"),
        ("Ana", "a@b", PASSWORD, PASSWORD, "email"),
        ("Ana", "ana@example.com", "short", "short", "password"),
        ("Ana", "ana@example.com", PASSWORD, PASSWORD + "x", "password_confirm"),
        ("", "ana@example.com", PASSWORD, PASSWORD, "name"),
        ("A\x1b[31mna", "ana@example.com", PASSWORD, PASSWORD, "name"),
        ("Ana\u202e", "ana@example.com", PASSWORD, PASSWORD, "name"),
        ("Ana\x00", "ana@example.com", PASSWORD, PASSWORD, "name"),
        ("x" * 121, "ana@example.com", PASSWORD, PASSWORD, "name"),
        ("Ana", "ana@example.com", "p" * (MAX_PASSWORD + 1), "p" * (MAX_PASSWORD + 1), "password"),
    ],
)
def test_bad_registration_input_names_the_field_and_stores_nothing(
    auth, db, name, email, password, confirm, field
):
    with pytest.raises(ValidationError) as err:
        auth.register(name, email, password, confirm)
    assert field in err.value.errors
    with db.transaction(read_only=True) as s:
        assert s.scalar(select(func.count()).select_from(User)) == 0


def test_markup_in_a_name_is_kept_literally(auth):
    reg = auth.register("[b]x[/b] [@click=app.quit]q[/]", "m@example.com", PASSWORD, PASSWORD)
    assert reg.user.name == "[b]x[/b] [@click=app.quit]q[/]"


def test_duplicate_email_is_a_field_error(auth, make_user):
    make_user("Ana")
    with pytest.raises(ValidationError) as err:
        auth.register("Other", "ANA@example.com", PASSWORD, PASSWORD)
    assert "email" in err.value.errors


def test_wrong_password_and_unknown_email_get_the_same_message(auth, db, make_user):
    ana = make_user("Ana")
    for email, password in [
        ("ana@example.com", "wrong password!"),
        ("nobody@example.com", PASSWORD),
    ]:
        with pytest.raises(AuthError) as err:
            auth.login(email, password)
        assert str(err.value) == GENERIC_LOGIN_ERROR
    assert actions(db, ana.user.id)[-1] == "auth.login_failed"
    assert actions(db, None).count("auth.login_failed") == 2


class CountingPasswords(Passwords):
    """Counts argon2 work (a spy on the hasher, not on the database)."""

    def __init__(self, hasher) -> None:
        super().__init__(hasher)
        self.verifies = self.hashes = 0

    def verify(self, stored_hash, password):
        self.verifies += 1
        return super().verify(stored_hash, password)

    def hash(self, password):
        self.hashes += 1
        return super().hash(password)

    def prove(self, password, prefix, hash_len):  # PostgreSQL's verify (migration 0007)
        self.verifies += 1
        return super().prove(password, prefix, hash_len)


def test_unknown_email_costs_one_verify_like_a_wrong_password(auth, make_user):
    make_user("Ana")
    spy = CountingPasswords(auth.passwords.hasher)
    spy.burn_dummy("warm up")  # the dummy hash is made once per process
    counted = AuthService(auth.db, auth.settings, passwords=spy, clock=auth.clock)
    for email in ("ana@example.com", "nobody@example.com"):
        before = (spy.verifies, spy.hashes)
        with pytest.raises(AuthError):
            counted.login(email, "wrong password!")
        assert (spy.verifies - before[0], spy.hashes - before[1]) == (1, 0)


def test_huge_input_is_refused_before_hashing(auth, make_user):
    make_user("Ana")
    spy = CountingPasswords(auth.passwords.hasher)
    counted = AuthService(auth.db, auth.settings, passwords=spy, clock=auth.clock)
    with pytest.raises(AuthError):
        counted.login("ana@example.com", "x" * 1_000_000)
    with pytest.raises(ValidationError):
        counted.register("Big", "big@example.com", "x" * 1_000_000, "x" * 1_000_000)
    assert (spy.verifies, spy.hashes) == (0, 0)


def test_backoff_is_per_account(auth, db, clock, make_user):
    make_user("Ana")
    make_user("Ben")
    for _ in range(5):
        with pytest.raises(AuthError):
            auth.login("ana@example.com", "wrong password!")
    with pytest.raises(AuthError, match="Too many failed attempts"):
        auth.login("ana@example.com", PASSWORD)  # even the right password waits
    assert auth.login("ben@example.com", PASSWORD).user.name == "Ben"  # B is not locked out
    let_time_pass(db, clock, seconds=31)
    assert auth.login("ana@example.com", PASSWORD).user.name == "Ana"
    with pytest.raises(AuthError) as err:  # the counter was reset by the success
        auth.login("ana@example.com", "wrong password!")
    assert str(err.value) == GENERIC_LOGIN_ERROR


def test_login_rehashes_when_parameters_change(auth, db, make_user):
    from argon2 import PasswordHasher

    make_user("Ana")
    stronger = Passwords(PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    upgraded = AuthService(db, auth.settings, passwords=stronger, clock=auth.clock)
    upgraded.login("ana@example.com", PASSWORD)
    with db.transaction(read_only=True) as s:
        stored = s.scalar(text("SELECT password_hash FROM accounts"))
    assert "t=2" in stored and "m=16" in stored
    assert not stronger.needs_rehash(stored)
    assert actions(db)[-1] == "auth.login"


def test_resume_honours_idle_and_absolute_expiry(auth, clock, settings, make_user):
    token = make_user("Ana").token
    assert auth.resume(token).user.name == "Ana"
    assert auth.resume("not-a-token") is None
    clock.advance(days=settings.session_idle_days + 1)
    assert auth.resume(token) is None  # idle too long (and the row is gone)

    token = auth.login("ana@example.com", PASSWORD).token
    for _ in range(settings.session_absolute_days // (settings.session_idle_days - 1) + 1):
        clock.advance(days=settings.session_idle_days - 1)
        if auth.resume(token) is None:
            break
    else:
        pytest.fail("the session outlived its absolute expiry")
    assert auth.resume(token) is None


def test_logout_deletes_the_session_and_is_audited(auth, db, make_user):
    login = make_user("Ana")
    auth.logout(login)
    assert auth.resume(login.token) is None
    assert actions(db, login.user.id)[-1] == "auth.logout"


def test_change_password_ends_every_other_session(auth, db, make_user):
    here = make_user("Ana")
    there = auth.login("ana@example.com", PASSWORD)
    with pytest.raises(ValidationError) as err:
        auth.change_password(here, "wrong current pw", "brand new password", "brand new password")
    assert "current_password" in err.value.errors
    with pytest.raises(ValidationError) as err:
        auth.change_password(here, PASSWORD, "brand new password", "mismatch!!!")
    assert "new_password_confirm" in err.value.errors

    assert auth.change_password(here, PASSWORD, "brand new password", "brand new password") == 1
    assert auth.resume(there.token) is None
    assert auth.resume(here.token) is not None
    with pytest.raises(AuthError):
        auth.login("ana@example.com", PASSWORD)
    assert auth.login("ana@example.com", "brand new password")
    assert "auth.password_changed" in actions(db, here.user.id)


def test_sessions_are_listed_and_ended_only_by_their_owner(auth, make_user):
    ana = make_user("Ana")
    other = auth.login("ana@example.com", PASSWORD)
    ben = make_user("Ben")
    listed = auth.list_sessions(ana)
    assert {s.id for s in listed} == {ana.session_id, other.session_id}
    assert [s.current for s in listed if s.id == ana.session_id] == [True]
    with pytest.raises(NotFound):
        auth.end_session(ben, other.session_id)
    assert auth.resume(other.token) is not None
    auth.end_session(ana, other.session_id)
    assert auth.resume(other.token) is None


def test_admin_disable_enable_and_reset_token(auth, db, clock, make_user):
    admin = make_user("Ana")
    ben = make_user("Ben")
    with pytest.raises(PermissionDenied):
        auth.disable(ben.scope, "ana@example.com")
    auth.disable(admin.scope, "ben@example.com")
    assert auth.resume(ben.token) is None
    with pytest.raises(AuthError, match="disabled"):
        auth.login("ben@example.com", PASSWORD)
    auth.enable(admin.scope, "ben@example.com")

    token = auth.issue_reset_token(admin.scope, "ben@example.com")
    with db.transaction(read_only=True) as s:
        row = s.scalars(select(VerificationToken)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    auth.reset_password(token, "reset password 1", "reset password 1")
    assert auth.login("ben@example.com", "reset password 1")
    with pytest.raises(ValidationError):  # one-time
        auth.reset_password(token, "reset password 2", "reset password 2")

    late = auth.issue_reset_token(admin.scope, "ben@example.com")
    let_time_pass(db, clock, hours=25)
    with pytest.raises(ValidationError, match="expired"):
        auth.reset_password(late, "reset password 3", "reset password 3")
    trail = actions(db, ben.user.id)
    for action in (
        "user.disabled",
        "user.enabled",
        "user.reset_token_issued",
        "auth.password_reset",
    ):
        assert action in trail


AUDIT_FAILS = {
    "sqlite": [
        "CREATE TRIGGER audit_down BEFORE INSERT ON audit_logs "
        "BEGIN SELECT RAISE(ABORT, 'audit is down'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit is down'; END $$",
        "CREATE TRIGGER audit_down BEFORE INSERT ON audit_logs "
        "FOR EACH ROW EXECUTE FUNCTION audit_down()",
    ],
}


def test_when_the_audit_insert_fails_the_change_is_rolled_back(auth, db, engine_name, make_user):
    ana = make_user("Ana")
    with db.transaction() as s:
        for stmt in AUDIT_FAILS[engine_name]:
            s.execute(text(stmt))
    with pytest.raises(Exception, match="audit is down"):
        auth.register("Ben", "ben@example.com", PASSWORD, PASSWORD)
    with pytest.raises(Exception, match="audit is down"):
        auth.change_password(ana, PASSWORD, "brand new password", "brand new password")
    with db.transaction(read_only=True) as s:
        assert s.scalar(select(func.count()).select_from(User)) == 1
    with db.transaction() as s:
        s.execute(
            text(
                "DROP TRIGGER audit_down"
                + (" ON audit_logs" if engine_name == "postgresql" else "")
            )
        )
    assert auth.login("ana@example.com", PASSWORD)  # the old password still holds
