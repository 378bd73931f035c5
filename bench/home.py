"""The home screen with every area's data for one person (issue 14, Speed): from home
press "1" for the gym area (`home_gym_area_first_<engine>`, the gym's first page
with all the other areas' data beside it), then escape back to home, which reads its
week tiles again (`home_first_<engine>`: the first frame with every tile's data
shown, `is_ready`; `home_settled_<engine>`: every worker done), as
bench/gym_screens.py measures the gym's screens (the harness of bench/_screens.py).

Per engine, one scratch database, user A holding all four areas (user B beside with
a tenth of the gym's history, as the gym bench makes it):
- gym: bench/gym_screens.py's seed (5 years, BENCH_GYM_SETS sets, default 200,000,
  and BENCH_GYM_AUDIT audit rows, default 100,000);
- nutrition: bench/nutrition_day.py's log, 5 years ending today (~24,000 items);
- family: bench/family_month.py's A (500 recurring series, 5 years of single events,
  four members), profile zone Europe/Berlin;
- finance: BENCH_HOME_FINANCE_ROWS transactions (default 60,000) over five years in
  six accounts through the CSV import (bench/finance_import.py's file, payee rules
  categorise most), with this month's groceries budget and a purchase on each of the
  last seven days, so the tile has a week to show.
PostgreSQL (DASHBOARD_BENCH_DATABASE_URL, else DASHBOARD_TEST_DATABASE_URL): the app
runs as the app role under row-level security; everything is dropped at the end.
BENCH_RUNS (default 10) rounds after a warm-up one, each figure quoted against the
bare Textual app's measured in the same run."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from _screens import Step, analyze, run, seeding_context

FINANCE_ROWS = int(os.environ.get("BENCH_HOME_FINANCE_ROWS", "60000"))
FINANCE_ACCOUNTS = 6


def seed_finance(ctx: Any, login: Any, today: Any) -> int:
    """`login`'s accounts, five years of imported rows, this month's groceries budget
    and a purchase a day this week; returns how many transactions."""
    from finance_import import PAYEES, make_file

    from dashboard_tui.db.catalog_seed import seed_id
    from dashboard_tui.finance.importer import Mapping
    from dashboard_tui.finance.services import FinanceService

    fin = ctx.services(FinanceService)
    categories = ["Groceries", "Transport", "Utilities", "Dining out", "Household"]
    for payee, category in zip(PAYEES, categories, strict=False):
        fin.imports.add_rule(
            login, contains=payee, category_id=seed_id("expense_category", category)
        )
    per_account = FINANCE_ROWS // FINANCE_ACCOUNTS
    accounts = []
    for n in range(FINANCE_ACCOUNTS):
        account = fin.accounts.create_account(login, name=f"Account {n}", currency="EUR")
        accounts.append(account)
        done = fin.imports.import_csv(
            login, make_file(per_account), Mapping(), account_id=account.id
        )
        assert done.added == per_account, done
    groceries = seed_id("expense_category", "Groceries")
    fin.budgets.set_budget(login, category_id=groceries, month=today, amount="400")
    for day in range(7):
        fin.transactions.add_transaction(
            login,
            account_id=accounts[day % FINANCE_ACCOUNTS].id,
            amount=f"-{12 + day * 3}",
            date=today - timedelta(days=day),
            payee="Market",
            category_id=groceries,
        )
    return per_account * FINANCE_ACCOUNTS + 7


def seed(url: str, migrate_url: str) -> dict[str, Any]:
    import random

    import family_month
    import nutrition_day
    from gym_screens import EMAIL_A, PASSWORD, YEARS, Plan, seed_gym

    started = time.perf_counter()
    sets = int(os.environ.get("BENCH_GYM_SETS", "200000"))
    audit_rows = int(os.environ.get("BENCH_GYM_AUDIT", "100000"))
    gym = seed_gym(url, Plan.years(YEARS, sets, audit_rows), migrate_url=migrate_url)
    ctx = seeding_context(url)
    rng = random.Random(20261201)  # repeatable data, not secrets
    today = datetime.now(UTC).date()
    try:
        login = ctx.auth.login(EMAIL_A, PASSWORD)
        days = [today - timedelta(days=n) for n in range(nutrition_day.YEARS * 365 + 1)]
        items = nutrition_day.seed_log(ctx, login, days, rng)
        events = family_month.seed_person(ctx, login, rng, today, 1)
        transactions = seed_finance(ctx, login, today)
        analyze(ctx)
    finally:
        ctx.close()
    return {
        "token": gym.token,  # the gym seed's session of A: the app resumes it
        "sets": gym.sets,
        "audit_rows": gym.audit_rows,
        "items": items,
        "events": events,
        "transactions": transactions,
        "seconds": time.perf_counter() - started,
    }


STEPS = [
    Step("home_gym_area", "1", "dashboard_tui.gym.ui.area:GymScreen"),
    Step("home", "escape", "dashboard_tui.ui.home:HomeScreen"),
]


def seeded(info: dict[str, Any]) -> str:
    return (
        f"seeded for one person {info['sets']:,} sets, {info['audit_rows']:,} audit rows, "
        f"{info['items']:,} food items, {info['events']:,} event rows, "
        f"{info['transactions']:,} transactions in {info['seconds']:.1f} s"
    )


if __name__ == "__main__":
    run(__file__, seed, STEPS, seeded)
