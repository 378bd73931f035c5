"""The app's year report against hledger on the same ledger, in the same run (issue 11,
Speed: "the same ledger exported and `hledger bal -M` timed on it").

One person with BENCH_FINANCE_HLEDGER_ROWS transactions (default 100,000) over five
years in six EUR accounts, brought in through the CSV import (bench/finance_import.py's
file shape; payee rules categorise most rows). The ledger is exported as an hledger
journal (finance/export.py), then, BENCH_RUNS times each (default 5, at least 3),
median:
- the app: ReportService.by_category for the year 2023 (the call the reports screen
  makes: month by category over a year);
- hledger: `hledger -f JOURNAL bal -M -p 2023 expenses income` (the same year, per
  month and category; hledger reads and checks the whole journal each time).

BENCH finance_report_vs_hledger: the app's median and p95, its process's peak RSS,
ratio = app median / hledger median (below 1: the app is faster). hledger's peak RSS
is a note. The issue's 1,000,000 rows take hledger about 46 s and 6 GiB on this kind
of machine, per run: hence the default of 100,000 (BENCH_FINANCE_HLEDGER_ROWS=1000000
for the full size). SQLite in a temporary folder; skipped with a note when hledger is
not installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, bench_line, maxrss_mib, note
from finance_import import PAYEES, make_file

ROWS = int(os.environ.get("BENCH_FINANCE_HLEDGER_ROWS", "100000"))
RUNS = max(3, int(os.environ.get("BENCH_RUNS", "5")))
ACCOUNTS = 6
YEAR = 2023


def run(url: str, folder: str, hledger: str) -> None:
    """In the child: seed, export, time both RUNS times, print JSON."""
    import resource
    import time
    from datetime import date

    sys.path.insert(0, str(ROOT))
    from dashboard_tui.account.auth import AuthService
    from dashboard_tui.config import Settings
    from dashboard_tui.db import migrate
    from dashboard_tui.db.catalog_seed import seed_id
    from dashboard_tui.db.uow import Database
    from dashboard_tui.finance.export import FinanceExport
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
    for n in range(ACCOUNTS):
        account = fin.accounts.create_account(me, name=f"Account {n}", currency="EUR")
        done = fin.imports.import_csv(me, make_file(per_account), Mapping(), account_id=account.id)
        assert done.added == per_account, done
    seeded = time.perf_counter() - started
    journal = Path(folder) / "bench.journal"
    started = time.perf_counter()
    with journal.open("w", encoding="utf-8") as out:
        FinanceExport(db).write(me, out, "hledger")
    exported = time.perf_counter() - started

    def app() -> object:
        return fin.reports.by_category(me, "year", date(YEAR, 6, 15))

    command = [hledger, "-f", str(journal), "bal", "-M", "-p", str(YEAR), "expenses", "income"]

    def ledger() -> object:
        return subprocess.run(command, check=True, capture_output=True, text=True)

    times: dict[str, list[float]] = {"app": [], "hledger": []}
    app()  # warm: the first call pays for imports and the engine's caches
    for _ in range(RUNS):
        for name, call in (("app", app), ("hledger", ledger)):
            start = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - start)
    db.dispose()
    print(
        json.dumps(
            {
                "times": times,
                "rss": maxrss_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
                "hledger_rss": maxrss_mib(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
                "seeded": seeded,
                "exported": exported,
                "journal_mib": journal.stat().st_size / 2**20,
            }
        )
    )


def main() -> int:
    hledger = shutil.which("hledger")
    if hledger is None:
        note("finance_vs_hledger skipped: hledger is not installed (apt-get install hledger)")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-hledger-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        proc = subprocess.run(
            [sys.executable, __file__, "run", url, folder, hledger],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    if proc.returncode != 0:
        raise SystemExit(f"finance vs hledger bench failed: {proc.stderr.strip()}")
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    import statistics

    hledger_ms = statistics.median(found["times"]["hledger"]) * 1000
    note(
        f"sqlite: seeded {ROWS:,} rows in {found['seeded']:.0f} s, exported the journal "
        f"({found['journal_mib']:.0f} MiB) in {found['exported']:.1f} s; hledger bal -M "
        f"median {hledger_ms:.0f} ms, peak RSS {found['hledger_rss']:.0f} MiB"
    )
    print(
        bench_line(
            "finance_report_vs_hledger",
            found["times"]["app"],
            found["rss"],
            baseline=("hledger_bal_M", hledger_ms),
        )
    )
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["run"]:
        run(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        raise SystemExit(main())
