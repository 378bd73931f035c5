"""The register's first page is an index range, not a scan of the account: read in
reverse from ix_transactions_account_id_date, with no sort of the account's rows
(SQLite's query plan; a bench at 1M rows belongs in bench/). Payee completion uses
the (user_id, payee) index."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard_tui.finance.repository import TransactionRepository
from dashboard_tui.kit.repository import UserScope
from dashboard_tui.models.finance import Transaction


def plan(db, stmt) -> str:
    with db.engine.connect() as conn:
        sql = stmt.compile(conn, compile_kwargs={"literal_binds": True})
        return "\n".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))


# SQLite's plan only: PostgreSQL plans by its statistics (a case that only skipped
# there would be a skip in every CI run).
@pytest.mark.parametrize("engine_name", ["sqlite"])
def test_the_register_reads_an_index_range(db, make_user):
    ana = make_user("Ana")
    with db.transaction(read_only=True) as s:
        repo = TransactionRepository(s, UserScope(ana.user.id))
        captured = []
        real_scalars = s.scalars
        s.scalars = lambda stmt, *a, **k: (captured.append(stmt), real_scalars(stmt, *a, **k))[1]  # type: ignore[method-assign]
        repo.register(ana.user.id, limit=51)
        s.scalars = real_scalars  # type: ignore[method-assign]
    found = plan(db, captured[0])
    assert "ix_transactions_account_id_date" in found, found
    assert "TEMP B-TREE" not in found, found  # no sort of the account's rows
    payees = plan(
        db,
        select(Transaction.payee)
        .where(Transaction.user_id == ana.user.id, Transaction.payee.like("Li%"))
        .group_by(Transaction.payee),
    )
    assert "ix_transactions_user_id_payee" in payees, payees
