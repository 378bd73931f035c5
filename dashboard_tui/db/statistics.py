"""Planner statistics for SQLite.

Without them SQLite reads `user_id = ?` on a single-column index as selective, while
in a personal database nearly every row has the same user_id: the gym queries then
walk all of a person's sets (9.9 s for a 26-week volume chart at 200,000 sets)
instead of following workout → exercise → sets (under 1 ms). A sampled ANALYZE
(analysis_limit) misjudges that index the same way, so the full one runs, but only
when a table has grown to twice what its statistics say (or has none): about 0.1 s
per 200,000 sets, on the app's background thread. PostgreSQL's autovacuum keeps its
own statistics."""

from __future__ import annotations

from sqlalchemy import inspect, text

from dashboard_tui.db.uow import Database

GROWTH = 2  # re-analyse once a table holds this many times the rows its stats say
MIN_ROWS = 1000  # below this every plan is fast


def stale_tables(db: Database) -> list[str]:
    """Tables whose statistics are missing or out of date (max(rowid) grows with
    every insert: a cheap upper bound of the row count)."""
    with db.engine.connect() as conn:
        tables = [t for t in inspect(conn).get_table_names() if not t.startswith("sqlite_")]
        has_stats = conn.scalar(
            text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        )
        known: dict[str, int] = {}
        if has_stats:
            for row in conn.execute(text("SELECT tbl, stat FROM sqlite_stat1")):
                table, stat = row[0], row[1]  # mypy unpacks an untyped Row into objects
                known[table] = max(known.get(table, 0), int(str(stat).split()[0]))
        stale = []
        for table in tables:
            # table names come from the schema, never from input
            rows = conn.scalar(text(f'SELECT max(rowid) FROM "{table}"')) or 0  # noqa: S608
            if rows >= MIN_ROWS and rows >= GROWTH * known.get(table, 0):
                stale.append(table)
        return stale


def refresh_statistics(db: Database) -> list[str]:
    """ANALYZE the SQLite tables that need it; returns their names (none on PostgreSQL)."""
    if not db.is_sqlite:
        return []
    stale = stale_tables(db)
    if stale:
        with db.engine.begin() as conn:
            for table in stale:
                conn.execute(text(f'ANALYZE "{table}"'))
    return stale
