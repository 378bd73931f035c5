"""`dashboard-tui demo` and its generator on both engines: the account it makes signs
in with the password printed once, its audit chain verifies, every area's services
return its data, the same seed gives the same data, and a database with someone
else's account is refused unless --force."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import datetime, timedelta
from typing import Any

import pytest

from dashboard_tui.demo import BUDGETS, DEMO_EMAIL, DemoGenerator
from dashboard_tui.family.reminders import ReminderService
from dashboard_tui.family.services import FamilyService
from dashboard_tui.family.time_logs import TimeLogService
from dashboard_tui.finance.export import FinanceExport
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.gym.services import GymService
from dashboard_tui.nutrition.services import NutritionService
from tests.conftest import TEST_CLIENT
from tests.support import FIXED_NOW

TODAY = FIXED_NOW.date()
DAYS = 21  # three weeks keep the test quick; the generator is the same for a year


@pytest.fixture
def cli(run_cli):
    return run_cli


def demo_args(*extra: str) -> list[str]:
    return ["demo", "--days", str(DAYS), "--today", TODAY.isoformat(), *extra]


def test_demo_account_signs_in_verifies_and_has_data_in_every_area(cli, db, auth, clock):
    code, out, err = cli(*demo_args())
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(f"demo account {DEMO_EMAIL}: {DAYS} days of history")
    assert lines[1] == "its password, shown only now (sign in with it in the app):"
    password = lines[2]
    assert len(password) >= 16

    code, out, err = cli("audit", "verify", "--user", DEMO_EMAIL)
    assert code == 0, err
    assert out.splitlines()[-1] == "1 chains, all ok"

    me = auth.login(DEMO_EMAIL, password)
    assert me.user.role == "admin"  # the first account of an empty database
    kw: dict[str, Any] = {"clock": clock, "client": TEST_CLIENT}
    gym = GymService(db, **kw)
    workouts = gym.workouts.list_workouts(me, page_size=100).rows
    assert len(workouts) >= 6  # three a week, a few missed
    assert all(w.date <= TODAY for w in workouts)
    assert len(gym.templates.list_templates(me).rows) == 3
    assert gym.cardio.list_cardio(me).rows
    assert gym.progress.record_board(me)

    finance = FinanceService(db, **kw)
    accounts = finance.accounts.list_accounts(me)
    assert {a.name for a in accounts} == {"Everyday checking", "Savings", "Credit card"}
    assert finance.transactions.register(me, accounts[0].id).rows
    lines = finance.budgets.month_view(me, TODAY).lines
    assert any(line.budgeted_minor > 0 and line.spent_minor < 0 for line in lines)
    # Budgets in whole euros, as a person would set them (an int would be cents).
    budgeted = {line.category: line.budgeted_minor for line in lines if line.budgeted_minor}
    assert budgeted == {name: euros * 100 for name, euros in BUDGETS}
    assert finance.schedules.upcoming(me, days=31)

    nutrition = NutritionService(db, **kw)
    day = nutrition.log.day(me, TODAY - timedelta(days=1))
    week = nutrition.log.week(me, TODAY)
    assert week.logged_days >= 5 and day.goal is not None
    assert nutrition.goals.history(me)

    family = FamilyService(db, **kw)
    assert {m.name for m in family.members(me)} == {"Sam", "Mia", "Leo"}
    agenda = family.agenda(me, TODAY - timedelta(days=DAYS), DAYS + 30)
    swims = [a for a in agenda if a.title == "Swimming lesson"]
    assert any(isinstance(a.start, datetime) and a.start.weekday() == 2 for a in swims)  # moved
    assert {a.title for a in agenda} >= {"Dentist", "Parents' evening", "Car service"}
    assert len(ReminderService(db, **kw).reminders(me)) == 3
    assert TimeLogService(db, **kw).week(me, TODAY - timedelta(days=7)).logs

    code, _out, err = cli(*demo_args())
    assert code == 2
    assert f"{DEMO_EMAIL} is already here" in err


def test_history_runs_days_to_today_with_a_lesson_skipped(db, make_user, clock):
    me = make_user("Demo")
    DemoGenerator(db, me, today=TODAY, days=DAYS, clock=clock, client=TEST_CLIENT).run()
    first = TODAY - timedelta(days=DAYS - 1)
    gym = GymService(db, clock=clock, client=TEST_CLIENT)
    dates = [w.date for w in gym.workouts.list_workouts(me, page_size=100).rows]
    assert min(dates) >= first and max(dates) <= TODAY

    family = FamilyService(db, clock=clock, client=TEST_CLIENT)
    lessons = [a for a in family.agenda(me, first, DAYS) if a.title == "Swimming lesson"]
    starts = [a.start for a in lessons]
    assert all(isinstance(s, datetime) for s in starts)
    tuesdays = [s for s in starts if isinstance(s, datetime) and s.weekday() == 1]
    # Three weeks: three Tuesdays at most; the third is skipped; none is moved yet
    # (the moved one is the fifth), so two Tuesdays are left.
    assert len(tuesdays) == 2


def plain(value: Any) -> Any:
    """A value with what differs between two identical histories taken out: ids,
    which user, and when a row was written."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {
            k: plain(v)
            for k, v in value.items()
            if k != "id" and not k.endswith("_id") and k not in {"created_at", "updated_at"}
        }
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def history(db, me, clock) -> dict[str, Any]:
    """Everything the generator made for one person, as each area shows it."""
    kw: dict[str, Any] = {"clock": clock, "client": TEST_CLIENT}
    gym, nutrition = GymService(db, **kw), NutritionService(db, **kw)
    family, time_logs = FamilyService(db, **kw), TimeLogService(db, **kw)
    journal = io.StringIO()
    FinanceExport(db, **kw).write(me, journal, "csv")
    first = TODAY - timedelta(days=DAYS - 1)
    days = [first + timedelta(days=n) for n in range(DAYS)]
    return {
        "gym": gym.imports.export_csv(me),
        "cardio": plain(gym.cardio.list_cardio(me).rows),
        "finance": plain(list(csv.DictReader(io.StringIO(journal.getvalue())))),
        "budgets": plain(FinanceService(db, **kw).budgets.month_view(me, TODAY)),
        "food": [plain(nutrition.log.day(me, d)) for d in days],
        "agenda": plain(family.agenda(me, first, DAYS + 130)),
        "reminders": plain(ReminderService(db, **kw).reminders(me)),
        "time": [plain(time_logs.week(me, d)) for d in days[::7]],
    }


def test_the_same_seed_gives_the_same_data(db, make_user, clock):
    made = []
    for name, seed in (("Ana", 7), ("Ben", 7), ("Cy", 8)):
        me = make_user(name)
        DemoGenerator(
            db, me, seed=seed, today=TODAY, days=DAYS, clock=clock, client=TEST_CLIENT
        ).run()
        made.append(history(db, me, clock))
    ana, ben, cy = made
    assert ana["gym"].count("\n") > 20 and len(ana["finance"]) > 10
    for area in ana:
        assert ana[area] == ben[area], area
    # Another seed draws other numbers: the comparison above can tell them apart.
    assert ana["gym"] != cy["gym"] and ana["finance"] != cy["finance"]


def test_refuses_a_database_with_someone_else_unless_forced(cli, db, make_user, auth, clock):
    ana = make_user("Ana")
    code, out, err = cli(*demo_args())
    assert code == 2 and out == ""
    assert "this database already has accounts" in err and "--force" in err
    assert auth.list_users(auth.local_admin())[0].email == "ana@example.com"
    assert len(auth.list_users(auth.local_admin())) == 1

    code, out, err = cli(*demo_args("--force"))
    assert code == 0, err
    users = {u.email: u.role for u in auth.list_users(auth.local_admin())}
    assert users == {"ana@example.com": "admin", DEMO_EMAIL: "member"}
    gym = GymService(db, clock=clock, client=TEST_CLIENT)
    assert not gym.workouts.list_workouts(ana).rows  # Ana's own data is untouched


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days", "3"], "--days: give 7 to 3660 days"),
        (["--today", "22.11.2026"], "--today: give a date as YYYY-MM-DD"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_written(cli, auth, args, message):
    code, out, err = cli("demo", *args)
    assert code == 2 and out == ""
    assert message in err
    assert not auth.has_users()
