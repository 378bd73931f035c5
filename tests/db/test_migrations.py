"""The schema is what the migrations build, and the models agree with it (both engines)."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from dashboard_tui.db import migrate
from dashboard_tui.db.catalog_seed import SHIPPED
from dashboard_tui.db.roles import FUNCTION_TABLES
from dashboard_tui.db.uow import Database
from dashboard_tui.models import all_metadata
from dashboard_tui.nutrition.catalog import shipped_foods
from tests.conftest import fresh_url


@pytest.fixture
def empty_db(engine_name, tmp_path, request):
    database = Database.from_url(fresh_url(engine_name, tmp_path, request))
    yield database
    database.dispose()


def test_one_head_and_the_app_knows_it(empty_db):
    heads = ScriptDirectory.from_config(migrate.alembic_config(empty_db)).get_heads()
    assert heads == [migrate.HEAD]


def test_upgrade_builds_what_the_models_describe(empty_db):
    migrate.upgrade(empty_db)
    with empty_db.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "render_as_batch": True,
                # PostgreSQL's account functions keep two tables of their own (0007)
                "include_name": lambda name, kind, _parent: (
                    not (kind == "table" and name in FUNCTION_TABLES)
                ),
            },
        )
        diff = compare_metadata(ctx, all_metadata())
    assert diff == []
    tables = set(inspect(empty_db.engine).get_table_names()) - {"alembic_version"}
    tables -= set(FUNCTION_TABLES)
    assert tables == set(all_metadata().tables)


def test_catalog_is_seeded_and_downgrade_to_base_leaves_nothing(empty_db):
    migrate.upgrade(empty_db)
    with empty_db.engine.connect() as conn:
        shipped = conn.execute(
            text("SELECT count(*) FROM catalog_items WHERE user_id IS NULL")
        ).scalar()
    assert shipped == len(SHIPPED) + len(shipped_foods())  # 0002's, and 0014's USDA foods
    migrate.downgrade(empty_db, "base")
    assert set(inspect(empty_db.engine).get_table_names()) <= {"alembic_version"}
    assert migrate.current_revision(empty_db) is None
    migrate.upgrade(empty_db)  # and back up again
    assert migrate.status(empty_db).up_to_date


def test_ensure_current_migrates_once_then_is_a_no_op(empty_db):
    assert migrate.ensure_current(empty_db) is True
    assert migrate.ensure_current(empty_db) is False


def test_every_user_owned_table_cascades_from_users(empty_db):
    migrate.upgrade(empty_db)
    insp = inspect(empty_db.engine)
    for table in all_metadata().tables:
        cols = {c["name"] for c in insp.get_columns(table)}
        if "user_id" not in cols:
            continue
        fks = [
            fk for fk in insp.get_foreign_keys(table) if fk["constrained_columns"] == ["user_id"]
        ]
        assert fks, f"{table}.user_id has no foreign key"
        assert fks[0]["referred_table"] == "users"
        assert (fks[0].get("options") or {}).get("ondelete", "").upper() == "CASCADE", table
        indexed = any(ix["column_names"][0] == "user_id" for ix in insp.get_indexes(table)) or any(
            uq["column_names"][0] == "user_id" for uq in insp.get_unique_constraints(table)
        )
        assert indexed, f"{table}.user_id is not the leading column of any index"
