"""Reading the database the way a test checks the orchestrator's writes."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"


async def rows(url: str, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    async with await psycopg.AsyncConnection.connect(url, row_factory=dict_row) as conn:
        cursor = await conn.execute(query, params)
        return await cursor.fetchall()


async def one(url: str, query: str, params: tuple[Any, ...] = ()) -> dict[str, Any]:
    found = await rows(url, query, params)
    assert len(found) == 1, found
    return found[0]


async def snapshot(url: str) -> dict[str, tuple[int, str]]:
    """(row count, digest of every row) of every table in the database, as the migrations
    made it (none can be left out by a list kept by hand): equal snapshots mean nothing
    was inserted, updated or deleted."""
    result = {}
    async with await psycopg.AsyncConnection.connect(url) as conn:
        tables = [row[0] for row in await (await conn.execute(_TABLES)).fetchall()]
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))"
                " FROM {} AS t"
            ).format(sql.Identifier(table))
            row = await (await conn.execute(query)).fetchone()
            assert row is not None
            result[table] = (int(row[0]), str(row[1]))
    return result
