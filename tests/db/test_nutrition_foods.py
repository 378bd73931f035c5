"""The food catalog through its service, on both engines: search as you type (any
words, any order, accents and case ignored; own, then recently eaten, then shipped),
own foods (per 100 g or per serving, portions, edit, hide, audited), shipped foods
read-only, one person never finding another's foods or portions, hostile names, and
migration 0014's downgrade removing exactly what it added."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import inspect, select, text

from dashboard_tui.db import migrate
from dashboard_tui.db.catalog_seed import seed_id
from dashboard_tui.db.uow import Database
from dashboard_tui.kit.errors import NotFound, PermissionDenied, ValidationError
from dashboard_tui.models.nutrition import FoodItem, Meal
from dashboard_tui.models.shared import AuditLog
from dashboard_tui.nutrition.amounts import macros_for, parse_amount
from dashboard_tui.nutrition.catalog import food_id, search_key, search_words, shipped_foods
from dashboard_tui.nutrition.services.foods import SHIPPED_READ_ONLY, FoodService
from tests.conftest import TEST_CLIENT, fresh_url

EGG = food_id("01123")
RETIRED = seed_id("food", "Egg, whole, raw")  # a 0002 food: retired by 0014


@pytest.fixture
def foods(db, clock) -> FoodService:
    return FoodService(db, clock=clock, client=TEST_CLIENT)


def audit_actions(db, entity_id: uuid.UUID) -> list[str]:
    with db.transaction(read_only=True) as s:
        rows = s.scalars(
            select(AuditLog).where(AuditLog.entity_id == str(entity_id)).order_by(AuditLog.seq)
        )
        return [r.action for r in rows]


def log_food(db, login, food, day: date, grams: int = 100) -> None:
    """What nutrition-day's logging writes: a meal and an item pointing at the food."""
    with db.transaction(user_id=login.user.id) as s:
        meal = Meal(user_id=login.user.id, date=day, kind="lunch")
        s.add(meal)
        s.flush()
        s.add(
            FoodItem(
                user_id=login.user.id,
                meal_id=meal.id,
                catalog_item_id=food.id,
                name=food.name,
                grams=grams,
                kcal=0,
                protein_mg=0,
                carbs_mg=0,
                fat_mg=0,
            )
        )


def reference_search(words: list[str]) -> list[uuid.UUID]:
    """The shipped foods a search should return, computed from the data file alone:
    each word starts a word of the name; names starting with the first word first,
    then shorter names, then by id (the same rule the repository states)."""
    found = []
    for f in shipped_foods():
        key = search_key(f.name)
        if all(f" {w}" in key for w in words):
            starts = 0 if key.startswith(f" {words[0]}") else 1
            found.append((starts, len(key), str(food_id(f.ndb)).replace("-", ""), food_id(f.ndb)))
    return [row[-1] for row in sorted(found)]


@pytest.mark.parametrize("typed", ["chicken breast", "RAW egg", "beans kid", "oil olive", "ch"])
def test_search_matches_word_starts_in_any_order_like_the_data_file_says(foods, make_user, typed):
    ana = make_user("Ana")
    got = foods.search(ana, typed, limit=50)
    assert got, typed
    assert [f.id for f in got] == reference_search(search_words(typed))[:50]
    assert all(not f.own and f.source_id for f in got)


def test_search_ignores_accents_and_case_and_ranks_own_then_recent_then_shipped(
    db, foods, make_user, clock
):
    ana = make_user("Ana")
    brulee = foods.add_own(ana, name="Crème brûlée", kcal="300", fat="20", carbs="25")
    assert [f.id for f in foods.search(ana, "creme brulee")] == [brulee.id]
    assert [f.id for f in foods.search(ana, "BRÛLÉE crème")] == [brulee.id]
    assert [f.id for f in foods.search(ana, "brul")] == [brulee.id]
    assert foods.search(ana, "creme brulee x") == ()

    eggs = foods.search(ana, "EGG", limit=100)
    assert EGG in [f.id for f in eggs] and all(
        "egg" in search_words(f.name) or any(w.startswith("egg") for w in search_words(f.name))
        for f in eggs
    )

    # a shipped egg eaten recently comes before the other shipped eggs, after own ones
    boiled = foods.get(ana, food_id("01129"))
    log_food(db, ana, boiled, clock().date())
    mine = foods.add_own(ana, name="Egg muffin (mine)", kcal="250")
    ranked = foods.search(ana, "egg", limit=100)
    assert ranked[0].id == mine.id and ranked[1].id == boiled.id
    assert all(not f.own for f in ranked[1:])
    # "" is the recent foods
    assert [f.id for f in foods.search(ana, "  ")] == [boiled.id]


def test_retired_0002_foods_are_kept_but_never_offered(db, foods, make_user):
    ana = make_user("Ana")
    with db.transaction(read_only=True) as s:
        hidden = s.execute(
            text("SELECT hidden, source_id FROM catalog_items WHERE id = :i"),
            {"i": RETIRED.hex if db.engine.dialect.name == "sqlite" else RETIRED},
        ).one()
    assert bool(hidden[0]) is True and hidden[1] is None
    assert foods.get(ana, RETIRED).name == "Egg, whole, raw"  # old meals still read it
    assert RETIRED not in [f.id for f in foods.search(ana, "egg whole raw", limit=100)]


def test_shipped_food_values_and_portions_come_through_exactly(foods, make_user):
    ana = make_user("Ana")
    egg = foods.get(ana, EGG)
    assert (egg.name, egg.source_id, egg.own, egg.default_unit) == (
        "Egg, whole, raw, fresh",
        "01123",
        False,
        "g",
    )
    assert (egg.kcal_per_100g, egg.protein_mg_per_100g, egg.fat_mg_per_100g) == (143, 12580, 9940)
    assert egg.portions[0].name == "cup" and egg.portions[0].grams == Decimal("243.00")
    amount = parse_amount("1 extra large", egg)
    assert amount.grams == Decimal("56.00")
    assert macros_for(egg, amount.grams).kcal == 80  # 143 * 0.56 = 80.08


def test_own_food_per_serving_add_edit_hide_are_audited(db, foods, make_user):
    ana = make_user("Ana")
    bar = foods.add_own(
        ana,
        name="Protein bar",
        per="serving",
        serving_grams="60",
        kcal="210",
        protein="20",
        carbs="22,5",
        fat="7",
        fibre="3",
        portions="bar=60, half=30",
        default_unit="bar",
    )
    assert bar.own and bar.source_id is None and bar.default_unit == "bar"
    # per 100 g from per 60 g, half-even: 210*100/60 = 350; 22.5 g → 37500 mg
    assert (bar.kcal_per_100g, bar.protein_mg_per_100g, bar.carbs_mg_per_100g) == (
        350,
        33333,
        37500,
    )
    assert [(p.name, p.grams) for p in bar.portions] == [
        ("serving", Decimal("60")),
        ("bar", Decimal("60")),
        ("half", Decimal("30")),
    ]
    one = macros_for(bar, parse_amount("1", bar).grams)  # a bare number: 1 bar
    assert (one.kcal, one.protein_mg, one.carbs_mg, one.fat_mg) == (210, 20000, 22500, 7000)
    typed = foods.entered(ana, bar.id)
    assert (typed["per"], typed["serving_grams"], typed["carbs"], typed["portions"]) == (
        "serving",
        "60",
        "22,5",
        "bar=60, half=30",
    )

    edited = foods.edit_own(ana, bar.id, name="Protein bar, choc", kcal="400", protein="30")
    assert edited.kcal_per_100g == 400 and edited.portions == () and edited.default_unit == "g"
    assert foods.search(ana, "choc protein")[0].id == bar.id
    foods.hide_own(ana, bar.id)
    assert foods.search(ana, "protein bar") == ()
    assert foods.get(ana, bar.id).name == "Protein bar, choc"
    assert audit_actions(db, bar.id) == [
        "nutrition.food.created",
        "nutrition.food.edited",
        "nutrition.food.hidden",
    ]
    with db.transaction(read_only=True) as s:
        edit = s.scalars(select(AuditLog).where(AuditLog.action == "nutrition.food.edited")).one()
    assert edit.before["name"] == "Protein bar" and edit.after["name"] == "Protein bar, choc"
    assert edit.before["portions"][1] == {"name": "bar", "grams": "60"}


def test_own_food_input_is_checked_with_messages(foods, make_user):
    ana = make_user("Ana")
    with pytest.raises(ValidationError) as err:
        foods.add_own(ana, name="", kcal="-5", protein="1e3", portions="cup")
    assert set(err.value.errors) == {"name", "kcal", "protein", "portions"}
    with pytest.raises(ValidationError) as err:
        foods.add_own(ana, name="Rock", kcal="100", protein="60", carbs="60")
    assert "exceed" in err.value.errors["protein"]
    with pytest.raises(ValidationError) as err:
        foods.add_own(ana, name="Soup", kcal="40", default_unit="bowl")
    assert "default_unit" in err.value.errors
    with pytest.raises(ValidationError) as err:
        foods.add_own(ana, name="Bar", kcal="200", per="serving")
    assert "serving_grams" in err.value.errors


def test_shipped_foods_are_read_only(foods, make_user):
    ana = make_user("Ana")
    with pytest.raises(PermissionDenied, match="shipped"):
        foods.edit_own(ana, EGG, name="Egg", kcal="1")
    with pytest.raises(PermissionDenied) as err:
        foods.hide_own(ana, EGG)
    assert str(err.value) == SHIPPED_READ_ONLY
    assert foods.get(ana, EGG).kcal_per_100g == 143


def test_another_persons_own_foods_and_portions_are_never_found(db, foods, make_user, clock):
    ana, ben = make_user("Ana"), make_user("Ben")
    secret = foods.add_own(ben, name="Ben's secret stew", kcal="120", portions="bowl=350")
    assert foods.search(ana, "secret stew") == ()
    assert foods.search(ana, "stew", limit=100) and secret.id not in [
        f.id for f in foods.search(ana, "stew", limit=100)
    ]
    with pytest.raises(NotFound):
        foods.get(ana, secret.id)
    with pytest.raises(NotFound):
        foods.edit_own(ana, secret.id, name="mine now", kcal="1")
    with pytest.raises(NotFound):
        foods.hide_own(ana, secret.id)
    # Ben logging a shipped food does not make it Ana's recent food
    log_food(db, ben, foods.get(ben, EGG), clock().date())
    assert foods.recent(ana) == () and foods.frequent(ana) == ()
    assert foods.own_foods(ana) == ()
    assert [p.name for p in foods.get(ben, secret.id).portions] == ["bowl"]
    assert foods.search(ben, "secret")[0].portions[0].grams == Decimal("350")


def test_recent_and_frequent_foods(db, foods, make_user, clock):
    ana = make_user("Ana")
    today = clock().date()
    egg, boiled = foods.get(ana, EGG), foods.get(ana, food_id("01129"))
    oats = foods.search(ana, "oats", limit=1)[0]
    for days in (1, 2, 3):
        log_food(db, ana, oats, today - timedelta(days=days))
    log_food(db, ana, boiled, today - timedelta(days=200))
    log_food(db, ana, boiled, today - timedelta(days=201))
    log_food(db, ana, egg, today)
    assert [f.id for f in foods.recent(ana)] == [egg.id, oats.id, boiled.id]
    assert [f.id for f in foods.frequent(ana)] == [oats.id, egg.id]  # 200 days ago is out
    assert [f.id for f in foods.recent(ana, limit=1)] == [egg.id]
    with pytest.raises(ValidationError):
        foods.recent(ana, limit=0)


@pytest.mark.parametrize(
    "name", ["[b]x[/b]", "[red]alert[/red] \\x1b", "50% off_ \\", "Tofu [link=http://x]y[/link]"]
)
def test_markup_and_escapes_in_names_are_kept_literally(foods, make_user, name):
    ana = make_user("Ana")
    food = foods.add_own(ana, name=name, kcal="100")
    assert foods.get(ana, food.id).name == name
    assert food.id in [f.id for f in foods.search(ana, name)]


@pytest.mark.parametrize("name", ["evil\x1b[31m", "abc\u202edef", "nul\x00", "bell\x07"])
def test_control_and_bidi_characters_in_names_are_refused(foods, make_user, name):
    ana = make_user("Ana")
    with pytest.raises(ValidationError) as err:
        foods.add_own(ana, name=name, kcal="100")
    assert "Control" in err.value.errors["name"]
    # and searching for them finds nothing harmful, just no match or a plain match
    assert all(f.name.isprintable() for f in foods.search(ana, name))


def test_downgrade_of_0014_leaves_the_catalog_as_0013_had_it(engine_name, tmp_path, request):
    def catalog(database: Database) -> tuple[list, list]:
        with database.engine.connect() as conn:
            columns = sorted(c["name"] for c in inspect(conn).get_columns("catalog_items"))
            rows = conn.execute(text("SELECT * FROM catalog_items ORDER BY id")).all()
        return columns, [tuple(r) for r in rows]

    database = Database.from_url(fresh_url(engine_name, tmp_path, request))
    try:
        migrate.upgrade(database, "0013_investments")
        before = catalog(database)
        migrate.upgrade(database)
        assert "food_portions" in inspect(database.engine).get_table_names()
        migrate.downgrade(database, "0013_investments")
        assert catalog(database) == before
        assert "food_portions" not in inspect(database.engine).get_table_names()
    finally:
        database.dispose()
