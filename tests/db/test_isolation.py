"""The two-user matrix: for every method of every user-scoped repository, user B can
neither read, change nor delete user A's rows, on both engines.

Table-driven. The routine rows (get, page, count, add, delete of every entity whose
declaration names its repository) come from the area registry; each area adds rows
for its repositories' own methods to CASES (and, if it needs one, a seed for A's
row). A test fails when a public repository method has no row, so nothing new slips
through untested."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

import dashboard_tui
from dashboard_tui.account.api_keys import ApiKeyService
from dashboard_tui.account.profile_repository import ProfileRepository
from dashboard_tui.account.repository import ApiKeyRepository, LoginSessionRepository
from dashboard_tui.audit.repository import AuditQuery, AuditRepository
from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.db.uow import Database
from dashboard_tui.family import EVENT
from dashboard_tui.family.reminders import ReminderRepository, ReminderService
from dashboard_tui.family.repository import (
    ActivityRepository,
    EventRepository,
    EventTypeRepository,
    MemberRepository,
    TimeLogRepository,
)
from dashboard_tui.family.services import FamilyService
from dashboard_tui.family.time_logs import TimeLogService
from dashboard_tui.finance.dto import SplitPart
from dashboard_tui.finance.import_repository import ImportRepository
from dashboard_tui.finance.importer import Mapping
from dashboard_tui.finance.investment_repository import InvestmentRepository
from dashboard_tui.finance.repository import (
    AccountRepository,
    BudgetRepository,
    CardRepository,
    RateRepository,
    ReportRepository,
    TransactionRepository,
)
from dashboard_tui.finance.repository import (
    CategoryRepository as FinanceCategoryRepository,
)
from dashboard_tui.finance.rule_offer_repository import RuleOfferRepository
from dashboard_tui.finance.schedule_repository import ScheduleRepository
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.gym.repository.catalog import CatalogRepository
from dashboard_tui.gym.repository.workouts import (
    CardioRepository,
    GymImportRepository,
    ProgressRepository,
    TemplateRepository,
    WorkoutRepository,
)
from dashboard_tui.gym.services import GymService
from dashboard_tui.kit import registry
from dashboard_tui.kit.entity import load
from dashboard_tui.kit.notifications import NotificationRepository
from dashboard_tui.kit.repository import EntityRepository, ScopedRepository, SharedCatalogRepository
from dashboard_tui.models.auth import ApiKey, LoginSession
from dashboard_tui.models.family import Event, FamilyMember, Reminder, TimeLog
from dashboard_tui.models.finance import (
    Budget,
    CreditCard,
    ExchangeRate,
    FinancialAccount,
    ImportProfile,
    InvestmentLot,
    InvestmentPrice,
    PayeeRule,
    ScheduledTransaction,
    Transaction,
    TransactionSplit,
)
from dashboard_tui.models.food_catalog import FoodPortion
from dashboard_tui.models.gym import (
    CardioSession,
    Exercise,
    ExerciseSet,
    GymImportName,
    Workout,
    WorkoutProgress,
    WorkoutTemplate,
    WorkoutTemplateExercise,
)
from dashboard_tui.models.nutrition import FoodItem, Meal, MealTemplate, NutritionGoal
from dashboard_tui.models.shared import AuditLog, CatalogItem, Notification, Profile
from dashboard_tui.nutrition.food_repository import FoodRepository
from dashboard_tui.nutrition.repository import (
    FoodItemRepository,
    GoalRepository,
    MealRepository,
    MealTemplateRepository,
)
from dashboard_tui.nutrition.services import NutritionService
from dashboard_tui.nutrition.services.foods import FoodService
from tests.nutrition_support import BANANA
from tests.support import FIXED_NOW, FakeClock

FAR_FUTURE = FIXED_NOW + timedelta(days=10_000)
SQUAT = seed_id("exercise", "Back Squat")
ALL_DAYS = (date(1900, 1, 1), date(2100, 1, 1))
FAR_KEY = (date(2100, 1, 1), FAR_FUTURE, uuid.UUID(int=0))  # after every workout


def _gym_seed(s, a) -> dict[str, uuid.UUID]:
    """A's gym rows, made through the services (their own committed transactions): an
    own catalog exercise; a live workout with a logged squat set (so records); a
    template with an exercise; a cardio session. Returns the ids by seed name."""
    gym = GymService(Database(s.get_bind()), clock=FakeClock())
    own = gym.catalog.create_exercise(a, name="A's press", mode="strength")
    workout = gym.workouts.start_workout(a, name="A legs").workout
    exercise = gym.workouts.add_exercise(a, workout.id, SQUAT)
    gym.workouts.add_exercise(a, workout.id, own.id)
    logged = gym.sets.log_set(a, exercise.id, weight="100kg", reps=5)
    template = gym.templates.create_template(a, name="A plan").template
    template_exercise = gym.templates.add_template_exercise(a, template.id, SQUAT)
    cardio = gym.cardio.log_cardio(a, activity="Running", duration="30m", distance="5km")
    # As a Strong/Hevy import leaves them: the workout's import key, a remembered name
    # (written before this read-only session first reads, so that it sees them).
    with Database(s.get_bind()).transaction(user_id=a.user.id) as w:
        imported = w.get(Workout, workout.id)
        assert imported is not None
        imported.import_key = "strong:a-legs"
        GymImportRepository(w, a.scope).remember("a's press", own.id)
        remembered = w.scalars(select(GymImportName.id)).one()
    progress = s.scalars(
        select(WorkoutProgress.id).where(
            WorkoutProgress.user_id == a.user.id, WorkoutProgress.kind == "heaviest"
        )
    ).one()
    return {
        "catalog_item": own.id,
        "workout": workout.id,
        "exercise": exercise.id,
        "exercise_set": logged.set.id,
        "workout_progress": progress,
        "workout_template": template.id,
        "workout_template_exercise": template_exercise.id,
        "cardio_session": cardio.id,
        "gym_import_name": remembered,
    }


def _gym(name: str, model: type) -> tuple[type, Callable]:
    return (model, lambda s, a: _gym_seed(s, a)[name])


GROCERIES = seed_id("expense_category", "Groceries")


def _finance_seed(s, a) -> dict[str, uuid.UUID]:
    """A's finance rows, through the services: an account with a card, an own
    category with a subcategory, an expense in it, a split, a transfer."""
    fin = FinanceService(Database(s.get_bind()), clock=FakeClock())
    main = fin.accounts.create_account(a, name="A main", currency="EUR", opening_balance="10")
    card = fin.accounts.create_account(a, name="A card", kind="credit_card", currency="EUR")
    fin.accounts.set_credit_card(a, card.id, limit="1000", statement_day=1, due_day=20)
    food = fin.categories.create_category(a, name="A food")
    organic = fin.categories.create_category(a, name="Organic", parent_id=food.id)
    spent = fin.transactions.add_transaction(
        a, account_id=main.id, amount="-5", payee="A shop", category_id=organic.id
    )
    split = fin.transactions.add_transaction(
        a,
        account_id=main.id,
        amount="-3",
        splits=[SplitPart(organic.id, "-1"), SplitPart(GROCERIES, "-2")],
    )
    moved = fin.transactions.add_transfer(
        a, from_account_id=main.id, to_account_id=card.id, amount=1
    )
    with Database(s.get_bind()).transaction(read_only=True) as t:
        card_row = t.scalars(select(CreditCard.id).where(CreditCard.account_id == card.id)).one()
        part = t.scalars(
            select(TransactionSplit.id).where(TransactionSplit.transaction_id == split.id)
        ).first()
    return {
        "financial_account": main.id,
        "credit_card": card_row,
        "finance_category": food.id,
        "transaction": spent.id,
        "transaction_split": part,
        "transfer_leg": moved.out.id,
    }


def _schedule_seed(s, a) -> uuid.UUID:
    """A's monthly bill, through the service."""
    fin = FinanceService(Database(s.get_bind()), clock=FakeClock())
    main = fin.accounts.create_account(a, name="A main", currency="EUR")
    return fin.schedules.create_schedule(a, account_id=main.id, amount="-5", payee="A rent").id


def _family_seed(s, a) -> dict[str, uuid.UUID]:
    """A's member, weekly series and one moved occurrence (its own row), through the
    service."""
    fam = FamilyService(Database(s.get_bind()), clock=FakeClock())
    member = fam.add_member(a, name="A kid", birthday="2016-02-29")
    series = fam.add_event(
        a,
        title="A swim",
        day="2026-01-06",
        start="17:00",
        rule="FREQ=WEEKLY",
        member_id=member.id,
        timezone="UTC",
    )
    moved = fam.move(a, series.id, "2026-01-13T17:00:00", day="2026-01-14")
    # A reminder before the series that has fired (a notification points at it).
    rem = ReminderService(Database(s.get_bind()), clock=FakeClock())
    reminder = rem.add_reminder(a, before="15m", event_id=series.id)
    late = FakeClock(FIXED_NOW + timedelta(days=8))
    ReminderService(Database(s.get_bind()), clock=late).fire_due(a)
    fired = s.scalar(select(Notification.id).where(Notification.reminder_id == reminder.id))
    return {
        "notification": fired,
        "family_member": member.id,
        "event": series.id,
        "changed_event": moved.id,
        "reminder": reminder.id,
    }


def _own_event_type_seed(s, a) -> uuid.UUID:
    """An event type of A's own (the catalog's kind event_type, user_id A)."""
    row = CatalogItem(user_id=a.user.id, kind="event_type", name="A's type")
    s.add(row)
    s.flush()
    return row.id


def _time_log_seed(s, a) -> dict[str, uuid.UUID]:
    """A's time log for A's member, in A's own activity, through the service."""
    fam = FamilyService(Database(s.get_bind()), clock=FakeClock())
    logs = TimeLogService(Database(s.get_bind()), clock=FakeClock())
    member = fam.add_member(a, name="A kid")
    log = logs.add_log(a, member_id=member.id, activity="A's piano", duration="45m")
    assert log.activity_id is not None
    return {"time_log": log.id, "own_activity": log.activity_id}


def _family(name: str, model: type) -> tuple[type, Callable]:
    return (model, lambda s, a: _family_seed(s, a)[name])


def _finance(name: str, model: type) -> tuple[type, Callable]:
    return (model, lambda s, a: _finance_seed(s, a)[name])


def _budget_seed(s, a) -> uuid.UUID:
    """A's finance rows and a budget for A's own category in the clock's month."""
    category = _finance_seed(s, a)["finance_category"]
    fin = FinanceService(Database(s.get_bind()), clock=FakeClock())
    found = fin.budgets.set_budget(a, category_id=category, month=FIXED_NOW.date(), amount="9")
    assert found is not None
    return found.id


def _rate_seed(s, a) -> uuid.UUID:
    """A's exchange rate, through the service."""
    fin = FinanceService(Database(s.get_bind()), clock=FakeClock())
    return fin.rates.add_rate(
        a, from_currency="USD", to_currency="EUR", rate="0.92", day="2026-11-01"
    ).id


def _finance_import_seed(s, a) -> dict[str, uuid.UUID]:
    """A's import profile, payee rule and an imported row, through the service."""
    fin = FinanceService(Database(s.get_bind()), clock=FakeClock())
    profile = fin.imports.save_profile(a, "A bank", Mapping(delimiter=";"))
    rule = fin.imports.add_rule(a, contains="A shop", category_id=GROCERIES)
    fin.imports.import_csv(
        a, b"Date;Amount;Payee\n2026-11-01;-5;A shop\n", Mapping(), account_name="A giro"
    )
    with Database(s.get_bind()).transaction(read_only=True) as t:
        row = t.scalars(
            select(Transaction.id).where(Transaction.import_fingerprint.is_not(None))
        ).one()
    return {"import_profile": profile.id, "payee_rule": rule.id, "imported_transaction": row}


def _finance_import(name: str, model: type) -> tuple[type, Callable]:
    return (model, lambda s, a: _finance_import_seed(s, a)[name])


def _investment_seed(s, a) -> dict[str, uuid.UUID]:
    """A's investment account with a buy, and a price, through the service."""
    fin = FinanceService(Database(s.get_bind()), clock=FakeClock())
    broker = fin.accounts.create_account(a, name="A broker", kind="investment", currency="EUR")
    lot = fin.investments.add_lot(
        a, account_id=broker.id, symbol="AVWCE", kind="buy", units="1", price="10"
    )
    price = fin.investments.set_price(a, symbol="AVWCE", price="11", currency="EUR")
    return {"investment_lot": lot.id, "investment_price": price.id}


def _investment(name: str, model: type) -> tuple[type, Callable]:
    return (model, lambda s, a: _investment_seed(s, a)[name])


def _food_seed(s, a) -> dict[str, uuid.UUID]:
    """A's own food with a portion, through the service, logged once in a meal."""
    db = Database(s.get_bind())
    food = FoodService(db, clock=FakeClock()).add_own(
        a, name="A secret soup", kcal="50", portions="bowl=350"
    )
    with db.transaction(user_id=a.user.id) as w:
        meal = Meal(user_id=a.user.id, date=date(2026, 11, 1), kind="lunch")
        w.add(meal)
        w.flush()
        w.add(
            FoodItem(
                user_id=a.user.id,
                meal_id=meal.id,
                catalog_item_id=food.id,
                name=food.name,
                grams=350,
                kcal=175,
                protein_mg=0,
                carbs_mg=0,
                fat_mg=0,
            )
        )
    portion = s.scalars(select(FoodPortion.id).where(FoodPortion.food_id == food.id)).one()
    return {"own_food": food.id, "food_portion": portion}


def _food(name: str, model: type) -> tuple[type, Callable]:
    return (model, lambda s, a: _food_seed(s, a)[name])


def _nutrition_seed(s, a) -> dict[str, uuid.UUID]:
    """A's log of one day (a food in lunch), a goal and a template, through the services."""
    nut = NutritionService(Database(s.get_bind()), clock=FakeClock())
    item = nut.log.add_food(a, day=FIXED_NOW.date(), kind="lunch", food_id=BANANA, amount="100")
    goal = nut.goals.set_goal(a, effective_from="2026-01-01", kcal="2000")
    template = nut.templates.save_meal(a, day=FIXED_NOW.date(), kind="lunch", name="A lunch")
    return {
        "meal": item.meal_id,
        "food_item": item.id,
        "nutrition_goal": goal.id,
        "meal_template": template.id,
    }


def _nutrition(name: str, model: type) -> tuple[type, Callable]:
    return (model, lambda s, a: _nutrition_seed(s, a)[name])


# What A owns that a case targets: model, and how to find A's row id.
SEEDS: dict[str, tuple[type, Callable]] = {
    "session": (LoginSession, lambda s, a: a.session_id),
    "api_key": (
        ApiKey,
        lambda s, a: ApiKeyService(Database(s.get_bind())).create(a, "A's key").info.id,
    ),
    "profile": (Profile, lambda s, a: ProfileRepository(s, a.scope).get().id),
    # A's first audit row (user.register). B is a member: no admin view.
    "audit": (
        AuditLog,
        lambda s, a: s.scalars(
            select(AuditLog.id).where(AuditLog.user_id == a.user.id).order_by(AuditLog.seq)
        ).first(),
    ),
    "catalog_item": _gym("catalog_item", CatalogItem),
    "workout": _gym("workout", Workout),
    "exercise": _gym("exercise", Exercise),
    "exercise_set": _gym("exercise_set", ExerciseSet),
    "workout_progress": _gym("workout_progress", WorkoutProgress),
    "workout_template": _gym("workout_template", WorkoutTemplate),
    "workout_template_exercise": _gym("workout_template_exercise", WorkoutTemplateExercise),
    "cardio_session": _gym("cardio_session", CardioSession),
    "gym_import_name": _gym("gym_import_name", GymImportName),
    "financial_account": _finance("financial_account", FinancialAccount),
    "credit_card": _finance("credit_card", CreditCard),
    "finance_category": _finance("finance_category", CatalogItem),
    "transaction": _finance("transaction", Transaction),
    "transaction_split": _finance("transaction_split", TransactionSplit),
    "transfer_leg": _finance("transfer_leg", Transaction),
    "scheduled_transaction": (ScheduledTransaction, lambda s, a: _schedule_seed(s, a)),
    "budget": (Budget, _budget_seed),
    "exchange_rate": (ExchangeRate, lambda s, a: _rate_seed(s, a)),
    "import_profile": _finance_import("import_profile", ImportProfile),
    "payee_rule": _finance_import("payee_rule", PayeeRule),
    "imported_transaction": _finance_import("imported_transaction", Transaction),
    "investment_lot": _investment("investment_lot", InvestmentLot),
    "investment_price": _investment("investment_price", InvestmentPrice),
    "own_food": _food("own_food", CatalogItem),
    "food_portion": _food("food_portion", FoodPortion),
    "meal": _nutrition("meal", Meal),
    "food_item": _nutrition("food_item", FoodItem),
    "nutrition_goal": _nutrition("nutrition_goal", NutritionGoal),
    "meal_template": _nutrition("meal_template", MealTemplate),
    "family_member": _family("family_member", FamilyMember),
    "event": _family("event", Event),
    "changed_event": _family("changed_event", Event),
    "reminder": _family("reminder", Reminder),
    "notification": _family("notification", Notification),
    "time_log": (TimeLog, lambda s, a: _time_log_seed(s, a)["time_log"]),
    "own_activity": (CatalogItem, lambda s, a: _time_log_seed(s, a)["own_activity"]),
    "own_event_type": (CatalogItem, lambda s, a: _own_event_type_seed(s, a)),
}


@dataclass(frozen=True)
class Case:
    method: str  # "RepositoryClass.method", checked against the real classes
    repo: type[ScopedRepository]
    seed: str
    # B's attempt on A's row: (B's repository, A's row as a stray object, A's row id)
    attempt: Callable[[ScopedRepository, object, uuid.UUID], object]
    refused: type[Exception] | None = None  # the attempt must raise this


def _ids(rows) -> set:
    return {r.id for r in rows}


CASES = [
    Case(
        "AuditRepository.page",
        AuditRepository,
        "audit",
        lambda r, row, rid: rid in {e.id for e, _ in r.page(AuditQuery(), None, 1000)} and "LEAK",
    ),
    Case(
        "AuditRepository.get",
        AuditRepository,
        "audit",
        lambda r, row, rid: r.get(rid) and "LEAK",
    ),
    Case(
        "AuditRepository.record_exists",
        AuditRepository,
        "profile",
        lambda r, row, rid: r.record_exists(Profile, rid) and "LEAK",
    ),
    Case(
        "LoginSessionRepository.list",
        LoginSessionRepository,
        "session",
        lambda r, row, rid: rid in _ids(r.list()) and "LEAK",
    ),
    Case(
        "LoginSessionRepository.get",
        LoginSessionRepository,
        "session",
        lambda r, row, rid: r.get(rid) and "LEAK",
    ),
    Case(
        "LoginSessionRepository.delete",
        LoginSessionRepository,
        "session",
        lambda r, row, rid: r.delete(row),
        refused=LookupError,
    ),
    Case(
        "LoginSessionRepository.delete_others",
        LoginSessionRepository,
        "session",
        lambda r, row, rid: r.delete_others(None),
    ),
    Case(
        "LoginSessionRepository.delete_expired",
        LoginSessionRepository,
        "session",
        lambda r, row, rid: r.delete_expired(FAR_FUTURE, FAR_FUTURE),
    ),
    Case(
        "ApiKeyRepository.live",
        ApiKeyRepository,
        "api_key",
        lambda r, row, rid: rid in _ids(r.live()) and "LEAK",
    ),
    Case(
        "ApiKeyRepository.live_named",
        ApiKeyRepository,
        "api_key",
        lambda r, row, rid: r.live_named("A's key") and "LEAK",
    ),
    Case(
        "ApiKeyRepository.get",
        ApiKeyRepository,
        "api_key",
        lambda r, row, rid: r.get(rid) and "LEAK",
    ),
    Case(
        "ApiKeyRepository.add",
        ApiKeyRepository,
        "api_key",
        lambda r, row, rid: r.add(row),
        refused=LookupError,
    ),
    Case(
        "ProfileRepository.get",
        ProfileRepository,
        "profile",
        lambda r, row, rid: r.get().id == rid and "LEAK",
    ),
    Case(
        "ProfileRepository.get_or_create",
        ProfileRepository,
        "profile",
        lambda r, row, rid: r.get_or_create().id == rid and "LEAK",
    ),
    # -- gym: catalog (A's own exercise; shipped ones are everyone's) ------------------
    Case(
        "CatalogRepository.get",
        CatalogRepository,
        "catalog_item",
        lambda r, row, rid: r.get(rid) and "LEAK",
    ),
    Case(
        "CatalogRepository.page",
        CatalogRepository,
        "catalog_item",
        lambda r, row, rid: rid in _ids(r.page(limit=500)) and "LEAK",
    ),
    Case(
        "CatalogRepository.find_by_name",
        CatalogRepository,
        "catalog_item",
        lambda r, row, rid: r.find_by_name(row.name) and "LEAK",
    ),
    Case(
        "CatalogRepository.add",
        CatalogRepository,
        "catalog_item",
        lambda r, row, rid: r.add(row),
        refused=LookupError,
    ),
    Case(
        "CatalogRepository.delete",
        CatalogRepository,
        "catalog_item",
        lambda r, row, rid: r.delete(row),
        refused=LookupError,
    ),
    Case(
        "CatalogRepository.usage",
        CatalogRepository,
        "catalog_item",
        lambda r, row, rid: any(r.usage(rid).values()) and "LEAK",
    ),
    # -- gym: workouts, their exercises and sets ------------------------------------------
    Case(
        "WorkoutRepository.active",
        WorkoutRepository,
        "workout",
        lambda r, row, rid: r.active() and "LEAK",
    ),
    Case(
        "WorkoutRepository.totals",
        WorkoutRepository,
        "workout",
        lambda r, row, rid: r.totals([rid])[rid] != (0, 0, 0) and "LEAK",
    ),
    Case(
        "WorkoutRepository.exercises",
        WorkoutRepository,
        "workout",
        lambda r, row, rid: r.exercises(rid) and "LEAK",
    ),
    Case(
        "WorkoutRepository.add_exercise",
        WorkoutRepository,
        "workout",
        lambda r, row, rid: r.add_exercise(row, Exercise(catalog_item_id=SQUAT)),
        refused=LookupError,
    ),
    Case(
        "WorkoutRepository.get_exercise",
        WorkoutRepository,
        "exercise",
        lambda r, row, rid: r.get_exercise(rid) and "LEAK",
    ),
    Case(
        "WorkoutRepository.delete_exercise",
        WorkoutRepository,
        "exercise",
        lambda r, row, rid: r.delete_exercise(row),
        refused=LookupError,
    ),
    Case(
        "WorkoutRepository.sets",
        WorkoutRepository,
        "exercise",
        lambda r, row, rid: r.sets([rid]) and "LEAK",
    ),
    Case(
        "WorkoutRepository.add_set",
        WorkoutRepository,
        "exercise",
        lambda r, row, rid: r.add_set(row, ExerciseSet(reps=1)),
        refused=LookupError,
    ),
    Case(
        "WorkoutRepository.sessions",
        WorkoutRepository,
        "exercise",
        lambda r, row, rid: r.sessions(row.catalog_item_id, limit=10) and "LEAK",
    ),
    Case(
        "WorkoutRepository.latest_sessions",
        WorkoutRepository,
        "exercise",
        lambda r, row, rid: r.latest_sessions([row.catalog_item_id], before=FAR_KEY) and "LEAK",
    ),
    Case(
        "WorkoutRepository.get_set",
        WorkoutRepository,
        "exercise_set",
        lambda r, row, rid: r.get_set(rid) and "LEAK",
    ),
    Case(
        "WorkoutRepository.delete_set",
        WorkoutRepository,
        "exercise_set",
        lambda r, row, rid: r.delete_set(row),
        refused=LookupError,
    ),
    # -- gym: records and chart aggregates ----------------------------------------------------
    Case(
        "ProgressRepository.records",
        ProgressRepository,
        "workout_progress",
        lambda r, row, rid: r.records() and "LEAK",
    ),
    Case(
        "ProgressRepository.best_sets_by_reps",
        ProgressRepository,
        "workout_progress",
        lambda r, row, rid: r.best_sets_by_reps(row.catalog_item_id) and "LEAK",
    ),
    Case(
        "ProgressRepository.best_session_volume",
        ProgressRepository,
        "workout_progress",
        lambda r, row, rid: r.best_session_volume(row.catalog_item_id) and "LEAK",
    ),
    Case(
        "ProgressRepository.replace",
        ProgressRepository,
        "workout_progress",
        lambda r, row, rid: r.replace(row.catalog_item_id, []),
    ),
    Case(
        "ProgressRepository.e1rm_by_session",
        ProgressRepository,
        "workout_progress",
        lambda r, row, rid: r.e1rm_by_session(row.catalog_item_id) and "LEAK",
    ),
    Case(
        "ProgressRepository.daily_totals",
        ProgressRepository,
        "workout_progress",
        lambda r, row, rid: r.daily_totals(*ALL_DAYS) and "LEAK",
    ),
    # -- gym: templates -----------------------------------------------------------------------
    Case(
        "TemplateRepository.exercise_counts",
        TemplateRepository,
        "workout_template",
        lambda r, row, rid: r.exercise_counts([rid]) and "LEAK",
    ),
    Case(
        "TemplateRepository.exercises",
        TemplateRepository,
        "workout_template",
        lambda r, row, rid: r.exercises(rid) and "LEAK",
    ),
    Case(
        "TemplateRepository.add_exercise",
        TemplateRepository,
        "workout_template",
        lambda r, row, rid: r.add_exercise(row, WorkoutTemplateExercise(catalog_item_id=SQUAT)),
        refused=LookupError,
    ),
    Case(
        "TemplateRepository.get_exercise",
        TemplateRepository,
        "workout_template_exercise",
        lambda r, row, rid: r.get_exercise(rid) and "LEAK",
    ),
    Case(
        "TemplateRepository.delete_exercise",
        TemplateRepository,
        "workout_template_exercise",
        lambda r, row, rid: r.delete_exercise(row),
        refused=LookupError,
    ),
    # -- gym: cardio ----------------------------------------------------------------------------
    Case(
        "CardioRepository.totals",
        CardioRepository,
        "cardio_session",
        lambda r, row, rid: r.totals(*ALL_DAYS) != (0, 0, 0) and "LEAK",
    ),
]


FAR = (date(1900, 1, 1), FIXED_NOW - timedelta(days=100_000), uuid.UUID(int=0))


def _leak(found) -> str | None:
    return "LEAK" if found else None


def _b_inserts_a_workout(r, row) -> None:
    """B's bulk insert of a copy of A's workout (its id too): user_id is B's, and the
    id is A's row's, which the database refuses rather than overwrite."""
    copy = {c.key: getattr(row, c.key) for c in Workout.__table__.columns}
    r.insert(Workout, [copy], FIXED_NOW)


GYM_IMPORT_CASES = [
    Case(
        "GymImportRepository.known_keys",
        GymImportRepository,
        "workout",
        lambda r, row, rid: _leak(r.known_keys([row.import_key])),
    ),
    Case(
        "GymImportRepository.remembered",
        GymImportRepository,
        "gym_import_name",
        lambda r, row, rid: _leak(r.remembered()),
    ),
    Case(  # B's own mapping of the same name; A's stays as it was
        "GymImportRepository.remember",
        GymImportRepository,
        "gym_import_name",
        lambda r, row, rid: r.remember(row.name_key, SQUAT),
    ),
    Case(
        "GymImportRepository.insert",
        GymImportRepository,
        "workout",
        lambda r, row, rid: _b_inserts_a_workout(r, row),
        refused=IntegrityError,
    ),
]


FINANCE_CASES = [
    # -- finance: accounts ------------------------------------------------------------
    Case(
        "AccountRepository.listed",
        AccountRepository,
        "financial_account",
        lambda r, row, rid: _leak(rid in _ids(r.listed(include_archived=True))),
    ),
    Case(
        "AccountRepository.find_by_name",
        AccountRepository,
        "financial_account",
        lambda r, row, rid: _leak(r.find_by_name("A main")),
    ),
    Case(  # B's attempt changes nothing of A's (the matrix compares A's row)
        "AccountRepository.add_to_balance",
        AccountRepository,
        "financial_account",
        lambda r, row, rid: r.add_to_balance(rid, 999),
    ),
    Case(
        "AccountRepository.card",
        AccountRepository,
        "credit_card",
        lambda r, row, rid: _leak(r.card(row.account_id)),
    ),
    Case(
        "AccountRepository.add_card",
        AccountRepository,
        "credit_card",
        lambda r, row, rid: r.add_card(row),
        refused=LookupError,
    ),
    Case(
        "AccountRepository.postings_total",
        AccountRepository,
        "financial_account",
        lambda r, row, rid: _leak(r.postings_total(rid)),
    ),
    # -- finance: transactions ------------------------------------------------------------
    Case(
        "TransactionRepository.register",
        TransactionRepository,
        "transaction",
        lambda r, row, rid: _leak(rid in _ids(r.register(row.account_id, limit=1000))),
    ),
    Case(
        "TransactionRepository.sum_between",
        TransactionRepository,
        "transaction",
        lambda r, row, rid: _leak(r.sum_between(row.account_id, FAR, None)),
    ),
    Case(
        "TransactionRepository.status_total",
        TransactionRepository,
        "transaction",
        lambda r, row, rid: _leak(
            any(r.status_total(row.account_id, s) for s in ("uncleared", "cleared", "reconciled"))
        ),
    ),
    Case(
        "TransactionRepository.with_status",
        TransactionRepository,
        "transaction",
        lambda r, row, rid: _leak(
            any(
                r.with_status(row.account_id, s, date(9999, 12, 31))
                for s in ("uncleared", "cleared", "reconciled")
            )
        ),
    ),
    Case(
        "TransactionRepository.legs",
        TransactionRepository,
        "transfer_leg",
        lambda r, row, rid: _leak(r.legs(row.transfer_id)),
    ),
    Case(
        "TransactionRepository.legs_of",
        TransactionRepository,
        "transfer_leg",
        lambda r, row, rid: _leak(r.legs_of([row.transfer_id])),
    ),
    Case(
        "TransactionRepository.splits",
        TransactionRepository,
        "transaction_split",
        lambda r, row, rid: _leak(r.splits(row.transaction_id)),
    ),
    Case(
        "TransactionRepository.splits_of",
        TransactionRepository,
        "transaction_split",
        lambda r, row, rid: _leak(r.splits_of([row.transaction_id])),
    ),
    Case(  # B's touch writes nothing of A's (the matrix compares A's row)
        "TransactionRepository.touch",
        TransactionRepository,
        "transaction",
        lambda r, row, rid: r.touch(row, FAR_FUTURE),
    ),
    Case(
        "TransactionRepository.add_split",
        TransactionRepository,
        "transaction_split",
        lambda r, row, rid: r.add_split(row),
        refused=LookupError,
    ),
    Case(
        "TransactionRepository.delete_split",
        TransactionRepository,
        "transaction_split",
        lambda r, row, rid: r.delete_split(row),
        refused=LookupError,
    ),
    Case(
        "TransactionRepository.payees",
        TransactionRepository,
        "transaction",
        lambda r, row, rid: _leak(r.payees("", 100)),
    ),
    Case(  # B's re-categorising of A's category moves none of A's rows
        "TransactionRepository.recategorise",
        TransactionRepository,
        "transaction",
        lambda r, row, rid: _leak(any(r.recategorise(row.category_id, GROCERIES))),
    ),
    Case(
        "TransactionRepository.category_totals",
        TransactionRepository,
        "transaction",
        lambda r, row, rid: _leak(r.category_totals()),
    ),
    Case(
        "TransactionRepository.month_category_totals",
        TransactionRepository,
        "transaction",
        lambda r, row, rid: _leak(r.month_category_totals(None, None, row.currency)),
    ),
    Case(
        "TransactionRepository.everything",
        TransactionRepository,
        "transaction",
        lambda r, row, rid: _leak(list(r.everything())),
    ),
    # -- finance: categories ------------------------------------------------------------
    Case(
        "CategoryRepository.get",
        FinanceCategoryRepository,
        "finance_category",
        lambda r, row, rid: _leak(r.get(rid)),
    ),
    Case(
        "CategoryRepository.listed",
        FinanceCategoryRepository,
        "finance_category",
        lambda r, row, rid: _leak(rid in _ids(r.listed())),
    ),
    Case(
        "CategoryRepository.by_path",
        FinanceCategoryRepository,
        "finance_category",
        lambda r, row, rid: _leak(r.by_path("expense", row.name)),
    ),
    Case(
        "CategoryRepository.beneath",
        FinanceCategoryRepository,
        "finance_category",
        lambda r, row, rid: _leak(r.beneath(row)),
    ),
    Case(
        "CategoryRepository.add",
        FinanceCategoryRepository,
        "finance_category",
        lambda r, row, rid: r.add(row),
        refused=LookupError,
    ),
    Case(
        "CategoryRepository.delete",
        FinanceCategoryRepository,
        "finance_category",
        lambda r, row, rid: r.delete(row),
        refused=LookupError,
    ),
    Case(
        "CategoryRepository.usage",
        FinanceCategoryRepository,
        "transaction",
        lambda r, row, rid: _leak(r.usage(row.category_id)),
    ),
    Case(
        "CategoryRepository.names",
        FinanceCategoryRepository,
        "finance_category",
        lambda r, row, rid: _leak(r.names([rid])),
    ),
]
CASES += FINANCE_CASES
CASES += [
    # -- finance: scheduled transactions -------------------------------------------------
    Case(
        "ScheduleRepository.get",
        ScheduleRepository,
        "scheduled_transaction",
        lambda r, row, rid: _leak(r.get(rid)),
    ),
    Case(
        "ScheduleRepository.listed",
        ScheduleRepository,
        "scheduled_transaction",
        lambda r, row, rid: _leak(r.listed() or r.listed(active_only=True)),
    ),
    Case(
        "ScheduleRepository.add",
        ScheduleRepository,
        "scheduled_transaction",
        lambda r, row, rid: r.add(row),
        refused=LookupError,
    ),
    Case(
        "ScheduleRepository.delete",
        ScheduleRepository,
        "scheduled_transaction",
        lambda r, row, rid: r.delete(row),
        refused=LookupError,
    ),
]
FAR_MONTH = date(2100, 1, 1)
BUDGET_CASES = [
    Case("BudgetRepository.get", BudgetRepository, "budget", lambda r, row, rid: _leak(r.get(rid))),
    Case(
        "BudgetRepository.find",
        BudgetRepository,
        "budget",
        lambda r, row, rid: _leak(r.find(row.category_id, row.month)),
    ),
    Case(
        "BudgetRepository.of_month",
        BudgetRepository,
        "budget",
        lambda r, row, rid: _leak(r.of_month(row.month)),
    ),
    Case(
        "BudgetRepository.up_to",
        BudgetRepository,
        "budget",
        lambda r, row, rid: _leak(r.up_to(FAR_MONTH, row.currency)),
    ),
    Case(
        "BudgetRepository.add",
        BudgetRepository,
        "budget",
        lambda r, row, rid: r.add(row),
        refused=LookupError,
    ),
    Case(
        "BudgetRepository.delete",
        BudgetRepository,
        "budget",
        lambda r, row, rid: r.delete(row),
        refused=LookupError,
    ),
    Case(  # B has no account and no budget: any currency found is A's
        "BudgetRepository.currencies",
        BudgetRepository,
        "budget",
        lambda r, row, rid: _leak(r.currencies()),
    ),
]
CASES += BUDGET_CASES
FAR_PAST = date(1900, 1, 1)
REPORT_CASES = [  # B has no rows: any sum or row found is A's
    Case(
        "BudgetRepository.month_totals",
        BudgetRepository,
        "transaction",
        lambda r, row, rid: _leak(r.month_totals(row.currency, FAR_MONTH)),
    ),
    Case(
        "ReportRepository.flow_months",
        ReportRepository,
        "transaction",
        lambda r, row, rid: _leak(r.flow_months(FAR_PAST, FAR_MONTH, row.currency)),
    ),
    Case(
        "ReportRepository.flow_days",
        ReportRepository,
        "transaction",
        lambda r, row, rid: _leak(r.flow_days(FAR_PAST, FAR_MONTH, row.currency)),
    ),
    Case(
        "ReportRepository.balance_total",
        ReportRepository,
        "financial_account",
        lambda r, row, rid: _leak(r.balance_total(row.currency)),
    ),
    Case(
        "ReportRepository.days_after",
        ReportRepository,
        "transaction",
        lambda r, row, rid: _leak(r.days_after(FAR_PAST, row.currency)),
    ),
    Case(
        "ReportRepository.behind",
        ReportRepository,
        "transaction",
        lambda r, row, rid: _leak(r.behind(None, None, row.currency, limit=1000)),
    ),
    Case(
        "ReportRepository.behind_total",
        ReportRepository,
        "transaction",
        lambda r, row, rid: _leak(r.behind_total(None, None, row.currency)[0]),
    ),
]
CASES += REPORT_CASES
EVER = (date(1900, 1, 1), date(2200, 1, 1))
CASES += [
    # -- finance: credit card statements and exchange rates -----------------------------
    Case(
        "CardRepository.cards", CardRepository, "credit_card", lambda r, row, rid: _leak(r.cards())
    ),
    Case(
        "CardRepository.total_between",
        CardRepository,
        "transaction",
        lambda r, row, rid: _leak(r.total_between(row.account_id, *EVER)),
    ),
    Case(
        "CardRepository.total_through",
        CardRepository,
        "transaction",
        lambda r, row, rid: _leak(r.total_through(row.account_id, EVER[1])),
    ),
    Case(
        "RateRepository.get", RateRepository, "exchange_rate", lambda r, row, rid: _leak(r.get(rid))
    ),
    Case(
        "RateRepository.listed",
        RateRepository,
        "exchange_rate",
        lambda r, row, rid: _leak(r.listed()),
    ),
    Case(
        "RateRepository.find",
        RateRepository,
        "exchange_rate",
        lambda r, row, rid: _leak(r.find(row.from_currency, row.to_currency, row.date)),
    ),
    Case(
        "RateRepository.latest",
        RateRepository,
        "exchange_rate",
        lambda r, row, rid: _leak(r.latest(row.from_currency, row.to_currency, EVER[1])),
    ),
    Case(
        "RateRepository.add",
        RateRepository,
        "exchange_rate",
        lambda r, row, rid: r.add(row),
        refused=LookupError,
    ),
    Case(
        "RateRepository.delete",
        RateRepository,
        "exchange_rate",
        lambda r, row, rid: r.delete(row),
        refused=LookupError,
    ),
]


def _b_import(repo, row):
    """A's imported row as B's import would write it: into A's account."""
    new = (row.date, row.amount_minor, None, row.payee, row.memo, "b" * 64)
    return repo.insert_transactions(row.account_id, row.currency, FIXED_NOW, [new])


IMPORT_CASES = [
    Case(
        "ImportRepository.profiles",
        ImportRepository,
        "import_profile",
        lambda r, row, rid: rid in _ids(r.profiles()) and "LEAK",
    ),
    Case(
        "ImportRepository.profile_named",
        ImportRepository,
        "import_profile",
        lambda r, row, rid: r.profile_named(row.name) and "LEAK",
    ),
    Case(
        "ImportRepository.add_profile",
        ImportRepository,
        "import_profile",
        lambda r, row, rid: r.add_profile(row),
        refused=LookupError,
    ),
    Case(
        "ImportRepository.delete_profile",
        ImportRepository,
        "import_profile",
        lambda r, row, rid: r.delete_profile(row),
        refused=LookupError,
    ),
    Case(
        "ImportRepository.rules",
        ImportRepository,
        "payee_rule",
        lambda r, row, rid: rid in _ids(r.rules()) and "LEAK",
    ),
    Case(
        "ImportRepository.get_rule",
        ImportRepository,
        "payee_rule",
        lambda r, row, rid: r.get_rule(rid) and "LEAK",
    ),
    Case(
        "ImportRepository.add_rule",
        ImportRepository,
        "payee_rule",
        lambda r, row, rid: r.add_rule(row),
        refused=LookupError,
    ),
    Case(
        "ImportRepository.delete_rule",
        ImportRepository,
        "payee_rule",
        lambda r, row, rid: r.delete_rule(row),
        refused=LookupError,
    ),
    Case(
        "ImportRepository.fingerprints",
        ImportRepository,
        "imported_transaction",
        lambda r, row, rid: r.fingerprints(row.account_id) and "LEAK",
    ),
    Case(  # into A's account: the owner key (account_id, user_id) refuses it
        "ImportRepository.insert_transactions",
        ImportRepository,
        "imported_transaction",
        lambda r, row, rid: _b_import(r, row),
        refused=IntegrityError,
    ),
]
CASES += IMPORT_CASES
CASES += GYM_IMPORT_CASES
INVESTMENT_CASES = [
    Case(
        "InvestmentRepository.lots",
        InvestmentRepository,
        "investment_lot",
        lambda r, row, rid: _leak(r.lots(row.account_id) or r.lots(row.account_id, row.symbol)),
    ),
    Case(
        "InvestmentRepository.get_lot",
        InvestmentRepository,
        "investment_lot",
        lambda r, row, rid: _leak(r.get_lot(rid)),
    ),
    Case(
        "InvestmentRepository.add_lot",
        InvestmentRepository,
        "investment_lot",
        lambda r, row, rid: r.add_lot(row),
        refused=LookupError,
    ),
    Case(
        "InvestmentRepository.delete_lot",
        InvestmentRepository,
        "investment_lot",
        lambda r, row, rid: r.delete_lot(row),
        refused=LookupError,
    ),
    Case(
        "InvestmentRepository.price_on",
        InvestmentRepository,
        "investment_price",
        lambda r, row, rid: _leak(r.price_on(row.symbol, row.currency, row.date)),
    ),
    Case(
        "InvestmentRepository.latest_prices",
        InvestmentRepository,
        "investment_price",
        lambda r, row, rid: _leak(r.latest_prices(row.currency, [row.symbol])),
    ),
    Case(
        "InvestmentRepository.all_lots",
        InvestmentRepository,
        "investment_lot",
        lambda r, row, rid: _leak(r.all_lots()),
    ),
    Case(
        "InvestmentRepository.all_prices",
        InvestmentRepository,
        "investment_price",
        lambda r, row, rid: _leak(r.all_prices()),
    ),
    Case(
        "InvestmentRepository.add_price",
        InvestmentRepository,
        "investment_price",
        lambda r, row, rid: r.add_price(row),
        refused=LookupError,
    ),
]
CASES += INVESTMENT_CASES
FOOD_CASES = [
    Case("FoodRepository.get", FoodRepository, "own_food", lambda r, row, rid: _leak(r.get(rid))),
    Case(
        "FoodRepository.get_many",
        FoodRepository,
        "own_food",
        lambda r, row, rid: _leak(r.get_many([rid])),
    ),
    Case(
        "FoodRepository.search",
        FoodRepository,
        "own_food",
        lambda r, row, rid: _leak(r.search(["secret", "soup"], limit=50)),
    ),
    Case(
        "FoodRepository.own",
        FoodRepository,
        "own_food",
        lambda r, row, rid: _leak(r.own(limit=100, include_hidden=True)),
    ),
    Case(
        "FoodRepository.recent",
        FoodRepository,
        "own_food",
        lambda r, row, rid: _leak(r.recent(limit=100)),
    ),
    Case(
        "FoodRepository.frequent",
        FoodRepository,
        "own_food",
        lambda r, row, rid: _leak(r.frequent(since=ALL_DAYS[0], limit=100)),
    ),
    Case(
        "FoodRepository.portions",
        FoodRepository,
        "food_portion",
        lambda r, row, rid: _leak(r.portions([row.food_id])[row.food_id]),
    ),
    Case(
        "FoodRepository.add",
        FoodRepository,
        "own_food",
        lambda r, row, rid: r.add(row),
        refused=LookupError,
    ),
    Case(
        "FoodRepository.replace_portions",
        FoodRepository,
        "own_food",
        lambda r, row, rid: r.replace_portions(row, []),
        refused=LookupError,
    ),
]
CASES += FOOD_CASES
RULE_OFFER_CASES = [
    Case(
        "RuleOfferRepository.like_rows",
        RuleOfferRepository,
        "imported_transaction",
        lambda r, row, rid: _leak(
            r.like_rows(row.account_id, (None, row.category_id), uuid.uuid4())
        ),
    ),
    Case(
        "RuleOfferRepository.rows",
        RuleOfferRepository,
        "imported_transaction",
        lambda r, row, rid: _leak(r.rows([rid])),
    ),
]
CASES += RULE_OFFER_CASES

NUTRITION_CASES = [
    Case(
        "MealRepository.find",
        MealRepository,
        "meal",
        lambda r, row, rid: _leak(r.find(row.date, row.kind)),
    ),
    Case(
        "MealRepository.on_days",
        MealRepository,
        "meal",
        lambda r, row, rid: _leak(r.on_days(*ALL_DAYS)),
    ),
    Case(
        "MealRepository.items_between",
        MealRepository,
        "meal",
        lambda r, row, rid: _leak(r.items_between(*ALL_DAYS)),
    ),
    Case(
        "MealRepository.day_totals",
        MealRepository,
        "meal",
        lambda r, row, rid: _leak(r.day_totals(*ALL_DAYS)),
    ),
    Case(
        "FoodItemRepository.in_meal",
        FoodItemRepository,
        "food_item",
        lambda r, row, rid: _leak(r.in_meal(row.meal_id)),
    ),
    Case(
        "GoalRepository.get",
        GoalRepository,
        "nutrition_goal",
        lambda r, row, rid: _leak(r.get(rid)),
    ),
    Case(
        "GoalRepository.on",
        GoalRepository,
        "nutrition_goal",
        lambda r, row, rid: _leak(r.on(ALL_DAYS[1])),
    ),
    Case(
        "GoalRepository.history",
        GoalRepository,
        "nutrition_goal",
        lambda r, row, rid: _leak(r.history()),
    ),
    Case(
        "GoalRepository.add",
        GoalRepository,
        "nutrition_goal",
        lambda r, row, rid: r.add(row),
        refused=LookupError,
    ),
    Case(
        "GoalRepository.delete",
        GoalRepository,
        "nutrition_goal",
        lambda r, row, rid: r.delete(row),
        refused=LookupError,
    ),
    Case(
        "MealTemplateRepository.items",
        MealTemplateRepository,
        "meal_template",
        lambda r, row, rid: _leak(r.items(rid)),
    ),
    Case(
        "MealTemplateRepository.add_item",
        MealTemplateRepository,
        "meal_template",
        lambda r, row, rid: r.add_item(row),
        refused=LookupError,
    ),
]
CASES += NUTRITION_CASES
CASES += [
    # -- family --------------------------------------------------------------------------
    Case(
        "MemberRepository.listed",
        MemberRepository,
        "family_member",
        lambda r, row, rid: _leak(r.listed()),
    ),
    Case(
        "EventRepository.series_before",
        EventRepository,
        "event",
        lambda r, row, rid: _leak(r.series_before(FAR_FUTURE, FIXED_NOW - timedelta(days=9999))),
    ),
    Case(
        "EventRepository.overrides_of",
        EventRepository,
        "changed_event",
        lambda r, row, rid: _leak(r.overrides_of([row.series_id])),
    ),
    Case(
        "EventRepository.latest_changes",
        EventRepository,
        "event",  # A's series: its "moved … only" edit is in A's audit rows
        lambda r, row, rid: _leak(
            str(rid) in r.latest_changes([EVENT.action("created"), EVENT.action("edited")], "")
        ),
    ),
    Case(
        "ReminderRepository.open_ones",
        ReminderRepository,
        "reminder",
        lambda r, row, rid: _leak(r.open_ones(1000)),
    ),
    Case(
        "ReminderRepository.due",
        ReminderRepository,
        "reminder",
        lambda r, row, rid: _leak(r.due(FAR_FUTURE)),
    ),
    # Notifications (kit/notifications.py): A's reminder fired once in the seed.
    Case(
        "NotificationRepository.newest",
        NotificationRepository,
        "reminder",
        lambda r, row, rid: _leak(r.newest(1000, None)),
    ),
    Case(
        "NotificationRepository.unread",
        NotificationRepository,
        "reminder",
        lambda r, row, rid: "B counts A's notifications" if r.unread() else None,
    ),
    Case(
        "NotificationRepository.get",
        NotificationRepository,
        "notification",
        lambda r, row, rid: r.get(rid) and "LEAK",
    ),
    Case(
        "NotificationRepository.add",
        NotificationRepository,
        "notification",
        lambda r, row, rid: r.add(row),
        refused=LookupError,
    ),
    Case(
        "NotificationRepository.mark_all_read",
        NotificationRepository,
        "notification",
        lambda r, row, rid: (
            r.mark_all_read(FIXED_NOW)
            or (
                r.session.scalar(select(Notification.read_at).where(Notification.id == rid))
                and "LEAK"
            )
        ),
    ),
    Case(
        "TimeLogRepository.between",
        TimeLogRepository,
        "time_log",
        lambda r, row, rid: _leak(r.between(date(1900, 1, 1), date(2199, 12, 31))),
    ),
    Case(
        "TimeLogRepository.matching",
        TimeLogRepository,
        "time_log",
        lambda r, row, rid: _leak(r.matching("A", 100)),
    ),
    Case(
        "TimeLogRepository.minutes_on",
        TimeLogRepository,
        "time_log",
        lambda r, row, rid: _leak(r.minutes_on(row.date, row.member_id)),
    ),
    Case(
        "EventTypeRepository.listed",
        EventTypeRepository,
        "own_event_type",
        lambda r, row, rid: _leak(rid in _ids(r.listed())),
    ),
    Case(
        "EventTypeRepository.get",
        EventTypeRepository,
        "own_event_type",
        lambda r, row, rid: _leak(r.get(rid)),
    ),
    Case(
        "ActivityRepository.listed",
        ActivityRepository,
        "own_activity",
        lambda r, row, rid: _leak(rid in _ids(r.listed())),
    ),
    Case(
        "ActivityRepository.get",
        ActivityRepository,
        "own_activity",
        lambda r, row, rid: _leak(r.get(rid)),
    ),
    Case(
        "ActivityRepository.named",
        ActivityRepository,
        "own_activity",
        lambda r, row, rid: _leak(r.named("A's piano")),
    ),
    Case(
        "ActivityRepository.add",
        ActivityRepository,
        "own_activity",
        lambda r, row, rid: r.add(row),
        refused=LookupError,
    ),
]


def routine_cases() -> list[Case]:
    """get/page/keyset_page/count/add/delete of each entity's declared repository (kit's
    EntityRepository), against A's row of that entity."""
    cases = []
    for entity in registry.entities().values():
        if entity.repository is None:
            continue
        repo = load(entity.repository)
        cases += [
            Case(
                f"{repo.__name__}.get", repo, entity.name, lambda r, row, rid: r.get(rid) and "LEAK"
            ),
            Case(
                f"{repo.__name__}.page",
                repo,
                entity.name,
                lambda r, row, rid: rid in _ids(r.page(limit=1000)) and "LEAK",
            ),
            Case(
                f"{repo.__name__}.keyset_page",
                repo,
                entity.name,
                lambda r, row, rid: rid in _ids(r.keyset_page(limit=1000)[0]) and "LEAK",
            ),
            Case(
                f"{repo.__name__}.count",
                repo,
                entity.name,
                # B has none of these rows: any count is A's.
                lambda r, row, rid: r.count() and "LEAK",
            ),
            Case(
                f"{repo.__name__}.add",
                repo,
                entity.name,
                lambda r, row, rid: r.add(row),
                refused=LookupError,
            ),
            Case(
                f"{repo.__name__}.delete",
                repo,
                entity.name,
                lambda r, row, rid: r.delete(row),
                refused=LookupError,
            ),
        ]
    return cases


CASES += routine_cases()


def test_every_entity_repository_is_declared_by_its_entity():
    """Routine rows come from the declarations: an EntityRepository that no entity
    names would have none."""
    declared = {load(e.repository) for e in registry.entities().values() if e.repository}
    found = {
        cls
        for cls in repository_classes()
        if issubclass(cls, EntityRepository) and cls is not EntityRepository
    }
    assert found == declared


def repository_classes() -> set[type]:
    found = set()
    for info in pkgutil.walk_packages(dashboard_tui.__path__, "dashboard_tui."):
        if ".ui" in info.name or info.name.endswith((".app", ".cli", "__main__")):
            continue  # screens hold no repositories
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, ScopedRepository) and cls.__module__ == module.__name__:
                found.add(cls)
    return found


def scoped_repository_methods() -> set[str]:
    """Every public method of every scoped repository, routine ones included."""
    found = set()
    for cls in repository_classes():
        if cls in (ScopedRepository, EntityRepository, SharedCatalogRepository):
            continue
        for name, _ in inspect.getmembers(cls, inspect.isfunction):
            if not name.startswith("_"):
                found.add(f"{cls.__name__}.{name}")
    return found


def test_every_repository_method_is_in_the_matrix():
    missing = scoped_repository_methods() - {c.method for c in CASES}
    assert not missing, f"add two-user cases for: {sorted(missing)}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.method)
def test_user_b_cannot_reach_user_a_rows(case, db, make_user):
    a, b = make_user("Ana"), make_user("Ben")
    model, find = SEEDS[case.seed]
    with db.transaction(read_only=True) as s:
        target = find(s, a)
        before = {c.key: getattr(s.get(model, target), c.key) for c in model.__table__.columns}

    with db.transaction(user_id=b.user.id) as s:
        stray = s.get(model, target)  # as if a bug handed B's code A's row
        repo = case.repo(s, b.scope)
        if case.refused:
            with pytest.raises(case.refused):
                case.attempt(repo, stray, target)
        else:
            assert case.attempt(repo, stray, target) != "LEAK"

    with db.transaction(read_only=True) as s:
        row = s.get(model, target)
        assert row is not None, "B deleted A's row"
        assert {c.key: getattr(row, c.key) for c in model.__table__.columns} == before
