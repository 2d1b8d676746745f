"""Reading the database the way a test checks the orchestrator's writes."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

TABLES = ("projects", "sessions", "agents", "events")


async def rows(url: str, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    async with await psycopg.AsyncConnection.connect(url, row_factory=dict_row) as conn:
        cursor = await conn.execute(query, params)
        return await cursor.fetchall()


async def one(url: str, query: str, params: tuple[Any, ...] = ()) -> dict[str, Any]:
    found = await rows(url, query, params)
    assert len(found) == 1, found
    return found[0]


async def snapshot(url: str) -> dict[str, tuple[int, int]]:
    """(row count, highest id) of every table: equal snapshots mean nothing was written."""
    result = {}
    for table in TABLES:
        row = await one(url, f"SELECT count(*) AS n, coalesce(max(id), 0) AS top FROM {table}")
        result[table] = (row["n"], row["top"])
    return result
