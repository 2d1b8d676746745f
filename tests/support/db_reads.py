"""Reading the database the way a test checks the orchestrator's writes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import psycopg
from psycopg.rows import dict_row

T = TypeVar("T")

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


async def eventually(
    check: Callable[[], Awaitable[T | None]], *, within: float = 60.0, every: float = 0.1
) -> T:
    """Poll `check` until it returns something truthy; fail after `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within} s")
        await asyncio.sleep(every)
