"""Guarantee 2 on the happy path that is not easy: concurrent writers whose transactions
commit out of id order, 20 sessions, one subscriber each. Every subscriber must get
exactly the session's rows, each once, in (xid, id) order."""

from __future__ import annotations

import asyncio
import random
from contextlib import AsyncExitStack
from typing import Any

from psycopg import AsyncConnection

from shared.contract.wire import AgentView, SessionView
from tests.support import writers
from tests.support.databases import TestDatabase
from tests.support.feed_client import FeedClient, feed_client
from tests.support.read_service import Conn, RunningRead

SESSIONS = 20
WRITERS = 4
ROUNDS = 12


async def _round(
    conns: list[Conn], work: list[tuple[SessionView, AgentView]], rng: random.Random
) -> None:
    """All writers open a transaction and append in turns, so their ids interleave, then
    commit in a shuffled order: later ids become visible before earlier ones."""
    for conn in conns:
        await conn.execute("BEGIN")
    for _ in range(2):
        for conn in conns:
            for session, agent in rng.sample(work, 3):
                await writers.log_many(conn, session, agent, [f"line {rng.random()}"] * 2)
    for conn in rng.sample(conns, len(conns)):
        await conn.execute("COMMIT")
        await asyncio.sleep(rng.random() / 200)


async def test_out_of_order_commits_reach_each_subscriber_in_feed_order(
    database: TestDatabase, read: RunningRead, writer: Conn
) -> None:
    project = await writers.create_project(writer)
    work = []
    for _ in range(SESSIONS):
        session = await writers.create_session(writer, project)
        work.append((session, await writers.create_agent(writer, session)))

    async with AsyncExitStack() as stack:
        clients: list[FeedClient] = []
        for session, _ in work:
            client = await stack.enter_async_context(feed_client(read.url))
            await client.subscribe(f"session:{session.id}", after="0-0")
            clients.append(client)
        conns: list[AsyncConnection[tuple[Any, ...]]] = [
            await stack.enter_async_context(
                await AsyncConnection.connect(database.url, autocommit=True)
            )
            for _ in range(WRITERS)
        ]
        rng = random.Random(7)
        for _ in range(ROUNDS):
            await _round(conns, work, rng)

        # A last event per session after everything else: once it has arrived, any
        # duplicate or stray delivery before it would be in the client's list.
        for session, agent in work:
            await writers.log_text(writer, session, agent, "the end")
        for (session, _), client in zip(work, clients, strict=True):
            truth = await writers.positions(writer, "session_id = %s", (session.id,))
            topic = f"session:{session.id}"
            await client.wait_tokens(topic, len(truth))
            assert client.tokens(topic) == truth

    # The test only proves something if commits really were out of id order.
    cursor = await writer.execute("SELECT id FROM events ORDER BY xid, id")
    ids = [row[0] for row in await cursor.fetchall()]
    assert ids != sorted(ids)
