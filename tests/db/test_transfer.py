"""Export one person's data as a JSON document and import it elsewhere, on both engines
and across them: the same data comes back, the audit chain still verifies, and a bad
file changes nothing. Through the CLI (`main([...])` in-process) and the service."""

from __future__ import annotations

import io
import json
import shutil
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from dashboard_tui.account.auth import AuthService, hash_token
from dashboard_tui.cli import main
from dashboard_tui.config import Settings
from dashboard_tui.data import transfer
from dashboard_tui.data.transfer import (
    NEVER_EXPORTED,
    BadExportFile,
    ImportConflict,
    TransferError,
    TransferService,
    exported_tables,
)
from dashboard_tui.db import audit_chain, migrate
from dashboard_tui.db.catalog_seed import CATALOG, seed_id
from dashboard_tui.db.uow import Database
from dashboard_tui.models import all_metadata
from dashboard_tui.models.auth import ApiKey, User, VerificationToken
from dashboard_tui.models.family import Event, FamilyMember, Reminder, TimeLog
from dashboard_tui.models.finance import (
    Budget,
    CreditCard,
    ExchangeRate,
    FinancialAccount,
    ImportProfile,
    Investment,
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
from dashboard_tui.models.nutrition import (
    FoodItem,
    Meal,
    MealTemplate,
    MealTemplateItem,
    NutritionGoal,
)
from dashboard_tui.models.shared import AiCredential, AuditLog, CatalogItem, Notification
from tests.conftest import PASSWORD, TEST_CLIENT, fresh_url

T0 = datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)


def shipped(kind: str) -> uuid.UUID:
    item = next(c for c in CATALOG if c["kind"] == kind)
    return seed_id(kind, str(item["name"]))


def seed_everything(db: Database, user_id: uuid.UUID) -> dict[str, uuid.UUID]:
    """A row in every table an export carries (and in the ones it never carries), with
    values off the defaults: unicode, NULLs, JSON, microseconds, big and negative ints."""
    ids: dict[str, uuid.UUID] = {}

    def work(s) -> None:
        def add(row):
            s.add(row)
            s.flush()
            return row

        u = user_id
        own_ex = add(
            CatalogItem(
                user_id=u,
                kind="exercise",
                name="Zoë's 🏋️ press",
                muscle_group="chest",
                equipment="band",
                mode="strength",
                attributes={"aliases": ["zp", "ß"], "nested": {"n": 1, "ok": True}},
                created_at=T0,
                updated_at=T0,
            )
        )
        own_food = add(
            CatalogItem(
                user_id=u,
                kind="food",
                name="Grandma's stew",
                kcal_per_100g=123,
                protein_mg_per_100g=4567,
                carbs_mg_per_100g=0,
                fat_mg_per_100g=891,
                fibre_mg_per_100g=None,
                search_key=" grandma s stew ",
                default_unit="bowl",
            )
        )
        add(
            FoodPortion(
                user_id=u, food_id=own_food.id, name="bowl", label="1 bowl", centigrams=35050
            )
        )
        category = add(CatalogItem(user_id=u, kind="expense_category", name="Climbing"))
        add(
            Notification(
                user_id=u, kind="warn", title="‘quotes’", body="line1\nline2\tand a tab", read_at=T0
            )
        )
        add(AiCredential(user_id=u, provider="x", label="mine", keyring_ref="dashboard/ai/1"))
        tpl = add(WorkoutTemplate(user_id=u, name="Push", notes="heavy"))
        add(
            WorkoutTemplateExercise(
                user_id=u,
                template_id=tpl.id,
                catalog_item_id=shipped("exercise"),
                position=2,
                target_sets=5,
                target_reps=3,
                target_weight_g=102_500,
            )
        )
        workout = add(
            Workout(
                user_id=u,
                name="Monday",
                date=date(2026, 3, 2),
                started_at=T0,
                ended_at=T0 + timedelta(hours=1, microseconds=7),
                duration_s=3601,
                template_id=tpl.id,
            )
        )
        ex = add(Exercise(user_id=u, workout_id=workout.id, catalog_item_id=own_ex.id, position=1))
        ex2 = add(Exercise(user_id=u, workout_id=workout.id, catalog_item_id=shipped("exercise")))
        st = add(
            ExerciseSet(
                user_id=u,
                exercise_id=ex.id,
                position=0,
                set_type="warmup",
                weight_g=60_000,
                reps=8,
                rpe_x10=65,
                rir=3,
                completed_at=T0,
            )
        )
        add(ExerciseSet(user_id=u, exercise_id=ex2.id, weight_g=None, reps=12, set_type="failure"))
        add(GymImportName(user_id=u, name_key="zercher squat", catalog_item_id=own_ex.id))
        add(
            WorkoutProgress(
                user_id=u,
                catalog_item_id=own_ex.id,
                kind="e1rm",
                value=75_123,
                reps=None,
                achieved_on=date(2026, 3, 2),
                set_id=st.id,
            )
        )
        add(
            CardioSession(
                user_id=u,
                date=date(2026, 3, 3),
                activity_id=shipped("activity_type"),
                activity_name="Run",
                duration_s=1800,
                distance_m=5012,
                avg_hr=151,
            )
        )
        checking = add(
            FinancialAccount(
                user_id=u,
                name="Checking",
                kind="checking",
                currency="USD",
                opening_balance_minor=-12_345,
            )
        )
        card = add(FinancialAccount(user_id=u, name="Card", kind="credit_card", archived=True))
        add(
            CreditCard(
                user_id=u, account_id=card.id, limit_minor=500_000, statement_day=31, due_day=1
            )
        )
        add(
            ScheduledTransaction(
                user_id=u,
                account_id=checking.id,
                transfer_account_id=card.id,
                payee="Card payment",
                amount_minor=-25_000,
                rrule="FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1",
                dtstart=date(2026, 1, 31),
                next_due=date(2026, 3, 31),
            )
        )
        transfer_id = uuid.uuid4()
        add(
            Transaction(
                user_id=u,
                account_id=checking.id,
                date=date(2026, 2, 28),
                amount_minor=-9_007_199_254_740_993,  # beyond a double's exact range
                currency="USD",
                category_id=category.id,
                payee="Café ☕",
                memo="",
                transfer_id=transfer_id,
                status="reconciled",
                import_fingerprint="f" * 64,
            )
        )
        add(
            Transaction(
                user_id=u,
                account_id=card.id,
                date=date(2026, 2, 28),
                amount_minor=4200,
                category_id=shipped("expense_category"),
                transfer_id=transfer_id,
            )
        )
        split = add(
            Transaction(
                user_id=u,
                account_id=checking.id,
                date=date(2026, 3, 1),
                amount_minor=-5000,
                currency="USD",
                payee="Market",
                tags="food weekly",
            )
        )
        for i, (item, minor) in enumerate(
            ((category.id, -3000), (shipped("expense_category"), -2000))
        ):
            add(
                TransactionSplit(
                    user_id=u,
                    transaction_id=split.id,
                    position=i,
                    category_id=item,
                    amount_minor=minor,
                    memo=f"part {i}",
                )
            )
        add(
            Budget(
                user_id=u,
                category_id=category.id,
                month=date(2026, 3, 1),
                amount_minor=20_000,
                currency="USD",
            )
        )
        add(
            Investment(
                user_id=u,
                account_id=checking.id,
                symbol="VWCE",
                units_micro=1_234_567,
                cost_basis_minor=99_999,
                price_minor=None,
                price_at=None,
            )
        )
        add(
            InvestmentLot(
                user_id=u,
                account_id=checking.id,
                symbol="VWCE",
                kind="buy",
                date=date(2026, 3, 2),
                units_micro=2_500_000,
                price_minor=10_250,
                fees_minor=150,
            )
        )
        add(
            InvestmentPrice(
                user_id=u, symbol="VWCE", currency="USD", date=date(2026, 3, 3), price_minor=11_000
            )
        )
        add(
            ImportProfile(
                user_id=u,
                name="Bank ünïcode",
                mapping={"delimiter": ";", "skip_rows": 2, "newest_first": None},
            )
        )
        add(PayeeRule(user_id=u, position=0, contains="Café", category_id=category.id))
        add(
            ExchangeRate(
                user_id=u,
                from_currency="JPY",
                to_currency="USD",
                rate_num=67,
                rate_den=10_000,
                date=date(2026, 3, 2),
            )
        )
        meal = add(Meal(user_id=u, date=date(2026, 3, 4), kind="lunch", name="Lunch"))
        add(
            FoodItem(
                user_id=u,
                meal_id=meal.id,
                catalog_item_id=shipped("food"),
                name="Oats",
                grams=80,
                kcal=300,
                protein_mg=10_000,
                carbs_mg=54_000,
                fat_mg=5_000,
            )
        )
        add(
            FoodItem(
                user_id=u,
                meal_id=meal.id,
                catalog_item_id=own_food.id,
                name="Stew",
                grams=250,
                kcal=307,
                protein_mg=11_417,
                carbs_mg=0,
                fat_mg=2_227,
            )
        )
        add(
            NutritionGoal(
                user_id=u, effective_from=date(2026, 1, 1), kcal=2500, protein_mg=None, fat_mg=1
            )
        )
        mtpl = add(MealTemplate(user_id=u, name="Breakfast", kind="breakfast"))
        add(
            MealTemplateItem(
                user_id=u, template_id=mtpl.id, catalog_item_id=None, name="Coffee", grams=200
            )
        )
        kid = add(
            FamilyMember(
                user_id=u, name="Lía", relation="daughter", birthday=date(2019, 2, 28), color="red"
            )
        )
        event = add(
            Event(
                user_id=u,
                member_id=kid.id,
                type_id=shipped("event_type"),
                title="Swimming",
                starts_at=T0,
                ends_at=None,
                all_day=False,
                timezone="Europe/Madrid",
                rrule="FREQ=WEEKLY;BYDAY=WE",
                exdates=["2026-03-11T09:00:00+01:00"],
            )
        )
        # One occurrence moved: a row of its own pointing at its series, with the
        # id starting with four zero bytes (one per person), so an export ordered by
        # id alone would list it before its series.
        add(
            Event(
                id=uuid.UUID(int=u.int >> 32),
                user_id=u,
                member_id=kid.id,
                type_id=shipped("event_type"),
                title="Swimming",
                starts_at=T0 + timedelta(days=15, hours=2),
                ends_at=None,
                all_day=False,
                timezone="Europe/Madrid",
                series_id=event.id,
                recurrence_id="2026-03-18T09:00:00",
            )
        )
        add(Reminder(user_id=u, event_id=event.id, title="Towel", due_at=T0, done_at=T0))
        add(
            TimeLog(
                user_id=u,
                member_id=kid.id,
                activity_id=shipped("activity_type"),
                date=date(2026, 3, 4),
                minutes=45,
            )
        )
        # Never exported: their hashes must not leave the database.
        add(
            VerificationToken(
                user_id=u,
                purpose="email_check",
                token_hash=hash_token(f"secret-token-{u}"),
                expires_at=T0,
            )
        )
        add(
            ApiKey(user_id=u, name="script", prefix="dtui_", key_hash=hash_token(f"secret-key-{u}"))
        )
        audit_chain.record(
            s,
            action="test.seeded",
            at=T0,
            client=TEST_CLIENT,
            user_id=u,
            entity="workout",
            entity_id=workout.id,
            before={"text": "Zoë 🏋️", "n": 1.5, "list": [1, None, "x"]},
            after={"big": 2**60, "empty": {}},
        )
        ids.update(workout=workout.id, exercise=ex.id, checking=checking.id)

    db.run(work, user_id=user_id)
    return ids


# -- helpers -------------------------------------------------------------------------
@pytest.fixture
def cli(passwords, capsys):
    """cli(*argv, url=...) -> (code, out, err), in-process."""

    def call(*argv: str, url: str) -> tuple[int, str, str]:
        code = main([*argv, "--database-url", url], passwords=passwords)
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    return call


def counts(db: Database) -> dict[str, int]:
    """Every table's row count, seen without any user scope (tests connect as a
    superuser or on SQLite, where row-level security does not apply)."""
    with db.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in all_metadata().sorted_tables
        }


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def other_engine(engine_name: str) -> str:
    return "postgresql" if engine_name == "sqlite" else "sqlite"


def second_db(engine_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Another migrated database on the same engine (a copy of the session's template)."""
    if engine_name == "sqlite":
        target = tmp_path / "second.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    server = request.getfixturevalue("pg_server")
    return server.create(template=request.getfixturevalue("pg_template"))


def person_elsewhere(url: str, passwords, clock, name: str = "Ana") -> uuid.UUID:
    """Register and seed a person in another database; returns their id."""
    other = Database.from_url(url)
    try:
        login = AuthService(
            other, Settings(database_url=url), passwords=passwords, clock=clock
        ).register(name, f"{name.lower()}@example.com", PASSWORD, PASSWORD)
        seed_everything(other, login.user.id)
        return login.user.id
    finally:
        other.dispose()


@pytest.fixture
def ana(make_user, db):
    login = make_user("Ana")
    seed_everything(db, login.user.id)
    return login


# -- what an export holds --------------------------------------------------------------
def test_every_table_is_exported_or_deliberately_left_out() -> None:
    """A new table is either carried by exports or named in NEVER_EXPORTED: nobody's
    data silently stays behind when they move."""
    carried = {t.name for t in exported_tables()}
    assert carried.isdisjoint(NEVER_EXPORTED)
    every = set(all_metadata().tables)
    assert every == carried | NEVER_EXPORTED | {"users"}
    with_user_id = {t.name for t in all_metadata().sorted_tables if "user_id" in t.c}
    assert with_user_id - NEVER_EXPORTED == carried - {"audit_heads"}
    # Foreign-key order: a table comes after every table it refers to.
    order = [t.name for t in exported_tables()]
    for i, table in enumerate(exported_tables()):
        for fk in table.foreign_keys:
            parent = fk.column.table.name
            if parent == table.name:  # rows of one table: parents first (transfer._order)
                continue
            if parent in order:
                assert order.index(parent) < i, (table.name, parent)


def test_export_holds_every_area_and_no_secret_tokens(ana, cli, db_url, db, tmp_path) -> None:
    out = tmp_path / "ana.json"
    code, stdout, _ = cli("export", "--user", "ANA@example.com", str(out), url=db_url)
    assert code == 0, stdout
    assert "exported ana@example.com" in stdout and "rows from" in stdout
    doc = load(out)
    assert doc["format"] == "dashboard-tui-export" and doc["version"] == 1
    assert doc["schema_revision"] == migrate.HEAD
    assert datetime.fromisoformat(doc["exported_at"]).tzinfo is not None
    assert doc["user"]["email"] == "ana@example.com"
    assert doc["user"]["id"] == str(ana.user.id)
    assert list(doc["tables"]) == [t.name for t in exported_tables()]
    empty = [name for name, rows in doc["tables"].items() if not rows]
    assert empty == [], f"seed_everything misses {empty}"
    # Values: UUID strings, ISO 8601 UTC, exact ints, JSON as-is, NULLs as null.
    (txn,) = [r for r in doc["tables"]["transactions"] if r["status"] == "reconciled"]
    assert txn["amount_minor"] == -9_007_199_254_740_993
    assert txn["date"] == "2026-02-28" and txn["payee"] == "Café ☕"
    assert uuid.UUID(txn["id"]) and uuid.UUID(txn["account_id"])
    (workout,) = doc["tables"]["workouts"]
    assert workout["started_at"] == "2026-03-04T05:06:07.123456+00:00"
    (own_ex,) = [r for r in doc["tables"]["catalog_items"] if r["kind"] == "exercise"]
    assert own_ex["attributes"] == {"aliases": ["zp", "ß"], "nested": {"n": 1, "ok": True}}
    (inv,) = doc["tables"]["investments"]
    assert inv["price_minor"] is None
    # The credential account keeps its hash (the password works after the move) ...
    (account,) = doc["tables"]["accounts"]
    assert account["provider"] == "credential" and account["password_hash"].startswith("$argon2")
    # ... but no session, token or API key goes anywhere.
    text = out.read_text(encoding="utf-8")
    for name in NEVER_EXPORTED:
        assert f'"{name}"' not in text
    uid = ana.user.id
    assert hash_token(f"secret-token-{uid}") not in text
    assert hash_token(f"secret-key-{uid}") not in text
    with db.transaction(read_only=True) as s:
        token_hashes = s.scalars(select(func.count()).select_from(VerificationToken)).one()
        assert token_hashes == 1  # it exists, it just is not exported
        session_hash = s.scalar(select(all_metadata().tables["sessions"].c.token_hash).limit(1))
    assert session_hash and session_hash not in text
    # Only Ana's own catalog rows, never the shipped catalog.
    assert all(r["user_id"] == str(ana.user.id) for r in doc["tables"]["catalog_items"])
    # The file is private: it holds a password hash.
    assert out.stat().st_mode & 0o077 == 0


def test_export_is_audited_on_the_exporting_database(ana, cli, db_url, db, tmp_path) -> None:
    out = tmp_path / "ana.json"
    assert cli("export", "--user", "ana@example.com", str(out), url=db_url)[0] == 0
    with db.transaction(read_only=True) as s:
        (row,) = s.scalars(select(AuditLog).where(AuditLog.action == "data.exported")).all()
        assert row.user_id == ana.user.id and row.chain == str(ana.user.id)
        assert row.after["rows"] == sum(len(r) for r in load(out)["tables"].values())
        assert audit_chain.verify_chain(s, str(ana.user.id)).ok
    # The document holds the chain as it was before the export was recorded.
    assert row.seq == load(out)["tables"]["audit_heads"][0]["seq"] + 1


def test_export_to_stdout_and_import_from_stdin(
    ana, cli, db_url, engine_name, tmp_path, request, monkeypatch
) -> None:
    code, out, err = cli("export", "--user", "ana@example.com", "-", url=db_url)
    assert code == 0 and "to stdout" in err
    doc = json.loads(out)
    assert doc["user"]["email"] == "ana@example.com"
    target = fresh_url(engine_name, tmp_path, request)
    stdin = io.TextIOWrapper(io.BytesIO(out.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out2, err2 = cli("import", "-", url=target)
    assert code == 0, err2
    assert "imported ana@example.com" in out2
    moved = Database.from_url(target)
    try:
        assert counts(moved)["exercise_sets"] == 2
    finally:
        moved.dispose()


def test_export_never_overwrites_without_force(ana, cli, db_url, tmp_path) -> None:
    out = tmp_path / "ana.json"
    out.write_text("keep me", encoding="utf-8")
    code, _, err = cli("export", "--user", "ana@example.com", str(out), url=db_url)
    assert code == 2 and "exists already" in err and "--force" in err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert cli("export", "--user", "ana@example.com", str(out), "--force", url=db_url)[0] == 0
    assert load(out)["format"] == "dashboard-tui-export"
    assert not list(tmp_path.glob(".*partial"))  # no temporary file left behind


def test_export_of_an_unknown_person(ana, cli, db_url, tmp_path) -> None:
    code, _, err = cli("export", "--user", "nobody@example.com", str(tmp_path / "x"), url=db_url)
    assert code == 1 and "No user with email nobody@example.com" in err
    assert not (tmp_path / "x").exists()


def test_default_export_path_is_in_the_data_folder(ana, cli, db_url, tmp_path) -> None:
    code, out, _ = cli("export", "--user", "ana@example.com", url=db_url)
    assert code == 0
    (made,) = (tmp_path / "data" / "exports").glob("dashboard-export-*.json")
    assert str(made) in out


# -- moving between engines -------------------------------------------------------------
def without(doc: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in keys}


def test_move_to_the_other_engine_gives_back_the_same_data(
    ana, cli, db_url, engine_name, tmp_path, request, passwords, clock
) -> None:
    """Export on one engine, import into an empty database on the other, export again:
    the documents agree (beyond the import's own audit row), the chain verifies, the
    password works."""
    first = tmp_path / "first.json"
    assert cli("export", "--user", "ana@example.com", str(first), url=db_url)[0] == 0
    target = fresh_url(other_engine(engine_name), tmp_path, request)
    code, out, err = cli("import", str(first), url=target)
    assert code == 0, err
    assert "imported ana@example.com" in out and "audit chain verified" in out
    second = tmp_path / "second.json"
    assert cli("export", "--user", "ana@example.com", str(second), url=target)[0] == 0

    a, b = load(first), load(second)
    # Each document says when it was made, in UTC, the second no earlier than the first
    # (the only field that may differ besides the tables below).
    made_a, made_b = (datetime.fromisoformat(d["exported_at"]) for d in (a, b))
    assert made_a.utcoffset() == made_b.utcoffset() == timedelta(0)
    assert made_a <= made_b
    tables_a, tables_b = dict(a["tables"]), dict(b["tables"])
    logs_a, logs_b = tables_a.pop("audit_logs"), tables_b.pop("audit_logs")
    heads_a, heads_b = tables_a.pop("audit_heads"), tables_b.pop("audit_heads")
    assert without(a, "exported_at", "tables") == without(b, "exported_at", "tables")
    assert tables_a == tables_b
    # The moved history is intact, followed by the import's own audit row.
    assert logs_b[: len(logs_a)] == logs_a
    assert [r["action"] for r in logs_b[len(logs_a) :]] == ["data.imported"]
    assert heads_b[0]["seq"] == heads_a[0]["seq"] + 1
    assert heads_b[0]["hash"] == logs_b[-1]["hash"]

    moved = Database.from_url(target)
    try:
        with moved.transaction(read_only=True) as s:
            assert audit_chain.verify_chain(s, str(ana.user.id)).ok
            row = s.scalars(select(AuditLog).where(AuditLog.action == "data.imported")).one()
            assert row.after["rows"] == sum(len(r) for r in a["tables"].values())
            assert row.after["exported_at"] == a["exported_at"]
            st = s.scalars(select(ExerciseSet).where(ExerciseSet.rpe_x10 == 65)).one()
            assert (st.weight_g, st.reps, st.completed_at) == (60_000, 8, T0)
            assert s.get(User, ana.user.id).role == "admin"
        login = AuthService(
            moved, Settings(database_url=target), passwords=passwords, clock=clock
        ).login("ana@example.com", PASSWORD)
        assert login.user.id == ana.user.id
    finally:
        moved.dispose()


def test_import_into_a_shared_database_makes_a_member(
    cli, db_url, db, make_user, engine_name, tmp_path, request, passwords, clock
) -> None:
    """The household's database already has an admin: a file cannot make its person
    another one."""
    make_user("Ben")  # the target's first account, its admin
    source_url = second_db(engine_name, tmp_path, request)
    ana_id = person_elsewhere(source_url, passwords, clock)  # the admin of her own database
    doc = tmp_path / "ana.json"
    assert cli("export", "--user", "ana@example.com", str(doc), url=source_url)[0] == 0
    code, out, err = cli("import", str(doc), url=db_url)
    assert code == 0, err
    assert "is a member here, not admin" in out
    with db.transaction(read_only=True) as s:
        assert s.get(User, ana_id).role == "member"
        row = s.scalars(select(AuditLog).where(AuditLog.action == "data.imported")).one()
        assert (row.after["role"], row.after["role_in_file"]) == ("member", "admin")
        assert audit_chain.verify_chain(s, str(ana_id)).ok
    assert counts(db)["workouts"] == 1


def test_streaming_reader_across_tiny_chunks(
    ana, db, db_url, engine_name, tmp_path, request, monkeypatch
) -> None:
    """The reader never needs the whole file: with 7-character reads every value
    straddles chunk boundaries, and the import still gives back the same rows."""
    doc = tmp_path / "ana.json"
    TransferService(db).export_user("ana@example.com", doc)
    monkeypatch.setattr(transfer, "READ_CHUNK", 7)
    target = Database.from_url(fresh_url(engine_name, tmp_path, request))
    try:
        migrate.upgrade(target)
        result = TransferService(target, client=TEST_CLIENT).import_file(doc)
        assert result.total_rows == sum(len(r) for r in load(doc)["tables"].values())
        before, after = counts(db), counts(target)
        for table in exported_tables():
            if table.name not in {"audit_logs", "catalog_items"}:
                assert after[table.name] == before[table.name], table.name
    finally:
        target.dispose()


# -- bad files change nothing ------------------------------------------------------------
def _mutate(kind: str, doc: dict[str, Any], other: dict[str, Any]) -> dict[str, Any] | str:
    """A bad version of a good document (or raw text). `other` holds ids from the
    target database that the file must not reach."""
    t = doc["tables"]
    if kind == "wrong format":
        doc["format"] = "something-else"
    elif kind == "newer version":
        doc["version"] = 2
    elif kind == "newer schema":
        doc["schema_revision"] = "0999_future"
    elif kind == "row of another person":
        t["workouts"][0]["user_id"] = str(other["user_id"])
    elif kind == "unknown column":
        t["exercise_sets"][0]["evil"] = 1
    elif kind == "bad value":
        t["exercise_sets"][0]["reps"] = "ten"
    elif kind == "naive datetime":
        t["workouts"][0]["started_at"] = "2026-03-04T05:06:07"
    elif kind == "colliding ids":
        # Another person (new id and email) whose rows reuse ids that exist here.
        new_id = str(uuid.uuid4())
        old_id = doc["user"]["id"]
        doc["user"].update(id=new_id, email="someone.else@example.com")
        text = json.dumps(doc).replace(old_id, new_id)
        doc = json.loads(text)
        doc["user"]["id"] = new_id
    elif kind == "reference to another person's row":
        t["exercises"][0]["workout_id"] = str(other["workout_id"])
    elif kind == "tampered audit history":
        logs = [r for r in t["audit_logs"] if r["action"] == "test.seeded"]
        logs[0]["after"] = {"big": 1}
    elif kind == "tables out of order":
        tables = list(t.items())
        names = [n for n, _ in tables]
        i, j = names.index("exercises"), names.index("exercise_sets")
        tables[i], tables[j] = tables[j], tables[i]
        doc["tables"] = dict(tables)
    elif kind == "no tables":
        del doc["tables"]
    elif kind == "truncated":
        text = json.dumps(doc)
        return text[: len(text) // 2]
    elif kind == "not json":
        return "SQLite format 3\x00 nope"
    elif kind == "sessions smuggled in":
        t["sessions"] = []
    # What the app refuses everywhere else is refused on import too, record and field named.
    elif kind == "nested 5,000 deep":
        t["workouts"][0]["notes"] = "@deep@"
        return json.dumps(doc).replace('"@deep@"', "[" * 5000 + "]" * 5000)
    elif kind == "JSON column nested 100 deep":
        deep: Any = 1
        for _ in range(100):
            deep = [deep]
        t["catalog_items"][0]["attributes"] = deep
    elif kind == "escape in a workout name":
        t["workouts"][0]["name"] = "Leg day\x1b[2J"
    elif kind == "bell in a workout's notes":
        t["workouts"][0]["notes"] = "ding\x07"
    elif kind == "bidi override in a template name":
        t["workout_templates"][0]["name"] = "Push\u202egnp.exe"
    elif kind == "escape in a column no service checks yet":
        t["transactions"][0]["payee"] = "\x1b]0;pwned\x07"
    elif kind == "tab in a one-line field":
        t["cardio_sessions"][0]["activity_name"] = "Run\tfast"
    elif kind == "escape in the person's name":
        doc["user"]["name"] = "Ana\x1b[31m"
    elif kind == "reps out of range":
        t["exercise_sets"][0]["reps"] = 5000
    elif kind == "set type alias":
        t["exercise_sets"][0]["set_type"] = "w"
    elif kind == "unknown timezone":
        t["profiles"][0]["timezone"] = "Mars/Olympus"
    else:  # pragma: no cover
        raise AssertionError(kind)
    return doc


BAD = {
    # kind: (exit code, words in the message)
    "truncated": (2, "truncated"),
    "not json": (2, "not a dashboard-tui export"),
    "wrong format": (2, "not a dashboard-tui export"),
    "newer version": (2, "upgrade dashboard-tui"),
    "newer schema": (2, "newer dashboard-tui"),
    "no tables": (2, 'no "tables"'),
    "row of another person": (2, "belongs to someone else"),
    "unknown column": (2, "unknown column(s) 'evil'"),
    "bad value": (2, "expected an integer"),
    "naive datetime": (2, "without a UTC offset"),
    "colliding ids": (1, "collide with rows already in this database"),
    "reference to another person's row": (2, "not this person's own"),
    "tampered audit history": (2, "does not verify"),
    "tables out of order": (2, "keep the export's table order"),
    "sessions smuggled in": (2, "never part of an export"),
    "nested 5,000 deep": (2, "not a dashboard-tui export: its arrays or objects are nested too"),
    "JSON column nested 100 deep": (
        2,
        "catalog_items[0].attributes: nested more than 32 levels deep",
    ),
    "escape in a workout name": (
        2,
        "workouts[0].name: Control or invisible formatting characters are not allowed;",
    ),
    "bell in a workout's notes": (2, "workouts[0].notes: Control or invisible formatting"),
    "bidi override in a template name": (2, "workout_templates[0].name: Control or invisible"),
    "escape in a column no service checks yet": (2, "transactions[0].payee: Control or"),
    "tab in a one-line field": (2, "cardio_sessions[0].activity_name: Control or invisible"),
    "escape in the person's name": (2, "user.name: Control or invisible formatting"),
    "reps out of range": (2, "exercise_sets[0].reps: "),
    "set type alias": (2, "exercise_sets[0].set_type: Choose warm-up, working, drop or failure"),
    "unknown timezone": (2, "profiles[0].timezone: Use an IANA timezone such as Europe/Madrid"),
}


@pytest.fixture
def exported_ana(
    make_user, db, cli, engine_name, tmp_path, request, passwords, clock
) -> tuple[Path, dict[str, Any]]:
    """Ana's document from her own database; this test's database has Ben (and his
    rows, which bad files try to reach)."""
    ben = make_user("Ben")
    ben_ids = seed_everything(db, ben.user.id)
    source_url = second_db(engine_name, tmp_path, request)
    person_elsewhere(source_url, passwords, clock)
    path = tmp_path / "ana.json"
    assert cli("export", "--user", "ana@example.com", str(path), url=source_url)[0] == 0
    return path, {"user_id": ben.user.id, "workout_id": ben_ids["workout"]}


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_files_are_refused_and_change_nothing(
    kind, exported_ana, cli, db_url, db, tmp_path, request
) -> None:
    path, other = exported_ana
    # The reader refuses what nests deeper than the recursion limit lets json decode;
    # in this worker process a hypothesis test may have left the limit raised (it
    # does not restore a limit changed while it ran), so the default is set again.
    recursion_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    request.addfinalizer(lambda: sys.setrecursionlimit(recursion_limit))
    if kind == "colliding ids":  # Ana is here already; the file reuses her rows' ids
        assert cli("import", str(path), url=db_url)[0] == 0
    bad = _mutate(kind, load(path), other)
    bad_path = tmp_path / "bad.json"
    bad_path.write_text(bad if isinstance(bad, str) else json.dumps(bad), encoding="utf-8")
    before = counts(db)
    code, out, err = cli("import", str(bad_path), url=db_url)
    want_code, words = BAD[kind]
    assert (code, out) == (want_code, ""), err
    (line,) = err.strip().splitlines()
    assert line.startswith(f"dashboard-tui: cannot import {bad_path}: ")
    assert words in line and line.endswith("nothing was imported")
    assert counts(db) == before


def test_the_same_file_twice_collides(exported_ana, cli, db_url, db) -> None:
    path, _ = exported_ana
    assert cli("import", str(path), url=db_url)[0] == 0
    before = counts(db)
    code, _, err = cli("import", str(path), url=db_url)
    assert code == 1 and "already has the person" in err
    assert counts(db) == before


def test_a_file_over_the_size_limit_is_refused_before_reading(
    exported_ana, cli, db_url, db, monkeypatch
) -> None:
    path, _ = exported_ana
    monkeypatch.setattr(transfer, "MAX_IMPORT_BYTES", 100)
    before = counts(db)
    code, _, err = cli("import", str(path), url=db_url)
    assert code == 2 and "over the 100 bytes import limit" in err
    assert counts(db) == before


def test_service_errors_are_typed(exported_ana, db, tmp_path) -> None:
    path, _ = exported_ana
    service = TransferService(db, client=TEST_CLIENT)
    service.import_file(path)
    with pytest.raises(ImportConflict):
        service.import_file(path)
    with pytest.raises(BadExportFile, match="over the"):
        service.import_file(path, max_bytes=10)
    with pytest.raises(BadExportFile, match="no such file"):
        service.import_file(tmp_path / "missing.json")


# -- PostgreSQL row-level security: the app role moves its own person ----------------------
def test_export_and_import_are_the_owners(role_db, passwords, clock, tmp_path) -> None:
    """The app role reads a person's rows only through their login (migration 0007),
    so moving a whole account is the owner's task: as the app role both refuse, with
    a hint. As the owner (BYPASSRLS) nothing of another person reaches the file, and a
    file that points at another person's row is refused by the owner keys (0006)."""
    auth = role_db.auth(passwords, clock)
    ana = auth.register("Ana", "ana@example.com", PASSWORD, PASSWORD).login
    ben = auth.register("Ben", "ben@example.com", PASSWORD, PASSWORD).login
    seed_everything(role_db.owner, ana.user.id)
    seed_everything(role_db.owner, ben.user.id)
    doc = tmp_path / "ana.json"
    with pytest.raises(TransferError, match="owner's database URL"):
        TransferService(role_db.app, client=TEST_CLIENT).export_user("ana@example.com", doc)
    assert not doc.exists()
    TransferService(role_db.owner, client=TEST_CLIENT).export_user("ana@example.com", doc)
    assert str(ben.user.id) not in doc.read_text(encoding="utf-8")
    assert len(load(doc)["tables"]["exercise_sets"]) == 2

    setup = role_db.setup
    su_url = setup.server.create(template=setup.template)
    url = make_url(su_url)
    app_url = url.set(username=setup.app).render_as_string(False)
    owner_url = url.set(username=setup.owner).render_as_string(False)
    superuser, app, owner = (Database.from_url(u) for u in (su_url, app_url, owner_url))
    try:
        with pytest.raises(ImportConflict, match="owner's database URL"):
            TransferService(app, client=TEST_CLIENT).import_file(doc)
        cy = AuthService(app, Settings(database_url=app_url), passwords=passwords, clock=clock)
        cy_id = cy.register("Cy", "cy@example.com", PASSWORD, PASSWORD).user.id
        cy_workout = seed_everything(owner, cy_id)["workout"]
        bad = load(doc)
        bad["tables"]["exercises"][0]["workout_id"] = str(cy_workout)
        bad_path = tmp_path / "bad.json"
        bad_path.write_text(json.dumps(bad), encoding="utf-8")
        before = counts(superuser)
        with pytest.raises(BadExportFile, match="not this person's own"):
            TransferService(owner, client=TEST_CLIENT).import_file(bad_path)
        assert counts(superuser) == before

        result = TransferService(owner, client=TEST_CLIENT).import_file(doc)
        assert result.total_rows == sum(len(r) for r in load(doc)["tables"].values())
        with owner.transaction(read_only=True) as s:
            assert audit_chain.verify_chain(s, str(ana.user.id)).ok
            rows = select(func.count()).select_from(ExerciseSet)
            assert s.scalar(rows.where(ExerciseSet.user_id == ana.user.id)) == 2
    finally:
        for db in (superuser, app, owner):
            db.dispose()
        setup.server.drop(url.database)
