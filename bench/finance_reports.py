"""The finance reports at 1,000,000 transactions (issue 11, Speed: a year's month-by-
category report query ≤ 50 ms, all time ≤ 500 ms).

One person with BENCH_FINANCE_ROWS transactions (default 1,000,000) over five years
in six accounts, brought in through the CSV import (bench/finance_import.py's file
shape; payee rules categorise most rows), and BENCH_FINANCE_SPLITS split ones
(default 1,000) entered through the transaction service. Each figure is the
ReportService call a screen makes, BENCH_RUNS times (default 5), median:
- finance_report_month_query_<engine>: month by category, the last full month;
- finance_report_year_query_<engine>: by category, the last full year;
- finance_report_all_query_<engine>: by category, all time;
- finance_report_flow_query_<engine>: income vs expense, 12 months;
- finance_report_net_worth_query_<engine>: net worth, 24 months.

The work runs in a child process per engine (`python bench/finance_reports.py run
URL`), so rss_mib is its own peak. SQLite in a temporary folder (not ANALYZEd: the
app never runs ANALYZE); PostgreSQL in a scratch database on
DASHBOARD_BENCH_DATABASE_URL (else DASHBOARD_TEST_DATABASE_URL), dropped afterwards."""

from __future__ import annotations

import json
import os
import sys

from _common import ROOT, bench_line, bench_main, note, run_child
from finance_import import PAYEES, make_file

ROWS = int(os.environ.get("BENCH_FINANCE_ROWS", "1000000"))
SPLITS = int(os.environ.get("BENCH_FINANCE_SPLITS", "1000"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
ACCOUNTS = 6


def run(url: str) -> None:
    """In the child: seed, time each report RUNS times, print JSON timings and peak RSS."""
    import resource
    import time
    from datetime import date

    sys.path.insert(0, str(ROOT))
    from dashboard_tui.account.auth import AuthService
    from dashboard_tui.config import Settings
    from dashboard_tui.db import migrate
    from dashboard_tui.db.catalog_seed import seed_id
    from dashboard_tui.db.uow import Database
    from dashboard_tui.finance.dto import SplitPart
    from dashboard_tui.finance.importer import Mapping
    from dashboard_tui.finance.services import FinanceService

    db = Database.from_url(url)
    migrate.upgrade(db)
    auth = AuthService(db, Settings(database_url=url))
    me = auth.register("Bench", "bench@example.com", "bench password 123", "bench password 123")
    me = me.login
    fin = FinanceService(db)
    categories = ["Groceries", "Transport", "Utilities", "Dining out", "Household"]
    for payee, category in zip(PAYEES, categories, strict=False):
        fin.imports.add_rule(me, contains=payee, category_id=seed_id("expense_category", category))
    started = time.perf_counter()
    per_account = ROWS // ACCOUNTS
    accounts = []
    for n in range(ACCOUNTS):
        account = fin.accounts.create_account(me, name=f"Account {n}", currency="EUR")
        accounts.append(account)
        done = fin.imports.import_csv(me, make_file(per_account), Mapping(), account_id=account.id)
        assert done.added == per_account, done
    groceries = seed_id("expense_category", "Groceries")
    household = seed_id("expense_category", "Household")
    for i in range(SPLITS):
        fin.transactions.add_transaction(
            me,
            account_id=accounts[i % ACCOUNTS].id,
            amount="-30",
            date=date(2022 + i % 4, 1 + i % 12, 1 + i % 28),
            payee="Market",
            splits=[SplitPart(groceries, -2000, ""), SplitPart(household, -1000, "")],
        )
    seeded = time.perf_counter() - started
    calls = {
        "month": lambda: fin.reports.by_category(me, "month", date(2025, 6, 15)),
        "year": lambda: fin.reports.by_category(me, "year", date(2024, 6, 15)),
        "all": lambda: fin.reports.by_category(me, "all"),
        "flow": lambda: fin.reports.income_expense(me, date(2025, 12, 1)),
        "net_worth": lambda: fin.reports.net_worth(me, date(2025, 12, 1)),
    }
    times: dict[str, list[float]] = {}
    for name, call in calls.items():
        call()  # warm: the first call pays for imports and the engine's caches
        for _ in range(RUNS):
            start = time.perf_counter()
            call()
            times.setdefault(name, []).append(time.perf_counter() - start)
    db.dispose()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"times": times, "rss": rss, "seeded": seeded}))


def measure(engine: str, url: str) -> None:
    found = run_child(__file__, engine, url)
    note(f"{engine}: seeded {ROWS:,} rows and {SPLITS:,} splits in {found['seeded']:.0f} s")
    for name, times in found["times"].items():
        print(bench_line(f"finance_report_{name}_query_{engine}", times, found["rss"]))


if __name__ == "__main__":
    raise SystemExit(bench_main(__file__, run, measure))
