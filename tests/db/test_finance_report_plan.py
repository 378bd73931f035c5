"""A period's category report reads one range of ix_transactions_report: the
user, the report's currency and the period's days (SQLite's query plan; the
figures at 1M rows are bench/finance_reports.py's). Without the currency SQLite
read the period from another index and the table; and the split transactions'
sums read the period twice more, asking of each row whether it has parts."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard_tui.finance.repository import TransactionRepository
from dashboard_tui.kit.repository import UserScope


def plans(db, make_user, **kwargs) -> list[str]:
    ana = make_user("Ana")
    captured = []
    with db.transaction(read_only=True) as s:
        repo = TransactionRepository(s, UserScope(ana.user.id))
        real_execute = s.execute
        s.execute = lambda stmt, *a, **k: (captured.append(stmt), real_execute(stmt, *a, **k))[1]  # type: ignore[method-assign]
        repo.category_totals(date(2024, 1, 1), date(2024, 12, 31), **kwargs)
        s.execute = real_execute  # type: ignore[method-assign]
    (stmt,) = captured
    with db.engine.connect() as conn:
        sql = stmt.compile(conn, compile_kwargs={"literal_binds": True})
        return [str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]


# SQLite's plan only: PostgreSQL plans by its statistics.
@pytest.mark.parametrize("engine_name", ["sqlite"])
def test_a_years_category_sums_read_one_range_of_the_report_index(db, make_user):
    found = plans(db, make_user, currency="EUR")
    (wholes,) = [p for p in found if "ix_transactions_report" in p]
    assert "COVERING INDEX" in wholes, found
    assert "user_id=? AND currency=? AND date>? AND date<?" in wholes, found
    # The split ones (taken back whole, added by part) are found from their parts,
    # each transaction by its key: no second and third pass over the period.
    by_key = [p for p in found if "uq_transactions_id_user_id (id=? AND user_id=?)" in p]
    assert len(by_key) == 2, found
