"""CSV import of a 100,000-row bank export (issue 11, Speed: ≤ 2 s on SQLite, ≤ 1 s
on PostgreSQL, peak memory ≤ 150 MiB).

One person, a file of BENCH_IMPORT_ROWS rows (default 100,000: five years of dates,
amounts with a decimal comma, payees, memos, `;` separated, Latin-1), and payee rules
that categorise part of it. Each run imports the file into a new account through the
service a screen and the CLI use (`ImportService.import_csv`: parse, fingerprint,
rules, one bulk insert, balance, audit entry, commit); the figure is that call's wall
time. A second import of the same file into the same account (every row a duplicate)
is timed too: `finance_import_again_100k_<engine>`.

The work runs in a child process per engine (`python bench/finance_import.py run
URL`), so rss_mib is that process's own peak RSS over the timed runs (the app,
its libraries and the runs together). import_peak_mib is the import's own: after the timed runs, one
more import of the file into a new account under tracemalloc, its peak of Python
allocations above what was allocated before the call (tracemalloc slows that run:
it is not timed). SQLite in a temporary folder;
PostgreSQL in a scratch database on DASHBOARD_BENCH_DATABASE_URL (else
DASHBOARD_TEST_DATABASE_URL), dropped afterwards. BENCH_RUNS sets the runs (default 3)."""

from __future__ import annotations

import json
import os
import sys

from _common import ROOT, bench_line, bench_main, run_child

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
PAYEES = ["Lidl", "REWE Markt", "Café Müller", "Deutsche Bahn", "Stadtwerke", "ACME GmbH"]


def make_file(rows: int) -> bytes:
    lines = ["Buchungstag;Betrag;Empfänger;Verwendungszweck"]
    for i in range(rows):
        day = 1 + i * 1825 // rows
        year, rest = 2021 + day // 365, day % 365
        month, mday = 1 + rest // 31 % 12, 1 + rest % 28
        cents = (i * 7919) % 250000 - 200000 or 1
        amount = (
            f"{cents // 100},{abs(cents) % 100:02d}"
            if cents > 0
            else (f"-{abs(cents) // 100},{abs(cents) % 100:02d}")
        )
        lines.append(
            f"{mday:02d}.{month:02d}.{year};{amount};{PAYEES[i % len(PAYEES)]};ref {i % 97}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


def run(url: str) -> None:
    """In the child: seed, import RUNS times, print JSON timings and peak RSS."""
    import resource
    import time
    import tracemalloc

    sys.path.insert(0, str(ROOT))
    from dashboard_tui.account.auth import AuthService
    from dashboard_tui.config import Settings
    from dashboard_tui.db import migrate
    from dashboard_tui.db.catalog_seed import seed_id
    from dashboard_tui.db.uow import Database
    from dashboard_tui.finance.importer import Mapping
    from dashboard_tui.finance.services import FinanceService

    db = Database.from_url(url)
    migrate.upgrade(db)
    auth = AuthService(db, Settings(database_url=url))
    login = auth.register("Bench", "bench@example.com", "bench password 123", "bench password 123")
    me = login.login
    fin = FinanceService(db)
    fin.imports.add_rule(me, contains="lidl", category_id=seed_id("expense_category", "Groceries"))
    fin.imports.add_rule(me, contains="rewe", category_id=seed_id("expense_category", "Groceries"))
    data = make_file(ROWS)
    first, again = [], []
    for n in range(RUNS):
        account = fin.accounts.create_account(me, name=f"Giro {n}", currency="EUR")
        start = time.perf_counter()
        done = fin.imports.import_csv(me, data, Mapping(), account_id=account.id)
        first.append(time.perf_counter() - start)
        assert done.added == ROWS, done
        start = time.perf_counter()
        done = fin.imports.import_csv(me, data, Mapping(), account_id=account.id)
        again.append(time.perf_counter() - start)
        assert done.duplicates == ROWS, done
    # The process's high-water mark before tracemalloc (which costs memory itself).
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    account = fin.accounts.create_account(me, name="Giro traced", currency="EUR")
    tracemalloc.start()
    held = tracemalloc.get_traced_memory()[0]
    fin.imports.import_csv(me, data, Mapping(), account_id=account.id)
    peak = (tracemalloc.get_traced_memory()[1] - held) / (1024 * 1024)
    tracemalloc.stop()
    db.dispose()
    print(json.dumps({"first": first, "again": again, "rss": rss, "peak": peak}))


def measure(engine: str, url: str) -> None:
    found = run_child(__file__, engine, url)
    label = f"{ROWS // 1000}k"
    peak = f" import_peak_mib={found['peak']:.1f}"
    print(bench_line(f"finance_import_{label}_{engine}", found["first"], found["rss"]) + peak)
    print(bench_line(f"finance_import_again_{label}_{engine}", found["again"], found["rss"]))


if __name__ == "__main__":
    raise SystemExit(bench_main(__file__, run, measure))
