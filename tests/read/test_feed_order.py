"""Guarantee 2 on the happy path that is not easy: concurrent writers whose transactions
overlap and commit in another order than they began, 20 sessions, one subscriber each.
Every subscriber must get exactly the session's rows, each once, in position order.

Each writer works as the orchestrator's unit of work does: its transaction begins and
changes rows early, takes its positions as its last statement, then lingers a little
before COMMIT. That linger is the window in which a feed numbered by anything but the
counter (a sequence, say) would let a later position become visible first, and a reader
skip the earlier one for good."""

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


async def _transaction(
    conn: Conn,
    own: AgentView,
    *,
    work: list[tuple[SessionView, AgentView]],
    rng: random.Random,
    began: asyncio.Event,
    go: asyncio.Event,
) -> None:
    """Begin and change a row of its own at once; write events (taking positions) and
    commit later."""
    await conn.execute("BEGIN")
    await conn.execute("UPDATE agents SET updated_at = now() WHERE id = %s", (own.id,))
    began.set()
    await go.wait()
    await asyncio.sleep(rng.random() / 100)
    for session, agent in rng.sample(work, 3):
        await writers.log_many(conn, session, agent, [f"line {rng.random()}"] * 2)
    await asyncio.sleep(rng.random() / 200)  # positions taken, not yet committed
    await conn.execute("COMMIT")


async def _round(
    conns: list[Conn], work: list[tuple[SessionView, AgentView]], rng: random.Random
) -> None:
    """The writers begin one after another, then all race to finish."""
    go = asyncio.Event()
    tasks = []
    for conn, (_, own) in zip(conns, rng.sample(work, len(conns)), strict=True):
        began = asyncio.Event()
        tasks.append(
            asyncio.create_task(_transaction(conn, own, work=work, rng=rng, began=began, go=go))
        )
        await began.wait()
    go.set()
    await asyncio.gather(*tasks)


async def test_overlapping_writers_reach_each_subscriber_in_feed_order(
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
            await client.subscribe(f"session:{session.id}", after="0")
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

    # The test only proves something if transactions really finished in another order
    # than they began: a row's xmin is the id of the transaction that inserted it.
    cursor = await writer.execute(
        "SELECT xmin::text::bigint FROM events WHERE kind = 'text' ORDER BY position"
    )
    began = [row[0] for row in await cursor.fetchall()]
    assert began != sorted(began)
