"""Food search as you type (issue 12, Speed: ≤ 15 ms median per keystroke query).

The shipped catalog (migration 0014's USDA foods) plus BENCH_FOODS_OWN own foods
(default 5,000) for the person searching, and as many for a second person beside
(never found, but in the same table), and 300 logged items so the "recently eaten"
ranking has work to do. Each query is FoodService.search as the food picker calls it
(limit 20), for every prefix of several real food names typed a letter at a time:
- nutrition_search_<engine>: one figure over all those keystroke queries.

The work runs in a child process per engine (`python bench/nutrition_search.py run
URL`), so rss_mib is its own peak. SQLite in a temporary folder; PostgreSQL in a
scratch database on DASHBOARD_BENCH_DATABASE_URL (else DASHBOARD_TEST_DATABASE_URL),
dropped afterwards."""

from __future__ import annotations

import json
import os
import sys

from _common import ROOT, bench_line, bench_main, note, run_child

OWN = int(os.environ.get("BENCH_FOODS_OWN", "5000"))
TYPED = (
    "egg whole raw",
    "chicken breast",
    "oats",
    "banana raw",
    "cheese cheddar",
    "rice white cooked",
    "salmon atlantic",
    "crème brûlée",
)
WORDS = ("soup", "bread", "bowl", "salad", "cake", "curry", "chicken", "rice", "crème", "oats")


def run(url: str) -> None:
    """In the child: seed, time every keystroke query, print JSON timings and peak RSS."""
    import random
    import resource
    import time
    from datetime import date, timedelta

    sys.path.insert(0, str(ROOT))
    from dashboard_tui.account.auth import AuthService
    from dashboard_tui.config import Settings
    from dashboard_tui.db import migrate
    from dashboard_tui.db.uow import Database
    from dashboard_tui.models.nutrition import FoodItem, Meal
    from dashboard_tui.models.shared import CatalogItem
    from dashboard_tui.nutrition.catalog import food_id, search_key, shipped_foods
    from dashboard_tui.nutrition.services.foods import FoodService

    db = Database.from_url(url)
    migrate.upgrade(db)
    auth = AuthService(db, Settings(database_url=url))
    me = auth.register("Bench", "bench@example.com", "bench password 123", "bench password 123")
    other = auth.register("Other", "other@example.com", "bench password 123", "bench password 123")
    rng = random.Random(12)
    started = time.perf_counter()
    for login in (me.login, other.login):
        with db.transaction(user_id=login.user.id) as s:
            for i in range(OWN):
                name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} mine {i}"
                s.add(
                    CatalogItem(
                        user_id=login.user.id,
                        kind="food",
                        name=name,
                        search_key=search_key(name),
                        kcal_per_100g=100 + i % 300,
                        default_unit="g",
                    )
                )
    shipped = [food_id(f.ndb) for f in shipped_foods()]
    with db.transaction(user_id=me.login.user.id) as s:
        for day in range(100):
            meal = Meal(
                user_id=me.login.user.id, date=date(2026, 1, 1) + timedelta(day), kind="lunch"
            )
            s.add(meal)
            s.flush()
            for _ in range(3):
                s.add(
                    FoodItem(
                        user_id=me.login.user.id,
                        meal_id=meal.id,
                        catalog_item_id=rng.choice(shipped),
                        name="x",
                        grams=100,
                        kcal=100,
                        protein_mg=0,
                        carbs_mg=0,
                        fat_mg=0,
                    )
                )
    seeded = time.perf_counter() - started
    foods = FoodService(db)
    queries = [typed[:n] for typed in TYPED for n in range(1, len(typed) + 1)]
    for q in queries[:5]:
        foods.search(me.login, q)  # warm: imports and the engine's caches
    times = []
    found = 0
    for q in queries:
        start = time.perf_counter()
        found += len(foods.search(me.login, q, limit=20))
        times.append(time.perf_counter() - start)
    db.dispose()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"times": times, "rss": rss, "seeded": seeded, "found": found}))


def measure(engine: str, url: str) -> None:
    got = run_child(__file__, engine, url)
    note(
        f"{engine}: {OWN:,} own foods each for two people seeded in {got['seeded']:.1f} s; "
        f"{len(got['times'])} keystroke queries returned {got['found']} foods in all"
    )
    print(bench_line(f"nutrition_search_{engine}", got["times"], got["rss"]))


if __name__ == "__main__":
    raise SystemExit(bench_main(__file__, run, measure))
