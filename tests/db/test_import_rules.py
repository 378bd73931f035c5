"""The rules an import holds stored rows to (kit/rules.py, each area's `stored_rules`)
draw the same lines as the services: a value at each edge is accepted by both or
refused by both. Both engines (the services' checks run inside a unit of work)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.gym.services import GymService
from dashboard_tui.kit import registry
from dashboard_tui.kit.entity import load
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.kit.parsing import MAX_DISTANCE_M, MAX_DURATION_S, MAX_WEIGHT_G
from dashboard_tui.models import all_metadata
from tests.conftest import TEST_CLIENT

SQUAT = seed_id("exercise", "Back Squat")


def test_every_rule_names_a_real_table_and_its_columns() -> None:
    tables = all_metadata().tables
    named = 0
    for area in registry.areas():
        if not area.stored_rules:
            continue
        for table, rule in load(area.stored_rules).items():
            assert table in tables, (area.name, table)
            assert rule.fields and rule.fields <= set(tables[table].c.keys()), (table, rule.fields)
            named += 1
    assert named >= 9  # the gym's seven tables, users and profiles


def accepted(call: Callable[[], Any]) -> bool:
    try:
        call()
    except ValidationError:
        return False
    return True


def rule(table: str, field: str) -> Callable[[Any], bool]:
    rules = [
        load(a.stored_rules)[table]
        for a in registry.areas()
        if a.stored_rules and table in load(a.stored_rules)
    ]
    return lambda value: all(accepted(lambda r=r: r({field: value})) for r in rules)


@pytest.fixture
def gym(db, clock) -> GymService:
    return GymService(db, clock=clock, client=TEST_CLIENT)


def test_the_gym_rules_draw_the_services_lines(gym, make_user) -> None:
    ana = make_user("Ana")
    workout = gym.workouts.start_workout(ana, date="today").workout
    squat = gym.workouts.add_exercise(ana, workout.id, SQUAT)
    template = gym.templates.create_template(ana, name="Push").template

    def agree(table: str, field: str, values: tuple, service: Callable[[Any], Any]) -> None:
        stored = rule(table, field)
        for value in values:
            assert accepted(lambda v=value: service(v)) == stored(value), (table, field, value)

    log = gym.sets.log_set
    agree("exercise_sets", "reps", (-1, 0, 1, 1000, 1001), lambda v: log(ana, squat.id, reps=v))
    agree("exercise_sets", "rir", (-1, 0, 10, 11), lambda v: log(ana, squat.id, reps=5, rir=v))
    agree(
        "exercise_sets",
        "rpe_x10",
        (5, 10, 15, 83, 85, 100, 105),
        lambda v: log(ana, squat.id, reps=5, rpe=str(Decimal(v) / 10)),
    )
    agree(
        "exercise_sets",
        "weight_g",
        (0, MAX_WEIGHT_G, MAX_WEIGHT_G + 1),
        lambda v: log(ana, squat.id, reps=5, weight=f"{Decimal(v) / 1000}kg"),
    )
    add = gym.templates.add_template_exercise
    agree(
        "workout_template_exercises",
        "target_sets",
        (0, 1, 50, 51),
        lambda v: add(ana, template.id, SQUAT, target_sets=v),
    )
    agree(
        "workout_template_exercises",
        "target_reps",
        (0, 1, 1000, 1001),
        lambda v: add(ana, template.id, SQUAT, target_reps=v),
    )
    cardio = gym.cardio.log_cardio
    agree(
        "cardio_sessions",
        "avg_hr",
        (19, 20, 250, 251),
        lambda v: cardio(ana, duration="30m", activity="Run", avg_hr=v),
    )
    agree(
        "cardio_sessions",
        "duration_s",
        (0, 1, MAX_DURATION_S, MAX_DURATION_S + 1),
        lambda v: cardio(ana, duration=f"{v}s", activity="Run"),
    )
    agree(
        "cardio_sessions",
        "distance_m",
        (0, MAX_DISTANCE_M, MAX_DISTANCE_M + 1),
        lambda v: cardio(ana, duration="30m", activity="Run", distance=f"{v}m"),
    )
    agree(
        "workouts",
        "duration_s",
        (0, MAX_DURATION_S, MAX_DURATION_S + 1),
        lambda v: gym.workouts.edit_workout(ana, workout.id, duration=f"{v}s"),
    )
    for table, field in (("workouts", "name"), ("workout_templates", "name")):
        edit = (
            (lambda v: gym.workouts.edit_workout(ana, workout.id, name=v))
            if table == "workouts"
            else (lambda v: gym.templates.edit_template(ana, template.id, name=v))
        )
        agree(table, field, ("Leg day", "Leg\x1b[2J day", "x" * 120, "x" * 121, "a\u202eb"), edit)
    agree(
        "workouts",
        "notes",
        ("two\nlines\tand a tab", "bell\x07", "x" * 4000, "x" * 4001),
        lambda v: gym.workouts.edit_workout(ana, workout.id, notes=v),
    )
    agree(
        "catalog_items",
        "muscle_group",
        ("chest", "x" * 40, "x" * 41, "chest\x1b"),
        lambda v: gym.catalog.create_exercise(ana, name=f"Press {v!r}", muscle_group=v),
    )


def test_the_account_rules_draw_the_services_lines(auth, profiles, make_user) -> None:
    ana = make_user("Ana")
    settings = dict(weight_unit="kg", currency="EUR", timezone="UTC", theme="nord", week_start=0)
    stored = load("dashboard_tui.account.rules:STORED_RULES")["profiles"]
    for field, value in (
        ("weight_unit", "lb"),
        ("weight_unit", "stone"),
        ("currency", "XXX"),
        ("timezone", "Europe/Madrid"),
        ("timezone", "Mars/Olympus"),
        ("theme", "no-such-theme"),
        ("week_start", 6),
        ("week_start", 7),
    ):
        values = {**settings, field: value}
        assert accepted(lambda v=values: profiles.update(ana, **v)) == accepted(
            lambda v=values: stored(v)
        ), (field, value)
    password = "a long password!"

    def register(name: str, email: str) -> object:
        return auth.register(name, email, password, password)

    names = ("Ben", "Ben\x1b[31m", "x" * 120, "x" * 121)
    for i, name in enumerate(names):
        refused = not accepted(lambda n=name, e=f"ben{i}@example.com": register(n, e))
        assert refused != rule("users", "name")(name), name


def test_the_finance_rules_draw_the_services_lines(db, clock, make_user) -> None:
    from dashboard_tui.finance.services import FinanceService

    fin = FinanceService(db, clock=clock, client=TEST_CLIENT)
    ana = make_user("Ana")
    main = fin.accounts.create_account(ana, name="Main", currency="EUR")
    card = fin.accounts.create_account(ana, name="Card", kind="credit_card", currency="EUR")

    def agree(table: str, field: str, values: tuple, service: Callable[[Any], Any]) -> None:
        stored = rule(table, field)
        for value in values:
            assert accepted(lambda v=value: service(v)) == stored(value), (table, field, value)

    add = fin.transactions.add_transaction
    agree(
        "transactions", "amount_minor", (-1, 0, 1), lambda v: add(ana, account_id=main.id, amount=v)
    )
    agree(
        "transactions",
        "payee",
        ("Lidl", "[b]x[/b]", "x" * 200, "x" * 201, "a\u202eb", "a\x1bb"),
        lambda v: add(ana, account_id=main.id, amount=1, payee=v),
    )
    agree(
        "transactions",
        "memo",
        ("two\nlines", "a\u202eb"),
        lambda v: add(ana, account_id=main.id, amount=1, memo=v),
    )
    agree(
        "transactions",
        "tags",
        ("food weekly", ""),
        lambda v: add(ana, account_id=main.id, amount=1, tags=v),
    )
    agree(
        "financial_accounts",
        "currency",
        ("EUR", "JPY", "XAU", "EURO"),
        lambda v: fin.accounts.create_account(ana, name=f"In {v}", currency=v),
    )
    agree(
        "financial_accounts",
        "kind",
        ("checking", "credit_card", "piggy"),
        lambda v: fin.accounts.create_account(ana, name=f"Kind {v}", kind=v),
    )

    def card_rule(field: str) -> Callable[[Any], Any]:
        def call(value: Any) -> Any:
            days = {"limit": 0, "statement_day": 1, "due_day": 1, field: value}
            return fin.accounts.set_credit_card(ana, card.id, **days)

        return call

    agree("credit_cards", "statement_day", (0, 1, 31, 32), card_rule("statement_day"))
    agree("credit_cards", "due_day", (0, 1, 31, 32), card_rule("due_day"))
