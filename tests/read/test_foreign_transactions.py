"""Guarantee 2, last clause: nothing outside our writers delays the feed. A write
transaction left open in another database of the same server, or in ours by another
role, must not hold back delivery: events written by the orchestrator's own journal
writer reach a WebSocket subscriber while it stays open.

Each test first checks that the open transaction really holds back the server's
snapshot xmin, which is what the feed's first design waited for (DESIGN.md,
2026-11-30): so each would fail on that design, and passes only because the feed's
order is owned by our writers."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator

import psycopg
from psycopg import AsyncConnection, sql

from services.orchestrator.db.agent_log import Journal
from services.orchestrator.db.log_rows import AgentScope
from services.orchestrator.db.unit_of_work import Store
from shared.contract.enums import EventKind
from shared.contract.events import TextEvent
from shared.contract.payloads import TextPayload
from shared.db.database import with_dbname
from tests.support import writers
from tests.support.databases import TestDatabase, scratch_database
from tests.support.feed_client import feed_client
from tests.support.read_service import Conn, RunningRead

LINES = 50
WITHIN = 30.0
"""Generous for a loaded machine; on the first design they never arrived at all."""


@contextlib.asynccontextmanager
async def open_write_transaction(url: str) -> AsyncIterator[int]:
    """`BEGIN; SELECT txid_current();` on `url`, held open for the block; yields its xid."""
    async with await AsyncConnection.connect(url) as conn:
        cursor = await conn.execute("SELECT txid_current()")
        row = await cursor.fetchone()
        assert row is not None
        yield int(row[0])
        await conn.rollback()


async def holds_back_xmin(conn: Conn, xid: int) -> bool:
    """True while transaction `xid` is the kind the first design waited for: open, and at
    or below the server's snapshot xmin."""
    cursor = await conn.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
    row = await cursor.fetchone()
    assert row is not None
    return int(row[0]) <= xid


async def journal_writes_reach_a_subscriber(
    database: TestDatabase, read: RunningRead, writer: Conn
) -> None:
    """The orchestrator's journal writes LINES entries of a running agent; a subscriber of
    the session gets every one of them, in order, within WITHIN seconds."""
    session, agent = await writers.new_session(writer)
    topic = f"session:{session.id}"
    async with feed_client(read.url) as client:
        await client.subscribe(topic, after="0")
        await client.wait_subscribed(topic)
        store = Store(database.url, max_size=2)
        await store.open()
        try:
            log = Journal(store, max_rows=10).for_agent(
                AgentScope(session.project_id, session.id, agent.id)
            )
            for number in range(LINES):
                await log.append(EventKind.TEXT, TextPayload(text=f"line {number}"))
            await log.close()
        finally:
            await store.close()
        truth = await writers.positions(writer, "session_id = %s", (session.id,))
        await client.wait_tokens(topic, len(truth), within=WITHIN)
        assert client.tokens(topic) == truth
        texts = [e.payload.text for e in client.events[topic] if isinstance(e, TextEvent)]
        assert texts == [f"line {number}" for number in range(LINES)]


async def test_a_transaction_open_in_another_database_does_not_hold_the_feed(
    pg_server: str, database: TestDatabase, read: RunningRead, writer: Conn
) -> None:
    with scratch_database(pg_server, "ph_other_app") as other_app:
        async with open_write_transaction(other_app) as xid:
            assert await holds_back_xmin(writer, xid)
            await journal_writes_reach_a_subscriber(database, read, writer)
            assert await holds_back_xmin(writer, xid), "it stayed open throughout"


async def test_a_transaction_of_another_role_in_our_database_does_not_hold_the_feed(
    database: TestDatabase, read: RunningRead, writer: Conn
) -> None:
    role = f"ph_other_role_{secrets.token_hex(4)}"
    with psycopg.connect(database.url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
    try:
        params = psycopg.conninfo.conninfo_to_dict(with_dbname(database.url, database.name))
        params["user"] = role
        params.pop("password", None)
        async with open_write_transaction(psycopg.conninfo.make_conninfo(**params)) as xid:  # type: ignore[arg-type]
            assert await holds_back_xmin(writer, xid)
            await journal_writes_reach_a_subscriber(database, read, writer)
            assert await holds_back_xmin(writer, xid), "it stayed open throughout"
    finally:
        with psycopg.connect(database.url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
