"""The family month view at scale, in the UI (issue 13, Speed): press "4" on home for
the agenda (`family_agenda_first_<engine>`), then "m" for this month's view
(`family_month_first_<engine>`: the first frame with the month's cells), each with
its `_settled` figure, as bench/gym_screens.py measures the gym's screens (its
helpers: the key goes in at once, the first frame is `is_ready` painted, settled is
every worker done).

Per engine, one scratch database: user A (profile zone Europe/Berlin) with 500
recurring series begun over the five years before today, bench/family_expand.py's
mix (weekly on one to three days, every two weeks, daily, monthly on a day or the
nth weekday, yearly all-day; in Berlin, New York or UTC; three skipped and one moved
occurrence each, the moved one a row of its own as the app keeps it), 5 years of
single events ending today (three a week, one in six all-day), four members (three
with birthdays); user B with a tenth of each. Rows are bulk-inserted, placed by the app's
own `_place` and recurrence ids by its `iso`. PostgreSQL
(DASHBOARD_BENCH_DATABASE_URL, else DASHBOARD_TEST_DATABASE_URL): the scratch
database gets the two roles of `db create-roles` and the app runs as the app role,
under row-level security; everything is dropped at the end. BENCH_RUNS (default 10)
rounds after a warm-up one. `bench/run_all.py` runs it with every bench/*.py. Each
figure is quoted against the bare Textual app's (ratio), measured in the same run,
since a loaded machine moves both."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from _screens import Step, analyze, run, seeding_context

EMAIL_A, EMAIL_B = "family-a@example.com", "family-b@example.com"
PASSWORD = "bench password 123"  # noqa: S105 - scratch accounts, dropped after
YEARS = 5
SERIES = 500
SINGLES_A_WEEK = 3
OTHER_SHARE = 10
PROFILE_ZONE = "Europe/Berlin"
MEMBERS = (("Ana", "1984-03-02"), ("Ben", "1982-11-20"), ("Cleo", "2015-06-14"), ("Dan", None))


def event_rows(
    rng: Any, user_id: Any, today: date, series_count: int, weeks: int, members: list
) -> list:
    """Event rows (unsaved): the series of bench/family_expand.py begun over the five
    years before `today`, their moved occurrences as rows of their own, and single
    events over `weeks` weeks ending today."""
    import uuid
    from datetime import time as clock

    from family_expand import make_series

    from dashboard_tui.family.services import _place, iso, new_uid
    from dashboard_tui.models.family import Event

    rows = []

    def row(**values: Any) -> Event:
        values.setdefault("member_id", rng.choice(members) if rng.random() < 0.7 else None)
        made = Event(id=uuid.uuid4(), user_id=user_id, exdates=[], rdates=[], **values)
        rows.append(made)
        return made

    first = today - timedelta(days=YEARS * 365)
    for s in make_series(rng, series_count, first):
        series = row(title=f"Series {s.key}", rrule=s.rule, uid=new_uid())
        if isinstance(s.start, datetime):
            ends = (s.start + s.duration).time()
            _place(series, s.start.date(), s.start.time(), ends, s.timezone)
        else:  # a yearly all-day one
            _place(series, s.start, None, None, "UTC")
        series.exdates = [iso(x) for x in s.exdates]
        for original, moved in s.overrides.items():
            assert moved is not None and isinstance(moved.start, datetime)
            own = row(
                title=series.title,
                series_id=series.id,
                recurrence_id=iso(original),
                member_id=series.member_id,
            )
            _place(own, moved.start.date(), moved.start.time(), moved.end.time(), series.timezone)
    for day in range(weeks * 7):
        if rng.random() >= SINGLES_A_WEEK / 7:
            continue
        on = today - timedelta(days=day)
        single = row(title=f"Single {day}", uid=new_uid())
        if rng.random() < 1 / 6:
            _place(single, on, None, None, "UTC")
        else:
            begins = clock(rng.randrange(7, 21), rng.choice((0, 30)))
            _place(single, on, begins, None, PROFILE_ZONE)
    return rows


def seed_person(ctx: Any, login: Any, rng: Any, today: date, share: int) -> int:
    """`login`'s profile zone, members and events (a `share`-th of user A's); returns
    how many event rows. Also used by bench/home.py."""
    from dashboard_tui.account.profile import ProfileService
    from dashboard_tui.family.services import FamilyService

    profiles = ctx.services(ProfileService)
    shown = profiles.get(login)
    profiles.update(
        login,
        weight_unit=shown.weight_unit,
        currency=shown.currency,
        timezone=PROFILE_ZONE,
        theme=shown.theme,
        week_start=shown.week_start,
    )
    family = ctx.services(FamilyService)
    members = [
        family.add_member(login, name=name, birthday=born).id
        for name, born in MEMBERS[: max(1, len(MEMBERS) // share)]
    ]
    rows = event_rows(rng, login.user.id, today, SERIES // share, YEARS * 52 // share, members)
    ctx.db.run(lambda s: s.add_all(rows), user_id=login.user.id)
    return len(rows)


def seed(url: str, migrate_url: str) -> dict[str, Any]:
    import random

    from dashboard_tui.family.services import FamilyService

    started = time.perf_counter()
    ctx = seeding_context(url, migrate_url)
    rng = random.Random(20261201)  # repeatable data, not secrets
    today = datetime.now(UTC).date()
    counts = {"series": 0, "rows": 0}
    try:
        register = ctx.auth.register
        register("Ana Bench", EMAIL_A, PASSWORD, PASSWORD)
        register("Ben Bench", EMAIL_B, PASSWORD, PASSWORD)
        family = ctx.services(FamilyService)
        login_a = ctx.auth.login(EMAIL_A, PASSWORD)
        for email, share in ((EMAIL_A, 1), (EMAIL_B, OTHER_SHARE)):
            counts["rows"] += seed_person(ctx, ctx.auth.login(email, PASSWORD), rng, today, share)
            counts["series"] += SERIES // share
        analyze(ctx)
        month = today.replace(day=1)
        check = family.agenda(login_a, month - timedelta(days=month.weekday()), 42)
        assert len(check) > 1000, len(check)  # the month view's six weeks are full
    finally:
        ctx.close()
    return {
        "token": login_a.token or "",
        "shown": len(check),
        **counts,
        "seconds": time.perf_counter() - started,
    }


STEPS = [
    Step("family_agenda", "4", "dashboard_tui.family.ui.agenda:FamilyScreen"),
    Step("family_month", "m", "dashboard_tui.family.ui.month:MonthScreen"),
]


def seeded(info: dict[str, Any]) -> str:
    return (
        f"seeded {info['series']:,} series, {info['rows']:,} event rows (A and B) "
        f"in {info['seconds']:.1f} s; this month's grid shows {info['shown']:,} occurrences"
    )


if __name__ == "__main__":
    run(__file__, seed, STEPS, seeded)
