"""Believable made-up data in every area for one person, for `dashboard-tui demo`
(a newcomer sees a full app in one command) and for benches that want it.

Everything is written through the areas' services, one user action at a time, so
every row has its audit row and the person's audit chain verifies like anyone's.
The data is a function of the seed, `today` and `days` only (`random.Random(seed)`,
dates counted back from `today`): the same three give the same data, ids and
timestamps aside. Nothing here reads the wall clock."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from dashboard_tui.account.auth import Login
from dashboard_tui.db.audit_chain import ClientInfo
from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.db.uow import Database
from dashboard_tui.family.reminders import ReminderService
from dashboard_tui.family.services import FamilyService
from dashboard_tui.family.time_logs import TimeLogService
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.gym.services import GymService
from dashboard_tui.nutrition.catalog import food_id
from dashboard_tui.nutrition.services import NutritionService

DEMO_EMAIL = "demo@example.com"
DEMO_NAME = "Demo Person"
DEFAULT_SEED = 2026
DEFAULT_DAYS = 365

# Three training days a week over the shipped catalog: (template, [(exercise, sets,
# reps, start kg)]). The start weight grows a little every week the person trains.
TEMPLATES = (
    (
        "Push",
        (("Barbell Bench Press", 3, 8, 60), ("Overhead Press", 3, 8, 35), ("Dip", 3, 10, 0)),
    ),
    ("Pull", (("Deadlift", 3, 5, 90), ("Barbell Row", 3, 8, 50), ("Pull-up", 3, 6, 0))),
    ("Legs", (("Back Squat", 3, 6, 70), ("Romanian Deadlift", 3, 8, 60))),
)
TRAINING_WEEKDAYS = (0, 2, 4)  # Mon, Wed, Fri
CARDIO_WEEKDAY = 5  # a Saturday run

# Nutrition: the USDA numbers of shipped foods, and the grams eaten of each.
MEALS = {
    "breakfast": (("20038", 60), ("01077", 250), ("09040", 120)),  # oats, milk, banana
    "lunch": (("05062", 150), ("11090", 120), ("09003", 150)),  # chicken, broccoli, apple
    "dinner": (("15085", 140), ("01009", 30), ("01123", 60)),  # salmon, cheddar, egg
}
SNACKS = (("Coffee with milk", 40), ("Protein bar", 210), ("Handful of nuts", 180))

# Finance: (payee, category, low, high) in whole euros, spent on the given days.
WEEKLY_SPENDING = (
    ("Supermarket", "Groceries", 45, 110),
    ("Corner bakery", "Groceries", 4, 12),
    ("Trattoria", "Dining out", 18, 55),
    ("City transit", "Transport", 3, 9),
)
MONTHLY_BILLS = (
    ("Landlord", "Housing", 950, 950, 1),
    ("City utilities", "Utilities", 70, 110, 5),
    ("Mobile & fibre", "Internet & phone", 45, 45, 8),
    ("Streaming service", "Subscriptions", 13, 13, 12),
    ("Gym membership", "Fitness", 35, 35, 3),
)
CARD_DUE_DAY = 10
BUDGETS = (("Groceries", 520), ("Dining out", 160), ("Transport", 60), ("Utilities", 110))

MEMBERS = (
    ("Sam", "partner", (1990, 6, 14)),
    ("Mia", "daughter", (2016, 3, 2)),
    ("Leo", "son", (2019, 11, 23)),
)
ACTIVITIES = (("Homework", 20, 60), ("Reading", 15, 45), ("Music lesson", 30, 45))


@dataclass(frozen=True)
class DemoSummary:
    workouts: int = 0
    sets: int = 0
    cardio: int = 0
    transactions: int = 0
    food_items: int = 0
    events: int = 0
    reminders: int = 0
    time_logs: int = 0

    def describe(self) -> str:
        return (
            f"{_many(self.workouts, 'workout')} ({_many(self.sets, 'set')}), "
            f"{_many(self.cardio, 'run')}, {_many(self.transactions, 'transaction')}, "
            f"{_many(self.food_items, 'food')} logged, {_many(self.events, 'event')}, "
            f"{_many(self.reminders, 'reminder')}, {_many(self.time_logs, 'time log')}"
        )


def _many(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class DemoGenerator:
    """Fills one signed-in person's areas with `days` days of history up to `today`."""

    def __init__(
        self,
        db: Database,
        login: Login,
        *,
        seed: int = DEFAULT_SEED,
        today: date,
        days: int = DEFAULT_DAYS,
        clock: Callable[[], datetime],
        client: ClientInfo,
    ) -> None:
        if days < 7:
            raise ValueError("a demo needs at least a week of days")
        self.login = login
        self.rng = random.Random(seed)  # made-up data, not secrets
        self.today = today
        self.first = today - timedelta(days=days - 1)
        kw: dict[str, Any] = {"clock": clock, "client": client}
        self.gym = GymService(db, **kw)
        self.finance = FinanceService(db, **kw)
        self.nutrition = NutritionService(db, **kw)
        self.family = FamilyService(db, **kw)
        self.reminders = ReminderService(db, **kw)
        self.time_logs = TimeLogService(db, **kw)

    def days(self) -> list[date]:
        count = (self.today - self.first).days + 1
        return [self.first + timedelta(days=n) for n in range(count)]

    def run(self, progress: Callable[[str], None] = lambda _area: None) -> DemoSummary:
        """Each area in turn (`progress` is told which, as it starts); each draws from
        the one generator in a fixed order."""
        progress("gym")
        workouts, sets, cardio = self._gym()
        progress("finance")
        transactions = self._finance()
        progress("nutrition")
        food_items = self._nutrition()
        progress("family")
        events, reminders, time_logs = self._family()
        return DemoSummary(
            workouts, sets, cardio, transactions, food_items, events, reminders, time_logs
        )

    # -- gym ------------------------------------------------------------------------
    def _gym(self) -> tuple[int, int, int]:
        gym, me, rng = self.gym, self.login, self.rng
        templates = []
        for name, exercises in TEMPLATES:
            template = gym.templates.create_template(me, name=name)
            for exercise, sets, reps, kg in exercises:
                gym.templates.add_template_exercise(
                    me,
                    template.template.id,
                    seed_id("exercise", exercise),
                    target_sets=sets,
                    target_reps=reps,
                    target_weight=f"{kg}kg" if kg else "",
                )
            templates.append((template, exercises))
        workouts = sets_done = runs = 0
        rotation = 0
        for day in self.days():
            weeks = (day - self.first).days // 7
            if day.weekday() == CARDIO_WEEKDAY and rng.random() < 0.8:
                km = round(rng.uniform(4.0, 9.0) + weeks * 0.03, 1)
                minutes = round(km * rng.uniform(5.2, 6.2))
                gym.cardio.log_cardio(
                    me,
                    activity="Running",
                    date=day,
                    duration=f"{minutes}m",
                    distance=f"{km}km",
                    avg_hr=rng.randint(138, 162),
                )
                runs += 1
            if day.weekday() not in TRAINING_WEEKDAYS or rng.random() < 0.12:
                continue  # a rest day, or a missed session
            template, exercises = templates[rotation % len(templates)]
            rotation += 1
            detail = gym.workouts.start_workout(me, date=day, template_id=template.template.id)
            for done_in, (_, count, reps, kg) in zip(detail.exercises, exercises, strict=True):
                # Progress of 1.25 kg a fortnight, a bad day now and then.
                weight = kg + 1.25 * (weeks // 2) if kg else 0
                for _ in range(count):
                    done = max(1, reps + rng.choice((-2, -1, 0, 0, 0, 1)))
                    gym.sets.log_set(
                        me,
                        done_in.id,
                        reps=done,
                        weight=f"{weight:g}kg" if weight else "",
                        rpe=rng.choice(("7", "7.5", "8", "8.5", "9")),
                    )
                    sets_done += 1
            gym.workouts.finish_workout(me, detail.workout.id, duration=f"{rng.randint(45, 75)}m")
            workouts += 1
        return workouts, sets_done, runs

    # -- finance --------------------------------------------------------------------
    def _finance(self) -> int:
        fin, me, rng = self.finance, self.login, self.rng
        category = {c.name: c.id for c in fin.categories.list_categories(me)}
        checking = fin.accounts.create_account(
            me, name="Everyday checking", kind="checking", opening_balance="2400"
        ).id
        savings = fin.accounts.create_account(
            me, name="Savings", kind="savings", opening_balance="6500"
        ).id
        card = fin.accounts.create_account(me, name="Credit card", kind="credit_card").id
        fin.accounts.set_credit_card(me, card, limit="3000", statement_day=25, due_day=CARD_DUE_DAY)
        count = 0
        card_owed = 0.0  # spent on the card since its last payment

        def spend(account: uuid.UUID, day: date, payee: str, name: str, euros: float) -> None:
            nonlocal count, card_owed
            if account == card:
                card_owed += round(euros, 2)
            fin.transactions.add_transaction(
                me,
                account_id=account,
                amount=f"-{euros:.2f}",
                date=day,
                payee=payee,
                category_id=category[name],
                status="cleared" if day < self.today - timedelta(days=3) else "uncleared",
            )
            count += 1

        for day in self.days():
            if day.day == 25:
                fin.transactions.add_transaction(
                    me,
                    account_id=checking,
                    amount="3150.00",
                    date=day,
                    payee="Acme GmbH",
                    category_id=category["Salary"],
                    status="cleared",
                )
                fin.transactions.add_transfer(
                    me, from_account_id=checking, to_account_id=savings, amount="700", date=day
                )
                count += 3
            if day.day == CARD_DUE_DAY and card_owed:
                # The card is paid off in full from checking every month.
                fin.transactions.add_transfer(
                    me,
                    from_account_id=checking,
                    to_account_id=card,
                    amount=f"{card_owed:.2f}",
                    date=day,
                    payee="Card payment",
                )
                card_owed = 0.0
                count += 2
            for payee, name, low, high, bill_day in MONTHLY_BILLS:
                if day.day == bill_day:
                    spend(checking, day, payee, name, rng.uniform(low, high))
            for payee, name, low, high in WEEKLY_SPENDING:
                if rng.random() < 2 / 7:  # about twice a week each
                    account = card if rng.random() < 0.4 else checking
                    spend(account, day, payee, name, rng.uniform(low, high))
        months = {self.today.replace(day=1)}
        months.add((self.today.replace(day=1) - timedelta(days=1)).replace(day=1))
        for month in sorted(months):
            for name, euros in BUDGETS:
                fin.budgets.set_budget(
                    me, category_id=category[name], month=month, amount=str(euros)
                )
        for payee, name, low, _high, bill_day in MONTHLY_BILLS:
            fin.schedules.create_schedule(
                me,
                account_id=checking,
                amount=f"-{low}",
                payee=payee,
                category_id=category[name],
                repeat="monthly",
                start=_next_day_of_month(self.today, bill_day),
            )
        return count

    # -- nutrition ------------------------------------------------------------------
    def _nutrition(self) -> int:
        """A first week eaten item by item; later days copy one of those days (people
        eat much the same) and add a snack of their own."""
        log, me, rng = self.nutrition.log, self.login, self.rng
        days = self.days()
        self.nutrition.goals.set_goal(me, effective_from=days[0], kcal=2400, protein=140)
        self.nutrition.goals.set_goal(
            me, effective_from=days[len(days) // 2], kcal=2200, protein=150
        )
        items = 0
        patterns = days[:7]
        for day in patterns:
            for kind, foods in MEALS.items():
                for ndb, grams in foods:
                    if rng.random() < 0.85:
                        amount = f"{round(grams * rng.uniform(0.7, 1.3))}g"
                        log.add_food(me, day=day, kind=kind, food_id=food_id(ndb), amount=amount)
                        items += 1
        for day in days[7:]:
            if rng.random() < 0.08:
                continue  # forgot to log that day
            items += log.copy_day(me, day=rng.choice(patterns), to_day=day)
            name, kcal = rng.choice(SNACKS)
            log.quick_add(me, day=day, kind="snack", name=name, kcal=kcal)
            items += 1
        return items

    # -- family ---------------------------------------------------------------------
    def _family(self) -> tuple[int, int, int]:
        fam, me, rng = self.family, self.login, self.rng
        members = {
            name: fam.add_member(me, name=name, relation=relation, birthday=date(*born)).id
            for name, relation, born in MEMBERS
        }
        # A weekly series from the first day on, one lesson skipped, one moved.
        first_tuesday = self.first + timedelta(days=(1 - self.first.weekday()) % 7)
        swim = fam.add_event(
            me,
            title="Swimming lesson",
            day=first_tuesday,
            start="17:00",
            end="18:00",
            rule="FREQ=WEEKLY",
            member_id=members["Mia"],
            location="City pool",
        )
        skipped = first_tuesday + timedelta(weeks=2)
        moved = first_tuesday + timedelta(weeks=4)
        fam.skip(me, swim.id, f"{skipped.isoformat()}T17:00:00")
        fam.move(me, swim.id, f"{moved.isoformat()}T17:00:00", day=moved + timedelta(days=1))
        events = 1
        singles = (
            ("Dentist", 3, "08:30", "Leo"),
            ("Parents' evening", 9, "19:00", "Mia"),
            ("Dinner with friends", 12, "20:00", None),
            ("Car service", 20, "09:00", None),
        )
        event_ids = []
        for title, ahead, start, member in singles:
            made = fam.add_event(
                me,
                title=title,
                day=self.today + timedelta(days=ahead),
                start=start,
                member_id=members[member] if member else None,
            )
            event_ids.append(made.id)
            events += 1
        fam.add_event(
            me, title="Summer holiday", day=self.today + timedelta(days=rng.randint(40, 120))
        )
        events += 1
        self.reminders.add_reminder(me, event_id=event_ids[0], before="1d")
        self.reminders.add_reminder(
            me, title="Renew the car insurance", day=self.today + timedelta(days=2), at="09:00"
        )
        self.reminders.add_reminder(
            me, title="Order Leo's birthday cake", day=self.today + timedelta(days=5), at="18:00"
        )
        reminders = 3
        logs = 0
        for day in self.days():
            for activity, low, high in ACTIVITIES:
                if day.weekday() < 5 and rng.random() < 0.3:
                    child = "Mia" if activity != "Reading" or rng.random() < 0.5 else "Leo"
                    self.time_logs.add_log(
                        me,
                        activity=activity,
                        duration=f"{rng.randint(low, high)}m",
                        day=day,
                        member_id=members[child],
                    )
                    logs += 1
        return events, reminders, logs


def _next_day_of_month(today: date, day: int) -> date:
    """The first date on or after `today` whose day of the month is `day` (≤ 28)."""
    if today.day <= day:
        return today.replace(day=day)
    following = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    return following.replace(day=day)
