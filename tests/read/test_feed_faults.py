"""Guarantee 2 under faults: the LISTEN connection killed mid-stream, and the read service
process stopped and started while a client is away. Nothing lost, nothing repeated."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import psycopg

from services.read.feed.tailer import APPLICATION_NAME, TailerTiming
from shared.contract.frames import Subscribed
from shared.contract.payloads import TextPayload
from tests.support import writers
from tests.support.databases import TestDatabase
from tests.support.feed_client import feed_client
from tests.support.read_service import Conn, ReadProcess, RunningRead
from tests.support.waiting import eventually


def _listener_pids(database: TestDatabase) -> list[int]:
    with psycopg.connect(database.url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s AND datname = %s",
            (APPLICATION_NAME, database.name),
        ).fetchall()
    return [row[0] for row in rows]


async def test_killed_listener_connection_loses_nothing(
    database: TestDatabase, read: RunningRead, writer: Conn
) -> None:
    session, agent = await writers.new_session(writer)
    topic = f"session:{session.id}"
    stop = asyncio.Event()
    async with (
        feed_client(read.url) as client,
        await psycopg.AsyncConnection.connect(database.url, autocommit=True) as stream_conn,
    ):
        await client.subscribe(topic, after="0")
        streaming = asyncio.create_task(writers.keep_writing(stream_conn, [(session, agent)], stop))
        await client.wait_tokens(topic, 30)

        [old_pid] = _listener_pids(database)
        with psycopg.connect(database.url, autocommit=True) as admin:
            assert admin.execute("SELECT pg_terminate_backend(%s)", (old_pid,)).fetchone() == (
                True,
            )
        await eventually(
            lambda: _listener_pids(database) not in ([], [old_pid]), what="a new listener"
        )
        seen = len(client.events[topic])
        await client.wait_tokens(topic, seen + 30)
        stop.set()
        await streaming

        await writers.log_text(writer, session, agent, "the end")
        truth = await writers.positions(writer, "session_id = %s", (session.id,))
        await client.wait_tokens(topic, len(truth))
        assert client.tokens(topic) == truth


async def test_client_resumes_with_its_token_across_a_service_restart(
    database: TestDatabase, read_process: ReadProcess, writer: Conn
) -> None:
    session, agent = await writers.new_session(writer)
    topic = f"session:{session.id}"
    await read_process.start()
    stop = asyncio.Event()
    async with await psycopg.AsyncConnection.connect(database.url, autocommit=True) as stream_conn:
        streaming = asyncio.create_task(writers.keep_writing(stream_conn, [(session, agent)], stop))
        async with feed_client(read_process.url) as client:
            await client.subscribe(topic, after="0")
            await client.wait_tokens(topic, 30)
        received = list(client.events[topic])

        # The client is away; the service goes down and comes back while writes go on.
        await read_process.stop()
        down_at = len(await writers.positions(writer))

        async def written_while_down() -> bool:
            return len(await writers.positions(writer)) > down_at

        await eventually(written_while_down, what="writes while the service is down")
        await read_process.start()

        async with feed_client(read_process.url) as client:
            await client.subscribe(topic, after=received[-1].token)
            await client.wait_subscribed(topic)
            stop.set()
            await streaming
            await writers.log_text(writer, session, agent, "the end")
            truth = await writers.positions(writer, "session_id = %s", (session.id,))
            await client.wait_tokens(topic, len(truth) - len(received))
            assert [e.token for e in received] + client.tokens(topic) == truth
            assert len(client.of_type(Subscribed)) == 1


async def _waits_for_a_lock(database: TestDatabase, conn: Conn) -> bool:
    with psycopg.connect(database.url, autocommit=True) as admin:
        row = admin.execute(
            "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s",
            (conn.info.backend_pid,),
        ).fetchone()
    return bool(row and row[0])


async def test_a_writer_that_rolls_back_after_taking_positions_leaves_no_gap(
    database: TestDatabase, start_read: Callable[..., Awaitable[RunningRead]], writer: Conn
) -> None:
    """One writer takes positions and rolls back while the next waits for the counter:
    the next gets the same positions (nothing was handed out for good), commits, and its
    doorbell delivers it at once (the fallback poll is a minute here)."""
    read = await start_read(timing=TailerTiming(poll_interval=60))
    session, agent = await writers.new_session(writer)
    topic = f"session:{session.id}"
    async with feed_client(read.url) as client:
        await client.subscribe(topic, after="0")
        await client.wait_subscribed(topic)
        before = await writers.positions(writer)
        async with await psycopg.AsyncConnection.connect(database.url) as doomed:
            await writers.log_text(doomed, session, agent, "never committed")
            waiting = asyncio.create_task(
                writers.log_text(writer, session, agent, "committed after it")
            )
            while not await _waits_for_a_lock(database, writer):
                assert not waiting.done(), "the second writer did not wait for the counter"
                await asyncio.sleep(0.01)
            await doomed.rollback()
            await waiting
        truth = await writers.positions(writer, "session_id = %s", (session.id,))
        await client.wait_tokens(topic, len(truth), within=20)
        assert client.tokens(topic) == truth
        assert client.events[topic][-1].payload == TextPayload(text="committed after it")
        assert int(truth[-1]) == int(before[-1]) + 1


async def test_events_written_without_a_doorbell_arrive_by_the_fallback_poll(
    database: TestDatabase, start_read: Callable[..., Awaitable[RunningRead]], writer: Conn
) -> None:
    read = await start_read(timing=TailerTiming(poll_interval=0.5))
    session, agent = await writers.new_session(writer)
    topic = f"session:{session.id}"
    async with feed_client(read.url) as client:
        await client.subscribe(topic, after="0")
        await client.wait_subscribed(topic)
        await writer.execute("ALTER TABLE events DISABLE TRIGGER events_doorbell")
        await writers.log_text(writer, session, agent, "silent")
        truth = await writers.positions(writer, "session_id = %s", (session.id,))
        await client.wait_tokens(topic, len(truth))
        assert client.tokens(topic) == truth
