"""PostgreSQL writes some audit rows itself (a failed login, an admin's change to
another account: migration 0007), hashed over the same canonical text as
db/audit_chain._content. The SQL and the Python forms must agree byte for byte on
any value, or such rows would fail `audit verify`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

# What JSON columns can hold on PostgreSQL: text without NUL or lone surrogates.
TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"))
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**62), 2**62) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
INSTANTS = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2999, 12, 31), timezones=st.just(UTC)
)
RELAXED = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


pytestmark = pytest.mark.parametrize("engine_name", ["postgresql"])  # SQL side: PG only


@pytest.fixture
def pg(db):
    with db.engine.connect() as conn:
        yield conn


@RELAXED
@given(value=VALUES)
def test_sql_canonical_json_is_pythons(pg, value):
    python = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    sql = pg.scalar(text("SELECT audit_json(CAST(:v AS jsonb))"), {"v": json.dumps(value)})
    assert sql == python


@RELAXED
@given(instant=INSTANTS)
def test_sql_instants_are_pythons_isoformat(pg, instant):
    assert pg.scalar(text("SELECT audit_iso(:t)"), {"t": instant}) == instant.isoformat()


def test_the_awkward_strings(pg):
    for value in ("", '"\\/', "\x01\x1f\x7f", "é ü 中 😀 \u2028 \u202e", "a\nb\rc\td\be\ff"):
        python = json.dumps(value, ensure_ascii=True)
        assert pg.scalar(text("SELECT audit_json_string(:v)"), {"v": value}) == python
