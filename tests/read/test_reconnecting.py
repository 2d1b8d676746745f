"""A dead pooled connection is replaced and the request tried again, not answered 503.

The read service's pooled connections are killed by the database owner while idle
(pg_terminate_backend, as a restart or an administrator would); the next REST requests,
each of which would otherwise meet a dead connection, all answer 200, and the pool holds
new connections afterwards.
"""

from __future__ import annotations

import asyncio
import inspect

import httpx
import psycopg
from litestar.handlers import HTTPRouteHandler

from services.read.db.pool import APPLICATION_NAME, connection_lost
from services.read.routes import API_ROUTES
from services.read.routes.reconnecting import is_reconnecting
from tests.support import writers
from tests.support.databases import TestDatabase
from tests.support.read_service import Conn


async def _pool_pids(writer: Conn, database: TestDatabase) -> set[int]:
    cursor = await writer.execute(
        "SELECT pid FROM pg_stat_activity WHERE application_name = %s AND datname = %s",
        (APPLICATION_NAME, database.name),
    )
    return {row[0] for row in await cursor.fetchall()}


async def _terminate(writer: Conn, pids: set[int]) -> None:
    """End the backends and wait until they are gone (the timeout form waits)."""
    for pid in pids:
        cursor = await writer.execute("SELECT pg_terminate_backend(%s, 10000)", (pid,))
        assert await cursor.fetchone() == (True,)


async def test_dead_pooled_connections_are_replaced_and_the_request_retried(
    database: TestDatabase, http: httpx.AsyncClient, writer: Conn
) -> None:
    session, _agent = await writers.new_session(writer)
    paths = [
        "/api/projects",
        f"/api/sessions/{session.id}",
        "/api/sessions",
        f"/api/sessions/{session.id}/events",
        f"/api/sessions/{session.id}/changes",
        "/api/worktrees",
    ]
    # Several requests at once: the pool opens more connections than its minimum.
    answers = await asyncio.gather(*(http.get(path) for path in paths * 3))
    assert {answer.status_code for answer in answers} == {200}
    killed = await _pool_pids(writer, database)
    assert len(killed) >= 2, killed
    await _terminate(writer, killed)

    for path in paths:
        answer = await http.get(path)
        assert answer.status_code == 200, (path, answer.text)
    health = (await http.get("/api/health")).json()
    assert health["database"] == "ok", health
    alive = await _pool_pids(writer, database)
    assert alive, "the pool holds no connection"
    assert not alive & killed


async def test_a_dead_health_probe_connection_is_replaced_too(
    database: TestDatabase, http: httpx.AsyncClient, writer: Conn
) -> None:
    assert (await http.get("/api/health")).json()["database"] == "ok"
    await _terminate(writer, await _pool_pids(writer, database))
    health = (await http.get("/api/health")).json()
    assert health["database"] == "ok", health


def test_only_a_lost_connection_counts_as_lost() -> None:
    """A query the database refused (cancelled, failing) is not tried again."""
    assert connection_lost(psycopg.OperationalError("server closed the connection"))
    assert connection_lost(psycopg.errors.AdminShutdown())
    assert not connection_lost(psycopg.errors.QueryCanceled())
    assert not connection_lost(psycopg.errors.UndefinedTable())


def test_every_handler_that_reads_is_reconnecting() -> None:
    """The guarantee covers every REST handler that queries (each takes `read`), not only
    the ones above: a handler added without `reconnecting` fails here."""
    readers = [
        handler
        for handler in API_ROUTES
        if isinstance(handler, HTTPRouteHandler)
        and "read" in inspect.signature(handler.fn).parameters
    ]
    assert len(readers) > 10
    not_reconnecting = {path for h in readers if not is_reconnecting(h.fn) for path in h.paths}
    # Health pings through its own reconnecting `_ping` (the test above); config and
    # browse take `read` for its settings and never query.
    assert not_reconnecting == {"/api/health", "/api/config", "/api/browse"}
