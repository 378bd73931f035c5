"""The CSV import's queries, always for one user (kit/repository.py): import profiles,
payee rules, the fingerprints an account's imported rows carry, and the bulk insert
of a file's new rows."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert

from dashboard_tui.kit.repository import ScopedRepository
from dashboard_tui.models.finance import ImportProfile, PayeeRule, Transaction

BATCH = 5000
SQLITE_CACHE_KIB = 64 * 1024


class ImportRepository(ScopedRepository):
    # -- profiles ---------------------------------------------------------------------
    def profiles(self) -> list[ImportProfile]:
        stmt = self._select(ImportProfile).order_by(func.lower(ImportProfile.name))
        return list(self.session.scalars(stmt))

    def profile_named(self, name: str) -> ImportProfile | None:
        stmt = self._select(ImportProfile).where(
            func.lower(ImportProfile.name) == name.strip().lower()
        )
        return self.session.scalars(stmt.limit(1)).first()

    def add_profile(self, row: ImportProfile) -> ImportProfile:
        return self._add(row)

    def delete_profile(self, row: ImportProfile) -> None:
        self._delete(row)

    # -- payee rules ------------------------------------------------------------------
    def rules(self) -> list[PayeeRule]:
        stmt = self._select(PayeeRule).order_by(PayeeRule.position, PayeeRule.created_at)
        return list(self.session.scalars(stmt))

    def get_rule(self, rule_id: uuid.UUID) -> PayeeRule | None:
        return self._get(PayeeRule, rule_id)

    def add_rule(self, row: PayeeRule) -> PayeeRule:
        return self._add(row)

    def delete_rule(self, row: PayeeRule) -> None:
        self._delete(row)

    # -- the import ---------------------------------------------------------------------
    def fingerprints(self, account_id: uuid.UUID) -> set[str]:
        """The import fingerprints of the account's rows (hand-entered rows have none)."""
        stmt = self._select(Transaction, Transaction.import_fingerprint).where(
            Transaction.account_id == account_id, Transaction.import_fingerprint.is_not(None)
        )
        return {f for f in self.session.scalars(stmt) if f is not None}

    def insert_transactions(self, rows: Sequence[dict[str, Any]]) -> int:
        """Many new transactions at once (Core executemany, no ORM objects), each
        made this user's whatever it says."""
        uid = self.scope.user_id
        conn = self.session.connection()
        sqlite = conn.dialect.name == "sqlite"
        if sqlite and len(rows) > BATCH:
            # The page cache holds the indexes being filled (default: 2 MiB, which
            # spills to the WAL halfway through a big file); this connection's only.
            before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
            conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        try:
            for start in range(0, len(rows), BATCH):
                batch = [{**r, "user_id": uid} for r in rows[start : start + BATCH]]
                if sqlite:
                    # RETURNING makes SQLAlchemy write many rows per INSERT statement
                    # ("insertmanyvalues"): SQLite opens a statement journal per
                    # statement (the catalog trigger may abort one), so a row per
                    # statement costs several times more.
                    stmt = insert(Transaction).returning(Transaction.amount_minor)
                    conn.execute(stmt, batch).all()
                else:
                    # psycopg's executemany: one prepared statement, pipelined (a
                    # many-row VALUES costs more, in the driver, than it saves).
                    conn.execute(insert(Transaction), batch)
        finally:
            if sqlite and len(rows) > BATCH:
                conn.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")
        return len(rows)
