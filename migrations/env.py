"""Alembic environment: runs on the app's own engine (pragmas included), batch mode
so SQLite can alter tables, one naming convention for both engines."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from dashboard_tui.db.engine import make_engine
from dashboard_tui.db.migrate import migration_connection
from dashboard_tui.models import all_metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=all_metadata(),
        render_as_batch=True,
        compare_type=True,
        compare_server_default=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=all_metadata(),
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    # Run from Alembic's own command line: the same connection as migrate.py's
    # (SQLite: foreign keys off for table rebuilds, checked before the commit).
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    try:
        with migration_connection(engine) as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
