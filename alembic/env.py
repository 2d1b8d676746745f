"""Alembic environment: migrations run on the connection Pilothouse resolves."""

from __future__ import annotations

from alembic import context
from shared.db.schema import metadata

config = context.config


def _conninfo() -> str:
    conninfo = config.attributes.get("conninfo")
    if conninfo:
        return str(conninfo)
    from shared.config.settings import get_settings  # noqa: PLC0415
    from shared.db.database import resolve_database  # noqa: PLC0415

    return resolve_database(get_settings()).url


def run_migrations_online() -> None:
    from shared.db.migrations import engine_for  # noqa: PLC0415

    connectable = config.attributes.get("connection")
    if connectable is not None:
        context.configure(connection=connectable, target_metadata=metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_for(_conninfo())
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_migrations_online()
