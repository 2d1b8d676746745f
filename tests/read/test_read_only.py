"""Guarantee 1 from the read service's side: whatever it connects with cannot write."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from services.read.app import create_app
from services.read.db.pool import WritableRole
from services.read.feed.tailer import APPLICATION_NAME
from shared.config.settings import Settings
from tests.support.databases import TestDatabase
from tests.support.read_service import RunningRead


async def test_the_service_pool_cannot_write(read: RunningRead, settings: Settings) -> None:
    async with read.state.pool.connection() as conn:
        cursor = await conn.execute("SELECT current_user")
        assert await cursor.fetchone() == (settings.read_role,)
        with pytest.raises(errors.ReadOnlySqlTransaction):
            await conn.execute("INSERT INTO projects (slug, name, path) VALUES ('x', 'x', '/')")
        # Even with read-only transactions switched off, the role has no write privilege.
        await conn.execute("SET default_transaction_read_only = off")
        with pytest.raises(errors.InsufficientPrivilege):
            await conn.execute("INSERT INTO projects (slug, name, path) VALUES ('x', 'x', '/')")
        with pytest.raises(errors.InsufficientPrivilege):
            await conn.execute("DELETE FROM events")
        await conn.execute("RESET default_transaction_read_only")


async def test_the_feed_listener_is_the_reader_role_too(
    read: RunningRead, database: TestDatabase, settings: Settings
) -> None:
    with psycopg.connect(database.url, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = %s"
            " AND application_name LIKE 'pilothouse-read%%'",
            (database.name,),
        ).fetchall()
    assert rows == [(settings.read_role,)]
    assert APPLICATION_NAME.startswith("pilothouse-read")


async def test_the_service_refuses_to_start_with_a_role_that_can_write(
    database: TestDatabase, settings: Settings
) -> None:
    app = create_app(settings, reader_url=database.url, webui_dir=None)
    with pytest.raises(ExceptionGroup) as failed:
        async with app.lifespan():
            pass
    assert failed.group_contains(WritableRole, match="read-only role")
