"""The "nothing was written" check of the bad-input tests sees a write to any table."""

from __future__ import annotations

import psycopg
from sqlmodel import SQLModel

from shared.db import schema
from tests.support.databases import TestDatabase
from tests.support.db_reads import snapshot


async def test_the_snapshot_covers_every_table_of_the_schema(database: TestDatabase) -> None:
    assert schema.Project.__tablename__ in SQLModel.metadata.tables
    assert set(SQLModel.metadata.tables) <= set(await snapshot(database.url))


async def test_the_snapshot_sees_an_update_that_keeps_counts_and_ids(
    database: TestDatabase,
) -> None:
    with psycopg.connect(database.url, autocommit=True) as conn:
        conn.execute("INSERT INTO projects (slug, name, path) VALUES ('p', 'P', '/tmp')")
    before = await snapshot(database.url)
    with psycopg.connect(database.url, autocommit=True) as conn:
        conn.execute("UPDATE projects SET name = 'Renamed'")
    assert await snapshot(database.url) != before
