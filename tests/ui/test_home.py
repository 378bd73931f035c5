"""The home overview (Pilot, on both engines, the fixed clock: Sunday 2026-11-22,
the profile's week starting on Wednesday so the week has days still ahead): one tile
per area, each figure checked against that area's own services; enter on a line
opens its screen or record; an empty account gets a hint per area."""

from __future__ import annotations

import pytest

from dashboard_tui.config import Settings
from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.family.reminders import ReminderService
from dashboard_tui.family.services import FamilyService
from dashboard_tui.finance.money import format_amount
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.kit.notifications import NotificationService
from dashboard_tui.kit.parsing import format_volume, format_weight
from dashboard_tui.nutrition.services import NutritionService
from dashboard_tui.ui.home import HomeScreen, TileList
from tests.support import gym_of
from tests.ui.gym_helpers import seed_workout
from tests.ui.pilot_helpers import SIZE, pilot_test, settle

GROCERIES = seed_id("expense_category", "Groceries")
SALARY = seed_id("income_category", "Salary")
WEDNESDAY = 2


@pytest.fixture
def ui_settings(db_url: str) -> Settings:
    """Overrides the ui conftest's: on both engines (db_url is parametrized)."""
    return Settings(database_url=db_url)


def a_full_week(ctx, login) -> None:
    """Something in every area, this week (Wed 18 – Tue 24 Nov 2026) and before it."""
    ctx.profiles.update(
        login, weight_unit="kg", currency="EUR", timezone="UTC", theme="textual-dark",
        week_start=WEDNESDAY,
    )  # fmt: skip
    seed_workout(ctx, login, "Old push", "2026-11-10", {"Barbell Bench Press": [("90", 5)]})
    seed_workout(
        ctx, login, "[b]Push[/b] day", "2026-11-18", {"Barbell Bench Press": [("100", 5)] * 2}
    )
    seed_workout(ctx, login, "Legs", "2026-11-20", {"Back Squat": [("120", 5)]})
    seed_workout(ctx, login, "Pull", "2026-11-24", {})  # ahead: planned
    gym_of(ctx).cardio.log_cardio(
        login, activity="Rowing Machine", duration="30:00", date="2026-11-21", distance="5 km"
    )

    fin = ctx.services(FinanceService)
    main = fin.accounts.create_account(login, name="Main", currency="EUR")
    fin.accounts.create_account(login, name="Cash", currency="EUR")
    for day, amount, category in (
        ("2026-11-01", "2000", SALARY),
        ("2026-11-10", "-250", GROCERIES),
    ):
        fin.transactions.add_transaction(
            login, account_id=main.id, date=day, amount=amount, category_id=category
        )
    fin.budgets.set_budget(login, category_id=GROCERIES, month="2026-11", amount="300")
    fin.schedules.create_schedule(
        login, account_id=main.id, amount="-1000", payee="Rent", rule="", repeat="monthly",
        start="2026-11-25",
    )  # fmt: skip
    fin.schedules.create_schedule(
        login, account_id=main.id, amount="-40", payee="Gym fee", start="2026-12-20"
    )  # beyond the next 7 days

    food = ctx.services(NutritionService)
    food.goals.set_goal(login, effective_from="2026-11-01", kcal=2000)
    for day, kcal in (("2026-11-18", 1850), ("2026-11-19", 2150), ("2026-11-22", 1200)):
        food.log.quick_add(login, day=day, kind="lunch", name="Lunch", kcal=kcal)

    family = ctx.services(FamilyService)
    family.add_member(login, name="Lea", birthday="2016-11-24")
    family.add_event(login, title="Swimming", day="2026-11-22", start="17:00", end="18:00")
    family.add_event(login, title="Dentist", day="2026-11-27", start="09:00")
    reminders = ctx.services(ReminderService)
    reminders.add_reminder(login, title="Call grandma", day="2026-11-22", at="08:00")
    reminders.add_reminder(login, title="Pay tuition", day="2026-11-23", at="08:00")
    reminders.fire_due(login)  # the overdue one notifies


async def home_with_tiles(pilot) -> HomeScreen:
    app = pilot.app
    await settle(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.tiles is not None)
    return app.screen


def tile_texts(screen: HomeScreen) -> dict[str, list[str]]:
    """Area name → its lines as shown."""
    return {
        t.tile.area: [str(t.get_option_at_index(i).prompt) for i in range(t.option_count)]
        for t in screen.query(TileList)
    }


def eur(minor: int) -> str:
    return format_amount(minor, "EUR", code=True, minus="−")


@pilot_test
async def test_each_tile_adds_up_to_its_areas_own_figures(build_app, logged_in, backend):
    a_full_week(backend, logged_in)
    login = logged_in
    gym = gym_of(backend)
    week = gym.progress.weekly_summary(login).this_week
    fin = backend.services(FinanceService)
    month = fin.budgets.month_view(login)
    food = backend.services(NutritionService).log.week(login)
    agenda = backend.services(FamilyService).agenda(login, food.today, 7)
    unread = backend.services(NotificationService).unread(login)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        shown = tile_texts(await home_with_tiles(pilot))

    assert list(shown) == ["gym", "finance", "nutrition", "family", "notifications"]
    # Gym: 3 workouts in the week, the one on Tuesday still ahead; volume from the service.
    assert week.workouts == 3 and week.sets == 3
    assert shown["gym"][0] == "2 done · 1 planned · 3 sets"
    volume, last = format_volume(week.volume_g, "kg"), format_volume(0, "kg")
    assert shown["gym"][1] == f"Volume {volume} (last week {last})"
    assert shown["gym"][2:5] == ["Wed 18 [b]Push[/b] day · 2 sets", "Fri 20 Legs · 1 set",
                                 "Tue 24 Pull · 0 sets"]  # fmt: skip
    assert shown["gym"][5] == "Cardio: 1 · 30:00 · 5 km"
    board = gym.progress.record_board(login)
    new = [r for e in board for r in (e.heaviest, e.e1rm, e.volume, *e.rep_maxes)
           if r is not None and r.achieved_on >= week.week_start]  # fmt: skip
    by_name = {e.name: e for e in board}
    assert shown["gym"][6] == f"New PRs: {len(new)} on 2 exercises"

    def prs(name: str) -> str:
        e = by_name[name]
        records = [r for r in (e.heaviest, e.e1rm, e.volume, *e.rep_maxes) if r in new]
        heaviest = format_weight(e.heaviest.value, "kg")
        return f"PR {name}: heaviest {heaviest} and {len(records) - 1} more"

    assert shown["gym"][7:] == [prs("Back Squat"), prs("Barbell Bench Press")]
    assert by_name["Barbell Bench Press"].heaviest.value == 100_000  # this week's, not 90 kg
    # Finance: this month's budget, the bills of the next 7 days, the balances.
    assert shown["finance"][0] == (
        f"Budget Nov: {format_amount(-month.spent_minor, 'EUR')} / {eur(month.budgeted_minor)}"
    )
    assert (month.spent_minor, month.budgeted_minor) == (-25000, 30000)
    bills = fin.schedules.upcoming(login, 7)
    assert shown["finance"][1] == f"Bills in 7 days: {len(bills)}" == "Bills in 7 days: 1"
    assert shown["finance"][2] == "Wed 25 Rent " + eur(-100000)
    balances = {a.name: a.balance_minor for a in fin.accounts.list_accounts(login)}
    assert shown["finance"][3:] == [
        f"Cash {eur(balances['Cash'])}",
        f"Main {eur(balances['Main'])}",
    ]
    # Nutrition: today and the average against the goal, then each day of the week.
    assert (food.average.kcal, food.logged_days, food.average_goal_kcal) == (1733, 3, 2000)
    assert shown["nutrition"] == [
        "Today 1,200 / 2,000 kcal",
        "Average 1,733 / 2,000 kcal (3 days)",
        "We 1,850  Th 2,150  Fr –  Sa –",
        "Su 1,200  Mo –  Tu –",
    ]
    # Family: today's and the coming days' events and birthdays, the due reminders.
    assert [a.title for a in agenda] == ["Swimming", "Lea's birthday (10)", "Dentist"]
    assert shown["family"] == [
        "Today 1 · 7 days 3 · birthdays 1",
        "Today 17:00 Swimming",
        "Tue 24 Lea's birthday (10)",
        "Fri 27 09:00 Dentist",
        "Reminders due: 1",
        "Due Sun 22 08:00 Call grandma",
    ]
    assert unread == 1
    assert shown["notifications"] == ["Unread: 1", "Call grandma"]


def cursor_key(screen) -> str | None:
    grid = screen.table.table
    return grid.coordinate_to_cell_key(grid.cursor_coordinate).row_key.value


async def enter_on(pilot, area: str, text: str) -> None:
    """Highlight the line of `area`'s tile that starts with `text`, press enter."""
    screen = await home_with_tiles(pilot)
    tile = next(t for t in screen.query(TileList) if t.tile.area == area)
    tile.focus()
    tile.highlighted = next(i for i, x in enumerate(tile.tile.lines) if x.text.startswith(text))
    await pilot.pause()
    await pilot.press("enter")


@pilot_test
async def test_enter_on_a_line_opens_its_screen_or_record(build_app, logged_in, backend):
    from dashboard_tui.family.ui.agenda import FamilyScreen
    from dashboard_tui.family.ui.reminders import RemindersScreen
    from dashboard_tui.finance.ui.budget import BudgetScreen
    from dashboard_tui.finance.ui.register import AccountRegisterScreen
    from dashboard_tui.finance.ui.schedules import SchedulesScreen
    from dashboard_tui.gym.ui.area import GymScreen
    from dashboard_tui.gym.ui.progress import ProgressScreen
    from dashboard_tui.gym.ui.workout import WorkoutScreen
    from dashboard_tui.nutrition.ui.day import DayScreen
    from dashboard_tui.nutrition.ui.week import WeekScreen
    from dashboard_tui.ui.notifications import NotificationsScreen

    a_full_week(backend, logged_in)
    gym = gym_of(backend)
    workouts = gym.workouts.list_workouts(logged_in, text="Legs").rows
    squat = next(e for e in gym.progress.record_board(logged_in) if e.name == "Back Squat")
    main = next(a for a in backend.services(FinanceService).accounts.list_accounts(logged_in)
                if a.name == "Main")  # fmt: skip
    due = backend.services(ReminderService).reminders(logged_in)[0]
    cases = [
        ("gym", "Fri 20 Legs", lambda s: isinstance(s, WorkoutScreen)
         and s.workout_id == workouts[0].id),
        ("gym", "PR Back Squat", lambda s: isinstance(s, ProgressScreen)
         and s.catalog_item_id == squat.catalog_item_id),
        ("gym", "Cardio", lambda s: isinstance(s, GymScreen)),
        ("finance", "Budget Nov", lambda s: isinstance(s, BudgetScreen)),
        ("finance", "Wed 25 Rent", lambda s: isinstance(s, SchedulesScreen)),
        ("finance", "Bills in", lambda s: isinstance(s, SchedulesScreen)),
        ("finance", "Main", lambda s: isinstance(s, AccountRegisterScreen)
         and s.account.id == main.id),
        ("nutrition", "Today", lambda s: isinstance(s, DayScreen)),
        ("nutrition", "Average", lambda s: isinstance(s, WeekScreen)),
        ("family", "Today 17:00 Swimming", lambda s: isinstance(s, FamilyScreen)),
        ("family", "Due Sun 22", lambda s: isinstance(s, RemindersScreen) and s.is_ready
         and cursor_key(s) == str(due.id)),
        ("family", "Reminders due", lambda s: isinstance(s, RemindersScreen)),
        ("notifications", "Call grandma", lambda s: isinstance(s, NotificationsScreen)),
    ]  # fmt: skip
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        for area, text, opened in cases:
            await enter_on(pilot, area, text)
            await settle(pilot, lambda opened=opened: opened(app.screen))
            app.go_home()
        assert isinstance(app.screen, HomeScreen)
        # The digits still open the areas from home.
        await home_with_tiles(pilot)
        await pilot.press("1")
        await settle(pilot, lambda: isinstance(app.screen, GymScreen))


@pilot_test
async def test_an_empty_account_gets_a_hint_per_area(build_app, logged_in, backend):
    from dashboard_tui.gym.ui.area import GymScreen

    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await home_with_tiles(pilot)
        assert tile_texts(screen) == {
            "gym": ["No workouts this week: 1 then n starts one."],
            "finance": ["No accounts yet: 2 then n adds one."],
            "nutrition": ["No meals this week: 3 then a logs a food."],
            "family": ["Nothing in the next 7 days: 4 then n adds an event."],
            "notifications": ["Nothing unread: due reminders show up here."],
        }
        assert all(t.has_class("-empty") for t in screen.query(TileList))
        await enter_on(pilot, "gym", "No workouts")
        await settle(pilot, lambda: isinstance(app.screen, GymScreen))


def broken_tile(ctx, login):
    raise ValueError("this area's tile is broken")


def test_a_broken_tile_costs_only_its_own(backend, user):
    """The others are still read; the broken one says so instead of blanking home."""
    from dashboard_tui.ui.home import NOTIFICATIONS_TILE, load_tiles

    tiles = load_tiles(backend, user, ["tests.ui.test_home:broken_tile", NOTIFICATIONS_TILE])
    assert [t.lines[0].text for t in tiles] == [
        "Ui could not be read. Something went wrong (ValueError). Please try again.",
        "Nothing unread: due reminders show up here.",
    ]
    assert tiles[0].empty


@pilot_test
async def test_tab_reaches_the_tiles_and_back_home_they_are_read_again(
    build_app, logged_in, backend
):
    from dashboard_tui.gym.ui.area import GymScreen
    from dashboard_tui.gym.ui.workout import WorkoutScreen
    from dashboard_tui.ui.notifications import NotificationsScreen

    a_full_week(backend, logged_in)
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await home_with_tiles(pilot)
        await pilot.press("tab")  # from the areas to the first tile
        assert isinstance(app.focused, TileList) and app.focused.tile.area == "gym"
        await pilot.press("j", "j", "enter")  # its first workout
        await settle(pilot, lambda: isinstance(app.screen, WorkoutScreen))
        gym_of(backend).workouts.start_workout(logged_in, name="Extra", date="2026-11-22")
        await pilot.press("escape")  # the workout opens over the gym's screen
        await settle(pilot, lambda: isinstance(app.screen, GymScreen))
        await pilot.press("escape")  # home again: a new one, read anew
        screen = await home_with_tiles(pilot)
        assert tile_texts(screen)["gym"][0] == "3 done · 1 planned · 3 sets"
        # A screen over home (the notifications) and back: home reads the week again.
        await pilot.press("shift+tab")  # to the notifications tile (the last)
        assert isinstance(app.focused, TileList) and app.focused.tile.area == "notifications"
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, NotificationsScreen))
        assert not screen.is_ready  # left: its tiles are read again on coming back
        await pilot.press("a")  # all read
        await settle(pilot, lambda: app.unread == 0)
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is screen and screen.is_ready)
        await settle(pilot, lambda: tile_texts(screen)["notifications"][0].startswith("Nothing"))
        assert isinstance(app.focused, TileList) and app.focused.tile.area == "notifications"
