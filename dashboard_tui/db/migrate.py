"""Schema migrations (Alembic), usable from a source checkout or an installed wheel.

`ensure_current` is on the start-up path: when the database is already at head it
answers with one small query and never imports Alembic."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from dashboard_tui.db.uow import Database, DatabaseUnavailable

# The newest revision in migrations/versions. A test checks it equals Alembic's head.
HEAD = "0020_gym_import"


def script_location() -> Path:
    spec = importlib.util.find_spec("dashboard_tui.migrations")
    if spec is not None and spec.origin:
        return Path(spec.origin).parent
    return Path(__file__).resolve().parents[2] / "migrations"  # pragma: no cover


def alembic_config(db: Database, connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(script_location()))
    cfg.set_main_option(
        "sqlalchemy.url", db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """One transaction for the migrations. On SQLite with foreign keys off, as SQLite's
    own procedure for schema changes asks: a table rebuild (batch mode: copy, DROP,
    rename) would otherwise run the ON DELETE actions of the dropped table's children,
    since DROP TABLE first deletes every row. The pragma cannot change inside a
    transaction, so it is set before it begins; foreign_key_check before the commit
    keeps the guarantee the pragma gave."""
    with engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            with conn.begin():
                yield conn
            return
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                yield conn
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    from alembic.util import CommandError  # the CLI's "migration failed"

                    where = ", ".join(sorted({f"{r[0]} -> {r[2]}" for r in broken}))
                    raise CommandError(
                        f"the migration was rolled back: {len(broken)} row(s) refer to rows "
                        f"that do not exist ({where})"
                    )
        finally:
            try:
                raw.execute("PRAGMA foreign_keys=ON")
            except Exception:
                conn.invalidate()  # never back to the pool without its foreign keys
                raise


def upgrade(db: Database, revision: str = "head") -> None:
    from alembic import command

    with migration_connection(db.engine) as conn:
        command.upgrade(alembic_config(db, conn), revision)


def downgrade(db: Database, revision: str) -> None:
    from alembic import command

    with migration_connection(db.engine) as conn:
        command.downgrade(alembic_config(db, conn), revision)


def head_revision(db: Database) -> str | None:
    """The newest migration's revision (None only if no migration ships)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(db)).get_current_head()


@dataclass(frozen=True)
class SchemaStatus:
    current: str | None
    head: str | None

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def status(db: Database) -> SchemaStatus:
    return SchemaStatus(current_revision(db), head_revision(db))


def ensure_current(db: Database) -> bool:
    """Migrate to head if needed. Returns True when it ran migrations."""
    if current_revision(db) == HEAD:
        return False
    try:
        upgrade(db)
    except DBAPIError as exc:
        # The app role of `db create-roles` may not migrate: say who can.
        if getattr(exc.orig, "sqlstate", None) != "42501":
            raise
        raise DatabaseUnavailable(
            f"the database is not migrated to {HEAD} and this role may not migrate it: "
            "run `dashboard-tui db upgrade` with the owner's URL"
        ) from exc
    return True
