"""The nutrition day at scale, in the UI: press "3" on home and time the first frame
that shows today with its data (`nutrition_day_first_<engine>`), then "w" for the
week (`nutrition_week_first_<engine>`), each with its `_settled` figure, as
bench/gym_screens.py measures the gym's screens (its helpers: the key goes in at
once, the first frame is `is_ready` painted, settled is every worker done).

Per engine, one scratch database: user A with 5 years of daily logs ending today
(breakfast, lunch, dinner and snacks every day, 3 foods each from the shipped
catalog and a quick entry with the snacks: 13 items a day, ~24,000 items), goals changing every
quarter; user B with a tenth of the days. Rows are bulk-inserted (as the gym bench
does) with the app's own snapshot rule (macros_for over the catalog's values).
PostgreSQL (DASHBOARD_BENCH_DATABASE_URL, else DASHBOARD_TEST_DATABASE_URL): the
scratch database gets the two roles of `db create-roles` and the app runs as the
app role, under row-level security; everything is dropped at the end.
BENCH_RUNS (default 10) rounds after a warm-up one. `bench/run_all.py` runs it with
every bench/*.py. Each figure is quoted against the bare Textual app's (ratio), measured
in the same run, since a loaded machine moves both."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from _screens import Step, analyze, run, seeding_context

EMAIL_A, EMAIL_B = "nutrition-a@example.com", "nutrition-b@example.com"
PASSWORD = "bench password 123"  # noqa: S105 - scratch accounts, dropped after
YEARS = 5
OTHER_SHARE = 10
BATCH = 5_000
# The menu, as USDA NDB numbers of the shipped catalog: oats, whole milk, banana;
# chicken breast, broccoli, apple; sockeye salmon, cheddar, egg; yogurt, banana, apple.
MEALS = {
    "breakfast": ("20038", "01077", "09040"),
    "lunch": ("05062", "11090", "09003"),
    "dinner": ("15085", "01009", "01123"),
    "snack": ("01118", "09040", "09003"),
}


def seed_log(ctx: Any, login: Any, days: list[Any], rng: Any) -> int:
    """Bulk-insert `login`'s meals on `days` (the menu above, grams from `rng`) and a
    goal a quarter; returns how many items. Also used by bench/home.py."""
    from sqlalchemy import insert

    from dashboard_tui.models.base import utcnow
    from dashboard_tui.models.nutrition import FoodItem, Meal, NutritionGoal
    from dashboard_tui.nutrition.amounts import macros_for
    from dashboard_tui.nutrition.catalog import food_id
    from dashboard_tui.nutrition.services import NutritionService

    nut = ctx.services(NutritionService)
    foods = {ndb: nut.foods.get(login, food_id(ndb)) for ndbs in MEALS.values() for ndb in ndbs}
    uid = login.user.id
    meals, rows, goals = [], [], []
    now = utcnow()
    for day in days:
        for kind, ndbs in MEALS.items():
            meal_id = uuid.uuid4()
            meals.append(
                dict(
                    id=meal_id,
                    user_id=uid,
                    date=day,
                    kind=kind,
                    name="",
                    notes="",
                    created_at=now,
                    updated_at=now,
                )
            )
            for ndb in ndbs:
                grams = rng.randrange(30, 250)
                m = macros_for(foods[ndb], Decimal(grams))
                rows.append(
                    dict(
                        id=uuid.uuid4(),
                        user_id=uid,
                        meal_id=meal_id,
                        catalog_item_id=foods[ndb].id,
                        name=foods[ndb].name,
                        grams=grams,
                        amount=f"{grams} g",
                        kcal=m.kcal,
                        protein_mg=m.protein_mg,
                        carbs_mg=m.carbs_mg,
                        fat_mg=m.fat_mg,
                        fibre_mg=m.fibre_mg,
                        created_at=now,
                        updated_at=now,
                    )
                )
            if kind == "snack":
                rows.append(
                    dict(
                        id=uuid.uuid4(),
                        user_id=uid,
                        meal_id=meal_id,
                        catalog_item_id=None,
                        name="Coffee",
                        grams=0,
                        amount="",
                        kcal=40,
                        protein_mg=1000,
                        carbs_mg=0,
                        fat_mg=2000,
                        fibre_mg=0,
                        created_at=now,
                        updated_at=now,
                    )
                )
    for quarter in range(0, len(days), 91):
        goals.append(
            dict(
                id=uuid.uuid4(),
                user_id=uid,
                effective_from=days[-1 - quarter],  # oldest first
                kcal=1800 + quarter % 400,
                protein_mg=120_000,
                carbs_mg=None,
                fat_mg=None,
                created_at=now,
                updated_at=now,
            )
        )
    for table, batch in ((Meal, meals), (FoodItem, rows), (NutritionGoal, goals)):
        for i in range(0, len(batch), BATCH):
            part = batch[i : i + BATCH]
            ctx.db.run(lambda s, t=table, p=part: s.execute(insert(t), p), user_id=uid)
    return len(rows)


def seed(url: str, migrate_url: str) -> dict[str, Any]:
    import random

    from dashboard_tui.nutrition.services import NutritionService

    started = time.perf_counter()
    ctx = seeding_context(url, migrate_url)
    rng = random.Random(20261130)  # repeatable data, not secrets
    today = datetime.now(UTC).date()
    days_a = [today - timedelta(days=n) for n in range(YEARS * 365 + 1)]
    items = 0
    try:
        register = ctx.auth.register
        users = [
            (register("Ana Bench", EMAIL_A, PASSWORD, PASSWORD).login, days_a),
            (register("Ben Bench", EMAIL_B, PASSWORD, PASSWORD).login, days_a[::OTHER_SHARE]),
        ]
        login_a = ctx.auth.login(EMAIL_A, PASSWORD)
        for login, days in users:
            items += seed_log(ctx, login, days, rng)
        analyze(ctx)
        check = ctx.services(NutritionService).log.day(login_a, today)
        assert check.totals.kcal > 0
    finally:
        ctx.close()
    return {
        "token": login_a.token or "",
        "days": len(days_a),
        "items": items,
        "seconds": time.perf_counter() - started,
    }


STEPS = [
    Step("nutrition_day", "3", "dashboard_tui.nutrition.ui.day:DayScreen"),
    Step("nutrition_week", "w", "dashboard_tui.nutrition.ui.week:WeekScreen"),
]


def seeded(info: dict[str, Any]) -> str:
    return (
        f"seeded {info['days']:,} days, {info['items']:,} items (A and B) "
        f"in {info['seconds']:.1f} s"
    )


if __name__ == "__main__":
    run(__file__, seed, STEPS, seeded)
