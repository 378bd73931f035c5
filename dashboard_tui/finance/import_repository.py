"""The CSV import's queries, always for one user (kit/repository.py): import profiles,
payee rules, the fingerprints an account's imported rows carry, and the bulk insert
of a file's new rows."""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func

from dashboard_tui.kit.repository import ScopedRepository
from dashboard_tui.models.finance import ImportProfile, PayeeRule, Transaction

BATCH = 5000
SQLITE_CACHE_KIB = 64 * 1024
# 12 values a row: 999 rows stay under SQLite's 32,766 parameters (since 3.32).
SQLITE_ROWS_PER_STATEMENT = 999
PG_BATCH = 10_000


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

    def insert_transactions(
        self,
        account_id: uuid.UUID,
        currency: str,
        now: datetime,
        rows: Sequence[NewRow],
    ) -> int:
        """Many new transactions of one account at once, each this user's, uncleared,
        no transfer, no tags, created at `now` plus its place in `rows` in
        microseconds (the register sorts a day's rows by (created_at, id): the
        file's order is kept).

        Straight to the driver, in batches, with no ORM object and no per-row bind
        processing (that was most of a 100,000-row import), in the session's
        transaction: a row the database refuses takes every batch with it.
        - SQLite: many rows per INSERT statement (SQLite opens a statement journal
          per statement, as the catalog trigger may abort one, so a row per
          statement costs several times more); values as SQLAlchemy stores them
          (UUIDs as 32 hex digits, dates and times as ISO text).
        - PostgreSQL: one INSERT … SELECT FROM unnest(arrays) per batch: one round
          trip and one statement for thousands of rows; ids and created_at made by
          the server."""
        if not rows:
            return 0
        conn = self.session.connection()
        if conn.dialect.name == "sqlite":
            self._insert_sqlite(conn, account_id, currency, now, rows)
        else:
            self._insert_postgresql(conn, account_id, currency, now, rows)
        return len(rows)

    def _insert_sqlite(
        self,
        conn: Connection,
        account_id: uuid.UUID,
        currency: str,
        now: datetime,
        rows: Sequence[NewRow],
    ) -> None:
        stamp = now.astimezone(UTC).replace(tzinfo=None)
        updated = stamp.isoformat(" ", "microseconds")
        fixed = (self.scope.user_id.hex, account_id.hex, currency, updated)
        one = "(?,?,?,?,?,?,?,?,?,?,?,?,NULL,'uncleared','')"
        per_statement = SQLITE_ROWS_PER_STATEMENT
        big = len(rows) > BATCH
        if big:
            # The page cache holds the indexes being filled (default: 2 MiB, which
            # spills to the WAL halfway through a big file); this connection's only.
            before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
            conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        try:
            full = f"{_SQLITE_INSERT} VALUES {','.join([one] * per_statement)}"
            for start in range(0, len(rows), per_statement):
                chunk = rows[start : start + per_statement]
                ids = _uuid4_hex(len(chunk))
                values: list[Any] = []
                add = values.extend
                for i, (day, amount, category, payee, memo, fingerprint) in enumerate(chunk, start):
                    created = (stamp + timedelta(microseconds=i)).isoformat(" ", "microseconds")
                    add(
                        (
                            ids[i - start],
                            *fixed,
                            created,
                            day.isoformat(),
                            amount,
                            category.hex if category is not None else None,
                            payee,
                            memo,
                            fingerprint,
                        )
                    )
                sql = full
                if len(chunk) < per_statement:
                    sql = f"{_SQLITE_INSERT} VALUES {','.join([one] * len(chunk))}"
                conn.exec_driver_sql(sql, tuple(values))
        finally:
            if big:
                conn.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")

    def _insert_postgresql(
        self,
        conn: Connection,
        account_id: uuid.UUID,
        currency: str,
        now: datetime,
        rows: Sequence[NewRow],
    ) -> None:
        for start in range(0, len(rows), PG_BATCH):
            chunk = rows[start : start + PG_BATCH]
            days, amounts, categories, payees, memos, prints = (
                list(column) for column in zip(*chunk, strict=True)
            )
            conn.exec_driver_sql(
                _PG_INSERT,
                (
                    self.scope.user_id,
                    account_id,
                    currency,
                    now,
                    now,
                    start,
                    days,
                    amounts,
                    categories,
                    payees,
                    memos,
                    prints,
                ),
            )


# A new row: (date, amount_minor, category_id, payee, memo, import_fingerprint).
NewRow = tuple[date, int, uuid.UUID | None, str, str, str]

_SQLITE_INSERT = (
    "INSERT INTO transactions (id, user_id, account_id, currency, updated_at, created_at,"
    " date, amount_minor, category_id, payee, memo, import_fingerprint, transfer_id,"
    " status, tags)"
)

_PG_INSERT = (
    "INSERT INTO transactions (id, user_id, account_id, currency, updated_at, created_at,"
    " date, amount_minor, category_id, payee, memo, import_fingerprint, transfer_id,"
    " status, tags)"
    " SELECT gen_random_uuid(), %s, %s, %s, %s,"
    " %s::timestamptz + (%s + r.n - 1) * interval '1 microsecond',"
    " r.d, r.a, r.c, r.p, r.m, r.f, NULL, 'uncleared', ''"
    " FROM unnest(%s::date[], %s::bigint[], %s::uuid[], %s::text[], %s::text[], %s::text[])"
    " WITH ORDINALITY AS r(d, a, c, p, m, f, n)"
)


def _uuid4_hex(n: int) -> list[str]:
    """n random (version 4) UUIDs as 32 hex digits, as SQLAlchemy stores a UUID in
    SQLite: from one read of the system's random source, not n UUID objects."""
    raw = os.urandom(16 * n)
    clear = ~((0xF000 << 64) | (0xC000 << 48))
    setbits = (0x4000 << 64) | (0x8000 << 48)
    return [
        f"{(int.from_bytes(raw[k : k + 16]) & clear) | setbits:032x}" for k in range(0, 16 * n, 16)
    ]
