"""Hostile and odd input through every service input, on both engines (issue 4).

Each value is either refused with a ValidationError/AuthError that says what is
wrong, or stored and read back equal (after the documented trimming and case rules).
NUL, C0/C1 controls, bidi and other invisible formatting characters, line/paragraph
separators and lone surrogates are refused by the service itself, identically on
SQLite and PostgreSQL — never left to whichever engine happens to choke on them."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from dashboard_tui.account.auth import GENERIC_LOGIN_ERROR
from dashboard_tui.account.passwords import MAX_PASSWORD, MIN_PASSWORD
from dashboard_tui.db import audit_chain
from dashboard_tui.kit.errors import AuthError, ValidationError
from dashboard_tui.models.auth import Account, User
from dashboard_tui.models.shared import THEMES, AuditLog, Profile
from tests.conftest import PASSWORD
from tests.support import let_time_pass

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# One of each kind of character no stored text may hold.
HOSTILE = {
    "NUL": "\x00",
    "BEL": "\x07",
    "ESC": "\x1b",
    "unit separator": "\x1f",
    "DEL": "\x7f",
    "C1 PAD": "\x80",
    "C1 NEL": "\x85",
    "C1 CSI": "\x9b",
    "right-to-left override": "\u202e",
    "left-to-right embedding": "\u202a",
    "first strong isolate": "\u2068",
    "pop directional isolate": "\u2069",
    "right-to-left mark": "\u200f",
    "zero width space": "\u200b",
    "byte order mark": "\ufeff",
    "soft hyphen": "\u00ad",
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "lone high surrogate": "\ud800",
    "lone low surrogate": "\udfff",
}
CONTROL_MESSAGE = "Control or invisible formatting characters are not allowed."
EMAIL_MESSAGE = "That does not look like an email address (name@example.com)."
PASSWORD_CONTROL_MESSAGE = "The password cannot contain control characters."
REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def forbidden(ch: str) -> bool:
    """What no stored single-line text may contain (ZWJ joins emoji: allowed)."""
    return unicodedata.category(ch) in REFUSED_CATEGORIES and ch != "\u200d"


# -- strategies ----------------------------------------------------------------------
any_char = st.characters(exclude_categories=())  # surrogates and unassigned included
hostile_char = st.sampled_from(sorted(HOSTILE.values()))


def texts(max_size: int = 30) -> st.SearchStrategy[str]:
    """Ordinary text, text laced with hostile characters, and very long text."""
    return st.one_of(
        st.text(st.characters(codec="utf-8"), max_size=max_size),
        st.lists(st.one_of(any_char, hostile_char), max_size=max_size).map("".join),
        st.builds(
            lambda edge, core, n: edge + core * n + edge,
            st.sampled_from(["", " ", "\t", "\n", "\x85", "\u3000"]),
            st.text(min_size=1, max_size=3),
            st.integers(0, 700),
        ),
    )


_emails = itertools.count()


def unique_email() -> str:
    return f"fuzz{next(_emails)}@example.com"


def row_count(db, model) -> int:
    with db.transaction(read_only=True) as s:
        return s.scalar(select(func.count()).select_from(model))


def stored_user(db, user_id):
    with db.transaction(read_only=True) as s:  # a fresh session: read from the database
        user = s.get(User, user_id)
        return user.name, user.email


def assert_whole_and_chained(db) -> None:
    """Every refused or accepted value left the audit trail intact and every user whole."""
    with db.transaction(read_only=True) as s:
        reports = [audit_chain.verify_chain(s, c) for c in audit_chain.chains(s)]
        users = s.scalar(select(func.count()).select_from(User))
        creds = s.scalar(select(func.count()).select_from(Account))
        profiles = s.scalar(select(func.count()).select_from(Profile))
    assert [r for r in reports if not r.ok] == []
    assert users == creds == profiles


# -- each hostile character, field by field, on both engines ----------------------------------
def test_each_hostile_character_is_refused_in_every_text_field_before_any_write(
    auth, profiles, make_user, db, clock
):
    """One database per engine, every character in turn (a database each would cost
    more than the checks)."""
    ana = make_user("Ana")
    for what, ch in HOSTILE.items():
        check_refused_everywhere(what, ch, auth, profiles, ana, db)
        let_time_pass(db, clock, minutes=16)  # past the backoff Ana's failed logins started
    assert_whole_and_chained(db)


def check_refused_everywhere(what, ch, auth, profiles, ana, db) -> None:
    before = (row_count(db, User), row_count(db, AuditLog))
    cases = [
        (lambda: auth.register(f"Ben{ch}ny", "ben@example.com", PASSWORD, PASSWORD), "name"),
        (lambda: auth.register(f"{ch}Ben", "ben@example.com", PASSWORD, PASSWORD), "name"),
        (lambda: auth.register(f"Ben {ch}", "ben@example.com", PASSWORD, PASSWORD), "name"),
        (lambda: auth.register("Ben", f"ben{ch}@example.com", PASSWORD, PASSWORD), "email"),
        (lambda: auth.register("Ben", f"ben@example.com{ch}", PASSWORD, PASSWORD), "email"),
    ]
    for call, field in cases:
        with pytest.raises(ValidationError) as err:
            call()
        message = CONTROL_MESSAGE if field == "name" else EMAIL_MESSAGE
        assert err.value.errors == {field: message}, (what, field)
    for field in ("weight_unit", "currency", "timezone", "theme"):
        values = {"weight_unit": "kg", "currency": "EUR", "timezone": "UTC", "theme": "nord"}
        values[field] = values[field] + ch
        with pytest.raises(ValidationError) as err:
            profiles.update(ana, **values)
        assert set(err.value.errors) == {field}, (what, field)
    assert (row_count(db, User), row_count(db, AuditLog)) == before, what

    # Passwords are never stored as text, but a control character or a lone surrogate
    # cannot be typed, hashed the same everywhere, or meant: refused when set ...
    pw = f"correct{ch}horse battery"
    if unicodedata.category(ch) in {"Cc", "Cs"}:
        with pytest.raises(ValidationError) as err:
            auth.register("Ben", "ben@example.com", pw, pw)
        assert err.value.errors == {"password": PASSWORD_CONTROL_MESSAGE}, what
        with pytest.raises(ValidationError) as err:
            auth.change_password(ana, PASSWORD, pw, pw)
        assert err.value.errors == {"new_password": PASSWORD_CONTROL_MESSAGE}, what
    # ... and at login simply wrong, whatever else is in the email or password.
    for email, password in [
        ("ana@example.com", pw),
        (f"ana{ch}@example.com", PASSWORD),
        (f"{ch}", f"{ch}"),
    ]:
        with pytest.raises(AuthError, match=GENERIC_LOGIN_ERROR):
            auth.login(email, password)
    with pytest.raises(ValidationError) as err:
        auth.change_password(ana, pw, PASSWORD + "!", PASSWORD + "!")
    assert err.value.errors == {"current_password": "The current password is not right."}
    assert row_count(db, User) == before[0], what


def test_very_long_values_are_refused_with_the_length_message(auth, make_user, db):
    ana = make_user("Ana")
    with pytest.raises(ValidationError) as err:
        auth.register("N" * 121, "ben@example.com", PASSWORD, PASSWORD)
    assert err.value.errors == {"name": "At most 120 characters (got 121)."}
    long_email = "b" * 243 + "@example.com"  # 255 characters
    with pytest.raises(ValidationError) as err:
        auth.register("Ben", long_email, PASSWORD, PASSWORD)
    assert err.value.errors == {"email": "At most 254 characters (got 255)."}
    long_pw = "p" * (MAX_PASSWORD + 1)
    with pytest.raises(ValidationError) as err:
        auth.register("Ben", "ben@example.com", long_pw, long_pw)
    assert err.value.errors == {"password": f"At most {MAX_PASSWORD} characters."}
    with pytest.raises(ValidationError) as err:
        auth.change_password(ana, PASSWORD, long_pw, long_pw)
    assert err.value.errors == {"new_password": f"At most {MAX_PASSWORD} characters."}
    with pytest.raises(AuthError, match=GENERIC_LOGIN_ERROR):
        auth.login("ana@example.com", long_pw)
    with pytest.raises(AuthError, match=GENERIC_LOGIN_ERROR):
        auth.login("a" * 10_000 + "@example.com", PASSWORD)
    assert row_count(db, User) == 1


def test_odd_but_harmless_text_is_stored_and_read_back_exactly(auth, db):
    names = [
        "[b]bold[/b] $(rm -rf /) <script>",  # markup is shown literally, not refused
        "Zoë Ñúñez-O'Brien",
        "李小龍 · 김민준 · محمد · Ἀριστοτέλης",
        "👨\u200d👩\u200d👧 family",  # ZWJ sequence
        "e\u0301 (combining)",
        "\ue000 private use",  # e.g. Nerd Font icons
        "\U000e0000x",  # unassigned today, may be assigned tomorrow
        "x" * 120,
    ]
    for n, name in enumerate(names):
        reg = auth.register(f"  {name}\t", f"odd{n}@example.com", PASSWORD, PASSWORD)
        assert stored_user(db, reg.user.id) == (name, f"odd{n}@example.com")
    assert_whole_and_chained(db)


# -- Hypothesis: anything at all --------------------------------------------------------------
@FUZZ
@given(name=texts())
def test_fuzz_register_name(auth, db, name):
    try:
        reg = auth.register(name, unique_email(), PASSWORD, PASSWORD)
    except ValidationError as exc:
        assert set(exc.errors) == {"name"}
        message = exc.errors["name"]
        assert message in {"This field is required.", CONTROL_MESSAGE} or message.startswith(
            "At most 120 characters"
        )
        return
    stored, _ = stored_user(db, reg.user.id)
    assert stored == name.strip() == reg.user.name
    assert 1 <= len(stored) <= 120 and not any(forbidden(c) for c in name.strip(" \t\r\n"))


@FUZZ
@given(local=texts(20), domain=st.sampled_from(["example.com", "EXAMPLE.org", "x.y", ""]))
def test_fuzz_register_and_login_email(auth, db, local, domain):
    email = f"{local}@{domain}" if domain else local
    try:
        reg = auth.register("Fuzz", email, PASSWORD, PASSWORD)
    except ValidationError as exc:
        assert set(exc.errors) == {"email"}
        assert exc.errors["email"] in {
            "Enter an email address.",
            EMAIL_MESSAGE,
            "An account with this email already exists.",
        } or exc.errors["email"].startswith("At most 254 characters")
        with pytest.raises(AuthError):
            auth.login(email, PASSWORD + "?")  # never a crash, whatever the email
        return
    _, stored = stored_user(db, reg.user.id)
    assert stored == email.strip().lower() == reg.user.email
    assert not any(forbidden(c) for c in stored)
    assert auth.login(email, PASSWORD).user.id == reg.user.id


@FUZZ
@given(password=texts(40))
def test_fuzz_register_password_then_login(auth, password):
    email = unique_email()
    try:
        auth.register("Fuzz", email, password, password)
    except ValidationError as exc:
        assert set(exc.errors) == {"password"}
        assert exc.errors["password"] in {
            f"At most {MAX_PASSWORD} characters.",
            f"Use at least {MIN_PASSWORD} characters.",
            "The password cannot contain a NUL character.",
            PASSWORD_CONTROL_MESSAGE,
        }
        return
    # "Read back equal": the stored hash verifies that exact password, and no other.
    assert auth.login(email, password).user.email == email
    with pytest.raises(AuthError):
        auth.login(email, password + "x")


@FUZZ
@given(email=texts(20), password=texts(40))
def test_fuzz_login_never_crashes_and_never_says_which_part_was_wrong(
    auth, make_user, email, password
):
    if auth.has_users() is False:
        make_user("Ana")
    for candidate in (email, "ana@example.com"):
        if candidate == "ana@example.com" and password == PASSWORD:
            continue
        with pytest.raises(AuthError) as err:
            auth.login(candidate, password)
        assert str(err.value) == GENERIC_LOGIN_ERROR or str(err.value).startswith(
            "Too many failed attempts"
        )


@FUZZ
@given(current_right=st.booleans(), new=texts(40), confirm_same=st.booleans())
def test_fuzz_change_password(auth, make_user, current_right, new, confirm_same):
    email = unique_email()
    login = make_user("Fuzz", email=email)
    current = PASSWORD if current_right else new
    confirm = new if confirm_same else new + "?"
    try:
        auth.change_password(login, current, new, confirm)
    except ValidationError as exc:
        assert set(exc.errors) <= {"new_password", "new_password_confirm", "current_password"}
        assert all(exc.errors.values())
        assert auth.login(email, PASSWORD)  # unchanged
        return
    assert current_right and confirm_same and new != "" and auth.login(email, new)


profile_values = {
    "weight_unit": st.one_of(st.sampled_from(["kg", " LB ", "Kg"]), texts(8)),
    "currency": st.one_of(st.sampled_from(["eur", " usd", "GBP", "ınr", "xxx"]), texts(5)),
    "timezone": st.one_of(
        st.sampled_from(["UTC", " Europe/Madrid ", "America/Argentina/Buenos_Aires", "utc"]),
        texts(40),
    ),
    "theme": st.one_of(st.sampled_from(THEMES), texts(15)),
    "week_start": st.one_of(st.integers(0, 6), st.integers(-(2**70), 2**70)),
}


@FUZZ
@given(values=st.fixed_dictionaries(profile_values))
def test_fuzz_profile_update(profiles, make_user, db, values):
    login = make_user("Fuzz", email=unique_email())
    try:
        saved = profiles.update(login, **values)
    except ValidationError as exc:
        assert exc.errors and set(exc.errors) <= set(profile_values)
        assert all(exc.errors.values())
        assert profiles.get(login).currency == "EUR"  # nothing of it was kept
        return
    with db.transaction(read_only=True) as s:
        row = s.scalars(select(Profile).where(Profile.user_id == login.user.id)).one()
        stored = {k: getattr(row, k) for k in profile_values}
    assert stored == saved.__dict__
    trim = {k: values[k].strip(" \t\r\n") for k in ("weight_unit", "currency", "timezone")}
    assert stored == {
        "weight_unit": trim["weight_unit"].lower(),
        "currency": trim["currency"].upper(),
        "timezone": trim["timezone"],
        "theme": values["theme"],
        "week_start": values["week_start"],
    }
    assert all(trim[k].isascii() for k in ("weight_unit", "currency"))


def test_a_token_with_a_lone_surrogate_is_just_not_a_token(auth, make_user):
    make_user("Ana")
    assert auth.resume("abc\ud800") is None
    with pytest.raises(ValidationError) as err:
        auth.reset_password("abc\ud800", PASSWORD + "!", PASSWORD + "!")
    assert set(err.value.errors) == {"token"}
